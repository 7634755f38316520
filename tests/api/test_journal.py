"""Request logs: one JSON line per request (id, route template, status, latency, principal, parcours), never
personal data.

The configured structlog chain ends in a JSONRenderer printed to ``sys.stdout`` and caches its
loggers on first use, so ``structlog.testing.capture_logs`` only sees the first test's logs; ``capsys``
reads the real output, whatever test came first.
"""

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from application.parcours import ParcoursApplication
from tests.api.corps import CONTRAT, INSCRIPTION

DONNEE_PERSONNELLE = "Madame Dupont née le 01/02/1980"
CHAMPS = {
    "requete_id",
    "methode",
    "route",
    "statut",
    "duree_ms",
    "principal",
    "parcours",
    "event",
    "level",
    "timestamp",
}


def lignes(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """Every line written since the last call; each one must be a JSON object."""
    sortie = capsys.readouterr().out
    objets: list[dict[str, Any]] = [json.loads(ligne) for ligne in sortie.splitlines() if ligne.strip()]
    return objets


def requetes(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [ligne for ligne in lignes(capsys) if ligne["event"] == "requete"]


def traces_de_la_donnee_personnelle(*sorties: str) -> list[str]:
    """The outputs where the personal data shows, as written or as JSON escapes it (``n\\u00e9e``)."""
    fragments = (DONNEE_PERSONNELLE, json.dumps(DONNEE_PERSONNELLE)[1:-1], "Dupont", "01/02/1980")
    return [sortie for sortie in sorties for fragment in fragments if fragment in sortie]


def inscrire(client: TestClient, entetes: dict[str, str]) -> str:
    reponse = client.post("/parcours", json=INSCRIPTION, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return str(reponse.json()["parcours_id"])


def mettre_en_panne(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def en_panne(*_: object, **__: object) -> None:
        raise RuntimeError("secret interne")

    app = client.app
    assert isinstance(app, FastAPI)
    application: ParcoursApplication = app.state.application
    monkeypatch.setattr(application, "informer_droits_devoirs", en_panne)


def test_une_requete_laisse_une_seule_ligne_json_avec_le_gabarit_de_sa_route(
    client: TestClient, conseillere: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    parcours = inscrire(client, conseillere)
    lignes(capsys)

    reponse = client.post(f"/parcours/{parcours}/contrat", json=CONTRAT, headers=conseillere)

    (ligne,) = lignes(capsys)
    assert set(ligne) == CHAMPS
    assert ligne["event"] == "requete"
    assert ligne["level"] == "info"
    assert ligne["requete_id"] == reponse.headers["X-Request-Id"]
    assert ligne["methode"] == "POST"
    assert ligne["route"] == "/parcours/{parcours_id}/contrat"
    assert ligne["statut"] == reponse.status_code == 409
    assert isinstance(ligne["duree_ms"], float)
    assert ligne["duree_ms"] >= 0
    assert ligne["principal"] == "agent-42"
    assert ligne["parcours"] == parcours


def test_une_inscription_journalise_le_parcours_qu_elle_cree(
    client: TestClient, conseillere: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    lignes(capsys)

    parcours = inscrire(client, conseillere)

    (ligne,) = requetes(capsys)
    assert (ligne["route"], ligne["statut"], ligne["principal"]) == ("/parcours", 201, "agent-42")
    assert ligne["parcours"] == parcours


def test_une_requete_anonyme_hors_parcours_est_journalisee_sans_principal_ni_parcours(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    lignes(capsys)

    client.get("/erreurs/orientation-non-decidee")

    (ligne,) = requetes(capsys)
    assert ligne["route"] == "/erreurs/{code}"
    assert ligne["statut"] == 200
    assert ligne["principal"] is None
    assert ligne["parcours"] is None


def test_le_x_request_id_recu_est_renvoye_et_journalise(
    client: TestClient, conseillere: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    parcours = inscrire(client, conseillere)
    lignes(capsys)

    reponse = client.get(f"/parcours/{parcours}", headers={**conseillere, "X-Request-Id": "ui-7f3a-0001"})

    assert reponse.headers["X-Request-Id"] == "ui-7f3a-0001"
    (ligne,) = requetes(capsys)
    assert ligne["requete_id"] == "ui-7f3a-0001"
    assert ligne["route"] == "/parcours/{parcours_id}"


def test_sans_x_request_id_chaque_requete_recoit_son_propre_identifiant(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    lignes(capsys)

    reponses = [client.get("/sante"), client.get("/sante")]

    identifiants = [r.headers["X-Request-Id"] for r in reponses]
    assert all(identifiants)
    assert identifiants[0] != identifiants[1]
    assert [ligne["requete_id"] for ligne in requetes(capsys)] == identifiants


def test_aucune_donnee_personnelle_n_apparait_dans_le_journal(
    client: TestClient,
    conseillere: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    parcours = f"/parcours/{inscrire(client, conseillere)}"
    motif = {"motif": DONNEE_PERSONNELLE}

    statuts = [
        client.post(f"{parcours}/droits-devoirs/revue", json=motif, headers=conseillere).status_code,
        client.post(f"{parcours}/droits-devoirs/information", json=motif, headers=conseillere).status_code,
        client.post(
            f"{parcours}/droits-devoirs/information", json={**motif, "effective_le": "2025-06-10"}, headers=conseillere
        ).status_code,
        client.post(f"{parcours}/contrat", json={**CONTRAT, **motif}, headers=conseillere).status_code,
        client.post(
            "/parcours", json={**INSCRIPTION, "nom_de_naissance": DONNEE_PERSONNELLE}, headers=conseillere
        ).status_code,
    ]

    sortie = capsys.readouterr()
    assert statuts == [409, 200, 422, 409, 422]
    assert sortie.out.count('"event": "requete"') == 6, "le journal est bien capturé"
    assert not traces_de_la_donnee_personnelle(sortie.out, sortie.err, caplog.text)


def test_une_erreur_interne_est_journalisee_sans_donnee_personnelle(
    client_sans_exceptions: TestClient,
    conseillere: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_sans_exceptions
    parcours = inscrire(client, conseillere)
    mettre_en_panne(client, monkeypatch)
    lignes(capsys)

    reponse = client.post(
        f"/parcours/{parcours}/droits-devoirs/information", json={"motif": DONNEE_PERSONNELLE}, headers=conseillere
    )

    sortie = capsys.readouterr()
    assert reponse.status_code == 500
    assert '"event": "erreur_inattendue"' in sortie.out, "l'erreur est bien journalisée"
    assert not traces_de_la_donnee_personnelle(sortie.out, sortie.err, caplog.text)


def test_une_erreur_interne_laisse_aussi_sa_ligne_de_requete(
    client_sans_exceptions: TestClient,
    conseillere: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_sans_exceptions
    parcours = inscrire(client, conseillere)
    mettre_en_panne(client, monkeypatch)
    lignes(capsys)

    reponse = client.post(
        f"/parcours/{parcours}/droits-devoirs/information", json={}, headers={**conseillere, "X-Request-Id": "panne-1"}
    )

    journal = lignes(capsys)
    assert reponse.status_code == 500
    assert reponse.headers.get("X-Request-Id") == "panne-1"
    lignes_de_requete = [ligne for ligne in journal if ligne["event"] == "requete"]
    assert [(ligne["requete_id"], ligne["statut"]) for ligne in lignes_de_requete] == [("panne-1", 500)]
    assert lignes_de_requete[0]["route"] == "/parcours/{parcours_id}/droits-devoirs/information"
    assert (lignes_de_requete[0]["principal"], lignes_de_requete[0]["parcours"]) == ("agent-42", parcours)
    (erreur,) = [ligne for ligne in journal if ligne["event"] == "erreur_inattendue"]
    assert erreur.get("requete_id") == "panne-1"


def test_un_corps_trop_volumineux_laisse_aussi_sa_ligne_de_requete(
    client: TestClient, conseillere: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    lignes(capsys)

    reponse = client.post(
        "/parcours",
        content=b"x" * (64 * 1024 + 1),
        headers={**conseillere, "Content-Type": "application/json", "X-Request-Id": "gros-1"},
    )

    assert reponse.status_code == 413
    assert reponse.headers.get("X-Request-Id") == "gros-1"
    (ligne,) = requetes(capsys)
    # Refused on its declared length before routing: no route template to name.
    assert (ligne["requete_id"], ligne["route"], ligne["statut"]) == ("gros-1", None, 413)
