"""What a view is: which row an event touches, and how the event changes that row (a pure fold).

``evoluer(ligne | None, evenement) -> ligne | None``: None before means the row does not exist
yet, None after means the event deletes it. Folds read only events, never the aggregate.

A view may say ``ajout_seul = True`` when each event writes a row of its own that never changes
(the journal): the projector then reads no row before folding.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar, Generic, Protocol, TypeVar

L = TypeVar("L")


class Vue(Protocol, Generic[L]):
    nom: ClassVar[str]
    """Stable name: the view's table and tracking are named after it."""
    type_ligne: ClassVar[type[Any]]

    def cle(self, evenement: Any) -> str | None:
        """The key of the row the event touches; None if the view ignores the event."""

    def evoluer(self, ligne: L | None, evenement: Any) -> L | None: ...


def nom_evenement(evenement: Any) -> str:
    return type(evenement).__name__


def jour_metier(evenement: Any) -> date:
    """The step's business day in French time. An instant stored before issue 16 whose French day falls
    outside years 1–9999 (``9999-12-31T23:59:59-12:00``) gives the nearest day there is, rather than
    stopping the view for good on an event that will never change."""
    decision = evenement.decision
    try:
        jour: date = decision.jour
    except OverflowError:
        return date.max if decision.effective_le.year > 1 else date.min
    return jour


def plier(vue: Vue[L], evenements: Iterable[Any]) -> L | None:
    """One row folded from events, with no storage: a row as it stood, or a row in a test."""
    ligne: L | None = None
    for evenement in evenements:
        ligne = vue.evoluer(ligne, evenement)
    return ligne
