"""Ready-made values and decisions for tests, named by what they are in the domain."""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from application.orientation import Donnee
from domain.contrat import Action, Contrat, Dispense
from domain.courrier import Pli
from domain.decision import Auteur, Autorite, Critere, Decision, ReferenceReferentiel
from domain.diagnostic import Diagnostic, ItemDiagnostic
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation, PropositionOrientation, Referent, TraceRegle
from domain.parametres import PARAMETRES_2025_1
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.vocabulaire import (
    Allocation,
    CanalCourrier,
    CanalInscription,
    MotifInscription,
    NatureSanction,
    NiveauFrein,
    NiveauSanction,
    Organisme,
    RaisonDispense,
    SourceDonnee,
    ThemeDiagnostic,
    TypeAuteur,
    TypeAutorite,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)

CONSEILLER = Auteur(type=TypeAuteur.CONSEILLER, id="agent-42", organisme="FT-75-012", role="conseiller")
PERSONNE = Auteur(type=TypeAuteur.PERSONNE, id="personne-1")
ALGORITHME = Auteur(type=TypeAuteur.ALGORITHME, id="orientation@2025.1")
SYSTEME = Auteur(type=TypeAuteur.SYSTEME, id="parcours")
FLUX_CAF = Auteur(type=TypeAuteur.PARTENAIRE, id="flux-caf", organisme="CAF-75", role="partenaire")
AUTORITE = Auteur(type=TypeAuteur.AUTORITE, id="dr-idf", organisme="FT-DR-IDF", role="autorite_sanction")
DIRECTEUR_REGIONAL = Autorite(type=TypeAutorite.FRANCE_TRAVAIL, id="FT-DR-IDF")
PRESIDENT_DEPARTEMENT = Autorite(type=TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL, id="CD-75")

EMPLOI_FT = Orientation(type_parcours=TypeParcours.EMPLOI, organisme=Organisme.FRANCE_TRAVAIL)
SOCIAL_DEPARTEMENT = Orientation(type_parcours=TypeParcours.SOCIAL, organisme=Organisme.DEPARTEMENT)
REFERENTIEL = ReferenceReferentiel(id="orientation", version="2025.1", empreinte="sha256:abc", regles=("R04",))


def le(jour: date, heure: int = 10) -> datetime:
    return datetime(jour.year, jour.month, jour.day, heure, tzinfo=UTC)


def decision(
    auteur: Auteur = CONSEILLER,
    jour: date = date(2025, 6, 2),
    motif: str | None = None,
    autorite: Autorite | None = None,
    criteres: tuple[Critere, ...] = (),
) -> Decision:
    return Decision(auteur=auteur, effective_le=le(jour), motif=motif, autorite=autorite, criteres=criteres)


def inscription(motif: MotifInscription = MotifInscription.DEMANDE) -> Inscription:
    return Inscription(motif=motif, canal=CanalInscription.EN_LIGNE, territoire=Territoire("75", "Paris"))


def critere(nom: str, valeur: str | int | bool, sensible: bool = False) -> Critere:
    return Critere(
        nom=nom, valeur=valeur, source=SourceDonnee.DECLARATION, collecte_le=date(2025, 6, 1), sensible=sensible
    )


def proposition(
    orientation: Orientation | None = EMPLOI_FT, regle: str = "R04", sensible: bool = False
) -> PropositionOrientation:
    """A proposal; ``sensible``: a sensitive input was read, so a person must validate it."""
    trace = (TraceRegle(regle=regle, declenchee=True, explication="activité récente, pas de frein"),)
    return PropositionOrientation(
        referentiel=REFERENTIEL,
        regle=regle,
        orientation=orientation,
        trace=trace,
        donnee_sensible=sensible,
        validation_humaine=sensible or orientation is None,
    )


def donnee(nom: str, valeur: str | int | bool) -> Donnee:
    return Donnee(nom=nom, valeur=valeur, source=SourceDonnee.DECLARATION, collecte_le=date(2025, 6, 1))


DONNEES_EMPLOI = (
    donnee("age", 30),
    donnee("activite_recente_24_mois", True),
    donnee("capacite_a_se_projeter", "oui"),
    donnee("freins.mobilite", "sans_impact"),
)
"""Referential 2025.1, rule R04: France Travail, parcours emploi, confirmed by the algorithm alone."""


def referent(organisme: Organisme = Organisme.FRANCE_TRAVAIL) -> Referent:
    return Referent(id="agent-42", organisme=organisme)


