"""The person of a bulk-import line (issue 18): read from a JSON line's ``personne`` or from CSV columns,
refused with a French message that names the field as the partner's file writes it."""

from datetime import date
from typing import Any

import pytest

from application.lecture_personne import lire_personne, lire_personne_csv
from cli.demo.identites import fiche_en_json, identites
from domain.identite import (
    Adresse,
    Contact,
    FichePersonne,
    Identifiant,
    Identite,
    NatureIdentifiant,
    Provenance,
)
from domain.valeur import ValeurInvalide
from domain.vocabulaire import SourceDonnee
from tests.api.verifications import avec

FLUX_CAF = Provenance(source=SourceDonnee.FLUX_CAF, le=date(2025, 1, 5))
PERSONNE: dict[str, Any] = {
    "provenance": {"source": "flux_caf", "le": "2025-01-05"},
    "identite": {
        "nom_naissance": "Lefèvre",
        "prenoms": ["Élise", "Marie"],
        "date_naissance": "1990-04-12",
        "sexe": "F",
    },
    "identifiants": [
        {"nature": "nir", "valeur": "2 55 08 14 168 025 38"},
        {"nature": "caf", "valeur": "1234567"},
        {
            "nature": "externe",
            "valeur": "D-42",
            "organisme": "cd-93",
            "provenance": {"source": "api_partenaire", "le": "2025-01-03"},
        },
    ],
    "contact": {
        "courriel": "elise.lefevre@example.org",
        "adresse": {
            "lignes": ["12 rue des Lilas"],
            "code_postal": "93200",
            "commune": "Saint-Denis",
            "code_insee": "93066",
        },
    },
    "representant": {
        "nom": "Lefèvre",
        "prenoms": ["Jean"],
        "qualite": "tuteur",
        "mesure_protection": True,
        "contact": {"telephone": "06 12 34 56 78"},
    },
}
LIGNE_CSV = {
    "motif": "demande_rsa",
    "departement": "93",
    "source": "flux_caf",
    "collecte_le": "2025-01-05",
    "nom_naissance": "Lefèvre",
    "nom_usage": "",
    "prenoms": "Élise  Marie",
    "date_naissance": "1990-04-12",
    "sexe": "F",
    "nir": "2 55 08 14 168 025 38",
    "numero_allocataire_caf": "1234567",
    "identifiant_france_travail": "",
    "courriel": "elise.lefevre@example.org",
    "telephone": "",
    "adresse": "12 rue des Lilas",
    "code_postal": "93200",
    "commune": "Saint-Denis",
    "code_insee": "93066",
}


def test_une_ligne_json_sans_personne_n_en_donne_aucune() -> None:
    assert lire_personne({"motif": "demande"}) is None
    assert lire_personne({"motif": "demande", "personne": None}) is None


def test_la_personne_d_une_ligne_json_prend_la_provenance_commune_sauf_la_sienne() -> None:
    fiche = lire_personne({"personne": PERSONNE})

    assert fiche is not None
    assert fiche.identite.nom_affiche == "LEFÈVRE Élise Marie"
    assert fiche.identite.provenance == FLUX_CAF
    nir, caf, externe = fiche.identifiants
    assert (nir.valeur, caf.nature, externe.organisme) == ("255081416802538", NatureIdentifiant.CAF, "cd-93")
    assert externe.provenance == Provenance(source=SourceDonnee.API_PARTENAIRE, le=date(2025, 1, 3))
    assert fiche.contact is not None
    assert fiche.contact.adresse == Adresse(("12 rue des Lilas",), "93200", "Saint-Denis", "93066")
    assert fiche.representant is not None
    assert fiche.representant.mesure_protection
    assert fiche.representant.contact.telephone == "06 12 34 56 78"


def test_la_forme_json_des_personnes_synthetiques_se_relit_a_l_identique() -> None:
    for fiche in identites(300, graine=5, au=date(2025, 6, 2)):
        assert lire_personne({"personne": fiche_en_json(fiche)}) == fiche


