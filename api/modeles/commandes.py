"""Bodies of the commands: the step's content beside the common context (motive, business time, basis)."""

from datetime import date

from pydantic import Field

from api.modeles.commun import Contexte
from api.modeles.valeurs import (
    ContratModele,
    DiagnosticModele,
    InscriptionModele,
    ManquementModele,
    OrientationModele,
    ReferentModele,
    SanctionModele,
    VoieDeRecoursModele,
)
from domain.vocabulaire import Destinataire, IssueRecours, ModeOrientation, MotifSortie, TypeRecours


class Inscrire(Contexte):
    inscription: InscriptionModele


class Sortir(Contexte):
    motif_sortie: MotifSortie = Field(examples=[MotifSortie.EMPLOI_DURABLE])


class Rouvrir(Contexte):
    inscription: InscriptionModele


class Rectifier(Contexte):
    version_rectifiee: int = Field(ge=1, description="Numéro de l'événement rectifié.", examples=[2])
    corrections: dict[str, str] = Field(
        min_length=1, max_length=20, description="Champ → valeur corrigée.", examples=[{"criteres.age": "31"}]
    )


class Orienter(Contexte):
    orientation: OrientationModele
    mode: ModeOrientation = Field(examples=[ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT])


class DesignerReferent(Contexte):
    referent: ReferentModele


class Reorienter(Contexte):
    orientation: OrientationModele


class RealiserDiagnostic(Contexte):
    diagnostic: DiagnosticModele


class SignerContrat(Contexte):
    contrat: ContratModele


class ConstaterManquement(Contexte):
    manquement: ManquementModele


class OuvrirContradictoire(Contexte):
    manquements: list[str] = Field(min_length=1, max_length=20, examples=[["3f2a..."]])
    sanction_envisagee: SanctionModele
    destinataire: Destinataire = Field(default=Destinataire.PERSONNE)


class ReceptionnerAvis(Contexte):
    recu_le: date = Field(description="Date certaine de réception de l'avis.", examples=["2025-07-01"])


class TenirAudition(Contexte):
    assistee_par: str | None = Field(default=None, max_length=200, examples=["Un proche"])


class DeciderSanction(Contexte):
    sanction: SanctionModele
    avis_equipe_pluridisciplinaire: bool = Field(default=False, description="Avis de l'EP recueilli (RSA).")


class NotifierSanction(Contexte):
    voies_de_recours: list[VoieDeRecoursModele] = Field(min_length=1, max_length=5)


class IntroduireRecours(Contexte):
    type_recours: TypeRecours = Field(examples=[TypeRecours.MEDIATION_PREALABLE])


class TrancherRecours(Contexte):
    issue: IssueRecours = Field(examples=[IssueRecours.REJET])
    sanction_reformee: SanctionModele | None = None
