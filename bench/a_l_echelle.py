"""Reads at national scale on PostgreSQL: a dossier, a journal, worklist pages and the indicators with
N parcours loaded (issue 7: dossier p99 ≤ 10 ms and worklist page p99 ≤ 20 ms at 1,000,000 parcours).

    .venv/bin/python -m bench.a_l_echelle --parcours 1000000 [--postgres URL] [--sortie FICHIER.json]

The store is filled the way production fills it at that size: the bulk import (``parcours import``,
two worker processes, batches of 200) of a mixed public drawn from the demo population, in five
départements — so every rule of the referential fires: proposals, orientations decided by the
algorithm alone, entretiens to hold (the ``a_orienter`` worklist). Each view first catches up alone
on the store's first 100,000 events (a runner per view, decoding for itself), then the four catch up
from zero side by side (each page decoded once for the four). The reads are then timed on parcours
drawn at random, interleaved: a dossier row, a journal, the first page of a worklist within one
agency's scope (organisme, département) and the pages after it (keyset), and the whole indicators
table, once the tables are analysed (``analyser``). All in a throwaway database, dropped at the end.
About 25 minutes at 1,000,000 parcours on this 2-core machine.
"""

import argparse
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from uuid import UUID

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

from application.parcours import ParcoursApplication
from bench.base import base_jetable
from bench.import_massif import ecrire_flux, mesurer_import
from bench.projections import calculer_indicateurs
from bench.tableau import Cible, Ligne, publier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import VUES
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.vues import stockage_pour
from projections.corbeilles import A_ORIENTER
from projections.projecteur import Lecteur, Projecteur, rattraper_ensemble
from projections.stockage import Perimetre, RequeteListe, VuePostgres, cle_de_liste

SCHEMA = "echelle"
PERIMETRE = Perimetre(organisme="FRANCE_TRAVAIL", departement="93", referent="bench")
"""One agency's scope: France Travail in Seine-Saint-Denis, the demo's second département."""


def centiles(durees: list[float]) -> tuple[float, float]:
    rangs = statistics.quantiles(durees, n=100, method="inclusive")
    return rangs[49], rangs[98]


def chronometre(lire: Callable[[], object]) -> float:
    debut = time.perf_counter()
    lire()
    return (time.perf_counter() - debut) * 1000


def analyser(reglages: Reglages) -> None:
    """ANALYZE the schema's tables, as autovacuum does in production after a bulk load. This server runs
    with ``autovacuum = off``: without statistics the planner took a journal lookup at 1,000,000
    parcours for a scan of a hundred thousand rows, and compiled it (JIT) at every read, 39 ms."""
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        tables = connexion.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (reglages.schema_postgres,)
        ).fetchall()
        for (table,) in tables:
            connexion.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(reglages.schema_postgres, table)))


def tirer(reglages: Reglages, app: ParcoursApplication, nombre: int) -> list[UUID]:
    """``nombre`` parcours drawn at random from the store."""
    table = sql.Identifier(reglages.schema_postgres, f"{app.name}_events")
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        requete = sql.SQL("SELECT originator_id FROM {} WHERE originator_version = 1 ORDER BY random() LIMIT %s")
        return [ligne[0] for ligne in connexion.execute(requete.format(table), (nombre,))]


def pages(projecteur: Projecteur, profondeur: int) -> list[float]:
    """The first page of the worklist, then ``profondeur - 1`` pages after it, each timed."""
    durees, apres = [], None
    for _ in range(profondeur):
        requete = RequeteListe(A_ORIENTER, PERIMETRE, apres=apres, limite=50)
        debut = time.perf_counter()
        entrees = projecteur.stockage.lister(requete)
        durees.append((time.perf_counter() - debut) * 1000)
        if not entrees:
            break
        apres = cle_de_liste(entrees[-1])
    return durees


ECHANTILLON = 100_000
"""Events read from the start of the store by ``decoder`` and by each view in ``rattraper_seule``."""


def decoder(app: ParcoursApplication, nombre: int = ECHANTILLON) -> Ligne:
    """Reading and decoding alone, over the store's first ``nombre`` events: the share of a catch-up
    that the views share and none can save (the bound of ``rattraper`` and ``rattraper_seule``)."""
    lecteur, position = Lecteur(app, pages=0), 0
    lecteur.page(0, 500)  # once untimed: the first decodes of a process warm its caches (as a runner's are)
    debut = time.perf_counter()
    while position < nombre and (page := lecteur.page(position, 500)):
        position = page[-1][0].id
    debit = position / (time.perf_counter() - debut)
    note = f"pages de 500 lues et décodées, sans vue, sur les {position} premiers événements"
    return Ligne("echelle.decodage", "lecture et décodage seuls", debit, "évén./s", note=note)


def rattraper(projecteurs: dict[str, Projecteur], evenements: int, decodage: Ligne) -> Ligne:
    """The four views caught up from zero side by side, each page read and decoded once for all (as
    ``parcours projections run`` does); the rate counts the store's events, beside decoding alone."""
    debut = time.perf_counter()
    lus = rattraper_ensemble(projecteurs.values())
    duree = time.perf_counter() - debut
    note = f"{lus} applications ({evenements} événements × {len(projecteurs)} vues) en {duree:.0f} s"
    debit = evenements / duree
    return Ligne(
        "echelle.rattrapage",
        "rattrapage des vues ensemble",
        debit,
        "évén./s",
        reference=decodage.valeur,
        reference_cle=decodage.cle,
        note=note,
    )


