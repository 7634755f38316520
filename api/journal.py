"""Structured logs: one JSON line per request, with request id, route, status, latency, principal
and parcours ids — and never personal data (no names, birth dates or free text: bodies are not logged)."""

import logging
import time
from collections.abc import Awaitable, Callable
from uuid import uuid4

import structlog
from fastapi import FastAPI, Request, Response


def configurer() -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        cache_logger_on_first_use=True,
    )


journal = structlog.get_logger("parcours.api")


def installer(app: FastAPI) -> None:
    @app.middleware("http")
    async def tracer(request: Request, suivant: Callable[[Request], Awaitable[Response]]) -> Response:
        requete_id = request.headers.get("X-Request-Id") or uuid4().hex
        structlog.contextvars.bind_contextvars(requete_id=requete_id)
        debut = time.perf_counter()
        try:
            reponse = await suivant(request)
        finally:
            structlog.contextvars.clear_contextvars()
        route = request.scope.get("route")
        journal.info(
            "requete",
            requete_id=requete_id,
            methode=request.method,
            route=getattr(route, "path", request.url.path),
            statut=reponse.status_code,
            duree_ms=round((time.perf_counter() - debut) * 1000, 2),
            principal=getattr(request.state, "principal", None),
            parcours=getattr(request.state, "parcours", None),
        )
        reponse.headers["X-Request-Id"] = requete_id
        return reponse
