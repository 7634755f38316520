"""Helpers shared by the value objects: validation at construction, frozen sequences.

Besides the shape of a value, these helpers keep out what a store or a view cannot hold (DESIGN §1.8):
control characters (PostgreSQL's JSONB refuses ``\\u0000``; a lone surrogate cannot be encoded to
UTF-8) and dates whose day, in UTC or in French time, leaves the window ``JOUR_MIN``..``JOUR_MAX``
(past year 9999 a date cannot even be computed). ``verifier_stockable`` applies the same limits to a
whole event payload, whatever value objects it holds.

A stored value is read back under ``relecture()`` (the application's mapper enters it for every
event and snapshot it reads): only its shape is checked again, so a value recorded before a content
limit existed still loads (events are never rewritten).
"""

import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from types import TracebackType
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

FUSEAU_METIER = ZoneInfo("Europe/Paris")
"""Business dates (deadlines, receipts) are French calendar days."""

JOUR_MIN = date(1900, 1, 1)
JOUR_MAX = date(2199, 12, 31)
"""The window of every business date and instant: wide enough for any birth, act or deadline of a
parcours, far enough from years 1 and 9999 that no time-zone shift or deadline arithmetic overflows."""

INTERDITS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters (Unicode Cc: C0, DEL, C1) and lone surrogates, which no UTF-8 text nor
PostgreSQL's JSONB can hold: identifiers, codes and short labels are one line. The API's boundary
(``api/modeles/bornes.py``) refuses the same characters first, with a 422 naming the field."""
INTERDITS_TEXTE_LIBRE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""The same, tab and line breaks (LF, and CR of a CRLF) apart: free texts span lines."""

_RELECTURE: ContextVar[bool] = ContextVar("relecture", default=False)


class ValeurInvalide(ValueError):
    """A value that the domain cannot hold (malformed input, not a refused rule)."""


class relecture:  # noqa: N801 - reads as a block: ``with relecture():``
    """Values built in this block are read back from the store: their content is what was recorded,
    checked by the rules of its day; only their shape is checked again. (Entered for every event
    read: a class, cheaper than a generator.)"""

    def __enter__(self) -> None:
        self._jeton = _RELECTURE.set(True)

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        _RELECTURE.reset(self._jeton)


def en_relecture() -> bool:
    """Whether the values being built are read back from the store (``relecture``): a value object's
    content rules (a name's letters, an identifier's key) then stand aside, its shape rules not."""
    return _RELECTURE.get()


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
    if not valeur.isprintable():  # the common case costs one C call: these checks run on every load
        exiger_caracteres(valeur, champ, libre=libre)


def exiger_caracteres(valeur: str, champ: str, *, libre: bool = True) -> None:
    """No control character (tab and newline allowed in a free text) and no lone surrogate."""
    if _RELECTURE.get():
        return
    interdit = (INTERDITS_TEXTE_LIBRE if libre else INTERDITS).search(valeur)
    if interdit is not None:
        permis = " (seuls la tabulation et les sauts de ligne sont admis)" if libre else ""
        raise ValeurInvalide(f"{champ} : caractère de contrôle U+{ord(interdit.group()):04X} refusé{permis}")


def exiger_date(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, date) or isinstance(valeur, datetime):
        raise ValeurInvalide(f"{champ} : date attendue (AAAA-MM-JJ)")
    exiger_jour(valeur, champ)


def exiger_instant(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, datetime) or valeur.tzinfo is None or valeur.utcoffset() is None:
        raise ValeurInvalide(f"{champ} : date et heure avec fuseau horaire attendues")
    exiger_jour(valeur, champ)


_LOIN_DES_BORNES = (JOUR_MIN + timedelta(days=1), JOUR_MAX - timedelta(days=1))
"""A day written between these is in the window in any time zone too (an offset is under a day)."""


def exiger_jour(valeur: date, champ: str) -> None:
    """The date, or the instant's day as written, in UTC and in French time, within the window."""
    jour = valeur.date() if isinstance(valeur, datetime) else valeur
    if _LOIN_DES_BORNES[0] <= jour <= _LOIN_DES_BORNES[1] or _RELECTURE.get():
        return
    dans_la_fenetre = JOUR_MIN <= jour <= JOUR_MAX
    if not dans_la_fenetre or (isinstance(valeur, datetime) and not _jours_dans_la_fenetre(valeur)):
        raise ValeurInvalide(f"{champ} : date entre le {JOUR_MIN.isoformat()} et le {JOUR_MAX.isoformat()} attendue")


def _jours_dans_la_fenetre(instant: datetime) -> bool:
    """Its day in UTC and in French time; called once the written day is inside the window, so a
    shift of at most a day cannot overflow."""
    return JOUR_MIN <= instant.astimezone(UTC).date() <= JOUR_MAX and (
        JOUR_MIN <= instant.astimezone(FUSEAU_METIER).date() <= JOUR_MAX
    )


def exiger_type(valeur: Any, attendu: type, champ: str) -> None:
    if not isinstance(valeur, attendu):
        raise ValeurInvalide(f"{champ} : {attendu.__name__} attendu, reçu {type(valeur).__name__}")


_SANS_TEXTE = (bool, int, Decimal, UUID, Enum, type(None))
"""Values that hold no text and no date (an enum is stored as its value, from a closed list)."""


@cache
def _champs(classe: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(classe))


def verifier_stockable(valeur: Any, champ: str) -> None:
    """Every text and date of an event payload, however nested (value objects, sequences, mappings
    and their keys), holds no control character but tab and newline and stays in the date window:
    what an event records, every store and every view can hold."""
    if not _stockable(valeur):  # the quick walk, for every new event; the named one finds the field
        _verifier_champ(valeur, champ)


def _stockable(valeur: Any) -> bool:
    if isinstance(valeur, _SANS_TEXTE):
        return True
    if isinstance(valeur, (str, date)):
        return _feuille_stockable(valeur)
    if is_dataclass(valeur) and not isinstance(valeur, type):
        return all(_stockable(getattr(valeur, nom)) for nom in _champs(type(valeur)))
    if isinstance(valeur, Mapping):
        return all(_stockable(cle) and _stockable(element) for cle, element in valeur.items())
    if isinstance(valeur, (tuple, list, set, frozenset)):
        return all(_stockable(element) for element in valeur)
    return True


def _feuille_stockable(valeur: str | date) -> bool:
    if isinstance(valeur, str):
        return valeur.isprintable() or INTERDITS_TEXTE_LIBRE.search(valeur) is None
    jour = valeur.date() if isinstance(valeur, datetime) else valeur
    if _LOIN_DES_BORNES[0] <= jour <= _LOIN_DES_BORNES[1]:
        return True
    return JOUR_MIN <= jour <= JOUR_MAX and (not isinstance(valeur, datetime) or _jours_dans_la_fenetre(valeur))


def _verifier_champ(valeur: Any, champ: str) -> None:
    if isinstance(valeur, str):
        exiger_caracteres(valeur, champ)
    elif isinstance(valeur, date):
        exiger_jour(valeur, champ)
    elif is_dataclass(valeur) and not isinstance(valeur, type):
        for nom in _champs(type(valeur)):
            _verifier_champ(getattr(valeur, nom), f"{champ}.{nom}")
    elif isinstance(valeur, Mapping):
        for cle, element in valeur.items():
            _verifier_champ(cle, f"{champ} (clé)")
            _verifier_champ(element, f"{champ}.{cle}")
    elif isinstance(valeur, (tuple, list, set, frozenset)):
        for element in valeur:
            _verifier_champ(element, f"{champ}[]")
