"""Après la décision : notification et voies de recours, levée de la suspension, radiation, l'avis qui lie la décision,
les issues déjà atteintes."""

from datetime import date

from domain.parcours import Parcours
from domain.regles.parcours import ParcoursSorti
from domain.regles.sanction import (
    AucuneSuspensionEnVigueur,
    AutoriteIncompetente,
    ManquementNonPoursuivable,
    NotificationSansVoiesDeRecours,
    RadiationSansProposition,
    RadiationSansSuppressionTotale,
    SanctionHorsBareme,
    SanctionNonDecidee,
    SanctionPlusLourdeQueLEnvisagee,
)
from domain.vocabulaire import Destinataire, Statut
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    SUPPRESSION_RSA_NOTIFIEE,
    SUPPRESSION_TOTALE_NOTIFIEE,
    given,
    manquement_constate,
    procedure_close,
    radiation_proposee,
    sanction_decidee,
    sorti,
    suspension_levee,
)
from tests.support.situations_sanction import (
    LENDEMAIN,
    SUPPRESSION_TOTALE_DECIDEE,
    P,
    decider,
)

# --- notification -----------------------------------------------------------------------------


def test_la_notification_ouvre_deux_mois_de_recours() -> None:
    (notifiee,) = (
        given(*DELAI_ECOULE, sanction_decidee())
        .when(lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 7, 31)), P))
        .then("SanctionNotifiee")
    )
    assert notifiee.notifiee_le == date(2025, 7, 31)
    assert notifiee.delai_recours_mois == 2
    assert notifiee.date_limite_recours == date(2025, 9, 30)
    assert notifiee.voies_de_recours == faits.VOIES_DE_RECOURS


def test_la_notification_mentionne_les_voies_de_recours() -> None:
    given(*DELAI_ECOULE, sanction_decidee()).when(
        lambda p: p.notifier_sanction("s1", (), faits.decision(jour=date(2025, 7, 31)), P)
    ).raises(NotificationSansVoiesDeRecours)


def test_pas_de_notification_avant_la_decision() -> None:
    given(*DELAI_ECOULE).when(
        lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 7, 31)), P)
    ).raises(SanctionNonDecidee)


def test_notifier_deux_fois_ne_change_rien() -> None:
    given(*SANCTION_NOTIFIEE).when(
        lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 7, 31)), P)
    ).then()


# --- remobilisation ---------------------------------------------------------------------------


def test_la_remobilisation_leve_la_suspension() -> None:
    scenario = given(*SANCTION_NOTIFIEE)
    scenario.when(lambda p: p.lever_suspension("s1", faits.decision(jour=date(2025, 7, 25)))).then("SuspensionLevee")
    assert scenario.parcours.procedures["s1"].suspension_levee


def test_une_suppression_ne_se_leve_pas_comme_une_suspension() -> None:
    given(*SUPPRESSION_TOTALE_NOTIFIEE).when(
        lambda p: p.lever_suspension("s2", faits.decision(jour=date(2025, 8, 25)))
    ).raises(AucuneSuspensionEnVigueur)


def test_lever_une_suspension_deja_levee_ne_change_rien() -> None:
    given(*SANCTION_NOTIFIEE, suspension_levee()).when(
        lambda p: p.lever_suspension("s1", faits.decision(jour=date(2025, 7, 28)))
    ).then()


# --- radiation --------------------------------------------------------------------------------


def test_pas_de_radiation_apres_une_suspension() -> None:
    given(*SANCTION_NOTIFIEE).when(
        lambda p: p.radier(
            "s1", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 7, 20), motif=faits.MOTIF_RADIATION), P
        )
    ).raises(RadiationSansSuppressionTotale)


def test_pas_de_radiation_avant_la_notification_de_la_suppression_totale() -> None:
    given(*SUPPRESSION_TOTALE_DECIDEE).when(
        lambda p: p.radier(
            "s2", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 8, 20), motif=faits.MOTIF_RADIATION), P
        )
    ).raises(RadiationSansSuppressionTotale)


def test_la_suppression_totale_notifiee_radie_pour_la_meme_duree() -> None:
    scenario = given(*SUPPRESSION_TOTALE_NOTIFIEE)
    (radie,) = scenario.when(
        lambda p: p.radier(
            "s2", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 10, 31), motif=faits.MOTIF_RADIATION), P
        )
    ).then("Radie")
    assert radie.du == date(2025, 10, 31)
    assert radie.jusqu_au == date(2026, 2, 28)
    assert scenario.parcours.statut is Statut.SORTI
    assert scenario.parcours.radiation is not None
    assert scenario.parcours.radiation.jusqu_au == date(2026, 2, 28)


