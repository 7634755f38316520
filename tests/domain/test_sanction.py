"""Manquements, contradictoire, sanctions, notification, levée de la suspension, radiation."""

from datetime import date

import pytest

from domain.decision import Auteur, Autorite
from domain.regles.parcours import ParcoursSorti
from domain.regles.sanction import (
    AucuneSuspensionEnVigueur,
    AutoriteIncompetente,
    DecisionAvantFinContradictoire,
    ManquementNonPoursuivable,
    ManquementSansContrat,
    MotifLegitimeNonPrecise,
    Niveau2SansNiveau1,
    NotificationSansVoiesDeRecours,
    ProcedureInconnue,
    ProcedureTerminee,
    RadiationSansSuppressionTotale,
    SanctionAutomatique,
    SanctionHorsBareme,
    SanctionNonDecidee,
    SanctionPlusLourdeQueLEnvisagee,
    SuppressionRsaSansAvisEquipePluridisciplinaire,
)
from domain.sanction import Sanction
from domain.vocabulaire import Allocation, Destinataire, NiveauSanction, Statut, TypeManquement
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    SUPPRESSION_TOTALE_NOTIFIEE,
    Commande,
    audition_tenue,
    avis_receptionne,
    contradictoire_ouvert,
    given,
    manquement_constate,
    notifie,
    observations_recues,
    procedure_close,
    reorientation_demandee,
    reoriente,
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


# --- manquements ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "type_manquement",
    [TypeManquement.ASSIDUITE, TypeManquement.PARTICIPATION_ACTIVE, TypeManquement.RECHERCHE_EMPLOI],
)
def test_pas_de_manquement_aux_engagements_sans_contrat_signe(type_manquement: TypeManquement) -> None:
    given(*ORIENTE_ET_NOTIFIE).when(
        lambda p: p.constater_manquement("m1", faits.manquement(type_manquement), faits.decision())
    ).raises(ManquementSansContrat)


def test_apres_une_reorientation_l_ancien_contrat_ne_fonde_plus_un_manquement() -> None:
    given(*SOUS_CONTRAT, reorientation_demandee(), reoriente(), notifie(date(2025, 9, 1))).when(
        lambda p: p.constater_manquement("m1", faits.manquement(TypeManquement.ASSIDUITE), faits.decision())
    ).raises(ManquementSansContrat)


def test_ne_pas_etablir_le_contrat_est_un_manquement_sans_contrat() -> None:
    (constate,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.constater_manquement("m1", faits.manquement(TypeManquement.CONTRAT), faits.decision()))
        .then("ManquementConstate")
    )
    assert constate.manquement.type is TypeManquement.CONTRAT


def test_une_procedure_porte_sur_un_manquement_constate() -> None:
    given(*SOUS_CONTRAT, manquement_constate()).when(
        lambda p: p.ouvrir_contradictoire(
            "s1", ("m9",), faits.suspension(), Destinataire.PERSONNE, faits.decision(), faits.P
        )
    ).raises(ManquementNonPoursuivable)


def test_une_procedure_porte_sur_au_moins_un_manquement() -> None:
    given(*SOUS_CONTRAT, manquement_constate()).when(
        lambda p: p.ouvrir_contradictoire(
            "s1", (), faits.suspension(), Destinataire.PERSONNE, faits.decision(), faits.P
        )
    ).raises(ManquementNonPoursuivable)


def test_un_manquement_n_est_poursuivi_que_dans_une_procedure() -> None:
    given(*PROCEDURE_OUVERTE).when(
        lambda p: p.ouvrir_contradictoire(
            "s2", ("m1",), faits.suspension(), Destinataire.PERSONNE, faits.decision(), faits.P
        )
    ).raises(ManquementNonPoursuivable)


# --- contradictoire ---------------------------------------------------------------------------


@pytest.mark.parametrize("destinataire", [Destinataire.PERSONNE, Destinataire.REPRESENTANT_LEGAL])
def test_l_avis_contradictoire_va_a_la_personne_ou_a_son_representant_legal(destinataire: Destinataire) -> None:
    (ouvert,) = (
        given(*SOUS_CONTRAT, manquement_constate())
        .when(
            lambda p: p.ouvrir_contradictoire(
                "s1", ("m1",), faits.suspension(), destinataire, faits.decision(jour=date(2025, 6, 23)), faits.P
            )
        )
        .then("ContradictoireOuvert")
    )
    assert ouvert.destinataire is destinataire
    assert ouvert.manquements == ("m1",)


