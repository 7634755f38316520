"""Helpers shared by the value objects: validation at construction, frozen sequences.

Besides the shape of a value, these helpers keep out what a store or a view cannot hold (DESIGN §1.8):
control characters (PostgreSQL's JSONB refuses ``\\u0000``; a lone surrogate cannot be encoded to
UTF-8) and dates whose day, in UTC or in French time, leaves the window ``JOUR_MIN``..``JOUR_MAX``
(past year 9999 a date cannot even be computed). ``verifier_stockable`` applies the same limits to a
whole event payload, whatever value objects it holds.

A stored value is read back under ``relecture()``: only its shape is checked again, so a value
recorded before a content limit existed still loads (events are never rewritten).
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

FUSEAU_METIER = ZoneInfo("Europe/Paris")
"""Business dates (deadlines, receipts) are French calendar days."""

JOUR_MIN = date(1900, 1, 1)
JOUR_MAX = date(2199, 12, 31)
"""The window of every business date and instant: wide enough for any birth, act or deadline of a
parcours, far enough from years 1 and 9999 that no time-zone shift or deadline arithmetic overflows."""

_INTERDITS_TEXTE_LIBRE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters (Unicode Cc) but tab and newline, and lone surrogates."""
_INTERDITS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""The same, tab and newline included: identifiers, codes and short labels are one line."""

_RELECTURE: ContextVar[bool] = ContextVar("relecture", default=False)


class ValeurInvalide(ValueError):
    """A value that the domain cannot hold (malformed input, not a refused rule)."""


@contextmanager
def relecture() -> Iterator[None]:
    """Values built in this block are read back from the store: their content is what was recorded,
    checked by the rules of its day; only the shape is checked again."""
    jeton = _RELECTURE.set(True)
    try:
        yield
    finally:
        _RELECTURE.reset(jeton)


def figer(obj: object, *noms: str) -> None:
    """Turn the named sequence fields of a frozen dataclass into tuples.

    Stored as JSON, a tuple comes back as a list: freezing at construction keeps a value object
    equal to itself across a save and a load.
    """
    for nom in noms:
        object.__setattr__(obj, nom, tuple(getattr(obj, nom)))


def exiger_texte(valeur: str | None, champ: str, *, optionnel: bool = False, libre: bool = False) -> None:
    """A non-blank text without control characters; ``libre``: a free text, where tab and newline
    are allowed."""
    if valeur is None and optionnel:
        return
    if not isinstance(valeur, str) or not valeur.strip():
        raise ValeurInvalide(f"{champ} : texte non vide attendu")
    exiger_caracteres(valeur, champ, libre=libre)


def exiger_caracteres(valeur: str, champ: str, *, libre: bool = True) -> None:
    """No control character (tab and newline allowed in a free text) and no lone surrogate."""
    if _RELECTURE.get():
        return
    interdit = (_INTERDITS_TEXTE_LIBRE if libre else _INTERDITS).search(valeur)
    if interdit is not None:
        permis = " (seuls la tabulation et le saut de ligne sont admis)" if libre else ""
        raise ValeurInvalide(f"{champ} : caractère de contrôle U+{ord(interdit.group()):04X} refusé{permis}")


def exiger_date(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, date) or isinstance(valeur, datetime):
        raise ValeurInvalide(f"{champ} : date attendue (AAAA-MM-JJ)")
    exiger_jour(valeur, champ)


def exiger_instant(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, datetime) or valeur.tzinfo is None or valeur.utcoffset() is None:
        raise ValeurInvalide(f"{champ} : date et heure avec fuseau horaire attendues")
    exiger_jour(valeur, champ)


def exiger_jour(valeur: date, champ: str) -> None:
    """The date, or the instant's day as written, in UTC and in French time, within the window."""
    if _RELECTURE.get():
        return
    hors_fenetre = ValeurInvalide(
        f"{champ} : date entre le {JOUR_MIN.isoformat()} et le {JOUR_MAX.isoformat()} attendue"
    )
    if not JOUR_MIN <= _jour(valeur) <= JOUR_MAX:
        raise hors_fenetre
    if isinstance(valeur, datetime):
        # Safe now: the written day is inside the window, so a shift of at most a day cannot overflow.
        if not JOUR_MIN <= valeur.astimezone(UTC).date() <= JOUR_MAX:
            raise hors_fenetre
        if not JOUR_MIN <= valeur.astimezone(FUSEAU_METIER).date() <= JOUR_MAX:
            raise hors_fenetre


def _jour(valeur: date) -> date:
    return valeur.date() if isinstance(valeur, datetime) else valeur


def exiger_type(valeur: Any, attendu: type, champ: str) -> None:
    if not isinstance(valeur, attendu):
        raise ValeurInvalide(f"{champ} : {attendu.__name__} attendu, reçu {type(valeur).__name__}")


def verifier_stockable(valeur: Any, champ: str) -> None:
    """Every text and date of an event payload, however nested (value objects, sequences, mappings
    and their keys), holds no control character but tab and newline and stays in the date window:
    what an event records, every store and every view can hold."""
    if isinstance(valeur, str):
        exiger_caracteres(valeur, champ)
    elif isinstance(valeur, date):
        exiger_jour(valeur, champ)
    elif is_dataclass(valeur) and not isinstance(valeur, type):
        for champ_valeur in fields(valeur):
            verifier_stockable(getattr(valeur, champ_valeur.name), f"{champ}.{champ_valeur.name}")
    elif isinstance(valeur, Mapping):
        for cle, element in valeur.items():
            verifier_stockable(cle, f"{champ} (clé)")
            verifier_stockable(element, f"{champ}.{cle}")
    elif isinstance(valeur, (tuple, list, set, frozenset)):
        for element in valeur:
            verifier_stockable(element, f"{champ}[]")
