"""The FastAPI application: ``creer_app(reglages)`` builds it; ``app`` is the one uvicorn serves.

The store is opened at start-up (lifespan), not at import. In development mode the schema is
migrated at start, so ``uvicorn api.app:app`` works on a fresh machine with no setting at all.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from api import journal, problemes
from api.limite import LimiteDeCorps
from api.openapi import avec_liens
from api.problemes import MEDIA_PROBLEME, Probleme
from api.routes import (
    accompagnement,
    audit,
    corbeilles,
    courriers,
    effacement,
    erreurs,
    explication,
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
from api.routes.reponses import ProblemeModele
from domain.horloge import Horloge, horloge_systeme
from infrastructure.composition import construire_application
from infrastructure.consultations import EcrivainDeConsultations, journal_pour
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.idempotence import magasin_pour
from infrastructure.jetons import Verificateur
from infrastructure.migrations import migrer
from infrastructure.reglages import Mode, Projections, Reglages
from projections.reprise import TRANSITOIRES

DESCRIPTION = """
Dossiers du réseau pour l'emploi : inscription, orientation, diagnostic, contrat d'engagement,
manquements, contradictoire, sanctions et recours. Chaque étape dit **qui a décidé, sur quel
fondement et avec quels critères** ; rien n'est jamais modifié ni effacé.

Les erreurs suivent la RFC 9457 (`application/problem+json`) ; `GET /erreurs/{code}` décrit chaque type.
Les commandes acceptent `If-Match` (version, voir `ETag`) et `Idempotency-Key`.
"""
PAS_PRET: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "Le magasin ne répond pas (`magasin-indisponible`), ou une vue est bloquée sur un événement "
        "qu'elle ne sait pas appliquer (`vue-bloquee` : la vue, la position et le type de l'événement sont nommés "
        "dans « vues »).",
        "model": ProblemeModele,
        "content": {MEDIA_PROBLEME: {"schema": {"$ref": "#/components/schemas/ProblemeModele"}}},
    }
}


def creer_app(reglages: Reglages | None = None, horloge: Horloge = horloge_systeme) -> FastAPI:
    reglages = reglages or Reglages()
    journal.configurer()

    @asynccontextmanager
    async def cycle_de_vie(app: FastAPI) -> AsyncIterator[None]:
        if reglages.mode is Mode.DEVELOPPEMENT and reglages.moteur != "postgres":
            # The embedded store sets itself up; on PostgreSQL only `parcours migrate` does, once, so
            # that several workers starting together never race to create the same tables.
            migrer(reglages)
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
        projections.demarrer()
        try:
            yield
        finally:
            projections.arreter()
            app.state.consultations.arreter()
            registre.fermer()
            application.close()

    app = FastAPI(title="parcours", version="0.1.0", description=DESCRIPTION, lifespan=cycle_de_vie)
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
    )
    for module in (*routeurs, indicateurs, referentiels, transparence, erreurs):
        app.include_router(module.routeur)
    avec_liens(app)
    problemes.installer(app)
    app.add_middleware(LimiteDeCorps, taille_max=reglages.taille_max_corps)
    app.add_middleware(journal.Traceur)  # outermost: every answer is logged, 413 and 500 included

    @app.get("/health", tags=["exploitation"])
    def sante() -> dict[str, str]:
        """Le service répond (vivant)."""
        return {"statut": "ok"}

    @app.get("/ready", tags=["exploitation"], responses=PAS_PRET)
    def pret() -> dict[str, str | int | None]:
        """Le service, son magasin d'événements et chaque vue sont prêts à servir ; donne la position du journal.
        Répond 503 si le magasin ne répond pas, ou si une vue est bloquée : la réponse nomme la vue et la position
        de l'événement qui l'arrête (docs/projections.md, « Débloquer une vue »)."""
        try:
            position = app.state.application.recorder.max_notification_id()
        except TRANSITOIRES as erreur:
            raise Probleme(
                503, "Le magasin d'événements ne répond pas ; réessayez.", "magasin-indisponible"
            ) from erreur
        projections: ProjectionsEnProcessus = app.state.projections
        if blocages := projections.blocages:
            noms = ", ".join(f"« {b.vue} » à la position {b.position} ({b.topic})" for b in blocages)
            raise Probleme(
                503,
                f"Vue bloquée sur un événement qu'elle ne sait pas appliquer : {noms}.",
                "vue-bloquee",
                position=position,
                vues=[
                    {"vue": b.vue, "position": b.position, "topic": b.topic, "depuis": b.depuis.isoformat()}
                    for b in blocages
                ],
            )
        return {"statut": "ok", "position": position}

    return app


app = creer_app()
