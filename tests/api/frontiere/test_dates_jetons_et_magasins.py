"""The boundary (issue 16), continued: dates, instants and integers; tokens and roles; what older versions
stored stays readable; on SQLite and PostgreSQL, a refused read does not block the consultations log."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import creer_app
from api.modeles.bornes import Instant, Jour
from api.modeles.commun import Contexte
from application.principal import Role
from domain.inscription import Inscription, Territoire
from domain.vocabulaire import CanalInscription, MotifInscription
from infrastructure.jetons import KID_DEV, Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.api.corps import INSCRIPTION
from tests.api.frontiere.outils import (
    application_de,
    entetes,
    erreur_du_champ,
    position,
)
from tests.support.demandes import CONSEILLERE, par
from tests.support.horloge import HorlogeDeTest

# --- dates, instants and integers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffixe", "corps", "champ", "type_d_erreur"),
    [
        ("/droits-devoirs/information", {"effective_le": "9999-12-31T23:59:59-12:00"}, "body.effective_le",
         "date_hors_bornes"),
        ("/droits-devoirs/information", {"effective_le": "0001-01-01T00:00:00+14:00"}, "body.effective_le",
         "date_hors_bornes"),
        ("/orientation/notification", {"effective_le": "9999-12-15T10:00:00+00:00"}, "body.effective_le",
         "date_hors_bornes"),
        ("/droits-devoirs/information", {"effective_le": 0}, "body.effective_le", "datetime_parsing"),
        ("/droits-devoirs/information", {"effective_le": "2025-06-02"}, "body.effective_le", "datetime_parsing"),
        ("/sanctions/s-1/reception-avis", {"recu_le": "9999-12-31"}, "body.recu_le", "date_hors_bornes"),
        ("/sanctions/s-1/reception-avis", {"recu_le": 0}, "body.recu_le", "date_parsing"),
        ("/rectifications", {"version_rectifiee": 10**30, "corrections": {"canal": "guichet"}},
         "body.version_rectifiee", "less_than_equal"),
    ],
    ids=["an-9999", "an-1", "notification-9999", "nombre", "date-sans-heure", "recu-9999", "recu-nombre",
         "version-10-30"],
)  # fmt: skip
def test_une_date_hors_periode_ou_un_nombre_demesure_donne_un_422(
    api: TestClient,
    agent: dict[str, str],
    parcours: str,
    suffixe: str,
    corps: dict[str, Any],
    champ: str,
    type_d_erreur: str,
) -> None:
    avant = position(api)

    reponse = api.post(f"{parcours}{suffixe}", json=corps, headers=agent)

    assert erreur_du_champ(reponse, champ)["type"] == type_d_erreur
    assert position(api) == avant


@pytest.mark.parametrize(
    ("adresse", "champ"),
    [
        ("/corbeilles/contrat_a_signer?echeance_avant=0", "query.echeance_avant"),
        ("/indicateurs?connu_au=0", "query.connu_au"),
        ("/indicateurs?au=9999-12-31", "query.au"),
        ("{parcours}/historique?version=1000000000000000000000000000000", "query.version"),
        ("{parcours}/historique?a_la_date=0", "query.a_la_date"),
        ("{parcours}/etat?a_la_date=1899-12-31T23:00:00Z", "query.a_la_date"),
        ("{parcours}?position_min=100000000000000000000", "query.position_min"),
    ],
)
def test_une_date_ou_un_nombre_hors_bornes_dans_l_adresse_donne_un_422(
    api: TestClient, agent: dict[str, str], parcours: str, adresse: str, champ: str
) -> None:
    erreur_du_champ(api.get(adresse.format(parcours=parcours), headers=agent), champ)


@pytest.mark.parametrize(
    ("instant", "admis"),
    [
        ("1900-01-01T00:00:00+00:00", True),
        ("1900-01-01T00:30:00+01:00", False),  # the UTC day is 1899-12-31
        ("2199-12-31T23:59:59+01:00", True),
        ("2199-12-31T23:30:00-01:00", False),  # the UTC day is 2200-01-01
        ("2199-12-31T23:30:00+00:00", False),  # the Paris day is 2200-01-01
        ("2025-06-02T10:00:00.123456Z", True),
    ],
)
def test_un_instant_est_juge_sur_son_jour_utc_et_son_jour_a_paris(instant: str, admis: bool) -> None:
    if admis:
        assert Contexte.model_validate({"effective_le": instant}).effective_le is not None
    else:
        with pytest.raises(ValidationError, match="date_hors_bornes"):
            Contexte.model_validate({"effective_le": instant})


def test_les_bornes_des_dates_sont_1900_et_2199() -> None:
    from pydantic import TypeAdapter  # noqa: PLC0415 - only here

    jour, instant = TypeAdapter(Jour), TypeAdapter(Instant)

    assert [jour.validate_python(j).year for j in ("1900-01-01", "2199-12-31")] == [1900, 2199]
    for refuse in ("1899-12-31", "2200-01-01", "20250601", "2025-06-01T00:00:00"):
        with pytest.raises(ValidationError):
            jour.validate_python(refuse)
    with pytest.raises(ValidationError):
        instant.validate_python("2025-06-02T10:00:00")


# --- tokens and roles ---------------------------------------------------------------------------


def test_un_jeton_rs256_avec_la_cle_de_developpement_donne_un_401_et_non_un_500(
    api: TestClient, reglages_memoire: Reglages, parcours: str
) -> None:
    cle_rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    revendications = {"sub": "x", "role": "conseiller", "iss": reglages_memoire.jwt_emetteur, "aud": "parcours"}
    forge = jwt.encode({**revendications, "exp": 4102444800}, cle_rsa, algorithm="RS256", headers={"kid": KID_DEV})

    reponse = api.get(parcours, headers={"Authorization": f"Bearer {forge}"})

    assert (reponse.status_code, reponse.headers["content-type"]) == (401, "application/problem+json")
    assert reponse.json()["type"] == "/erreurs/jeton-invalide"
    assert reponse.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("sub", ["", "   ", "a\x00b"], ids=["vide", "blanc", "nul"])
def test_un_sub_vide_ou_avec_un_caractere_de_controle_donne_un_401(
    api: TestClient, reglages_memoire: Reglages, parcours: str, sub: str
) -> None:
    jeton = emettre_jeton_dev(reglages_memoire, Revendications.model_construct(sub=sub, role=Role.CONSEILLER))

    reponse = api.get(parcours, headers={"Authorization": f"Bearer {jeton}"})

    assert reponse.status_code == 401, reponse.text
    assert reponse.json()["type"] == "/erreurs/jeton-invalide"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITEUR, Role.AUTORITE_SANCTION, Role.PERSONNE])
def test_communiquer_une_explication_est_refuse_sur_le_role_avant_de_lire_le_parcours(
    api: TestClient, reglages_memoire: Reglages, parcours: str, role: Role
) -> None:
    """Issue 16 item 8: the parcours has no algorithmic decision; reading it first answered 404."""
    appelant = entetes(reglages_memoire, role, parcours=UUID(parcours.rsplit("/", 1)[1]))

    le_sien = api.post(f"{parcours}/orientation/explication/demandes/d-1/communication", json={}, headers=appelant)
    inconnu = api.post(f"/parcours/{uuid4()}/orientation/explication/demandes/d-1/communication", json={},
                       headers=appelant)  # fmt: skip

    assert (le_sien.status_code, inconnu.status_code) == (403, 403)
    assert le_sien.json()["type"] == inconnu.json()["type"] == "/erreurs/interdit"


def test_le_role_est_juge_avant_le_corps(api: TestClient, reglages_memoire: Reglages, parcours: str) -> None:
    auditrice = entetes(reglages_memoire, Role.AUDITEUR)

    reponse = api.post(f"{parcours}/droits-devoirs/information", json={"motif": "a\x00b"}, headers=auditrice)

    assert reponse.status_code == 403, reponse.text


# --- what older versions stored stays readable ----------------------------------------------------


def test_un_texte_enregistre_avant_ces_limites_reste_lisible(
    api: TestClient, agent: dict[str, str], reglages_memoire: Reglages
) -> None:
    """Events are never rewritten: a value today's boundary refuses, recorded earlier, is shown."""
    bassin = "b" * 600  # over today's 500 characters
    inscription = Inscription(MotifInscription.DEMANDE, CanalInscription.GUICHET, Territoire("75", bassin=bassin))
    parcours_id = application_de(api).inscrire(par(CONSEILLERE), inscription).parcours_id

    reponse = api.get(f"/parcours/{parcours_id}/etat", headers=agent)

    assert reponse.status_code == 200, reponse.text
    assert reponse.json()["inscription"]["territoire"]["bassin"] == bassin