# --- the notice binds the decision; repeated outcomes are not errors ---------------------------------


def test_la_sanction_decidee_ne_depasse_pas_celle_annoncee_dans_l_avis() -> None:
    given(*DELAI_ECOULE).when(decider(faits.suspension(mois=2))).raises(SanctionPlusLourdeQueLEnvisagee)


def test_une_sanction_plus_legere_que_l_envisagee_est_possible() -> None:
    given(*DELAI_ECOULE).when(decider(faits.avertissement())).then("SanctionDecidee")


def test_la_sanction_envisagee_respecte_deja_le_bareme() -> None:
    given(*SOUS_CONTRAT, manquement_constate()).when(
        lambda p: p.ouvrir_contradictoire(
            "s1", ("m1",), faits.suspension(mois=3), Destinataire.PERSONNE, faits.decision(), P
        )
    ).raises(SanctionHorsBareme)


def test_un_conseiller_ne_decide_pas_une_sanction_meme_en_nommant_l_autorite() -> None:
    d = faits.decision(auteur=faits.CONSEILLER, autorite=faits.DIRECTEUR_REGIONAL, jour=LENDEMAIN)
    given(*DELAI_ECOULE).when(lambda p: p.decider_sanction("s1", faits.suspension(), False, d, P)).raises(
        AutoriteIncompetente
    )


def test_un_manquement_clos_pour_motif_legitime_n_est_plus_poursuivi() -> None:
    given(*PROCEDURE_OUVERTE, procedure_close()).when(
        lambda p: p.ouvrir_contradictoire("s2", ("m1",), faits.suspension(), Destinataire.PERSONNE, faits.decision(), P)
    ).raises(ManquementNonPoursuivable)


def test_clore_deux_fois_ne_change_rien() -> None:
    given(*PROCEDURE_OUVERTE, procedure_close()).when(
        lambda p: p.clore_procedure("s1", faits.decision(motif="Hospitalisation justifiée"))
    ).then()


def test_decider_deux_fois_la_meme_sanction_ne_change_rien() -> None:
    given(*DELAI_ECOULE, sanction_decidee()).when(decider(faits.suspension())).then()


def test_radier_deux_fois_ne_change_rien() -> None:
    given(*RADIE).when(lambda p: p.radier("s2", faits.decision(auteur=faits.AUTORITE), P)).then()


def test_les_delais_enregistrent_la_version_des_parametres() -> None:
    (decidee,) = given(*DELAI_ECOULE).when(decider(faits.suspension())).then("SanctionDecidee")
    assert decidee.parametres == P.version


def test_une_sanction_decidee_avant_la_sortie_est_notifiee_apres() -> None:
    given(*DELAI_ECOULE, sanction_decidee(), sorti()).when(
        lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 7, 20)), P)
    ).then("SanctionNotifiee")


def test_pas_de_remobilisation_apres_la_sortie() -> None:
    given(*SANCTION_NOTIFIEE, sorti()).when(lambda p: p.lever_suspension("s1", faits.decision())).raises(ParcoursSorti)


# --- the radiation of an RSA beneficiary: proposed by the PCD, recorded by France Travail (CASF R.262-68)


def radiation_par_france_travail(p: Parcours) -> None:
    p.radier("s2", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 8, 20), motif=faits.MOTIF_RADIATION), P)


def test_sans_proposition_du_pcd_france_travail_ne_radie_pas_apres_la_suppression_du_rsa() -> None:
    given(*SUPPRESSION_RSA_NOTIFIEE).when(radiation_par_france_travail).raises(RadiationSansProposition)


def test_sur_la_proposition_du_pcd_france_travail_radie_apres_la_suppression_du_rsa() -> None:
    (radie,) = (
        given(*SUPPRESSION_RSA_NOTIFIEE, radiation_proposee("s2")).when(radiation_par_france_travail).then("Radie")
    )
    assert (radie.du, radie.jusqu_au) == (date(2025, 8, 20), date(2025, 12, 20))


def test_le_pcd_ne_propose_pas_de_radiation_apres_une_suspension() -> None:
    given(*SANCTION_NOTIFIEE).when(
        lambda p: p.proposer_radiation("s1", faits.decision_autorite(date(2025, 7, 20)), P)
    ).raises(RadiationSansSuppressionTotale)


def test_proposer_deux_fois_la_meme_radiation_ne_change_rien() -> None:
    given(*SUPPRESSION_RSA_NOTIFIEE, radiation_proposee("s2")).when(
        lambda p: p.proposer_radiation("s2", faits.decision_autorite(date(2025, 8, 19)), P)
    ).then()
