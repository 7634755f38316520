"""The boundary (issue 16): nothing a caller sends reaches an event, a view or a log unless it fits the
documented limits (docs/api.md §6). Every text that enters — body, header, query, path — refuses
control characters and lone surrogates with a 422 naming the field; dates stay in 1900–2199 on the
UTC and the Paris day; integers are bounded; malformed tokens get 401; the role is judged first.

Validation does not depend on the store: these checks run on the in-memory store, once. What the
stores themselves hold (the consultations log, PostgreSQL's JSONB) is checked on SQLite and
PostgreSQL in test_dates_jetons_et_magasins.py and in tests/api/test_frontiere_proprietes.py.
"""

from typing import Any, cast

import pytest
from fastapi.testclient import TestClient

from tests.api.corps import CONTRAT, MANQUEMENT
from tests.api.frontiere.outils import (
    erreur_du_champ,
    position,
    poster_brut,
)

# --- texts in bodies ----------------------------------------------------------------------------

TEXTES_REFUSES = [
    pytest.param("/droits-devoirs/information", {"motif": "a\x00b"}, "body.motif", id="nul-dans-un-motif"),
    pytest.param("/droits-devoirs/information", {"motif": "a\ud800b"}, "body.motif", id="surrogat-dans-un-motif"),
    pytest.param("/droits-devoirs/information", {"motif": "a\x1bb"}, "body.motif", id="echap-dans-un-motif"),
    pytest.param("/droits-devoirs/information", {"fondement": ["CT\x7fL.1"]}, "body.fondement.0", id="del-article"),
    pytest.param(
        "/manquements",
        {"manquement": {**MANQUEMENT["manquement"], "faits": "absent\x85"}},
        "body.manquement.faits",
        id="c1-dans-les-faits",
    ),
    pytest.param(
        "/referent",
        {"referent": {"id": "agent\t42", "organisme": "FRANCE_TRAVAIL"}},
        "body.referent.id",
        id="tabulation-dans-un-identifiant",
    ),
    pytest.param(
        "/contrat",
        {"contrat": {**cast(dict[str, Any], CONTRAT["contrat"]), "objectifs": ["Emploi\nde cariste"]}},
        "body.contrat.objectifs.0",
        id="saut-de-ligne-dans-un-libelle",
    ),
    pytest.param(
        "/droits-devoirs/information",
        {"criteres": [{"nom": "n", "valeur": "a\x00", "source": "conseiller", "collecte_le": "2025-06-01"}]},
        "body.criteres.0.valeur.str",
        id="nul-dans-la-valeur-d-un-critere",
    ),
    pytest.param(
        "/rectifications",
        {"version_rectifiee": 1, "corrections": {"canal\x00": "guichet"}, "motif": "erreur"},
        "body.corrections.canal\x00.[key]",
        id="nul-dans-une-cle",
    ),
]


@pytest.mark.parametrize(("suffixe", "corps", "champ"), TEXTES_REFUSES)
def test_un_caractere_de_controle_dans_un_texte_donne_un_422_qui_nomme_le_champ(
    api: TestClient, agent: dict[str, str], parcours: str, suffixe: str, corps: dict[str, Any], champ: str
) -> None:
    avant = position(api)

    reponse = poster_brut(api, f"{parcours}{suffixe}", corps, agent)

    erreur = erreur_du_champ(reponse, champ)
    assert erreur["type"] == "caractere_interdit"
    assert erreur["message"].startswith("caractère interdit U+")
    assert position(api) == avant


def test_un_texte_libre_garde_ses_tabulations_et_ses_sauts_de_ligne(
    api: TestClient, agent: dict[str, str], parcours: str
) -> None:
    motif = "Informée en entretien :\n\t- droits\r\n\t- devoirs"

    reponse = api.post(f"{parcours}/droits-devoirs/information", json={"motif": motif}, headers=agent)

    assert reponse.status_code == 200, reponse.text
    (dernier,) = api.get(f"{parcours}/historique", headers=agent).json()[-1:]
    assert dernier["motif"] == motif


