"""Sanction values and the state of a sanction procedure (décret 2025-478; DOMAIN §2.7–2.8)."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from domain.personnel import EFFACE
from domain.valeur import ValeurInvalide, exiger_date, exiger_texte, exiger_type, figer
from domain.vocabulaire import (
    Allocation,
    IssueRecours,
    NatureSanction,
    NiveauSanction,
    TypeManquement,
    TypeRecours,
)


@dataclass(frozen=True)
class Sanction:
    """A sanction envisaged or decided: level, nature, rate (percent), duration, allowance."""

    niveau: NiveauSanction
    nature: NatureSanction
    allocation: Allocation
    taux: Decimal | None = None
    duree_mois: int | None = None

    def __post_init__(self) -> None:
        exiger_type(self.niveau, NiveauSanction, "sanction.niveau")
        exiger_type(self.nature, NatureSanction, "sanction.nature")
        exiger_type(self.allocation, Allocation, "sanction.allocation")
        avertissement = self.niveau is NiveauSanction.AVERTISSEMENT
        if avertissement != (self.nature is NatureSanction.AVERTISSEMENT):
            raise ValeurInvalide("sanction.nature : un avertissement est de niveau et de nature avertissement")
        if avertissement and (self.taux is not None or self.duree_mois is not None):
            raise ValeurInvalide("sanction : un avertissement n'a ni taux ni durée")
        if not avertissement:
            if not isinstance(self.taux, Decimal) or not Decimal(0) < self.taux <= Decimal(100):
                raise ValeurInvalide("sanction.taux : pourcentage entre 0 (exclu) et 100 attendu")
            if not isinstance(self.duree_mois, int) or self.duree_mois < 1:
                raise ValeurInvalide("sanction.duree_mois : nombre de mois (au moins 1) attendu")

    def plus_lourde_que(self, autre: "Sanction") -> bool:
        """Heavier on any count: level, nature, rate, duration; another allowance is another sanction."""
        return (
            self.allocation is not autre.allocation
            or ORDRE_NIVEAUX.index(self.niveau) > ORDRE_NIVEAUX.index(autre.niveau)
            or ORDRE_NATURES.index(self.nature) > ORDRE_NATURES.index(autre.nature)
            or (self.taux or 0) > (autre.taux or 0)
            or (self.duree_mois or 0) > (autre.duree_mois or 0)
        )


ORDRE_NIVEAUX = (NiveauSanction.AVERTISSEMENT, NiveauSanction.NIVEAU_1, NiveauSanction.NIVEAU_2)
ORDRE_NATURES = (NatureSanction.AVERTISSEMENT, NatureSanction.SUSPENSION, NatureSanction.SUPPRESSION)


@dataclass(frozen=True)
class VoieDeRecours:
    """A remedy the notification must mention (CRPA L.211-2, R.421-5 CJA)."""

    type: TypeRecours
    instance: str
    delai_mois: int

    def __post_init__(self) -> None:
        exiger_type(self.type, TypeRecours, "voie_de_recours.type")
        exiger_texte(self.instance, "voie_de_recours.instance")
        exiger_type(self.delai_mois, int, "voie_de_recours.delai_mois")


@dataclass(frozen=True)
class Recours:
    id: str
    type: TypeRecours
    recu_le: date
    hors_delai: bool
    issue: IssueRecours | None = None

    def __post_init__(self) -> None:
        exiger_texte(self.id, "recours.id")
        exiger_date(self.recu_le, "recours.recu_le")


@dataclass(frozen=True)
class Procedure:
    """A contradictory procedure and what came of it; replaced, never mutated, as events apply."""

    id: str
    manquements: tuple[str, ...]
    types_manquement: tuple[TypeManquement, ...]
    sanction_envisagee: Sanction
    ouverte_le: date
    recue_le: date | None = None
    date_limite: date | None = None
    observations_recues: bool = False
    close_sans_sanction: bool = False
    sanction: Sanction | None = None
    notifiee_le: date | None = None
    date_limite_recours: date | None = None
    sanction_annulee: bool = False
    suspension_levee: bool = False
    recours: tuple[Recours, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "manquements", "types_manquement", "recours")

    @property
    def en_cours(self) -> bool:
        return not self.close_sans_sanction and self.sanction is None

    @property
    def sanction_en_vigueur(self) -> bool:
        return self.sanction is not None and not self.sanction_annulee

    def recours_numero(self, recours_id: str) -> Recours | None:
        return next((r for r in self.recours if r.id == recours_id), None)

    def avec_issue(self, recours_id: str, issue: IssueRecours) -> "Procedure":
        recours = tuple(replace(r, issue=issue) if r.id == recours_id else r for r in self.recours)
        return replace(self, recours=recours)


@dataclass(frozen=True)
class Radiation:
    """The radiation in force and the procedure it comes from (an annulment lifts it, a
    reformation recomputes it)."""

    procedure_id: str
    du: date
    jusqu_au: date


@dataclass(frozen=True)
class Manquement:
    """A breach as found: its type, the facts, the evidence (CT R.5412-1); and the allowance it may
    affect, whose sanction authority is thereby seized of it (CT L.5412-1; CASF L.262-37)."""

    PERSONNELS: ClassVar[Mapping[str, Any]] = {"faits": EFFACE, "preuves": ()}
    AJOUTES: ClassVar[tuple[str, ...]] = ("allocation",)
    """Added after breaches were first stored: stored only when set (``infrastructure/transcodings.py``)."""

    type: TypeManquement
    faits: str
    preuves: tuple[str, ...] = ()
    date_des_faits: date | None = None
    allocation: Allocation | None = None

    def __post_init__(self) -> None:
        figer(self, "preuves")
        exiger_type(self.type, TypeManquement, "manquement.type")
        exiger_texte(self.faits, "manquement.faits", libre=True)
        for preuve in self.preuves:
            exiger_texte(preuve, "manquement.preuves[]", libre=True)
        if self.date_des_faits is not None:
            exiger_date(self.date_des_faits, "manquement.date_des_faits")
        if self.allocation is not None:
            exiger_type(self.allocation, Allocation, "manquement.allocation")
