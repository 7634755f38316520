"""Where a view keeps its rows: SQLite or PostgreSQL, rows and tracking position in one transaction.

Each view is a TrackingRecorder of the library: ``ecrire`` applies a page of row changes and
records the position of the last event of the page in the same transaction, so an event is
applied exactly once (a page replayed after a crash fails on its tracking and changes nothing).
Rows are stored as JSON by key, with the parcours id beside them for per-parcours reads.
In memory, a dictionary with the same contract. On SQLite each view has its own file (the
library's tracking table is per file); on PostgreSQL, its own tables (``<vue>`` and
``<vue>_tracking``) in the store's schema.
"""

from collections.abc import Iterable, Mapping
from typing import Protocol

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg import sql

Changement = tuple[str, str | None]
"""(parcours id, row as JSON) for an upsert; (parcours id, None) deletes the row."""


class StockageDeVue(Protocol):
    def max_tracking_id(self, application_name: str) -> int | None: ...

    def lire(self, cles: Iterable[str]) -> dict[str, str]: ...

    def lignes_du_parcours(self, parcours_id: str) -> list[str]: ...

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None: ...


class VueSQLite(SQLiteTrackingRecorder):
    def __init__(self, datastore: SQLiteDatastore, nom: str) -> None:
        self.table = nom
        super().__init__(datastore)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.table} (cle TEXT PRIMARY KEY, parcours_id TEXT NOT NULL, "
            "donnees TEXT NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {self.table}_parcours ON {self.table} (parcours_id)",
        ]

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        cles = list(cles)
        if not cles:
            return {}
        marques = ",".join("?" * len(cles))
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT cle, donnees FROM {self.table} WHERE cle IN ({marques})", cles)
            return {ligne["cle"]: ligne["donnees"] for ligne in c.fetchall()}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT donnees FROM {self.table} WHERE parcours_id = ? ORDER BY cle", [parcours_id])
            return [ligne["donnees"] for ligne in c.fetchall()]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            for cle, (parcours_id, donnees) in changements.items():
                if donnees is None:
                    c.execute(f"DELETE FROM {self.table} WHERE cle = ?", [cle])
                else:
                    c.execute(
                        f"INSERT INTO {self.table} (cle, parcours_id, donnees) VALUES (?, ?, ?) "
                        "ON CONFLICT (cle) DO UPDATE SET donnees = excluded.donnees",
                        [cle, parcours_id, donnees],
                    )
            self._insert_tracking(c, tracking)


class VuePostgres(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, nom: str) -> None:
        self.table = nom
        super().__init__(datastore, tracking_table_name=f"{nom}_tracking")
        self._cible = sql.Identifier(datastore.schema, nom)

        self.sql_create_statements += [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (cle TEXT PRIMARY KEY, parcours_id TEXT NOT NULL, "
                "donnees JSONB NOT NULL)"
            ).format(self._cible),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (parcours_id)").format(
                sql.Identifier(f"{nom}_parcours"), self._cible
            ),
        ]

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        requete = sql.SQL("SELECT cle, donnees::text AS donnees FROM {} WHERE cle = ANY(%s)").format(self._cible)
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete, [list(cles)])
            return {ligne["cle"]: ligne["donnees"] for ligne in c.fetchall()}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        requete = sql.SQL("SELECT donnees::text AS donnees FROM {} WHERE parcours_id = %s ORDER BY cle")
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete.format(self._cible), [parcours_id])
            return [ligne["donnees"] for ligne in c.fetchall()]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        supprimees = [cle for cle, (_, donnees) in changements.items() if donnees is None]
        gardees = [(cle, p, d) for cle, (p, d) in changements.items() if d is not None]
        with self.datastore.transaction(commit=True) as c:
            if supprimees:
                c.execute(sql.SQL("DELETE FROM {} WHERE cle = ANY(%s)").format(self._cible), [supprimees])
            if gardees:
                c.executemany(
                    sql.SQL(
                        "INSERT INTO {} (cle, parcours_id, donnees) VALUES (%s, %s, %s::jsonb) "
                        "ON CONFLICT (cle) DO UPDATE SET donnees = excluded.donnees"
                    ).format(self._cible),
                    gardees,
                )
            self._insert_tracking(c, tracking)


class VueMemoire(POPOTrackingRecorder):
    """The same contract in memory, for the in-memory store of fast tests."""

    def __init__(self) -> None:
        super().__init__()
        self._lignes: dict[str, Changement] = {}

    def create_table(self) -> None:
        """Nothing to create in memory."""

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        with self._database_lock:
            return {cle: d for cle in cles if (d := self._lignes.get(cle, ("", None))[1]) is not None}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        with self._database_lock:
            return [d for cle, (p, d) in sorted(self._lignes.items()) if p == parcours_id and d is not None]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self._lignes.update(changements)
            self._insert_tracking(tracking)
