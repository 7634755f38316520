"""What routes receive: the application, the verified caller, the visible parcours, the expected version.

The role is judged first (``RoleRequis``, 403), before anything is read. Object-level access is
checked here, once, for every parcours route: a parcours the caller may not see is a 404, exactly
like an unknown id.
"""

import re
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

from api.acces import droits_sur, peut_voir
from api.ecritures import DernieresEcritures
from api.modeles.bornes import POSITION_MAX, Identifiant, TexteLibre, texte_en_pourcent
from api.problemes import Probleme
from application.espace import relier
from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from domain.competence import Acte, Droits, Lecture
from domain.parcours import Parcours
from infrastructure.consultations import Consultation, EcrivainDeConsultations
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.idempotence import MagasinIdempotence
from infrastructure.jetons import JetonInvalide, Verificateur
from infrastructure.reglages import Reglages
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
    if appelant.role is Role.PERSONNE:  # the person their account is linked to, read from the store
        appelant = await run_in_threadpool(relier, request.app.state.application, appelant, verificateur.fournisseur)
    request.state.principal = appelant.id
    return appelant


ApplicationDep = Annotated[ParcoursApplication, Depends(application)]
PrincipalDep = Annotated[Principal, Depends(principal)]
ProjectionsDep = Annotated[ProjectionsEnProcessus, Depends(projections)]


def reglages(request: Request) -> Reglages:
    """The settings the service runs with (the log's name and keys sign checkpoints and exports)."""
    reglages_: Reglages = request.app.state.reglages
    return reglages_


ReglagesDep = Annotated[Reglages, Depends(reglages)]


@dataclass(frozen=True)
class RoleRequis:
    """The caller's role is judged before anything is read: a role that may not use the operation
    gets 403 whatever the parcours, known, foreign or unknown (which so stays undisclosed)."""

    roles: Set[Role]
    refus: str

    async def __call__(self, appelant: PrincipalDep) -> None:
        if appelant.role not in self.roles:
            raise Probleme(403, self.refus.format(role=appelant.role.value))


def parcours_visible(parcours_id: UUID, request: Request, app: ApplicationDep, appelant: PrincipalDep) -> Parcours:
    """The parcours, loaded once: a command route hands this very aggregate to its application
    command, which starts from it (a write in between is caught at save)."""
    return _charger(parcours_id, request, app, lambda parcours: peut_voir(app, appelant, parcours))


@dataclass(frozen=True)
class ParcoursOuvertA:
    """A parcours the caller sees, or on which it may do ``acte`` without reading it: the CAF/MSA
    flow informs the PCD of an RSA opening on a parcours it registered (CASF D.262-65-2)."""

    acte: Acte

    def __call__(self, parcours_id: UUID, request: Request, app: ApplicationDep, appelant: PrincipalDep) -> Parcours:
        def admis(parcours: Parcours) -> bool:
            droits = droits_sur(app, appelant, parcours)
            return droits.voit or droits.peut(self.acte)

        return _charger(parcours_id, request, app, admis)


def _charger(
    parcours_id: UUID, request: Request, app: ParcoursApplication, admis: Callable[[Parcours], bool]
) -> Parcours:
    request.state.parcours = str(parcours_id)  # for the request's log line
    parcours = app.trouver(parcours_id)
    if parcours is None or not admis(parcours):
        raise Probleme(404, f"Aucun parcours {parcours_id} accessible.", "parcours-introuvable")
    return parcours


ParcoursVisible = Annotated[Parcours, Depends(parcours_visible)]


def droits_lus(parcours: ParcoursVisible, app: ApplicationDep, appelant: PrincipalDep) -> Droits:
    """What the caller may read of the parcours it reads (``domain.competence``): a read shows no more.
    The parcours is the one ``parcours_visible`` loaded for this request (dependencies are cached)."""
    return droits_sur(app, appelant, parcours)


DroitsLus = Annotated[Droits, Depends(droits_lus)]


@dataclass(frozen=True)
class LectureRequise:
    """A read of parts of a parcours, for those whose role there reads them (RGPD art. 5 1 c): the
    others get 403 ``lecture-restreinte``, after visibility (a parcours they may not see is a 404)."""

    lectures: frozenset[Lecture]
    quoi: str

    async def __call__(self, droits: DroitsLus) -> None:
        if not self.lectures <= droits.lectures:
            detail = f"{self.quoi} : votre rôle dans ce parcours n'en requiert pas la lecture (RGPD art. 5.1.c)."
            raise Probleme(403, detail, "lecture-restreinte")


