"""What the error tests check on every problem: its status, type, French detail, and that nothing was recorded."""

import copy
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from application.parcours import ParcoursApplication
from tests.api.corps import INSCRIPTION

DONNEES_INVALIDES = "La requête contient des données invalides : voir « errors »."
TAILLE_MAX = 64 * 1024


def application_de(client: TestClient) -> ParcoursApplication:
    app = client.app
    assert isinstance(app, FastAPI)
    application: ParcoursApplication = app.state.application
    return application


def inscrire(client: TestClient, entetes: dict[str, str]) -> str:
    reponse = client.post("/parcours", json=INSCRIPTION, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return f"/parcours/{reponse.json()['parcours_id']}"


def nombre_d_evenements(client: TestClient, parcours: str, entetes: dict[str, str]) -> int:
    reponse = client.get(f"{parcours}/historique", headers=entetes)
    assert reponse.status_code == 200, reponse.text
    return len(reponse.json())


def evenements_du_magasin(client: TestClient) -> int:
    """Every event of the store, all parcours together."""
    return application_de(client).recorder.max_notification_id() or 0


def verifier_probleme(reponse: httpx.Response, statut: int, code: str, extrait_du_detail: str) -> dict[str, Any]:
    """The answer is an RFC 9457 problem of this status and type, whose French detail says ``extrait_du_detail``."""
    assert reponse.status_code == statut, reponse.text
    assert reponse.headers["content-type"] == "application/problem+json"
    corps: dict[str, Any] = reponse.json()
    assert corps["type"] == f"/erreurs/{code}"
    assert corps["status"] == statut
    assert corps["title"]
    assert extrait_du_detail in corps["detail"]
    assert corps["instance"] == reponse.request.url.path
    return corps


def verifier_donnees_invalides(reponse: httpx.Response, champ: str, type_d_erreur: str, message: str) -> None:
    """A 422 whose ``errors`` name the field, with a stable type and a French message."""
    corps = verifier_probleme(reponse, 422, "donnees-invalides", DONNEES_INVALIDES)
    assert corps["detail"] == DONNEES_INVALIDES
    assert all(set(e) == {"champ", "message", "type"} for e in corps["errors"])
    (erreur,) = [e for e in corps["errors"] if e["champ"] == champ]
    assert erreur["type"] == type_d_erreur
    assert message in erreur["message"]


def avec(corps: dict[str, Any], chemin: tuple[str, ...], valeur: object) -> dict[str, Any]:
    """A copy of ``corps`` with the value at ``chemin`` replaced."""
    modifie = copy.deepcopy(corps)
    cible = modifie
    for cle in chemin[:-1]:
        cible = cible[cle]
    cible[chemin[-1]] = valeur
    return modifie
