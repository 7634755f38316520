"""The live change feed (issue 22): ``GET /flux`` streams, as Server-Sent Events, the changes the caller may see.

Each event is a store event of a parcours: ``id`` its store position, ``event`` its type, ``data`` its JSON as
the history shows it (``projections.publication``), masked where the caller's role does not read it. A client
that reconnects sends the last ``id`` it received (``Last-Event-ID``, or ``?depuis=`` for clients that cannot
set headers) and gets every change after it, none lost, none twice. Visibility is the reads' own function
(``application.flux``: ``Changement.pour``): a foreign parcours never appears. The hub
(``infrastructure.diffusion``) reads the store once for every stream of the process; a stream only moves its
own cursor through the hub's window, or through the store when it has fallen behind it.
"""

import asyncio
import itertools
import json
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from cachetools import LRUCache
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from fastapi.sse import _SSE_EVENT_SCHEMA, format_sse_event

from api.acces import AGENTS, AUTORITE, LECTEURS_DE_TOUT, intervenant, peut_voir
from api.dependances import ApplicationDep, PrincipalDep, noter_la_consultation
from api.modeles.bornes import POSITION_MAX
from api.problemes import Probleme
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE, reponse_probleme
from application.flux import Changement, Publication
from application.parcours import ParcoursApplication
from domain.competence import Intervenant
from domain.vocabulaire import Corbeille
from infrastructure.diffusion import Diffuseur, ReglagesDuFlux
from infrastructure.reglages import Reglages
from projections.publication import publier

routeur = APIRouter(prefix="/flux", tags=["flux"])

BATTEMENT = format_sse_event(comment="battement")


class ReponseSSE(StreamingResponse):
    """A ``text/event-stream`` answer of bytes the route encodes itself. Not FastAPI's ``EventSourceResponse``:
    with it, FastAPI encodes each item it is given and runs, per stream, a producer task, two memory streams
    and a keep-alive timer per event — the fan-out's main cost with many streams (docs/flux.md)."""

    media_type = "text/event-stream"


ENTETES = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
"""As FastAPI's own SSE answers: no cache, and no buffering by nginx."""


class Annonces:
    """The hub's news and the heartbeat's clock, told to the streams on the event loop: each stream waits on the
    current ``asyncio.Event``, which is set and replaced each time the window moves (from the hub's thread,
    through the loop) and at each tick of one clock for all the streams (every half heartbeat period) — no
    timer per stream."""

    def __init__(self, boucle: asyncio.AbstractEventLoop) -> None:
        self.boucle = boucle
        self.courante = asyncio.Event()
        self.tics = 0
        """How many ticks the clock has given: a stream that sent nothing for two ticks sends a heartbeat."""

    def annoncer(self, _position: int) -> None:
        """From the hub's thread."""
        self.boucle.call_soon_threadsafe(self._reveiller)

    async def battre(self, periode: float) -> None:
        while True:
            await asyncio.sleep(periode)
            self.tics += 1
            self._reveiller()

    def _reveiller(self) -> None:
        passee, self.courante = self.courante, asyncio.Event()
        passee.set()


