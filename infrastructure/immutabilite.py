"""Database-level immutability of the stored events (DESIGN §1.1): triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL) on the events table, whatever the client. Only a superuser
who drops the trigger can change history, and the audit chain (its own issue) will show it."""

import sqlite3
from pathlib import Path

import psycopg
from psycopg import sql

MESSAGE = "parcours : les événements enregistrés sont immuables"


def installer_sqlite(chemin: Path, table: str) -> None:
    ordres = [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_sans_{operation.lower()}
            BEFORE {operation} ON {table}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({operation} refusé)'); END"""
        for operation in ("UPDATE", "DELETE")
    ]
    with sqlite3.connect(chemin) as connexion:
        for ordre in ordres:
            connexion.execute(ordre)
    connexion.close()


def installer_postgres(conninfo: str, schema: str, table: str) -> None:
    fonction = sql.Identifier(schema, "parcours_refuser_modification")
    cible = sql.Identifier(schema, table)
    with psycopg.connect(conninfo, autocommit=False) as connexion:
        connexion.execute(
            sql.SQL(
                "CREATE OR REPLACE FUNCTION {fonction}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION '% (% refusé sur %)', {message}, TG_OP, TG_TABLE_NAME "
                "USING ERRCODE = 'restrict_violation'; END $$"
            ).format(fonction=fonction, message=sql.Literal(MESSAGE))
        )
        for nom, quand, portee in (
            (f"{table}_sans_modification", "UPDATE OR DELETE", "ROW"),
            (f"{table}_sans_troncature", "TRUNCATE", "STATEMENT"),
        ):
            connexion.execute(
                sql.SQL(
                    "CREATE OR REPLACE TRIGGER {nom} BEFORE {quand} ON {table} "
                    "FOR EACH {portee} EXECUTE FUNCTION {fonction}()"
                ).format(
                    nom=sql.Identifier(nom),
                    quand=sql.SQL(quand),
                    table=cible,
                    portee=sql.SQL(portee),
                    fonction=fonction,
                )
            )
