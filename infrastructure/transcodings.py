"""How the domain's values are written to and read from the store (JSON).

The library registers only UUID, Decimal and datetime: a ``date``, an ``Enum`` or a value object
fails at save unless named here. Names are explicit and stable: renaming a class never changes
what is stored, and what was stored always reads back.
"""

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoding

from domain import (
    competence,
    contrat,
    decision,
    diagnostic,
    identite,
    inscription,
    organe,
    orientation,
    sanction,
    vocabulaire,
)
from domain.personnel import personnels


class _Illisible:
    """A sealed value whose key is gone (``infrastructure.scellement``): its container takes the
    stand-in the domain declares for that field instead."""


ILLISIBLE = _Illisible()


def remplacer_illisibles(etat: dict[str, Any], declares: Mapping[str, Any]) -> None:
    """Each personal field whose key is gone takes the stand-in its class declares."""
    for nom, remplacant in declares.items():
        if etat.get(nom) is ILLISIBLE:
            etat[nom] = remplacant


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    """One enum class, stored as its member's value."""

    def __init__(self, enum: type[Enum]) -> None:
        self.type = enum
        self.name = f"enum:{enum.__name__}"

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        membre: Enum = self.type(data)
        return membre


class ValueObjectAsDict(Transcoding):
    """One frozen dataclass, stored as its fields; nested values are transcoded by the encoder."""

    def __init__(self, cls: type[Any]) -> None:
        if not is_dataclass(cls):
            raise TypeError(f"{cls} is not a dataclass")
        self.type = cls
        self.name = f"valeur:{cls.__name__}"
        self._noms = tuple(f.name for f in fields(cls))
        self._personnels = personnels(cls)
        self._ajoutes: tuple[str, ...] = getattr(cls, "AJOUTES", ())

    def encode(self, obj: Any) -> dict[str, Any]:
        etat = {nom: getattr(obj, nom) for nom in self._noms}
        for nom in self._ajoutes:  # a field added later, left out while unset: a value without it is stored as before
            if etat[nom] is None:
                del etat[nom]
        return etat

    def decode(self, data: dict[str, Any]) -> Any:
        if self._personnels:
            remplacer_illisibles(data, self._personnels)
        return self.type(**data)


VALEURS: tuple[type[Any], ...] = (
    organe.Organe,
    competence.Transfert,
    decision.Auteur,
    decision.Autorite,
    decision.ReferenceReferentiel,
    decision.Fondement,
    decision.Critere,
    decision.Decision,
    inscription.Territoire,
    inscription.Inscription,
    orientation.Orientation,
    orientation.EntreeLue,
    orientation.TraceCondition,
    orientation.TraceRegle,
    orientation.PropositionOrientation,
    orientation.Referent,
    diagnostic.ItemDiagnostic,
    diagnostic.Diagnostic,
    contrat.Action,
    contrat.Dispense,
    contrat.Contrat,
    sanction.Sanction,
    sanction.VoieDeRecours,
    sanction.Recours,
    sanction.Procedure,
    sanction.Radiation,
    sanction.Manquement,
    identite.Provenance,
    identite.Identifiant,
    identite.Identite,
    identite.Adresse,
    identite.Contact,
    identite.RepresentantLegal,
)
"""Every value object that events or snapshots carry."""


def enums_du_domaine() -> tuple[type[Enum], ...]:
    return tuple(
        valeur
        for module in (vocabulaire, identite)
        for valeur in vars(module).values()
        if isinstance(valeur, type) and issubclass(valeur, Enum) and valeur.__module__ == module.__name__
    )


def transcodings() -> list[Transcoding]:
    return [
        DateAsISO(),
        *(EnumAsValue(enum) for enum in enums_du_domaine()),
        *(ValueObjectAsDict(cls) for cls in VALEURS),
    ]
