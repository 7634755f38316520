"""Orientation decided and notified, entretien d'orientation, référent, réorientation (CT L.5411-5-1)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.acces import AGENTS, AUTORITE
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursVisible
from api.modeles.commandes import (
    CompleterDonneesOrientation,
    DesignerReferent,
    Orienter,
    ReexaminerSituation,
    Reorienter,
)
from api.modeles.commun import Contexte
from api.routes.reponses import commande
from application.parcours import ParcoursApplication

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["orientation"])


@routeur.post("/orientation", summary="Décider l'orientation", **commande(ParcoursApplication.orienter, AGENTS))
def orienter(parcours: ParcoursVisible, corps: Orienter, app: ApplicationDep, executeur: ExecuteurDep) -> JSONResponse:
    """Décide l'orientation : validation de la proposition de l'algorithme, ou décision d'un agent
    (un écart avec la proposition exige un motif)."""
    orientation = corps.orientation.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.orienter(parcours, saisie, orientation, corps.mode))


@routeur.post(
    "/orientation/donnees",
    summary="Compléter les données d'orientation",
    **commande(ParcoursApplication.completer_donnees_orientation, AGENTS),
)
def completer_donnees_orientation(
    parcours: ParcoursVisible, corps: CompleterDonneesOrientation, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Complète ou corrige les données d'orientation : l'algorithme propose de nouveau, sur toutes les
    données connues, avec la version du référentiel en vigueur à la date d'effet (nouvelle trace)."""
    donnees = [d.vers_application() for d in corps.donnees]
    return executeur.executer(corps, lambda saisie: app.completer_donnees_orientation(parcours, saisie, donnees))


@routeur.post(
    "/orientation/notification",
    summary="Notifier l'orientation",
    **commande(ParcoursApplication.notifier_orientation, AGENTS),
)
def notifier_orientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Notifie l'orientation : le mois pour signer le contrat commence (CT D.5411-14-1)."""
    return executeur.executer(corps, lambda saisie: app.notifier_orientation(parcours, saisie))


@routeur.post(
    "/entretien-orientation",
    summary="Enregistrer l'entretien d'orientation",
    **commande(ParcoursApplication.tenir_entretien_orientation, AGENTS),
)
def tenir_entretien_orientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre l'entretien d'orientation tenu quand la proposition n'est pas évidente."""
    return executeur.executer(corps, lambda saisie: app.tenir_entretien_orientation(parcours, saisie))


@routeur.post(
    "/referent", summary="Désigner le référent unique", **commande(ParcoursApplication.designer_referent, AGENTS)
)
def designer_referent(
    parcours: ParcoursVisible, corps: DesignerReferent, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Désigne le référent unique, dans l'organisme référent (CT L.5411-6)."""
    referent = corps.referent.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.designer_referent(parcours, saisie, referent))


@routeur.post(
    "/reorientation",
    summary="Demander une réorientation",
    **commande(ParcoursApplication.demander_reorientation, AGENTS),
)
def demander_reorientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Demande une réorientation, avec son motif."""
    return executeur.executer(corps, lambda saisie: app.demander_reorientation(parcours, saisie))


@routeur.post(
    "/reorientation/acceptation",
    summary="Accepter une demande de réorientation",
    **commande(ParcoursApplication.reorienter, AGENTS),
)
def accepter_reorientation(
    parcours: ParcoursVisible, corps: Reorienter, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Accepte la demande : nouvelle orientation, à notifier ; le mois du contrat recommence."""
    orientation = corps.orientation.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.reorienter(parcours, saisie, orientation))


@routeur.post(
    "/reorientation/refus",
    summary="Refuser une demande de réorientation",
    **commande(ParcoursApplication.refuser_reorientation, AGENTS),
)
def refuser_reorientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Refuse la demande. Décision défavorable, elle est motivée en droit et en fait (CRPA, art. L.211-2 et
    L.211-5) : le `motif` énonce les faits qui justifient le refus ; sans lui, la commande est refusée
    (`decision-defavorable-non-motivee`)."""
    return executeur.executer(corps, lambda saisie: app.refuser_reorientation(parcours, saisie))


@routeur.post(
    "/reexamen-rsa",
    summary="Réexaminer la situation d'un bénéficiaire du RSA",
    **commande(ParcoursApplication.reexaminer_situation, AGENTS | AUTORITE),
)
def reexaminer_situation(
    parcours: ParcoursVisible, corps: ReexaminerSituation, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre le réexamen par l'équipe pluridisciplinaire d'un bénéficiaire du RSA orienté vers un parcours
    social, au plus tard six mois (jusqu'à douze) après l'orientation : maintien jusqu'au prochain réexamen, ou
    réorientation à décider (CASF L.262-31). Réservé au président du conseil départemental."""
    return executeur.executer(corps, lambda saisie: app.reexaminer_situation(parcours, saisie, corps.maintenu))
