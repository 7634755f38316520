"""The values a command carries, as the API shows them; each turns into its domain value."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from api.modeles.bornes import Departement, Identifiant, Jour, Libelle, TexteLibre
from domain.contrat import Action, Contrat, Dispense
from domain.diagnostic import Diagnostic, ItemDiagnostic
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation, Referent
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.vocabulaire import (
    Allocation,
    CanalInscription,
    MotifInscription,
    NatureSanction,
    NiveauFrein,
    NiveauSanction,
    Organisme,
    RaisonDispense,
    SourceDonnee,
    ThemeDiagnostic,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)


class Valeur(BaseModel):
    """A value of a command body (unknown fields refused), also readable from a domain value."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class TerritoireModele(Valeur):
    """Le territoire : département et bassin d'emploi."""

    departement: Departement = Field(examples=["75"])
    bassin: Libelle | None = Field(default=None, examples=["Paris"])

    def vers_domaine(self) -> Territoire:
        return Territoire(departement=self.departement, bassin=self.bassin)


class InscriptionModele(Valeur):
    """L'inscription : son motif, son canal et le territoire."""

    motif: MotifInscription = Field(examples=[MotifInscription.DEMANDE])
    canal: CanalInscription = Field(examples=[CanalInscription.EN_LIGNE])
    territoire: TerritoireModele = Field(examples=[{"departement": "75", "bassin": "Paris"}])

    def vers_domaine(self) -> Inscription:
        return Inscription(motif=self.motif, canal=self.canal, territoire=self.territoire.vers_domaine())


class OrientationModele(Valeur):
    """Une orientation : le type de parcours, l'organisme référent et la structure."""

    type_parcours: TypeParcours = Field(examples=[TypeParcours.EMPLOI])
    organisme: Organisme = Field(examples=[Organisme.FRANCE_TRAVAIL])
    structure: Identifiant | None = Field(default=None, examples=["FT-75-012"])

    def vers_domaine(self) -> Orientation:
        return Orientation(type_parcours=self.type_parcours, organisme=self.organisme, structure=self.structure)


class ReferentModele(Valeur):
    """Le référent unique : son identifiant, son organisme et sa structure."""

    id: Identifiant = Field(examples=["agent-42"])
    organisme: Organisme = Field(examples=[Organisme.FRANCE_TRAVAIL])
    structure: Identifiant | None = Field(default=None, examples=["FT-75-012"])

    def vers_domaine(self) -> Referent:
        return Referent(id=self.id, organisme=self.organisme, structure=self.structure)


class ItemDiagnosticModele(Valeur):
    """Un frein relevé au diagnostic : son thème, son poids et sa source."""

    theme: ThemeDiagnostic = Field(examples=[ThemeDiagnostic.MOBILITE])
    niveau: NiveauFrein = Field(examples=[NiveauFrein.MOYEN])
    source: SourceDonnee = Field(examples=[SourceDonnee.CONSEILLER])

    def vers_domaine(self) -> ItemDiagnostic:
        return ItemDiagnostic(theme=self.theme, niveau=self.niveau, source=self.source)


class DiagnosticModele(Valeur):
    """Le diagnostic global : les freins relevés par thème, et s'il a été réalisé avec la personne."""

    items: list[ItemDiagnosticModele] = Field(
        min_length=1,
        max_length=50,
        examples=[
            [
                {"theme": "mobilite", "niveau": "moyen", "source": "conseiller"},
                {"theme": "numerique", "niveau": "sans_impact", "source": "declaration"},
            ]
        ],
    )
    realise_avec_la_personne: bool = Field(examples=[True])

    def vers_domaine(self) -> Diagnostic:
        items = tuple(i.vers_domaine() for i in self.items)
        return Diagnostic(items=items, realise_avec_la_personne=self.realise_avec_la_personne)


class ActionModele(Valeur):
    """Une action du contrat d'engagement, et son échéance."""

    libelle: Libelle = Field(examples=["Atelier CV"])
    echeance: Jour | None = Field(default=None, examples=["2025-07-01"])

    def vers_domaine(self) -> Action:
        return Action(libelle=self.libelle, echeance=self.echeance)


class DispenseModele(Valeur):
    """Une dispense d'heures d'activité, sa raison, et si la personne l'a demandée."""

    raison: RaisonDispense = Field(examples=[RaisonDispense.PARENT_ISOLE_SANS_GARDE])
    demandee_par_la_personne: bool = Field(examples=[True])

    def vers_domaine(self) -> Dispense:
        return Dispense(raison=self.raison, demandee_par_la_personne=self.demandee_par_la_personne)


