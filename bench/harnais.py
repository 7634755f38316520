"""The harness: every measure of issue 7 with its reference, in one run, as rows of one table.

``executer(options)`` runs them in a throwaway PostgreSQL database and returns the JSON-ready
result; ``python -m bench`` prints it and writes it to a file. References come first (pgbench,
then the library alone), so every ratio compares figures taken minutes apart on the same machine.
"""

import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bench import attentes, bibliotheque, charge, import_massif, instantanes, limite_physique, memoire, rattrapage
from bench.attentes import Attentes
from bench.base import base_jetable, version_du_serveur
from bench.harnais_lignes import Mesures, details, lignes
from bench.profil import profiler
from bench.service import service
from bench.tableau import Ligne
from infrastructure.reglages import reglages_pour

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """Sizes and durations of a run. ``complet()`` and ``rapide()`` are the two presets."""

    postgres: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    niveaux: tuple[int, ...] = (1, 4, 16)
    secondes_pgbench: int = 8
    secondes_bibliotheque: float = 8
    secondes_http: float = 15
    parcours: int = 5_000
    requetes_memoire: int = 100_000
    evenements_longs: int = 1_000
    repetitions_instantanes: int = 300
    lignes_import: int = 20_000
    profil: Path | None = None

    @classmethod
    def rapide(cls, postgres: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> "Options":
        """A smoke run of about a minute: the same measures on small sizes."""
        return cls(
            postgres=postgres,
            secondes_pgbench=2,
            secondes_bibliotheque=2,
            secondes_http=3,
            parcours=500,
            requetes_memoire=2_000,
            repetitions_instantanes=100,
            lignes_import=1_000,
        )


def etape(titre: str, mesure: Callable[[], T]) -> T:
    """Runs one measure, saying on stderr what runs and how long it took (a full run is long)."""
    print(f"… {titre}", file=sys.stderr, flush=True)
    debut = time.perf_counter()
    resultat = mesure()
    print(f"  {time.perf_counter() - debut:.0f} s", file=sys.stderr, flush=True)
    return resultat


@contextmanager
def observer_si(actif: bool, url: str) -> Iterator[Attentes]:
    """Samples what the database's connections wait on, if ``actif`` (under the heaviest load)."""
    with attentes.observer(url) if actif else nullcontext(Attentes()) as observees:
        yield observees


def mesurer_le_service(url: str, options: Options, mesures: Mesures) -> None:
    """The real service: the HTTP mix at each concurrency level, then the memory reads."""
    with tempfile.TemporaryDirectory(prefix="bench-service-") as dossier, service(url, Path(dossier)) as api:
        charge.echauffer(api)
        for clients in options.niveaux:
            le_plus_charge = clients == max(options.niveaux)
            profil = options.profil if le_plus_charge else None
            with observer_si(le_plus_charge, url) as observees, profil_si(api.pid, options, profil):
                mesures.http[clients] = etape(
                    f"HTTP, {clients} client(s), {options.secondes_http:g} s",
                    functools.partial(charge.executer, api, clients, options.secondes_http),
                )
            if le_plus_charge:
                mesures.attentes = observees
        ids = [i for releve in mesures.http.values() for i in releve.parcours_ids]
        mesures.memoire = etape(
            f"mémoire, {options.requetes_memoire} lectures", lambda: memoire.mesurer(api, ids, options.requetes_memoire)
        )
    with tempfile.TemporaryDirectory(prefix="bench-production-") as dossier, service(url, Path(dossier), 2) as api:
        charge.echauffer(api)
        for clients in options.niveaux:
            mesures.production[clients] = etape(
                f"HTTP, 2 workers + projections run, {clients} client(s), {options.secondes_http:g} s",
                functools.partial(charge.executer, api, clients, options.secondes_http),
            )


@contextmanager
def profil_si(pid: int, options: Options, fichier: Path | None) -> Iterator[None]:
    """A py-spy flame graph of the API into ``fichier``, if one is asked for."""
    if fichier is None:
        yield
        return
    with profiler(pid, options.secondes_http, fichier) as message:
        print(f"  {message}", file=sys.stderr)
        yield


def mesurer(options: Options) -> tuple[Mesures, str]:
    """Every measure, in a throwaway database; returns them with the server's version."""
    mesures = Mesures()
    with base_jetable(options.postgres) as url:
        version = version_du_serveur(url)
        mesures.pgbench = etape(
            "limite physique (pgbench)",
            lambda: limite_physique.mesurer_tout(url, options.niveaux, options.secondes_pgbench),
        )
        mesures.bibliotheque = etape(
            "bibliothèque seule (eventsourcing)",
            lambda: bibliotheque.mesurer_tout(url, options.niveaux, options.secondes_bibliotheque),
        )
        mesures.groupee = etape(
            "bibliothèque avec l'écriture groupée de parcours",
            lambda: bibliotheque.mesurer_tout(url, options.niveaux, options.secondes_bibliotheque, groupee=True),
        )
        mesurer_le_service(url, options, mesures)
        mesures.projections = etape(
            f"projections, {options.parcours} parcours", lambda: rattrapage.mesurer(url, options.parcours)
        )
        courts = (instantanes.INTERVALLE, 2 * instantanes.INTERVALLE - 1)
        longueurs = (*courts, options.evenements_longs, options.evenements_longs + instantanes.INTERVALLE - 1)
        mesures.instantanes = etape(
            "instantanés", lambda: instantanes.mesurer(url, longueurs, options.repetitions_instantanes)
        )
        mesures.import_massif = etape(
            f"import massif, {options.lignes_import} lignes", lambda: mesurer_l_import(url, options.lignes_import)
        )
    return mesures, version


def mesurer_l_import(url: str, nombre: int) -> list[Ligne]:
    """``parcours import`` of a CAF flow (1 and 2 worker processes) against ``inscrire`` one by one."""
    with tempfile.TemporaryDirectory() as dossier:
        caf = import_massif.ecrire_flux(Path(dossier) / "caf.jsonl", nombre, caf=True)
        flux = {"flux CAF": [caf] * import_massif.EXECUTIONS}
        return import_massif.mesurer("postgres", reglages_pour(f"{url}?schema=import_massif"), flux, (1, 2))


@dataclass(frozen=True)
class Resultat:
    """The rows to print, and the whole result as JSON."""

    lignes: list[Ligne]
    json: dict[str, object]


def executer(options: Options) -> Resultat:
    """Runs every measure; returns the rows (with ratios and targets) and the JSON with details."""
    debut = datetime.now().astimezone()
    mesures, version = mesurer(options)
    rangees = lignes(mesures)
    json: dict[str, object] = {
        "date": debut.isoformat(timespec="seconds"),
        "duree_s": (datetime.now().astimezone() - debut).total_seconds(),
        "machine": {"processeurs": os.cpu_count(), "postgresql": version, "python": sys.version.split()[0]},
        "options": {**asdict(options), "postgres": "(masqué)", "profil": str(options.profil or "")},
        "lignes": [ligne.en_json() for ligne in rangees],
        "details": details(mesures),
    }
    return Resultat(rangees, json)
