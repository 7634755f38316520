"""A whole parcours through the API, read back with every author and criterion (SQLite, PostgreSQL, memory)."""

from collections.abc import Mapping

from fastapi.testclient import TestClient

from tests.api.corps import (
    CONTRAT,
    DECISION_SANCTION,
    DIAGNOSTIC,
    INSCRIPTION,
    MANQUEMENT,
    MOTIF_SANCTION,
    ORIENTATION,
    SUSPENSION,
    VOIES,
    le,
)
from tests.support.horloge import HorlogeDeTest


def test_de_l_inscription_a_la_decision_sur_recours(
    client: TestClient, conseillere: dict[str, str], autorite: dict[str, str], horloge: HorlogeDeTest
) -> None:
    inscrit = client.post("/parcours", json=INSCRIPTION, headers=conseillere)
    assert inscrit.status_code == 201, inscrit.text
    parcours = f"/parcours/{inscrit.json()['parcours_id']}"
    assert inscrit.headers["Location"] == parcours

    def envoyer(
        chemin: str, corps: Mapping[str, object], entetes: dict[str, str] = conseillere, attendu: int = 200
    ) -> dict[str, str]:
        if "effective_le" in corps:  # the step is recorded the day it takes effect, never ahead of the clock
            horloge.aller_au(str(corps["effective_le"])[:10])
        reponse = client.post(f"{parcours}{chemin}", json=corps, headers=entetes)
        assert reponse.status_code == attendu, reponse.text
        return dict(reponse.json())

    envoyer("/orientation", ORIENTATION)
    envoyer("/orientation/notification", le("2025-06-03"))
    envoyer("/diagnostic", DIAGNOSTIC)
    envoyer("/contrat", CONTRAT)
    manquement = envoyer("/manquements", MANQUEMENT, attendu=201)["manquement_id"]
    ouverture = {"manquements": [manquement], "sanction_envisagee": SUSPENSION}
    sid = envoyer("/sanctions", ouverture, attendu=201)["procedure_id"]
    envoyer(f"/sanctions/{sid}/reception-avis", {"recu_le": "2025-07-01", **le("2025-07-01")})
    envoyer(f"/sanctions/{sid}/decision", {**DECISION_SANCTION, **le("2025-07-15")}, autorite)
    envoyer(f"/sanctions/{sid}/notification", {**VOIES, **le("2025-07-16")}, autorite)
    rid = envoyer(
        f"/sanctions/{sid}/recours", {"type_recours": "mediation_prealable", **le("2025-08-01")}, attendu=201
    )["recours_id"]
    fin = envoyer(f"/sanctions/{sid}/recours/{rid}/decision", {"issue": "annulation", **le("2025-09-01")}, autorite)

    dossier = client.get(parcours, params={"position_min": fin["position"]}, headers=conseillere)
    assert dossier.status_code == 200
    assert dossier.headers["ETag"] == f'"{fin["version"]}"'
    assert (dossier.json()["procedures_en_cours"], dossier.json()["dernier_evenement"]) == ([], "SanctionAnnulee")
    etat = client.get(f"{parcours}/etat", headers=conseillere)
    assert etat.headers["ETag"] == f'"{fin["version"]}"'
    (procedure,) = etat.json()["procedures"]
    assert procedure["sanction_annulee"] is True
    assert procedure["date_limite"] == "2025-07-11"

    historique = client.get(f"{parcours}/historique", headers=conseillere).json()
    assert [e["type"] for e in historique][-3:] == ["SanctionContestee", "RecoursTranche", "SanctionAnnulee"]
    decidee = next(e for e in historique if e["type"] == "SanctionDecidee")
    assert decidee["auteur"] == {
        "type": "autorite",
        "id": "dr-idf",
        "organisme": "FRANCE_TRAVAIL",
        "role": "autorite_sanction",
        "nom": None,  # the token named no one (CRPA L.212-1: tests/api/test_auteur_nomme.py)
        "qualite": None,
    }
    assert decidee["autorite"] == {"type": "FRANCE_TRAVAIL", "id": "FRANCE_TRAVAIL"}
    assert "CT R.5412-8" in decidee["fondement"]["articles"]
    assert decidee["motif"] == MOTIF_SANCTION
    assert decidee["donnees"]["sanction"]["taux"] == "30"
    oriente = next(e for e in historique if e["type"] == "Oriente")
    assert oriente["auteur"]["id"] == "agent-42"
    assert oriente["motif"] == "Projet professionnel clair"
    assert oriente["criteres"] == [
        {"nom": "activite_recente_24_mois", "valeur": True, "source": "declaration", "collecte_le": "2025-06-01",
         "sensible": False},
        {"nom": "freins.sante", "valeur": "sans_impact", "source": "conseiller", "collecte_le": "2025-06-02",
         "sensible": True},
    ]  # fmt: skip


def test_le_dossier_se_lit_tel_qu_il_etait_a_une_version(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    client.post(f"{parcours}/orientation", json=ORIENTATION, headers=conseillere)

    avant = client.get(f"{parcours}/etat", params={"version": 1}, headers=conseillere)

    assert avant.json()["orientation"] is None
    assert avant.headers["ETag"] == '"1"'
    assert client.get(f"{parcours}/etat", headers=conseillere).json()["orientation"]["organisme"] == "FRANCE_TRAVAIL"


def test_avant_son_inscription_le_parcours_est_inconnu_du_dossier_comme_de_l_historique(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    avant = {"a_la_date": "2020-01-01T00:00:00Z"}

    dossier = client.get(f"{parcours}/etat", params=avant, headers=conseillere)
    historique = client.get(f"{parcours}/historique", params=avant, headers=conseillere)

    assert (dossier.status_code, historique.status_code) == (404, 404)
    assert dossier.json()["type"] == historique.json()["type"] == "/erreurs/parcours-introuvable"
