"""The consultations log in SQL, on a datastore of its own (``magasin_annexe.datastore_propre``):
its own SQLite file beside the store's, or the ``consultations`` table of the store's PostgreSQL
schema through a small pool of its own; the database refuses UPDATE (and TRUNCATE on PostgreSQL) by
trigger (``infrastructure/consultations.py`` says why)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.postgres import PostgresDatastore

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
from infrastructure.magasin_annexe import Datastore, MagasinAnnexe


def ordres_sqlite() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, parcours_id TEXT NOT NULL, "
        "principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, vue TEXT NOT NULL, motif TEXT, "
        "consulte_le TEXT NOT NULL)",
        # the rowid closes every index: ``ORDER BY consulte_le DESC, id DESC`` reads it backwards
        f"CREATE INDEX IF NOT EXISTS {TABLE}_parcours ON {TABLE} (parcours_id, consulte_le)",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_sans_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} (UPDATE refusé)'); END",
    ]


def ordres_postgres(schema: str) -> list[str]:
    """Schema, table, index and the trigger refusing UPDATE and TRUNCATE, all idempotent."""
    table, fonction = f'"{schema}".{TABLE}', f'"{schema}".{TABLE}_refuser_modification'
    declencheur = "CREATE OR REPLACE TRIGGER {} BEFORE {} ON {} FOR EACH {} EXECUTE FUNCTION {}()"
    return [
        f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
        f"CREATE TABLE IF NOT EXISTS {table} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "parcours_id TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, "
        "vue TEXT NOT NULL, motif TEXT, consulte_le TIMESTAMPTZ NOT NULL)",
        # id closes the index so that the newest-first page with its tie-break is read from it alone
        f"CREATE INDEX IF NOT EXISTS {TABLE}_parcours ON {table} (parcours_id, consulte_le, id)",
        f"CREATE OR REPLACE FUNCTION {fonction}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '% (% refusé)', '{MESSAGE}', TG_OP USING ERRCODE = 'restrict_violation'; END $$",
        declencheur.format(f"{TABLE}_sans_update", "UPDATE", table, "ROW", fonction),
        declencheur.format(f"{TABLE}_sans_troncature", "TRUNCATE", table, "STATEMENT", fonction),
    ]


def horodatage_sqlite(instant: datetime) -> str:
    """A UTC instant as fixed-width ISO text, so that text order is time order (cutoff and sort in SQL)."""
    return instant.isoformat(timespec="microseconds")


def lue(rangee: Sequence[Any]) -> Consultation:
    """An entry as read back (SQLite keeps its instant as text); one stored by another client without
    its offset is taken as UTC, the log's only zone, rather than failing every read of the parcours' log."""
    champs = dict(zip(COLONNES, rangee, strict=True))
    instant = champs["consulte_le"]
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant)
    return Consultation(**{**champs, "consulte_le": instant if instant.tzinfo else instant.replace(tzinfo=UTC)})


class JournalSql(MagasinAnnexe):
    """The log on its datastore: the same statements on both engines, but the instant's column
    (text on SQLite, ``TIMESTAMPTZ`` on PostgreSQL) and the batch's insert (PostgreSQL's COPY)."""

    def __init__(self, datastore: Datastore) -> None:
        super().__init__(datastore)
        self.table = self.table_de(TABLE)

    def creer_table(self) -> None:
        """Creates the log and its append-only trigger if missing (idempotent)."""
        if isinstance(self.datastore, PostgresDatastore):
            self.creer(ordres_postgres(self.datastore.schema))
        else:
            self.creer(ordres_sqlite())

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        """Appends the batch in one transaction (on PostgreSQL, by COPY: the writer's batches are large)."""
        with self.transaction() as curseur:
            if not self.postgres:
                insertion = f"INSERT INTO {TABLE} ({', '.join(COLONNES)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                lignes = [(*ligne(c)[:-1], horodatage_sqlite(c.consulte_le)) for c in consultations]
                curseur.executer_pour_chaque(insertion, lignes)
                return
            with curseur.brut.copy(f"COPY {self.table} ({', '.join(COLONNES)}) FROM STDIN") as flux:
                for consultation in consultations:
                    flux.write_row(ligne(consultation))

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        requete = (
            f"SELECT {', '.join(COLONNES)} FROM {self.table} WHERE parcours_id = ? "
            "ORDER BY consulte_le DESC, id DESC LIMIT ?"
        )
        return [assainie(lue(rangee)) for rangee in self.lignes(requete, parcours_id, limite)]

    def purger(self, avant: datetime) -> int:
        limite = en_utc(avant)
        return self.ecrire(
            f"DELETE FROM {self.table} WHERE consulte_le < ?", limite if self.postgres else horodatage_sqlite(limite)
        )
