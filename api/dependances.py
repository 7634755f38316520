"""What routes receive: the application, the verified caller, the visible parcours, the expected version.

Object-level access is checked here, once, for every parcours route: a parcours the caller may
not see is a 404, exactly like an unknown id.
"""

from typing import Annotated
from urllib.parse import unquote
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.acces import Rattachement, peut_voir
from api.problemes import Probleme
from application.parcours import ParcoursApplication
from application.principal import Principal
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit
from infrastructure.consultations import Consultation, EcrivainDeConsultations
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.idempotence import MagasinIdempotence
from infrastructure.jetons import JetonInvalide, Verificateur
from projections.dossier import LigneDossier

porteur = HTTPBearer(auto_error=False, description="Jeton OIDC/JWT (`parcours token` en développement).")

# Dependencies that neither read nor write the store are ``async def``: FastAPI runs a ``def``
# dependency in its thread pool, and each such hop cost a command about a tenth of a millisecond of
# CPU and two thread switches (profiled, docs/performance.md). Those that load a parcours stay ``def``.


async def application(request: Request) -> ParcoursApplication:
    app: ParcoursApplication = request.app.state.application
    return app


async def projections(request: Request) -> ProjectionsEnProcessus:
    vues: ProjectionsEnProcessus = request.app.state.projections
    return vues


async def magasin_idempotence(request: Request) -> MagasinIdempotence:
    magasin: MagasinIdempotence = request.app.state.idempotence
    return magasin


async def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(porteur)]
) -> Principal:
    if credentials is None:
        raise Probleme(401, "Un jeton Bearer est requis (en développement : `parcours token --help`).")
    verificateur: Verificateur = request.app.state.verificateur
    jeton = credentials.credentials
    try:
        if verificateur.cle_en_memoire(jeton):
            appelant = verificateur.principal(jeton)  # CPU only: the event loop may run it
        else:  # the identity provider's keys are fetched over the network: off the event loop
            appelant = await run_in_threadpool(verificateur.principal, jeton)
    except JetonInvalide as erreur:
        raise Probleme(401, f"Jeton refusé : {erreur}", "jeton-invalide") from erreur
    request.state.principal = appelant.id
    return appelant


ApplicationDep = Annotated[ParcoursApplication, Depends(application)]
PrincipalDep = Annotated[Principal, Depends(principal)]
ProjectionsDep = Annotated[ProjectionsEnProcessus, Depends(projections)]


def parcours_visible(parcours_id: UUID, request: Request, app: ApplicationDep, appelant: PrincipalDep) -> Parcours:
    request.state.parcours = str(parcours_id)
    try:
        parcours = app.parcours(parcours_id)
    except ParcoursNonInscrit:
        parcours = None
    if parcours is None or not peut_voir(appelant, Rattachement.du_parcours(parcours)):
        raise Probleme(404, f"Aucun parcours {parcours_id} accessible.", "parcours-introuvable")
    noter_la_consultation(request, appelant, parcours_id)
    request.state.parcours_charge = parcours  # a command starts from it rather than loading it again
    return parcours


def noter_la_consultation(request: Request, appelant: Principal, parcours_id: UUID) -> None:
    """Every read of a parcours' data is logged, apart from its history: who, as what, when, which
    view and why (``X-Motif-Consultation``, percent-encoded UTF-8 as headers are ASCII) — CNIL 2021
    recommendation on logging. Commands are in the history already."""
    if request.method != "GET":
        return
    ecrivain: EcrivainDeConsultations = request.app.state.consultations
    route = request.scope.get("route")
    ecrivain.noter(
        Consultation(
            parcours_id=str(parcours_id),
            principal=appelant.id,
            role=appelant.role.value,
            organisme=appelant.organisme.value if appelant.organisme else None,
            vue=f"GET {getattr(route, 'path', request.url.path)}",
            motif=unquote(motif) if (motif := request.headers.get("X-Motif-Consultation")) else None,
            consulte_le=request.app.state.application.horloge(),
        )
    )


async def version_attendue(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='Version attendue du parcours (ETag), ex. `"4"`.', examples=['"4"']),
    ] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    valeur = if_match.strip().removeprefix("W/").strip('"')
    if not valeur.isdigit():
        raise Probleme(400, f"If-Match invalide : {if_match!r} (attendu : une version entre guillemets).")
    return int(valeur)


PositionMin = Annotated[
    int | None,
    Query(ge=1, description="Attendre que la vue ait atteint cette position du journal des événements."),
]
DELAI_POSITION = 5.0
"""How long a read waits for a view to reach the position asked (seconds)."""


def attendre_la_position(projections: ProjectionsEnProcessus, position_min: int | None) -> None:
    """Read-your-writes: wait, bounded, until the views reach the position a command returned."""
    if position_min is None:
        return
    if projections.au_dela_du_journal(position_min):
        raise Probleme(422, f"La position {position_min} n'existe pas encore dans le journal des événements.")
    if not projections.attendre(position_min, delai=DELAI_POSITION):
        if (blocage := projections.bloquee_avant(position_min)) is not None:
            raise Probleme(
                503,
                f"La vue « {blocage.vue} » est bloquée à la position {blocage.position} ({blocage.topic}) : "
                f"elle n'atteindra pas la position {position_min} avant d'être débloquée.",
                "vue-bloquee",
                vue=blocage.vue,
                position_bloquee=blocage.position,
                position=projections.position,
            )
        raise Probleme(
            503,
            f"La vue n'a pas encore atteint la position {position_min} ; réessayez.",
            "projection-en-retard",
            position=projections.position,
        )


def dossier_visible(
    parcours_id: UUID, request: Request, vues: ProjectionsDep, appelant: PrincipalDep, position_min: PositionMin = None
) -> LigneDossier:
    """The parcours' row of the dossier view, once the view has reached ``position_min``; the
    same object-level rule as ``parcours_visible``, read from the row."""
    request.state.parcours = str(parcours_id)
    attendre_la_position(vues, position_min)
    lignes: list[LigneDossier] = vues.projecteurs["dossier"].lignes(str(parcours_id))
    if not lignes and position_min is None:
        # A parcours just registered may be a page ahead of the view: wait, bounded, for what the
        # store holds now rather than answer 404 for a parcours that exists.
        vues.attendre(vues.application.recorder.max_notification_id() or 0, delai=DELAI_POSITION)
        lignes = vues.projecteurs["dossier"].lignes(str(parcours_id))
    if not lignes or not peut_voir(appelant, rattachement(lignes[0])):
        raise Probleme(404, f"Aucun parcours {parcours_id} accessible.", "parcours-introuvable")
    noter_la_consultation(request, appelant, parcours_id)
    return lignes[0]


def rattachement(ligne: LigneDossier) -> Rattachement:
    return Rattachement(UUID(ligne.parcours_id), ligne.departement, ligne.organisme, ligne.referent)


ParcoursVisible = Annotated[Parcours, Depends(parcours_visible)]
DossierVisible = Annotated[LigneDossier, Depends(dossier_visible)]
VersionAttendue = Annotated[int | None, Depends(version_attendue)]
MagasinIdempotenceDep = Annotated[MagasinIdempotence, Depends(magasin_idempotence)]
