"""What the boundary tests share: tokens, the application behind a client, a 422's entry for a field."""

import json
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from application.parcours import ParcoursApplication
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.reglages import Reglages

DONNEES_INVALIDES = "/erreurs/donnees-invalides"


def entetes(reglages: Reglages, role: Role = Role.CONSEILLER, **revendications: Any) -> dict[str, str]:
    organisme = None if role in (Role.PERSONNE, Role.AUDITEUR, Role.ADMIN) else Organisme.FRANCE_TRAVAIL
    principal = Revendications(sub=f"{role.value}-1", role=role, organisme=organisme, territoire="75", **revendications)
    return {"Authorization": f"Bearer {emettre_jeton_dev(reglages, principal)}"}


def application_de(client: TestClient) -> ParcoursApplication:
    app = client.app
    assert isinstance(app, FastAPI)
    application: ParcoursApplication = app.state.application
    return application


def position(client: TestClient) -> int:
    return application_de(client).recorder.max_notification_id() or 0


def erreur_du_champ(reponse: httpx.Response, champ: str) -> dict[str, Any]:
    """The 422 problem's entry for ``champ`` (the answer is a problem document naming it)."""
    assert reponse.status_code == 422, reponse.text
    assert reponse.headers["content-type"] == "application/problem+json"
    corps = reponse.json()
    assert corps["type"] == DONNEES_INVALIDES
    erreurs = [e for e in corps["errors"] if e["champ"] == champ]
    assert erreurs, corps["errors"]
    return dict(erreurs[0])


def poster_brut(client: TestClient, adresse: str, corps: Any, entetes: dict[str, str]) -> httpx.Response:
    """JSON written with ASCII escapes, so that a lone surrogate travels as JSON allows it (``\\ud800``)."""
    contenu = json.dumps(corps, ensure_ascii=True).encode()
    reponse: httpx.Response = client.post(
        adresse, content=contenu, headers={**entetes, "Content-Type": "application/json"}
    )
    return reponse
