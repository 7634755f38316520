"""Projection catch-up throughput per view, dossier/journal read and worklist page latency, and the
time to compute the indicators, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.projections --parcours 2000 [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Histories are written through the application (inscription, orientation, notification, diagnostic,
contract: 6 events each), then each view catches up from zero in pages; reads are timed per parcours.
"""

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.contrat import Contrat
from domain.diagnostic import Diagnostic, ItemDiagnostic
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation
from domain.vocabulaire import (
    CanalInscription,
    ModeOrientation,
    MotifInscription,
    NiveauFrein,
    Organisme,
    SourceDonnee,
    ThemeDiagnostic,
    TypeParcours,
)
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier
from projections.faits import Faits
from projections.indicateurs import calculer
from projections.journal import Journal
from projections.projecteur import Projecteur
from projections.repartitions import recours_par_autorite, repartitions
from projections.stockage import Perimetre, RequeteListe

AGENT = Saisie(Principal(id="bench", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="75"))
ORIENTATION = Orientation(type_parcours=TypeParcours.EMPLOI, organisme=Organisme.FRANCE_TRAVAIL)
DIAGNOSTIC = Diagnostic(
    items=(ItemDiagnostic(ThemeDiagnostic.MOBILITE, NiveauFrein.MOYEN, SourceDonnee.CONSEILLER),),
    realise_avec_la_personne=True,
)
CONTRAT = Contrat(
    organisme=Organisme.FRANCE_TRAVAIL, referent="bench", objectifs=("Emploi",), actions=(), heures_hebdo=15
)


def peupler(app: ParcoursApplication, nombre: int) -> list[UUID]:
    ids = []
    inscription = Inscription(MotifInscription.DEMANDE, CanalInscription.EN_LIGNE, Territoire("75"))
    for numero in range(nombre):
        parcours_id = app.inscrire(AGENT, inscription, uuid4()).parcours_id
        app.orienter(app.parcours(parcours_id), AGENT, ORIENTATION, ModeOrientation.AGENT)
        app.notifier_orientation(app.parcours(parcours_id), AGENT)
        ids.append(parcours_id)
        if numero % 2:
            continue  # half wait for their contract: the worklist read below pages through them
        app.realiser_diagnostic(app.parcours(parcours_id), AGENT, DIAGNOSTIC)
        app.signer_contrat(app.parcours(parcours_id), AGENT, CONTRAT)
        app.informer_droits_devoirs(app.parcours(parcours_id), AGENT)
    return ids


def lire(projecteur: Projecteur, parcours_id: UUID) -> float:
    """Milliseconds to read a parcours' rows, or for the worklists one page of 50 within a scope."""
    debut = time.perf_counter()
    if isinstance(projecteur.vue, Corbeilles):
        perimetre = Perimetre(organisme="FRANCE_TRAVAIL", departement="75", referent="bench")
        apres = (str(date(2025, 1, 1)), str(parcours_id), "-")
        projecteur.stockage.lister(RequeteListe("contrat_a_signer", perimetre, apres=apres, limite=50))
    else:
        projecteur.lignes(str(parcours_id))
    return (time.perf_counter() - debut) * 1000


def calculer_indicateurs(projecteur: Projecteur, departement: str | None = None) -> tuple[str, str]:
    """Reads every fact (or one département's) and computes the table and its breakdowns, as
    GET /indicateurs does."""
    debut = time.perf_counter()
    faits = projecteur.toutes_les_lignes({"departement": departement} if departement else None)
    calculer(faits, date(2025, 9, 1))
    repartitions(faits)
    recours_par_autorite(faits)
    return f"{(time.perf_counter() - debut) * 1000:,.0f} ms", f"{len(faits)} parcours"


def mesurer(nom: str, reglages: Reglages, nombre: int) -> list[tuple[str, ...]]:
    migrer(reglages)
    app = construire_application(reglages)
    debut = time.perf_counter()
    ids = peupler(app, nombre)
    ecriture = time.perf_counter() - debut
    evenements = app.recorder.max_notification_id() or 0
    lignes: list[tuple[str, ...]] = [
        (nom, "écriture (application)", f"{evenements / ecriture:,.0f} évén./s", f"{evenements} évén.")
    ]
    for vue in (Dossier(), Journal(), Corbeilles(), Faits()):
        projecteur = Projecteur(app, vue, stockage_pour(reglages, app, vue))
        debut = time.perf_counter()
        lus = projecteur.rattraper(taille_page=500)
        duree = time.perf_counter() - debut
        lignes.append((nom, f"rattrapage {vue.nom}", f"{lus / duree:,.0f} évén./s", f"{duree:.2f} s"))
        if isinstance(vue, Faits):
            lignes.append((nom, "indicateurs (calcul complet)", *calculer_indicateurs(projecteur)))
            continue
        durees = [lire(projecteur, parcours_id) for parcours_id in ids[:: max(1, len(ids) // 200)]]
        centiles = statistics.quantiles(durees, n=100)
        lecture = "page de corbeille (50)" if vue.nom == "corbeilles" else f"lecture {vue.nom}"
        lignes.append((nom, lecture, f"p50 {centiles[49]:.2f} ms", f"p99 {centiles[98]:.2f} ms"))
    app.close()
    return lignes


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--parcours", type=int, default=2000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = arguments.parse_args()
    resultats = []
    with tempfile.TemporaryDirectory() as dossier:
        resultats += mesurer("sqlite", reglages_pour(f"sqlite:///{Path(dossier) / 'bench.sqlite'}"), options.parcours)
    schema = f"bench_{uuid4().hex[:8]}"
    try:
        resultats += mesurer("postgres", reglages_pour(f"{options.postgres}?schema={schema}"), options.parcours)
    finally:
        with psycopg.connect(options.postgres, autocommit=True) as connexion:
            connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    largeurs = [max(len(ligne[i]) for ligne in resultats) for i in range(4)]
    print(f"parcours : {options.parcours} ({date.today().isoformat()})")
    for ligne in resultats:
        print("  ".join(valeur.ljust(largeur) for valeur, largeur in zip(ligne, largeurs, strict=True)))


if __name__ == "__main__":
    main()
