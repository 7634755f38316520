"""Table tests of the published rules: for each rule, inputs that fire it and inputs that just miss it."""

from typing import Any

import pytest

from domain.referentiel import Referentiel, evaluer
from domain.vocabulaire import Organisme, TypeParcours

RSA_EN_DIFFICULTE: dict[str, Any] = {
    "beneficiaire_rsa": True,
    "freins": {"logement": "fort"},
    "capacite_a_se_projeter": "non",
}
JEUNE_SANS_ACTIVITE: dict[str, Any] = {"age": 25, "activite_recente_24_mois": False}
CAP_EMPLOI: dict[str, Any] = {"sollicitation_cap_emploi": True, "boe": True}
PRET_A_L_EMPLOI: dict[str, Any] = {
    "age": 30,
    "activite_recente_24_mois": True,
    "capacite_a_se_projeter": "oui",
    "freins": {"mobilite": "sans_impact"},
}


def avec(base: dict[str, Any], **changements: Any) -> dict[str, Any]:
    return {**base, **changements}


REGLES_2025_1 = [
    # R01: RSA, a strong frein among santé, logement, garde d'enfant, and not ready to project oneself
    pytest.param(RSA_EN_DIFFICULTE, "R01", id="R01-rsa-frein-fort-logement"),
    pytest.param(avec(RSA_EN_DIFFICULTE, freins={"sante": "fort"}), "R01", id="R01-frein-fort-sante"),
    pytest.param(avec(RSA_EN_DIFFICULTE, capacite_a_se_projeter="a_evaluer"), "R01", id="R01-capacite-a-evaluer"),
    pytest.param(avec(RSA_EN_DIFFICULTE, beneficiaire_rsa=False), "R99", id="R01-manque-sans-rsa"),
    pytest.param(avec(RSA_EN_DIFFICULTE, freins={"logement": "moyen"}), "R99", id="R01-manque-frein-moyen"),
    pytest.param(avec(RSA_EN_DIFFICULTE, freins={"mobilite": "fort"}), "R99", id="R01-manque-frein-hors-liste"),
    pytest.param(avec(RSA_EN_DIFFICULTE, capacite_a_se_projeter="oui"), "R99", id="R01-manque-capacite-oui"),
    pytest.param(avec(RSA_EN_DIFFICULTE, capacite_a_se_projeter=None), "R99", id="R01-manque-capacite-inconnue"),
    # R02: under 26, and no recent activity or at least two moyen freins
    pytest.param(JEUNE_SANS_ACTIVITE, "R02", id="R02-25-ans-sans-activite"),
    pytest.param(avec(JEUNE_SANS_ACTIVITE, age=16), "R02", id="R02-16-ans"),
    pytest.param(
        avec(JEUNE_SANS_ACTIVITE, activite_recente_24_mois=True, freins={"mobilite": "moyen", "aidant": "moyen"}),
        "R02",
        id="R02-deux-freins-moyens",
    ),
    pytest.param(avec(JEUNE_SANS_ACTIVITE, age=26), "R99", id="R02-manque-26-ans"),
    pytest.param(avec(JEUNE_SANS_ACTIVITE, age=None), "R99", id="R02-manque-age-inconnu"),
    pytest.param(
        avec(JEUNE_SANS_ACTIVITE, activite_recente_24_mois=True, freins={"mobilite": "moyen", "aidant": "fort"}),
        "R99",
        id="R02-manque-un-seul-frein-moyen",
    ),
    # R03: a BOE sent by a Cap emploi
    pytest.param(CAP_EMPLOI, "R03", id="R03-boe-cap-emploi"),
    pytest.param(avec(CAP_EMPLOI, boe=False), "R99", id="R03-manque-sans-boe"),
    pytest.param(avec(CAP_EMPLOI, sollicitation_cap_emploi=False), "R99", id="R03-manque-sans-sollicitation"),
    # R04: recent activity, ready, and no fort or moyen frein
    pytest.param(PRET_A_L_EMPLOI, "R04", id="R04-pret"),
    pytest.param(avec(PRET_A_L_EMPLOI, freins={}), "R04", id="R04-aucun-frein-declare"),
    pytest.param(avec(PRET_A_L_EMPLOI, freins={"mobilite": "moyen"}), "R99", id="R04-manque-frein-moyen"),
    pytest.param(avec(PRET_A_L_EMPLOI, capacite_a_se_projeter="a_evaluer"), "R99", id="R04-manque-capacite"),
    pytest.param(avec(PRET_A_L_EMPLOI, activite_recente_24_mois=False), "R99", id="R04-manque-sans-activite"),
    pytest.param(avec(PRET_A_L_EMPLOI, freins=None), "R99", id="R04-manque-freins-inconnus"),
    # R99: nothing obvious
    pytest.param({}, "R99", id="R99-rien-de-renseigne"),
]


