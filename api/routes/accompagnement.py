"""Diagnostic, contrat d'engagement, droits et devoirs (CT L.5411-5-2, L.5411-6)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.acces import AGENTS
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursVisible
from api.modeles.commandes import RealiserDiagnostic, SignerContrat
from api.modeles.commun import Contexte
from api.routes.reponses import commande
from application.parcours import ParcoursApplication

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["accompagnement"])


@routeur.post(
    "/diagnostic", summary="Réaliser le diagnostic global", **commande(ParcoursApplication.realiser_diagnostic, AGENTS)
)
def realiser_diagnostic(
    parcours: ParcoursVisible, corps: RealiserDiagnostic, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre une nouvelle version du diagnostic global, établi avec la personne."""
    diagnostic = corps.diagnostic.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.realiser_diagnostic(parcours, saisie, diagnostic))


@routeur.post(
    "/contrat", summary="Signer le contrat d'engagement", **commande(ParcoursApplication.signer_contrat, AGENTS)
)
def signer_contrat(
    parcours: ParcoursVisible, corps: SignerContrat, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Signe le contrat d'engagement avec l'organisme référent (au moins 15 h par semaine, sauf motif)."""
    contrat = corps.contrat.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.signer_contrat(parcours, saisie, contrat))


@routeur.post(
    "/contrat/mise-a-jour",
    summary="Mettre à jour le contrat d'engagement",
    **commande(ParcoursApplication.mettre_a_jour_contrat, AGENTS),
)
def mettre_a_jour_contrat(
    parcours: ParcoursVisible, corps: SignerContrat, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Met à jour le contrat : une nouvelle version, les précédentes restent dans l'historique."""
    contrat = corps.contrat.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.mettre_a_jour_contrat(parcours, saisie, contrat))


@routeur.post(
    "/droits-devoirs/information",
    summary="Informer la personne de ses droits et devoirs",
    **commande(ParcoursApplication.informer_droits_devoirs, AGENTS),
)
def informer_droits_devoirs(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre que la personne a été informée de ses droits et devoirs."""
    return executeur.executer(corps, lambda saisie: app.informer_droits_devoirs(parcours, saisie))


@routeur.post(
    "/droits-devoirs/revue",
    summary="Revoir les droits et devoirs",
    **commande(ParcoursApplication.revoir_droits_devoirs, AGENTS),
)
def revoir_droits_devoirs(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre la revue périodique des droits et devoirs ; fixe la suivante."""
    return executeur.executer(corps, lambda saisie: app.revoir_droits_devoirs(parcours, saisie))
