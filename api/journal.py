"""Structured logs: one JSON line per request, with request id, route template, status, latency,
principal and parcours ids — and never personal data (bodies are not logged; an unexpected
failure is logged by its type and stack, not its message, which may carry request data).

The line's level follows the answer (docs/exploitation.md, « Journaux »): ``error`` for a 5xx, which an
operator must look at; ``warning`` for a 503, the service saying it is not ready or its views lag (it passes
by itself, and an alert on its rate is enough); ``info`` for the rest, a client's 4xx included (a refusal
the law or the request called for is the service working)."""

import re
import time
import traceback
from uuid import uuid4

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problemes import erreur_interne
from infrastructure import journalisation
from infrastructure.metriques import REQUETES

ID_DE_REQUETE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def configurer() -> None:
    """JSON lines only, uvicorn's included (``infrastructure/journalisation.py``)."""
    journalisation.configurer()


journal = structlog.get_logger("parcours.api")


def niveau(statut: int | None) -> str:
    """The level of a request's line: see the module's docstring. No status: the answer never began."""
    if statut == 503:
        return "warning"
    if statut is None or statut >= 500:
        return "error"
    return "info"


class Traceur:
    """A pure ASGI middleware, not ``BaseHTTPMiddleware``: that one runs the rest of the stack in a
    task of its own and streams the answer through a queue, a measured share of each command's CPU.
    Outermost of ours, so that every answer is logged, 413 and 500 included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        propose = Headers(scope=scope).get("X-Request-Id", "")
        requete_id = propose if ID_DE_REQUETE.match(propose) else uuid4().hex
        debut = time.perf_counter()
        statut: int | None = None

        async def envoyer(message: Message) -> None:
            nonlocal statut
            if message["type"] == "http.response.start":
                statut = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = requete_id
            await send(message)

        try:
            await self.app(scope, receive, envoyer)
        except Exception as erreur:  # the last barrier: a problem document, never a stack trace
            journal.error(
                "erreur_inattendue",
                requete_id=requete_id,
                erreur=type(erreur).__name__,
                pile=traceback.format_tb(erreur.__traceback__),
            )
            if statut is not None:  # the answer had begun: the client sees it cut short
                raise
            await erreur_interne(Request(scope))(scope, receive, envoyer)
        etat = scope.get("state", {})
        duree = time.perf_counter() - debut
        route = getattr(scope.get("route"), "path", None)
        REQUETES.labels(methode=scope["method"], route=route or "non-routee", statut=str(statut)).observe(duree)
        getattr(journal, niveau(statut))(
            "requete",
            requete_id=requete_id,
            methode=scope["method"],
            route=route,
            statut=statut,
            duree_ms=round(duree * 1000, 2),
            principal=etat.get("principal"),
            parcours=etat.get("parcours"),
        )
