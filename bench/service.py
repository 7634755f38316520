"""The real service in a subprocess, as it runs in production: ``parcours migrate`` then ``parcours
serve`` on a fresh PostgreSQL schema, in development mode with a temporary token key, so that the
harness drives it over HTTP like any client and reads its memory from outside.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.reglages import Mode, Reglages

RACINE = Path(__file__).resolve().parent.parent
SCHEMA = "service"


class ServiceEnEchec(RuntimeError):
    """The service did not start or answer; the message ends with its log."""


@dataclass(frozen=True)
class Service:
    """A running service: where to call it, which process it is, and the settings to mint tokens."""

    url: str
    pid: int
    reglages: Reglages

    def entetes(self, role: Role, sub: str) -> dict[str, str]:
        """Authorization headers for a France Travail agent of département 75 in ``role``."""
        revendications = Revendications(
            sub=sub, role=role, organisme=Organisme.FRANCE_TRAVAIL, territoire="75", structure="FT-75-012"
        )
        return {"Authorization": f"Bearer {emettre_jeton_dev(self.reglages, revendications)}"}


def rss_ko(pid: int) -> int:
    """Resident set size of a process in KiB (psutil if installed, else /proc/<pid>/status)."""
    try:
        import psutil  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

        return int(psutil.Process(pid).memory_info().rss) // 1024
    except ImportError:
        pass
    for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
        if ligne.startswith("VmRSS:"):
            return int(ligne.split()[1])
    raise ServiceEnEchec(f"VmRSS introuvable pour le processus {pid}")


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        port: int = prise.getsockname()[1]
        return port


def environnement(url_base: str, dossier: Path, schema: str = SCHEMA) -> dict[str, str]:
    """The service's environment: its database schema, development mode, keys in ``dossier``."""
    return {
        **os.environ,
        "DATABASE_URL": f"{url_base}?schema={schema}",
        "PARCOURS_MODE": Mode.DEVELOPPEMENT.value,
        "PARCOURS_CLE_DEV": str(dossier / "cle-dev.pem"),
        "PARCOURS_CLE_SIGNATURE": str(dossier / "cle-signature.pem"),
    }


def attendre(url: str, processus: "subprocess.Popen[bytes]", journal: Path, delai: float = 60) -> None:
    """Until ``/ready`` answers (the store is open), or the process dies, or ``delai`` passes."""

    def surveiller() -> None:
        if processus.poll() is not None:
            raise ServiceEnEchec(f"le service s'est arrêté (code {processus.returncode}) :\n{journal.read_text()}")

    attendre_pret(url, surveiller, lambda: journal.read_text()[-4000:], delai)


def attendre_pret(url: str, surveiller: Callable[[], None], journaux: Callable[[], str], delai: float) -> None:
    """Until ``/ready`` answers 200, or ``surveiller`` raises (a process died), or ``delai`` passes."""
    limite = time.monotonic() + delai
    while time.monotonic() < limite:
        surveiller()
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # a poll of another process's readiness, bounded by ``delai``
    raise ServiceEnEchec(f"le service ne répond pas après {delai:.0f} s :\n{journaux()}")


def arreter(processus: "subprocess.Popen[bytes]") -> None:
    """SIGINT first (uvicorn's graceful shutdown runs the lifespan's end), then kill."""
    if processus.poll() is not None:
        return
    processus.send_signal(signal.SIGINT)
    try:
        processus.wait(timeout=15)
    except subprocess.TimeoutExpired:
        processus.kill()
        processus.wait()


@contextmanager
def service(url_base: str, dossier: Path, workers: int = 1) -> Iterator[Service]:
    """Migrates a fresh schema with ``parcours migrate``, then runs ``parcours serve`` until the end.
    With several ``workers``, the production layout on PostgreSQL: the workers follow the views that
    one ``parcours projections run`` applies (``PARCOURS_PROJECTIONS=externes``)."""
    env = environnement(url_base, dossier, SCHEMA if workers == 1 else f"{SCHEMA}_{workers}_workers")
    commande = [sys.executable, "-m", "cli.main"]
    subprocess.run([*commande, "migrate"], env=env, cwd=RACINE, check=True, capture_output=True)
    reglages = Reglages(database_url=env["DATABASE_URL"], cle_dev=dossier / "cle-dev.pem", mode=Mode.DEVELOPPEMENT)
    emettre_jeton_dev(reglages, Revendications(sub="bench", role=Role.CONSEILLER))  # creates the key before serving
    port = port_libre()
    journal = dossier / "service.log"
    if workers > 1:
        env = {**env, "PARCOURS_PROJECTIONS": "externes"}
    with journal.open("wb") as sortie:

        def lancer(*arguments: str) -> "subprocess.Popen[bytes]":
            return subprocess.Popen(
                [*commande, *arguments], env=env, cwd=RACINE, stdout=subprocess.DEVNULL, stderr=sortie
            )

        processus = [lancer("serve", "--port", str(port), "--workers", str(workers))]
        if workers > 1:
            processus.append(lancer("projections", "run"))
    url = f"http://127.0.0.1:{port}"
    try:
        attendre(url, processus[0], journal)
        yield Service(url=url, pid=processus[0].pid, reglages=reglages)
    finally:
        for un in processus:
            arreter(un)
