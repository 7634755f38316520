"""SQL as a database superuser would run it, outside the application: the immutability triggers out of the way."""

import sqlite3

import psycopg
from psycopg import sql

from infrastructure.reglages import Reglages


def sql_brut(reglages: Reglages, ordres: list[str], table: str) -> None:
    """Runs ``ordres`` as a superuser with a SQL client would, the immutability triggers disabled."""
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as fichier:
            for declencheur in ("update", "delete"):
                fichier.execute(f"DROP TRIGGER IF EXISTS {table}_sans_{declencheur}")
            for ordre in ordres:
                fichier.execute(ordre.format(table=table, position="rowid"))
        fichier.close()
        return
    cible = sql.Identifier(reglages.schema_postgres, table)
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        serveur.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(cible))
        for ordre in ordres:
            serveur.execute(
                sql.SQL(ordre.replace("{table}", "{t}").replace("{position}", "notification_id")).format(t=cible)
            )
