"""Recours against a notified sanction: introduction, délai, rejet, annulation, réformation."""

from datetime import date

import pytest

from domain.regles.recours import (
    IssueRecoursIncoherente,
    RecoursInconnu,
    RecoursSansDecisionNotifiee,
    ReformationAggravante,
)
from domain.regles.sanction import SanctionAutomatique, SanctionHorsBareme
from domain.sanction import Sanction
from domain.vocabulaire import IssueRecours, NiveauSanction, Statut, TypeRecours
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    RADIE,
    SANCTION_NOTIFIEE,
    Commande,
    given,
    recours_introduit,
    recours_tranche,
    sanction_decidee,
)

P = faits.P
DERNIER_JOUR_DU_RECOURS = date(2025, 9, 16)
"""SANCTION_NOTIFIEE: notified on 16 July, the 2 months run until 16 September."""
MOTIFS = {IssueRecours.REJET: faits.MOTIF_REJET, IssueRecours.REFORMATION: faits.MOTIF_REFORMATION}
"""The reasons of the issues that keep a sanction (CRPA L.211-2, L.211-5); an annulation is given none here."""


def contester(jour: date, recours_id: str = "r1", procedure_id: str = "s1") -> Commande:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return lambda p: p.introduire_recours(procedure_id, recours_id, TypeRecours.MEDIATION_PREALABLE, d)


def trancher(
    issue: IssueRecours,
    sanction_reformee: Sanction | None = None,
    recours_id: str = "r1",
    procedure_id: str = "s1",
    jour: date = date(2025, 9, 10),
) -> Commande:
    d = faits.decision_autorite(jour, motif=MOTIFS.get(issue))
    return lambda p: p.trancher_recours(procedure_id, recours_id, issue, sanction_reformee, d, P)


# --- introduction -----------------------------------------------------------------------------


def test_pas_de_recours_sans_decision_notifiee() -> None:
    given(*DELAI_ECOULE, sanction_decidee()).when(contester(date(2025, 7, 20))).raises(RecoursSansDecisionNotifiee)


def test_un_recours_dans_les_deux_mois_est_dans_les_delais() -> None:
    (conteste,) = (
        given(*SANCTION_NOTIFIEE)
        .when(contester(DERNIER_JOUR_DU_RECOURS), enregistre_le=faits.le(DERNIER_JOUR_DU_RECOURS))
        .then("SanctionContestee")
    )
    assert conteste.recu_le == DERNIER_JOUR_DU_RECOURS
    assert conteste.hors_delai is False


def test_un_recours_tardif_est_enregistre_et_signale_sans_etre_refuse() -> None:
    (conteste,) = given(*SANCTION_NOTIFIEE).when(contester(date(2025, 9, 17))).then("SanctionContestee")
    assert conteste.hors_delai is True


def test_introduire_le_meme_recours_deux_fois_ne_change_rien() -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(contester(date(2025, 8, 5))).then()


def test_un_recours_reste_ouvert_apres_la_radiation() -> None:
    scenario = given(*RADIE)
    assert scenario.parcours.statut is Statut.SORTI
    scenario.when(contester(date(2025, 9, 1), procedure_id="s2")).then("SanctionContestee")


# --- issue ------------------------------------------------------------------------------------


def test_le_rejet_du_recours_maintient_la_sanction() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    (tranche,) = scenario.when(trancher(IssueRecours.REJET)).then("RecoursTranche")
    assert tranche.issue is IssueRecours.REJET
    assert scenario.parcours.procedures["s1"].sanction_en_vigueur


def test_l_annulation_compense_la_sanction_sans_l_effacer() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    tranche, annulee = scenario.when(trancher(IssueRecours.ANNULATION)).then("RecoursTranche", "SanctionAnnulee")
    assert tranche.issue is IssueRecours.ANNULATION
    assert annulee.procedure_id == "s1"
    assert not scenario.parcours.procedures["s1"].sanction_en_vigueur
    assert "SanctionDecidee" in [type(e).__name__ for e in scenario.passe]


def test_l_annulation_de_la_suppression_totale_leve_la_radiation() -> None:
    scenario = given(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)))
    scenario.when(trancher(IssueRecours.ANNULATION, procedure_id="s2")).then("RecoursTranche", "SanctionAnnulee")
    assert scenario.parcours.radiation is None
    scenario.when(lambda p: p.rouvrir(faits.inscription(), faits.decision(jour=date(2025, 9, 15)))).then("Reouvert")


def test_la_reformation_remplace_la_sanction_contestee() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    nouvelle = faits.avertissement()
    tranche, reformee = scenario.when(trancher(IssueRecours.REFORMATION, nouvelle)).then(
        "RecoursTranche", "SanctionReformee"
    )
    assert tranche.issue is IssueRecours.REFORMATION
    assert reformee.sanction == nouvelle
    assert scenario.parcours.procedures["s1"].sanction == nouvelle


