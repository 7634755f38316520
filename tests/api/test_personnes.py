"""The person through the API (issue 18): inscription finds the person, identifier search, the record,
its commands, and only what the caller may see."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.corps import INSCRIPTION
from tests.support.personnes import nir

NIR = nir()
PERSONNE: dict[str, Any] = {
    "provenance": {"source": "declaration", "le": "2025-06-01"},
    "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Amélie"], "date_naissance": "1990-04-12", "sexe": "F"},
    "identifiants": [{"nature": "nir", "valeur": NIR}],
    "contact": {"courriel": "amelie.lefevre@example.org"},
}


def inscrire(client: TestClient, entetes: dict[str, str], personne: dict[str, Any] = PERSONNE) -> Any:
    return client.post("/parcours", json={**INSCRIPTION, "personne": personne}, headers=entetes)


def test_l_inscription_enregistre_la_personne_et_la_fiche_se_lit(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    reponse = inscrire(client, conseillere)

    assert reponse.status_code == 201, reponse.text
    fiche = client.get(f"/personnes/{reponse.json()['personne_id']}", headers=conseillere)
    assert fiche.status_code == 200, fiche.text
    assert fiche.json()["nom_affiche"] == "LEFÈVRE Amélie"
    assert fiche.json()["identifiants"] == [{"nature": "nir", "valeur": NIR, "organisme": None}]
    assert fiche.json()["parcours"] == [reponse.json()["parcours_id"]]


def test_une_seconde_inscription_nomme_le_parcours_ouvert_a_qui_peut_le_voir_seulement(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    premier = inscrire(client, conseillere).json()
    partenaire = jeton(Role.PARTENAIRE, sub="caf-93")

    vue = inscrire(client, conseillere)
    aveugle = inscrire(client, partenaire)

    assert (vue.status_code, vue.json()["type"]) == (409, "/erreurs/parcours-deja-ouvert")
    assert vue.json()["parcours_id"] == premier["parcours_id"]
    assert (aveugle.status_code, aveugle.json()["type"]) == (409, "/erreurs/parcours-deja-ouvert")
    assert "parcours_id" not in aveugle.json()
    assert premier["parcours_id"] not in aveugle.text


def test_un_nir_a_la_cle_fausse_est_refuse_en_nommant_le_champ(client: TestClient, conseillere: dict[str, str]) -> None:
    faux = NIR[:-2] + f"{(int(NIR[-2:]) + 1) % 97:02d}"

    reponse = inscrire(client, conseillere, {**PERSONNE, "identifiants": [{"nature": "nir", "valeur": faux}]})

    assert reponse.status_code == 422
    assert [e["champ"] for e in reponse.json()["errors"]] == ["body.personne.identifiants.0.valeur"]


def test_la_recherche_par_nir_ne_montre_que_ce_que_l_appelant_peut_voir(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    personne_id = inscrire(client, conseillere).json()["personne_id"]
    ailleurs = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")

    trouvees = client.get("/personnes", params={"nature": "nir", "valeur": NIR}, headers=conseillere)
    cachees = client.get("/personnes", params={"nature": "nir", "valeur": NIR}, headers=ailleurs)

    assert [p["personne_id"] for p in trouvees.json()] == [personne_id]
    assert cachees.json() == []
    assert client.get(f"/personnes/{personne_id}", headers=ailleurs).status_code == 404


def test_la_recherche_est_ecrite_au_journal_des_consultations_sans_le_nir(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    parcours_id = inscrire(client, conseillere).json()["parcours_id"]
    auditrice = jeton(Role.AUDITEUR, sub="audit-1")

    client.get("/personnes", params={"nature": "nir", "valeur": NIR}, headers=conseillere)

    journal = client.get(f"/parcours/{parcours_id}/consultations", headers=auditrice)
    assert any(c["vue"] == "GET /personnes" and c["principal"] == "agent-42" for c in journal.json()), journal.text
    assert NIR not in journal.text


def test_une_fiche_en_double_se_fusionne_puis_se_defait(client: TestClient, conseillere: dict[str, str]) -> None:
    gardee = inscrire(client, conseillere).json()["personne_id"]
    autre_nir = nir(departement="93", commune="066")
    doublon = inscrire(client, conseillere, {**PERSONNE, "identifiants": [{"nature": "nir", "valeur": autre_nir}]})
    doublon_id = doublon.json()["personne_id"]
    assert client.get(f"/personnes/{doublon_id}", headers=conseillere).json()["doublons_a_examiner"] == [gardee]
    client.post(
        f"/parcours/{doublon.json()['parcours_id']}/sortie",
        json={"motif_sortie": "emploi_durable"},
        headers=conseillere,
    )

    fusion = client.post(f"/personnes/{doublon_id}/fusion", json={"dans": gardee}, headers=conseillere)
    apres = client.get("/personnes", params={"nature": "nir", "valeur": autre_nir}, headers=conseillere)
    annulation = client.post(f"/personnes/{doublon_id}/fusion/annulation", json={}, headers=conseillere)
    defaite = client.get("/personnes", params={"nature": "nir", "valeur": autre_nir}, headers=conseillere)
    gardee_ensuite = client.get(f"/personnes/{gardee}", headers=conseillere).json()

    assert fusion.status_code == 200, fusion.text
    assert [p["personne_id"] for p in apres.json()] == [gardee]
    assert apres.json()[0]["parcours"][-1] == doublon.json()["parcours_id"]  # the absorbed record's parcours
    assert annulation.status_code == 200, annulation.text
    assert [p["personne_id"] for p in defaite.json()] == [doublon_id]
    assert doublon.json()["parcours_id"] not in gardee_ensuite["parcours"]


def test_une_identite_corrigee_retrouve_la_personne_sous_son_nouveau_nom(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    personne_id = inscrire(client, conseillere).json()["personne_id"]
    corrigee = {"nom_naissance": "Lefebvre", "prenoms": ["Amélie"], "date_naissance": "1990-04-12"}

    reponse = client.post(
        f"/personnes/{personne_id}/identite",
        json={
            "provenance": {"source": "conseiller", "le": "2025-06-03"},
            "identite": corrigee,
            "motif": "Acte de naissance",
        },
        headers=conseillere,
    )
    sans_nir = {**PERSONNE, "identite": corrigee, "identifiants": []}

    assert reponse.status_code == 200, reponse.text
    assert client.get(f"/personnes/{personne_id}", headers=conseillere).json()["nom_affiche"] == "LEFEBVRE Amélie"
    retrouvee = inscrire(client, conseillere, sans_nir)
    assert (retrouvee.status_code, retrouvee.json()["type"]) == (409, "/erreurs/parcours-deja-ouvert")


def test_un_identifiant_deja_a_une_autre_personne_est_refuse(client: TestClient, conseillere: dict[str, str]) -> None:
    premiere = inscrire(client, conseillere).json()["personne_id"]
    autre = {**PERSONNE, "identite": {**PERSONNE["identite"], "prenoms": ["Lou"]}, "identifiants": []}
    seconde = inscrire(client, conseillere, autre).json()["personne_id"]

    reponse = client.post(
        f"/personnes/{seconde}/identifiants",
        json={
            "provenance": {"source": "conseiller", "le": "2025-06-03"},
            "identifiant": {"nature": "nir", "valeur": NIR},
        },
        headers=conseillere,
    )

    assert premiere != seconde
    assert (reponse.status_code, reponse.json()["type"]) == (409, "/erreurs/identifiants-de-personnes-differentes")
