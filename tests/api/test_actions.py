"""The dossier lists the commands the state and the caller allow, each with its method and link (DESIGN §5)."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.actions import PARAMETRE, routes
from application.principal import Role
from domain.actions import ETAPES
from tests.api.conftest import Jeton
from tests.api.corps import DONNEE_AGE, INSCRIPTION, MANQUEMENT, ORIENTATION, SUSPENSION, VOIES, le
from tests.support.horloge import HorlogeDeTest

ACTES_DE_LA_PERSONNE = {"presenter_observations", "introduire_recours", "demander_explication"}


@pytest.fixture
def parcours(client: TestClient, conseillere: dict[str, str]) -> str:
    """Given a parcours just registered by France Travail: the algorithm proposed an entretien (R99)."""
    inscrit = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": [DONNEE_AGE]}, headers=conseillere)
    assert inscrit.status_code == 201, inscrit.text
    return str(inscrit.json()["parcours_id"])


def actions(client: TestClient, parcours: str, entetes: dict[str, str]) -> dict[str, dict[str, str]]:
    dossier = client.get(f"/parcours/{parcours}", headers=entetes)
    assert dossier.status_code == 200, dossier.text
    etat = client.get(f"/parcours/{parcours}/etat", headers=entetes)
    assert etat.json()["actions"] == dossier.json()["actions"], "the dossier and the state offer the same"
    return {a["nom"]: a for a in dossier.json()["actions"]}


def poster(
    client: TestClient, horloge: HorlogeDeTest, action: Mapping[str, str], corps: dict[str, Any], qui: dict[str, str]
) -> Any:
    """Follows an offered action: its method, its link."""
    if "effective_le" in corps:
        horloge.aller_au(str(corps["effective_le"])[:10])
    reponse = client.request(action["methode"], action["lien"], json=corps, headers=qui)
    assert reponse.status_code in (200, 201), reponse.text
    return reponse.json()


def test_une_conseillere_de_l_organisme_qui_oriente_peut_orienter_un_parcours_inscrit_pas_signer_de_contrat(
    client: TestClient, conseillere: dict[str, str], parcours: str
) -> None:
    offertes = actions(client, parcours, conseillere)

    assert offertes["orienter"] == {
        "nom": "orienter",
        "methode": "POST",
        "lien": f"/parcours/{parcours}/orientation",
        "libelle": "Décider l'orientation",
    }
    assert "signer_contrat" not in offertes
    assert "notifier_orientation" not in offertes


def test_une_fois_l_orientation_notifiee_le_contrat_est_offert_et_plus_l_orientation(
    client: TestClient, conseillere: dict[str, str], parcours: str, horloge: HorlogeDeTest
) -> None:
    offertes = actions(client, parcours, conseillere)
    poster(client, horloge, offertes["orienter"], ORIENTATION, conseillere)
    poster(
        client, horloge, actions(client, parcours, conseillere)["notifier_orientation"], le("2025-06-03"), conseillere
    )

    offertes = actions(client, parcours, conseillere)

    assert offertes["signer_contrat"]["lien"] == f"/parcours/{parcours}/contrat"
    assert {"orienter", "notifier_orientation", "mettre_a_jour_contrat"}.isdisjoint(offertes)


def test_la_personne_ne_voit_que_ses_actes_et_l_auditeur_aucun(
    client: TestClient,
    conseillere: dict[str, str],
    autorite: dict[str, str],
    jeton: Jeton,
    parcours: str,
    horloge: HorlogeDeTest,
) -> None:
    personne = jeton(Role.PERSONNE, sub="p-1", parcours=UUID(parcours))
    auditeur = jeton(Role.AUDITEUR, sub="audit-1")

    def envoyer(chemin: str, corps: dict[str, Any]) -> Any:
        return poster(client, horloge, {"methode": "POST", "lien": f"/parcours/{parcours}{chemin}"}, corps, conseillere)

    envoyer("/orientation", ORIENTATION)
    envoyer("/orientation/notification", le("2025-06-03"))
    manquement = envoyer("/manquements", {"manquement": {**MANQUEMENT["manquement"], "type": "contrat"}})
    sid = envoyer("/sanctions", {"manquements": [manquement["manquement_id"]], "sanction_envisagee": SUSPENSION})[
        "procedure_id"
    ]

    assert set(actions(client, parcours, personne)) == {"presenter_observations", "demander_explication"}
    assert actions(client, parcours, personne)["presenter_observations"]["lien"] == (
        f"/parcours/{parcours}/sanctions/{sid}/observations"
    )
    assert "decider_sanction" not in actions(client, parcours, autorite), "the ten days have not run"
    assert actions(client, parcours, auditeur) == {}

    poster(
        client,
        horloge,
        actions(client, parcours, personne)["presenter_observations"],
        {"motif": "J'étais malade"},
        personne,
    )
    decision = {"sanction": SUSPENSION, "motif": "Absences non justifiées", **le("2025-07-15")}
    poster(client, horloge, actions(client, parcours, autorite)["decider_sanction"], decision, autorite)
    poster(
        client,
        horloge,
        actions(client, parcours, autorite)["notifier_sanction"],
        {**VOIES, **le("2025-07-16")},
        autorite,
    )

    a_la_personne = actions(client, parcours, personne)
    assert set(a_la_personne) <= ACTES_DE_LA_PERSONNE
    assert a_la_personne["introduire_recours"]["lien"] == f"/parcours/{parcours}/sanctions/{sid}/recours"
    assert "decider_sanction" not in actions(client, parcours, conseillere), "the autorité decides"
    assert actions(client, parcours, auditeur) == {}


def test_un_etat_passe_n_offre_aucune_action(client: TestClient, conseillere: dict[str, str], parcours: str) -> None:
    passe = client.get(f"/parcours/{parcours}/etat", params={"version": 1}, headers=conseillere)

    assert passe.json()["actions"] == []


def test_chaque_action_a_sa_route_sur_le_parcours(client: TestClient) -> None:
    commandes = routes(client.app)

    for etape in ETAPES:
        route = commandes[etape.nom]
        parametres = len(PARAMETRE.findall(route.chemin)) - 1
        assert (route.methode, parametres) == ("POST", {"aucun": 0, "recours": 2}.get(etape.objet, 1))
        assert route.roles, f"{etape.nom}: the route names the roles that may run it"
