"""The contrat d'engagement (CT L.5411-6 and following; DOMAIN §2.4)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from domain.personnel import EFFACE
from domain.valeur import ValeurInvalide, exiger_date, exiger_texte, exiger_type, figer
from domain.vocabulaire import Organisme, RaisonDispense


@dataclass(frozen=True)
class Action:
    PERSONNELS: ClassVar[Mapping[str, Any]] = {"libelle": EFFACE}

    libelle: str
    echeance: date | None = None

    def __post_init__(self) -> None:
        exiger_texte(self.libelle, "action.libelle", libre=True)
        if self.echeance is not None:
            exiger_date(self.echeance, "action.echeance")


@dataclass(frozen=True)
class Dispense:
    """Zero hours, only on the person's request for a listed, proven difficulty (CT L.5411-6-1)."""

    raison: RaisonDispense
    demandee_par_la_personne: bool

    def __post_init__(self) -> None:
        exiger_type(self.raison, RaisonDispense, "dispense.raison")
        exiger_type(self.demandee_par_la_personne, bool, "dispense.demandee_par_la_personne")


@dataclass(frozen=True)
class Contrat:
    PERSONNELS: ClassVar[Mapping[str, Any]] = {"objectifs": (EFFACE,), "justification_reduction": EFFACE}

    organisme: Organisme
    referent: str
    objectifs: tuple[str, ...]
    actions: tuple[Action, ...]
    heures_hebdo: int
    justification_reduction: str | None = None
    dispense: Dispense | None = None

    def __post_init__(self) -> None:
        figer(self, "objectifs", "actions")
        exiger_type(self.organisme, Organisme, "contrat.organisme")
        exiger_texte(self.referent, "contrat.referent")
        for objectif in self.objectifs:
            exiger_texte(objectif, "contrat.objectifs[]", libre=True)
        for action in self.actions:
            exiger_type(action, Action, "contrat.actions[]")
        if isinstance(self.heures_hebdo, bool) or not isinstance(self.heures_hebdo, int):
            raise ValeurInvalide("contrat.heures_hebdo : nombre entier d'heures attendu")
        if not 0 <= self.heures_hebdo <= 168:
            raise ValeurInvalide("contrat.heures_hebdo : entre 0 et 168 heures par semaine")
        exiger_texte(self.justification_reduction, "contrat.justification_reduction", optionnel=True, libre=True)
        if self.dispense is not None:
            exiger_type(self.dispense, Dispense, "contrat.dispense")