@pytest.mark.parametrize(("valeurs", "regle"), REGLES_2025_1)
def test_chaque_regle_de_2025_1_se_declenche_ou_se_manque_de_peu(
    v2025: Referentiel, valeurs: dict[str, Any], regle: str
) -> None:
    evaluation = evaluer(v2025, valeurs)

    assert evaluation.regle == regle


@pytest.mark.parametrize(
    ("valeurs", "type_parcours", "organisme"),
    [
        (RSA_EN_DIFFICULTE, TypeParcours.SOCIAL, Organisme.DEPARTEMENT),
        (JEUNE_SANS_ACTIVITE, TypeParcours.SOCIO_PROFESSIONNEL, Organisme.MISSION_LOCALE),
        (CAP_EMPLOI, TypeParcours.EMPLOI, Organisme.CAP_EMPLOI),
        (PRET_A_L_EMPLOI, TypeParcours.EMPLOI, Organisme.FRANCE_TRAVAIL),
    ],
)
def test_chaque_regle_propose_son_parcours_et_son_organisme(
    v2025: Referentiel, valeurs: dict[str, Any], type_parcours: TypeParcours, organisme: Organisme
) -> None:
    orientation = evaluer(v2025, valeurs).orientation

    assert orientation is not None
    assert (orientation.type_parcours, orientation.organisme) == (type_parcours, organisme)


def test_r99_demande_un_entretien_d_orientation_et_une_validation_humaine(v2025: Referentiel) -> None:
    evaluation = evaluer(v2025, {})

    assert evaluation.entretien_requis
    assert evaluation.orientation is None
    assert evaluation.validation_humaine
    assert not evaluation.confirmation_automatique


@pytest.mark.parametrize(
    ("valeurs", "en_2025", "en_2026"),
    [
        pytest.param(avec(PRET_A_L_EMPLOI, freins={"mobilite": "moyen"}), "R99", "R04", id="un-frein-moyen"),
        pytest.param(
            avec(PRET_A_L_EMPLOI, freins={"mobilite": "moyen", "logement": "moyen"}), "R99", "R04", id="deux-moyens"
        ),
        pytest.param(avec(PRET_A_L_EMPLOI, freins={"mobilite": "fort"}), "R99", "R99", id="un-frein-fort"),
        pytest.param(PRET_A_L_EMPLOI, "R04", "R04", id="aucun-frein"),
        pytest.param(
            avec(PRET_A_L_EMPLOI, age=25, freins={"mobilite": "moyen", "aidant": "moyen"}), "R02", "R02", id="jeune"
        ),
    ],
)
def test_en_2026_1_r04_admet_les_freins_moyens(
    v2025: Referentiel, v2026: Referentiel, valeurs: dict[str, Any], en_2025: str, en_2026: str
) -> None:
    assert (evaluer(v2025, valeurs).regle, evaluer(v2026, valeurs).regle) == (en_2025, en_2026)


def test_2026_1_ne_change_que_la_regle_r04(v2025: Referentiel, v2026: Referentiel) -> None:
    changees = [avant.id for avant, apres in zip(v2025.regles, v2026.regles, strict=True) if avant != apres]

    assert changees == ["R04"]
    assert (v2025.entrees, v2025.decideurs) == (v2026.entrees, v2026.decideurs)
