"""GET /corbeilles/{liste}: by due date, within the caller's scope, by pages, after the caller's own writes."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.corps import INSCRIPTION, ORIENTATION, le
from tests.support.horloge import HorlogeDeTest


def orienter_et_notifier(
    client: TestClient, entetes: dict[str, str], jour: str, departement: str = "75"
) -> dict[str, Any]:
    corps = {"inscription": {**INSCRIPTION["inscription"], "territoire": {"departement": departement}}, **le(jour)}
    parcours = f"/parcours/{client.post('/parcours', json=corps, headers=entetes).json()['parcours_id']}"
    client.post(f"{parcours}/orientation", json={**ORIENTATION, **le(jour)}, headers=entetes)
    return dict(client.post(f"{parcours}/orientation/notification", json=le(jour), headers=entetes).json())


def test_les_contrats_a_signer_par_echeance_apres_sa_propre_ecriture(
    client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    horloge.aller_au("2025-06-20")  # after every business day below: each parcours is typed in late, none ahead
    tardif = orienter_et_notifier(client, conseillere, "2025-06-20")
    urgent = orienter_et_notifier(client, conseillere, "2025-06-01")

    page = client.get("/corbeilles/contrat_a_signer", params={"position_min": urgent["position"]}, headers=conseillere)

    assert page.status_code == 200, page.text
    elements = page.json()["elements"]
    assert [e["parcours_id"] for e in elements] == [urgent["parcours_id"], tardif["parcours_id"]]
    assert [e["echeance"] for e in elements] == ["2025-07-01", "2025-07-20"]
    assert page.json()["curseur_suivant"] is None


def test_la_corbeille_se_parcourt_par_pages(
    client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    horloge.aller_au("2025-06-03")
    notifies = [orienter_et_notifier(client, conseillere, f"2025-06-{jour:02d}") for jour in (3, 1, 2)]
    position = max(n["position"] for n in notifies)

    premiere = client.get(
        "/corbeilles/contrat_a_signer", params={"limite": 2, "position_min": position}, headers=conseillere
    ).json()
    suite = client.get(
        "/corbeilles/contrat_a_signer",
        params={"limite": 2, "curseur": premiere["curseur_suivant"]},
        headers=conseillere,
    ).json()

    vus = [e["echeance"] for e in premiere["elements"] + suite["elements"]]
    assert vus == ["2025-07-01", "2025-07-02", "2025-07-03"]
    assert suite["curseur_suivant"] is None


def test_chacun_ne_voit_que_son_perimetre_et_l_auditeur_voit_tout(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    marseille = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")
    a_paris = orienter_et_notifier(client, conseillere, "2025-06-01")
    a_marseille = orienter_et_notifier(client, marseille, "2025-06-02", departement="13")
    position = {"position_min": max(a_paris["position"], a_marseille["position"])}

    def vus(entetes: dict[str, str]) -> set[str]:
        reponse = client.get("/corbeilles/contrat_a_signer", params=position, headers=entetes)
        return {e["parcours_id"] for e in reponse.json()["elements"]}

    assert vus(conseillere) == {a_paris["parcours_id"]}
    assert vus(marseille) == {a_marseille["parcours_id"]}
    assert vus(jeton(Role.AUDITEUR, sub="audit-1")) == {a_paris["parcours_id"], a_marseille["parcours_id"]}
    personne = client.get("/corbeilles/contrat_a_signer", headers=jeton(Role.PERSONNE, sub="p-1"))
    assert personne.status_code == 403


def test_une_corbeille_inconnue_ou_un_curseur_illisible_sont_des_problemes(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    inconnue = client.get("/corbeilles/a_classer", headers=conseillere)
    illisible = client.get("/corbeilles/contrat_a_signer", params={"curseur": "%%%"}, headers=conseillere)

    assert (inconnue.status_code, illisible.status_code) == (422, 400)
    assert illisible.headers["content-type"] == "application/problem+json"


def test_la_corbeille_se_filtre_par_echeance_et_par_referent(
    client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    horloge.aller_au("2025-06-20")
    tot = orienter_et_notifier(client, conseillere, "2025-06-01")
    orienter_et_notifier(client, conseillere, "2025-06-20")
    parcours = f"/parcours/{tot['parcours_id']}"
    referent = {"referent": {"id": "agent-7", "organisme": "FRANCE_TRAVAIL"}}
    designe = client.post(f"{parcours}/referent", json=referent, headers=conseillere).json()

    def vus(**filtres: str) -> list[str]:
        params = {**filtres, "position_min": str(designe["position"])}
        return [
            e["parcours_id"]
            for e in client.get("/corbeilles/contrat_a_signer", params=params, headers=conseillere).json()["elements"]
        ]

    assert vus(echeance_avant="2025-07-10") == [tot["parcours_id"]]
    assert vus(referent="agent-7") == [tot["parcours_id"]]
    assert vus(referent="personne") == []


def test_la_synthese_quotidienne_compte_les_echeances_passees_et_proches_du_seul_perimetre(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton, horloge: HorlogeDeTest
) -> None:
    # given: in Paris, contracts due on 1 July (passed on the 3rd) and on 8 July (near); one in Marseille
    marseille = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")
    horloge.aller_au("2025-06-08")
    notifies = [
        orienter_et_notifier(client, conseillere, "2025-06-01"),
        orienter_et_notifier(client, conseillere, "2025-06-08"),
        orienter_et_notifier(client, marseille, "2025-06-01", departement="13"),
    ]
    position = max(n["position"] for n in notifies)

    # when: each asks for the digest of 3 July
    def synthese(entetes: dict[str, str]) -> dict[str, Any]:
        reponse = client.get(
            "/corbeilles/synthese", params={"jour": "2025-07-03", "position_min": position}, headers=entetes
        )
        assert reponse.status_code == 200, reponse.text
        return {c["liste"]: c for c in reponse.json()["corbeilles"]}

    a_paris, a_marseille = synthese(conseillere), synthese(marseille)

    # then: each counts its own, labelled in French
    assert a_paris["contrat_a_signer"] == {
        "liste": "contrat_a_signer",
        "libelle": "contrat à signer",
        "depassees": 1,
        "proches": 1,
    }
    assert (a_marseille["contrat_a_signer"]["depassees"], a_marseille["contrat_a_signer"]["proches"]) == (1, 0)
    assert a_paris["recours"]["depassees"] == a_paris["recours"]["proches"] == 0
    assert client.get("/corbeilles/synthese", headers=jeton(Role.PERSONNE, sub="p-1")).status_code == 403
