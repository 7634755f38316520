"""The persons of one bulk-import batch (issue 18): each line finds its person as an inscription does
(``Personnes.inscrire``), and the lines of one batch see each other's changes before anything is saved.

A batch is saved in one transaction (``application.masse``), so a person registered by line 3 is not in
the store when line 40 names them again: without a memory of the batch, line 40 would register them a
second time. ``PersonnesDuLot`` keeps what the lines kept so far (persons, landmarks, parcours, with
their pending events) and reads them from there before the store. Each read gives a copy, and a line's
aggregates replace the kept ones only once the line is accepted: a line refused halfway (its person's
parcours is open, the referential refuses its data) leaves nothing of itself in the batch.
"""

from collections.abc import Iterable
from copy import deepcopy
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.personnes import Personnes
from domain.parcours import Parcours


class PersonnesDuLot(Personnes):
    """``Personnes`` over the store and what the batch's accepted lines changed (read first, copied)."""

    def __init__(self, personnes: Personnes) -> None:
        super().__init__(personnes.repository, personnes.trousseau_ouvert)
        self.gardes: dict[UUID, Aggregate] = {}

    def _agregat(self, agregat_id: UUID, version: int | None = None) -> Any:
        if version is None and agregat_id in self.gardes:
            return deepcopy(self.gardes[agregat_id])
        return super()._agregat(agregat_id, version)

    def parcours(self, parcours_id: UUID) -> Parcours:
        garde = self.gardes.get(parcours_id)
        return deepcopy(garde) if isinstance(garde, Parcours) else super().parcours(parcours_id)

    def garder(self, agregats: Iterable[Aggregate]) -> None:
        """A line accepted: its aggregates, with their pending events, are the batch's from now on."""
        for agregat in agregats:
            self.gardes[agregat.id] = agregat

    def a_enregistrer(self) -> list[Aggregate]:
        """Every aggregate the batch changed, once each, in the order the lines first changed them."""
        return list(self.gardes.values())
