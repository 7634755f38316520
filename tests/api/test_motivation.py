"""A sanction decided without its reasons is refused as a problem naming CRPA L.211-2 and L.211-5, and
nothing is recorded; with them, it is recorded (memory, SQLite, PostgreSQL)."""

from fastapi.testclient import TestClient

from tests.api.conftest import Envoi
from tests.api.corps import CONTRAT, DECISION_SANCTION, DIAGNOSTIC, MANQUEMENT, ORIENTATION, SUSPENSION, le
from tests.api.verifications import inscrire, nombre_d_evenements, verifier_donnees_invalides, verifier_probleme
from tests.support.horloge import HorlogeDeTest


def procedure_au_terme_du_contradictoire(client: TestClient, envoyer: Envoi, conseillere: dict[str, str]) -> str:
    """A parcours whose procedure's 10 days of observations ran out on 11 July: the sanction may be decided."""
    parcours = inscrire(client, conseillere)
    envoyer(f"{parcours}/orientation", ORIENTATION, conseillere)
    envoyer(f"{parcours}/orientation/notification", le("2025-06-03"), conseillere)
    envoyer(f"{parcours}/diagnostic", DIAGNOSTIC, conseillere)
    envoyer(f"{parcours}/contrat", CONTRAT, conseillere)
    manquement = envoyer(f"{parcours}/manquements", MANQUEMENT, conseillere, 201)["manquement_id"]
    ouverture = {"manquements": [manquement], "sanction_envisagee": SUSPENSION}
    sid = envoyer(f"{parcours}/sanctions", ouverture, conseillere, 201)["procedure_id"]
    envoyer(f"{parcours}/sanctions/{sid}/reception-avis", {"recu_le": "2025-07-01", **le("2025-07-01")}, conseillere)
    return f"{parcours}/sanctions/{sid}"


def test_une_sanction_sans_motif_est_un_probleme_qui_cite_le_crpa(
    client: TestClient,
    envoyer: Envoi,
    horloge: HorlogeDeTest,
    conseillere: dict[str, str],
    autorite: dict[str, str],
) -> None:
    procedure = procedure_au_terme_du_contradictoire(client, envoyer, conseillere)
    parcours = procedure.split("/sanctions/")[0]
    avant = nombre_d_evenements(client, parcours, conseillere)
    horloge.aller_au("2025-07-15")

    sans_motif = client.post(
        f"{procedure}/decision", json={"sanction": SUSPENSION, **le("2025-07-15")}, headers=autorite
    )
    vide = client.post(
        f"{procedure}/decision", json={**DECISION_SANCTION, "motif": " ", **le("2025-07-15")}, headers=autorite
    )

    probleme = verifier_probleme(sans_motif, 409, "decision-defavorable-non-motivee", "(CRPA, art. L.211-2 et L.211-5)")
    assert probleme["title"] == "Décision défavorable non motivée"
    assert probleme["regle"] == "DecisionNonMotivee"
    assert "le motif énonce les faits sur lesquels repose la décision" in probleme["detail"]
    verifier_donnees_invalides(vide, "body.motif", "texte_vide", "texte non vide attendu")
    assert nombre_d_evenements(client, parcours, conseillere) == avant
    description = client.get("/erreurs/decision-defavorable-non-motivee").json()
    assert "CRPA L.211-2, L.211-5" in description["description"]

    envoyer(f"{procedure}/decision", {**DECISION_SANCTION, **le("2025-07-15")}, autorite)
    assert nombre_d_evenements(client, parcours, conseillere) == avant + 1
