"""Through the API, a decision names its author by first name, name and capacity, read from the caller's token and
never from a request body (CRPA L.212-1): the recorded step carries them, the explanation names the agent, the
export still verifies offline, and a person's own name, even when their identity provider sends it, is not kept."""

import json
from pathlib import Path
from uuid import UUID

from fastapi.testclient import TestClient

from application.principal import Role
from cli.main import main
from domain.vocabulaire import Organisme
from infrastructure.reglages import Reglages
from infrastructure.transparence.tenue import cle_du_journal
from tests.api.conftest import Jeton
from tests.api.corps import DONNEE_AGE, INSCRIPTION, ORIENTATION, le
from tests.support.horloge import HorlogeDeTest

QUALITE = "conseillère en insertion professionnelle"


def test_l_etape_enregistree_nomme_l_agent_par_les_revendications_de_son_jeton(
    client: TestClient, jeton: Jeton, horloge: HorlogeDeTest, reglages_api: Reglages, tmp_path: Path
) -> None:
    marie = jeton(
        Role.CONSEILLER,
        sub="a123",
        organisme=Organisme.FRANCE_TRAVAIL,
        territoire="75",
        given_name="Marie",
        family_name="Dupont",
        qualite=QUALITE,
    )
    corps = {**INSCRIPTION, "donnees_orientation": [DONNEE_AGE]}
    usurpe = client.post("/parcours", json={**corps, "nom": "Intrus", "qualite": "usurpée"}, headers=marie)
    inscrit = client.post("/parcours", json=corps, headers=marie)
    assert usurpe.status_code == 422  # never from a body
    assert inscrit.status_code == 201, inscrit.text
    parcours = f"/parcours/{inscrit.json()['parcours_id']}"
    horloge.aller_au("2025-06-03")
    oriente = client.post(f"{parcours}/orientation", json={**ORIENTATION, **le("2025-06-03")}, headers=marie)
    assert oriente.status_code == 200, oriente.text

    paquet = client.get(f"{parcours}/export", headers=marie).json()
    historique = client.get(f"{parcours}/historique", headers=marie).json()

    lus = {e["type"]: e["auteur"] for e in historique}
    assert (lus["Oriente"]["nom"], lus["Oriente"]["qualite"]) == ("Marie Dupont", QUALITE)
    assert lus["OrientationProposee"]["nom"] is None
    auteurs = {e["type"]: e["auteur"] for e in paquet["evenements"]}
    assert (auteurs["Inscrit"]["nom"], auteurs["Inscrit"]["qualite"]) == ("Marie Dupont", QUALITE)
    assert (auteurs["Oriente"]["id"], auteurs["Oriente"]["nom"]) == ("a123", "Marie Dupont")
    assert "nom" not in auteurs["OrientationProposee"]  # the algorithm has no name
    assert f"un agent (Marie Dupont, {QUALITE}) a pris la décision" in paquet["explication"]["texte"]
    fichier = tmp_path / "export.json"
    fichier.write_text(json.dumps(paquet, ensure_ascii=False), encoding="utf-8")
    assert main(["audit", "verifier-export", str(fichier), "--cle-journal", cle_du_journal(reglages_api).texte()]) == 0


def test_le_nom_d_une_personne_donne_par_son_fournisseur_d_identite_n_entre_pas_dans_ses_etapes(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton, horloge: HorlogeDeTest
) -> None:
    inscrit = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": [DONNEE_AGE]}, headers=conseillere)
    parcours_id = inscrit.json()["parcours_id"]
    personne = jeton(Role.PERSONNE, sub="p-1", parcours=UUID(parcours_id), given_name="Élise", family_name="Lefèvre")
    horloge.aller_au("2025-06-20")

    demande = client.post(
        f"/parcours/{parcours_id}/orientation/explication/demandes", json=le("2025-06-20"), headers=personne
    )
    paquet = client.get(f"/parcours/{parcours_id}/export", headers=conseillere).json()

    assert demande.status_code == 201, demande.text
    (demandee,) = [e for e in paquet["evenements"] if e["type"] == "ExplicationDemandee"]
    assert demandee["auteur"]["type"] == "personne"
    assert {"nom", "qualite"}.isdisjoint(demandee["auteur"])
    assert "Lefèvre" not in json.dumps(paquet, ensure_ascii=False)
