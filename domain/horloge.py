"""The recording clock of events, injected from outside the domain.

The store's recording time of an event is the event's ``timestamp``, set when the event is
created. The application runs each command under its own clock (``sous_horloge``), so tests and
replays control time; outside a command, the system clock in UTC.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

Horloge = Callable[[], datetime]


def horloge_systeme() -> datetime:
    return datetime.now(UTC)


_horloge: ContextVar[Horloge] = ContextVar("horloge", default=horloge_systeme)


def maintenant() -> datetime:
    instant = _horloge.get()()
    if instant.tzinfo is None:
        raise ValueError("l'horloge doit donner une date et heure avec fuseau horaire")
    return instant


@contextmanager
def sous_horloge(horloge: Horloge) -> Iterator[None]:
    jeton = _horloge.set(horloge)
    try:
        yield
    finally:
        _horloge.reset(jeton)
