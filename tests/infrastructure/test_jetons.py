"""Tokens: production trusts only the published keys; development also trusts its local key."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import JetonInvalide, Revendications, Verificateur, emettre_jeton_dev
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