def diagnostic() -> Diagnostic:
    items = (ItemDiagnostic(ThemeDiagnostic.MOBILITE, NiveauFrein.MOYEN, SourceDonnee.CONSEILLER),)
    return Diagnostic(items=items, realise_avec_la_personne=True)


def contrat(
    heures: int = 15,
    organisme: Organisme = Organisme.FRANCE_TRAVAIL,
    justification: str | None = None,
    dispense: Dispense | None = None,
) -> Contrat:
    return Contrat(
        organisme=organisme,
        referent="agent-42",
        objectifs=("Retrouver un emploi de cariste",),
        actions=(Action("Atelier CV", date(2025, 7, 1)),),
        heures_hebdo=heures,
        justification_reduction=justification,
        dispense=dispense,
    )


def dispense_sante() -> Dispense:
    return Dispense(raison=RaisonDispense.SANTE, demandee_par_la_personne=True)


def manquement(
    type_manquement: TypeManquement = TypeManquement.ASSIDUITE, allocation: Allocation | None = None
) -> Manquement:
    return Manquement(
        type=type_manquement, faits="Absent à trois ateliers", preuves=("feuille d'émargement",), allocation=allocation
    )


def suspension(
    niveau: NiveauSanction = NiveauSanction.NIVEAU_1,
    taux: int = 30,
    mois: int = 1,
    allocation: Allocation = Allocation.ARE,
) -> Sanction:
    return Sanction(
        niveau=niveau, nature=NatureSanction.SUSPENSION, allocation=allocation, taux=Decimal(taux), duree_mois=mois
    )


def suppression_totale(allocation: Allocation = Allocation.ARE, mois: int = 4) -> Sanction:
    return Sanction(
        niveau=NiveauSanction.NIVEAU_2,
        nature=NatureSanction.SUPPRESSION,
        allocation=allocation,
        taux=Decimal(100),
        duree_mois=mois,
    )


MOTIF_SANCTION = (
    "Absent sans motif aux ateliers collectifs des 11, 13 et 18 juin, attesté par les feuilles d'émargement ; "
    "aucune observation reçue dans le délai"
)
"""The facts an unfavourable decision rests on (CRPA L.211-2, L.211-5): a sanction..."""
MOTIF_RADIATION = (
    "Suppression totale de l'allocation pour quatre mois, notifiée le 16 août : radiation pour la même durée"
)
"""...a radiation..."""
MOTIF_REJET = "Les absences aux ateliers ne sont justifiées par aucune pièce produite à l'appui du recours"
"""...a recours decision that keeps the sanction..."""
MOTIF_REFORMATION = "Reprise des démarches attestée depuis le recours : la sanction est ramenée à deux mois"
"""...or that replaces it."""

VOIES_DE_RECOURS = (VoieDeRecours(type=TypeRecours.MEDIATION_PREALABLE, instance="Médiateur régional", delai_mois=2),)

P = PARAMETRES_2025_1
"""The parameters in force in every scenario (décret 2025-478)."""


# --- added for the contrat, sanction and recours scenarios ----------------------------------------

ELU_DEPARTEMENT = Auteur(type=TypeAuteur.AUTORITE, id="pcd-75", organisme="CD-75", role="autorite_sanction")


def decision_autorite(
    jour: date, autorite: Autorite = DIRECTEUR_REGIONAL, auteur: Auteur = AUTORITE, motif: str | None = None
) -> Decision:
    """A decision of the authority competent for the sanction (France Travail unless told)."""
    return decision(auteur=auteur, autorite=autorite, jour=jour, motif=motif)


def suppression(
    niveau: NiveauSanction = NiveauSanction.NIVEAU_2,
    taux: int = 30,
    mois: int = 1,
    allocation: Allocation = Allocation.ARE,
) -> Sanction:
    return Sanction(
        niveau=niveau, nature=NatureSanction.SUPPRESSION, allocation=allocation, taux=Decimal(taux), duree_mois=mois
    )


def avertissement(allocation: Allocation = Allocation.ARE) -> Sanction:
    return Sanction(niveau=NiveauSanction.AVERTISSEMENT, nature=NatureSanction.AVERTISSEMENT, allocation=allocation)


EMPREINTE_COURRIER = hashlib.sha256(b"un courrier").hexdigest()


def pli(lu_a_la_version: int, canal: CanalCourrier = CanalCourrier.COURRIER) -> Pli:
    """A letter as it left, read at ``lu_a_la_version`` of the parcours (its bytes do not matter here)."""
    return Pli(
        empreinte=EMPREINTE_COURRIER,
        canal=canal,
        reference="c-0001",
        lu_a_la_version=lu_a_la_version,
        personne_version=None,
        parametres=P.version,
    )
