"""Evaluation: inputs checked against the catalogue, the trace of every rule evaluated, who decides,
whether sensitive data mattered, and the French wording of the rules (CRPA R.311-3-1-2, L.312-1-3)."""

from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder

from domain.orientation import EntreeLue, TraceCondition
from domain.referentiel import EntreeInconnue, Referentiel, ValeurHorsDomaine, decrire, evaluer
from domain.valeur import ValeurInvalide
from domain.vocabulaire import TypeAutorite
from infrastructure.transcodings import transcodings
from tests.referentiel.test_regles import CAP_EMPLOI, JEUNE_SANS_ACTIVITE, PRET_A_L_EMPLOI, RSA_EN_DIFFICULTE, avec


def test_une_entree_hors_du_catalogue_est_refusee_en_la_nommant(v2025: Referentiel) -> None:
    with pytest.raises(EntreeInconnue, match=r"^agee : entrée inconnue du référentiel orientation 2025\.1") as erreur:
        evaluer(v2025, {"agee": 30})

    assert isinstance(erreur.value, ValeurInvalide)
    assert "capacite_a_se_projeter" in str(erreur.value), "the known inputs are listed"


@pytest.mark.parametrize(
    ("nom", "valeur", "domaine"),
    [
        ("age", 100, "entier de 16 à 99"),
        ("age", 15, "entier de 16 à 99"),
        ("age", True, "entier de 16 à 99"),
        ("age", "30", "entier de 16 à 99"),
        ("beneficiaire_rsa", "oui", "true ou false"),
        ("beneficiaire_rsa", 1, "true ou false"),
        ("capacite_a_se_projeter", "peut_etre", "une valeur parmi oui, non, a_evaluer"),
        ("freins", {"sante": "grave"}, "niveaux parmi fort, moyen, sans_impact"),
        ("freins", {"jardin": "fort"}, "clés parmi sante, logement"),
        ("freins", "fort", "clés parmi"),
    ],
)
def test_une_valeur_hors_du_domaine_est_refusee_en_nommant_l_entree_et_son_domaine(
    v2025: Referentiel, nom: str, valeur: Any, domaine: str
) -> None:
    with pytest.raises(ValeurHorsDomaine, match=rf"^{nom} : valeur .* hors du domaine \(.*{domaine}"):
        evaluer(v2025, {nom: valeur})


def test_la_trace_suit_chaque_regle_evaluee_et_chaque_condition_dans_l_ordre(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, {"age": 30, "activite_recente_24_mois": False})

    assert [(t.regle, t.declenchee) for t in evaluation.trace] == [
        ("R01", False),
        ("R02", False),
        ("R03", False),
        ("R04", False),
        ("R99", True),
    ]
    r02 = evaluation.trace[1]
    assert [(c.profondeur, c.resultat, c.description) for c in r02.conditions] == [
        (0, False, r02.conditions[0].description),
        (1, False, "âge : moins de 26"),
        (1, None, "activité professionnelle au cours des 24 derniers mois : non ou au moins 2 freins moyens"),
        (2, None, "activité professionnelle au cours des 24 derniers mois : non"),
        (2, None, "au moins 2 freins moyens"),
    ]
    assert r02.conditions[1].entrees == (EntreeLue("age", 30),)
    assert r02.conditions[1].constat == "âge : 30"
    assert r02.explication.startswith("R02 — si âge : moins de 26 et (")
    assert r02.explication.endswith(" : non déclenchée")


def test_une_entree_non_renseignee_rend_la_condition_fausse_et_la_trace_le_dit(v2025: Referentiel) -> None:
    (_, rsa, *_) = evaluer(v2025, {}).trace[0].conditions

    assert rsa == TraceCondition(
        description="bénéficiaire du RSA",
        resultat=False,
        profondeur=1,
        entrees=(EntreeLue("beneficiaire_rsa", None),),
        constat="bénéficiaire du RSA : non renseigné",
    )


def test_un_compte_lit_chaque_cle_comptee(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, avec(RSA_EN_DIFFICULTE, freins={"logement": "fort", "sante": "moyen"}))

    compte = evaluation.trace[0].conditions[2]
    assert compte.resultat is True
    assert compte.entrees == (
        EntreeLue("freins.sante", "moyen"),
        EntreeLue("freins.logement", "fort"),
        EntreeLue("freins.garde_enfant", None),
    )
    assert compte.constat == "1 frein fort : santé : moyen, logement : fort, garde d'enfant : non renseigné"


def test_les_entrees_lues_sont_celles_renseignees_qu_une_condition_a_regardees(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, avec(JEUNE_SANS_ACTIVITE, niveau_formation="NV4", boe=True))

    assert evaluation.entrees_lues == ("age", "activite_recente_24_mois")
    assert not evaluation.sensible, "boe was given but R03 was never reached"


