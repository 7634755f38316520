"""Read-your-writes: a command answers its store position; a read with ?position_min= waits for
the view to reach it, then answers — no polling loop, no sleep."""

import pytest
from fastapi.testclient import TestClient

from tests.api.corps import INSCRIPTION, ORIENTATION


def test_le_journal_lu_a_la_position_de_la_commande_la_contient(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    inscrit = client.post("/parcours", json=INSCRIPTION, headers=conseillere).json()
    parcours = f"/parcours/{inscrit['parcours_id']}"
    oriente = client.post(f"{parcours}/orientation", json=ORIENTATION, headers=conseillere).json()

    journal = client.get(f"{parcours}/journal", params={"position_min": oriente["position"]}, headers=conseillere)

    assert journal.status_code == 200, journal.text
    lignes = journal.json()
    assert [(ligne["version"], ligne["type"]) for ligne in lignes] == [(1, "Inscrit"), (2, "Oriente")]
    assert lignes[1]["texte"].startswith("Orienté vers France Travail, parcours emploi, par un agent")
    assert lignes[1]["auteur_id"] == "agent-42"
    assert lignes[1]["criteres"][0] == "activite_recente_24_mois = oui (déclaration, 01/06/2025)"


def test_une_position_que_la_vue_n_atteint_pas_donne_un_probleme_503(
    client: TestClient, conseillere: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    projections = client.app.state.projections  # type: ignore[attr-defined]
    monkeypatch.setattr(projections, "attendre", lambda position, delai: False)  # a view that never catches up

    reponse = client.get(f"{parcours}/journal", params={"position_min": 1}, headers=conseillere)

    assert reponse.status_code == 503
    assert reponse.json()["type"] == "/erreurs/projection-en-retard"


def test_une_position_que_le_journal_n_a_pas_encore_donnee_est_refusee_sans_attendre(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"

    reponse = client.get(f"{parcours}/journal", params={"position_min": 10**9}, headers=conseillere)

    assert reponse.status_code == 422
    assert reponse.headers["content-type"] == "application/problem+json"


def test_le_dossier_lu_a_la_position_de_la_commande_la_reflete(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    oriente = client.post(f"{parcours}/orientation", json=ORIENTATION, headers=conseillere).json()

    en_tete = client.get(parcours, params={"position_min": oriente["position"]}, headers=conseillere)

    assert en_tete.status_code == 200, en_tete.text
    assert (en_tete.json()["version"], en_tete.json()["type_parcours"]) == (2, "EMPLOI")
    assert en_tete.json()["dernier_evenement"] == "Oriente"
