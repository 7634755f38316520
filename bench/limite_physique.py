"""The physical limit: how many single-row INSERT transactions PostgreSQL commits per second here.

pgbench runs a custom script of one INSERT of a ~1 KB payload (the size of a stored event) per
transaction, for a given number of clients and seconds. It is the ceiling any event store on this
database and disk can approach; the library and parcours are compared with it in the same run.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

from bench.base import creer_schema

SCHEMA = "limite_physique"
TAILLE_EVENEMENT = 1024
"""Bytes per row: about a parcours event as stored (JSON state of a command with its decision envelope)."""


class PgbenchIntrouvable(RuntimeError):
    """pgbench is not installed (``apt-get install postgresql-client``)."""


def preparer(url: str) -> Path:
    """The table and the script; returns the script's path (in a temporary directory)."""
    creer_schema(url, SCHEMA)
    with psycopg.connect(url, autocommit=True) as connexion:
        connexion.execute(
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (id uuid PRIMARY KEY, donnees bytea NOT NULL)").format(
                sql.Identifier(SCHEMA, "t")
            )
        )
    charge = os.urandom(TAILLE_EVENEMENT // 2).hex()  # hex text: TAILLE_EVENEMENT bytes stored
    script = Path(tempfile.mkdtemp(prefix="bench-pgbench-")) / "insertion.sql"
    script.write_text(f"INSERT INTO {SCHEMA}.t (id, donnees) VALUES (gen_random_uuid(), '{charge}'::bytea);\n")
    return script


def tps(sortie: str) -> float:
    """The transactions per second pgbench reports (excluding connection time)."""
    trouve = re.search(r"^tps = ([\d.]+)", sortie, re.MULTILINE)
    if trouve is None:
        raise RuntimeError(f"pgbench : débit introuvable dans sa sortie :\n{sortie}")
    return float(trouve.group(1))


def mesurer(url: str, clients: int, secondes: int, script: Path) -> float:
    """Single-row INSERT transactions per second with ``clients`` connections for ``secondes``."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise PgbenchIntrouvable("pgbench introuvable : installer postgresql-client")
    fils = max(1, min(clients, os.cpu_count() or 1))
    commande = [pgbench, "-n", "-M", "prepared", "-f", str(script), "-c", str(clients), "-j", str(fils)]
    resultat = subprocess.run(
        [*commande, "-T", str(secondes), url], capture_output=True, text=True, check=True, timeout=secondes + 60
    )
    return tps(resultat.stdout)


def mesurer_tout(url: str, niveaux: tuple[int, ...], secondes: int) -> dict[int, float]:
    """tps at each number of clients."""
    script = preparer(url)
    try:
        return {clients: mesurer(url, clients, secondes, script) for clients in niveaux}
    finally:
        shutil.rmtree(script.parent, ignore_errors=True)
