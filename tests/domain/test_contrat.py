"""Diagnostic global, contrat d'engagement, droits et devoirs."""

from datetime import date

from domain.contrat import Dispense
from domain.diagnostic import Diagnostic
from domain.orientation import Referent
from domain.regles.contrat import (
    ContratAvantNotification,
    ContratAvecUnAutreReferent,
    ContratDejaSigne,
    ContratHorsOrganismeReferent,
    ContratNonSigne,
    DiagnosticSansLaPersonne,
    DispenseNonRecevable,
    HeuresReduitesSansMotif,
)
from domain.regles.orientation import OrientationNonDecidee
from domain.regles.parcours import DroitsDevoirsNonInformes
from domain.vocabulaire import Organisme, RaisonDispense
from tests.support import faits
from tests.support.scenario import (
    ORIENTE_ET_NOTIFIE,
    SOUS_CONTRAT,
    diagnostique,
    given,
    informe,
    inscrit,
    notifie,
    oriente,
    propose,
    referent_designe,
    reorientation_demandee,
    reoriente,
)

P = faits.P
SIGNATURE = faits.decision(jour=date(2025, 6, 10))
MOTIF_REDUCTION = "Frein de mobilité relevé au diagnostic"
REORIENTE_VERS_LE_DEPARTEMENT = (*SOUS_CONTRAT, reorientation_demandee(), reoriente(faits.SOCIAL_DEPARTEMENT))

# --- diagnostic global ------------------------------------------------------------------------


def test_pas_de_diagnostic_avant_l_orientation() -> None:
    given(inscrit()).when(lambda p: p.realiser_diagnostic(faits.diagnostic(), faits.decision())).raises(
        OrientationNonDecidee
    )


def test_chaque_diagnostic_est_une_nouvelle_version_numerotee() -> None:
    scenario = given(inscrit(), propose(), oriente())
    (premier,) = scenario.when(lambda p: p.realiser_diagnostic(faits.diagnostic(), faits.decision())).then(
        "DiagnosticRealise"
    )
    (second,) = scenario.when(lambda p: p.realiser_diagnostic(faits.diagnostic(), faits.decision())).then(
        "DiagnosticRealise"
    )
    assert (premier.numero, second.numero) == (1, 2)


# --- contrat d'engagement ---------------------------------------------------------------------


def test_pas_de_contrat_avant_la_notification_de_l_orientation() -> None:
    given(inscrit(), propose(), oriente()).when(lambda p: p.signer_contrat(faits.contrat(), SIGNATURE, P)).raises(
        ContratAvantNotification
    )


def test_le_contrat_est_signe_avec_l_organisme_referent() -> None:
    given(*ORIENTE_ET_NOTIFIE).when(
        lambda p: p.signer_contrat(faits.contrat(organisme=Organisme.MISSION_LOCALE), SIGNATURE, P)
    ).raises(ContratHorsOrganismeReferent)


def test_quinze_heures_par_semaine_suffisent_sans_diagnostic() -> None:
    (signe,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.signer_contrat(faits.contrat(15), SIGNATURE, P))
        .then("ContratSigne")
    )
    assert signe.numero == 1
    assert signe.contrat.heures_hebdo == 15


def test_des_heures_reduites_motivees_par_le_diagnostic_sont_acceptees() -> None:
    contrat = faits.contrat(10, justification=MOTIF_REDUCTION)
    (signe,) = (
        given(*ORIENTE_ET_NOTIFIE, diagnostique())
        .when(lambda p: p.signer_contrat(contrat, SIGNATURE, P))
        .then("ContratSigne")
    )
    assert signe.contrat.justification_reduction == MOTIF_REDUCTION


def test_des_heures_reduites_exigent_une_justification() -> None:
    given(*ORIENTE_ET_NOTIFIE, diagnostique()).when(lambda p: p.signer_contrat(faits.contrat(10), SIGNATURE, P)).raises(
        HeuresReduitesSansMotif
    )


def test_des_heures_reduites_exigent_un_diagnostic_prealable() -> None:
    given(*ORIENTE_ET_NOTIFIE).when(
        lambda p: p.signer_contrat(faits.contrat(10, justification=MOTIF_REDUCTION), SIGNATURE, P)
    ).raises(HeuresReduitesSansMotif)


def test_zero_heure_a_la_demande_de_la_personne_pour_une_difficulte_averee() -> None:
    (signe,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.signer_contrat(faits.contrat(0, dispense=faits.dispense_sante()), SIGNATURE, P))
        .then("ContratSigne")
    )
    assert signe.contrat.dispense.raison is RaisonDispense.SANTE


def test_la_reduction_motivee_ne_descend_pas_a_zero_heure_sans_dispense() -> None:
    given(*ORIENTE_ET_NOTIFIE, diagnostique()).when(
        lambda p: p.signer_contrat(faits.contrat(0, justification=MOTIF_REDUCTION), SIGNATURE, P)
    ).raises(DispenseNonRecevable)


def test_zero_heure_non_demandee_par_la_personne_n_est_pas_recevable() -> None:
    imposee = Dispense(raison=RaisonDispense.SANTE, demandee_par_la_personne=False)
    given(*ORIENTE_ET_NOTIFIE).when(
        lambda p: p.signer_contrat(faits.contrat(0, dispense=imposee), SIGNATURE, P)
    ).raises(DispenseNonRecevable)


