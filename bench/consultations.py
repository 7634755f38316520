"""What logging a consultation costs a read (CNIL 2021 recommendation on logging: every read of a
parcours is traced, yet reads must not be slowed): ``noter`` on the request path against a
synchronous one-row insert per read, and the background writer's throughput, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.consultations [--appels 20000] [--synchrones 2000]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

The entries are built before timing, so only the call is measured. The writer's throughput is the
number of entries noted as fast as possible over the time until ``vider`` returns (batches of 500).
PostgreSQL runs in a throwaway schema, dropped at the end.
"""

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import psycopg
from psycopg import sql

from infrastructure.consultations import (
    Consultation,
    EcrivainDeConsultations,
    JournalDesConsultations,
    creer_table_consultations,
    journal_pour,
)
from infrastructure.reglages import Reglages, reglages_pour

DEBUT = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
Ligne = tuple[str, str, str, str]


def consultations(nombre: int) -> list[Consultation]:
    """Reads spread over 1,000 parcours, one microsecond apart."""
    return [
        Consultation(
            parcours_id=f"parcours-{rang % 1000:04d}",
            principal="agent-bench",
            role="CONSEILLER",
            organisme="FRANCE_TRAVAIL",
            vue="GET /parcours/{parcours_id}/historique",
            motif="rendez-vous de suivi",
            consulte_le=DEBUT + timedelta(microseconds=rang),
        )
        for rang in range(nombre)
    ]


def centiles(durees_ns: list[int]) -> tuple[str, str]:
    rangs = statistics.quantiles(durees_ns, n=100)
    return f"p50 {rangs[49] / 1000:,.1f} µs", f"p99 {rangs[98] / 1000:,.1f} µs"


def insertion_synchrone(journal: JournalDesConsultations, nombre: int) -> tuple[str, str]:
    """The alternative we do not take: one transaction per read, on the request path."""
    durees = []
    for une in consultations(nombre):
        debut = time.perf_counter_ns()
        journal.ajouter([une])
        durees.append(time.perf_counter_ns() - debut)
    return centiles(durees)


def noter_en_file(journal: JournalDesConsultations, nombre: int) -> tuple[tuple[str, str], float]:
    """``noter``'s cost per call, and the entries per second written until ``vider`` returns."""
    ecrivain = EcrivainDeConsultations(journal)
    a_noter, durees = consultations(nombre), []
    debut_du_debit = time.perf_counter()
    for une in a_noter:
        debut = time.perf_counter_ns()
        ecrivain.noter(une)
        durees.append(time.perf_counter_ns() - debut)
    ecrivain.vider(delai=300)
    debit = nombre / (time.perf_counter() - debut_du_debit)
    ecrivain.arreter()
    return centiles(durees), debit


def mesurer(nom: str, reglages: Reglages, appels: int, synchrones: int) -> list[Ligne]:
    creer_table_consultations(reglages)
    journal = journal_pour(reglages)
    try:
        synchrone = insertion_synchrone(journal, synchrones)
        en_file, debit = noter_en_file(journal, appels)
    finally:
        journal.fermer()
    return [
        (nom, f"insertion synchrone d'une ligne par lecture ({synchrones} appels)", *synchrone),
        (nom, f"noter : mise en file, écriture par lots ({appels} appels)", *en_file),
        (nom, "débit du fil d'écriture (lots de 500)", f"{debit:,.0f} entrées/s", ""),
    ]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--appels", type=int, default=20_000)
    arguments.add_argument("--synchrones", type=int, default=2_000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = arguments.parse_args()
    resultats: list[Ligne] = []
    with tempfile.TemporaryDirectory() as dossier:
        sqlite = reglages_pour(f"sqlite:///{Path(dossier) / 'bench.sqlite'}")
        resultats += mesurer("sqlite", sqlite, options.appels, options.synchrones)
    schema = f"bench_{uuid4().hex[:8]}"
    try:
        postgres = reglages_pour(f"{options.postgres}?schema={schema}")
        resultats += mesurer("postgres", postgres, options.appels, options.synchrones)
    finally:
        with psycopg.connect(options.postgres, autocommit=True) as connexion:
            connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    largeurs = [max(len(ligne[i]) for ligne in resultats) for i in range(4)]
    print(f"journal des consultations ({date.today().isoformat()})")
    for ligne in resultats:
        print("  ".join(valeur.ljust(largeur) for valeur, largeur in zip(ligne, largeurs, strict=True)).rstrip())


if __name__ == "__main__":
    main()
