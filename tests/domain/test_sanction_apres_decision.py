"""Après la décision : notification et voies de recours, levée de la suspension, radiation, l'avis qui lie la décision,
les issues déjà atteintes."""

from datetime import date

from domain.regles.parcours import ParcoursSorti
from domain.regles.sanction import (
    AucuneSuspensionEnVigueur,
    AutoriteIncompetente,
    ManquementNonPoursuivable,
    NotificationSansVoiesDeRecours,
    RadiationSansSuppressionTotale,
    SanctionHorsBareme,
    SanctionNonDecidee,
    SanctionPlusLourdeQueLEnvisagee,
)
from domain.sanction import Sanction
from domain.vocabulaire import Allocation, Destinataire, NiveauSanction, Statut
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    SUPPRESSION_TOTALE_NOTIFIEE,
    Commande,
    avis_receptionne,
    contradictoire_ouvert,
    given,
    manquement_constate,
    procedure_close,
    sanction_decidee,
    sanction_rsa_decidee,
    sorti,
    suspension_levee,
)

P = faits.P
FIN_DU_DELAI = date(2025, 7, 11)
"""DELAI_ECOULE: the notice was received on 1 July, the 10 days run until 11 July."""
LENDEMAIN = date(2025, 7, 12)
NIVEAU_2 = faits.suspension(niveau=NiveauSanction.NIVEAU_2, taux=50, mois=3)
LOURDE = faits.suppression_totale(mois=4)
"""Announced in the notice when a level-2 sanction is envisaged: the decision may not be heavier."""
SUSPENSION_RSA = faits.suspension(allocation=Allocation.RSA)

DELAI_ECOULE_NIVEAU_2_ENVISAGE = (
    *SOUS_CONTRAT,
    manquement_constate(),
    contradictoire_ouvert(envisagee=LOURDE),
    avis_receptionne(recu_le=date(2025, 7, 1)),
)
DELAI_ECOULE_RSA = (
    *SOUS_CONTRAT,
    manquement_constate(),
    contradictoire_ouvert(envisagee=SUSPENSION_RSA),
    avis_receptionne(recu_le=date(2025, 7, 1)),
)

NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT = (
    *DELAI_ECOULE,
    sanction_decidee(),
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=LOURDE),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
)
"""A level-1 sanction for assiduité in force (s1), then a second assiduité breach whose period has run (s2)."""

NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT = (
    *DELAI_ECOULE_RSA,
    sanction_rsa_decidee(),
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=faits.suppression_totale(allocation=Allocation.RSA)),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
)

SUPPRESSION_TOTALE_DECIDEE = (
    *NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT,
    sanction_decidee("s2", sanction=faits.suppression_totale(mois=4), jour=date(2025, 8, 15)),
)


def decider(
    sanction: Sanction, jour: date = LENDEMAIN, procedure_id: str = "s1", avis_equipe: bool = False
) -> Commande:
    d = faits.decision_autorite(jour)
    return lambda p: p.decider_sanction(procedure_id, sanction, avis_equipe, d, P)


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
        lambda p: p.radier("s1", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 7, 20)), P)
    ).raises(RadiationSansSuppressionTotale)


def test_pas_de_radiation_avant_la_notification_de_la_suppression_totale() -> None:
    given(*SUPPRESSION_TOTALE_DECIDEE).when(
        lambda p: p.radier("s2", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 8, 20)), P)
    ).raises(RadiationSansSuppressionTotale)


def test_la_suppression_totale_notifiee_radie_pour_la_meme_duree() -> None:
    scenario = given(*SUPPRESSION_TOTALE_NOTIFIEE)
    (radie,) = scenario.when(
        lambda p: p.radier("s2", faits.decision(auteur=faits.AUTORITE, jour=date(2025, 10, 31)), P)
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
