"""Every bad input gets an RFC 9457 problem in French, and nothing is recorded (memory, SQLite, PostgreSQL)."""

from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Jeton
from tests.api.corps import CONTRAT, INSCRIPTION, ORIENTATION
from tests.api.verifications import (
    DONNEES_INVALIDES,
    avec,
    evenements_du_magasin,
    inscrire,
    nombre_d_evenements,
    verifier_donnees_invalides,
    verifier_probleme,
)

# --- malformed input: 422, naming the field, nothing recorded -----------------------------------


def test_un_json_malforme_donne_un_probleme_422(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(
        f"{parcours}/contrat", content=b'{"contrat": {', headers={**conseillere, "Content-Type": "application/json"}
    )

    corps = verifier_probleme(reponse, 422, "donnees-invalides", DONNEES_INVALIDES)
    (erreur,) = corps["errors"]
    assert erreur["type"] == "json_invalid"
    assert erreur["champ"].startswith("body")
    assert erreur["message"] == "JSON invalide"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_tableau_json_au_lieu_d_un_objet_donne_un_probleme_422(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(f"{parcours}/contrat", json=[CONTRAT], headers=conseillere)

    verifier_donnees_invalides(reponse, "body", "model_attributes_type", "objet attendu")
    assert nombre_d_evenements(client, parcours, conseillere) == 1


DONNEES_REFUSEES = [
    pytest.param(
        "/contrat",
        avec(CONTRAT, ("contrat", "heures_hebdo"), "quinze"),
        "body.contrat.heures_hebdo",
        "int_parsing",
        "nombre entier attendu",
        id="heures_hebdo_en_lettres",
    ),
    pytest.param(
        "",
        avec(INSCRIPTION, ("inscription", "motif"), "inconnu"),
        "body.inscription.motif",
        "enum",
        "valeur non permise",
        id="motif_d_inscription_inconnu",
    ),
    pytest.param(
        "/orientation",
        avec(ORIENTATION, ("orientation", "type_parcours"), "AUTRE"),
        "body.orientation.type_parcours",
        "enum",
        "valeur non permise",
        id="type_de_parcours_inconnu",
    ),
    pytest.param(
        "",
        {**INSCRIPTION, "nom_de_naissance": "Dupont"},
        "body.nom_de_naissance",
        "extra_forbidden",
        "champ inconnu",
        id="champ_en_trop",
    ),
    pytest.param(
        "/contrat",
        avec(CONTRAT, ("contrat", "salaire"), 1500),
        "body.contrat.salaire",
        "extra_forbidden",
        "champ inconnu",
        id="champ_en_trop_dans_une_valeur",
    ),
    pytest.param(
        "/sanctions/procedure-1/reception-avis",
        {"recu_le": "2025-13-45"},
        "body.recu_le",
        "date_from_datetime_parsing",
        "date attendue",
        id="date_impossible",
    ),
    pytest.param(
        "/droits-devoirs/information",
        {"effective_le": "2025-06-10T10:00:00"},
        "body.effective_le",
        "timezone_aware",
        "le fuseau horaire est requis",
        id="date_d_effet_sans_fuseau",
    ),
]


@pytest.mark.parametrize(("suffixe", "corps", "champ", "type_d_erreur", "message"), DONNEES_REFUSEES)
def test_une_donnee_invalide_donne_un_422_qui_nomme_le_champ_et_n_enregistre_rien(
    client: TestClient,
    conseillere: dict[str, str],
    suffixe: str,
    corps: dict[str, Any],
    champ: str,
    type_d_erreur: str,
    message: str,
) -> None:
    parcours = inscrire(client, conseillere)
    avant = evenements_du_magasin(client)
    adresse = f"{parcours}{suffixe}" if suffixe else "/parcours"

    reponse = client.post(adresse, json=corps, headers=conseillere)

    verifier_donnees_invalides(reponse, champ, type_d_erreur, message)
    assert nombre_d_evenements(client, parcours, conseillere) == 1
    assert evenements_du_magasin(client) == avant


def test_un_identifiant_de_parcours_qui_n_est_pas_un_uuid_donne_un_422(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    reponse = client.get("/parcours/pas-un-uuid", headers=conseillere)

    verifier_donnees_invalides(reponse, "path.parcours_id", "uuid_parsing", "identifiant (UUID) attendu")


# --- unknown or invisible parcours: the same 404 ------------------------------------------------


def test_un_parcours_inconnu_donne_un_404_parcours_introuvable(client: TestClient, conseillere: dict[str, str]) -> None:
    inconnu = uuid4()

    lecture = client.get(f"/parcours/{inconnu}", headers=conseillere)
    commande = client.post(f"/parcours/{inconnu}/orientation", json=ORIENTATION, headers=conseillere)

    verifier_probleme(lecture, 404, "parcours-introuvable", f"Aucun parcours {inconnu}")
    verifier_probleme(commande, 404, "parcours-introuvable", f"Aucun parcours {inconnu}")
    assert evenements_du_magasin(client) == 0


def sans_identifiant(corps: dict[str, Any], ident: str) -> dict[str, Any]:
    return {cle: v.replace(ident, "<id>") if isinstance(v, str) else v for cle, v in corps.items()}


def test_un_parcours_d_un_autre_territoire_repond_comme_un_parcours_inconnu(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    parcours = inscrire(client, conseillere)
    cache = parcours.removeprefix("/parcours/")
    inconnu = str(uuid4())
    conseiller_13 = jeton(Role.CONSEILLER, sub="agent-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")

    vu_d_ailleurs = client.get(parcours, headers=conseiller_13)
    absent = client.get(f"/parcours/{inconnu}", headers=conseiller_13)
    commande = client.post(f"{parcours}/orientation", json=ORIENTATION, headers=conseiller_13)

    verifier_probleme(vu_d_ailleurs, 404, "parcours-introuvable", f"Aucun parcours {cache}")
    verifier_probleme(absent, 404, "parcours-introuvable", f"Aucun parcours {inconnu}")
    assert vu_d_ailleurs.headers.keys() == absent.headers.keys()
    assert sans_identifiant(vu_d_ailleurs.json(), cache) == sans_identifiant(absent.json(), inconnu)
    verifier_probleme(commande, 404, "parcours-introuvable", f"Aucun parcours {cache}")
    assert nombre_d_evenements(client, parcours, conseillere) == 1


# --- routes and methods -------------------------------------------------------------------------


def test_une_route_inconnue_donne_un_probleme_404(client: TestClient, conseillere: dict[str, str]) -> None:
    reponse = client.get("/nulle-part", headers=conseillere)

    verifier_probleme(reponse, 404, "introuvable", "Aucune ressource à l'adresse /nulle-part")


def test_une_methode_non_permise_donne_un_probleme_405(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.delete(parcours, headers=conseillere)

    verifier_probleme(reponse, 405, "methode-non-permise", "La méthode DELETE n'est pas permise")
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_une_reponse_405_dit_quelles_methodes_sont_permises(client: TestClient, conseillere: dict[str, str]) -> None:
    """RFC 9110 §15.5.6: a 405 response carries an Allow header."""
    parcours = inscrire(client, conseillere)

    reponse = client.delete(parcours, headers=conseillere)

    assert reponse.status_code == 405
    assert "GET" in reponse.headers.get("Allow", "")
