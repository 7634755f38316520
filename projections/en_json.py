"""Domain values as plain JSON: value objects as objects, enums as their value, dates in ISO 8601,
decimals and ids as text. One conversion for the API's history and the litigation export."""

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from pydantic import JsonValue


def en_json(valeur: Any) -> JsonValue:
    """A domain value as plain JSON: value objects as objects, enums as their value, dates in ISO."""
    if is_dataclass(valeur) and not isinstance(valeur, type):
        return {f.name: en_json(getattr(valeur, f.name)) for f in fields(valeur)}
    if isinstance(valeur, list | tuple):
        return [en_json(v) for v in valeur]
    if isinstance(valeur, dict):
        return {str(k): en_json(v) for k, v in valeur.items()}
    return scalaire(valeur)


def scalaire(valeur: Any) -> JsonValue:
    if isinstance(valeur, Enum):
        return scalaire(valeur.value)
    if isinstance(valeur, datetime | date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal | UUID):
        return str(valeur)
    resultat: JsonValue = valeur
    return resultat
