"""Reading a parcours: its dossier (the view), its full state (now, at a version, as known at a date),
its timeline and its history with envelopes."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.actions import offertes
from api.dependances import ApplicationDep, DossierVisible, DroitsLus, ParcoursLu, PrincipalDep, ProjectionsDep
from api.modeles.bornes import LECTURE, VERSION_MAX, Instant, Jour
from api.modeles.lectures import ActionVue, DossierVue, EtatVue, EvenementVue, LigneJournalVue
from api.openapi import entete
from api.problemes import Probleme
from api.routes.reponses import REPONSES_LECTURE
from application.flux import lit
from application.parcours import ParcoursApplication
from domain.competence import Droits
from domain.parcours import Parcours
from infrastructure.execution_projections import ProjectionsEnProcessus
from projections.dossier import Dossier, LigneDossier
from projections.personnes import noms_affiches
from projections.vue import plier

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["lecture"])

ALaDate = Annotated[
    Instant | None,
    Query(
        description="Tel que le système le connaissait à cette date d'enregistrement.",
        examples=["2025-07-01T00:00:00Z"],
    ),
]
Version = Annotated[int | None, Query(ge=1, le=VERSION_MAX, description="Tel qu'il était à cette version.")]
LU_EN_VERSION: dict[str, Any] = {
    "description": "Le parcours lu ; `ETag` : sa version, celle qu'une commande renvoie dans `If-Match`.",
    "headers": {"ETag": entete("Version")},
}
"""The dossier and the state set their own ``ETag``, the parcours' version (``api/cache.py`` keeps it)."""
EffectifAu = Annotated[
    Jour | None,
    Query(description="Tel qu'il était à cette date d'effet (date métier), avec ce qu'on sait aujourd'hui."),
]


def etat(
    app: ParcoursApplication, parcours: Parcours, a_la_date: datetime | None, version: int | None, droits: Droits
) -> Parcours:
    if a_la_date is not None and version is not None:
        raise Probleme(422, "Choisir a_la_date ou version, pas les deux.")
    borne = droits.jusqu_a_version
    if a_la_date is not None:
        vu = app.parcours_au(parcours.id, a_la_date)
        return vu if borne is None or vu.version <= borne else app.parcours(parcours.id, version=borne)
    version = jusqu_a(droits, version)
    if version is not None:
        return app.parcours(parcours.id, version=min(version, parcours.version))
    return parcours


def jusqu_a(droits: Droits, version: int | None) -> int | None:
    """A former body reads the parcours as it stood when the parcours left it (``Droits.jusqu_a_version``:
    a move to another département), never what its new bodies did."""
    borne = droits.jusqu_a_version
    return version if borne is None else min(version or borne, borne)


@routeur.get(
    "", summary="Lire le dossier", response_model=DossierVue, responses={**REPONSES_LECTURE, 200: LU_EN_VERSION}
)
def lire_dossier(
    dossier: DossierVisible,
    app: ApplicationDep,
    projections: ProjectionsDep,
    response: Response,
    request: Request,
    appelant: PrincipalDep,
    a_la_date: ALaDate = None,
    effectif_au: EffectifAu = None,
) -> DossierVue:
    """Le dossier depuis la vue dossier (lecture rapide pour les écrans) : statut, organisme en
    charge, type de parcours, référent, contrat, procédures en cours et délais. Avec `position_min`
    (la position rendue par une commande), la réponse attend que la vue l'ait atteinte. Avec
    `a_la_date`, le dossier tel que le système le connaissait à cette date d'enregistrement ; avec
    `effectif_au`, tel qu'il était à cette date d'effet (avec ce qu'on sait aujourd'hui). L'état
    complet se lit sur `/etat`. La personne est nommée telle qu'on la connaît aujourd'hui (vide une fois
    ses données effacées). `actions` : les commandes que l'état du parcours et votre rôle permettent
    maintenant, chacune avec sa méthode et son lien (l'état tel que le magasin le tient, que la vue peut
    précéder de quelques millisecondes)."""
    ligne, droits = dossier.ligne, dossier.droits
    passe = a_la_date is not None or effectif_au is not None
    if passe or droits.jusqu_a_version is not None:
        ligne = dossier_au(evenements_connus(app, UUID(ligne.parcours_id), a_la_date, effectif_au, droits))
    response.headers["ETag"] = f'"{ligne.version}"'
    nom = nom_de_la_personne(projections, ligne)
    actuel = None if passe else app.trouver(UUID(ligne.parcours_id))  # one load: a snapshot and < 10 events
    actions = actions_vues(request, app, appelant, actuel)
    return DossierVue.model_validate(ligne).model_copy(update={"nom_affiche": nom, "actions": actions})


def actions_vues(
    request: Request, app: ParcoursApplication, appelant: PrincipalDep, parcours: Parcours | None
) -> list[ActionVue]:
    """The actions the caller may take now in ``parcours`` (``api/actions.py``); none for a past state."""
    if parcours is None:
        return []
    return [ActionVue.model_validate(offerte) for offerte in offertes(request.app, app, appelant, parcours)]


def nom_de_la_personne(projections: ProjectionsEnProcessus, ligne: LigneDossier) -> str | None:
    """The display name of the parcours' person, from the persons view."""
    return noms_affiches(projections.projecteurs["personnes"], [ligne.personne_id]).get(ligne.personne_id or "")