def test_la_sanction_reformee_respecte_le_bareme() -> None:
    hors_bareme = faits.suspension(niveau=NiveauSanction.NIVEAU_1, taux=10)
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(trancher(IssueRecours.REFORMATION, hors_bareme)).raises(
        SanctionHorsBareme
    )


@pytest.mark.parametrize(
    ("issue", "sanction_reformee"),
    [
        (IssueRecours.REFORMATION, None),
        (IssueRecours.ANNULATION, faits.avertissement()),
        (IssueRecours.REJET, faits.avertissement()),
    ],
    ids=["reformation-sans-sanction", "annulation-avec-sanction", "rejet-avec-sanction"],
)
def test_seule_la_reformation_indique_une_nouvelle_sanction(
    issue: IssueRecours, sanction_reformee: Sanction | None
) -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(trancher(issue, sanction_reformee)).raises(
        IssueRecoursIncoherente
    )


def test_on_ne_tranche_qu_un_recours_introduit() -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(trancher(IssueRecours.REJET, recours_id="r9")).raises(
        RecoursInconnu
    )


def test_un_recours_deja_tranche_ne_l_est_pas_une_seconde_fois() -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit(), recours_tranche()).when(trancher(IssueRecours.ANNULATION)).raises(
        RecoursInconnu
    )


# --- réformation: never heavier, a new decision to notify, the radiation follows ------------------


def test_une_reformation_ne_peut_pas_aggraver_la_sanction() -> None:
    plus_lourde = faits.suspension(mois=2)
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(trancher(IssueRecours.REFORMATION, plus_lourde)).raises(
        ReformationAggravante
    )


def test_une_reformation_n_est_pas_decidee_par_un_traitement_automatise() -> None:
    d = faits.decision(auteur=faits.SYSTEME, autorite=faits.DIRECTEUR_REGIONAL, jour=date(2025, 9, 10))
    allegee = faits.suspension(taux=30, mois=1, niveau=NiveauSanction.NIVEAU_1)
    given(*SANCTION_NOTIFIEE, recours_introduit()).when(
        lambda p: p.trancher_recours("s1", "r1", IssueRecours.REFORMATION, allegee, d, P)
    ).raises(SanctionAutomatique)


def test_la_sanction_reformee_est_notifiee_avec_ses_propres_voies_de_recours() -> None:
    allegee = faits.avertissement()
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    scenario.when(trancher(IssueRecours.REFORMATION, allegee)).then("RecoursTranche", "SanctionReformee")
    scenario.when(contester(date(2025, 9, 12), recours_id="r2")).raises(RecoursSansDecisionNotifiee)
    (notifiee,) = scenario.when(
        lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 9, 11)), P)
    ).then("SanctionNotifiee")
    assert notifiee.date_limite_recours == date(2025, 11, 11)


def test_une_reformation_en_suspension_leve_la_radiation() -> None:
    allegee = faits.suspension(niveau=NiveauSanction.NIVEAU_2, taux=30, mois=2)
    scenario = given(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)))
    (_, reformee) = scenario.when(trancher(IssueRecours.REFORMATION, allegee, procedure_id="s2")).then(
        "RecoursTranche", "SanctionReformee"
    )
    assert reformee.radiation_jusqu_au is None
    assert scenario.parcours.radiation is None


def test_une_suppression_totale_raccourcie_raccourcit_la_radiation() -> None:
    raccourcie = faits.suppression_totale(mois=2)
    scenario = given(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)))
    scenario.when(trancher(IssueRecours.REFORMATION, raccourcie, procedure_id="s2")).then(
        "RecoursTranche", "SanctionReformee"
    )
    assert scenario.parcours.radiation is not None
    assert scenario.parcours.radiation.jusqu_au == date(2025, 10, 20)


def test_trancher_deux_fois_de_la_meme_facon_ne_change_rien() -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit(), recours_tranche()).when(trancher(IssueRecours.REJET)).then()


def test_pas_de_recours_contre_une_sanction_annulee() -> None:
    given(*SANCTION_NOTIFIEE, recours_introduit(), recours_tranche(issue=IssueRecours.ANNULATION)).when(
        contester(date(2025, 9, 12), recours_id="r2")
    ).raises(RecoursSansDecisionNotifiee)


def test_le_recours_porte_le_texte_qui_l_ouvre() -> None:
    d = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 8, 1))
    (conteste,) = (
        given(*SANCTION_NOTIFIEE)
        .when(lambda p: p.introduire_recours("s1", "r1", TypeRecours.RAPO, d))
        .then("SanctionContestee")
    )
    assert "CASF R.262-88" in conteste.decision.fondement.articles