class ContratModele(Valeur):
    """Le contrat d'engagement : organisme, référent, objectifs, actions, heures d'activité hebdomadaires, et la
    justification d'une réduction ou d'une dispense."""

    organisme: Organisme = Field(examples=[Organisme.FRANCE_TRAVAIL])
    referent: Identifiant = Field(examples=["agent-42"])
    objectifs: list[Libelle] = Field(min_length=1, max_length=20, examples=[["Retrouver un emploi de cariste"]])
    actions: list[ActionModele] = Field(
        default_factory=list,
        max_length=50,
        examples=[
            [
                {"libelle": "Atelier CV", "echeance": "2025-07-01"},
                {"libelle": "Formation CACES R489 catégorie 3", "echeance": "2025-09-30"},
            ]
        ],
    )
    heures_hebdo: int = Field(ge=0, le=168, examples=[15])
    justification_reduction: TexteLibre | None = Field(
        default=None,
        examples=["Frein de garde d'enfant relevé au diagnostic : aucune solution de garde le mercredi"],
    )
    dispense: DispenseModele | None = Field(
        default=None, examples=[{"raison": "parent_isole_sans_garde", "demandee_par_la_personne": True}]
    )

    def vers_domaine(self) -> Contrat:
        return Contrat(
            organisme=self.organisme,
            referent=self.referent,
            objectifs=tuple(self.objectifs),
            actions=tuple(a.vers_domaine() for a in self.actions),
            heures_hebdo=self.heures_hebdo,
            justification_reduction=self.justification_reduction,
            dispense=self.dispense.vers_domaine() if self.dispense else None,
        )


class ManquementModele(Valeur):
    """Un manquement au contrat d'engagement : son type, les faits, les preuves, leur date et l'allocation en
    cause."""

    type: TypeManquement = Field(examples=[TypeManquement.ASSIDUITE])
    faits: TexteLibre = Field(examples=["Absence sans justificatif aux ateliers CV des 17, 19 et 24 juin 2025"])
    preuves: list[Libelle] = Field(
        default_factory=list,
        max_length=20,
        examples=[["Feuilles d'émargement des ateliers", "Convocation du 12 juin 2025"]],
    )
    date_des_faits: Jour | None = Field(default=None, examples=["2025-06-24"])
    allocation: Allocation | None = Field(
        default=None,
        description="L'allocation que le manquement peut affecter : son autorité de sanction en est saisie et voit "
        "le parcours (France Travail pour l'ARE et l'ASS, le président du conseil départemental pour le RSA, la "
        "mission locale pour les allocations CEJ et PACEA ; CT L.5412-1, CASF L.262-37).",
        examples=[Allocation.ARE],
    )

    def vers_domaine(self) -> Manquement:
        return Manquement(
            type=self.type,
            faits=self.faits,
            preuves=tuple(self.preuves),
            date_des_faits=self.date_des_faits,
            allocation=self.allocation,
        )


class SanctionModele(Valeur):
    """Une sanction : son niveau, sa nature, l'allocation en cause, son taux et sa durée."""

    niveau: NiveauSanction = Field(examples=[NiveauSanction.NIVEAU_1])
    nature: NatureSanction = Field(examples=[NatureSanction.SUSPENSION])
    allocation: Allocation = Field(examples=[Allocation.ARE])
    taux: Decimal | None = Field(default=None, gt=0, le=100, examples=["30"])
    duree_mois: int | None = Field(default=None, ge=1, le=12, examples=[1])

    def vers_domaine(self) -> Sanction:
        return Sanction(
            niveau=self.niveau,
            nature=self.nature,
            allocation=self.allocation,
            taux=self.taux,
            duree_mois=self.duree_mois,
        )


class VoieDeRecoursModele(Valeur):
    """Une voie de recours : son type, l'instance à saisir et le délai en mois."""

    type: TypeRecours = Field(examples=[TypeRecours.MEDIATION_PREALABLE])
    instance: Libelle = Field(examples=["Médiateur régional de France Travail Île-de-France"])
    delai_mois: int = Field(ge=1, le=24, examples=[2])

    def vers_domaine(self) -> VoieDeRecours:
        return VoieDeRecours(type=self.type, instance=self.instance, delai_mois=self.delai_mois)
