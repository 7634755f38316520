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
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bench import attentes, bibliotheque, charge, import_massif, instantanes, limite_physique, memoire, rattrapage
from bench.attentes import Attentes
from bench.base import base_jetable, version_du_serveur
from bench.charge import Releve
from bench.instantanes import Chargements
from bench.memoire import Empreinte
from bench.profil import profiler
from bench.rattrapage import Projections
from bench.service import service
from bench.tableau import Cible, Ligne
from infrastructure.reglages import reglages_pour

T = TypeVar("T")
UN_MILLION = 1_000_000
MIO = 1024


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


@dataclass
class Mesures:
    """Everything measured, before it becomes rows."""

    pgbench: dict[int, float] = field(default_factory=dict)
    bibliotheque: dict[int, float] = field(default_factory=dict)
    groupee: dict[int, float] = field(default_factory=dict)
    http: dict[int, Releve] = field(default_factory=dict)
    production: dict[int, Releve] = field(default_factory=dict)
    """The same load on the production layout: two API workers, one ``projections run``."""
    attentes: Attentes = field(default_factory=Attentes)
    memoire: Empreinte | None = None
    projections: Projections | None = None
    instantanes: Chargements | None = None
    import_massif: list[Ligne] = field(default_factory=list)


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
        flux = {"flux CAF": import_massif.ecrire_flux(Path(dossier) / "caf.jsonl", nombre, caf=True)}
        return import_massif.mesurer("postgres", reglages_pour(f"{url}?schema=import_massif"), flux, (1, 2))


def lignes_des_references(m: Mesures) -> list[Ligne]:
    lignes = []
    for clients, tps in m.pgbench.items():
        lignes.append(
            Ligne(f"pgbench.{clients}", f"PostgreSQL : INSERT 1 ligne/transaction, {clients} cl.", tps, "tx/s")
        )
    for fils, debit in m.bibliotheque.items():
        lignes.append(
            Ligne(
                f"bibliotheque.{fils}",
                f"eventsourcing seul : 1 évén./save, {fils} fil(s)",
                debit,
                "évén./s",
                m.pgbench[fils],
                f"pgbench.{fils}",
            )
        )
    maxi = max(m.groupee, default=0)
    for fils, debit in m.groupee.items():
        lignes.append(
            Ligne(
                f"groupee.{fils}",
                f"eventsourcing + écriture groupée : 1 évén./save, {fils} fil(s)",
                debit,
                "évén./s",
                m.pgbench[fils],
                f"pgbench.{fils}",
                Cible("≥", 0.50) if fils == maxi else None,
                f"{debit / m.bibliotheque[fils]:.1f} × la bibliothèque seule",
            )
        )
    return lignes


def lignes_de_charge(m: Mesures, releves: dict[int, Releve], cle: str, titre: str) -> list[Ligne]:
    lignes, maxi = [], max(releves, default=0)
    for clients, r in releves.items():
        lignes.append(
            Ligne(
                f"{cle}.{clients}.commandes",
                f"{titre} : commandes, {clients} client(s)",
                r.commandes_par_seconde,
                "cmd/s",
                m.bibliotheque[clients],
                f"bibliotheque.{clients}",
                Cible("≥", 0.60),
                f"{r.commandes} commandes, {r.erreurs} refus, {r.parcours_complets} parcours complets"
                if r.erreurs
                else "",
            )
        )
        for rang in (50, 95, 99):
            cible = Cible("≤", 50, "valeur") if rang == 99 and clients == maxi else None
            lignes.append(Ligne(f"{cle}.{clients}.p{rang}", f"  latence p{rang}", r.centile(rang), "ms", cible=cible))
        cible = Cible("≥", 0.50) if clients == maxi else None
        lignes.append(
            Ligne(
                f"{cle}.{clients}.evenements",
                f"  événements ajoutés, {clients} client(s)",
                r.evenements_par_seconde,
                "évén./s",
                m.pgbench[clients],
                f"pgbench.{clients}",
                cible,
            )
        )
    return lignes


def lignes_http(m: Mesures) -> list[Ligne]:
    """Throughput against the library, latencies, and events appended against pgbench: one API
    process with what the database waited on under its heaviest load, then the production layout."""
    lignes, maxi, a = lignes_de_charge(m, m.http, "http", "HTTP"), max(m.http), m.attentes
    note = f"moyenne sur {a.echantillons} relevés de pg_stat_activity pendant la charge à {maxi} clients"
    lignes.append(
        Ligne("attentes.verrou", "  connexions en attente du verrou des événements", a.verrou, "conn.", note=note)
    )
    lignes.append(
        Ligne("attentes.inactives", "  connexions inactives en transaction", a.inactives_en_transaction, "conn.")
    )
    return lignes + lignes_de_charge(m, m.production, "production", "HTTP, 2 workers + projections run")


