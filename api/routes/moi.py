"""The person's own space (issue 18 §6): with the token of their account, a person reads their record,
dossier, timeline, deadlines, rights and duties, the explanation of their orientation and who opened
their file, and asks for a rectification. Only their own: a parcours that is not theirs is a 404,
exactly like an unknown one. Each read of a parcours is logged like any other (CNIL 2021)."""

from collections.abc import Iterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from api import en_clair
from api.dependances import (
    DELAI_POSITION,
    ApplicationDep,
    PositionLue,
    PrincipalDep,
    ProjectionsDep,
    attendre_la_position,
    noter_la_consultation,
)
from api.modeles.lectures import DossierVue, LigneJournalVue
from api.modeles.moi import (
    AdresseMoi,
    ConsultationMoi,
    ContactMoi,
    DemanderRectification,
    EcheanceMoi,
    IdentiteMoi,
    MoiVue,
    RectificationDemandeeVue,
    RectificationVue,
    RepresentantMoi,
    TexteEnClair,
)
from api.problemes import Probleme
from api.routes.explication import ExplicationVue, explication
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE
from application import espace
from application.commandes_personne import parcours_ouvert
from application.principal import Role
from application.saisie import Saisie
from domain.identite import Contact
from domain.parcours import Parcours
from domain.personne import Personne
from infrastructure.consultations import EcrivainDeConsultations
from infrastructure.execution_projections import ProjectionsEnProcessus

routeur = APIRouter(prefix="/moi", tags=["espace personnel"])
REPONSES: dict[int | str, dict[str, Any]] = {**REPONSES_LECTURE, 403: REPONSES_COMMANDE[403]}
NON_RATTACHE = (
    "Votre compte n'est rattaché à aucun dossier : demandez à votre conseiller de l'enregistrer "
    "dans votre dossier, puis reconnectez-vous."
)


def moi(app: ApplicationDep, appelant: PrincipalDep) -> Personne:
    """The person the caller's account is linked to (``application.espace.relier``, merges followed)."""
    if appelant.role is not Role.PERSONNE:
        raise Probleme(403, "L'espace personnel est celui de la personne, connectée avec son compte.")
    if appelant.personne is None:
        raise Probleme(403, NON_RATTACHE, "compte-non-rattache")
    return app.personnes.lire(appelant.personne)


MoiDep = Annotated[Personne, Depends(moi)]
ParcoursChoisi = Annotated[
    UUID | None, Query(alias="parcours", description="L'un de vos parcours ; par défaut le plus récent.")
]


def mon_parcours(
    personne: MoiDep, app: ApplicationDep, request: Request, appelant: PrincipalDep, choisi: ParcoursChoisi = None
) -> Iterator[Parcours]:
    """One of the person's parcours (the latest by default); any other id is a 404. The read is
    logged once answered, as every read of a parcours."""
    parcours_id = choisi or (personne.parcours[-1] if personne.parcours else None)
    parcours = app.trouver(parcours_id) if parcours_id in personne.parcours_lies else None
    if parcours is None:
        raise Probleme(404, "Aucun parcours de ce numéro parmi les vôtres.", "parcours-introuvable")
    request.state.parcours = str(parcours.id)
    yield parcours
    noter_la_consultation(request, appelant, parcours.id, None)


MonParcours = Annotated[Parcours, Depends(mon_parcours, scope="function")]


def ligne_de_vue(vues: ProjectionsEnProcessus, vue: str, parcours_id: UUID, position_min: int | None) -> list[Any]:
    """The view's rows of the parcours once it reached ``position_min`` (or, with none, what the
    store holds now: a parcours just registered may be a page ahead of the view)."""
    attendre_la_position(vues, position_min)
    if position_min is None:
        vues.attendre(vues.application.recorder.max_notification_id() or 0, delai=DELAI_POSITION)
    lignes: list[Any] = vues.projecteurs[vue].lignes(str(parcours_id))
    return lignes


@routeur.get(
    "",
    summary="Lire ce que le service sait de moi",
    response_description="Vos données : identité, coordonnées, représentant, parcours.",
    response_model=MoiVue,
    responses=REPONSES,
)
def lire_moi(personne: MoiDep, app: ApplicationDep) -> MoiVue:
    """Ce que le service sait de vous : identité, coordonnées, représentant légal et vos parcours."""
    identite, representant = personne.identite, personne.representant
    ouvert = parcours_ouvert(app, personne)
    return MoiVue(
        personne_id=personne.id,
        identite=IdentiteMoi(
            nom_affiche=identite.nom_affiche,
            nom_naissance=identite.nom_naissance,
            nom_usage=identite.nom_usage,
            prenoms=list(identite.prenoms),
            date_naissance=identite.date_naissance,
        )
        if identite
        else None,
        contact=_contact(personne.contact),
        representant=RepresentantMoi(
            nom_affiche=representant.nom_affiche,
            qualite=representant.qualite.value,
            mesure_protection=representant.mesure_protection,
            contact=_contact(representant.contact) or ContactMoi(),
        )
        if representant
        else None,
        parcours=list(personne.parcours_lies),
        parcours_en_cours=ouvert or (personne.parcours[-1] if personne.parcours else None),
    )


def _contact(contact: Contact | None) -> ContactMoi | None:
    if contact is None:
        return None
    adresse = contact.adresse
    return ContactMoi(
        courriel=contact.courriel,
        telephone=contact.telephone,
        adresse=AdresseMoi(lignes=list(adresse.lignes), code_postal=adresse.code_postal, commune=adresse.commune)
        if adresse
        else None,
    )


