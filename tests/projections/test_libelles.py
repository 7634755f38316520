"""One French vocabulary (issue 21, item 4): every code of the domain, every event type, every rule has its label
in ``projections.libelles``, and only there. A code added without its label fails here, not in front of a judge."""

import ast
import importlib
import pkgutil
import re
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path

import pytest

import domain
from application.principal import Role
from domain.erreurs import RegleEnfreinte
from domain.evenements import CATALOGUE, CATALOGUE_PERSONNE, CATALOGUE_REPERE
from domain.vocabulaire import Corbeille, NiveauFrein, TypeAutorite, TypeRecours
from projections.libelles import (
    ETAPE_INCONNUE,
    EVENEMENTS,
    ROLES,
    VOCABULAIRE,
    date_longue_fr,
    evenement_fr,
    horodatage_fr,
    libelle,
    libelle_code,
    regle_fr,
    regles,
    valeur_code,
)

RACINE = Path(__file__).resolve().parents[2]
LECTEURS_DU_VOCABULAIRE = (
    "infrastructure/pdf.py",
    "infrastructure/pdf_lecture.py",
    "projections/journal.py",
    "projections/explication.py",
    "api/openapi.py",
    "api/routes/audit.py",
    "infrastructure/courriers/lettre.py",
    "infrastructure/courriers/orientation.py",
    "infrastructure/courriers/sanction.py",
    "infrastructure/courriers/courriel.py",
    "infrastructure/courriers/depot.py",
)
"""The modules that say codes in French: they read the labels, they never write one."""


def listes_du_domaine() -> set[type[Enum]]:
    """Every enum declared in a module of ``domain``, found by walking the package: a new one cannot hide."""
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(domain.__path__, "domain.")]
    return {
        valeur
        for module in modules
        for valeur in vars(module).values()
        if isinstance(valeur, type) and issubclass(valeur, Enum) and valeur.__module__.startswith("domain.")
    }


MOTS_FRANCAIS = frozenset(
    [
        "accompagner",
        "agent",
        "aidant",
        "algorithme",
        "auditeur",
        "autre",
        "avertissement",
        "borne",
        "conseiller",
        "contentieux",
        "curateur",
        "diagnostic",
        "emploi",
        "finances",
        "formation",
        "guichet",
        "handicap",
        "langue",
        "logement",
        "mandataire",
        "orientation",
        "orienter",
        "parent",
        "partenaire",
        "personne",
        "radiation",
        "radier",
        "rejet",
        "sanctionner",
        "sorti",
        "suppression",
        "suspension",
        "transfert",
        "tuteur",
    ]
)
"""The codes that are French words already, and may be their own label; any other code needs words of its own
(``sante`` is « santé », ``rapo`` « RAPO »): a code added with itself as label must be listed here on purpose."""


def n_est_pas_un_code(texte: str, *codes: str) -> bool:
    return bool(texte.strip()) and "_" not in texte and (texte not in codes or texte in MOTS_FRANCAIS)


def test_chaque_valeur_de_chaque_liste_du_domaine_a_son_libelle() -> None:
    listes = listes_du_domaine() | {Corbeille}

    assert listes <= set(VOCABULAIRE), sorted(liste.__name__ for liste in listes - set(VOCABULAIRE))
    manquants = [f"{liste.__name__}.{v.name}" for liste in VOCABULAIRE for v in liste if v not in VOCABULAIRE[liste]]
    assert manquants == []
    bruts = [(v, libelle(v)) for liste in VOCABULAIRE for v in liste if not n_est_pas_un_code(libelle(v), v.value)]
    assert bruts == []


def test_chaque_role_a_son_libelle() -> None:
    assert {r.value for r in Role} == set(ROLES)
    assert [r for r in Role if not n_est_pas_un_code(ROLES[r.value], r.value, r.name)] == []


@pytest.mark.parametrize("evenement", [*CATALOGUE, *CATALOGUE_PERSONNE, *CATALOGUE_REPERE], ids=lambda e: e.__name__)
def test_chaque_type_d_evenement_a_son_libelle_qui_n_est_pas_son_nom_de_classe(evenement: type) -> None:
    texte = EVENEMENTS[evenement]

    assert evenement_fr(evenement.__name__) == texte
    assert texte[0].isupper()
    assert re.search(r"[a-z][A-Z]", texte) is None  # no CamelCase
    assert texte != evenement.__name__


def test_un_type_d_evenement_inconnu_se_dit_sans_son_nom_de_classe() -> None:
    assert evenement_fr("EtapeDuFutur") == ETAPE_INCONNUE


def test_chaque_regle_a_son_titre_lu_sur_la_regle_elle_meme() -> None:
    titres = regles()
    definies = {c for c in _sous_classes(RegleEnfreinte) if c.__module__.startswith("domain.")}

    assert {regle.code for regle in definies} == set(titres)
    assert [r.code for r in definies if not n_est_pas_un_code(r.titre, r.code, r.__name__)] == []
    assert regle_fr("decision-defavorable-non-motivee") == "Décision défavorable non motivée"


def _sous_classes(classe: type[RegleEnfreinte]) -> set[type[RegleEnfreinte]]:
    return {c for s in classe.__subclasses__() for c in (s, *_sous_classes(s))}


def test_aucun_lecteur_du_vocabulaire_n_en_recopie_un_libelle() -> None:
    libelles = {t for liste in VOCABULAIRE.values() for t in liste.values() if len(t) > 4} | set(EVENEMENTS.values())
    codes = {str(v.value) for liste in VOCABULAIRE for v in liste} | set(ROLES)  # a code in an example is no label

    recopies = {
        (chemin, noeud.value)
        for chemin in LECTEURS_DU_VOCABULAIRE
        for noeud in ast.walk(ast.parse((RACINE / chemin).read_text(encoding="utf-8")))
        if isinstance(noeud, ast.Constant) and noeud.value in libelles - codes
    }

    assert recopies == set()


def test_un_code_d_un_dossier_se_lit_par_son_libelle_et_un_code_inconnu_tel_quel() -> None:
    assert libelle_code(TypeAutorite, "PRESIDENT_CONSEIL_DEPARTEMENTAL") == "président du conseil départemental"
    assert libelle_code(TypeRecours, "mediation_prealable") == "médiation préalable"
    assert libelle_code(TypeRecours, "voie_future") == "voie_future"
    assert libelle_code(TypeRecours, None) == "non renseigné"


def test_une_valeur_de_critere_qui_est_un_code_se_lit_par_son_libelle() -> None:
    assert valeur_code(NiveauFrein.SANS_IMPACT.value) == "sans impact"
    assert valeur_code(True) == "oui"
    assert valeur_code("cariste") == "cariste"


@pytest.mark.parametrize(
    ("instant", "texte"),
    [
        (datetime(2025, 6, 3, 9, 12, tzinfo=UTC), "3 juin 2025 à 11 h 12"),  # summer: UTC+2
        (datetime(2025, 12, 31, 23, 5, tzinfo=UTC), "1er janvier 2026 à 0 h 05"),  # winter: UTC+1
        (datetime(2025, 3, 30, 9, 0), "30 mars 2025 à 11 h 00"),  # a naive instant is UTC
    ],
)
def test_une_heure_se_dit_a_l_heure_de_paris(instant: datetime, texte: str) -> None:
    assert horodatage_fr(instant) == texte


def test_le_premier_du_mois_se_dit_premier() -> None:
    assert [date_longue_fr(date(2025, 8, j)) for j in (1, 2)] == ["1er août 2025", "2 août 2025"]