class Regard:
    """What one caller may receive of each change (``Changement.pour``), judged once for all its streams, in a
    dict keyed by store position that only the event loop touches."""

    TAILLE = 2048

    def __init__(self, qui: Intervenant) -> None:
        self.qui = qui
        self.flux = 0
        """The caller's streams open with this regard."""
        self._publications: dict[int, Publication | None] = {}

    def publication(self, changement: Changement) -> Publication | None:
        try:
            return self._publications[changement.position]
        except KeyError:
            if len(self._publications) >= self.TAILLE:  # the older half forgotten (keys come in store order)
                for position in list(itertools.islice(self._publications, self.TAILLE // 2)):
                    del self._publications[position]
            publication = self._publications[changement.position] = changement.pour(self.qui)
            return publication


class Flux:
    """The feed of one process: the hub, the streams' news, how many streams each caller holds open, and what
    every stream would otherwise compute again: who sees a change, and its bytes on the wire. Its caches are
    only touched on the event loop (no lock)."""

    def __init__(self, application: ParcoursApplication, reglages: ReglagesDuFlux | None = None) -> None:
        self.reglages = reglages or ReglagesDuFlux()
        self.diffuseur = Diffuseur(application, self.reglages)
        self.annonces = Annonces(asyncio.get_running_loop())
        self.diffuseur.abonner(self.annonces.annoncer)
        self.ouverts: Counter[str] = Counter()
        taille = 4 * self.reglages.fenetre
        self._regards: dict[Intervenant, Regard] = {}
        self._octets: LRUCache[tuple[int, bool], bytes] = LRUCache(maxsize=2 * self.reglages.fenetre)
        self._listes: LRUCache[int, asyncio.Future[frozenset[str]]] = LRUCache(maxsize=taille)
        self._horloge: asyncio.Task[None] | None = None

    def demarrer(self) -> None:
        self.diffuseur.demarrer()
        self._horloge = asyncio.get_running_loop().create_task(
            self.annonces.battre(self.reglages.battement_secondes / 2)
        )

    def arreter(self) -> None:
        if self._horloge is not None:
            self._horloge.cancel()
        self.diffuseur.arreter()

    def prendre(self, qui: Intervenant) -> Regard:
        """The caller's regard, shared by its streams: every stream of a caller asks the same questions."""
        if (regard := self._regards.get(qui)) is None:
            regard = self._regards[qui] = Regard(qui)
        regard.flux += 1
        return regard

    def rendre(self, regard: Regard) -> None:
        regard.flux -= 1
        if regard.flux <= 0:
            del self._regards[regard.qui]

    def octets(self, publication: Publication) -> bytes:
        """The SSE event on the wire, encoded once for every stream that shows it: ``id`` the store position,
        ``event`` the event's class name, ``data`` its JSON."""
        cle = (publication.position, publication.masque)
        if (octets := self._octets.get(cle)) is None:
            donnees = {"position": publication.position, **publier(publication.evenement, publication.masque)}
            texte = json.dumps(donnees, ensure_ascii=False, separators=(",", ":"))
            nom = type(publication.evenement).__name__
            octets = self._octets[cle] = format_sse_event(data_str=texte, event=nom, id=str(publication.position))
        return octets

    async def listes(self, changements: Sequence[Changement]) -> list[frozenset[str]]:
        """The worklists of each change (``Diffuseur.listes``), folded off the event loop once for all the
        streams that ask (shielded: a stream that closes meanwhile does not cancel it for the others)."""
        attentes = [self._liste(changement) for changement in changements]
        return [await asyncio.shield(attente) for attente in attentes]

    def _liste(self, changement: Changement) -> "asyncio.Future[frozenset[str]]":
        position = changement.position
        if (attente := self._listes.get(position)) is None:
            attente = asyncio.ensure_future(run_in_threadpool(self.diffuseur.listes, changement))
            self._listes[position] = attente
            attente.add_done_callback(lambda fait: self._oublier_si_echec(position, fait))
        return attente

    def _oublier_si_echec(self, position: int, fait: "asyncio.Future[frozenset[str]]") -> None:
        """A fold that failed is asked again by the next stream."""
        if fait.cancelled() or fait.exception() is not None:
            self._listes.pop(position, None)


def ouvrir(app: FastAPI, application: ParcoursApplication, reglages: Reglages) -> Flux:
    """The feed of the process, started (called in the lifespan, on the event loop)."""
    flux = Flux(application, ReglagesDuFlux.de(reglages))
    app.state.flux = flux
    flux.demarrer()
    return flux


async def flux_du_processus(request: Request) -> Flux:
    flux: Flux = request.app.state.flux
    return flux


FluxDep = Annotated[Flux, Depends(flux_du_processus)]


def position_de_depart(
    app: ApplicationDep,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            description="Le dernier `id` reçu : le flux reprend juste après (ce que le navigateur renvoie seul).",
            examples=["1234"],
        ),
    ] = None,
    depuis: Annotated[
        str | None,
        Query(description="Comme `Last-Event-ID`, pour les clients qui ne peuvent pas le poser.", examples=["1234"]),
    ] = None,
) -> int:
    """Where the stream starts: after the position given, or at the store's end (only what comes next)."""
    donnee = last_event_id if last_event_id is not None else depuis
    if donnee is None:
        return app.recorder.max_notification_id() or 0
    texte = donnee.strip()
    position = int(texte) if texte.isascii() and texte.isdigit() and len(texte) <= 19 else -1
    if not 0 <= position <= POSITION_MAX:
        raise Probleme(
            422, "Last-Event-ID (ou depuis) doit être une position du journal : un entier positif.", "position-invalide"
        )
    if position > (app.recorder.max_notification_id() or 0):
        raise Probleme(422, f"La position {position} n'existe pas dans le journal des événements.", "position-invalide")
    return position