# --- on the stores: the consultations log keeps working -----------------------------------------


@pytest.fixture
def reglages_stockes(reglages_persistants: Reglages, tmp_path: Path) -> Reglages:
    return reglages_persistants.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem"})


@pytest.fixture
def client_persistant(reglages_stockes: Reglages, horloge: HorlogeDeTest) -> Iterator[TestClient]:
    migrer(reglages_stockes)
    with TestClient(creer_app(reglages_stockes, horloge)) as client:
        yield client


def test_un_motif_de_consultation_refuse_ne_bloque_pas_le_journal_des_consultations(
    client_persistant: TestClient, reglages_stockes: Reglages
) -> None:
    """Issue 16 item 2: on PostgreSQL, ``a%00b`` made the writer retry its batch forever."""
    client = client_persistant
    parcours_id = client.post("/parcours", json=INSCRIPTION, headers=entetes(reglages_stockes)).json()["parcours_id"]
    auditrice = entetes(reglages_stockes, Role.AUDITEUR)

    refuse = client.get(f"/parcours/{parcours_id}", headers={**auditrice, "X-Motif-Consultation": "a%00b"})
    lu = client.get(f"/parcours/{parcours_id}", headers={**auditrice, "X-Motif-Consultation": "Contr%C3%B4le"})
    journal = client.get(f"/parcours/{parcours_id}/consultations", headers=auditrice)

    assert (refuse.status_code, lu.status_code, journal.status_code) == (422, 200, 200)
    assert sorted((c["vue"], c["motif"] or "") for c in journal.json()) == [
        ("GET /parcours/{parcours_id}", "Contrôle"),
        ("GET /parcours/{parcours_id}/consultations", ""),
    ]
