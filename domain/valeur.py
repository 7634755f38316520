"""Helpers shared by the value objects: validation at construction, frozen sequences."""

from datetime import date, datetime
from typing import Any


class ValeurInvalide(ValueError):
    """A value that the domain cannot hold (malformed input, not a refused rule)."""


def figer(obj: object, *noms: str) -> None:
    """Turn the named sequence fields of a frozen dataclass into tuples.

    Stored as JSON, a tuple comes back as a list: freezing at construction keeps a value object
    equal to itself across a save and a load.
    """
    for nom in noms:
        object.__setattr__(obj, nom, tuple(getattr(obj, nom)))


def exiger_texte(valeur: str | None, champ: str, *, optionnel: bool = False) -> None:
    if valeur is None and optionnel:
        return
    if not isinstance(valeur, str) or not valeur.strip():
        raise ValeurInvalide(f"{champ} : texte non vide attendu")


def exiger_date(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, date) or isinstance(valeur, datetime):
        raise ValeurInvalide(f"{champ} : date attendue (AAAA-MM-JJ)")


def exiger_instant(valeur: Any, champ: str) -> None:
    if not isinstance(valeur, datetime) or valeur.tzinfo is None:
        raise ValeurInvalide(f"{champ} : date et heure avec fuseau horaire attendues")


def exiger_type(valeur: Any, attendu: type, champ: str) -> None:
    if not isinstance(valeur, attendu):
        raise ValeurInvalide(f"{champ} : {attendu.__name__} attendu, reçu {type(valeur).__name__}")
