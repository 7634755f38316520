"""Manquements, contradictoire, décision de sanction (la suite : test_sanction_apres_decision.py)."""

from datetime import date

import pytest

from domain.decision import Auteur, Autorite
from domain.regles.sanction import (
    AutoriteIncompetente,
    DecisionAvantFinContradictoire,
    ManquementNonPoursuivable,
    ManquementSansContrat,
    MotifLegitimeNonPrecise,
    Niveau2SansNiveau1,
    ProcedureInconnue,
    ProcedureTerminee,
    SanctionAutomatique,
    SanctionHorsBareme,
    SuppressionRsaSansAvisEquipePluridisciplinaire,
)
from domain.sanction import Sanction
from domain.vocabulaire import Allocation, Destinataire, NiveauSanction, TypeManquement
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    PROCEDURE_OUVERTE,
    SOUS_CONTRAT,
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
)
from tests.support.situations_sanction import (
    DELAI_ECOULE_NIVEAU_2_ENVISAGE,
    DELAI_ECOULE_RSA,
    FIN_DU_DELAI,
    LENDEMAIN,
    LOURDE,
    NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT,
    NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT,
    NIVEAU_2,
    P,
    decider,
)

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
    d = faits.decision_autorite(LENDEMAIN, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT, faits.MOTIF_SANCTION)
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
    d = faits.decision_autorite(
        date(2025, 8, 15), faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT, faits.MOTIF_SANCTION
    )
    suppression = faits.suppression(allocation=Allocation.RSA)
    (decidee,) = (
        given(*NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT)
        .when(lambda p: p.decider_sanction("s2", suppression, True, d, P))
        .then("SanctionDecidee")
    )
    assert decidee.avis_equipe_pluridisciplinaire
