"""The FastAPI application: ``creer_app(reglages)`` builds it; ``app`` is the one uvicorn serves.

The store is opened at start-up (lifespan), not at import. In development mode the schema is
migrated at start, so ``uvicorn api.app:app`` works on a fresh machine with no setting at all.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib.metadata import version

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from api import journal, problemes
from api.cache import LecturesConditionnelles
from api.ecritures import DernieresEcritures, SesEcritures
from api.limite import LimiteDeCorps
from api.openapi import ETIQUETTES, avec_liens, nom_de_la_route
from api.routes import (
    abonnements,
    accompagnement,
    audit,
    corbeilles,
    courriers,
    effacement,
    erreurs,
    explication,
    exploitation,
    flux,
    indicateurs,
    inscription,
    lectures,
    moi,
    orientation,
    personnes,
    rectifications,
    referentiels,
    sanctions,
    transparence,
)
from domain.horloge import Horloge, horloge_systeme
from infrastructure.composition import construire_application
from infrastructure.consultations import EcrivainDeConsultations, journal_pour
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.idempotence import magasin_pour
from infrastructure.jetons import Verificateur
from infrastructure.migrations import migrer, verifier_la_version
from infrastructure.reglages import Mode, Projections, Reglages
from infrastructure.webhooks.execution import webhooks_pour

DESCRIPTION = """
Dossiers du réseau pour l'emploi : inscription, orientation, diagnostic, contrat d'engagement,
manquements, contradictoire, sanctions et recours. Chaque étape dit **qui a décidé, sur quel
fondement et avec quels critères** ; rien n'est jamais modifié ni effacé.

Les erreurs suivent la RFC 9457 (`application/problem+json`) ; `GET /erreurs/{code}` décrit chaque type.
Les commandes acceptent `If-Match` (version, voir `ETag`) et `Idempotency-Key`.
"""


def creer_app(reglages: Reglages | None = None, horloge: Horloge = horloge_systeme) -> FastAPI:
    reglages = reglages or Reglages()
    journal.configurer()

    @asynccontextmanager
    async def cycle_de_vie(app: FastAPI) -> AsyncIterator[None]:
        if reglages.mode is Mode.DEVELOPPEMENT and reglages.moteur != "postgres":
            # The embedded store sets itself up; on PostgreSQL only `parcours migrate` does, once, so
            # that several workers starting together never race to create the same tables.
            migrer(reglages)
        verifier_la_version(reglages)  # a schema newer than this release, or not migrated yet: refused
        application = construire_application(reglages, horloge)
        projections = ProjectionsEnProcessus(
            application, reglages, appliquer=reglages.projections is Projections.PROCESSUS
        )
        app.state.application = application
        app.state.reglages = reglages
        app.state.idempotence = magasin_pour(application.recorder, timedelta(hours=reglages.idempotence_heures))
        app.state.idempotence.purger()  # expired keys; `parcours idempotence purger` does it in between
        app.state.verificateur = Verificateur(reglages)
        app.state.projections = projections
        registre = journal_pour(reglages)
        app.state.consultations = EcrivainDeConsultations(registre)
        app.state.abonnements = webhooks_pour(reglages)  # the webhooks' subscriptions (parcours webhooks run sends)
        projections.demarrer()
        diffusion = flux.ouvrir(app, application, reglages)  # the live change feed's hub (GET /flux)
        try:
            yield
        finally:
            diffusion.arreter()
            projections.arreter()
            app.state.consultations.arreter()
            registre.fermer()
            app.state.abonnements.fermer()
            application.close()

    # Swagger UI and ReDoc from the package's own files: the docs work without internet, nothing from a CDN.
    app = FastAPIOffline(
        title="parcours",
        version=version("parcours"),
        description=DESCRIPTION,
        lifespan=cycle_de_vie,
        # A client generator names each method by its operationId: the route's French function name, stable
        # (``commande``, not ``commande_parcours__parcours_id__..._post``), unique (tests/api/test_openapi.py).
        generate_unique_id_function=nom_de_la_route,
        # One schema per model, read and written alike (no ``X-Input``/``X-Output`` pair for a client to merge).
        separate_input_output_schemas=False,
        openapi_tags=ETIQUETTES,
    )
    routeurs = (
        inscription,
        personnes,
        effacement,
        rectifications,
        moi,
        orientation,
        explication,
        accompagnement,
        sanctions,
        courriers,
        lectures,
        audit,
        corbeilles,
        flux,
        abonnements,
    )
    for module in (*routeurs, indicateurs, referentiels, transparence, erreurs, exploitation):
        app.include_router(module.routeur)
    avec_liens(app)
    problemes.installer(app)
    app.add_middleware(LimiteDeCorps, taille_max=reglages.taille_max_corps)
    app.state.ecritures = DernieresEcritures()  # each caller's last write, that their reads wait for
    app.add_middleware(SesEcritures, ecritures=app.state.ecritures)
    app.add_middleware(LecturesConditionnelles)  # ETag and 304 on the uncompressed body
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # not the event streams (Starlette leaves them)
    if reglages.cors_origines:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(reglages.cors_origines),
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key",
                           "X-Request-Id", "X-Motif-Consultation", "Last-Event-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-Id"],
        )  # fmt: skip
    app.add_middleware(journal.Traceur)  # outermost: every answer is logged, 413 and 500 included

    return app


app = creer_app()
