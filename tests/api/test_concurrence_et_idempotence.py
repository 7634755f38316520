"""If-Match and Idempotency-Key: no lost update, no double recording."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.corps import INSCRIPTION


def inscrire(client: TestClient, entetes: dict[str, str]) -> str:
    return f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=entetes).json()['parcours_id']}"


def nombre_d_evenements(client: TestClient, parcours: str, entetes: dict[str, str]) -> int:
    return len(client.get(f"{parcours}/historique", headers=entetes).json())


def test_deux_commandes_concurrentes_sur_la_meme_version_une_seule_passe(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere)
    entetes = {**conseillere, "If-Match": '"1"'}

    def informer(_: int) -> int:
        return int(client.post(f"{parcours}/droits-devoirs/information", json={}, headers=entetes).status_code)

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuts = sorted(pool.map(informer, range(2)))

    assert statuts == [200, 412]
    assert nombre_d_evenements(client, parcours, conseillere) == 2


def test_if_match_perime_donne_412_avec_la_version_actuelle(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)
    client.post(f"{parcours}/droits-devoirs/information", json={}, headers=conseillere)

    reponse = client.post(f"{parcours}/droits-devoirs/information", json={}, headers={**conseillere, "If-Match": '"1"'})

    assert reponse.status_code == 412
    assert reponse.headers["content-type"] == "application/problem+json"
    assert reponse.json()["version_actuelle"] == 2


def test_if_match_malforme_est_refuse(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(f"{parcours}/droits-devoirs/information", json={}, headers={**conseillere, "If-Match": "abc"})

    assert reponse.status_code == 400
    assert reponse.json()["type"] == "/erreurs/requete-invalide"


def test_un_rejeu_idempotent_rend_la_premiere_reponse_sans_rien_ajouter(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    entetes = {**conseillere, "Idempotency-Key": "cle-1"}
    premiere = client.post("/parcours", json=INSCRIPTION, headers=entetes)
    rejeu = client.post("/parcours", json=INSCRIPTION, headers=entetes)

    assert (premiere.status_code, rejeu.status_code) == (201, 201)
    assert rejeu.json() == premiere.json()
    assert rejeu.headers["Idempotent-Replayed"] == "true"
    parcours = f"/parcours/{premiere.json()['parcours_id']}"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_rejeu_sur_un_parcours_n_ajoute_rien(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)
    entetes = {**conseillere, "Idempotency-Key": "info-1"}

    reponses = [client.post(f"{parcours}/droits-devoirs/information", json={}, headers=entetes) for _ in range(3)]

    assert {r.json()["version"] for r in reponses} == {2}
    assert nombre_d_evenements(client, parcours, conseillere) == 2


def test_la_meme_cle_pour_une_autre_requete_est_refusee(client: TestClient, conseillere: dict[str, str]) -> None:
    entetes = {**conseillere, "Idempotency-Key": "cle-2"}
    client.post("/parcours", json=INSCRIPTION, headers=entetes)
    autre = {"inscription": {**INSCRIPTION["inscription"], "canal": "guichet"}}

    reponse = client.post("/parcours", json=autre, headers=entetes)

    assert reponse.status_code == 422
    assert reponse.json()["type"] == "/erreurs/cle-idempotence-reutilisee"


def test_un_refus_par_une_regle_est_rejoue_a_l_identique(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)
    entetes = {**conseillere, "Idempotency-Key": "revue-1"}

    premiere = client.post(f"{parcours}/droits-devoirs/revue", json={}, headers=entetes)
    client.post(f"{parcours}/droits-devoirs/information", json={}, headers=conseillere)
    rejeu = client.post(f"{parcours}/droits-devoirs/revue", json={}, headers=entetes)

    assert (premiere.status_code, rejeu.status_code) == (409, 409)
    assert rejeu.json()["regle"] == "DroitsDevoirsNonInformes"
    assert nombre_d_evenements(client, parcours, conseillere) == 2


def test_une_commande_part_du_parcours_que_le_controle_d_acces_a_charge(
    client: TestClient, conseillere: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: the access check loads the parcours, and the command starts from that very aggregate,
    handed to it as an argument: one load per command (a write in between is caught at save,
    ``tests/application/test_parcours_application.py``)."""
    parcours = inscrire(client, conseillere)
    depot = client.app.state.application.repository  # type: ignore[attr-defined]
    chargements: list[object] = []
    charger = depot.get

    def compter(*args: Any, **kwargs: Any) -> Any:
        chargements.append(args[0])
        return charger(*args, **kwargs)

    monkeypatch.setattr(depot, "get", compter)

    reponse = client.post(f"{parcours}/droits-devoirs/information", json={}, headers=conseillere)

    assert (reponse.status_code, reponse.json()["version"]) == (200, 2)
    assert len(chargements) == 1
