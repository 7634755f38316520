"""The person's body (api/modeles/personne.py): what the domain refuses of a name, a NIR, a birth date or a
contact is a 422 naming the field, through the service's own problem handlers, before any command runs."""

import copy
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from api.modeles.bornes import LECTURE
from api.modeles.personne import FichePersonneModele, aujourd_hui
from api.problemes import installer
from cli.demo.identites import fiche_en_json, identites
from domain.identite import FichePersonne, NatureIdentifiant, Provenance
from domain.personnel import EFFACE
from domain.vocabulaire import SourceDonnee
from tests.api.verifications import avec, verifier_donnees_invalides

PERSONNE: dict[str, Any] = {
    "provenance": {"source": "declaration", "le": "2025-06-02"},
    "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Élise", "Marie"], "date_naissance": "1990-04-12"},
    "identifiants": [
        {"nature": "nir", "valeur": "2 55 08 14 168 025 38"},
        {"nature": "caf", "valeur": "1234567", "provenance": {"source": "flux_caf", "le": "2025-06-01"}},
    ],
    "contact": {
        "courriel": "elise.lefevre@example.org",
        "adresse": {"code_postal": "93200", "commune": "Saint-Denis", "code_insee": "93066"},
    },
    "representant": {"nom": "Lefèvre", "prenoms": ["Jean"], "qualite": "parent"},
}


class Corps(BaseModel):
    """A body carrying the person, as ``Inscrire`` will."""

    model_config = ConfigDict(extra="forbid")

    personne: FichePersonneModele


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    installer(app)

    @app.post("/personnes")
    def recevoir(corps: Corps) -> dict[str, str]:
        return {"nom_affiche": corps.personne.vers_domaine().identite.nom_affiche}

    with TestClient(app) as client:
        yield client


def test_une_personne_valide_devient_sa_fiche_du_domaine(client: TestClient) -> None:
    reponse = client.post("/personnes", json={"personne": PERSONNE})

    assert reponse.status_code == 200, reponse.text
    assert reponse.json() == {"nom_affiche": "LEFÈVRE Élise Marie"}
    fiche = FichePersonneModele.model_validate(PERSONNE).vers_domaine()
    assert fiche.identifiants[0].valeur == "255081416802538"
    assert fiche.identifiants[1].provenance == Provenance(source=SourceDonnee.FLUX_CAF, le=date(2025, 6, 1))
    assert fiche.representant is not None
    assert fiche.representant.provenance == fiche.identite.provenance


def test_le_modele_lit_la_forme_json_des_personnes_synthetiques_a_l_identique() -> None:
    fiches: list[FichePersonne] = identites(200, graine=9, au=date(2025, 6, 2))

    assert [FichePersonneModele.model_validate(fiche_en_json(f)).vers_domaine() for f in fiches] == fiches


NIR_ECRIT_DEUX_FOIS = ("255081416802538", "2 55 08 14 168 025 38")
DOMAINE = "valeur_invalide"
DEMAIN = (aujourd_hui() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("chemin", "valeur", "champ", "type_d_erreur", "message"),
    [
        (
            ("identifiants", 0, "valeur"),
            "2 55 08 14 168 025 39",
            "identifiants.0.valeur",
            DOMAINE,
            "clé de contrôle erronée",
        ),
        (("identifiants", 0, "valeur"), "2 55 08 14 168", "identifiants.0.valeur", DOMAINE, "15 caractères attendus"),
        (("identifiants", 0, "valeur"), "2 55 08 1X 168 025 38", "identifiants.0.valeur", DOMAINE, "format invalide"),
        (("identite", "date_naissance"), DEMAIN, "identite.date_naissance", DOMAINE, "date de naissance dans le futur"),
        (
            ("identite", "date_naissance"),
            "1899-12-31",
            "identite.date_naissance",
            "date_hors_bornes",
            "date hors de la période",
        ),
        (("identite", "nom_naissance"), "Lefèvre2", "identite.nom_naissance", DOMAINE, "nom invalide"),
        (
            ("identite", "nom_naissance"),
            "Lef\x00èvre",
            "identite.nom_naissance",
            "caractere_interdit",
            "caractère interdit U+0000",
        ),
        (
            ("identite", "nom_naissance"),
            "Lef\u0085èvre",
            "identite.nom_naissance",
            "caractere_interdit",
            "caractère interdit U+0085",
        ),
        (
            ("identite", "nom_naissance"),
            "a" * 101,
            "identite.nom_naissance",
            "string_too_long",
            "au plus 100 caractères",
        ),
        (("identite", "nom_usage"), "M4rtin", "identite.nom_usage", DOMAINE, "nom invalide"),
        (("identite", "prenoms"), ["Élise", "R2D2"], "identite.prenoms.1", DOMAINE, "nom invalide"),
        (("identite", "prenoms"), [], "identite.prenoms", "too_short", "au moins 1 élément"),
        (("representant", "nom"), "Lefèvre\t", "representant.nom", "caractere_interdit", "caractère interdit U+0009"),
        (("representant", "qualite"), "oncle", "representant.qualite", "enum", "valeur non permise"),
        (("contact", "courriel"), "elise@", "contact.courriel", DOMAINE, "adresse électronique invalide"),
        (("contact", "telephone"), "appeler", "contact.telephone", DOMAINE, "numéro de téléphone invalide"),
        (
            ("contact", "adresse", "code_insee"),
            "2C004",
            "contact.adresse.code_insee",
            "string_pattern_mismatch",
            "format",
        ),
        (("provenance", "source"), "rumeur", "provenance.source", "enum", "valeur non permise"),
        (("identite", "naissance"), "1990-04-12", "identite.naissance", "extra_forbidden", "champ inconnu"),
    ],
)
def test_une_valeur_que_le_domaine_refuse_donne_un_422_qui_nomme_le_champ(
    client: TestClient, chemin: tuple[Any, ...], valeur: object, champ: str, type_d_erreur: str, message: str
) -> None:
    reponse = client.post("/personnes", json={"personne": avec(PERSONNE, chemin, valeur)})

    verifier_donnees_invalides(reponse, f"body.personne.{champ}", type_d_erreur, message)


@pytest.mark.parametrize(
    ("identifiants", "message"),
    [
        (
            [{"nature": "nir", "valeur": v} for v in NIR_ECRIT_DEUX_FOIS],
            "personne.identifiants : identifiant en double",
        ),
        ([{"nature": "externe", "valeur": "D-42"}], "identifiant.organisme : requis pour un identifiant externe"),
    ],
    ids=["en-double", "externe-sans-organisme"],
)
def test_ce_que_le_domaine_refuse_de_la_personne_entiere_donne_un_422_qui_la_nomme(
    client: TestClient, identifiants: list[dict[str, str]], message: str
) -> None:
    reponse = client.post("/personnes", json={"personne": {**PERSONNE, "identifiants": identifiants}})

    verifier_donnees_invalides(reponse, "body.personne", "valeur_invalide", message)


def test_une_personne_relue_du_magasin_se_montre_telle_qu_elle_est_stockee() -> None:
    effacee = copy.deepcopy(PERSONNE)
    effacee["identite"]["nom_naissance"] = effacee["identifiants"][0]["valeur"] = EFFACE

    relue = FichePersonneModele.model_validate(effacee, context=LECTURE)

    assert relue.identite.nom_naissance == EFFACE
    assert relue.identifiants[0].nature is NatureIdentifiant.NIR
    assert relue.identifiants[0].valeur == EFFACE
