"""The service of the fault bench, run as an operator runs it and killed as a fault would.

``parcours serve --workers 2`` follows the views (``PARCOURS_PROJECTIONS=externes``) that one
``parcours projections run`` applies, on the private cluster's schema ``pannes``, on a free port of
the loopback. Each process gets a session of its own, so that ``kill -9`` of the service reaches
the uvicorn supervisor and every worker it spawned at once (a worker left alive would keep the port).

``surveiller`` is the supervisor an operator would put around them (systemd's ``Restart=always``): a
process that exits while nobody killed it is counted as an unexpected exit, then started again after
a bounded backoff. The bench reports those exits: a process that dies on a database restart is a
fault of the service, even when its supervisor hides it.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.service import ServiceEnEchec, attendre_pret

RACINE = Path(__file__).resolve().parent.parent
SCHEMA = "pannes"
DELAI_DEMARRAGE = 90.0
"""Seconds a (re)started service may take to answer ``/ready`` on a loaded two-core machine."""
ATTENTE_MAXIMALE = 5.0
"""The supervisor's longest backoff between two starts of a process that keeps exiting."""


@dataclass(frozen=True)
class SortieInattendue:
    """A process that exited while nobody had killed it."""

    processus: str
    code: int
    instant: float


@dataclass
class Processus:
    """One command of the service, its log, and the supervisor's memory of it."""

    nom: str
    arguments: tuple[str, ...]
    journal: Path
    popen: "subprocess.Popen[bytes] | None" = None
    relance_a: float = 0.0
    attente: float = 0.25
    pids: list[int] = field(default_factory=list)

    def lancer(self, env: dict[str, str]) -> None:
        with self.journal.open("ab") as sortie:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "cli.main", *self.arguments],
                env=env,
                cwd=RACINE,
                stdin=subprocess.DEVNULL,
                stdout=sortie,
                stderr=sortie,
                start_new_session=True,
            )
        self.pids.append(self.popen.pid)

    @property
    def vivant(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tuer(self) -> None:
        """``kill -9`` of the process and of everything it started (its session's group)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):  # already gone, with its group
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def arreter(self) -> None:
        """SIGTERM to the group (uvicorn and the runner end cleanly), SIGKILL after 15 s."""
        if self.popen is None or self.popen.poll() is not None:
            self.tuer()  # a dead supervisor may have left workers behind: its group goes too
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        self.tuer()


@dataclass
class ServiceSousPannes:
    """The API and its runner on ``url_base`` (the cluster), logs and keys in ``dossier``."""

    url_base: str
    dossier: Path
    port: int
    sorties: list[SortieInattendue] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": f"{self.url_base}?schema={SCHEMA}",
            "PARCOURS_MODE": "developpement",
            "PARCOURS_CLE_DEV": str(self.dossier / "cle-dev.pem"),
            "PARCOURS_CLE_SIGNATURE": str(self.dossier / "cle-signature.pem"),
            "PARCOURS_PROJECTIONS": "externes",
        }
        serve = ("serve", "--hote", "127.0.0.1", "--port", str(self.port), "--workers", "2")
        self.api = Processus("parcours serve", serve, self.dossier / "serve.log")
        self.projections = Processus("parcours projections run", ("projections", "run"), self.dossier / "run.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def cli(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """``parcours <arguments>`` against the cluster, as an operator types it."""
        commande = [sys.executable, "-m", "cli.main", *arguments]
        return subprocess.run(
            commande, env=self.env, cwd=RACINE, capture_output=True, text=True, timeout=300, check=False
        )

    def migrer(self) -> None:
        resultat = self.cli("migrate")
        if resultat.returncode != 0:
            raise ServiceEnEchec(f"parcours migrate a échoué :\n{resultat.stderr[-4000:]}")

    def jeton(self, role: str, sub: str, *options: str) -> dict[str, str]:
        """Authorization headers minted by ``parcours token`` (which also creates the dev key)."""
        resultat = self.cli("token", "--role", role, "--sub", sub, *options)
        if resultat.returncode != 0:
            raise ServiceEnEchec(f"parcours token a échoué :\n{resultat.stderr[-2000:]}")
        return {"Authorization": f"Bearer {resultat.stdout.strip()}"}

    def demarrer(self) -> None:
        """Starts the API and the runner, then waits until the API answers ``/ready``."""
        for processus in (self.api, self.projections):
            processus.lancer(self.env)
        self.attendre_pret()

    def attendre_pret(self) -> None:
        attendre_pret(self.url, self.surveiller, self.fin_des_journaux, DELAI_DEMARRAGE)

    def surveiller(self) -> None:
        """The supervisor's round: a process found dead that nobody killed is counted, then started
        again once its backoff has passed (doubled at each exit, at most ``ATTENTE_MAXIMALE``)."""
        maintenant = time.monotonic()
        for processus in (self.api, self.projections):
            if processus.popen is None or processus.vivant:
                continue
            if processus.relance_a == 0.0:
                code = processus.popen.returncode
                self.sorties.append(SortieInattendue(processus.nom, code, maintenant))
                processus.tuer()  # its workers, if the supervisor alone died
                processus.relance_a = maintenant + processus.attente
                processus.attente = min(processus.attente * 2, ATTENTE_MAXIMALE)
            elif maintenant >= processus.relance_a:
                processus.relance_a = 0.0
                processus.lancer(self.env)

    def workers(self) -> list[int]:
        """The pids of the API workers: the uvicorn supervisor's children spawned by multiprocessing."""
        if self.api.popen is None:
            return []
        parent, trouves = self.api.popen.pid, []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                champs = stat.read_text().rsplit(")", 1)[1].split()
                commande = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue  # the process ended while we read
            if int(champs[1]) == parent and b"spawn_main" in commande:
                trouves.append(int(stat.parent.name))
        return sorted(trouves)

    def tuer_un_worker(self) -> bool:
        """``kill -9`` of one API worker (uvicorn's supervisor starts another); False if none ran."""
        workers = self.workers()
        if not workers:
            return False
        os.kill(workers[0], signal.SIGKILL)
        return True

    def tuer_les_projections(self) -> None:
        self.projections.tuer()
        self.projections.lancer(self.env)

    def tuer_tout(self) -> None:
        """``kill -9`` of the whole service (API supervisor, workers, runner), then a fresh start."""
        for processus in (self.api, self.projections):
            processus.tuer()
        self.demarrer()

    def arreter(self) -> None:
        for processus in (self.api, self.projections):
            processus.arreter()

    def fin_des_journaux(self, lignes: int = 30) -> str:
        textes = []
        for processus in (self.api, self.projections):
            if processus.journal.exists():
                fin = processus.journal.read_text(errors="replace").splitlines()[-lignes:]
                textes.append(f"--- {processus.journal.name} ---\n" + "\n".join(fin))
        return "\n".join(textes)

    def restes(self) -> list[str]:
        """What the stopped service left behind: a process it started still alive, its port still open."""
        restes = [
            f"{processus.nom} {pid} encore en vie"
            for processus in (self.api, self.projections)
            for pid in processus.pids
            if Path(f"/proc/{pid}").exists()  # every process we started was reaped: a pid there still runs
        ]
        with socket.socket() as prise:
            prise.settimeout(1)
            if prise.connect_ex(("127.0.0.1", self.port)) == 0:
                restes.append(f"le port {self.port} écoute encore")
        return restes


def processus_mentionnant(texte: str) -> list[int]:
    """The processes whose command line holds ``texte`` (a cluster's folder)."""
    trouves = []
    for ligne in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if texte.encode() in ligne.read_bytes():
                trouves.append(int(ligne.parent.name))
        except OSError:
            continue  # the process ended while we read
    return trouves
