"""Diagnostic, contrat d'engagement, droits et devoirs (CT L.5411-5-2, L.5411-6)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.acces import Commande
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursVisible
from api.modeles.commandes import RealiserDiagnostic, SignerContrat
from api.modeles.commun import Contexte
from api.routes.reponses import commande

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["accompagnement"])


@routeur.post("/diagnostic", **commande(Commande.REALISER_DIAGNOSTIC))
def realiser_diagnostic(
    parcours: ParcoursVisible, corps: RealiserDiagnostic, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre une nouvelle version du diagnostic global, établi avec la personne."""
    diagnostic = corps.diagnostic.vers_domaine()
    return executeur.executer(
        Commande.REALISER_DIAGNOSTIC, corps, lambda d: app.realiser_diagnostic(parcours.id, d, diagnostic)
    )


@routeur.post("/contrat", **commande(Commande.SIGNER_CONTRAT))
def signer_contrat(
    parcours: ParcoursVisible, corps: SignerContrat, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Signe le contrat d'engagement avec l'organisme référent (au moins 15 h par semaine, sauf motif)."""
    contrat = corps.contrat.vers_domaine()
    return executeur.executer(Commande.SIGNER_CONTRAT, corps, lambda d: app.signer_contrat(parcours.id, d, contrat))


@routeur.post("/contrat/mise-a-jour", **commande(Commande.METTRE_A_JOUR_CONTRAT))
def mettre_a_jour_contrat(
    parcours: ParcoursVisible, corps: SignerContrat, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Met à jour le contrat : une nouvelle version, les précédentes restent dans l'historique."""
    contrat = corps.contrat.vers_domaine()
    return executeur.executer(
        Commande.METTRE_A_JOUR_CONTRAT, corps, lambda d: app.mettre_a_jour_contrat(parcours.id, d, contrat)
    )


@routeur.post("/droits-devoirs/information", **commande(Commande.INFORMER_DROITS_DEVOIRS))
def informer_droits_devoirs(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre que la personne a été informée de ses droits et devoirs."""
    return executeur.executer(
        Commande.INFORMER_DROITS_DEVOIRS, corps, lambda d: app.informer_droits_devoirs(parcours.id, d)
    )


@routeur.post("/droits-devoirs/revue", **commande(Commande.REVOIR_DROITS_DEVOIRS))
def revoir_droits_devoirs(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre la revue périodique des droits et devoirs ; fixe la suivante."""
    return executeur.executer(
        Commande.REVOIR_DROITS_DEVOIRS, corps, lambda d: app.revoir_droits_devoirs(parcours.id, d)
    )