def test_un_autre_contrat_ne_remplace_le_contrat_signe_que_par_une_mise_a_jour() -> None:
    given(*SOUS_CONTRAT).when(lambda p: p.signer_contrat(faits.contrat(20), SIGNATURE, P)).raises(ContratDejaSigne)


def test_signer_le_meme_contrat_une_seconde_fois_ne_change_rien() -> None:
    given(*SOUS_CONTRAT).when(lambda p: p.signer_contrat(faits.contrat(15), SIGNATURE, P)).then()


def test_chaque_mise_a_jour_du_contrat_en_est_une_nouvelle_version() -> None:
    scenario = given(*SOUS_CONTRAT)
    (deuxieme,) = scenario.when(lambda p: p.mettre_a_jour_contrat(faits.contrat(20), SIGNATURE, P)).then(
        "ContratMisAJour"
    )
    (troisieme,) = scenario.when(lambda p: p.mettre_a_jour_contrat(faits.contrat(25), SIGNATURE, P)).then(
        "ContratMisAJour"
    )
    assert (deuxieme.numero, troisieme.numero) == (2, 3)
    assert troisieme.contrat.heures_hebdo == 25


def test_mettre_a_jour_avec_le_meme_contrat_ne_change_rien() -> None:
    given(*SOUS_CONTRAT).when(lambda p: p.mettre_a_jour_contrat(faits.contrat(15), SIGNATURE, P)).then()


def test_la_mise_a_jour_respecte_le_minimum_d_heures() -> None:
    given(*SOUS_CONTRAT).when(lambda p: p.mettre_a_jour_contrat(faits.contrat(10), SIGNATURE, P)).raises(
        HeuresReduitesSansMotif
    )


def test_pas_de_mise_a_jour_sans_contrat_signe() -> None:
    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.mettre_a_jour_contrat(faits.contrat(20), SIGNATURE, P)).raises(
        ContratNonSigne
    )


def test_apres_une_reorientation_le_contrat_attend_la_nouvelle_notification() -> None:
    contrat = faits.contrat(organisme=Organisme.DEPARTEMENT)
    given(*REORIENTE_VERS_LE_DEPARTEMENT).when(lambda p: p.signer_contrat(contrat, SIGNATURE, P)).raises(
        ContratAvantNotification
    )


def test_apres_une_reorientation_notifiee_le_contrat_est_signe_avec_le_nouvel_organisme() -> None:
    contrat = faits.contrat(organisme=Organisme.DEPARTEMENT)
    (signe,) = (
        given(*REORIENTE_VERS_LE_DEPARTEMENT, notifie(date(2025, 9, 1)))
        .when(lambda p: p.signer_contrat(contrat, faits.decision(jour=date(2025, 9, 15)), P))
        .then("ContratSigne")
    )
    assert signe.contrat.organisme is Organisme.DEPARTEMENT


def test_apres_une_reorientation_l_ancien_organisme_ne_signe_plus() -> None:
    given(*REORIENTE_VERS_LE_DEPARTEMENT, notifie(date(2025, 9, 1))).when(
        lambda p: p.signer_contrat(faits.contrat(organisme=Organisme.FRANCE_TRAVAIL), SIGNATURE, P)
    ).raises(ContratHorsOrganismeReferent)


# --- droits et devoirs ------------------------------------------------------------------------


def test_la_personne_est_informee_de_ses_droits_et_devoirs() -> None:
    given(inscrit()).when(lambda p: p.informer_droits_devoirs(faits.decision())).then("DroitsDevoirsInformes")


def test_la_revue_des_droits_et_devoirs_fixe_la_suivante_six_mois_plus_tard() -> None:
    (revus,) = (
        given(inscrit(), informe())
        .when(lambda p: p.revoir_droits_devoirs(faits.decision(jour=date(2025, 8, 31)), P))
        .then("DroitsDevoirsRevus")
    )
    assert revus.prochaine_revue_le == date(2026, 2, 28)


def test_pas_de_revue_des_droits_et_devoirs_avant_l_information() -> None:
    given(inscrit()).when(lambda p: p.revoir_droits_devoirs(faits.decision(), P)).raises(DroitsDevoirsNonInformes)


def test_le_diagnostic_se_fait_avec_la_personne() -> None:
    sans_elle = Diagnostic(items=faits.diagnostic().items, realise_avec_la_personne=False)
    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.realiser_diagnostic(sans_elle, faits.decision())).raises(
        DiagnosticSansLaPersonne
    )


def test_le_contrat_nomme_le_referent_designe() -> None:
    autre = Referent(id="agent-7", organisme=Organisme.FRANCE_TRAVAIL)
    given(*ORIENTE_ET_NOTIFIE, referent_designe(autre)).when(
        lambda p: p.signer_contrat(faits.contrat(), faits.decision(), faits.P)
    ).raises(ContratAvecUnAutreReferent)


def test_la_revue_enregistre_le_delai_et_la_version_des_parametres() -> None:
    (revue,) = (
        given(inscrit(), informe())
        .when(lambda p: p.revoir_droits_devoirs(faits.decision(), faits.P))
        .then("DroitsDevoirsRevus")
    )
    assert (revue.delai_mois, revue.parametres) == (6, "2025.1")
