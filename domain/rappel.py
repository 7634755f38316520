"""A deadline coming due, told once (issue 22, item 3): a reminder on the feed and the webhooks, never a decision.

A ``Rappel`` says that on a day a legal deadline of a parcours was near (``PROCHE``) or had passed
(``DEPASSEE``): the contract to sign within the month, the end of the contradictoire, the silence that rejects
a recours, the review of rights and duties, the explanation due within a month, the PCD's six weeks for an RSA
beneficiary, the review of a social path. It decides nothing and changes no parcours: the steps stay the
agents' and the authorities'. Its id is derived from what it reminds of (``domain.regles.rappels``), so a
reminder given twice — two runners, a run repeated — is one aggregate: the second save is refused by the
store, and the reminder is on the feed exactly once. Its events hold only ids, kinds and dates: nothing
personal, no key to read them.
"""

from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.decision import Decision
from domain.evenement import EvenementDecide
from domain.vocabulaire import Corbeille, PalierRappel


class Rappel(Aggregate):
    TOPIC = "rappel:Rappel"

    class Event(EvenementDecide):
        EN_CLAIR: ClassVar[bool] = True
        """Nothing personal in a reminder: the store asks for no key to write or read it."""

    id: UUID

    @classmethod
    def donner(
        cls,
        rappel_id: UUID,
        parcours_id: UUID,
        corbeille: Corbeille,
        objet: str,
        echeance: date,
        palier: PalierRappel,
        decision: Decision,
    ) -> "Rappel":
        return cls(  # type: ignore[call-arg]
            id=rappel_id,
            parcours_id=parcours_id,
            corbeille=corbeille,
            objet=objet,
            echeance=echeance,
            palier=palier,
            decision=decision,
        )

    class EcheanceRappelee(Event, Aggregate.Created):
        """A deadline of the parcours ``parcours_id`` was near or had passed on the reminder's day."""

        TOPIC = "rappel:EcheanceRappelee"
        parcours_id: UUID
        corbeille: Corbeille
        objet: str
        echeance: date
        palier: PalierRappel
        decision: Decision

    Created = EcheanceRappelee

    @event(EcheanceRappelee)
    def __init__(
        self,
        parcours_id: UUID,
        corbeille: Corbeille,
        objet: str,
        echeance: date,
        palier: PalierRappel,
        decision: Decision,
    ) -> None:
        self.parcours_id = parcours_id
        self.corbeille = corbeille
        self.objet = objet
        self.echeance = echeance
        self.palier = palier
