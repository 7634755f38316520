"""What routes receive: the application, the verified caller, the visible parcours, the expected version.

Object-level access is checked here, once, for every parcours route: a parcours the caller may
not see is a 404, exactly like an unknown id.
"""

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.acces import peut_voir
from api.problemes import Probleme
from application.parcours import ParcoursApplication
from application.principal import Principal
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.idempotence import MagasinIdempotence
from infrastructure.jetons import JetonInvalide, Verificateur

porteur = HTTPBearer(auto_error=False, description="Jeton OIDC/JWT (`parcours token` en développement).")


def application(request: Request) -> ParcoursApplication:
    app: ParcoursApplication = request.app.state.application
    return app


def projections(request: Request) -> ProjectionsEnProcessus:
    vues: ProjectionsEnProcessus = request.app.state.projections
    return vues


def magasin_idempotence(request: Request) -> MagasinIdempotence:
    magasin: MagasinIdempotence = request.app.state.idempotence
    return magasin


def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(porteur)]
) -> Principal:
    if credentials is None:
        raise Probleme(401, "Un jeton Bearer est requis (en développement : `parcours token --help`).")
    verificateur: Verificateur = request.app.state.verificateur
    try:
        appelant = verificateur.principal(credentials.credentials)
    except JetonInvalide as erreur:
        raise Probleme(401, f"Jeton refusé : {erreur}", "jeton-invalide") from erreur
    request.state.principal = appelant.id
    return appelant


ApplicationDep = Annotated[ParcoursApplication, Depends(application)]
PrincipalDep = Annotated[Principal, Depends(principal)]


def parcours_visible(parcours_id: UUID, request: Request, app: ApplicationDep, appelant: PrincipalDep) -> Parcours:
    request.state.parcours = str(parcours_id)
    try:
        parcours = app.parcours(parcours_id)
    except ParcoursNonInscrit:
        parcours = None
    if parcours is None or not peut_voir(appelant, parcours):
        raise Probleme(404, f"Aucun parcours {parcours_id} accessible.", "parcours-introuvable")
    return parcours


def version_attendue(
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


ParcoursVisible = Annotated[Parcours, Depends(parcours_visible)]
VersionAttendue = Annotated[int | None, Depends(version_attendue)]
MagasinIdempotenceDep = Annotated[MagasinIdempotence, Depends(magasin_idempotence)]
ProjectionsDep = Annotated[ProjectionsEnProcessus, Depends(projections)]