@dataclass(frozen=True)
class Filtre:
    """What a stream shows of the changes the caller may see: one parcours, or one worklist, or all."""

    parcours: UUID | None = None
    corbeille: Corbeille | None = None


LECTEURS_DES_CORBEILLES = AGENTS | AUTORITE | LECTEURS_DE_TOUT


def filtre(
    request: Request,
    app: ApplicationDep,
    appelant: PrincipalDep,
    parcours: Annotated[UUID | None, Query(description="Les changements de ce parcours seulement.")] = None,
    corbeille: Annotated[
        Corbeille | None,
        Query(description="Les changements des parcours qui entrent dans cette corbeille, y changent ou en sortent."),
    ] = None,
) -> Filtre:
    """The filter asked, refused as the reads refuse: a parcours the caller may not see is a 404 (like an
    unknown one); worklists are for agents, authorities and auditors (403). Following a parcours reads it:
    the consultation is logged once, when the stream opens."""
    if corbeille is not None and appelant.role not in LECTEURS_DES_CORBEILLES:
        raise Probleme(403, "Les corbeilles sont réservées aux agents, aux autorités et aux auditeurs.")
    if parcours is not None:
        request.state.parcours = str(parcours)
        trouve = app.trouver(parcours)
        if trouve is None or not peut_voir(app, appelant, trouve):
            raise Probleme(404, f"Aucun parcours {parcours} accessible.", "parcours-introuvable")
        noter_la_consultation(request, appelant, parcours, None)
    return Filtre(parcours, corbeille)


async def place(flux: FluxDep, appelant: PrincipalDep) -> AsyncIterator[None]:
    """One caller holds at most ``PARCOURS_FLUX_PAR_APPELANT`` streams open in a process (429 beyond)."""
    if flux.ouverts[appelant.id] >= flux.reglages.par_appelant:
        raise Probleme(
            429,
            f"Vous avez déjà {flux.reglages.par_appelant} flux ouverts : fermez-en un avant d'en ouvrir un autre.",
            "flux-trop-nombreux",
        )
    flux.ouverts[appelant.id] += 1
    flux.diffuseur.lecteurs += 1
    try:
        yield
    finally:
        flux.diffuseur.lecteurs -= 1
        flux.ouverts[appelant.id] -= 1
        if flux.ouverts[appelant.id] <= 0:
            del flux.ouverts[appelant.id]


async def regard(flux: FluxDep, appelant: PrincipalDep) -> AsyncIterator[Regard]:
    """The caller's regard, held while the stream is open (the dependency ends after the answer)."""
    leur = flux.prendre(intervenant(appelant))
    try:
        yield leur
    finally:
        flux.rendre(leur)


