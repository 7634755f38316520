"""Reading a parcours: its state (now, at a version, as known at a date) and its history with envelopes."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from api.dependances import ApplicationDep, ParcoursVisible, ProjectionsDep
from api.modeles.lectures import DossierVue, EnTeteVue, EvenementVue, LigneJournalVue
from api.problemes import Probleme
from api.routes.reponses import REPONSES_LECTURE
from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit
from infrastructure.execution_projections import ProjectionsEnProcessus

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["lecture"])

ALaDate = Annotated[
    AwareDatetime | None,
    Query(
        description="Tel que le système le connaissait à cette date d'enregistrement.",
        examples=["2025-07-01T00:00:00Z"],
    ),
]
Version = Annotated[int | None, Query(ge=1, description="Tel qu'il était à cette version.")]
PositionMin = Annotated[
    int | None,
    Query(ge=1, description="Attendre que la vue ait atteint cette position du journal des événements."),
]
DELAI_POSITION = 5.0
"""How long a read waits for a view to reach the position asked (seconds)."""


def etat(
    app: ParcoursApplication, parcours: Parcours, a_la_date: AwareDatetime | None, version: int | None
) -> Parcours:
    if a_la_date is not None and version is not None:
        raise Probleme(422, "Choisir a_la_date ou version, pas les deux.")
    try:
        if a_la_date is not None:
            return app.parcours_au(parcours.id, a_la_date)
        if version is not None:
            return app.parcours(parcours.id, version=min(version, parcours.version))
    except ParcoursNonInscrit as erreur:
        raise Probleme(404, erreur.detail, "parcours-introuvable") from erreur
    return parcours


@routeur.get("", response_model=DossierVue, responses=REPONSES_LECTURE)
def lire_parcours(
    parcours: ParcoursVisible,
    app: ApplicationDep,
    response: Response,
    a_la_date: ALaDate = None,
    version: Version = None,
) -> DossierVue:
    """Le dossier : statut, orientation, référent, contrat, procédures en cours et leurs délais."""
    vu = etat(app, parcours, a_la_date, version)
    response.headers["ETag"] = f'"{vu.version}"'
    return DossierVue.model_validate(
        {**vars(vu), "id": vu.id, "version": vu.version, "organisme_responsable": vu.organisme_responsable,
         "procedures": list(vu.procedures.values())}
    )  # fmt: skip


@routeur.get("/dossier", response_model=EnTeteVue, responses=REPONSES_LECTURE)
def lire_en_tete(parcours: ParcoursVisible, projections: ProjectionsDep, position_min: PositionMin = None) -> EnTeteVue:
    """L'en-tête du dossier depuis la vue dossier (lecture rapide pour les écrans). Avec
    `position_min`, la réponse attend que la vue ait atteint la position rendue par une commande."""
    attendre_la_position(projections, position_min)
    (ligne,) = projections.projecteurs["dossier"].lignes(str(parcours.id)) or [None]
    if ligne is None:  # visible in the store, not yet in the view: ask with position_min
        raise Probleme(
            404, "Le dossier n'est pas encore dans la vue : relire avec position_min.", "parcours-introuvable"
        )
    return EnTeteVue.model_validate(ligne)


def attendre_la_position(projections: ProjectionsEnProcessus, position_min: int | None) -> None:
    """Read-your-writes: wait, bounded, until the views reach the position a command returned."""
    if position_min is None:
        return
    if projections.au_dela_du_journal(position_min):
        raise Probleme(422, f"La position {position_min} n'existe pas encore dans le journal des événements.")
    if not projections.attendre(position_min, delai=DELAI_POSITION):
        raise Probleme(
            503,
            f"La vue n'a pas encore atteint la position {position_min} ; réessayez.",
            "projection-en-retard",
            position=projections.position,
        )


@routeur.get("/journal", response_model=list[LigneJournalVue], responses=REPONSES_LECTURE)
def lire_journal(
    parcours: ParcoursVisible, projections: ProjectionsDep, position_min: PositionMin = None
) -> list[LigneJournalVue]:
    """La chronologie du parcours en clair, depuis la vue journal. Avec `position_min` (la position
    rendue par une commande), la réponse attend que la vue l'ait atteinte : lire ses écritures sans
    boucler."""
    attendre_la_position(projections, position_min)
    lignes = projections.projecteurs["journal"].lignes(str(parcours.id))
    return [LigneJournalVue.model_validate(ligne) for ligne in lignes]


@routeur.get("/historique", response_model=list[EvenementVue], responses=REPONSES_LECTURE)
def lire_historique(
    parcours: ParcoursVisible, app: ApplicationDep, a_la_date: ALaDate = None, version: Version = None
) -> list[EvenementVue]:
    """Chaque événement, dans l'ordre, avec qui a décidé, sur quel fondement, avec quels critères."""
    if a_la_date is not None and version is not None:
        raise Probleme(422, "Choisir a_la_date ou version, pas les deux.")
    evenements = app.historique(parcours.id, jusqu_a_version=version, au=a_la_date)
    if not evenements:  # asked as of a date before its inscription: unknown then, as for the dossier
        raise Probleme(404, f"Aucun parcours {parcours.id} enregistré à cette date.", "parcours-introuvable")
    return [EvenementVue.depuis(e) for e in evenements]
