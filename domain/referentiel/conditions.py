"""The condition language of the referential: conditions are data, never code (no ``eval``).

A condition is a tree of a few kinds, closed and checked against the inputs catalogue when the
referential is built, so that every published rule can be read by anyone and evaluated on any input in
the catalogue's domain (CRPA L.312-1-3, R.311-3-1-2):

- ``Tous`` (all), ``UnParmi`` (any), ``Non`` (not);
- ``Comparaison`` of one input with a value (``egal``, ``different``; ``inferieur``, ``inferieur_ou_egal``,
  ``superieur``, ``superieur_ou_egal`` on integers);
- ``Appartenance`` of one input to a list of values (``dans``);
- ``Compte`` of the keys of a map input (the ``freins``) at some levels, between bounds;
- ``Sinon``: always true, the condition of the last rule only.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from domain.referentiel.catalogue import Entree, ReferentielIncoherent, ValeurSimple
from domain.valeur import figer

Operateur = Literal["egal", "different", "inferieur", "inferieur_ou_egal", "superieur", "superieur_ou_egal"]
OPERATEURS: tuple[Operateur, ...] = get_args(Operateur)
OPERATEURS_D_ORDRE = frozenset(OPERATEURS[2:])
"""Operators that order values: integer inputs only."""


@dataclass(frozen=True)
class Comparaison:
    entree: str
    operateur: Operateur
    valeur: ValeurSimple


@dataclass(frozen=True)
class Appartenance:
    entree: str
    valeurs: tuple[ValeurSimple, ...]

    def __post_init__(self) -> None:
        figer(self, "valeurs")


@dataclass(frozen=True)
class Compte:
    """How many keys of a map input (among ``cles``, all of them when empty) are at one of ``niveaux``:
    at least ``au_moins`` and at most ``au_plus``. "No frein" is ``niveaux=(fort, moyen), au_plus=0``."""

    entree: str
    niveaux: tuple[str, ...]
    cles: tuple[str, ...] = ()
    au_moins: int | None = None
    au_plus: int | None = None

    def __post_init__(self) -> None:
        figer(self, "niveaux", "cles")

    def admet(self, nombre: int) -> bool:
        return (self.au_moins is None or nombre >= self.au_moins) and (self.au_plus is None or nombre <= self.au_plus)


@dataclass(frozen=True)
class Tous:
    conditions: tuple["Condition", ...]

    def __post_init__(self) -> None:
        figer(self, "conditions")


@dataclass(frozen=True)
class UnParmi:
    conditions: tuple["Condition", ...]

    def __post_init__(self) -> None:
        figer(self, "conditions")


@dataclass(frozen=True)
class Non:
    condition: "Condition"


@dataclass(frozen=True)
class Sinon:
    """Always true: the last rule, applied when no other does."""


Condition = Comparaison | Appartenance | Compte | Tous | UnParmi | Non | Sinon


def parties(condition: Condition) -> tuple[Condition, ...]:
    """The direct parts of a combination (none for the other conditions)."""
    match condition:
        case Tous(conditions) | UnParmi(conditions):
            return conditions
        case Non(partie):
            return (partie,)
        case _:
            return ()


def sous_conditions(condition: Condition) -> Iterator[Condition]:
    """The condition and all its parts, in reading order."""
    yield condition
    for partie in parties(condition):
        yield from sous_conditions(partie)


def entrees_lisibles(condition: Condition, catalogue: Mapping[str, Entree]) -> Iterator[tuple[Entree, str | None]]:
    """Every input (and map key) the condition may read, for a check before any evaluation."""
    for feuille in sous_conditions(condition):
        match feuille:
            case Comparaison(entree=nom) | Appartenance(entree=nom):
                yield catalogue[nom], None
            case Compte(entree=nom, cles=cles):
                yield from ((catalogue[nom], cle) for cle in cles or catalogue[nom].cles)


def verifier_condition(condition: Condition, catalogue: Mapping[str, Entree], ou: str) -> None:
    """Refuses a condition that names an unknown input, or a value, key or level outside its domain;
    ``ou`` names the rule or decider in the message."""
    for feuille in sous_conditions(condition):
        match feuille:
            case Comparaison():
                _verifier_comparaison(feuille, _entree(catalogue, feuille.entree, ou), ou)
            case Appartenance():
                _verifier_appartenance(feuille, _entree(catalogue, feuille.entree, ou), ou)
            case Compte():
                _verifier_compte(feuille, _entree(catalogue, feuille.entree, ou), ou)
            case Tous(conditions) | UnParmi(conditions) if not conditions:
                raise ReferentielIncoherent(f"{ou} : une combinaison sans condition")


def _entree(catalogue: Mapping[str, Entree], nom: str, ou: str) -> Entree:
    if nom not in catalogue:
        raise ReferentielIncoherent(f"{ou} : entrée « {nom} » inconnue du catalogue ({', '.join(catalogue)})")
    return catalogue[nom]


def _verifier_scalaire(entree: Entree, ou: str) -> None:
    if entree.type == "map":
        raise ReferentielIncoherent(
            f"{ou} : l'entrée « {entree.nom} » est une table, à compter (compte), pas à comparer"
        )


def _verifier_valeur(entree: Entree, valeur: ValeurSimple, ou: str) -> None:
    if not entree.admet(valeur):
        raise ReferentielIncoherent(
            f"{ou} : valeur {valeur!r} hors du domaine de l'entrée « {entree.nom} » ({entree.domaine()})"
        )


def _verifier_comparaison(comparaison: Comparaison, entree: Entree, ou: str) -> None:
    _verifier_scalaire(entree, ou)
    if comparaison.operateur in OPERATEURS_D_ORDRE and entree.type != "int":
        raise ReferentielIncoherent(f"{ou} : « {comparaison.operateur} » compare des entiers, pas « {entree.nom} »")
    _verifier_valeur(entree, comparaison.valeur, ou)


def _verifier_appartenance(appartenance: Appartenance, entree: Entree, ou: str) -> None:
    _verifier_scalaire(entree, ou)
    if not appartenance.valeurs:
        raise ReferentielIncoherent(f"{ou} : « dans » sans valeur pour l'entrée « {entree.nom} »")
    for valeur in appartenance.valeurs:
        _verifier_valeur(entree, valeur, ou)


def _verifier_compte(compte: Compte, entree: Entree, ou: str) -> None:
    if entree.type != "map":
        raise ReferentielIncoherent(f"{ou} : « compte » porte sur une table, pas sur « {entree.nom} »")
    inconnues = [code for code in compte.cles if code not in entree.cles] + [
        code for code in compte.niveaux if code not in entree.valeurs
    ]
    if inconnues or not compte.niveaux:
        raise ReferentielIncoherent(
            f"{ou} : clés ou niveaux hors du domaine de l'entrée « {entree.nom} » "
            f"({', '.join(inconnues) or 'aucun niveau'} ; {entree.domaine()})"
        )
    bornes = [borne for borne in (compte.au_moins, compte.au_plus) if borne is not None]
    if not bornes or min(bornes) < 0 or bornes != sorted(bornes):
        raise ReferentielIncoherent(f"{ou} : compte de « {entree.nom} » sans bornes valides (au_moins ≤ au_plus)")