ParcoursAInformer = Annotated[Parcours, Depends(ParcoursOuvertA(Acte.INFORMER_DROITS_RSA))]
MotifConsultation = Annotated[
    TexteLibre | None,
    BeforeValidator(texte_en_pourcent),
    Header(
        alias="X-Motif-Consultation",
        description="Pourquoi vous lisez ce dossier, en UTF-8 encodé en pourcent (journal des consultations).",
        examples=["Pr%C3%A9paration%20de%20l%27entretien"],
    ),
]


def parcours_lu(
    parcours: ParcoursVisible, request: Request, appelant: PrincipalDep, motif: MotifConsultation = None
) -> Iterator[Parcours]:
    """A visible parcours whose data the caller reads: the read is logged once the route has
    answered it. A read refused on its parameters or its date (422, 404) showed nothing, and is not
    a consultation."""
    yield parcours
    noter_la_consultation(request, appelant, parcours.id, motif)


def noter_la_consultation(request: Request, appelant: Principal, parcours_id: UUID, motif: str | None) -> None:
    """Every read of a parcours' data is logged: who, as what, when, which view and why
    (``X-Motif-Consultation``, percent-encoded UTF-8 as headers are ASCII) — CNIL 2021
    recommendation on logging. Commands are in the history already."""
    ecrivain: EcrivainDeConsultations = request.app.state.consultations
    route = request.scope.get("route")
    ecrivain.noter(
        Consultation(
            parcours_id=str(parcours_id),
            principal=appelant.id,
            role=appelant.role.value,
            organisme=appelant.organisme.value if appelant.organisme else None,
            vue=f"GET {getattr(route, 'path', request.url.path)}",
            motif=motif,
            consulte_le=request.app.state.application.horloge(),
        )
    )


VERSION_EN_TETE = re.compile(r'(W/)?"?([0-9]{1,10})"?')


async def version_attendue(
    if_match: Annotated[
        Identifiant | None,
        Header(alias="If-Match", description='Version attendue du parcours (ETag), ex. `"4"`.', examples=['"4"']),
    ] = None,
) -> int | None:
    if if_match is None or if_match == "*":
        return None
    forme = VERSION_EN_TETE.fullmatch(if_match)
    if forme is None:
        raise Probleme(400, f"If-Match invalide : {if_match!r} (attendu : une version entre guillemets).")
    return int(forme[2])


PositionMin = Annotated[
    int | None,
    Query(
        ge=1, le=POSITION_MAX, description="Attendre que la vue ait atteint cette position du journal des événements."
    ),
]
DELAI_POSITION = 5.0
"""How long a read waits for a view to reach the position asked (seconds)."""


def position_lue(request: Request, appelant: PrincipalDep, position_min: PositionMin = None) -> int | None:
    """The position a read of the views waits for: the one the request names, else the caller's own last write
    in this process (read-your-writes by default, ``api/ecritures.py``)."""
    if position_min is not None:
        return position_min
    ecritures: DernieresEcritures = request.app.state.ecritures
    return ecritures.de(appelant.id)


PositionLue = Annotated[int | None, Depends(position_lue)]


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
    parcours_id: UUID,
    request: Request,
    vues: ProjectionsDep,
    appelant: PrincipalDep,
    position_min: PositionLue,
    motif: MotifConsultation = None,
) -> Iterator["DossierLu"]:
    """The parcours' row of the dossier view, once the view has reached ``position_min``, with what
    the caller may read there; the same object-level rule as ``parcours_visible``."""
    request.state.parcours = str(parcours_id)
    attendre_la_position(vues, position_min)
    lignes: list[LigneDossier] = vues.projecteurs["dossier"].lignes(str(parcours_id))
    if not lignes and position_min is None:
        # A parcours just registered may be a page ahead of the view: wait, bounded, for what the
        # store holds now rather than answer 404 for a parcours that exists.
        vues.attendre(vues.application.recorder.max_notification_id() or 0, delai=DELAI_POSITION)
        lignes = vues.projecteurs["dossier"].lignes(str(parcours_id))
    parcours = vues.application.trouver(parcours_id) if lignes else None
    droits = droits_sur(vues.application, appelant, parcours) if parcours is not None else None
    if droits is None or not droits.voit:
        raise Probleme(404, f"Aucun parcours {parcours_id} accessible.", "parcours-introuvable")
    yield DossierLu(lignes[0], droits)
    noter_la_consultation(request, appelant, parcours_id, motif)  # once answered, as ``parcours_lu``


@dataclass(frozen=True)
class DossierLu:
    ligne: LigneDossier
    droits: Droits


# Scope "function": the consultation is noted when the route returns, before the answer is sent.
ParcoursLu = Annotated[Parcours, Depends(parcours_lu, scope="function")]
DossierVisible = Annotated[DossierLu, Depends(dossier_visible, scope="function")]
VersionAttendue = Annotated[int | None, Depends(version_attendue)]
MagasinIdempotenceDep = Annotated[MagasinIdempotence, Depends(magasin_idempotence)]
