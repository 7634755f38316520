"""Issue 18 §3 through the API, on memory, SQLite and PostgreSQL: persons registered by ``POST /parcours``
are found by name once the views reach the position the command returned (accents, case, one typo),
a merged record is listed once, a caller of another territory finds nobody, and the dossier, the
timeline and the worklist name the person."""

from typing import Any

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.test_personnes import PERSONNE, inscrire
from tests.support.personnes import nir

NGUYEN: dict[str, Any] = {
    **PERSONNE,
    "identite": {"nom_naissance": "Nguyen", "prenoms": ["Thi", "Lan"], "date_naissance": "1988-11-03"},
    "identifiants": [{"nature": "nir", "valeur": nir(sexe=2, departement="93", commune="066")}],
}


def chercher(client: TestClient, entetes: dict[str, str], nom: str, position: int) -> list[dict[str, Any]]:
    reponse = client.get("/personnes/recherche/par-nom", params={"nom": nom, "position_min": position}, headers=entetes)
    assert reponse.status_code == 200, reponse.text
    resultats: list[dict[str, Any]] = reponse.json()["resultats"]
    return resultats


def test_deux_personnes_inscrites_se_trouvent_par_leur_nom_a_la_casse_aux_accents_et_a_une_faute_pres(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    amelie = inscrire(client, conseillere).json()
    lan = inscrire(client, conseillere, NGUYEN).json()
    position = lan["position"]

    trouvees = {nom: chercher(client, conseillere, nom, position) for nom in ("LEFEVRE", "lefèvre amélie", "Lefebre")}
    ngyuen = chercher(client, conseillere, "Ngyuen Lan", position)

    for nom, resultats in trouvees.items():
        assert [(r["personne_id"], r["parcours_id"]) for r in resultats] == [
            (amelie["personne_id"], amelie["parcours_id"])
        ], nom
    assert [(r["personne_id"], r["nom_affiche"]) for r in ngyuen] == [(lan["personne_id"], "NGUYEN Thi Lan")]


def test_une_fiche_fusionnee_n_est_listee_qu_une_fois_et_revient_quand_la_fusion_est_defaite(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    gardee = inscrire(client, conseillere).json()
    autre_nir = [{"nature": "nir", "valeur": nir(departement="93", commune="066")}]
    doublon = inscrire(client, conseillere, {**PERSONNE, "identifiants": autre_nir}).json()
    client.post(
        f"/parcours/{doublon['parcours_id']}/sortie", json={"motif_sortie": "emploi_durable"}, headers=conseillere
    )
    avant = chercher(client, conseillere, "Lefèvre", doublon["position"])

    fusion = client.post(
        f"/personnes/{doublon['personne_id']}/fusion", json={"dans": gardee["personne_id"]}, headers=conseillere
    )
    apres = chercher(client, conseillere, "Lefèvre", fusion.json()["position"])
    annulation = client.post(f"/personnes/{doublon['personne_id']}/fusion/annulation", json={}, headers=conseillere)
    defaite = chercher(client, conseillere, "Lefèvre", annulation.json()["position"])

    assert {r["personne_id"] for r in avant} == {gardee["personne_id"], doublon["personne_id"]}
    assert [r["personne_id"] for r in apres] == [gardee["personne_id"]]
    assert {r["personne_id"] for r in defaite} == {gardee["personne_id"], doublon["personne_id"]}


def test_un_agent_d_un_autre_territoire_ne_trouve_personne(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    position = inscrire(client, conseillere).json()["position"]
    marseille = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")

    assert chercher(client, marseille, "Lefèvre", position) == []
    assert len(chercher(client, conseillere, "Lefèvre", position)) == 1


def test_le_dossier_la_chronologie_et_la_corbeille_nomment_la_personne(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    inscrite = inscrire(client, conseillere).json()
    parcours_id, position = inscrite["parcours_id"], {"position_min": inscrite["position"]}
    attendue = {"personne_id": inscrite["personne_id"], "nom_affiche": "LEFÈVRE Amélie"}

    dossier = client.get(f"/parcours/{parcours_id}", params=position, headers=conseillere).json()
    journal = client.get(f"/parcours/{parcours_id}/journal", params=position, headers=conseillere).json()
    corbeille = client.get("/corbeilles/a_orienter", params=position, headers=conseillere).json()

    assert {cle: dossier[cle] for cle in attendue} == attendue
    assert journal
    assert all({cle: ligne[cle] for cle in attendue} == attendue for ligne in journal)
    [entree] = [e for e in corbeille["elements"] if e["parcours_id"] == parcours_id]
    assert {cle: entree[cle] for cle in attendue} == attendue
