"""Every read of a parcours' data writes exactly one entry in the consultations log — the endpoints are
listed from the OpenAPI document, so a new one cannot escape — and the log is the person's to read."""

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from application.principal import Role
from infrastructure.reglages import Reglages
from tests.api.conftest import Jeton
from tests.api.corps import DONNEES_EMPLOI, INSCRIPTION

PERSONNE: dict[str, Any] = {
    "provenance": {"source": "declaration", "le": "2025-06-01"},
    "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Élise"], "date_naissance": "1990-04-12"},
    "contact": {
        "adresse": {"lignes": ["12 rue des Lilas"], "code_postal": "75011", "commune": "Paris", "code_insee": "75056"}
    },
}
"""A person with a postal address: a letter can be sent to her, and read again (``/courriers/{version}``)."""


@pytest.fixture
def reglages_api(reglages: Reglages, tmp_path: Path) -> Reglages:
    """The letters to post left in ``tmp_path``."""
    return reglages.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem", "depot_courriers": tmp_path / "depot"})


def lectures_d_un_parcours(client: TestClient) -> list[str]:
    chemins: dict[str, dict[str, Any]] = client.get("/openapi.json").json()["paths"]
    return sorted(
        c for c, operations in chemins.items() if c.startswith("/parcours/{parcours_id}") and "get" in operations
    )


def test_chaque_lecture_d_un_parcours_ecrit_une_consultation_et_une_seule(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    corps = {**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, "personne": PERSONNE}
    parcours_id = client.post("/parcours", json=corps, headers=conseillere).json()["parcours_id"]
    courrier = {"nature": "decision_orientation", "version": 3}  # the decision the algorithm confirmed
    emis = client.post(f"/parcours/{parcours_id}/courriers", json=courrier, headers=conseillere)
    assert emis.status_code == 201, emis.text
    auditrice = {**jeton(Role.AUDITEUR, sub="audit-1"), "X-Motif-Consultation": "Contr%C3%B4le trimestriel"}
    lectures = lectures_d_un_parcours(client)
    assert len(lectures) >= 8  # dossier, état, historique, journal, explication, export, consultations, courrier

    for chemin in lectures:
        reponse = client.get(chemin.format(parcours_id=parcours_id, version=emis.json()["version"]), headers=auditrice)
        assert reponse.status_code == 200, (chemin, reponse.text)

    journal = client.get(f"/parcours/{parcours_id}/consultations", headers=auditrice).json()
    vues = sorted(c["vue"] for c in journal)
    attendues = sorted([f"GET {c}" for c in lectures] + ["GET /parcours/{parcours_id}/consultations"])
    assert vues == attendues
    assert {(c["principal"], c["role"], c["motif"]) for c in journal} == {
        ("audit-1", "auditeur", "Contrôle trimestriel")
    }


def test_une_commande_n_est_pas_une_consultation_et_un_agent_ne_lit_pas_le_journal(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    parcours_id = client.post("/parcours", json=INSCRIPTION, headers=conseillere).json()["parcours_id"]
    client.post(f"/parcours/{parcours_id}/sortie", json={"motif_sortie": "emploi_durable"}, headers=conseillere)
    personne = jeton(Role.PERSONNE, sub="p-1", parcours=UUID(parcours_id))

    par_l_agent = client.get(f"/parcours/{parcours_id}/consultations", headers=conseillere)
    par_la_personne = client.get(f"/parcours/{parcours_id}/consultations", headers=personne)

    assert par_l_agent.status_code == 403
    # The agent's read was refused on its role before the parcours was read: nothing was consulted.
    assert [(c["principal"], c["vue"]) for c in par_la_personne.json()] == [
        ("p-1", "GET /parcours/{parcours_id}/consultations")
    ]
