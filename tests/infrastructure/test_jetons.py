"""Tokens: production trusts only the published keys; development also trusts its local key."""

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import (
    KID_DEV,
    TAILLE_MAX_JETON,
    JetonInvalide,
    Revendications,
    Verificateur,
    cle_dev,
    emettre_jeton_dev,
)
from infrastructure.reglages import Mode, Reglages, reglages_pour

EMETTEUR = "https://idp.exemple.gouv.fr"
CLE_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def production(tmp_path: Path) -> Reglages:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(CLE_RSA.public_key()))
    fichier = tmp_path / "jwks.json"
    fichier.write_text(json.dumps({"keys": [{**jwk, "kid": "idp-1", "use": "sig", "alg": "RS256"}]}))
    return reglages_pour("memory://").model_copy(
        update={"mode": Mode.PRODUCTION, "jwks_fichier": fichier, "jwt_emetteur": EMETTEUR, "cle_dev": tmp_path / "k"}
    )


def jeton_rs256(**surcharges: Any) -> str:
    maintenant = datetime.now(UTC)
    charge = {
        "sub": "agent-7",
        "role": "conseiller",
        "organisme": "MISSION_LOCALE",
        "territoire": "69",
        "iss": EMETTEUR,
        "aud": "parcours",
        "exp": maintenant + timedelta(minutes=5),
        **surcharges,
    }
    return jwt.encode(charge, CLE_RSA, algorithm="RS256", headers={"kid": "idp-1"})


def test_un_jeton_rs256_de_l_emetteur_configure_donne_le_principal(production: Reglages) -> None:
    principal = Verificateur(production).principal(jeton_rs256())

    assert (principal.id, principal.role, principal.organisme) == ("agent-7", Role.CONSEILLER, Organisme.MISSION_LOCALE)
    assert principal.territoire == "69"


@pytest.mark.parametrize(
    "surcharges",
    [
        {"iss": "https://autre.exemple"},
        {"aud": "autre-service"},
        {"exp": datetime.now(UTC) - timedelta(minutes=1)},
        {"role": "systeme"},
        {"role": "pape"},
    ],
    ids=["autre-emetteur", "autre-audience", "expire", "role-reserve-au-service", "role-inconnu"],
)
def test_un_jeton_non_conforme_est_refuse(production: Reglages, surcharges: dict[str, Any]) -> None:
    with pytest.raises(JetonInvalide):
        Verificateur(production).principal(jeton_rs256(**surcharges))


def test_la_production_refuse_les_jetons_de_developpement(production: Reglages, tmp_path: Path) -> None:
    developpement = production.model_copy(update={"mode": Mode.DEVELOPPEMENT, "jwt_emetteur": EMETTEUR})
    jeton = emettre_jeton_dev(developpement, Revendications(sub="x", role=Role.ADMIN))

    with pytest.raises(JetonInvalide):
        Verificateur(production).principal(jeton)
    assert Verificateur(developpement).principal(jeton).role is Role.ADMIN


def test_on_n_emet_pas_de_jeton_de_developpement_en_production(production: Reglages) -> None:
    with pytest.raises(JetonInvalide):
        emettre_jeton_dev(production, Revendications(sub="x", role=Role.ADMIN))


class Horloge:
    def __init__(self) -> None:
        self.instant = datetime.now(UTC).timestamp()

    def __call__(self) -> float:
        return self.instant


def test_un_jeton_verifie_est_reconnu_sans_nouvelle_verification_jusqu_a_son_expiration(
    production: Reglages, monkeypatch: pytest.MonkeyPatch
) -> None:
    horloge = Horloge()
    verificateur = Verificateur(production, maintenant=horloge)
    jeton = jeton_rs256()
    expiration = float(jwt.decode(jeton, options={"verify_signature": False})["exp"])
    verifications: list[str] = []
    decoder = jwt.decode

    def espion(*arguments: Any, **options: Any) -> Any:
        verifications.append("signature")
        return decoder(*arguments, **options)

    monkeypatch.setattr(jwt, "decode", espion)

    premier = verificateur.principal(jeton)
    second = verificateur.principal(jeton)
    assert second == premier
    assert verifications == ["signature"]

    horloge.instant = expiration
    verificateur.principal(jeton)
    assert verifications == ["signature", "signature"]  # checked anew (the real clock still accepts it)


def test_un_jeton_refuse_n_est_pas_retenu(production: Reglages) -> None:
    verificateur = Verificateur(production)
    jeton = jeton_rs256(aud="autre-service")

    for _ in range(2):
        with pytest.raises(JetonInvalide):
            verificateur.principal(jeton)


# --- malformed or mismatched tokens: always JetonInvalide (a 401), never the library's exception ---


def b64(octets: bytes) -> str:
    return base64.urlsafe_b64encode(octets).rstrip(b"=").decode()


def forge(entete: object, charge: object, signature: bytes = b"\x00" * 64) -> str:
    """A token written by hand: any header, any payload, any signature."""
    return ".".join((b64(json.dumps(entete).encode()), b64(json.dumps(charge).encode()), b64(signature)))


