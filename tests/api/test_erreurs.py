"""Every bad input gets an RFC 9457 problem in French, and nothing is recorded (memory, SQLite, PostgreSQL)."""

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from fastapi.testclient import TestClient

from application.parcours import ParcoursApplication
from application.principal import Role
from domain.regles.orientation import OrientationNonDecidee
from domain.vocabulaire import Organisme
from infrastructure.jetons import KID_DEV, Revendications, cle_dev, emettre_jeton_dev
from infrastructure.reglages import Reglages
from tests.api.conftest import Jeton
from tests.api.corps import CONTRAT, INSCRIPTION, ORIENTATION

DONNEES_INVALIDES = "La requête contient des données invalides : voir « errors »."
TAILLE_MAX = 64 * 1024


def application_de(client: TestClient) -> ParcoursApplication:
    app = client.app
    assert isinstance(app, FastAPI)
    application: ParcoursApplication = app.state.application
    return application


def inscrire(client: TestClient, entetes: dict[str, str]) -> str:
    reponse = client.post("/parcours", json=INSCRIPTION, headers=entetes)
    assert reponse.status_code == 201, reponse.text
    return f"/parcours/{reponse.json()['parcours_id']}"


def nombre_d_evenements(client: TestClient, parcours: str, entetes: dict[str, str]) -> int:
    reponse = client.get(f"{parcours}/historique", headers=entetes)
    assert reponse.status_code == 200, reponse.text
    return len(reponse.json())


def evenements_du_magasin(client: TestClient) -> int:
    """Every event of the store, all parcours together."""
    return application_de(client).recorder.max_notification_id() or 0


def verifier_probleme(reponse: httpx.Response, statut: int, code: str, extrait_du_detail: str) -> dict[str, Any]:
    """The answer is an RFC 9457 problem of this status and type, whose French detail says ``extrait_du_detail``."""
    assert reponse.status_code == statut, reponse.text
    assert reponse.headers["content-type"] == "application/problem+json"
    corps: dict[str, Any] = reponse.json()
    assert corps["type"] == f"/erreurs/{code}"
    assert corps["status"] == statut
    assert corps["title"]
    assert extrait_du_detail in corps["detail"]
    assert corps["instance"] == reponse.request.url.path
    return corps


def verifier_donnees_invalides(reponse: httpx.Response, champ: str, type_d_erreur: str, message: str) -> None:
    """A 422 whose ``errors`` name the field, with a stable type and a French message."""
    corps = verifier_probleme(reponse, 422, "donnees-invalides", DONNEES_INVALIDES)
    assert corps["detail"] == DONNEES_INVALIDES
    assert all(set(e) == {"champ", "message", "type"} for e in corps["errors"])
    (erreur,) = [e for e in corps["errors"] if e["champ"] == champ]
    assert erreur["type"] == type_d_erreur
    assert message in erreur["message"]


def avec(corps: dict[str, Any], chemin: tuple[str, ...], valeur: object) -> dict[str, Any]:
    """A copy of ``corps`` with the value at ``chemin`` replaced."""
    modifie = copy.deepcopy(corps)
    cible = modifie
    for cle in chemin[:-1]:
        cible = cible[cle]
    cible[chemin[-1]] = valeur
    return modifie


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


# --- authentication -----------------------------------------------------------------------------


def signer(cle: ec.EllipticCurvePrivateKey, reglages: Reglages) -> dict[str, str]:
    """A token with the claims of the development issuer, signed by ``cle``."""
    maintenant = datetime.now(UTC)
    revendications = {
        "sub": "agent-42",
        "role": "conseiller",
        "organisme": "FRANCE_TRAVAIL",
        "territoire": "75",
        "iss": reglages.jwt_emetteur,
        "aud": reglages.jwt_audience,
        "iat": maintenant,
        "exp": maintenant + timedelta(hours=1),
    }
    return {"Authorization": f"Bearer {jwt.encode(revendications, cle, algorithm='ES256', headers={'kid': KID_DEV})}"}


