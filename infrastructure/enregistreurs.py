"""The library's recorders, writing a command's idempotency key in the transaction of its events.

The application passes the key to ``save(parcours, idempotence=...)``; the library hands that
keyword to the recorder's insert, inside the transaction it opens for the events. Here, once the
events have their notification ids, the key's row is inserted with the parcours, version and
position of the last event: one commit for both, or neither. A key already taken (the same key
sent twice at once) fails the insert like a version already taken does, and nothing is written.
PostgreSQL's recorder, which groups concurrent saves, is in ``ecriture_groupee.py``.

Each event is sealed in the same transaction (``infrastructure/sceaux.py``): once given the service's
key, the recorder writes one seal per event into ``parcours_sceaux``, created with the events' tables.
"""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from application.idempotence import Idempotence
from infrastructure.idempotence import TABLE, ReponsesEnMemoire, creation_de_table, index_de_purge, insertion, valeurs
from infrastructure.lecture_groupee import LectureGroupeeEnMemoire, LectureGroupeeSQLite
from infrastructure.sceaux import TABLE_SCEAUX, Place, Sceau, lignes
from infrastructure.sceaux import creation_de_table as creation_des_sceaux
from infrastructure.sceaux import insertion as insertion_des_sceaux


class EnregistreurSQLite(LectureGroupeeSQLite, SQLiteApplicationRecorder):
    sceau: Sceau | None = None
    """The service's sealing key (``sceaux.sceller_les_ecritures``); None: no seal (a bench reference)."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            creation_de_table(TABLE),
            index_de_purge(TABLE, f"{TABLE}_cree_le"),
            creation_des_sceaux(TABLE_SCEAUX, postgres=False),
        ]

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """The seals are computed before the transaction opens: SQLite's one writer waits no longer."""
        if self.sceau is not None and "sceaux" not in kwargs:
            kwargs["sceaux"] = self.sceau.de_chacun(stored_events)
        return super().insert_events(stored_events, **kwargs)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        sceaux: Sequence[bytes] | None = kwargs.get("sceaux")
        if sceaux is None and self.sceau is not None:
            sceaux = self.sceau.de_chacun(stored_events)
        if sceaux is not None and stored_events:
            c.executemany(insertion_des_sceaux(TABLE_SCEAUX), lignes(stored_events, sceaux))
        idempotence: Idempotence | None = kwargs.get("idempotence")
        if idempotence is not None and stored_events and ids:
            c.execute(insertion(TABLE), valeurs(idempotence, stored_events[-1], ids[-1]))
        return ids


class EnregistreurEnMemoire(LectureGroupeeEnMemoire, POPOApplicationRecorder):
    sceau: Sceau | None = None

    def __init__(self) -> None:
        super().__init__()
        self.reponses = ReponsesEnMemoire(self._database_lock)
        self.sceaux: dict[Place, bytes] = {}
        """The seals, by event id (text) and version: written under the lock that writes the events."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        idempotence: Idempotence | None = kwargs.get("idempotence")
        sceaux = None if self.sceau is None else self.sceau.de_chacun(stored_events)
        with self._database_lock:
            if idempotence is not None and stored_events:
                self.reponses.refuser_si_prise(idempotence)
            ids = super().insert_events(stored_events, **kwargs)
            if idempotence is not None and stored_events and ids:
                self.reponses.ajouter(idempotence, stored_events[-1], ids[-1])
            if sceaux is not None:
                self.sceaux.update(((p, v), s) for p, v, s in lignes(stored_events, sceaux))
            return ids
