"""The retention of a person's data (``domain/regles/conservation.py``): nothing erased while a parcours
is open, nor before the end of the retention except on an order or a founded request."""

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from domain.parametres import PARAMETRES_2025_1
from domain.regles.conservation import (
    ARTICLES,
    Conservation,
    ConservationEnCours,
    est_due,
    fin_de_conservation,
    verifier_effacement,
)
from domain.vocabulaire import FondementEffacement

P = PARAMETRES_2025_1
SORTIE = date(2025, 7, 31)
CLOSE = Conservation(parcours_ouvert=None, fin_inscription=SORTIE)
VINGT_ANS_APRES = date(2045, 7, 31)


def test_la_conservation_court_vingt_ans_apres_la_fin_de_l_inscription() -> None:
    assert fin_de_conservation(SORTIE, P) == VINGT_ANS_APRES
    assert fin_de_conservation(date(2024, 2, 29), P) == date(2044, 2, 29)
    assert fin_de_conservation(date(2024, 2, 29), replace(P, conservation_parcours_ans=1)) == date(2025, 2, 28)


def test_a_la_fin_de_la_conservation_l_effacement_est_permis_et_dit_sa_date() -> None:
    assert verifier_effacement(FondementEffacement.FIN_DE_CONSERVATION, CLOSE, VINGT_ANS_APRES, P) == VINGT_ANS_APRES
    assert est_due(CLOSE, VINGT_ANS_APRES, P)


def test_la_veille_de_la_fin_de_la_conservation_l_effacement_est_refuse_en_citant_l_article() -> None:
    with pytest.raises(ConservationEnCours, match=r"jusqu'au 2045-07-31.*CT R\.5312-44"):
        verifier_effacement(FondementEffacement.FIN_DE_CONSERVATION, CLOSE, date(2045, 7, 30), P)
    assert not est_due(CLOSE, date(2045, 7, 30), P)


@pytest.mark.parametrize(
    "fondement",
    [FondementEffacement.DECISION_DE_JUSTICE, FondementEffacement.INJONCTION_CNIL, FondementEffacement.DEMANDE_FONDEE],
)
def test_une_injonction_ou_une_demande_fondee_efface_avant_la_fin_de_la_conservation(
    fondement: FondementEffacement,
) -> None:
    assert verifier_effacement(fondement, CLOSE, date(2025, 8, 1), P) == VINGT_ANS_APRES
    assert any(article.startswith("RGPD art.") for article in ARTICLES[fondement])


@pytest.mark.parametrize("fondement", list(FondementEffacement))
def test_un_parcours_ouvert_empeche_tout_effacement(fondement: FondementEffacement) -> None:
    ouvert = uuid4()
    situation = replace(CLOSE, parcours_ouvert=ouvert)

    with pytest.raises(ConservationEnCours, match=f"{ouvert}.*CT L.5411-1"):
        verifier_effacement(fondement, situation, date(2050, 1, 1), P)
    assert not est_due(situation, date(2050, 1, 1), P)


def test_un_recours_en_cours_prolonge_la_conservation_mais_pas_une_injonction() -> None:
    litige = replace(CLOSE, litige_en_cours=True)

    with pytest.raises(ConservationEnCours, match="recours est en cours"):
        verifier_effacement(FondementEffacement.FIN_DE_CONSERVATION, litige, date(2050, 1, 1), P)
    assert not est_due(litige, date(2050, 1, 1), P)
    assert verifier_effacement(FondementEffacement.INJONCTION_CNIL, litige, date(2030, 1, 1), P) == VINGT_ANS_APRES


def test_chaque_fondement_cite_ses_articles() -> None:
    assert set(ARTICLES) == set(FondementEffacement)
    assert ARTICLES[FondementEffacement.FIN_DE_CONSERVATION] == ("RGPD art. 5 1 e", "CT R.5312-44")
