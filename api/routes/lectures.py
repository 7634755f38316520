"""Reading a parcours: its dossier (the view), its full state (now, at a version, as known at a date),
its timeline and its history with envelopes."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from api.dependances import (
    ApplicationDep,
    DossierVisible,
    ParcoursVisible,
    ProjectionsDep,
)
from api.modeles.lectures import DossierVue, EtatVue, EvenementVue, LigneJournalVue
from api.problemes import Probleme
from api.routes.reponses import REPONSES_LECTURE
from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["lecture"])

ALaDate = Annotated[
    AwareDatetime | None,
    Query(
        description="Tel que le système le connaissait à cette date d'enregistrement.",
        examples=["2025-07-01T00:00:00Z"],
    ),
]
Version = Annotated[int | None, Query(ge=1, description="Tel qu'il était à cette version.")]


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
def lire_dossier(ligne: DossierVisible, response: Response) -> DossierVue:
    """Le dossier depuis la vue dossier (lecture rapide pour les écrans) : statut, organisme en
    charge, type de parcours, référent, contrat, procédures en cours et délais. Avec `position_min`
    (la position rendue par une commande), la réponse attend que la vue l'ait atteinte. L'état
    complet, à une version ou à une date, se lit sur `/etat`."""
    response.headers["ETag"] = f'"{ligne.version}"'
    return DossierVue.model_validate(ligne)


@routeur.get("/etat", response_model=EtatVue, responses=REPONSES_LECTURE)
def lire_etat(
    parcours: ParcoursVisible,
    app: ApplicationDep,
    response: Response,
    a_la_date: ALaDate = None,
    version: Version = None,
) -> EtatVue:
    """L'état complet rejoué depuis les événements, tel qu'il était à une version ou tel que le
    système le connaissait à une date : inscription, orientation, référent, contrat, procédures."""
    vu = etat(app, parcours, a_la_date, version)
    response.headers["ETag"] = f'"{vu.version}"'
    return EtatVue.model_validate(
        {**vars(vu), "id": vu.id, "version": vu.version, "organisme_responsable": vu.organisme_responsable,
         "procedures": list(vu.procedures.values())}
    )  # fmt: skip


@routeur.get("/journal", response_model=list[LigneJournalVue], responses=REPONSES_LECTURE)
def lire_journal(dossier: DossierVisible, projections: ProjectionsDep) -> list[LigneJournalVue]:
    """La chronologie du parcours en clair, depuis la vue journal. Avec `position_min` (la position
    rendue par une commande), la réponse attend que la vue l'ait atteinte : lire ses écritures sans
    boucler."""
    lignes = projections.projecteurs["journal"].lignes(dossier.parcours_id)
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
