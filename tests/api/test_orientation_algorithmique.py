"""The orientation algorithm through the API: data at inscription, the published referential, its
simulation, and the explanation a person may ask for (CRPA L.311-3-1, R.311-3-1-2, L.312-1-3)."""

from uuid import UUID

from fastapi.testclient import TestClient

from application.principal import Role
from tests.api.conftest import Jeton
from tests.api.corps import DONNEE_AGE, DONNEES_EMPLOI, INSCRIPTION, le
from tests.support.horloge import HorlogeDeTest


def inscrire(client: TestClient, entetes: dict[str, str], donnees: list[dict[str, object]]) -> str:
    reponse = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": donnees}, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return f"/parcours/{reponse.json()['parcours_id']}"


def test_a_l_inscription_l_algorithme_propose_et_confirme_seul_une_orientation_evidente(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere, DONNEES_EMPLOI)

    historique = client.get(f"{parcours}/historique", headers=conseillere).json()

    assert [e["type"] for e in historique] == ["Inscrit", "OrientationProposee", "Oriente"]
    proposee, oriente = historique[1], historique[2]
    assert proposee["auteur"] == {
        "type": "algorithme",
        "id": "orientation@2025.1",
        "organisme": None,
        "role": None,
        "nom": None,  # the algorithm is named by its referential, never as a person (CRPA L.212-1)
        "qualite": None,
    }
    assert proposee["fondement"]["referentiel"]["regles"] == ["R04"]
    assert [c["nom"] for c in proposee["criteres"]] == [d["nom"] for d in DONNEES_EMPLOI]
    assert (oriente["donnees"]["mode"], oriente["autorite"]["type"]) == ("algorithme_seul", "FRANCE_TRAVAIL")


def test_une_donnee_inconnue_du_referentiel_est_refusee_et_rien_n_est_inscrit(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    pointure = {"nom": "pointure", "valeur": 42, "source": "declaration", "collecte_le": "2025-06-01"}

    reponse = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": [pointure]}, headers=conseillere)

    assert (reponse.status_code, reponse.headers["content-type"]) == (422, "application/problem+json")
    assert reponse.json()["errors"][0]["champ"] == "pointure"
    assert client.get("/corbeilles/a_orienter", headers=conseillere).json()["elements"] == []


def test_le_referentiel_se_lit_sans_jeton_version_par_version_en_donnees_et_en_francais(client: TestClient) -> None:
    versions = client.get("/referentiels/orientation").json()
    v2025 = client.get("/referentiels/orientation/2025.1").json()

    assert [v["version"] for v in versions] == ["2025.1", "2026.1"]
    assert all(v["empreinte"].startswith("sha256:") for v in versions)
    r04 = next(r for r in v2025["regles"] if r["id"] == "R04")
    assert r04["en_clair"].startswith("R04 — si activité professionnelle au cours des 24 derniers mois")
    assert r04["alors"] == {"type_parcours": "EMPLOI", "organisme": "FRANCE_TRAVAIL"}
    assert {"entree": "capacite_a_se_projeter", "egal": "oui"} in r04["si"]["tous"]
    assert client.get("/referentiels/orientation/1999.1").status_code == 404


def test_la_simulation_donne_la_proposition_et_sa_trace_sans_rien_enregistrer(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    entrees = {"age": 24, "activite_recente_24_mois": False}

    simulee = client.post("/referentiels/orientation/2025.1/simulation", json={"entrees": entrees})
    hors_domaine = client.post("/referentiels/orientation/2025.1/simulation", json={"entrees": {"age": 7}})

    assert simulee.status_code == 200, simulee.text
    assert (simulee.json()["regle"], simulee.json()["orientation"]["organisme"]) == ("R02", "MISSION_LOCALE")
    assert [t["regle"] for t in simulee.json()["trace"]] == ["R01", "R02"]
    assert hors_domaine.status_code == 422
    assert hors_domaine.json()["type"] == "/erreurs/donnees-invalides"
    assert client.get("/corbeilles/a_orienter", headers=conseillere).json()["elements"] == []


def test_la_personne_demande_l_explication_qui_est_communiquee_telle_que_produite(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton, horloge: HorlogeDeTest
) -> None:
    parcours = inscrire(client, conseillere, [*DONNEES_EMPLOI, {**DONNEE_AGE, "nom": "boe", "valeur": False}])
    personne = jeton(Role.PERSONNE, sub="p-1", parcours=UUID(parcours.rsplit("/", 1)[1]))

    explication = client.get(f"{parcours}/orientation/explication", headers=personne)
    horloge.aller_au("2025-06-20")  # each step recorded the day it takes effect
    demande = client.post(f"{parcours}/orientation/explication/demandes", json=le("2025-06-20"), headers=personne)
    a_faire = client.get(
        "/corbeilles/explication", params={"position_min": demande.json()["position"]}, headers=conseillere
    )
    horloge.aller_au("2025-07-01")
    communication = client.post(
        f"{parcours}/orientation/explication/demandes/{demande.json()['demande_id']}/communication",
        json=le("2025-07-01"),
        headers=conseillere,
    )

    assert explication.status_code == 200, explication.text
    assert explication.json()["contribution"].startswith("l'algorithme a proposé France Travail, parcours emploi")
    assert "confirmée sans intervention humaine" in explication.json()["contribution"]
    assert any(d.startswith("age = 30 (déclaration") for d in explication.json()["donnees"])
    assert "L.311-3-1" in explication.json()["mention"]
    assert demande.status_code == 201, demande.text
    (entree,) = a_faire.json()["elements"]
    assert (entree["objet"], entree["echeance"]) == (demande.json()["demande_id"], "2025-07-20")
    assert communication.status_code == 200, communication.text
    dernier = client.get(f"{parcours}/historique", headers=conseillere).json()[-1]
    assert dernier["type"] == "ExplicationCommuniquee"
    assert (dernier["donnees"]["explication"], dernier["donnees"]["dans_le_delai"]) == (
        explication.json()["texte"],
        True,
    )


def test_sans_proposition_de_l_algorithme_il_n_y_a_rien_a_expliquer(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere, [])

    lecture = client.get(f"{parcours}/orientation/explication", headers=conseillere)
    demande = client.post(f"{parcours}/orientation/explication/demandes", json={}, headers=conseillere)

    assert (lecture.status_code, lecture.json()["type"]) == (404, "/erreurs/sans-decision-algorithmique")
    assert (demande.status_code, demande.json()["type"]) == (409, "/erreurs/sans-decision-algorithmique")
