"""What a view is: which row an event touches, and how the event changes that row (a pure fold).

``evoluer(ligne | None, evenement) -> ligne | None``: None before means the row does not exist
yet, None after means the event deletes it. Folds read only events, never the aggregate.

A view may say ``ajout_seul = True`` when each event writes a row of its own that never changes
(the journal): the projector then reads no row before folding.

Events are typed (``domain.evenements``) and a view dispatches on their class through an
``Aiguillage``, which says for every event of the catalogue what the view does with it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Concatenate, Generic, ParamSpec, Protocol, TypeVar, cast

from domain.evenements import EvenementParcours

L = TypeVar("L")
E = TypeVar("E", bound=EvenementParcours)
P = ParamSpec("P")
R = TypeVar("R")


class Vue(Protocol, Generic[L]):
    nom: ClassVar[str]
    """Stable name: the view's table and tracking are named after it."""
    type_ligne: ClassVar[type[Any]]

    def cle(self, evenement: EvenementParcours) -> str | None:
        """The key of the row the event touches; None if the view ignores the event."""

    def evoluer(self, ligne: L | None, evenement: EvenementParcours) -> L | None: ...


@dataclass(frozen=True)
class Regle(Generic[P, R]):
    """One entry of an ``Aiguillage``: what the view does with the events of one class."""

    classe: type[EvenementParcours]
    appliquer: Callable[Concatenate[EvenementParcours, P], R]


class Aiguillage(Generic[P, R]):
    """What a view does with each event of the catalogue, said for every one: the handler it applies
    (built with ``quand``, which types the handler's event by its class), nothing (``ignore``), or a
    step the view's ``evoluer`` takes itself (``a_part``: the events that create its row). Dispatch is
    on the event's class; an event outside the catalogue (stored by a later version) finds no handler.
    ``tests/projections/test_catalogue_des_vues.py`` fails when an event is added and a view has not said.

    ``P`` is what a handler takes after the event (the row, its business day), ``R`` what it returns::

        T = Aiguillage[[LigneDossier], LigneDossier]
        TRANSITIONS = T(T.quand(Parcours.Oriente, _oriente), ..., ignore=(Parcours.Sorti, ...))
    """

    def __init__(
        self,
        *regles: Regle[P, R],
        ignore: Iterable[type[EvenementParcours]] = (),
        a_part: Iterable[type[EvenementParcours]] = (),
    ) -> None:
        self.ignores = frozenset(ignore)
        self.a_part = frozenset(a_part)
        dits = [*(regle.classe for regle in regles), *self.ignores, *self.a_part]
        if doubles := sorted({classe.__name__ for classe in dits if dits.count(classe) > 1}):
            raise ValueError(f"dits deux fois : {', '.join(doubles)}")
        self._regles = {regle.classe: regle.appliquer for regle in regles}

    @classmethod
    def quand(cls, classe: type[E], appliquer: Callable[Concatenate[E, P], R]) -> Regle[P, R]:
        # The dispatch hands ``appliquer`` only events of ``classe``: its narrower parameter is safe.
        return Regle(classe, cast(Callable[Concatenate[EvenementParcours, P], R], appliquer))

    @property
    def appliques(self) -> frozenset[type[EvenementParcours]]:
        return frozenset(self._regles)

    @property
    def dits(self) -> frozenset[type[EvenementParcours]]:
        """Every event the view has said something about."""
        return self.appliques | self.ignores | self.a_part

    def pour(self, evenement: EvenementParcours) -> Callable[Concatenate[EvenementParcours, P], R] | None:
        """The handler of this event; None if the view ignores it or does not know it."""
        return self._regles.get(type(evenement))


def jour_metier(evenement: EvenementParcours) -> date:
    """The step's business day in French time. An instant stored before issue 16 whose French day falls
    outside years 1–9999 (``9999-12-31T23:59:59-12:00``) gives the nearest day there is, rather than
    stopping the view for good on an event that will never change."""
    decision = evenement.decision
    try:
        jour: date = decision.jour
    except OverflowError:
        return date.max if decision.effective_le.year > 1 else date.min
    return jour


def plier(vue: Vue[L], evenements: Iterable[EvenementParcours]) -> L | None:
    """One row folded from events, with no storage: a row as it stood, or a row in a test."""
    ligne: L | None = None
    for evenement in evenements:
        ligne = vue.evoluer(ligne, evenement)
    return ligne
