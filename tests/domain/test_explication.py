"""The right to an explanation of an algorithmic decision: request, then answer within a month
(CRPA L.311-3-1, R.311-3-1-2)."""

from datetime import date

from domain.regles.explication import ExplicationNonDemandee, SansDecisionAlgorithmique
from tests.support import faits
from tests.support.scenario import ORIENTE_ET_NOTIFIE, P, explication_demandee, given, inscrit, oriente, sorti


def test_la_personne_demande_l_explication_et_la_reponse_est_due_dans_le_mois() -> None:
    d = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 6, 20))

    (demandee,) = (
        given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.demander_explication("e1", d, P)).then("ExplicationDemandee")
    )

    assert (demandee.date_limite, demandee.delai_mois, demandee.parametres) == (date(2025, 7, 20), 1, "2025.1")
    assert "CRPA R.311-3-1-2" in demandee.decision.fondement.articles


def test_une_orientation_decidee_sans_algorithme_n_a_pas_d_explication_algorithmique() -> None:
    d = faits.decision(auteur=faits.PERSONNE)

    given(inscrit(), oriente()).when(lambda p: p.demander_explication("e1", d, P)).raises(SansDecisionAlgorithmique)


def test_la_demande_reste_ouverte_apres_la_sortie_et_se_repete_sans_doublon() -> None:
    d = faits.decision(auteur=faits.PERSONNE)

    given(*ORIENTE_ET_NOTIFIE, explication_demandee(), sorti()).when(
        lambda p: p.demander_explication("e1", d, P)
    ).then()
    given(*ORIENTE_ET_NOTIFIE, sorti()).when(lambda p: p.demander_explication("e1", d, P)).then("ExplicationDemandee")


def test_l_explication_communiquee_dans_le_mois_clot_la_demande() -> None:
    d = faits.decision(jour=date(2025, 7, 20))

    (communiquee,) = (
        given(*ORIENTE_ET_NOTIFIE, explication_demandee())
        .when(lambda p: p.communiquer_explication("e1", "1° Contribution de l'algorithme…", d), faits.le(d.jour))
        .then("ExplicationCommuniquee")
    )

    assert communiquee.dans_le_delai is True
    assert communiquee.explication.startswith("1° Contribution")


def test_une_explication_communiquee_apres_le_mois_est_marquee_hors_delai() -> None:
    d = faits.decision(jour=date(2025, 7, 21))

    (communiquee,) = (
        given(*ORIENTE_ET_NOTIFIE, explication_demandee())
        .when(lambda p: p.communiquer_explication("e1", "…", d))
        .then("ExplicationCommuniquee")
    )

    assert communiquee.dans_le_delai is False


def test_pas_d_explication_communiquee_sans_demande_en_attente() -> None:
    d = faits.decision()

    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.communiquer_explication("e1", "…", d)).raises(ExplicationNonDemandee)
    given(*ORIENTE_ET_NOTIFIE, explication_demandee()).when(lambda p: p.communiquer_explication("e2", "…", d)).raises(
        ExplicationNonDemandee
    )