def rattraper_seule(app: ParcoursApplication, decodage: Ligne, nombre: int = ECHANTILLON) -> list[Ligne]:
    """Each view alone over the store's first ``nombre`` events, reading and decoding them itself
    (a runner per view): the issue's target per view, on events with proposals. Into scratch tables
    of the view's shape, dropped after."""
    datastore: PostgresDatastore = app.recorder.datastore  # type: ignore[attr-defined]
    lignes = []
    for vue in VUES:
        stockage = VuePostgres(datastore, f"seule_{vue.nom}", hasattr(vue, "index"))
        stockage.create_table()
        projecteur = Projecteur(app, vue, stockage)
        debut = time.perf_counter()
        while projecteur.position < nombre and projecteur.avancer(500) is not None:
            pass
        lus = projecteur.position
        debit = lus / (time.perf_counter() - debut)
        effacer(datastore, stockage.table)
        lignes.append(
            Ligne(
                f"echelle.seule.{vue.nom}",
                f"rattrapage de la vue {vue.nom} seule",
                debit,
                "évén./s",
                reference=decodage.valeur,
                reference_cle=decodage.cle,
                cible=Cible("≥", 10_000, "valeur"),
                note=f"les {lus} premiers événements, lus et décodés par la vue elle-même",
            )
        )
    return lignes


def effacer(datastore: PostgresDatastore, table: str) -> None:
    """Drops a scratch view's tables."""
    with datastore.transaction(commit=True) as curseur:
        for nom in (table, f"{table}_tracking", f"{table}_entrees", f"{table}_blocage"):
            curseur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(datastore.schema, nom)))


def lire(projecteurs: dict[str, Projecteur], ids: list[UUID], nombre: int) -> list[Ligne]:
    """Dossier and journal reads on random parcours, worklist pages interleaved with them."""
    dossier, journal = projecteurs["dossier"], projecteurs["journal"]
    durees: dict[str, list[float]] = {"dossier": [], "journal": [], "premiere": [], "suivantes": []}
    for parcours_id in map(str, ids):
        durees["dossier"].append(chronometre(functools.partial(dossier.lignes, parcours_id)))
        durees["journal"].append(chronometre(functools.partial(journal.lignes, parcours_id)))
        if len(durees["premiere"]) < len(ids) // 5:
            premiere, *suivantes = pages(projecteurs["corbeilles"], 5)
            durees["premiere"].append(premiere)
            durees["suivantes"] += suivantes
    cibles = {"dossier": 10.0, "premiere": 20.0, "suivantes": 20.0}
    libelles = {
        "dossier": "lecture dossier",
        "journal": "lecture journal",
        "premiere": "page de corbeille (50), première",
        "suivantes": "page de corbeille (50), suivantes",
    }
    lignes = []
    for cle, mesures in durees.items():
        p50, p99 = centiles(mesures)
        lignes.append(Ligne(f"echelle.{cle}.p50", f"{libelles[cle]} p50", p50, "ms"))
        cible = Cible("≤", cibles[cle], "valeur") if cle in cibles else None
        note = f"{len(mesures)} lectures à {nombre} parcours"
        lignes.append(Ligne(f"echelle.{cle}.p99", f"{libelles[cle]} p99", p99, "ms", cible=cible, note=note))
    return lignes


def indicateurs(faits: Projecteur, evenements: int) -> list[Ligne]:
    """The whole table, then one département's (its rows filtered by the store)."""
    toute = chronometre(lambda: calculer_indicateurs(faits))
    note = f"lues et calculées en Python à la lecture ; {evenements} événements dans le magasin"
    departement = chronometre(lambda: calculer_indicateurs(faits, PERIMETRE.departement))
    return [
        Ligne("echelle.indicateurs", "indicateurs (table complète)", toute, "ms", note=note),
        Ligne(
            f"echelle.indicateurs.{PERIMETRE.departement}",
            f"indicateurs d'un département ({PERIMETRE.departement})",
            departement,
            "ms",
        ),
    ]


def mesurer(url: str, nombre: int, lectures: int) -> list[Ligne]:
    reglages = reglages_pour(f"{url}?schema={SCHEMA}")
    migrer(reglages)
    with tempfile.TemporaryDirectory() as dossier:
        flux = ecrire_flux(Path(dossier) / "mixte.jsonl", nombre)
        debit = mesurer_import(reglages, flux, 2)
    lignes = [Ligne("echelle.import", f"import de {nombre} parcours, 2 processus", debit, "inscr./s")]
    app = construire_application(reglages)
    try:
        evenements = app.recorder.max_notification_id() or 0
        lecteur = Lecteur(app)
        projecteurs = {vue.nom: Projecteur(app, vue, stockage_pour(reglages, app, vue), lecteur) for vue in VUES}
        decodage = decoder(app)
        lignes += [decodage, *rattraper_seule(app, decodage), rattraper(projecteurs, evenements, decodage)]
        analyser(reglages)
        lignes += lire(projecteurs, tirer(reglages, app, lectures), nombre)
        lignes += indicateurs(projecteurs["faits"], evenements)
    finally:
        app.close()
    return lignes


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--parcours", type=int, default=1_000_000)
    arguments.add_argument("--lectures", type=int, default=1_000, help="parcours tirés pour les lectures")
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    options = arguments.parse_args()
    debut = datetime.now()
    with base_jetable(options.postgres) as url:
        lignes = mesurer(url, options.parcours, options.lectures)
    titre = f"lectures à l'échelle : {options.parcours} parcours"
    publier(titre, debut, lignes, options.sortie, {"parcours": options.parcours})


if __name__ == "__main__":
    main()
