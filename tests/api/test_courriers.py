"""The letters through the API (issue 21, item 2): emitted from the events, read again with the SHA-256 recorded
at their sending, their receipt dated once; refused with a problem+json for a step they do not notify."""

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infrastructure.reglages import Reglages
from tests.api.conftest import Jeton
from tests.api.corps import DONNEES_EMPLOI, INSCRIPTION
from tests.support.courriers import texte
from tests.support.horloge import HorlogeDeTest

PERSONNE: dict[str, Any] = {
    "provenance": {"source": "declaration", "le": "2025-06-01"},
    "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Élise"], "date_naissance": "1990-04-12"},
    "contact": {
        "adresse": {"lignes": ["12 rue des Lilas"], "code_postal": "75011", "commune": "Paris", "code_insee": "75056"}
    },
}
ORIENTE = 3
"""The inscription is proposed (2) and oriented by the algorithm (3): rule R04."""


@pytest.fixture
def reglages_api(reglages: Reglages, tmp_path: Path) -> Reglages:
    """Every store; the letters to post left in ``tmp_path/depot``."""
    return reglages.model_copy(
        update={
            "cle_dev": tmp_path / "cle-dev.pem",
            "taille_max_corps": 64 * 1024,
            "depot_courriers": tmp_path / "depot",
        }
    )


@pytest.fixture
def parcours(client: TestClient, conseillere: dict[str, str]) -> str:
    inscrit = client.post(
        "/parcours",
        json={**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, "personne": PERSONNE},
        headers=conseillere,
    )
    assert inscrit.status_code == 201, inscrit.text
    return f"/parcours/{inscrit.json()['parcours_id']}"


def emettre(client: TestClient, parcours: str, entetes: dict[str, str], **corps: object) -> Any:
    return client.post(
        f"{parcours}/courriers", json={"nature": "decision_orientation", "version": ORIENTE, **corps}, headers=entetes
    )


def test_la_decision_d_orientation_emise_se_relit_avec_l_empreinte_enregistree_a_son_envoi(
    client: TestClient, parcours: str, conseillere: dict[str, str], reglages_api: Reglages
) -> None:
    reponse = emettre(client, parcours, conseillere)

    assert reponse.status_code == 201, reponse.text
    version = reponse.json()["version"]
    emis = client.get(f"{parcours}/historique", headers=conseillere).json()[-1]
    assert emis["type"] == "CourrierEmis"
    assert emis["donnees"]["canal"] == "courrier"
    assert emis["donnees"]["destinataire"] == "personne"
    assert "Lefèvre" not in json.dumps(emis)
    assert "Lilas" not in json.dumps(emis)
    lu = client.get(f"{parcours}/courriers/{version}", headers=conseillere)
    assert lu.status_code == 200, lu.text
    assert lu.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(lu.content).hexdigest() == emis["donnees"]["empreinte"]
    assert lu.headers["repr-digest"] == f"sha-256=:{base64.b64encode(hashlib.sha256(lu.content).digest()).decode()}:"
    assert "Élise LEFÈVRE" in texte(lu.content)
    assert "Décision d'orientation" in texte(lu.content)
    assert reglages_api.depot_courriers is not None
    (pdf,) = reglages_api.depot_courriers.glob("*.pdf")
    assert pdf.read_bytes() == lu.content


def test_un_courrier_pour_une_etape_d_une_autre_nature_est_refuse_par_un_probleme(
    client: TestClient, parcours: str, conseillere: dict[str, str], reglages_api: Reglages
) -> None:
    # The orientation's decider may send its explanation, but a decision is not a request for one.
    reponse = emettre(client, parcours, conseillere, nature="explication_algorithmique", version=ORIENTE)

    assert reponse.status_code == 409
    assert reponse.headers["content-type"] == "application/problem+json"
    probleme = reponse.json()
    assert probleme["type"] == "/erreurs/courrier-sans-etape-adequate"
    assert probleme["title"] == "Courrier sans l'étape qu'il notifie"
    assert probleme["regle"] == "CourrierSansEtapeAdequate"
    assert reglages_api.depot_courriers is not None
    assert not reglages_api.depot_courriers.exists()


