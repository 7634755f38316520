"""Unfavourable individual decisions state their reasons in law and in fact (CRPA L.211-2, L.211-5): a
sanction, a refused réorientation, a recours decision that keeps a sanction, a radiation. Favourable ones
are not held to it."""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from domain.decision import Decision
from domain.erreurs import RegleEnfreinte
from domain.regles.motivation import DecisionNonMotivee, exiger_motivation
from domain.regles.orientation import ReorientationSansMotif
from domain.regles.sanction import MotifLegitimeNonPrecise
from domain.valeur import ValeurInvalide
from domain.vocabulaire import IssueRecours, TypeRecours
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    RADIE,
    SANCTION_NOTIFIEE,
    SUPPRESSION_TOTALE_NOTIFIEE,
    Commande,
    given,
    recours_introduit,
    rejouer,
    reorientation_demandee,
)
from tests.support.situations_sanction import LENDEMAIN, P

SANS_FAITS = [
    pytest.param(None, id="sans_motif"),
    pytest.param("-", id="un_tiret"),
    pytest.param("…", id="des_points_de_suspension"),
    pytest.param("12/06", id="une_date_seule"),
]
"""Motives that state no fact: none, or no word at all."""


def sanction(motif: str | None) -> Commande:
    d = faits.decision_autorite(LENDEMAIN, motif=motif)
    return lambda p: p.decider_sanction("s1", faits.suspension(), False, d, P)


def refus_de_reorientation(motif: str | None) -> Commande:
    d = faits.decision(jour=date(2025, 6, 15), motif=motif)
    return lambda p: p.refuser_reorientation(d)


def recours_tranche(issue: IssueRecours, motif: str | None, procedure_id: str = "s1") -> Commande:
    reformee = faits.avertissement() if issue is IssueRecours.REFORMATION else None
    d = faits.decision_autorite(date(2025, 9, 10), motif=motif)
    return lambda p: p.trancher_recours(procedure_id, "r1", issue, reformee, d, P)


def radiation(motif: str | None) -> Commande:
    d = faits.decision(auteur=faits.AUTORITE, jour=date(2025, 8, 20), motif=motif)
    return lambda p: p.radier("s2", d, P)


def verifier_refus(refus: RegleEnfreinte) -> None:
    assert refus.code == "decision-defavorable-non-motivee"
    assert "en fait" in refus.detail
    assert "(CRPA, art. L.211-2 et L.211-5)" in refus.detail


# --- refused without their reasons ------------------------------------------------------------------


@pytest.mark.parametrize("motif", SANS_FAITS)
def test_une_sanction_sans_les_faits_qui_la_fondent_est_refusee(motif: str | None) -> None:
    verifier_refus(given(*DELAI_ECOULE).when(sanction(motif)).raises(DecisionNonMotivee))


@pytest.mark.parametrize("motif", SANS_FAITS)
def test_un_refus_de_reorientation_sans_motif_est_refuse(motif: str | None) -> None:
    scenario = given(*ORIENTE_ET_NOTIFIE, reorientation_demandee())
    verifier_refus(scenario.when(refus_de_reorientation(motif)).raises(DecisionNonMotivee))


@pytest.mark.parametrize("issue", [IssueRecours.REJET, IssueRecours.REFORMATION])
@pytest.mark.parametrize("motif", SANS_FAITS)
def test_une_decision_sur_recours_qui_maintient_une_sanction_sans_motif_est_refusee(
    issue: IssueRecours, motif: str | None
) -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    verifier_refus(scenario.when(recours_tranche(issue, motif)).raises(DecisionNonMotivee))


@pytest.mark.parametrize("motif", SANS_FAITS)
def test_une_radiation_sans_motif_est_refusee(motif: str | None) -> None:
    verifier_refus(given(*SUPPRESSION_TOTALE_NOTIFIEE).when(radiation(motif)).raises(DecisionNonMotivee))


@pytest.mark.parametrize("blanc", ["", "   ", "\n\t"])
def test_un_motif_vide_ou_blanc_n_est_pas_un_motif(blanc: str) -> None:
    """Refused by the envelope itself, before any decision exists (the API answers 422 on ``motif``)."""
    with pytest.raises(ValeurInvalide, match="motif"):
        faits.decision_autorite(LENDEMAIN, motif=blanc)


def test_une_decision_defavorable_sans_fondement_en_droit_est_refusee() -> None:
    """The aggregate always adds the step's articles: the rule guards a step that would forget them."""
    with pytest.raises(DecisionNonMotivee, match="en droit") as refus:
        exiger_motivation(faits.decision_autorite(LENDEMAIN, motif=faits.MOTIF_SANCTION), "la sanction")
    assert "(CRPA, art. L.211-2 et L.211-5)" in refus.value.detail


# --- accepted with them, in law and in fact --------------------------------------------------------


def test_une_sanction_motivee_porte_ses_faits_et_ses_articles() -> None:
    (decidee,) = given(*DELAI_ECOULE).when(sanction(faits.MOTIF_SANCTION)).then("SanctionDecidee")
    assert decidee.decision.motif == faits.MOTIF_SANCTION
    assert {"CT R.5412-8", "décret 2025-478"} <= set(decidee.decision.fondement.articles)