@pytest.mark.parametrize(
    ("corps", "champ", "type_d_erreur"),
    [
        ({"motif": "x" * 4001}, "body.motif", "string_too_long"),
        ({"motif": " \n\t "}, "body.motif", "texte_vide"),
        ({"fondement": ["a" * 501]}, "body.fondement.0", "string_too_long"),
        ({"referent": {"id": "a" * 101, "organisme": "FRANCE_TRAVAIL"}}, "body.referent.id", "string_too_long"),
        ({"referent": {"id": " agent-42", "organisme": "FRANCE_TRAVAIL"}}, "body.referent.id", "espace_en_bordure"),
    ],
    ids=["motif-4001", "motif-blanc", "article-501", "identifiant-101", "identifiant-espace"],
)
def test_chaque_texte_a_sa_longueur_maximale_et_n_est_jamais_blanc(
    api: TestClient, agent: dict[str, str], parcours: str, corps: dict[str, Any], champ: str, type_d_erreur: str
) -> None:
    reponse = api.post(f"{parcours}/referent" if "referent" in corps else f"{parcours}/droits-devoirs/information",
                       json=corps, headers=agent)  # fmt: skip

    assert erreur_du_champ(reponse, champ)["type"] == type_d_erreur


def test_un_motif_de_4000_caracteres_est_admis(api: TestClient, agent: dict[str, str], parcours: str) -> None:
    reponse = api.post(f"{parcours}/droits-devoirs/information", json={"motif": "é" * 4000}, headers=agent)

    assert reponse.status_code == 200, reponse.text


# --- texts in headers, query strings and paths --------------------------------------------------


def test_un_motif_de_consultation_avec_un_nul_encode_donne_un_422(
    api: TestClient, agent: dict[str, str], parcours: str
) -> None:
    reponse = api.get(parcours, headers={**agent, "X-Motif-Consultation": "a%00b"})

    assert erreur_du_champ(reponse, "header.X-Motif-Consultation")["type"] == "caractere_interdit"


@pytest.mark.parametrize(
    ("entete", "valeur", "statut"),
    [
        ("Idempotency-Key", b"cle\x85", 422),
        ("Idempotency-Key", b"c" * 201, 422),
        ("If-Match", b'"4\x85"', 422),
        ("If-Match", b'"\xb2"', 400),  # a superscript two: a digit for str.isdigit, not for int()
        ("If-Match", b'"99999999999"', 400),
    ],
    ids=["cle-c1", "cle-201", "if-match-c1", "if-match-exposant", "if-match-11-chiffres"],
)
def test_un_en_tete_de_commande_malforme_est_refuse_sans_rien_enregistrer(
    api: TestClient, agent: dict[str, str], parcours: str, entete: str, valeur: bytes, statut: int
) -> None:
    avant = position(api)

    reponse = api.post(f"{parcours}/droits-devoirs/information", json={}, headers={**agent, entete: valeur})

    assert reponse.status_code == statut, reponse.text
    assert reponse.headers["content-type"] == "application/problem+json"
    if statut == 422:
        erreur_du_champ(reponse, f"header.{entete}")
    assert position(api) == avant


@pytest.mark.parametrize(
    ("adresse", "champ"),
    [
        ("/corbeilles/contrat_a_signer?referent=a%00b", "query.referent"),
        ("/corbeilles/contrat_a_signer?departement=7%005", "query.departement"),
        ("/corbeilles/contrat_a_signer?curseur=a%1Fb", "query.curseur"),
        ("/indicateurs?departement=%C2%85", "query.departement"),
        ("/erreurs/a%00b", "path.code"),
        ("/referentiels/orientation/2025%00", "path.version"),
    ],
)
def test_un_caractere_de_controle_dans_l_adresse_donne_un_422(
    api: TestClient, agent: dict[str, str], adresse: str, champ: str
) -> None:
    erreur_du_champ(api.get(adresse, headers=agent), champ)


def test_un_identifiant_de_procedure_avec_un_nul_donne_un_422(
    api: TestClient, agent: dict[str, str], parcours: str
) -> None:
    reponse = api.post(f"{parcours}/sanctions/a%00b/reception-avis", json={"recu_le": "2025-07-01"}, headers=agent)

    erreur_du_champ(reponse, "path.sid")
