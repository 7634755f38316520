"""Rectification (RGPD art. 16): the person asks in their space, an agent who follows them answers
within one month (art. 12 §3), the person reads the answer; both recorded, on every store."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.test_moi import inscrire_et_rattacher

DEMANDE = {"objet": "Mon nom de naissance est mal orthographié.", "correction": "Lefebvre, avec un b."}


def demander(client: TestClient, jeton: Jeton, conseillere: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")
    amelie = jeton(Role.PERSONNE, sub="fc-amelie")
    demande = client.post("/moi/rectifications", json=DEMANDE, headers=amelie)
    assert demande.status_code == 201, demande.text
    return {**inscrit, **demande.json()}, amelie


def test_la_demande_acceptee_puis_la_correction_se_lisent_dans_l_espace(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    demande, amelie = demander(client, jeton, conseillere)
    personne = f"/personnes/{demande['personne_id']}"

    a_traiter = client.get(f"{personne}/rectifications", params={"en_attente": True}, headers=conseillere)
    reponse = client.post(
        f"{personne}/rectifications/{demande['numero']}/reponse",
        json={"acceptee": True, "reponse": "Corrigé d'après votre acte de naissance."},
        headers=conseillere,
    )
    corrigee = client.post(
        f"{personne}/identite",
        json={
            "provenance": {"source": "conseiller", "le": "2025-06-02"},
            "identite": {"nom_naissance": "Lefebvre", "prenoms": ["Amélie"], "date_naissance": "1990-04-12"},
        },
        headers=conseillere,
    )
    vue = client.get("/moi/rectifications", headers=amelie)

    assert demande["numero"] == "1"
    assert [(r["objet"], r["correction"], r["reponse_due_le"]) for r in a_traiter.json()] == [
        (DEMANDE["objet"], DEMANDE["correction"], "2025-07-02")
    ]
    assert reponse.status_code == 200, reponse.text
    assert corrigee.status_code == 200, corrigee.text
    assert [(r["en_attente"], r["acceptee"], r["reponse"]) for r in vue.json()] == [
        (False, True, "Corrigé d'après votre acte de naissance.")
    ]
    assert client.get("/moi", headers=amelie).json()["identite"]["nom_naissance"] == "Lefebvre"
    assert client.get(f"{personne}/rectifications", params={"en_attente": True}, headers=conseillere).json() == []


def test_un_refus_est_motive_et_une_demande_ne_recoit_qu_une_reponse(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    demande, amelie = demander(client, jeton, conseillere)
    repondre = f"/personnes/{demande['personne_id']}/rectifications/1/reponse"
    refus = {"acceptee": False, "reponse": "Le nom enregistré est celui de votre pièce d'identité."}

    premiere = client.post(repondre, json=refus, headers=conseillere)
    seconde = client.post(repondre, json={**refus, "acceptee": True}, headers=conseillere)
    sans_motif = client.post(repondre, json={"acceptee": False}, headers=conseillere)

    assert premiere.status_code == 200, premiere.text
    assert (seconde.status_code, seconde.json()["type"]) == (409, "/erreurs/rectification-inconnue")
    assert sans_motif.status_code == 422
    assert [(r["acceptee"], r["reponse"]) for r in client.get("/moi/rectifications", headers=amelie).json()] == [
        (False, refus["reponse"])
    ]


def test_seuls_les_agents_qui_suivent_la_personne_repondent(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    demande, amelie = demander(client, jeton, conseillere)
    ailleurs = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")
    personne = f"/personnes/{demande['personne_id']}/rectifications"
    accord = {"acceptee": True, "reponse": "D'accord."}

    par_la_personne = client.post(f"{personne}/1/reponse", json=accord, headers=amelie)
    d_ailleurs = client.post(f"{personne}/1/reponse", json=accord, headers=ailleurs)
    liste_d_ailleurs = client.get(personne, headers=ailleurs)
    par_un_agent = client.post("/moi/rectifications", json=DEMANDE, headers=conseillere)

    assert par_la_personne.status_code == 403
    assert d_ailleurs.status_code == liste_d_ailleurs.status_code == 404
    assert par_un_agent.status_code == 403
    assert client.get("/moi/rectifications", headers=amelie).json()[0]["en_attente"] is True


def test_une_demande_vide_est_refusee_en_nommant_le_champ(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    inscrire_et_rattacher(client, conseillere, "fc-amelie")

    reponse = client.post(
        "/moi/rectifications", json={"objet": "", "correction": "x"}, headers=jeton(Role.PERSONNE, sub="fc-amelie")
    )

    assert reponse.status_code == 422
    assert [e["champ"] for e in reponse.json()["errors"]] == ["body.objet"]
