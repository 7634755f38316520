"""What every event of ours is: a decision recorded at the injected clock's time (DESIGN §1.2)."""

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain import horloge
from domain.decision import Decision


class EvenementDecide(Aggregate.Event):
    """Base of the events of every aggregate: each carries its decision, and is recorded at the time
    the injected clock gives (so tests and replays control it)."""

    if TYPE_CHECKING:
        # Each event class declares ``decision`` among its own fields, last: a field declared here
        # would come first and change every stored event.
        decision: Decision

    @staticmethod
    def create_timestamp() -> Any:
        return horloge.maintenant()