def test_la_reception_de_l_avis_ouvre_dix_jours_d_observations() -> None:
    recu_le = date(2025, 7, 25)
    (receptionne,) = (
        given(*PROCEDURE_OUVERTE)
        .when(lambda p: p.receptionner_avis("s1", recu_le, faits.decision(jour=recu_le), P))
        .then("AvisContradictoireReceptionne")
    )
    assert receptionne.recu_le == recu_le
    assert receptionne.delai_jours == 10
    assert receptionne.date_limite == date(2025, 8, 4)


def test_pas_de_sanction_avant_la_reception_de_l_avis() -> None:
    given(*PROCEDURE_OUVERTE).when(decider(faits.suspension(), jour=date(2025, 7, 15))).raises(
        DecisionAvantFinContradictoire
    )


def test_pas_de_sanction_avant_la_fin_du_contradictoire() -> None:
    given(*DELAI_ECOULE).when(decider(faits.suspension(), jour=FIN_DU_DELAI)).raises(DecisionAvantFinContradictoire)


def test_la_sanction_est_possible_le_lendemain_de_la_fin_du_delai() -> None:
    (decidee,) = given(*DELAI_ECOULE).when(decider(faits.suspension(), jour=LENDEMAIN)).then("SanctionDecidee")
    assert decidee.sanction == faits.suspension()
    assert decidee.decision.autorite == faits.DIRECTEUR_REGIONAL


def test_les_observations_recues_permettent_de_decider_avant_la_fin_du_delai() -> None:
    given(*DELAI_ECOULE, observations_recues()).when(decider(faits.suspension(), jour=date(2025, 7, 5))).then(
        "SanctionDecidee"
    )


def test_l_audition_tenue_permet_de_decider_avant_la_fin_du_delai() -> None:
    given(*DELAI_ECOULE, audition_tenue()).when(decider(faits.suspension(), jour=date(2025, 7, 5))).then(
        "SanctionDecidee"
    )


def test_une_procedure_inconnue_est_refusee() -> None:
    given(*DELAI_ECOULE).when(decider(faits.suspension(), procedure_id="s9")).raises(ProcedureInconnue)


def test_un_motif_legitime_clot_la_procedure_sans_sanction() -> None:
    (close,) = (
        given(*DELAI_ECOULE)
        .when(
            lambda p: p.clore_procedure("s1", faits.decision(motif="Hospitalisation justifiée", jour=date(2025, 7, 8)))
        )
        .then("ProcedureClose")
    )
    assert close.decision.motif == "Hospitalisation justifiée"


def test_la_cloture_precise_le_motif_legitime() -> None:
    given(*DELAI_ECOULE).when(lambda p: p.clore_procedure("s1", faits.decision())).raises(MotifLegitimeNonPrecise)


def test_pas_de_sanction_apres_la_cloture_pour_motif_legitime() -> None:
    given(*DELAI_ECOULE, procedure_close()).when(decider(faits.suspension())).raises(ProcedureTerminee)


def test_une_procedure_decidee_ne_recoit_plus_d_observations() -> None:
    given(*DELAI_ECOULE, sanction_decidee()).when(
        lambda p: p.recevoir_observations("s1", faits.decision(auteur=faits.PERSONNE))
    ).raises(ProcedureTerminee)


# --- décision de sanction ---------------------------------------------------------------------


@pytest.mark.parametrize("machine", [faits.SYSTEME, faits.ALGORITHME])
def test_une_sanction_n_est_jamais_automatique(machine: Auteur) -> None:
    d = faits.decision_autorite(LENDEMAIN, auteur=machine)
    given(*DELAI_ECOULE).when(lambda p: p.decider_sanction("s1", faits.suspension(), False, d, P)).raises(
        SanctionAutomatique
    )


