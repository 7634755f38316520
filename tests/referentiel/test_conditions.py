"""The condition language: every kind evaluates and reads in French; a referential that does not hold
together with its catalogue cannot be built (CRPA L.312-1-3)."""

import re
from dataclasses import replace
from typing import Any

import pytest

from domain.orientation import Orientation
from domain.referentiel import (
    Appartenance,
    Comparaison,
    Compte,
    Condition,
    Decideur,
    Entree,
    Non,
    Referentiel,
    ReferentielIncoherent,
    Regle,
    Sinon,
    Tous,
    UnParmi,
    decrire,
)
from domain.referentiel.evaluation import evaluer_condition
from domain.vocabulaire import Organisme, SourceDonnee, TypeAutorite, TypeParcours

FREINS_FORTS_OU_MOYENS = ("fort", "moyen")


@pytest.mark.parametrize(
    ("condition", "texte"),
    [
        (Comparaison("age", "inferieur_ou_egal", 25), "âge : 25 ou moins"),
        (Comparaison("age", "superieur", 25), "âge : plus de 25"),
        (Comparaison("age", "superieur_ou_egal", 25), "âge : 25 ou plus"),
        (Comparaison("age", "different", 25), "âge : autre que 25"),
        (
            Comparaison("boe", "different", True),
            "bénéficiaire de l'obligation d'emploi des travailleurs handicapés : non",
        ),
        (
            Comparaison("capacite_a_se_projeter", "egal", "a_evaluer"),
            "capacité à se projeter dans un emploi : « à évaluer »",
        ),
        (Appartenance("niveau_formation", ("NV5", "NV4")), "niveau de formation : « NV5 » ou « NV4 »"),
        (Non(Comparaison("beneficiaire_rsa", "egal", True)), "non (bénéficiaire du RSA)"),
        (Compte("freins", FREINS_FORTS_OU_MOYENS, au_plus=1), "au plus 1 frein fort ou moyen"),
        (Compte("freins", ("moyen",), au_moins=2, au_plus=3), "de 2 à 3 freins moyens"),
        (
            Compte("freins", ("sans_impact",), ("sante", "autre"), 2, 2),
            "exactement 2 freins sans impact (santé ou autre)",
        ),
        (
            UnParmi((Tous((Comparaison("age", "inferieur", 26), Compte("freins", ("fort",), au_plus=0))), Sinon())),
            "(âge : moins de 26 et aucun frein fort) ou dans tous les autres cas",
        ),
    ],
)
def test_chaque_genre_de_condition_se_lit_en_francais(v2025: Referentiel, condition: Condition, texte: str) -> None:
    assert decrire(condition, v2025) == texte


@pytest.mark.parametrize(
    ("condition", "valeurs", "attendu"),
    [
        (Appartenance("niveau_formation", ("NV5", "NV4")), {"niveau_formation": "NV4"}, True),
        (Appartenance("niveau_formation", ("NV5", "NV4")), {"niveau_formation": "NV3"}, False),
        (Appartenance("niveau_formation", ("NV5", "NV4")), {}, False),
        (Non(Comparaison("beneficiaire_rsa", "egal", True)), {"beneficiaire_rsa": False}, True),
        (Compte("freins", ("moyen",), au_moins=1, au_plus=1), {"freins": {"sante": "moyen", "autre": "moyen"}}, False),
        (Compte("freins", ("moyen",), au_moins=1, au_plus=1), {"freins": {"sante": "moyen", "autre": "fort"}}, True),
        (Compte("freins", ("fort",), au_plus=0), {}, False),
        (UnParmi((Comparaison("age", "egal", 30), Comparaison("age", "egal", 31))), {"age": 31}, True),
    ],
)
def test_chaque_genre_de_condition_s_evalue(
    v2025: Referentiel, condition: Condition, valeurs: dict[str, Any], attendu: bool
) -> None:
    resultat, _ = evaluer_condition(condition, v2025, valeurs)

    assert resultat is attendu


def regle(si: Condition, id_: str = "R10") -> Regle:
    orientation = Orientation(TypeParcours.EMPLOI, Organisme.FRANCE_TRAVAIL)
    return Regle(id=id_, libelle="Règle d'essai", si=si, orientation=orientation, validation_humaine=False)


