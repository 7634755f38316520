"""Landmarks to find a person again: who is known by an identifier, or by a civil status (DESIGN §7).

A ``Repere`` is an aggregate whose id is derived from a keyed hash of what it stands for (an
identifier, or birth name + first name + birth date): finding a person is reading one aggregate by its
id, and two inscriptions of the same person at the same moment cannot both claim an identifier — the
second one's save fails on the landmark's version, like any concurrent write, and is tried again.
Its events hold only the persons' ids: nothing of the identifier, the name or the date is stored, and
once its persons are erased or moved elsewhere it lists no one.
"""

from dataclasses import replace
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.decision import Decision
from domain.evenement import EvenementDecide


class Repere(Aggregate):
    TOPIC = "personne:Repere"

    class Event(EvenementDecide):
        EN_CLAIR: ClassVar[bool] = True
        """Nothing personal in a landmark's events: the store asks for no key to write or read them."""

    id: UUID

    @classmethod
    def poser(cls, repere_id: UUID, personne_id: UUID, decision: Decision) -> "Repere":
        return cls(id=repere_id, personne_id=personne_id, decision=_en_clair(decision))  # type: ignore[call-arg]

    class ReperePose(Event, Aggregate.Created):
        TOPIC = "personne:ReperePose"
        personne_id: UUID
        decision: Decision

    Created = ReperePose

    @event(ReperePose)
    def __init__(self, personne_id: UUID, decision: Decision) -> None:
        self.personnes: list[UUID] = [personne_id]

    def ajouter(self, personne_id: UUID, decision: Decision) -> None:
        if personne_id not in self.personnes:
            self._personne_ajoutee(personne_id=personne_id, decision=_en_clair(decision))

    class PersonneAjoutee(Event):
        TOPIC = "personne:PersonneAjoutee"
        personne_id: UUID
        decision: Decision

    @event(PersonneAjoutee)
    def _personne_ajoutee(self, personne_id: UUID, decision: Decision) -> None:
        self.personnes.append(personne_id)

    def retirer(self, personne_id: UUID, decision: Decision) -> None:
        """The person no longer answers to it: identity corrected, records merged, data erased."""
        if personne_id in self.personnes:
            self._personne_retiree(personne_id=personne_id, decision=_en_clair(decision))

    class PersonneRetiree(Event):
        TOPIC = "personne:PersonneRetiree"
        personne_id: UUID
        decision: Decision

    @event(PersonneRetiree)
    def _personne_retiree(self, personne_id: UUID, decision: Decision) -> None:
        self.personnes.remove(personne_id)


def _en_clair(decision: Decision) -> Decision:
    """A landmark has no key of its own: its events keep who decided and when, never a free text."""
    return replace(decision, motif=None) if decision.motif is not None else decision