@pytest.fixture
def developpement(tmp_path: Path) -> Reglages:
    return reglages_pour("memory://").model_copy(update={"mode": Mode.DEVELOPPEMENT, "cle_dev": tmp_path / "k.pem"})


def charge_dev(reglages: Reglages, **surcharges: Any) -> dict[str, Any]:
    exp = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    charge = {"sub": "agent-1", "role": "conseiller", "iss": reglages.jwt_emetteur, "aud": "parcours", "exp": exp}
    return {**charge, **surcharges}


def test_un_jeton_rs256_presente_avec_la_cle_ec_de_developpement_est_refuse(developpement: Reglages) -> None:
    """Issue 16 item 6: PyJWT raised a TypeError (500) when the header's alg did not fit the key."""
    jeton = jwt.encode(charge_dev(developpement), CLE_RSA, algorithm="RS256", headers={"kid": KID_DEV})

    with pytest.raises(JetonInvalide, match="algorithme de signature non admis"):
        Verificateur(developpement).principal(jeton)


def test_un_jeton_es256_presente_avec_une_cle_rsa_est_refuse(production: Reglages) -> None:
    jeton = jwt.encode(
        {**charge_dev(production), "iss": EMETTEUR}, ec.generate_private_key(ec.SECP256R1()), "ES256", {"kid": "idp-1"}
    )

    with pytest.raises(JetonInvalide, match="algorithme de signature non admis"):
        Verificateur(production).principal(jeton)


@pytest.mark.parametrize(
    "jeton",
    [
        "@@@.###.$$$",
        f"{b64(b'pas du json')}.{b64(b'{}')}.{b64(b'x')}",
        forge([1, 2], {"sub": "x"}),
        forge({"alg": "ES256", "kid": ["parcours-dev"]}, {"sub": "x"}),
        forge({"alg": "none", "kid": KID_DEV}, {"sub": "x"}, b""),
        forge({"alg": "HS256", "kid": KID_DEV}, {"sub": "x"}),
        forge({"alg": "ES256", "kid": KID_DEV}, "pas un objet"),
        "un.deux",
        "",
    ],
    ids=[
        "base64",
        "entete-pas-json",
        "entete-tableau",
        "kid-liste",
        "alg-none",
        "alg-hmac",
        "charge-texte",
        "2-parties",
        "vide",
    ],
)
def test_un_jeton_malforme_est_refuse(developpement: Reglages, jeton: str) -> None:
    verificateur = Verificateur(developpement)

    assert verificateur.cle_en_memoire(jeton)  # refused without asking an identity provider
    with pytest.raises(JetonInvalide):
        verificateur.principal(jeton)


@pytest.mark.parametrize(
    "surcharges",
    [{"sub": ""}, {"sub": "   "}, {"sub": "a\x00b"}, {"sub": " agent"}, {"sub": "a" * 256}, {"sub": 42},
     {"structure": "FT\n75"}, {"territoire": "7\u00855"}],
    ids=["vide", "blanc", "nul", "espace-en-tete", "trop-long", "nombre", "structure-saut-de-ligne", "territoire-c1"],
)  # fmt: skip
def test_des_revendications_vides_ou_avec_des_caracteres_de_controle_sont_refusees(
    developpement: Reglages, surcharges: dict[str, Any]
) -> None:
    jeton = jwt.encode(
        charge_dev(developpement, **surcharges), cle_dev(developpement.cle_dev), "ES256", {"kid": KID_DEV}
    )

    with pytest.raises(JetonInvalide):
        Verificateur(developpement).principal(jeton)


def test_un_jeton_sans_sub_est_refuse(developpement: Reglages) -> None:
    charge = charge_dev(developpement)
    del charge["sub"]
    jeton = jwt.encode(charge, cle_dev(developpement.cle_dev), "ES256", {"kid": KID_DEV})

    with pytest.raises(JetonInvalide, match="revendication obligatoire absente"):
        Verificateur(developpement).principal(jeton)


def test_un_sub_de_255_caracteres_est_admis(developpement: Reglages) -> None:
    jeton = jwt.encode(
        charge_dev(developpement, sub="a" * 255), cle_dev(developpement.cle_dev), "ES256", {"kid": KID_DEV}
    )

    assert Verificateur(developpement).principal(jeton).id == "a" * 255


def test_un_jeton_de_plus_de_8_kio_est_refuse_sans_etre_decode(
    developpement: Reglages, monkeypatch: pytest.MonkeyPatch
) -> None:
    signe = jwt.encode(
        charge_dev(developpement, bourrage="x" * TAILLE_MAX_JETON), cle_dev(developpement.cle_dev), "ES256",
        {"kid": KID_DEV},
    )  # fmt: skip
    decodages: list[str] = []
    monkeypatch.setattr(jwt, "decode", lambda *_, **__: decodages.append("decode"))
    verificateur = Verificateur(developpement)

    assert len(signe) > TAILLE_MAX_JETON
    assert verificateur.cle_en_memoire(signe)
    with pytest.raises(JetonInvalide, match="jeton trop long"):
        verificateur.principal(signe)
    assert decodages == []
