"""The consultations log on PostgreSQL: the ``consultations`` table of the store's schema, its index
and the trigger that refuses UPDATE and TRUNCATE (``infrastructure/consultations.py`` says why)."""

from collections.abc import Sequence
from datetime import datetime

from psycopg import sql
from psycopg_pool import ConnectionPool

from infrastructure.consultations import (
    COLONNES,
    MESSAGE,
    TABLE,
    Consultation,
    assainie,
    en_utc,
    ligne,
    verifier_limite,
)


def ordres_postgres(schema: str) -> list[sql.Composed]:
    """Table, index and the trigger refusing UPDATE and TRUNCATE, all idempotent."""
    table = sql.Identifier(schema, TABLE)
    fonction = sql.Identifier(schema, f"{TABLE}_refuser_modification")
    declencheur = "CREATE OR REPLACE TRIGGER {nom} BEFORE {quand} ON {table} FOR EACH {portee} EXECUTE FUNCTION {f}()"
    return [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)),
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "parcours_id TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, "
            "vue TEXT NOT NULL, motif TEXT, consulte_le TIMESTAMPTZ NOT NULL)"
        ).format(table),
        # id closes the index so that the newest-first page with its tie-break is read from it alone
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (parcours_id, consulte_le, id)").format(
            sql.Identifier(f"{TABLE}_parcours"), table
        ),
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% (% refusé)', {}, TG_OP USING ERRCODE = 'restrict_violation'; END $$"
        ).format(fonction, sql.Literal(MESSAGE)),
        *(
            sql.SQL(declencheur).format(
                nom=sql.Identifier(nom), quand=sql.SQL(quand), table=table, portee=sql.SQL(portee), f=fonction
            )
            for nom, quand, portee in (
                (f"{TABLE}_sans_update", "UPDATE", "ROW"),
                (f"{TABLE}_sans_troncature", "TRUNCATE", "STATEMENT"),
            )
        ),
    ]


class JournalPostgres:
    """The ``consultations`` table of the store's schema, through a small pool of its own."""

    def __init__(self, conninfo: str, schema: str, taille_max: int = 4) -> None:
        self._table = sql.Identifier(schema, TABLE)
        self._pool = ConnectionPool(conninfo, min_size=1, max_size=taille_max, open=True, timeout=10.0)

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        copie = sql.SQL("COPY {} ({}) FROM STDIN").format(
            self._table, sql.SQL(", ").join(map(sql.Identifier, COLONNES))
        )
        with self._pool.connection() as connexion, connexion.cursor() as curseur, curseur.copy(copie) as flux:
            for consultation in consultations:
                flux.write_row(ligne(consultation))

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        requete = sql.SQL(
            "SELECT {} FROM {} WHERE parcours_id = %s ORDER BY consulte_le DESC, id DESC LIMIT %s"
        ).format(sql.SQL(", ").join(map(sql.Identifier, COLONNES)), self._table)
        with self._pool.connection() as connexion:
            return [assainie(Consultation(*r)) for r in connexion.execute(requete, (parcours_id, limite)).fetchall()]

    def purger(self, avant: datetime) -> int:
        with self._pool.connection() as connexion:
            return connexion.execute(
                sql.SQL("DELETE FROM {} WHERE consulte_le < %s").format(self._table), (en_utc(avant),)
            ).rowcount

    def fermer(self) -> None:
        self._pool.close()
