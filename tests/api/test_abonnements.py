"""Webhook subscriptions through the API (issue 22): an administrator's, refused to anyone else; the secret shown
once signs what a partner receives; the delivery log, the dead letters and the replays."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.principal import Role
from infrastructure.cle_maitre import cle_maitre_de
from infrastructure.reglages import Reglages
from infrastructure.webhooks.enfileur import Enfileur
from infrastructure.webhooks.expediteur import Expediteur
from tests.api.conftest import Jeton
from tests.api.corps import INSCRIPTION
from tests.conftest import magasin
from tests.infrastructure.attente import jusqu_a
from tests.webhooks.banc import REGLAGES_RAPIDES
from tests.webhooks.recepteur import recepteur_local


def demande(**champs: Any) -> dict[str, Any]:
    return {
        "url": "https://insertion.departement-75.fr/webhooks",
        "organisme": "FRANCE_TRAVAIL",
        "departement": "75",
        "role": "conseiller",
        "types": ["Inscrit", "Oriente"],
        "description": "Logiciel de l'agence",
        **champs,
    }


@pytest.fixture(params=["sqlite", "postgres"])
def reglages(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Reglages]:
    """The stores ``parcours webhooks run`` follows (the subscriptions are kept beside them)."""
    yield from magasin(request.param, tmp_path, request)


@pytest.fixture
def admin(jeton: Jeton) -> dict[str, str]:
    return jeton(Role.ADMIN, sub="admin-1")


def test_un_administrateur_abonne_un_organisme_et_le_secret_n_est_montre_qu_une_fois(
    client: TestClient, admin: dict[str, str]
) -> None:
    cree = client.post("/abonnements", json=demande(), headers=admin)

    assert cree.status_code == 201, cree.text
    corps = cree.json()
    assert corps["secret"].startswith("whsec_")
    assert (corps["statut"], corps["types"], corps["role"]) == ("actif", ["Inscrit", "Oriente"], "conseiller")
    lu = client.get(f"/abonnements/{corps['id']}", headers=admin).json()
    assert "secret" not in lu
    assert lu == {k: v for k, v in corps.items() if k != "secret"}
    assert [a["id"] for a in client.get("/abonnements", headers=admin).json()] == [corps["id"]]


def test_un_autre_role_que_l_administrateur_est_refuse(client: TestClient, conseillere: dict[str, str]) -> None:
    reponse = client.post("/abonnements", json=demande(), headers=conseillere)

    assert reponse.status_code == 403
    assert reponse.headers["content-type"] == "application/problem+json"
    assert client.get("/abonnements", headers=conseillere).status_code == 403


INVALIDES: list[tuple[dict[str, Any], str]] = [
    ({"url": "http://insertion.departement-75.fr/webhooks"}, "url-non-securisee"),
    ({"url": "ftp://insertion.departement-75.fr/webhooks"}, "donnees-invalides"),
    ({"url": "https://jean:secret@insertion.departement-75.fr/"}, "donnees-invalides"),
    ({"types": ["ParcoursInvente"]}, "donnees-invalides"),
    ({"types": []}, "donnees-invalides"),
    ({"role": "admin"}, "donnees-invalides"),
]


def test_une_demande_invalide_est_refusee_en_probleme(client: TestClient, admin: dict[str, str]) -> None:
    refus = [client.post("/abonnements", json=demande(**champs), headers=admin) for champs, _ in INVALIDES]

    assert [(r.status_code, r.json()["type"]) for r in refus] == [(422, f"/erreurs/{code}") for _, code in INVALIDES]
    assert client.get("/abonnements", headers=admin).json() == []


def test_suspendre_reprendre_puis_resilier(client: TestClient, admin: dict[str, str]) -> None:
    id_ = client.post("/abonnements", json=demande(), headers=admin).json()["id"]

    suspendu = client.patch(f"/abonnements/{id_}", json={"actif": False}, headers=admin)
    repris = client.patch(f"/abonnements/{id_}", json={"actif": True}, headers=admin)
    resilie = client.delete(f"/abonnements/{id_}", headers=admin)
    apres = client.patch(f"/abonnements/{id_}", json={"actif": True}, headers=admin)

    assert (suspendu.json()["statut"], repris.json()["statut"], resilie.status_code) == ("suspendu", "actif", 204)
    assert apres.status_code == 409
    assert apres.json()["type"] == "/erreurs/abonnement-resilie"
    assert client.get(f"/abonnements/{id_}", headers=admin).json()["statut"] == "resilie"


def test_un_abonnement_ou_une_livraison_inconnus_sont_des_404(client: TestClient, admin: dict[str, str]) -> None:
    inconnu = client.get("/abonnements/3d6f0a52-8a4b-4f7e-9c1d-2b7e5a9c0f13/livraisons", headers=admin)
    id_ = client.post("/abonnements", json=demande(), headers=admin).json()["id"]
    livraison = client.post(f"/abonnements/{id_}/livraisons/msg_inconnu/rejouer", headers=admin)

    assert inconnu.json()["type"] == "/erreurs/abonnement-introuvable"
    assert livraison.status_code == 404
    assert livraison.json()["type"] == "/erreurs/livraison-introuvable"


def test_le_partenaire_verifie_avec_son_secret_ce_que_le_service_lui_envoie(
    client: TestClient, admin: dict[str, str], conseillere: dict[str, str], reglages_api: Reglages
) -> None:
    reglages = reglages_api.model_copy(update=REGLAGES_RAPIDES)
    application = client.app.state.application  # type: ignore[attr-defined]
    magasin = client.app.state.abonnements  # type: ignore[attr-defined]
    with recepteur_local() as recepteur:
        # given a subscription made through the API, to a receiver on the loopback (development)
        cree = client.post("/abonnements", json=demande(url=recepteur.url), headers=admin).json()
        recepteur.secret = cree["secret"]
        recepteur.reponse = lambda _id: 500  # down, for now
        client.post("/parcours", json=INSCRIPTION, headers=conseillere)
        enfileur, expediteur = (
            Enfileur(application, magasin),
            Expediteur(application, magasin, cle_maitre_de(reglages), reglages),
        )

        def tourner(condition: Any) -> None:
            jusqu_a(lambda: (enfileur.rattraper(), expediteur.envoyer_les_dues(), condition())[-1], delai=15)

        # when every attempt fails, then it is a dead letter the log and the dead letters show
        tourner(lambda: client.get(f"/abonnements/{cree['id']}/echecs", headers=admin).json() != [])
        (echec,) = client.get(f"/abonnements/{cree['id']}/echecs", headers=admin).json()
        assert (echec["type"], echec["tentatives"], echec["dernier_statut_http"]) == ("Inscrit", 3, 500)
        assert client.get(f"/abonnements/{cree['id']}/livraisons", headers=admin).json() == [echec]

        # when the receiver is back and the administrator replays the dead letter, then it is delivered
        recepteur.reponse = lambda _id: 200
        rejeu = client.post(f"/abonnements/{cree['id']}/livraisons/{echec['webhook_id']}/rejouer", headers=admin)
        assert (rejeu.status_code, rejeu.json()["statut"]) == (202, "en_attente")
        tourner(lambda: len(recepteur.acceptes) == 1)
        assert recepteur.acceptes[0].webhook_id == echec["webhook_id"]
        assert recepteur.refuses == []

        # when it asks for everything again from the start, then the same message comes again
        rejeu_depuis = client.post(f"/abonnements/{cree['id']}/rejouer", json={"depuis": 0}, headers=admin)
        assert rejeu_depuis.status_code == 202
        tourner(lambda: len(recepteur.acceptes) == 2)
        assert recepteur.acceptes[1].webhook_id == echec["webhook_id"]
    expediteur.fermer()