def test_sans_jeton_la_reponse_est_un_401_qui_demande_un_bearer(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere)

    lecture = client.get(parcours)
    commande = client.post(f"{parcours}/droits-devoirs/information", json={})

    for reponse in (lecture, commande):
        verifier_probleme(reponse, 401, "non-authentifie", "Un jeton Bearer est requis")
        assert reponse.headers["WWW-Authenticate"] == "Bearer"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_jeton_illisible_est_refuse_en_401(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(
        f"{parcours}/droits-devoirs/information", json={}, headers={"Authorization": "Bearer n-importe-quoi"}
    )

    verifier_probleme(reponse, 401, "jeton-invalide", "Jeton refusé")
    assert reponse.headers["WWW-Authenticate"] == "Bearer"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_jeton_expire_est_refuse_en_401(
    client: TestClient, conseillere: dict[str, str], reglages_api: Reglages
) -> None:
    parcours = inscrire(client, conseillere)
    revendications = Revendications(
        sub="agent-42", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="75"
    )
    expire = emettre_jeton_dev(reglages_api, revendications, duree=timedelta(minutes=-5))

    reponse = client.post(
        f"{parcours}/droits-devoirs/information", json={}, headers={"Authorization": f"Bearer {expire}"}
    )

    verifier_probleme(reponse, 401, "jeton-invalide", "Jeton refusé")
    assert reponse.headers["WWW-Authenticate"] == "Bearer"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_jeton_signe_par_une_autre_cle_est_refuse_en_401(
    client: TestClient, conseillere: dict[str, str], reglages_api: Reglages
) -> None:
    parcours = inscrire(client, conseillere)
    authentique = signer(cle_dev(reglages_api.cle_dev), reglages_api)
    forge = signer(ec.generate_private_key(ec.SECP256R1()), reglages_api)

    refuse = client.post(f"{parcours}/droits-devoirs/information", json={}, headers=forge)
    lu = client.get(parcours, headers=authentique)

    verifier_probleme(refuse, 401, "jeton-invalide", "Jeton refusé")
    assert refuse.headers["WWW-Authenticate"] == "Bearer"
    assert lu.status_code == 200, "les mêmes revendications, signées par la bonne clé, sont acceptées"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


# --- body size ----------------------------------------------------------------------------------


def corps_volumineux() -> bytes:
    """A well-formed JSON body, just over the limit."""
    return b'{"motif": "' + b"a" * TAILLE_MAX + b'"}'


def test_un_corps_trop_volumineux_est_refuse_en_413(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(
        f"{parcours}/droits-devoirs/information",
        content=corps_volumineux(),
        headers={**conseillere, "Content-Type": "application/json"},
    )

    assert reponse.request.headers["Content-Length"] == str(len(corps_volumineux()))
    verifier_probleme(reponse, 413, "corps-trop-volumineux", f"Le corps dépasse {TAILLE_MAX} octets")
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_un_corps_trop_volumineux_envoye_par_morceaux_est_refuse_en_413(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = inscrire(client, conseillere)

    def morceaux() -> Iterator[bytes]:
        corps = corps_volumineux()
        for debut in range(0, len(corps), 4096):
            yield corps[debut : debut + 4096]

    reponse = client.post(
        f"{parcours}/droits-devoirs/information",
        content=morceaux(),
        headers={**conseillere, "Content-Type": "application/json"},
    )

    assert "Content-Length" not in reponse.request.headers
    assert reponse.request.headers["Transfer-Encoding"] == "chunked"
    verifier_probleme(reponse, 413, "corps-trop-volumineux", f"Le corps dépasse {TAILLE_MAX} octets")
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_le_413_reste_du_json_valide_quand_l_adresse_contient_un_guillemet(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    reponse = client.post(
        '/parcours/"x', content=corps_volumineux(), headers={**conseillere, "Content-Type": "application/json"}
    )

    verifier_probleme(reponse, 413, "corps-trop-volumineux", f"Le corps dépasse {TAILLE_MAX} octets")


# --- domain rules and the documentation of problem types ----------------------------------------


def test_une_regle_du_domaine_refuse_en_409_en_se_nommant(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)

    reponse = client.post(f"{parcours}/contrat", json=CONTRAT, headers=conseillere)

    corps = verifier_probleme(reponse, 409, "orientation-non-decidee", "aucune orientation n'a été décidée")
    assert corps["regle"] == "OrientationNonDecidee"
    assert corps["type"] == f"/erreurs/{OrientationNonDecidee.code}"
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_le_type_d_un_refus_se_lit_a_son_adresse(client: TestClient, conseillere: dict[str, str]) -> None:
    parcours = inscrire(client, conseillere)
    refus = client.post(f"{parcours}/contrat", json=CONTRAT, headers=conseillere).json()

    reponse = client.get(refus["type"])

    assert reponse.status_code == 200, reponse.text
    assert reponse.headers["content-type"] == "application/json"
    assert reponse.json() == {
        "code": "orientation-non-decidee",
        "titre": refus["title"],
        "regle": refus["regle"],
        "description": " ".join((OrientationNonDecidee.__doc__ or "").split()),
    }
    assert "CT L.5411-5-1" in reponse.json()["description"]
    assert refus["title"] == OrientationNonDecidee.titre == "Orientation non encore décidée"


def test_un_type_d_erreur_inconnu_donne_un_probleme_404(client: TestClient) -> None:
    reponse = client.get("/erreurs/nimporte-quoi")

    verifier_probleme(reponse, 404, "introuvable", "Aucun type d'erreur « nimporte-quoi »")


@pytest.mark.parametrize(
    "code",
    [
        "donnees-invalides",
        "parcours-introuvable",
        "introuvable",
        "methode-non-permise",
        "non-authentifie",
        "jeton-invalide",
        "corps-trop-volumineux",
        "erreur-interne",
    ],
)
def test_chaque_type_rendu_par_ce_module_se_lit_a_son_adresse(client: TestClient, code: str) -> None:
    """The `type` of a problem is a URI that resolves (api/routes/erreurs.py, DESIGN §4)."""
    reponse = client.get(f"/erreurs/{code}")

    assert reponse.status_code == 200, reponse.text
    assert reponse.json()["code"] == code


# --- unexpected failures ------------------------------------------------------------------------


def test_une_exception_inattendue_donne_un_500_sans_trace_ni_message_interne(
    client_sans_exceptions: TestClient, conseillere: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_sans_exceptions
    parcours = inscrire(client, conseillere)

    def en_panne(*_: object, **__: object) -> None:
        raise RuntimeError("secret interne")

    monkeypatch.setattr(application_de(client), "informer_droits_devoirs", en_panne)

    reponse = client.post(f"{parcours}/droits-devoirs/information", json={}, headers=conseillere)

    verifier_probleme(reponse, 500, "erreur-interne", "Une erreur inattendue est survenue.")
    assert "secret interne" not in reponse.text
    assert "Traceback" not in reponse.text
    assert "RuntimeError" not in reponse.text
    assert nombre_d_evenements(client, parcours, conseillere) == 1


def test_des_octets_qui_ne_sont_pas_du_texte_donnent_un_probleme_400_en_francais(client: TestClient) -> None:
    reponse = client.post(
        "/referentiels/orientation/2025.1/simulation",
        content=b"\x80\x81%:\x9aP",
        headers={"Content-Type": "application/json"},
    )

    assert (reponse.status_code, reponse.headers["content-type"]) == (400, "application/problem+json")
    assert reponse.json()["detail"] == "Le corps de la requête n'est pas un JSON lisible."