@pytest.mark.parametrize(
    ("chemin", "valeur", "message"),
    [
        (("identifiants", 0, "valeur"), "2 55 08 14 168 025 39", "identifiants[1].valeur : clé de contrôle erronée"),
        (("identifiants", 0, "valeur"), "2550814168025", "identifiants[1].valeur : 15 caractères attendus"),
        (("identifiants", 1, "nature"), "secu", "identifiants[2].nature : « secu » inconnu"),
        (("identifiants", 2, "organisme"), None, "identifiants[3].organisme : requis"),
        (("identite", "nom_naissance"), "Lefèvre2", "identite.nom_naissance : nom invalide"),
        (("identite", "nom_naissance"), "Le\x00fèvre", "identite.nom_naissance : caractère de contrôle U+0000"),
        (("identite", "prenoms"), ["Élise", "4"], "identite.prenoms[] : nom invalide"),
        (("identite", "prenoms"), "Élise", "identite.prenoms : liste de textes attendue"),
        (("identite", "date_naissance"), "12/04/1990", "identite.date_naissance : date AAAA-MM-JJ attendue"),
        (("identite", "date_naissance"), "1899-12-31", "identite.date_naissance : date entre le 1900-01-01"),
        (("identite", "naissance"), "1990-04-12", "identite : champ(s) inconnu(s) : naissance"),
        (("provenance", "source"), "rumeur", "provenance.source : « rumeur » inconnu"),
        (("provenance",), None, "provenance : objet attendu"),
        (("contact", "courriel"), "elise@", "contact.courriel : adresse électronique invalide"),
        (("contact", "adresse", "code_insee"), "2C004", "contact.adresse.code_insee : code commune INSEE"),
        (("representant", "contact", "telephone"), "appeler", "representant.contact.telephone : numéro"),
        (("representant", "qualite"), "oncle", "representant.qualite : « oncle » inconnu"),
        (("representant", "mesure_protection"), "oui", "representant.mesure_protection : true ou false"),
    ],
)
def test_une_personne_illisible_est_refusee_en_nommant_son_champ(
    chemin: tuple[Any, ...], valeur: object, message: str
) -> None:
    with pytest.raises(ValeurInvalide) as erreur:
        lire_personne({"personne": avec(PERSONNE, chemin, valeur)})

    assert str(erreur.value).startswith(f"personne.{message}")


def test_un_identifiant_en_double_est_refuse() -> None:
    nir, meme_nir_ecrit_autrement = "255081416802538", "2 55 08 14 168 025 38"
    double = {**PERSONNE, "identifiants": [{"nature": "nir", "valeur": v} for v in (nir, meme_nir_ecrit_autrement)]}

    with pytest.raises(ValeurInvalide, match=r"personne\.identifiants : identifiant en double"):
        lire_personne({"personne": double})


# --- CSV ------------------------------------------------------------------------------------------


def test_une_ligne_csv_sans_colonne_de_personne_remplie_n_en_donne_aucune() -> None:
    assert lire_personne_csv({"motif": "demande", "departement": "93", "nom_naissance": " ", "nir": ""}) is None


def test_la_personne_d_une_ligne_csv_prend_la_provenance_de_la_ligne() -> None:
    fiche = lire_personne_csv(LIGNE_CSV)

    assert fiche == FichePersonne(
        identite=Identite(
            nom_naissance="Lefèvre",
            prenoms=("Élise", "Marie"),
            date_naissance=date(1990, 4, 12),
            provenance=FLUX_CAF,
            sexe="F",
        ),
        identifiants=(
            Identifiant(nature=NatureIdentifiant.NIR, valeur="255081416802538", provenance=FLUX_CAF),
            Identifiant(nature=NatureIdentifiant.CAF, valeur="1234567", provenance=FLUX_CAF),
        ),
        contact=Contact(
            provenance=FLUX_CAF,
            courriel="elise.lefevre@example.org",
            adresse=Adresse(("12 rue des Lilas",), "93200", "Saint-Denis", "93066"),
        ),
    )


@pytest.mark.parametrize(
    ("colonne", "valeur", "message"),
    [
        ("nir", "2 55 08 14 168 025 39", "nir : clé de contrôle erronée"),
        ("nir", "2 55 08 14 168 025", "nir : 15 caractères attendus"),
        ("nir", "2 55 08 14 168 025 3X", "nir : format invalide"),
        ("nom_naissance", "Lef3vre", "nom_naissance : nom invalide"),
        ("prenoms", "Élise M4rie", "prenoms : nom invalide"),
        ("date_naissance", "1990-02-30", "date_naissance : date AAAA-MM-JJ attendue, reçu « 1990-02-30 »"),
        ("date_naissance", "", "date_naissance : requis dès qu'une colonne de la personne est remplie"),
        ("code_insee", "", "code_insee : requis dès qu'une colonne de l'adresse est remplie"),
        ("code_postal", "9320", "code_postal : cinq chiffres attendus"),
        ("adresse", "12 rue\x00des Lilas", "adresse : caractère de contrôle U+0000"),
        ("courriel", "elise", "courriel : adresse électronique invalide"),
        ("source", "", "source (de la personne) : absent"),
        ("collecte_le", "hier", "collecte_le (de la personne) : date AAAA-MM-JJ attendue"),
    ],
)
def test_une_colonne_de_personne_illisible_est_refusee_en_la_nommant(colonne: str, valeur: str, message: str) -> None:
    with pytest.raises(ValeurInvalide) as erreur:
        lire_personne_csv({**LIGNE_CSV, colonne: valeur})

    assert str(erreur.value).startswith(message)