@pytest.mark.parametrize(
    ("allocation", "autorite"),
    [
        (Allocation.ARE, None),
        (Allocation.RSA, faits.DIRECTEUR_REGIONAL),
        (Allocation.ARE, faits.PRESIDENT_DEPARTEMENT),
    ],
    ids=["sans-autorite", "rsa-par-france-travail", "are-par-le-departement"],
)
def test_seule_l_autorite_qui_finance_l_allocation_sanctionne(
    allocation: Allocation, autorite: Autorite | None
) -> None:
    d = faits.decision(auteur=faits.AUTORITE, autorite=autorite, jour=LENDEMAIN)
    sanction = faits.suspension(allocation=allocation)
    given(*DELAI_ECOULE).when(lambda p: p.decider_sanction("s1", sanction, False, d, P)).raises(AutoriteIncompetente)


def test_le_departement_sanctionne_le_rsa() -> None:
    d = faits.decision_autorite(LENDEMAIN, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    sanction = faits.suspension(allocation=Allocation.RSA)
    given(*DELAI_ECOULE_RSA).when(lambda p: p.decider_sanction("s1", sanction, False, d, P)).then("SanctionDecidee")


@pytest.mark.parametrize(
    "sanction",
    [
        faits.suspension(taux=29),
        faits.suspension(mois=3),
        faits.suppression(niveau=NiveauSanction.NIVEAU_1),
        faits.suspension(niveau=NiveauSanction.NIVEAU_2, mois=5),
    ],
    ids=["niveau-1-sous-30-pourcent", "niveau-1-trois-mois", "niveau-1-en-suppression", "niveau-2-cinq-mois"],
)
def test_la_sanction_respecte_le_bareme(sanction: Sanction) -> None:
    given(*DELAI_ECOULE).when(decider(sanction)).raises(SanctionHorsBareme)


def test_un_avertissement_est_possible_au_premier_manquement() -> None:
    (decidee,) = given(*DELAI_ECOULE).when(decider(faits.avertissement())).then("SanctionDecidee")
    assert decidee.sanction.niveau is NiveauSanction.AVERTISSEMENT


def test_pas_de_niveau_2_sans_sanction_de_niveau_1() -> None:
    given(*DELAI_ECOULE_NIVEAU_2_ENVISAGE).when(decider(NIVEAU_2)).raises(Niveau2SansNiveau1)


def test_le_niveau_2_repond_a_la_repetition_du_meme_manquement() -> None:
    (decidee,) = (
        given(*NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT)
        .when(decider(NIVEAU_2, jour=date(2025, 8, 15), procedure_id="s2"))
        .then("SanctionDecidee")
    )
    assert decidee.sanction.niveau is NiveauSanction.NIVEAU_2


def test_le_niveau_1_pour_un_autre_manquement_ne_fonde_pas_le_niveau_2() -> None:
    given(
        *DELAI_ECOULE,
        sanction_decidee(),
        manquement_constate("m2", TypeManquement.PARTICIPATION_ACTIVE),
        contradictoire_ouvert("s2", ("m2",), envisagee=LOURDE),
        avis_receptionne("s2", recu_le=date(2025, 8, 1)),
    ).when(decider(NIVEAU_2, jour=date(2025, 8, 15), procedure_id="s2")).raises(Niveau2SansNiveau1)


def test_la_suppression_du_rsa_exige_l_avis_de_l_equipe_pluridisciplinaire() -> None:
    d = faits.decision_autorite(date(2025, 8, 15), faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    suppression = faits.suppression(allocation=Allocation.RSA)
    given(*NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT).when(
        lambda p: p.decider_sanction("s2", suppression, False, d, P)
    ).raises(SuppressionRsaSansAvisEquipePluridisciplinaire)


def test_la_suppression_du_rsa_avec_l_avis_de_l_equipe_pluridisciplinaire() -> None:
    d = faits.decision_autorite(date(2025, 8, 15), faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    suppression = faits.suppression(allocation=Allocation.RSA)
    (decidee,) = (
        given(*NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT)
        .when(lambda p: p.decider_sanction("s2", suppression, True, d, P))
        .then("SanctionDecidee")
    )
    assert decidee.avis_equipe_pluridisciplinaire


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