def lignes_projections(p: Projections, m: Mesures) -> list[Ligne]:
    """Catch-up per view beside the bare read of the store; reads; rebuilds extrapolated to 1 M."""
    un_fil = min(m.bibliotheque)
    lignes = [
        Ligne(
            "projections.ecriture",
            f"écriture via l'application, 1 fil ({p.parcours} parcours, {p.evenements} évén.)",
            p.ecriture,
            "évén./s",
            m.bibliotheque[un_fil],
            f"bibliotheque.{un_fil}",
        ),
        Ligne("projections.lecture_brute", "lecture + décodage du journal, sans vue", p.lecture_brute, "évén./s"),
    ]
    for nom, debit in p.rattrapage.items():
        lignes.append(
            Ligne(
                f"projections.rattrapage.{nom}",
                f"rattrapage de la vue {nom}",
                debit,
                "évén./s",
                p.lecture_brute,
                "projections.lecture_brute",
                Cible("≥", 10_000, "valeur"),
            )
        )
    note = f"mesurées à {p.parcours} parcours ; cibles de l'issue à 1 M : dossier p99 ≤ 10 ms, page p99 ≤ 20 ms"
    for nom in p.lectures_p50:
        libelle = "page de corbeille (50)" if nom == "corbeilles" else f"lecture {nom}"
        lignes.append(Ligne(f"projections.lecture.{nom}.p50", f"{libelle} p50", p.lectures_p50[nom], "ms"))
        lignes.append(Ligne(f"projections.lecture.{nom}.p99", f"{libelle} p99", p.lectures_p99[nom], "ms", note=note))
        note = ""
    for nom, secondes in p.reconstruction.items():
        lignes.append(
            Ligne(
                f"projections.reconstruction.{nom}",
                f"reconstruction {nom}, extrapolée à 1 M évén.",
                secondes * UN_MILLION / max(1, p.evenements),
                "s",
                cible=Cible("≤", 120, "valeur"),
                note=f"extrapolation linéaire : {secondes:.2f} s mesurées pour {p.evenements} événements",
            )
        )
    return lignes


def lignes_instantanes(c: Chargements) -> list[Ligne]:
    """Each long parcours beside the short one that replays as many events after its last snapshot:
    what the issue asks is that the length of the history costs nothing."""
    courts = [n for n in c.p50_ms if n < 2 * c.intervalle]
    lignes = [
        Ligne(
            f"instantanes.{n}",
            f"chargement d'un parcours de {n} évén. ({n % c.intervalle} après l'instantané), p50",
            c.p50_ms[n],
            "ms",
        )
        for n in courts
    ]
    for longueur in (n for n in c.p50_ms if n not in courts):
        rejoues = longueur % c.intervalle
        court = next(n for n in courts if n % c.intervalle == rejoues)
        lignes.append(
            Ligne(
                f"instantanes.{longueur}",
                f"chargement de {longueur} évén. ({rejoues} après l'instantané), p50",
                c.p50_ms[longueur],
                "ms",
                c.p50_ms[court],
                f"instantanes.{court}",
                Cible("≤", instantanes.RATIO_CIBLE),
            )
        )
    return lignes


def lignes_memoire(e: Empreinte) -> list[Ligne]:
    note = f"{e.requetes} GET /parcours/{{id}} en {e.duree:.0f} s ({e.requetes / e.duree:.0f}/s), {e.erreurs} en erreur"
    return [
        Ligne("memoire.avant", "RSS de l'API avant les lectures", e.avant_ko / MIO, "Mio"),
        Ligne(
            "memoire.apres",
            f"RSS de l'API après {e.requetes} lectures",
            e.apres_ko / MIO,
            "Mio",
            e.avant_ko / MIO,
            "memoire.avant",
            Cible("≤", 1.10),
            note,
        ),
    ]


def lignes(m: Mesures) -> list[Ligne]:
    resultat = [*lignes_des_references(m), *lignes_http(m)]
    if m.projections is not None:
        resultat += lignes_projections(m.projections, m)
    if m.instantanes is not None:
        resultat += lignes_instantanes(m.instantanes)
    if m.memoire is not None:
        resultat += lignes_memoire(m.memoire)
    return resultat + m.import_massif


def details_de_charge(releves: dict[int, Releve]) -> dict[str, object]:
    return {
        str(clients): {
            "commandes": r.commandes,
            "erreurs": r.erreurs,
            "exemples_d_erreur": r.exemples_d_erreur,
            "parcours_complets": r.parcours_complets,
            "evenements": r.evenements,
            "duree_s": r.duree,
        }
        for clients, r in releves.items()
    }


def details(m: Mesures) -> dict[str, object]:
    """What the rows summarise: counts, durations and the first refusals, per measure."""
    return {
        "http": details_de_charge(m.http),
        "production": details_de_charge(m.production),
        "attentes": asdict(m.attentes),
        "projections": None if m.projections is None else asdict(m.projections),
        "instantanes": None if m.instantanes is None else asdict(m.instantanes),
        "memoire": None if m.memoire is None else asdict(m.memoire),
    }


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
