"""The inputs catalogue of a referential: each input's type, domain, sources and sensitivity.

The catalogue is published with the rules (CRPA L.312-1-3) and tells, for each datum the algorithm
may process, where it may come from (CRPA R.311-3-1-2, 2°) and whether it is sensitive (LIL art. 47,
RGPD art. 22: health and handicap).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from domain.valeur import ValeurInvalide, exiger_texte, exiger_type, figer
from domain.vocabulaire import SourceDonnee

TypeEntree = Literal["bool", "int", "enum", "map"]
ValeurSimple = bool | int | str
ValeurEntree = bool | int | str | Mapping[str, str] | None
"""A value given for an input: a map (key → level) for ``map`` inputs, ``None`` when not given."""


class ReferentielIncoherent(ValeurInvalide):
    """A referential whose catalogue or rules do not hold together: a condition names an unknown input or
    compares it with a value outside its domain (refused at load: a published rule must be evaluable,
    CRPA L.312-1-3)."""


class EntreeInvalide(ValeurInvalide):
    """An input given for an evaluation that the referential's catalogue does not admit."""


class EntreeInconnue(EntreeInvalide):
    """The input is not in the referential's catalogue."""


class ValeurHorsDomaine(EntreeInvalide):
    """The value is outside the input's domain (type, allowed values, bounds, map keys and levels)."""


@dataclass(frozen=True)
class Entree:
    """One input of the catalogue.

    ``valeurs`` are the allowed values of an ``enum`` input, or the levels of a ``map`` input whose keys
    are ``cles``; ``libelles`` give the French wording of values and keys (the code itself otherwise).
    A ``map`` input is sensitive key by key (``cles_sensibles``), any other input as a whole (``sensible``).
    """

    nom: str
    type: TypeEntree
    libelle: str
    sources: tuple[SourceDonnee, ...]
    sensible: bool = False
    valeurs: tuple[str, ...] = ()
    cles: tuple[str, ...] = ()
    cles_sensibles: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    libelles: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        figer(self, "sources", "valeurs", "cles", "cles_sensibles")
        exiger_texte(self.nom, "entree.nom")
        exiger_texte(self.libelle, f"entree {self.nom}.libelle", libre=True)
        for source in self.sources:
            exiger_type(source, SourceDonnee, f"entree {self.nom}.sources[]")
        self._verifier_domaine()

    def _verifier_domaine(self) -> None:
        incoherences = [
            (self.type in ("enum", "map") and not self.valeurs, "valeurs attendues"),
            (self.type == "map" and not self.cles, "clés attendues"),
            (not set(self.cles_sensibles) <= set(self.cles), "clés sensibles hors des clés"),
            (self.minimum is not None and self.maximum is not None and self.minimum > self.maximum, "min > max"),
            (not set(self.libelles) <= {*self.valeurs, *self.cles}, "libellés de valeurs ou de clés inconnues"),
        ]
        for incoherente, motif in incoherences:
            if incoherente:
                raise ReferentielIncoherent(f"entrée {self.nom} : {motif}")

    def libelle_de(self, code: str) -> str:
        """The French wording of a value or key of this input."""
        return self.libelles.get(code, code)

    def est_sensible(self, cle: str | None = None) -> bool:
        """Whether this input (or this key of the map) is sensitive data (LIL art. 47, RGPD art. 9 and 22)."""
        return self.sensible or cle in self.cles_sensibles

    def admet(self, valeur: object) -> bool:
        """Whether a given (not ``None``) value lies in this input's domain."""
        match self.type:
            case "bool":
                return isinstance(valeur, bool)
            case "int":
                return isinstance(valeur, int) and not isinstance(valeur, bool) and self._dans_les_bornes(valeur)
            case "enum":
                return isinstance(valeur, str) and valeur in self.valeurs
            case "map":
                return isinstance(valeur, Mapping) and all(
                    isinstance(cle, str) and cle in self.cles and niveau in self.valeurs
                    for cle, niveau in valeur.items()
                )

    def _dans_les_bornes(self, valeur: int) -> bool:
        return (self.minimum is None or valeur >= self.minimum) and (self.maximum is None or valeur <= self.maximum)

    def domaine(self) -> str:
        """The domain in French, for error messages and the published catalogue."""
        match self.type:
            case "bool":
                return "true ou false"
            case "int":
                return "entier" + _bornes(self.minimum, self.maximum)
            case "enum":
                return "une valeur parmi " + ", ".join(self.valeurs)
            case "map":
                return f"clés parmi {', '.join(self.cles)} ; niveaux parmi {', '.join(self.valeurs)}"

    def verifier(self, valeur: ValeurEntree) -> None:
        """Refuses a value outside the domain; ``None`` (not given) is always admitted."""
        if valeur is not None and not self.admet(valeur):
            raise ValeurHorsDomaine(f"{self.nom} : valeur {valeur!r} hors du domaine ({self.domaine()})")


def _bornes(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" de {minimum} à {maximum}"
    if minimum is not None:
        return f" d'au moins {minimum}"
    if maximum is not None:
        return f" d'au plus {maximum}"
    return ""
