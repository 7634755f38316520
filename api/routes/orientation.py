"""Orientation decided and notified, entretien d'orientation, référent, réorientation (CT L.5411-5-1)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.acces import Commande
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursVisible
from api.modeles.commandes import CompleterDonneesOrientation, DesignerReferent, Orienter, Reorienter
from api.modeles.commun import Contexte
from api.routes.reponses import commande

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["orientation"])


@routeur.post("/orientation", **commande(Commande.ORIENTER))
def orienter(parcours: ParcoursVisible, corps: Orienter, app: ApplicationDep, executeur: ExecuteurDep) -> JSONResponse:
    """Décide l'orientation : validation de la proposition de l'algorithme, ou décision d'un agent
    (un écart avec la proposition exige un motif)."""
    orientation = corps.orientation.vers_domaine()
    return executeur.executer(Commande.ORIENTER, corps, lambda d: app.orienter(parcours.id, d, orientation, corps.mode))


@routeur.post("/orientation/donnees", **commande(Commande.COMPLETER_DONNEES_ORIENTATION))
def completer_donnees_orientation(
    parcours: ParcoursVisible, corps: CompleterDonneesOrientation, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Complète ou corrige les données d'orientation : l'algorithme propose de nouveau, sur toutes les
    données connues, avec la version du référentiel en vigueur à la date d'effet (nouvelle trace)."""
    donnees = [d.vers_application() for d in corps.donnees]
    return executeur.executer(
        Commande.COMPLETER_DONNEES_ORIENTATION,
        corps,
        lambda d: app.completer_donnees_orientation(parcours.id, d, donnees),
    )


@routeur.post("/orientation/notification", **commande(Commande.NOTIFIER_ORIENTATION))
def notifier_orientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Notifie l'orientation : le mois pour signer le contrat commence (CT D.5411-14-1)."""
    return executeur.executer(Commande.NOTIFIER_ORIENTATION, corps, lambda d: app.notifier_orientation(parcours.id, d))


@routeur.post("/entretien-orientation", **commande(Commande.TENIR_ENTRETIEN_ORIENTATION))
def tenir_entretien_orientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre l'entretien d'orientation tenu quand la proposition n'est pas évidente."""
    return executeur.executer(
        Commande.TENIR_ENTRETIEN_ORIENTATION, corps, lambda d: app.tenir_entretien_orientation(parcours.id, d)
    )


@routeur.post("/referent", **commande(Commande.DESIGNER_REFERENT))
def designer_referent(
    parcours: ParcoursVisible, corps: DesignerReferent, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Désigne le référent unique, dans l'organisme référent (CT L.5411-6)."""
    referent = corps.referent.vers_domaine()
    return executeur.executer(
        Commande.DESIGNER_REFERENT, corps, lambda d: app.designer_referent(parcours.id, d, referent)
    )


@routeur.post("/reorientation", **commande(Commande.DEMANDER_REORIENTATION))
def demander_reorientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Demande une réorientation, avec son motif."""
    return executeur.executer(
        Commande.DEMANDER_REORIENTATION, corps, lambda d: app.demander_reorientation(parcours.id, d)
    )


@routeur.post("/reorientation/acceptation", **commande(Commande.DECIDER_REORIENTATION))
def accepter_reorientation(
    parcours: ParcoursVisible, corps: Reorienter, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Accepte la demande : nouvelle orientation, à notifier ; le mois du contrat recommence."""
    orientation = corps.orientation.vers_domaine()
    return executeur.executer(
        Commande.DECIDER_REORIENTATION, corps, lambda d: app.reorienter(parcours.id, d, orientation)
    )


@routeur.post("/reorientation/refus", **commande(Commande.DECIDER_REORIENTATION))
def refuser_reorientation(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Refuse la demande, avec son motif."""
    return executeur.executer(
        Commande.DECIDER_REORIENTATION, corps, lambda d: app.refuser_reorientation(parcours.id, d)
    )
