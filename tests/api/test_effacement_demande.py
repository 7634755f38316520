"""Erasure decided by the data controller (POST /personnes/{id}/effacement; RGPD art. 17; issue 18 §5):
refused to agents, refused while a parcours is open, done on a founded request once it is closed; on
every store."""

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.test_personnes import inscrire

DEMANDE = {"au_titre_de": "demande_fondee", "motif": "Demande d'effacement jugée fondée (RGPD art. 17)"}


def test_le_responsable_efface_une_personne_sortie_sur_demande_fondee_apres_deux_refus(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    responsable = jeton(Role.RESPONSABLE, sub="resp-1", organisme=Organisme.FRANCE_TRAVAIL, territoire="75")
    inscrit = inscrire(client, conseillere).json()
    chemin = f"/personnes/{inscrit['personne_id']}/effacement"

    par_un_conseiller = client.post(chemin, json=DEMANDE, headers=conseillere)
    parcours_ouvert = client.post(chemin, json=DEMANDE, headers=responsable)
    sortie = client.post(
        f"/parcours/{inscrit['parcours_id']}/sortie", json={"motif_sortie": "emploi_durable"}, headers=conseillere
    )
    effacee = client.post(chemin, json=DEMANDE, headers=responsable)
    fiche = client.get(f"/personnes/{inscrit['personne_id']}", headers=conseillere)

    assert par_un_conseiller.status_code == 403
    assert parcours_ouvert.status_code == 409, parcours_ouvert.text
    assert parcours_ouvert.json()["type"].endswith("conservation-en-cours")
    assert sortie.status_code == 200, sortie.text
    assert effacee.status_code == 200, effacee.text
    assert (effacee.json()["fondement"], effacee.json()["cles_effacees"]) == ("demande_fondee", 2)
    assert fiche.json()["effacee"] is True
    assert fiche.json()["nom_affiche"] is None
    assert client.get(f"/parcours/{inscrit['parcours_id']}", headers=conseillere).status_code == 200
