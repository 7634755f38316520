"""Idempotency keys, kept durably in the same database as the events.

A command sent with ``Idempotency-Key`` reserves the key (per principal) before it runs; its
response is then kept with a fingerprint of the request. A replay gets the first response and
appends nothing; the same key with another request is refused; a replay that arrives while the
first is still running is told so. A failure of the service itself releases the key.
"""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import uuid4

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from application.parcours import ParcoursApplication

TABLE = "parcours_idempotence"


@dataclass(frozen=True)
class Memoire:
    """What a key holds: the request's fingerprint and, once done, the response."""

    empreinte: str
    statut: int | None
    corps: str | None

    @property
    def en_cours(self) -> bool:
        return self.statut is None


class MagasinIdempotence(Protocol):
    def reserver(self, principal: str, cle: str, empreinte: str) -> Memoire | None:
        """None if the key is now reserved for this request; else what the key already holds."""

    def memoriser(self, principal: str, cle: str, statut: int, corps: str) -> None: ...

    def liberer(self, principal: str, cle: str) -> None: ...


class MagasinEnMemoire:
    def __init__(self) -> None:
        self._cles: dict[tuple[str, str], Memoire] = {}
        self._verrou = threading.Lock()

    def reserver(self, principal: str, cle: str, empreinte: str) -> Memoire | None:
        with self._verrou:
            deja = self._cles.get((principal, cle))
            if deja is None:
                self._cles[(principal, cle)] = Memoire(empreinte, None, None)
            return deja

    def memoriser(self, principal: str, cle: str, statut: int, corps: str) -> None:
        with self._verrou:
            self._cles[(principal, cle)] = Memoire(self._cles[(principal, cle)].empreinte, statut, corps)

    def liberer(self, principal: str, cle: str) -> None:
        with self._verrou:
            self._cles.pop((principal, cle), None)


class MagasinSql:
    """The same statements on SQLite and PostgreSQL, through the library's own datastore (and pool)."""

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        if isinstance(datastore, PostgresDatastore):
            self._table, self._marque = f'"{datastore.schema}".{TABLE}', "%s"
        else:
            self._table, self._marque = TABLE, "?"

    def creer_table(self) -> None:
        self._executer(
            f"CREATE TABLE IF NOT EXISTS {self._table} (principal TEXT NOT NULL, cle TEXT NOT NULL, "
            "empreinte TEXT NOT NULL, jeton TEXT NOT NULL, statut INTEGER, corps TEXT, cree_le TEXT NOT NULL, "
            "PRIMARY KEY (principal, cle))"
        )

    def reserver(self, principal: str, cle: str, empreinte: str) -> Memoire | None:
        jeton = uuid4().hex
        self._executer(
            f"INSERT INTO {self._table} (principal, cle, empreinte, jeton, cree_le) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (principal, cle) DO NOTHING",
            principal, cle, empreinte, jeton, datetime.now(UTC).isoformat(),
        )  # fmt: skip
        ligne = self._lire(principal, cle)
        if ligne is None or ligne["jeton"] == jeton:
            return None
        return Memoire(ligne["empreinte"], ligne["statut"], ligne["corps"])

    def memoriser(self, principal: str, cle: str, statut: int, corps: str) -> None:
        self._executer(
            f"UPDATE {self._table} SET statut = ?, corps = ? WHERE principal = ? AND cle = ?",
            statut,
            corps,
            principal,
            cle,
        )

    def liberer(self, principal: str, cle: str) -> None:
        self._executer(f"DELETE FROM {self._table} WHERE principal = ? AND cle = ? AND statut IS NULL", principal, cle)

    def _lire(self, principal: str, cle: str) -> Any:
        with self.datastore.transaction(commit=False) as curseur:
            curseur.execute(self._sql(f"SELECT * FROM {self._table} WHERE principal = ? AND cle = ?"), (principal, cle))
            return curseur.fetchone()

    def _executer(self, requete: str, *parametres: Any) -> None:
        with self.datastore.transaction(commit=True) as curseur:
            curseur.execute(self._sql(requete), parametres)

    def _sql(self, requete: str) -> Any:
        return requete.replace("?", self._marque)


def magasin_pour(application: ParcoursApplication) -> MagasinEnMemoire | MagasinSql:
    datastore = getattr(application.recorder, "datastore", None)
    if isinstance(datastore, SQLiteDatastore | PostgresDatastore):
        return MagasinSql(datastore)
    return MagasinEnMemoire()