@pytest.mark.parametrize(
    ("si", "message"),
    [
        (Comparaison("agee", "egal", 30), "règle R10 : entrée « agee » inconnue du catalogue"),
        (Comparaison("age", "inferieur", 120), "règle R10 : valeur 120 hors du domaine de l'entrée « age »"),
        (Comparaison("age", "egal", True), "règle R10 : valeur True hors du domaine de l'entrée « age »"),
        (Comparaison("beneficiaire_rsa", "egal", 1), "règle R10 : valeur 1 hors du domaine"),
        (Comparaison("capacite_a_se_projeter", "inferieur", "oui"), "« inferieur » compare des entiers"),
        (Comparaison("freins", "egal", "fort"), "l'entrée « freins » est une table"),
        (Appartenance("niveau_formation", ("NV5", "BAC")), "valeur 'BAC' hors du domaine"),
        (Appartenance("niveau_formation", ()), "« dans » sans valeur"),
        (Compte("age", ("fort",), au_moins=1), "« compte » porte sur une table, pas sur « age »"),
        (Compte("freins", ("grave",), au_moins=1), "clés ou niveaux hors du domaine de l'entrée « freins » (grave"),
        (Compte("freins", ("fort",), ("jardin",), au_moins=1), "(jardin ;"),
        (Compte("freins", ("fort",)), "sans bornes valides"),
        (Compte("freins", ("fort",), au_moins=3, au_plus=1), "sans bornes valides"),
        (Tous(()), "une combinaison sans condition"),
        (Non(Sinon()), "règle R10 : « sinon » n'est admis que pour la dernière"),
    ],
)
def test_une_regle_incoherente_avec_le_catalogue_est_refusee(v2025: Referentiel, si: Condition, message: str) -> None:
    with pytest.raises(ReferentielIncoherent, match=re.escape(message)):
        replace(v2025, regles=(regle(si), *v2025.regles))


def test_la_derniere_regle_est_sinon_pour_que_toute_personne_recoive_une_issue(v2025: Referentiel) -> None:
    with pytest.raises(ReferentielIncoherent, match="règles : la dernière doit être « sinon »"):
        replace(v2025, regles=v2025.regles[:-1])


def test_deux_regles_ne_portent_pas_le_meme_identifiant(v2025: Referentiel) -> None:
    with pytest.raises(ReferentielIncoherent, match="identifiants en double"):
        replace(v2025, regles=(regle(Sinon(), "R99"), *v2025.regles))


def test_un_entretien_d_orientation_demande_une_validation_humaine() -> None:
    with pytest.raises(ReferentielIncoherent, match="R99 : un entretien d'orientation demande une validation humaine"):
        Regle(id="R99", libelle="Entretien", si=Sinon(), orientation=None, validation_humaine=False)


def test_qui_decide_ne_depend_pas_d_une_donnee_sensible(v2025: Referentiel) -> None:
    cap_emploi = Decideur(TypeAutorite.CAP_EMPLOI, "Cap emploi", Comparaison("boe", "egal", True), False)

    with pytest.raises(ReferentielIncoherent, match=r"décideur CAP_EMPLOI : .* donnée sensible \(boe\)"):
        replace(v2025, decideurs=(cap_emploi, *v2025.decideurs))


def test_le_dernier_decideur_est_sinon(v2025: Referentiel) -> None:
    with pytest.raises(ReferentielIncoherent, match="décideurs : la dernière doit être « sinon »"):
        replace(v2025, decideurs=v2025.decideurs[:-1])


@pytest.mark.parametrize(
    ("entree", "message"),
    [
        ({"type": "int", "minimum": 99, "maximum": 16}, "entrée age : min > max"),
        ({"type": "enum"}, "entrée age : valeurs attendues"),
        ({"type": "map", "valeurs": ("fort",)}, "entrée age : clés attendues"),
        (
            {"type": "map", "valeurs": ("fort",), "cles": ("sante",), "cles_sensibles": ("handicap",)},
            "clés sensibles hors",
        ),
        ({"type": "enum", "valeurs": ("oui",), "libelles": {"non": "non"}}, "libellés de valeurs ou de clés inconnues"),
    ],
)
def test_une_entree_incoherente_du_catalogue_est_refusee(entree: dict[str, Any], message: str) -> None:
    with pytest.raises(ReferentielIncoherent, match=message):
        Entree(nom="age", libelle="âge", sources=(SourceDonnee.DECLARATION,), **entree)