def test_la_reception_du_courrier_est_datee_une_fois(
    client: TestClient, parcours: str, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    version = emettre(client, parcours, conseillere).json()["version"]
    horloge.aller_au("2025-06-06")
    corps = {"remis_le": "2025-06-05", "preuve": "accuse_reception_postal"}

    reponse = client.post(f"{parcours}/courriers/{version}/reception", json=corps, headers=conseillere)
    encore = client.post(f"{parcours}/courriers/{version}/reception", json=corps, headers=conseillere)

    assert reponse.status_code == 200, reponse.text
    assert encore.json()["version"] == reponse.json()["version"]  # the same date again records nothing
    remis = client.get(f"{parcours}/historique", headers=conseillere).json()[-1]
    assert remis["type"] == "CourrierRemis"
    assert remis["donnees"] == {
        "courrier_version": version,
        "remis_le": "2025-06-05",
        "preuve": "accuse_reception_postal",
    }


def test_la_liste_des_courriers_dit_lesquels_attendent_leur_date_de_reception(
    client: TestClient, parcours: str, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    emis = emettre(client, parcours, conseillere).json()["version"]
    avant = client.get(f"{parcours}/courriers", headers=conseillere).json()
    horloge.aller_au("2025-06-06")
    corps = {"remis_le": "2025-06-05", "preuve": "accuse_reception_postal"}
    client.post(f"{parcours}/courriers/{emis}/reception", json=corps, headers=conseillere)

    apres = client.get(f"{parcours}/courriers", headers=conseillere).json()

    assert [(c["version"], c["nature"], c["libelle"], c["remis_le"]) for c in avant] == [
        (emis, "decision_orientation", "décision d'orientation", None)
    ]
    assert [(c["version"], c["remis_le"], c["preuve_de_remise"]) for c in apres] == [
        (emis, "2025-06-05", "accuse_reception_postal")
    ]
    assert apres[0]["empreinte"] == avant[0]["empreinte"]
    assert len(apres[0]["empreinte"]) == 64


def test_une_version_qui_n_est_pas_un_courrier_ne_se_lit_ni_ne_se_receptionne(
    client: TestClient, parcours: str, conseillere: dict[str, str]
) -> None:
    lu = client.get(f"{parcours}/courriers/{ORIENTE}", headers=conseillere)
    recu = client.post(
        f"{parcours}/courriers/{ORIENTE}/reception",
        json={"remis_le": "2025-06-02", "preuve": "accuse_lecture"},
        headers=conseillere,
    )

    assert (lu.status_code, lu.json()["type"]) == (409, "/erreurs/courrier-inconnu")
    assert (recu.status_code, recu.json()["type"]) == (409, "/erreurs/courrier-inconnu")


def test_un_courriel_impose_sans_adresse_electronique_est_refuse_avant_tout_envoi(
    client: TestClient, parcours: str, conseillere: dict[str, str]
) -> None:
    reponse = emettre(client, parcours, conseillere, canal="courriel")

    assert reponse.status_code == 409
    assert reponse.json()["type"] == "/erreurs/coordonnees-manquantes"
    assert client.get(f"{parcours}/historique", headers=conseillere).json()[-1]["type"] == "Oriente"


def test_sans_serveur_de_courriel_configure_le_courriel_n_est_pas_envoye_et_rien_n_est_enregistre(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    avec_courriel = {**PERSONNE, "contact": {**PERSONNE["contact"], "courriel": "elise.lefevre@example.org"}}
    corps = {**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, "personne": avec_courriel}
    parcours = f"/parcours/{client.post('/parcours', json=corps, headers=conseillere).json()['parcours_id']}"

    impose = emettre(client, parcours, conseillere, canal="courriel")
    par_defaut = emettre(client, parcours, conseillere)

    assert impose.status_code == 503
    assert impose.headers["content-type"] == "application/problem+json"
    assert impose.json()["type"] == "/erreurs/canal-indisponible"
    assert par_defaut.status_code == 201  # without an SMTP server, the post
    emis = client.get(f"{parcours}/historique", headers=conseillere).json()
    assert [e["type"] for e in emis][-2:] == ["Oriente", "CourrierEmis"]
    assert emis[-1]["donnees"]["canal"] == "courrier"


def test_la_personne_lit_son_courrier_et_un_corps_inconnu_est_refuse(
    client: TestClient, parcours: str, conseillere: dict[str, str], jeton: Jeton
) -> None:
    version = emettre(client, parcours, conseillere).json()["version"]
    invalide = client.post(
        f"{parcours}/courriers", json={"nature": "lettre_de_felicitations", "version": 3}, headers=conseillere
    )

    assert invalide.status_code == 422
    assert client.get(f"{parcours}/courriers/{version}", headers=conseillere).status_code == 200