@routeur.get(
    "/dossier",
    summary="Où en est mon parcours",
    response_description="Votre dossier.",
    response_model=DossierVue,
    responses=REPONSES,
)
def lire_mon_dossier(parcours: MonParcours, vues: ProjectionsDep, position_min: PositionLue) -> DossierVue:
    """Votre dossier : où en est votre parcours, qui vous accompagne, votre contrat, les procédures en cours."""
    lignes = ligne_de_vue(vues, "dossier", parcours.id, position_min)
    if not lignes:
        raise Probleme(404, f"Aucun parcours {parcours.id} parmi les vôtres.", "parcours-introuvable")
    return DossierVue.model_validate(lignes[0])


@routeur.get(
    "/chronologie",
    summary="Lire la chronologie de mon parcours",
    response_description="Les étapes de votre parcours, en clair.",
    response_model=list[LigneJournalVue],
    responses=REPONSES,
)
def lire_ma_chronologie(
    parcours: MonParcours, vues: ProjectionsDep, position_min: PositionLue
) -> list[LigneJournalVue]:
    """Chaque étape de votre parcours, en clair, avec qui l'a décidée et sur quel fondement."""
    return [LigneJournalVue.model_validate(ligne) for ligne in ligne_de_vue(vues, "journal", parcours.id, position_min)]


@routeur.get(
    "/echeances",
    summary="Lire mes échéances",
    response_description="Ce qui vous attend, et jusqu'à quand.",
    response_model=list[EcheanceMoi],
    responses=REPONSES,
)
def lire_mes_echeances(
    parcours: MonParcours, app: ApplicationDep, vues: ProjectionsDep, position_min: PositionLue
) -> list[EcheanceMoi]:
    """Ce qui vous attend et jusqu'à quand : contrat à signer, observations à présenter, recours possible…"""
    lignes = ligne_de_vue(vues, "corbeilles", parcours.id, position_min)
    return en_clair.echeances(lignes[0] if lignes else None, parcours, app.horloge().date())


@routeur.get(
    "/droits",
    summary="Lire mes droits et devoirs",
    response_description="Vos droits et devoirs, en clair.",
    response_model=list[TexteEnClair],
    responses=REPONSES,
)
def lire_mes_droits(parcours: MonParcours, app: ApplicationDep) -> list[TexteEnClair]:
    """Vos droits et devoirs en clair : ce que le contrat engage, la procédure avant toute sanction et
    ses délais, les voies de recours, vos droits sur les décisions algorithmiques et sur vos données."""
    return en_clair.droits(parcours, app.parametres)


@routeur.get(
    "/orientation/explication",
    summary="Lire l'explication de mon orientation",
    response_description="L'explication de votre orientation.",
    response_model=ExplicationVue,
    responses=REPONSES,
)
def lire_mon_explication(parcours: MonParcours, app: ApplicationDep) -> ExplicationVue:
    """L'explication de votre orientation, si un algorithme y a contribué (CRPA R.311-3-1-2)."""
    trouvee = explication(app, parcours)
    return ExplicationVue.model_validate({**vars(trouvee), "texte": trouvee.texte})


@routeur.get(
    "/consultations",
    summary="Savoir qui a consulté mon dossier",
    response_description="Les consultations de votre dossier par les agents.",
    response_model=list[ConsultationMoi],
    responses=REPONSES,
)
def lire_mes_consultations(personne: MoiDep, request: Request) -> list[ConsultationMoi]:
    """Qui a ouvert votre dossier : l'organisme, le rôle, la date, ce qui a été lu et le motif déclaré,
    les plus récentes d'abord ; vos propres lectures n'y sont pas."""
    ecrivain: EcrivainDeConsultations = request.app.state.consultations
    ecrivain.vider()
    entrees = [
        c for p in personne.parcours_lies for c in ecrivain.journal.lister(str(p)) if c.role != Role.PERSONNE.value
    ]
    return [en_clair.consultation(c) for c in sorted(entrees, key=lambda c: c.consulte_le, reverse=True)]


@routeur.get(
    "/rectifications",
    summary="Lire mes demandes de rectification",
    response_description="Vos demandes et leurs réponses.",
    response_model=list[RectificationVue],
    responses=REPONSES,
)
def lire_mes_rectifications(personne: MoiDep, app: ApplicationDep) -> list[RectificationVue]:
    """Vos demandes de rectification et leurs réponses."""
    return [vue(r) for r in espace.rectifications(app, personne)]


def vue(r: espace.Rectification) -> RectificationVue:
    return RectificationVue.model_validate({**vars(r), "en_attente": r.en_attente})


@routeur.post(
    "/rectifications",
    summary="Demander la rectification d'une donnée",
    response_description="Demande enregistrée.",
    status_code=201,
    response_model=RectificationDemandeeVue,
    responses=REPONSES_COMMANDE,
    openapi_extra={"x-roles": [Role.PERSONNE.value]},
)
def demander_rectification(
    corps: DemanderRectification, personne: MoiDep, app: ApplicationDep, appelant: PrincipalDep
) -> RectificationDemandeeVue:
    """Demandez la correction d'une donnée inexacte (RGPD art. 16) : un conseiller vous répond dans le mois."""
    saisie = Saisie(principal=appelant, motif=corps.correction)
    resultat, numero = espace.demander_rectification(app, personne, saisie, corps.objet)
    return RectificationDemandeeVue(
        numero=numero, personne_id=resultat.personne_id, version=resultat.version, position=resultat.position
    )
