"""Calendar arithmetic for legal deadlines (French calendar days and months)."""

import calendar
from datetime import date, timedelta


def plus_jours(depart: date, jours: int) -> date:
    return depart + timedelta(days=jours)


def plus_mois(depart: date, mois: int) -> date:
    """Same day ``mois`` months later; the last day of the month when that day does not exist
    (31 January + 1 month = 28 or 29 February), as courts count "un mois" (de quantième à quantième)."""
    annee, index = divmod(depart.month - 1 + mois, 12)
    annee += depart.year
    dernier_jour = calendar.monthrange(annee, index + 1)[1]
    return date(annee, index + 1, min(depart.day, dernier_jour))
