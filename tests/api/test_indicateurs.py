"""GET /indicateurs: aggregates with statistical secrecy, JSON and CSV, for agents and auditors only."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from tests.api.conftest import Jeton
from tests.api.corps import INSCRIPTION, ORIENTATION

SOCIAL = {**ORIENTATION, "orientation": {"type_parcours": "SOCIAL", "organisme": "DEPARTEMENT"}}


def orienter(
    client: TestClient, entetes: dict[str, str], nombre: int, orientation: dict[str, Any] = ORIENTATION
) -> int:
    position = 0
    for _ in range(nombre):
        parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=entetes).json()['parcours_id']}"
        position = client.post(f"{parcours}/orientation", json=orientation, headers=entetes).json()["position"]
    return position


def test_les_indicateurs_publient_les_grandes_cellules_et_cachent_les_petites(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    orienter(client, conseillere, 12)
    orienter(client, conseillere, 11, SOCIAL)
    for _ in range(3):  # three people never oriented: a cell under the threshold
        dernier = client.post("/parcours", json=INSCRIPTION, headers=conseillere).json()["position"]
    auditrice = jeton(Role.AUDITEUR, sub="audit-1")

    reponse = client.get("/indicateurs", params={"position_min": dernier}, headers=auditrice)

    assert reponse.status_code == 200, reponse.text
    cellules: dict[str, Any] = {c["type_parcours"]: c for c in reponse.json()["cellules"]}
    assert cellules["EMPLOI"]["entrees"] == 12
    assert cellules["EMPLOI"]["orientes"] == 12
    assert cellules["non_oriente"]["secret"] is True
    assert cellules["non_oriente"]["entrees"] is None
    # The margin (26) is published: the smallest visible cell (11) is hidden too, or 26 - 12 - 11 = 3 leaks.
    assert cellules["SOCIAL"]["secret"] is True
    assert reponse.json()["marges"] == [{"departement": "75", "mois": "2025-06", "secret": False, "entrees": 26}]


def test_les_indicateurs_se_telechargent_en_csv(client: TestClient, conseillere: dict[str, str]) -> None:
    position = orienter(client, conseillere, 2)

    reponse = client.get("/indicateurs", params={"format": "csv", "position_min": position}, headers=conseillere)

    assert reponse.status_code == 200
    assert reponse.headers["content-type"].startswith("text/csv")
    entete, ligne = reponse.text.strip().splitlines()
    assert entete.startswith("departement,organisme,type_parcours,mois,secret,entrees")
    assert ligne.startswith("75,FRANCE_TRAVAIL,EMPLOI,2025-06,True,secret")


def test_une_personne_n_a_pas_acces_aux_indicateurs(client: TestClient, jeton: Jeton) -> None:
    assert client.get("/indicateurs", headers=jeton(Role.PERSONNE, sub="p-1")).status_code == 403
