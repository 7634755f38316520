"""Orientation values: the algorithm's proposal, the decided orientation, the référent (DOMAIN §2.2, §3)."""

from dataclasses import dataclass

from domain.decision import ReferenceReferentiel
from domain.valeur import exiger_texte, exiger_type, figer
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


@dataclass(frozen=True)
class TraceRegle:
    """One rule of the referential as evaluated for this person, in order (CRPA R.311-3-1-2, 4°)."""

    regle: str
    declenchee: bool
    explication: str

    def __post_init__(self) -> None:
        exiger_texte(self.regle, "trace.regle")
        exiger_texte(self.explication, "trace.explication")


@dataclass(frozen=True)
class PropositionOrientation:
    """What the algorithm proposed: an orientation, or an entretien d'orientation when not obvious (R99).

    The inputs themselves travel in the event's decision envelope (``criteres``).
    """

    referentiel: ReferenceReferentiel
    regle: str
    orientation: Orientation | None
    trace: tuple[TraceRegle, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "trace")
        exiger_type(self.referentiel, ReferenceReferentiel, "proposition.referentiel")
        exiger_texte(self.regle, "proposition.regle")
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
