"""The port for reading several aggregates' events in one round trip (issue 18, bulk import).

A bulk-import batch knows, before reading anything, the ids of every landmark its lines may name (uuid5
of a keyed hash, ``application.personnes``): read one by one, they cost a round trip each, three or
four per line. A recorder that also offers ``evenements_de`` (``infrastructure/lecture_groupee.py``:
one query over the events table by originator ids) lets the batch read them all at once; any other
recorder is read id by id, with the same result.
"""

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate
from eventsourcing.persistence import StoredEvent


@runtime_checkable
class LectureGroupee(Protocol):
    def evenements_de(self, originator_ids: Sequence[UUID]) -> Sequence[StoredEvent]:
        """The stored events of every aggregate named, each aggregate's in version order."""


def lire_agregats(repository: Repository[UUID], ids: Sequence[UUID]) -> dict[UUID, Any]:
    """Each aggregate from its events alone (no snapshot), None when it has none; one query when the
    recorder reads by several ids."""
    magasin = repository.event_store
    recorder = magasin.recorder
    if isinstance(recorder, LectureGroupee):
        par_agregat: dict[UUID, list[Any]] = {agregat_id: [] for agregat_id in ids}
        for stocke in recorder.evenements_de(list(par_agregat)):
            par_agregat[UUID(str(stocke.originator_id))].append(magasin.mapper.to_domain_event(stocke))
        return {agregat_id: project_aggregate(None, evenements) for agregat_id, evenements in par_agregat.items()}
    return {agregat_id: project_aggregate(None, magasin.get(agregat_id)) for agregat_id in ids}