REPONSES = {
    **REPONSES_LECTURE,
    403: REPONSES_COMMANDE[403],
    422: reponse_probleme(
        "`Last-Event-ID` ou `depuis` n'est pas une position du journal (`position-invalide`), ou un paramètre est "
        "invalide (`donnees-invalides`)."
    ),
    429: reponse_probleme("L'appelant a déjà le nombre maximal de flux ouverts (`flux-trop-nombreux`)."),
}


REPONSE_200 = {
    "description": "Le flux : un événement par changement, des commentaires de battement.",
    "content": {"text/event-stream": {"itemSchema": _SSE_EVENT_SCHEMA}},
}


@routeur.get(
    "",
    summary="Suivre les changements en direct",
    response_class=ReponseSSE,
    responses={200: REPONSE_200, **REPONSES},
    dependencies=[Depends(place)],
)
async def suivre_le_flux(
    flux: FluxDep,
    leur: Annotated[Regard, Depends(regard)],
    depart: Annotated[int, Depends(position_de_depart)],
    quoi: Annotated[Filtre, Depends(filtre)],
) -> ReponseSSE:
    """Les changements que l'appelant peut voir, en direct (Server-Sent Events, `text/event-stream`) : ceux d'un
    parcours (`parcours`), d'une corbeille (`corbeille`) ou de tout son périmètre. Chaque événement porte sa
    position dans le journal (`id`), son type (`event`) et, en JSON (`data`), l'événement tel que l'historique le
    montre (masqué là où le rôle de l'appelant n'en requiert pas la lecture). Reprise sans perte ni doublon avec
    `Last-Event-ID` (ou `depuis`) ; un commentaire toutes les `PARCOURS_FLUX_BATTEMENT_SECONDES` secondes
    maintient la connexion."""
    return ReponseSSE(emettre(flux, leur, quoi, depart), headers=ENTETES)


async def emettre(flux: Flux, leur: Regard, quoi: Filtre, curseur: int) -> AsyncIterator[bytes]:
    """One stream's bytes: its own cursor moved through the hub's window (or the store when behind it), the
    changes it shows sent in one write per wake, already encoded; a heartbeat after two ticks without a write."""
    reglages, diffuseur, annonces = flux.reglages, flux.diffuseur, flux.annonces
    yield format_sse_event(comment="flux ouvert", retry=reglages.reprise_ms)
    dernier_tic = annonces.tics
    while True:
        nouvelles = annonces.courante  # taken before reading: a move after the read wakes the wait below
        if curseur < diffuseur.position:
            tranche = diffuseur.lire(curseur, reglages.page)
            if tranche is None:  # behind the window: from the store, off the event loop
                tranche = await run_in_threadpool(diffuseur.lire_du_magasin, curseur, reglages.page)
            publications = retenues(tranche.changements, leur, quoi)
            if quoi.corbeille is not None and publications:
                publications = await dans_la_corbeille(flux, publications, quoi.corbeille)
            if octets := b"".join([flux.octets(p) for _, p in publications]):
                yield octets
                dernier_tic = annonces.tics
            if tranche.position > curseur:
                curseur = tranche.position
                continue
        await nouvelles.wait()
        if annonces.tics - dernier_tic >= 2:
            yield BATTEMENT
            dernier_tic = annonces.tics


def retenues(changements: Sequence[Changement], leur: Regard, quoi: Filtre) -> list[tuple[Changement, Publication]]:
    """The changes of the tranche this stream shows, as the caller may receive them (before the worklist)."""
    if quoi.parcours is not None:
        changements = [c for c in changements if c.parcours_id == quoi.parcours]
    return [(c, p) for c in changements if (p := leur.publication(c)) is not None]


async def dans_la_corbeille(
    flux: Flux, publications: list[tuple[Changement, Publication]], corbeille: Corbeille
) -> list[tuple[Changement, Publication]]:
    listes = await flux.listes([c for c, _ in publications])
    return [cp for cp, dans in zip(publications, listes, strict=True) if corbeille.value in dans]
