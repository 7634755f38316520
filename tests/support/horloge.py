"""A clock the test drives: time moves only when the test says so, and never backwards."""

from datetime import UTC, date, datetime, time, timedelta


class HorlogeDeTest:
    def __init__(self, depart: datetime = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)) -> None:
        self.instant = depart

    def __call__(self) -> datetime:
        return self.instant

    def avancer(self, **duree: float) -> datetime:
        self.instant += timedelta(**duree)
        return self.instant

    def aller_au(self, jour: date | str, heure: int = 12) -> datetime:
        """Moves on to ``jour`` at ``heure`` UTC (noon: after the 10:00 business times the tests write,
        in UTC or in French time), or stays if the clock is already past it. A step dated that day is
        then recorded as it happens, not ahead of the clock (DESIGN §1.7)."""
        cible = date.fromisoformat(jour) if isinstance(jour, str) else jour
        self.instant = max(self.instant, datetime.combine(cible, time(heure), tzinfo=UTC))
        return self.instant
