"""What the read endpoints show: the dossier as the aggregate holds it, and the history with envelopes."""

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from api.modeles.valeurs import ContratModele, InscriptionModele, OrientationModele, ReferentModele, SanctionModele
from domain.vocabulaire import IssueRecours, Organisme, SourceDonnee, Statut, TypeAuteur, TypeAutorite, TypeRecours


class Vue(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class RecoursVue(Vue):
    id: str
    type: TypeRecours
    recu_le: date
    hors_delai: bool
    issue: IssueRecours | None


class ProcedureVue(Vue):
    id: str
    manquements: list[str]
    sanction_envisagee: SanctionModele
    ouverte_le: date
    recue_le: date | None
    date_limite: date | None = Field(description="Fin du délai d'observations (10 jours après réception).")
    observations_recues: bool
    close_sans_sanction: bool
    sanction: SanctionModele | None
    notifiee_le: date | None
    date_limite_recours: date | None
    sanction_annulee: bool
    suspension_levee: bool
    recours: list[RecoursVue]


class RadiationVue(Vue):
    procedure_id: str
    du: date
    jusqu_au: date


class DossierVue(Vue):
    """The parcours as it stands (or stood at the version or date asked)."""

    id: UUID
    version: int
    statut: Statut
    inscription: InscriptionModele
    organisme_responsable: Organisme
    orientation: OrientationModele | None
    orientation_notifiee: bool
    referent: ReferentModele | None
    diagnostics: int = Field(description="Nombre de versions du diagnostic.")
    contrat: ContratModele | None
    versions_contrat: int
    droits_devoirs_informes: bool
    procedures: list[ProcedureVue]
    radiation: RadiationVue | None


class AuteurVue(Vue):
    type: TypeAuteur
    id: str
    organisme: str | None
    role: str | None


class AutoriteVue(Vue):
    type: TypeAutorite
    id: str


class ReferentielVue(Vue):
    id: str
    version: str
    empreinte: str
    regles: list[str]


class FondementVue(Vue):
    articles: list[str]
    referentiel: ReferentielVue | None


class CritereVue(Vue):
    nom: str
    valeur: JsonValue
    source: SourceDonnee
    collecte_le: date
    sensible: bool


class EvenementVue(BaseModel):
    """One event of the history with its decision envelope: who, on what basis, when (both times)."""

    version: int = Field(description="Position de l'événement dans le parcours.", examples=[3])
    type: str = Field(examples=["Oriente"])
    enregistre_le: datetime = Field(description="Date d'enregistrement (temps du système).")
    effective_le: datetime = Field(description="Date d'effet (temps métier).")
    auteur: AuteurVue
    autorite: AutoriteVue | None
    fondement: FondementVue
    criteres: list[CritereVue]
    motif: str | None
    donnees: dict[str, JsonValue] = Field(description="Les champs propres à l'événement.")

    @classmethod
    def depuis(cls, evenement: Any) -> "EvenementVue":
        decision = evenement.decision
        propres = {
            nom: en_json(valeur)
            for nom, valeur in vars(evenement).items()
            if nom not in ("originator_id", "originator_version", "timestamp", "originator_topic", "decision")
        }
        return cls(
            version=evenement.originator_version,
            type=type(evenement).__name__,
            enregistre_le=evenement.timestamp,
            effective_le=decision.effective_le,
            auteur=AuteurVue.model_validate(decision.auteur),
            autorite=AutoriteVue.model_validate(decision.autorite) if decision.autorite else None,
            fondement=FondementVue.model_validate(decision.fondement),
            criteres=[CritereVue.model_validate({**vars(c), "valeur": en_json(c.valeur)}) for c in decision.criteres],
            motif=decision.motif,
            donnees=propres,
        )


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
