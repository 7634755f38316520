"""Runner layouts on PostgreSQL: the same events with proposals caught up from zero by one
``parcours projections run`` holding the four views, by two holding two views each, and by four
holding one view each (``--vue``).

    .venv/bin/python -m bench.executeurs --parcours 20000 [--postgres URL] [--sortie FICHIER.json]

The store is filled once by the bulk import of a mixed public (``bench.import_massif``). For each
layout a fresh schema is migrated and its runners are started; once each has announced its first
(empty) catch-up, the events are copied in, in one transaction that notifies them. The clock runs
from that commit to each view standing at the store's last position (its tracking read every 20 ms).
Each runner also keeps the audit chain after its views, as in production. A layout's
rate per view is set beside the same view's rate with one runner.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.parcours import ParcoursApplication
from bench.base import base_jetable
from bench.import_massif import ecrire_flux, mesurer_import
from bench.service import RACINE, arreter, environnement
from bench.tableau import Cible, Ligne, publier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import NOMS_DES_VUES, VUES, canal_des_vues
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.vues import stockage_pour

SOURCE = "source"
DISPOSITIONS: dict[str, list[list[str]]] = {
    f"1 processus, {len(NOMS_DES_VUES)} vues": [list(NOMS_DES_VUES)],
    "2 processus": [list(NOMS_DES_VUES[::2]), list(NOMS_DES_VUES[1::2])],
    f"{len(NOMS_DES_VUES)} processus, 1 vue chacun": [[nom] for nom in NOMS_DES_VUES],
}
DELAI = 600.0
"""Seconds a layout may take before the measure gives up."""
PAS = 0.02
"""Seconds between two readings of the views' positions."""


def lancer(env: dict[str, str], vues: Sequence[str]) -> "subprocess.Popen[bytes]":
    arguments = [argument for nom in vues for argument in ("--vue", nom)]
    commande = [sys.executable, "-m", "cli.main", "projections", "run", *arguments]
    return subprocess.Popen(commande, env=env, cwd=RACINE, stdout=subprocess.DEVNULL)


def attendre_les_annonces(ecoute: psycopg.Connection[object], runners: int) -> None:
    """Until every runner has announced a catch-up (each is then listening to the store)."""
    annonceurs: set[int] = set()
    limite = time.monotonic() + DELAI
    while len(annonceurs) < runners and time.monotonic() < limite:
        annonceurs |= {annonce.pid for annonce in ecoute.notifies(timeout=DELAI, stop_after=1)}
    if len(annonceurs) < runners:
        raise RuntimeError(f"{runners - len(annonceurs)} processus de projections n'ont rien annoncé")


def copier(reglages: Reglages, recorder: PostgresApplicationRecorder) -> float:
    """Copies the source store's events in, and notifies the runners at commit; returns that instant."""
    table = recorder.events_table_name
    cible, source = sql.Identifier(reglages.schema_postgres, table), sql.Identifier(SOURCE, table)
    with psycopg.connect(reglages.conninfo_postgres()) as connexion:
        connexion.execute(sql.SQL("INSERT INTO {} SELECT * FROM {}").format(cible, source))
        connexion.execute(sql.SQL("NOTIFY {}").format(sql.Identifier(recorder.channel_name)))
    return time.perf_counter()


def attendre_les_vues(application: ParcoursApplication, reglages: Reglages, fin: int, debut: float) -> dict[str, float]:
    """Seconds from ``debut`` until each view stood at ``fin``, its tracking read every ``PAS`` seconds (a
    runner announces once its views and the chain are all caught up: too late to time each view)."""
    stockages = {vue.nom: stockage_pour(reglages, application, vue) for vue in VUES}
    durees: dict[str, float] = {}
    while len(durees) < len(NOMS_DES_VUES):
        instant = time.perf_counter() - debut
        if instant > DELAI:
            raise RuntimeError(f"vues en retard après {DELAI:.0f} s : {sorted(set(NOMS_DES_VUES) - set(durees))}")
        for nom, stockage in stockages.items():
            if (stockage.max_tracking_id(application.name) or 0) >= fin:
                durees.setdefault(nom, instant)
        time.sleep(PAS)
    return durees


def disposer(url: str, numero: int, groupes: list[list[str]], fin: int, dossier: Path) -> dict[str, float]:
    """One layout from zero in a fresh schema: each view's catch-up time in seconds."""
    schema = f"disposition_{numero}"
    reglages = reglages_pour(f"{url}?schema={schema}")
    migrer(reglages)
    application = construire_application(reglages)
    recorder = application.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    runners = []
    try:
        with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as ecoute:
            ecoute.execute(sql.SQL("LISTEN {}").format(canal_des_vues(recorder)))
            runners = [lancer(environnement(url, dossier, schema), vues) for vues in groupes]
            attendre_les_annonces(ecoute, len(runners))
            return attendre_les_vues(application, reglages, fin, copier(reglages, recorder))
    finally:
        for runner in runners:
            arreter(runner)
        application.close()


def mesurer(url: str, parcours: int) -> list[Ligne]:
    source = reglages_pour(f"{url}?schema={SOURCE}")
    migrer(source)
    with tempfile.TemporaryDirectory() as dossier:
        mesurer_import(source, ecrire_flux(Path(dossier) / "mixte.jsonl", parcours), 2)
        application = construire_application(source)
        fin = application.recorder.max_notification_id() or 0
        application.close()
        resultats = {
            nom: disposer(url, numero, groupes, fin, Path(dossier))
            for numero, (nom, groupes) in enumerate(DISPOSITIONS.items())
        }
    seul = next(iter(resultats.values()))
    return [
        Ligne(
            f"executeurs.{numero}.{vue}",
            f"{nom} : {vue}",
            fin / duree,
            "évén./s",
            reference=None if numero == 0 else fin / seul[vue],
            reference_cle=None if numero == 0 else f"executeurs.0.{vue}",
            cible=Cible("≥", 10_000, "valeur"),
            note=f"{fin} événements en {duree:.1f} s",
        )
        for numero, (nom, durees) in enumerate(resultats.items())
        for vue, duree in sorted(durees.items(), key=lambda item: NOMS_DES_VUES.index(item[0]))
    ]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--parcours", type=int, default=20_000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    options = arguments.parse_args()
    debut = datetime.now()
    with base_jetable(options.postgres) as url:
        lignes = mesurer(url, options.parcours)
    titre = f"dispositions des projections : {options.parcours} parcours"
    publier(titre, debut, lignes, options.sortie, {"parcours": options.parcours})


if __name__ == "__main__":
    main()