def test_un_motif_bref_qui_enonce_un_fait_suffit() -> None:
    """No length is required: the law asks for facts, which the person and the judge weigh."""
    given(*DELAI_ECOULE).when(sanction("Absent le 12/06")).then("SanctionDecidee")


def test_un_refus_de_reorientation_motive_est_enregistre() -> None:
    scenario = given(*ORIENTE_ET_NOTIFIE, reorientation_demandee())
    (refusee,) = scenario.when(refus_de_reorientation("Aucun frein nouveau depuis le diagnostic")).then(
        "ReorientationRefusee"
    )
    assert {"CT L.5411-5-1 V", "CRPA L.211-2"} <= set(refusee.decision.fondement.articles)


def test_un_rejet_motive_est_enregistre() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    (tranche,) = scenario.when(recours_tranche(IssueRecours.REJET, faits.MOTIF_REJET)).then("RecoursTranche")
    assert tranche.decision.motif == faits.MOTIF_REJET
    assert "CRPA L.411-2" in tranche.decision.fondement.articles


def test_une_reformation_motivee_est_enregistree() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    scenario.when(recours_tranche(IssueRecours.REFORMATION, faits.MOTIF_REFORMATION)).then(
        "RecoursTranche", "SanctionReformee"
    )


def test_une_radiation_motivee_est_enregistree() -> None:
    (radie,) = given(*SUPPRESSION_TOTALE_NOTIFIEE).when(radiation(faits.MOTIF_RADIATION)).then("Radie")
    assert radie.decision.motif == faits.MOTIF_RADIATION
    assert {"CT L.5412-1", "CT R.5412-5"} <= set(radie.decision.fondement.articles)


# --- favourable decisions and preparatory acts are not held to it ------------------------------------


def test_l_annulation_d_une_sanction_n_exige_pas_de_motif() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    scenario.when(recours_tranche(IssueRecours.ANNULATION, None)).then("RecoursTranche", "SanctionAnnulee")


def test_l_annulation_d_une_sanction_peut_etre_motivee() -> None:
    scenario = given(*SANCTION_NOTIFIEE, recours_introduit())
    (tranche, _) = scenario.when(recours_tranche(IssueRecours.ANNULATION, "Manquement non établi")).then(
        "RecoursTranche", "SanctionAnnulee"
    )
    assert tranche.decision.motif == "Manquement non établi"


def test_la_reorientation_acceptee_n_exige_pas_de_motif() -> None:
    d = faits.decision(jour=date(2025, 6, 15))
    given(*ORIENTE_ET_NOTIFIE, reorientation_demandee()).when(lambda p: p.reorienter(faits.SOCIAL_DEPARTEMENT, d)).then(
        "Reoriente"
    )


def test_la_levee_d_une_suspension_n_exige_pas_de_motif() -> None:
    d = faits.decision(jour=date(2025, 7, 25))
    given(*SANCTION_NOTIFIEE).when(lambda p: p.lever_suspension("s1", d)).then("SuspensionLevee")


def test_la_proposition_de_radiation_acte_preparatoire_n_exige_pas_de_motif() -> None:
    d = faits.decision_autorite(date(2025, 8, 18), faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    given(*SUPPRESSION_TOTALE_NOTIFIEE).when(lambda p: p.proposer_radiation("s2", d, P)).then("RadiationProposee")


def test_la_cloture_sur_motif_legitime_garde_sa_propre_regle() -> None:
    """Favourable, so not a DecisionNonMotivee; but the motif légitime it rests on is stated (CT R.5412-7)."""
    given(*DELAI_ECOULE).when(lambda p: p.clore_procedure("s1", faits.decision())).raises(MotifLegitimeNonPrecise)


def test_une_demande_de_reorientation_garde_sa_propre_regle() -> None:
    """A request is not a decision: its motive is required by CT L.5411-5-1 V."""
    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.demander_reorientation(faits.decision())).raises(ReorientationSansMotif)


# --- the rule judges new commands, never the events stored before it --------------------------------


def sans_motif(evenement: Any) -> Any:
    """The event as a step recorded before issue 21 left it: without its reasons."""
    decision: Decision = evenement.decision
    return replace(evenement, decision=replace(decision, motif=None))


def test_une_sanction_et_une_radiation_enregistrees_sans_motif_avant_la_regle_se_relisent() -> None:
    passe = [sans_motif(e) if type(e).__name__ in {"SanctionDecidee", "Radie"} else e for e in given(*RADIE).passe]

    parcours = rejouer(passe)

    assert parcours.radiation is not None
    introduire = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 9, 1))
    parcours.introduire_recours("s2", "r1", TypeRecours.MEDIATION_PREALABLE, introduire)
    parcours.trancher_recours("s2", "r1", IssueRecours.ANNULATION, None, faits.decision_autorite(date(2025, 9, 10)), P)
    assert parcours.radiation is None
