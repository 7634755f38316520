"""The recording clock of events, injected from outside the domain.

The store's recording time of an event is the event's ``timestamp``, set when the event is
created. The application runs each command under its own clock (``sous_horloge``), so tests and
replays control time; outside a command, the system clock in UTC. The clock comes with the skew
it tolerates: how far a step's business time may run ahead of it (``Parametres.tolerance_horloge``).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from domain.parametres import PARAMETRES_2025_1

Horloge = Callable[[], datetime]


def horloge_systeme() -> datetime:
    return datetime.now(UTC)


_horloge: ContextVar[Horloge] = ContextVar("horloge", default=horloge_systeme)
_tolerance: ContextVar[timedelta] = ContextVar("tolerance_horloge", default=PARAMETRES_2025_1.tolerance_horloge)


def maintenant() -> datetime:
    instant = _horloge.get()()
    if instant.tzinfo is None:
        raise ValueError("l'horloge doit donner une date et heure avec fuseau horaire")
    return instant


def tolerance() -> timedelta:
    """How far a business time may run ahead of ``maintenant()`` (clock skew)."""
    return _tolerance.get()


@contextmanager
def sous_horloge(horloge: Horloge, tolerance: timedelta | None = None) -> Iterator[None]:
    jeton = _horloge.set(horloge)
    jeton_tolerance = _tolerance.set(PARAMETRES_2025_1.tolerance_horloge if tolerance is None else tolerance)
    try:
        yield
    finally:
        _tolerance.reset(jeton_tolerance)
        _horloge.reset(jeton)
