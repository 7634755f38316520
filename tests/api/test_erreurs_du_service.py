"""Problems of the service itself: authentication, body size, rule refusals and their documented types,
unexpected failures."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient

from application.principal import Role
from domain.regles.orientation import OrientationNonDecidee
from domain.vocabulaire import Organisme
from infrastructure.jetons import KID_DEV, Revendications, cle_dev, emettre_jeton_dev
from infrastructure.reglages import Reglages
from tests.api.corps import CONTRAT
from tests.api.verifications import (
    TAILLE_MAX,
    application_de,
    inscrire,
    nombre_d_evenements,
    verifier_probleme,
)

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
