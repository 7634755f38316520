"""A clock the test drives: time moves only when the test says so."""

from datetime import UTC, datetime, timedelta


class HorlogeDeTest:
    def __init__(self, depart: datetime = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)) -> None:
        self.instant = depart

    def __call__(self) -> datetime:
        return self.instant

    def avancer(self, **duree: float) -> datetime:
        self.instant += timedelta(**duree)
        return self.instant
