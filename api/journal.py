"""Structured logs: one JSON line per request, with request id, route template, status, latency,
principal and parcours ids — and never personal data (bodies are not logged; an unexpected
failure is logged by its type and stack, not its message, which may carry request data)."""

import logging
import re
import time
import traceback
from collections.abc import Awaitable, Callable
from uuid import uuid4

import structlog
from fastapi import FastAPI, Request, Response

from api.problemes import erreur_interne

ID_DE_REQUETE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def configurer() -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        cache_logger_on_first_use=True,
    )


journal = structlog.get_logger("parcours.api")


def installer(app: FastAPI) -> None:
    @app.middleware("http")
    async def tracer(request: Request, suivant: Callable[[Request], Awaitable[Response]]) -> Response:
        propose = request.headers.get("X-Request-Id", "")
        requete_id = propose if ID_DE_REQUETE.match(propose) else uuid4().hex
        debut = time.perf_counter()
        try:
            reponse = await suivant(request)
        except Exception as erreur:  # the last barrier: a problem document, never a stack trace
            journal.error(
                "erreur_inattendue",
                requete_id=requete_id,
                erreur=type(erreur).__name__,
                pile=traceback.format_tb(erreur.__traceback__),
            )
            reponse = erreur_interne(request)
        route = request.scope.get("route")
        journal.info(
            "requete",
            requete_id=requete_id,
            methode=request.method,
            route=getattr(route, "path", None),
            statut=reponse.status_code,
            duree_ms=round((time.perf_counter() - debut) * 1000, 2),
            principal=getattr(request.state, "principal", None),
            parcours=getattr(request.state, "parcours", None),
        )
        reponse.headers["X-Request-Id"] = requete_id
        return reponse
