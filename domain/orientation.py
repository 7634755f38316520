"""Orientation values: the algorithm's proposal, the decided orientation, the référent (DOMAIN §2.2, §3)."""

from dataclasses import dataclass

from domain.decision import ReferenceReferentiel
from domain.valeur import ValeurInvalide, exiger_texte, exiger_type, figer
from domain.vocabulaire import Organisme, TypeParcours


@dataclass(frozen=True)
class Orientation:
    """A parcours type with its organisme référent (and, when known, the structure)."""

    type_parcours: TypeParcours
    organisme: Organisme
    structure: str | None = None

    def __post_init__(self) -> None:
        exiger_type(self.type_parcours, TypeParcours, "orientation.type_parcours")
        exiger_type(self.organisme, Organisme, "orientation.organisme")
        exiger_texte(self.structure, "orientation.structure", optionnel=True)

    def meme_que(self, autre: "Orientation") -> bool:
        """Same parcours type and organisme; a structure named on one side only does not differ."""
        meme_structure = None in (self.structure, autre.structure) or self.structure == autre.structure
        return (self.type_parcours, self.organisme) == (autre.type_parcours, autre.organisme) and meme_structure


ValeurLue = str | int | bool | None
"""What an input of the referential held for this person; ``None`` when it was not given."""


@dataclass(frozen=True)
class EntreeLue:
    """An input read by a condition, with its value (CRPA R.311-3-1-2, 2° and 3°).

    A key of a map input is named after both, e.g. ``freins.sante``; ``valeur`` is ``None`` when the
    input was not given ("non renseigné")."""

    nom: str
    valeur: ValeurLue = None

    def __post_init__(self) -> None:
        exiger_texte(self.nom, "entree_lue.nom")
        if not isinstance(self.valeur, ValeurLue):
            raise ValeurInvalide(f"entree_lue.valeur : valeur simple attendue pour {self.nom}")

    @property
    def renseignee(self) -> bool:
        return self.valeur is not None


@dataclass(frozen=True)
class TraceCondition:
    """One condition of a rule as evaluated for this person (CRPA R.311-3-1-2, 3° and 4°).

    A rule's conditions are listed in reading order, a combination before its parts (which sit one
    ``profondeur`` deeper). ``resultat`` is ``None`` for a part left unevaluated because an earlier part
    already decided its combination; ``constat`` states in French the values read."""

    description: str
    resultat: bool | None
    profondeur: int = 0
    entrees: tuple[EntreeLue, ...] = ()
    constat: str | None = None

    def __post_init__(self) -> None:
        figer(self, "entrees")
        exiger_texte(self.description, "trace.condition.description", libre=True)
        if self.resultat is not None:
            exiger_type(self.resultat, bool, "trace.condition.resultat")
        exiger_type(self.profondeur, int, "trace.condition.profondeur")
        for entree in self.entrees:
            exiger_type(entree, EntreeLue, "trace.condition.entrees[]")
        exiger_texte(self.constat, "trace.condition.constat", optionnel=True, libre=True)


@dataclass(frozen=True)
class TraceRegle:
    """One rule of the referential as evaluated for this person, in order (CRPA R.311-3-1-2, 4°)."""

    regle: str
    declenchee: bool
    explication: str
    conditions: tuple[TraceCondition, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "conditions")
        exiger_texte(self.regle, "trace.regle")
        exiger_texte(self.explication, "trace.explication", libre=True)
        for condition in self.conditions:
            exiger_type(condition, TraceCondition, "trace.conditions[]")


@dataclass(frozen=True)
class PropositionOrientation:
    """What the algorithm proposed: an orientation, or an entretien d'orientation when not obvious (R99).

    The inputs themselves travel in the event's decision envelope (``criteres``).
    """

    referentiel: ReferenceReferentiel
    regle: str
    orientation: Orientation | None
    trace: tuple[TraceRegle, ...] = ()
    donnee_sensible: bool = False
    """A sensitive input was read while evaluating the rules: it may have weighed (LIL art. 47)."""
    validation_humaine: bool = False
    """A person must validate: the rule says so, it is an entretien, or a sensitive input was read."""

    def __post_init__(self) -> None:
        figer(self, "trace")
        exiger_type(self.referentiel, ReferenceReferentiel, "proposition.referentiel")
        exiger_texte(self.regle, "proposition.regle")
        exiger_type(self.donnee_sensible, bool, "proposition.donnee_sensible")
        exiger_type(self.validation_humaine, bool, "proposition.validation_humaine")
        if self.orientation is not None:
            exiger_type(self.orientation, Orientation, "proposition.orientation")

    @property
    def entretien_requis(self) -> bool:
        return self.orientation is None


@dataclass(frozen=True)
class Referent:
    """The single référent named in the contract (CT L.5411-6)."""

    id: str
    organisme: Organisme
    structure: str | None = None

    def __post_init__(self) -> None:
        exiger_texte(self.id, "referent.id")
        exiger_type(self.organisme, Organisme, "referent.organisme")
        exiger_texte(self.structure, "referent.structure", optionnel=True)
