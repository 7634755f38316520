"""GET /indicateurs: aggregates with statistical secrecy, JSON and CSV, for agents and auditors only."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.corps import INSCRIPTION, ORIENTATION, le
from tests.support.horloge import HorlogeDeTest

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
    assert reponse.headers["content-disposition"] == 'attachment; filename="indicateurs-cellules.csv"'
    assert reponse.content.startswith("\ufeff".encode())  # a byte-order mark: the spreadsheet reads UTF-8
    entete, ligne = reponse.text.removeprefix("\ufeff").strip().splitlines()
    assert entete.startswith("departement;organisme;type_parcours;mois;secret;entrees")
    assert ligne.startswith("75;FRANCE_TRAVAIL;EMPLOI;2025-06;oui;secret")


def test_une_personne_n_a_pas_acces_aux_indicateurs(client: TestClient, jeton: Jeton) -> None:
    assert client.get("/indicateurs", headers=jeton(Role.PERSONNE, sub="p-1")).status_code == 403


def test_tel_que_connu_un_jour_les_orientations_enregistrees_plus_tard_n_y_sont_pas(
    client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    parcours = [client.post("/parcours", json=INSCRIPTION, headers=conseillere).json() for _ in range(12)]
    horloge.avancer(days=60)  # recorded in August, dated (business time) 10 June
    for inscrit in parcours:
        corps = {**ORIENTATION, **le("2025-06-10")}
        dernier = client.post(f"/parcours/{inscrit['parcours_id']}/orientation", json=corps, headers=conseillere)

    avec_le_recul = client.get("/indicateurs", params={"position_min": dernier.json()["position"]}, headers=conseillere)
    connu_en_juillet = client.get("/indicateurs", params={"connu_au": "2025-07-01"}, headers=conseillere)

    (recul,) = avec_le_recul.json()["cellules"]
    assert (recul["type_parcours"], recul["orientes"], recul["delai_orientation_jours_mediane"]) == ("EMPLOI", 12, 8)
    (juillet,) = connu_en_juillet.json()["cellules"]
    assert (connu_en_juillet.json()["mesure"], juillet["type_parcours"], juillet["orientes"]) == (
        "connu_au",
        "non_oriente",
        0,
    )


def test_les_repartitions_se_publient_avec_le_tableau_et_en_csv(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    position = orienter(client, conseillere, 12)

    json = client.get("/indicateurs", params={"position_min": position}, headers=conseillere).json()
    csv = client.get("/indicateurs", params={"format": "csv", "table": "repartitions"}, headers=conseillere)

    modes = [r for r in json["repartitions"] if r["tableau"] == "orientations_par_mode"]
    assert [(r["modalite"], r["effectif"]) for r in modes] == [("agent", 12)]
    assert csv.text.removeprefix("\ufeff").splitlines()[0] == "tableau;departement;mois;modalite;secret;effectif"
    assert "entrees_par_motif;75;2025-06;demande;non;12" in csv.text.splitlines()


def test_les_indicateurs_d_un_departement_ne_comptent_que_ses_parcours(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    orienter(client, conseillere, 12)
    a_marseille = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")
    marseille = {**INSCRIPTION, "inscription": {**INSCRIPTION["inscription"], "territoire": {"departement": "13"}}}
    for _ in range(11):
        position = client.post("/parcours", json=marseille, headers=a_marseille).json()["position"]

    reponse = client.get("/indicateurs", params={"departement": "13", "position_min": position}, headers=conseillere)

    assert reponse.status_code == 200, reponse.text
    assert reponse.json()["marges"] == [{"departement": "13", "mois": "2025-06", "secret": False, "entrees": 11}]
    assert {c["departement"] for c in reponse.json()["cellules"]} == {"13"}
