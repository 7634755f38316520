"""The change feed (issue 22): the store's events after a position, each shown to a reader as their rights
in its parcours allow — the same function as every read and command (``domain.competence.droits``).

One page is read and decoded once, and each parcours it touches loaded once, whatever the number of readers
(the SSE clients of a process, the webhook subscriptions): a ``Changement`` carries what competence needs
(the parcours' situation and the roles held in it today), and ``pour(intervenant)`` answers, per reader,
whether they see the change at all and whether they read what it holds. A foreign parcours never appears;
a former body sees the events up to the version its role ended at; an event whose content the reader's role
does not need is published without it (``masque``), as the history shows it (RGPD art. 5 1 c).

Visibility is judged on the parcours as it stands when the page is read, not as it stood when the event was
recorded: a body that lost its role sees no new change of the parcours, nor the older ones it replays.
A reminder of a deadline (``domain.rappel``) is a change of the parcours it is about, for the bodies that hold
a role in it now; a former body, which sees the parcours only as it stood, is reminded of nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.competence import Attribution, Droits, Intervenant, Lecture, Situation, droits
from domain.evenements import CATALOGUE, CATALOGUE_RAPPEL, LECTURES_PAR_NOM
from domain.parcours import Parcours
from domain.rappel import Rappel

Publiable = Parcours.Event | Rappel.EcheanceRappelee
"""What the feed carries: the steps of the parcours, and the reminders of their deadlines."""
PUBLIABLES: tuple[type[Publiable], ...] = (*CATALOGUE, *CATALOGUE_RAPPEL)
"""Every type the feed and the webhooks carry, in the catalogues' order (``domain.evenements``)."""


@dataclass(frozen=True)
class Publication:
    """A change as one reader receives it: its store position, and whether its content is masked."""

    position: int
    evenement: Publiable
    masque: bool


@dataclass(frozen=True)
class Changement:
    """An event of a parcours at its store position, with what judging its readers needs."""

    position: int
    evenement: Publiable
    situation: Situation
    attributions: tuple[Attribution, ...]

    @property
    def parcours_id(self) -> UUID:
        return parcours_de(self.evenement)

    @property
    def version(self) -> int | None:
        """The parcours' version this step made; None for a reminder, which is no step of it."""
        return None if isinstance(self.evenement, Rappel.EcheanceRappelee) else self.evenement.originator_version

    @property
    def nom(self) -> str:
        return type(self.evenement).__name__

    def pour(self, intervenant: Intervenant) -> Publication | None:
        """The change as ``intervenant`` may receive it, or None when they may not see it."""
        leurs = droits(self.situation, self.attributions, intervenant)
        if not leurs.voit:
            return None
        if leurs.jusqu_a_version is not None and (
            isinstance(self.evenement, Rappel.EcheanceRappelee)
            or self.evenement.originator_version > leurs.jusqu_a_version
        ):
            return None
        return Publication(self.position, self.evenement, masque=not lit(leurs, self.nom))


def parcours_de(evenement: Publiable) -> UUID:
    """The parcours a change is about: the aggregate of a step, the parcours a reminder names."""
    return evenement.parcours_id if isinstance(evenement, Rappel.EcheanceRappelee) else evenement.originator_id


def lit(leurs: Droits, nom_evenement: str) -> bool:
    """Whether a reader with these rights reads what an event holds, or only that it happened, when and by
    whom; an event this code does not know is for those who read every part."""
    return LECTURES_PAR_NOM.get(nom_evenement, frozenset(Lecture)) <= leurs.lectures


Decodeur = Callable[[Notification], Any]
"""A stored notification to its domain event (the application's mapper, which opens the person's key)."""
Chargeur = Callable[[UUID], Parcours | None]
"""A parcours as it stands now (``ParcoursApplication.trouver``)."""
Roles = Callable[[Situation, date], tuple[Attribution, ...]]
"""Who holds which role in a parcours on a day (``ParcoursApplication.roles``)."""


def changements(
    notifications: Sequence[Notification], decoder: Decodeur, charger: Chargeur, roles: Roles, jour: date
) -> list[Changement]:
    """The parcours events and reminders of a page of the store, each with its parcours' situation and roles on
    ``jour``, each parcours loaded once; the events of persons and landmarks are not changes of a parcours."""
    evenements = [(n.id, decoder(n)) for n in notifications]
    etats: dict[UUID, tuple[Situation, tuple[Attribution, ...]] | None] = {}
    resultat = []
    for position, evenement in evenements:
        if not isinstance(evenement, Parcours.Event | Rappel.EcheanceRappelee):
            continue
        parcours_id = parcours_de(evenement)
        if parcours_id not in etats:
            parcours = charger(parcours_id)
            etats[parcours_id] = None if parcours is None else (s := parcours.situation, roles(s, jour))
        if (etat := etats[parcours_id]) is not None:
            resultat.append(Changement(position, evenement, *etat))
    return resultat