def test_une_donnee_sensible_lue_demande_une_validation_humaine(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, avec(PRET_A_L_EMPLOI, freins={"sante": "sans_impact"}))

    assert evaluation.regle == "R04"
    assert evaluation.sensible
    assert "freins.sante" in evaluation.entrees_lues
    assert evaluation.validation_humaine
    assert not evaluation.confirmation_automatique


def test_une_proposition_evidente_sans_donnee_sensible_peut_etre_confirmee_par_l_algorithme(
    v2025: Referentiel,
) -> None:
    evaluation = evaluer(v2025, PRET_A_L_EMPLOI)

    assert evaluation.decideur.autorite is TypeAutorite.FRANCE_TRAVAIL
    assert not evaluation.sensible
    assert evaluation.confirmation_automatique


def test_r03_lit_la_donnee_sensible_et_demande_une_validation_humaine(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, CAP_EMPLOI)

    assert evaluation.sensible
    assert evaluation.validation_humaine
    assert evaluation.decideur.autorite is TypeAutorite.CAP_EMPLOI


@pytest.mark.parametrize(
    ("valeurs", "autorite", "confirmation"),
    [
        ({"beneficiaire_rsa": True}, TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL, False),
        (
            {"beneficiaire_rsa": True, "sollicitation_mission_locale": True},
            TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL,
            False,
        ),
        ({"sollicitation_mission_locale": True}, TypeAutorite.MISSION_LOCALE, False),
        ({"sollicitation_cap_emploi": True}, TypeAutorite.CAP_EMPLOI, False),
        ({"beneficiaire_rsa": False}, TypeAutorite.FRANCE_TRAVAIL, True),
        ({}, TypeAutorite.FRANCE_TRAVAIL, True),
    ],
)
def test_le_decideur_depend_du_public(
    v2025: Referentiel, valeurs: dict[str, Any], autorite: TypeAutorite, confirmation: bool
) -> None:
    decideur = evaluer(v2025, valeurs).decideur

    assert (decideur.autorite, decideur.confirmation_automatique) == (autorite, confirmation)


def test_la_proposition_porte_la_version_l_empreinte_la_regle_et_la_trace(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, JEUNE_SANS_ACTIVITE)

    proposition = evaluation.proposition()

    assert proposition.referentiel == v2025.reference("R02")
    assert proposition.referentiel.empreinte == v2025.empreinte
    assert proposition.regle == "R02"
    assert proposition.orientation == evaluation.orientation
    assert proposition.trace == evaluation.trace


def test_la_trace_survit_a_l_aller_retour_par_le_magasin(v2025: Referentiel) -> None:
    transcodeur = JSONTranscoder()
    for transcodage in transcodings():
        transcodeur.register(transcodage)
    proposition = evaluer(v2025, avec(RSA_EN_DIFFICULTE, age=40)).proposition()

    relue = transcodeur.decode(transcodeur.encode(proposition))

    assert relue == proposition


def test_chaque_regle_se_lit_en_francais(v2025: Referentiel) -> None:
    textes = [decrire(regle, v2025) for regle in v2025.regles]

    assert textes == [
        "R01 — si bénéficiaire du RSA, au moins 1 frein fort (santé, logement ou garde d'enfant) et capacité à se "
        "projeter dans un emploi : autre que « oui », alors parcours SOCIAL, organisme DEPARTEMENT",
        "R02 — si âge : moins de 26 et (activité professionnelle au cours des 24 derniers mois : non ou au moins "
        "2 freins moyens), alors parcours SOCIO_PROFESSIONNEL, organisme MISSION_LOCALE",
        "R03 — si inscription à la demande d'un Cap emploi et bénéficiaire de l'obligation d'emploi des "
        "travailleurs handicapés, alors parcours EMPLOI, organisme CAP_EMPLOI",
        "R04 — si activité professionnelle au cours des 24 derniers mois, capacité à se projeter dans un emploi : "
        "« oui » et aucun frein fort ou moyen, alors parcours EMPLOI, organisme FRANCE_TRAVAIL",
        "R99 — dans tous les autres cas, entretien d'orientation (une personne décide)",
    ]


def test_chaque_decideur_et_chaque_condition_se_lit_en_francais(v2025: Referentiel) -> None:
    assert decrire(v2025.decideurs[0], v2025) == (
        "le président du conseil départemental (PRESIDENT_CONSEIL_DEPARTEMENTAL) décide l'orientation "
        "si bénéficiaire du RSA"
    )
    assert decrire(v2025.decideurs[-1], v2025).endswith("décide l'orientation dans tous les autres cas")
    assert decrire(v2025.regles[3].si, v2025).endswith("et aucun frein fort ou moyen")
