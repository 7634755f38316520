"""Reading several aggregates' events in one query (``application.lecture_groupee.LectureGroupee``).

Mixed into our recorders (``ecriture_groupee.EnregistreurGroupe``, ``enregistreurs.EnregistreurSQLite``
and ``EnregistreurEnMemoire``): a bulk-import batch reads all the landmarks its lines may name, then
the persons they list, with one statement each instead of one per aggregate. The rows come back as the
library's ``select_events`` gives them, ordered by aggregate then version.
"""

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOAggregateRecorder
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg import sql

PAR_REQUETE = 500
"""Ids per SQLite statement (one bound parameter each, well under SQLite's limit)."""


class LectureGroupeePostgres(PostgresAggregateRecorder):
    def evenements_de(self, originator_ids: Sequence[UUID]) -> Sequence[StoredEvent]:
        """``originator_id = ANY(%s)``: one statement, one index range scan per id."""
        if not originator_ids:
            return []
        requete = sql.SQL(
            "SELECT originator_id, originator_version, topic, state FROM {schema}.{table} "
            "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
        ).format(schema=sql.Identifier(self.datastore.schema), table=sql.Identifier(self.events_table_name))
        with self.datastore.get_connection() as connexion, connexion.cursor() as curseur:
            curseur.execute(requete, [list(originator_ids)])
            return [
                StoredEvent(ligne["originator_id"], ligne["originator_version"], ligne["topic"], bytes(ligne["state"]))
                for ligne in curseur.fetchall()
            ]


class LectureGroupeeSQLite(SQLiteAggregateRecorder):
    def evenements_de(self, originator_ids: Sequence[UUID]) -> Sequence[StoredEvent]:
        stockes: list[StoredEvent] = []
        with self.datastore.transaction(commit=False) as curseur:
            for debut in range(0, len(originator_ids), PAR_REQUETE):
                paquet = originator_ids[debut : debut + PAR_REQUETE]
                curseur.execute(
                    f"SELECT originator_id, originator_version, topic, state FROM {self.events_table_name} "
                    f"WHERE originator_id IN ({', '.join('?' * len(paquet))}) "
                    "ORDER BY originator_id, originator_version",
                    [i.hex for i in paquet],
                )
                stockes += [
                    StoredEvent(self.convert_originator_id(ligne["originator_id"]), ligne["originator_version"],
                                ligne["topic"], ligne["state"])
                    for ligne in curseur.fetchall()
                ]  # fmt: skip
        return stockes


class LectureGroupeeEnMemoire(POPOAggregateRecorder):
    def evenements_de(self, originator_ids: Sequence[UUID]) -> Sequence[StoredEvent]:
        with self._database_lock:
            return [stocke for i in originator_ids for stocke in self.select_events(i)]