def evenements_connus(
    app: ParcoursApplication, parcours_id: UUID, a_la_date: datetime | None, effectif_au: date | None, droits: Droits
) -> list[Any]:
    """The events recorded by ``a_la_date`` and, among them, those in effect on ``effectif_au``; for a
    former body, those it may still read (``jusqu_a``)."""
    evenements: list[Any] = app.historique(parcours_id, au=a_la_date)
    if effectif_au is not None:
        evenements = [e for e in evenements if e.decision.jour <= effectif_au]
    if (borne := droits.jusqu_a_version) is not None:
        evenements = [e for e in evenements if e.originator_version <= borne]
    if not evenements:  # before its inscription: unknown then
        raise Probleme(404, f"Aucun parcours {parcours_id} connu à cette date.", "parcours-introuvable")
    return evenements


def dossier_au(evenements: list[Any]) -> LigneDossier:
    """The dossier view's own fold over the events known then: the same row, as it stood."""
    ligne = plier(Dossier(), evenements)
    assert ligne is not None  # a history starts with Inscrit
    return ligne


@routeur.get(
    "/etat",
    summary="Lire l'état rejoué du parcours",
    response_model=EtatVue,
    responses={**REPONSES_LECTURE, 200: LU_EN_VERSION},
)
def lire_etat(
    parcours: ParcoursLu,
    droits: DroitsLus,
    app: ApplicationDep,
    response: Response,
    request: Request,
    appelant: PrincipalDep,
    a_la_date: ALaDate = None,
    version: Version = None,
) -> EtatVue:
    """L'état complet rejoué depuis les événements, tel qu'il était à une version ou tel que le
    système le connaissait à une date : inscription, orientation, référent, contrat, procédures.
    Les parties que votre rôle dans ce parcours ne requiert pas de lire sont vidées (`masques`). `actions` :
    les commandes que l'état actuel et votre rôle permettent maintenant (aucune pour un état passé)."""
    vu = etat(app, parcours, a_la_date, version, droits)
    response.headers["ETag"] = f'"{vu.version}"'
    actions = actions_vues(request, app, appelant, parcours if a_la_date is None and version is None else None)
    return EtatVue.model_validate(
        {**vars(vu), "id": vu.id, "version": vu.version, "organisme_responsable": vu.organisme_responsable,
         "procedures": list(vu.procedures.values()), "actions": actions},
        context=LECTURE,  # stored values are shown as stored, whatever today's input rules
    ).restreint_a(droits.lectures)  # fmt: skip


@routeur.get(
    "/journal",
    summary="Lire la chronologie en clair",
    response_description="La chronologie du parcours, une ligne par étape.",
    response_model=list[LigneJournalVue],
    responses=REPONSES_LECTURE,
)
def lire_journal(dossier: DossierVisible, projections: ProjectionsDep) -> list[LigneJournalVue]:
    """La chronologie du parcours en clair, depuis la vue journal. Avec `position_min` (la position
    rendue par une commande), la réponse attend que la vue l'ait atteinte : lire ses écritures sans
    boucler."""
    ligne_dossier = dossier.ligne
    lignes = projections.projecteurs["journal"].lignes(ligne_dossier.parcours_id)
    personne_id = UUID(ligne_dossier.personne_id) if ligne_dossier.personne_id else None
    personne = {"personne_id": personne_id, "nom_affiche": nom_de_la_personne(projections, ligne_dossier)}
    borne = jusqu_a(dossier.droits, None)
    lues = (ligne for ligne in lignes if borne is None or ligne.version <= borne)
    vues = (LigneJournalVue.model_validate(ligne).model_copy(update=personne) for ligne in lues)
    return [vue if lit(dossier.droits, vue.type) else vue.sans_contenu() for vue in vues]


@routeur.get(
    "/historique",
    summary="Lire l'historique des événements",
    response_description="Chaque événement, dans l'ordre, avec sa décision.",
    response_model=list[EvenementVue],
    responses=REPONSES_LECTURE,
)
def lire_historique(
    parcours: ParcoursLu,
    droits: DroitsLus,
    app: ApplicationDep,
    a_la_date: ALaDate = None,
    version: Version = None,
    effectif_au: EffectifAu = None,
) -> list[EvenementVue]:
    """Chaque événement, dans l'ordre, avec qui a décidé, sur quel fondement, avec quels critères ;
    `a_la_date` : ceux enregistrés à cette date ; `effectif_au` : ceux en vigueur à cette date d'effet.
    Le contenu d'un événement que votre rôle dans ce parcours ne requiert pas de lire est masqué
    (`masque`) : un diagnostic pour l'autorité de sanction, par exemple."""
    if a_la_date is not None and version is not None:
        raise Probleme(422, "Choisir a_la_date ou version, pas les deux.")
    if version is not None:
        evenements = app.historique(parcours.id, jusqu_a_version=jusqu_a(droits, version))
    else:
        evenements = evenements_connus(app, parcours.id, a_la_date, effectif_au, droits)
    return [EvenementVue.depuis(e, masque=not lit(droits, type(e).__name__)) for e in evenements]
