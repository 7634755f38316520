"""The explanation of an algorithmic orientation decision (CRPA L.311-3-1, R.311-3-1-2): read it,
ask for it (a request with a one-month deadline), and record that it was communicated."""

from uuid import uuid4

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.acces import AGENTS, PERSONNE
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, LectureRequise, ParcoursLu, ParcoursVisible
from api.modeles.bornes import Identifiant
from api.modeles.commun import CommandeAcceptee, Contexte
from api.problemes import Probleme
from api.routes.reponses import LECTURE_RESTREINTE, REPONSES_LECTURE, commande
from application.parcours import ParcoursApplication
from domain.competence import Lecture
from domain.parcours import Parcours
from domain.regles.explication import SansDecisionAlgorithmique
from projections.explication import Explication, expliquer

routeur = APIRouter(prefix="/parcours/{parcours_id}/orientation/explication", tags=["orientation"])


class ExplicationVue(BaseModel):
    """Les quatre éléments de CRPA R.311-3-1-2, rédigés depuis la décision enregistrée."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "referentiel": "orientation",
                    "version": "2025.1",
                    "empreinte": "sha256:5f1c…",
                    "proposee_le": "02/06/2025",
                    "contribution": "l'algorithme a proposé France Travail, parcours emploi (règle R04) ; …",
                    "donnees": ["age = 30 (déclaration, 01/06/2025)"],
                    "parametres": ["R01 (non appliquée) — …", "R04 (appliquée) — …"],
                    "operations": ["Les règles du référentiel 2025.1 ont été examinées dans l'ordre publié …"],
                    "mention": "Cette décision a été prise sur le fondement d'un traitement algorithmique. …",
                    "voies_de_recours": ["Vous pouvez contester la décision d'orientation …"],
                    "texte": "Explication de la décision d'orientation …",
                }
            ]
        },
    )

    referentiel: str
    version: str
    empreinte: str
    proposee_le: str
    contribution: str = Field(description="1° Degré et mode de contribution de l'algorithme à la décision.")
    donnees: list[str] = Field(description="2° Données traitées et leurs sources.")
    parametres: list[str] = Field(description="3° Paramètres et leur pondération, appliqués à la situation.")
    operations: list[str] = Field(description="4° Opérations effectuées par le traitement.")
    mention: str = Field(description="Mention de l'article L.311-3-1 du CRPA.")
    voies_de_recours: list[str]
    texte: str = Field(description="Le tout, tel qu'il est communiqué à la personne.")


class ExplicationDemandee(CommandeAcceptee):
    """La demande d'explication est enregistrée : son identifiant, la version du parcours et la position à
    attendre."""

    demande_id: str = Field(
        description="Identifiant de la demande, à citer lors de la communication.",
        examples=["9b2e4c7a1d3f4e5a8c6b0d2f4a6c8e13"],
    )


def explication(app: ParcoursApplication, parcours: Parcours) -> Explication:
    trouvee = expliquer(app.historique(parcours.id))
    if trouvee is None:
        erreur = SansDecisionAlgorithmique("Ce parcours n'a reçu aucune proposition de l'algorithme d'orientation.")
        raise Probleme(404, erreur.detail, erreur.code)
    return trouvee


@routeur.get(
    "",
    summary="Lire l'explication de l'orientation",
    response_description="L'explication de la décision (CRPA R.311-3-1-2).",
    response_model=ExplicationVue,
    dependencies=[Depends(LectureRequise(frozenset({Lecture.ORIENTATION}), "L'explication de l'orientation"))],
    responses={**REPONSES_LECTURE, 403: LECTURE_RESTREINTE},
)
def lire_explication(parcours: ParcoursLu, app: ApplicationDep) -> ExplicationVue:
    """L'explication de la décision d'orientation fondée sur l'algorithme : contribution de
    l'algorithme, données et sources, paramètres appliqués, opérations, mention L.311-3-1 et voies
    de recours. Produite depuis la décision enregistrée, jamais en rejouant les règles du jour."""
    trouvee = explication(app, parcours)
    return ExplicationVue.model_validate({**vars(trouvee), "texte": trouvee.texte})


@routeur.post(
    "/demandes",
    summary="Demander l'explication de l'orientation",
    status_code=201,
    **commande(ParcoursApplication.demander_explication, AGENTS | PERSONNE, ExplicationDemandee),
)
def demander_explication(
    parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """La personne (ou un agent pour elle) demande l'explication : réponse due dans le mois (CRPA R.311-3-1-2)."""
    ident = uuid4().hex
    return executeur.executer(
        corps, lambda saisie: app.demander_explication(parcours, saisie, ident), statut=201, cree={"demande_id": ident}
    )


@routeur.post(
    "/demandes/{did}/communication",
    summary="Communiquer l'explication à la personne",
    **commande(ParcoursApplication.communiquer_explication, AGENTS),
)
def communiquer_explication(
    did: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre la communication de l'explication à la personne ; son texte, produit depuis la
    décision enregistrée, est conservé dans l'historique tel qu'il a été communiqué."""
    texte = explication(app, parcours).texte
    return executeur.executer(corps, lambda saisie: app.communiquer_explication(parcours, saisie, did, texte))
