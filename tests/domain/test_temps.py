"""Business time and recording time (DESIGN §1.7; docs/evenements.md, "Temps métier et temps d'enregistrement").

The past steps of each scenario are recorded as they happened; the command under test runs on a
recording clock stopped where the test says (``when(..., enregistre_le=...)``).
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.decision import Decision
from domain.horloge import sous_horloge
from domain.parcours import Parcours
from domain.regles.parcours import ReinscriptionPendantRadiation
from domain.regles.sanction import DecisionAvantFinContradictoire
from domain.regles.temps import DateMetierAvantEtapePrecedente, DateMetierFuture
from domain.sanction import Manquement
from domain.vocabulaire import Destinataire, MotifInscription, MotifSortie, TypeManquement, TypeRecours
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    PARCOURS_ID,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    diagnostique,
    explication_demandee,
    given,
    manquement_constate,
    observations_recues,
    sanction_decidee,
)

P = faits.P


def a_paris(jour: date, heure: int, minute: int = 0) -> datetime:
    """An instant in French time (summer: UTC+2)."""
    return datetime(jour.year, jour.month, jour.day, heure, minute, tzinfo=UTC) - timedelta(hours=2)


def decision_au(instant: datetime, auteur: object = faits.CONSEILLER) -> Decision:
    return Decision(auteur=auteur, effective_le=instant)  # type: ignore[arg-type]


def decision_autorite_au(instant: datetime) -> Decision:
    """A sanction decided at ``instant``, with its reasons (CRPA L.211-5)."""
    return Decision(
        auteur=faits.AUTORITE, autorite=faits.DIRECTEUR_REGIONAL, effective_le=instant, motif=faits.MOTIF_SANCTION
    )


# --- never later than the recording time ----------------------------------------------------------


def test_une_sanction_decidee_aujourd_hui_mais_datee_onze_jours_plus_tard_est_refusee() -> None:
    """Receipt on 1 July, observations until 11 July: on 2 July, a decision dated 13 July is still
    recorded within the period."""
    aujourd_hui = faits.le(date(2025, 7, 2))
    dans_onze_jours = decision_autorite_au(aujourd_hui + timedelta(days=11))

    refus = (
        given(*DELAI_ECOULE)
        .when(lambda p: p.decider_sanction("s1", faits.suspension(), False, dans_onze_jours, P), aujourd_hui)
        .raises(DecisionAvantFinContradictoire)
    )

    assert "enregistrée le 2025-07-02" in refus.detail


def test_une_etape_datee_apres_son_enregistrement_est_refusee() -> None:
    aujourd_hui = faits.le(date(2025, 7, 13))
    dans_onze_jours = decision_autorite_au(aujourd_hui + timedelta(days=11))

    refus = (
        given(*DELAI_ECOULE)
        .when(lambda p: p.decider_sanction("s1", faits.suspension(), False, dans_onze_jours, P), aujourd_hui)
        .raises(DateMetierFuture)
    )

    assert "après son enregistrement" in refus.detail


def test_une_date_metier_dans_la_tolerance_d_horloge_est_admise_et_pas_au_dela() -> None:
    maintenant = faits.le(date(2025, 6, 20))
    juste_devant = decision_au(maintenant + P.tolerance_horloge)
    trop_devant = decision_au(maintenant + P.tolerance_horloge + timedelta(seconds=1))

    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.informer_droits_devoirs(juste_devant), maintenant).then(
        "DroitsDevoirsInformes"
    )
    given(*ORIENTE_ET_NOTIFIE).when(lambda p: p.informer_droits_devoirs(trop_devant), maintenant).raises(
        DateMetierFuture
    )


def test_la_tolerance_d_horloge_est_un_parametre() -> None:
    scenario = given(*ORIENTE_ET_NOTIFIE)
    maintenant = faits.le(date(2025, 6, 20))

    with sous_horloge(lambda: maintenant, tolerance=timedelta(0)), pytest.raises(DateMetierFuture):
        scenario.parcours.informer_droits_devoirs(decision_au(maintenant + timedelta(seconds=1)))

    assert scenario.parcours.collect_events() == []


def test_une_inscription_ne_prend_pas_effet_apres_son_enregistrement() -> None:
    with sous_horloge(lambda: faits.le(date(2025, 6, 2))), pytest.raises(DateMetierFuture):
        Parcours.inscrire(faits.inscription(), faits.decision(jour=date(2025, 6, 3)), PARCOURS_ID)


def test_les_faits_d_un_manquement_ne_suivent_pas_son_constat() -> None:
    faits_du_lendemain = Manquement(type=TypeManquement.ASSIDUITE, faits="Absent", date_des_faits=date(2025, 6, 21))

    given(*SOUS_CONTRAT).when(
        lambda p: p.constater_manquement("m1", faits_du_lendemain, faits.decision(jour=date(2025, 6, 20)))
    ).raises(DateMetierFuture)


# --- never earlier than the step it follows -------------------------------------------------------


def test_un_avis_recu_avant_l_ouverture_de_la_procedure_est_refuse() -> None:
    vingt_et_un_jours_avant = date(2025, 6, 23) - timedelta(days=21)

    refus = (
        given(*PROCEDURE_OUVERTE)
        .when(lambda p: p.receptionner_avis("s1", vingt_et_un_jours_avant, faits.decision(jour=date(2025, 6, 25)), P))
        .raises(DateMetierAvantEtapePrecedente)
    )

    assert "avant l'ouverture de la procédure « s1 » (2025-06-23)" in refus.detail


def test_un_avis_n_est_pas_recu_apres_l_etape_qui_etablit_sa_reception() -> None:
    given(*PROCEDURE_OUVERTE).when(
        lambda p: p.receptionner_avis("s1", date(2025, 7, 2), faits.decision(jour=date(2025, 7, 1)), P)
    ).raises(DateMetierFuture)


def test_une_decision_ne_precede_pas_les_etapes_de_sa_procedure() -> None:
    veille = decision_autorite_au(faits.le(date(2025, 7, 4)))

    given(*DELAI_ECOULE, observations_recues(jour=date(2025, 7, 5))).when(
        lambda p: p.decider_sanction("s1", faits.suspension(), False, veille, P)
    ).raises(DateMetierAvantEtapePrecedente)


def test_un_contrat_ne_precede_pas_la_notification_de_l_orientation() -> None:
    refus = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.signer_contrat(faits.contrat(), faits.decision(jour=date(2025, 6, 2)), P))
        .raises(DateMetierAvantEtapePrecedente)
    )

    assert "la notification de l'orientation" in refus.detail


def test_une_notification_ne_precede_pas_la_decision_qu_elle_notifie() -> None:
    given(*DELAI_ECOULE, sanction_decidee()).when(
        lambda p: p.notifier_sanction("s1", faits.VOIES_DE_RECOURS, faits.decision(jour=date(2025, 7, 14)), P)
    ).raises(DateMetierAvantEtapePrecedente)


def test_un_recours_ne_precede_pas_la_notification_de_la_decision() -> None:
    avant_notification = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 7, 15))

    given(*SANCTION_NOTIFIEE).when(
        lambda p: p.introduire_recours("s1", "r1", TypeRecours.MEDIATION_PREALABLE, avant_notification)
    ).raises(DateMetierAvantEtapePrecedente)


def test_une_sortie_ne_precede_pas_une_etape_qu_elle_clot() -> None:
    given(*SOUS_CONTRAT).when(
        lambda p: p.sortir(MotifSortie.EMPLOI_DURABLE, faits.decision(jour=date(2025, 6, 9)))
    ).raises(DateMetierAvantEtapePrecedente)


def test_une_explication_ne_precede_pas_sa_demande() -> None:
    given(*ORIENTE_ET_NOTIFIE, explication_demandee(jour=date(2025, 6, 20))).when(
        lambda p: p.communiquer_explication("e1", "…", faits.decision(jour=date(2025, 6, 19)))
    ).raises(DateMetierAvantEtapePrecedente)


def test_une_etape_sans_lien_avec_une_autre_peut_etre_saisie_apres_elle_en_prenant_effet_avant() -> None:
    """The référent designated on 4 June is typed in after the diagnostic of 5 June: they follow the
    orientation, not each other."""
    given(*ORIENTE_ET_NOTIFIE, diagnostique()).when(
        lambda p: p.designer_referent(faits.referent(), faits.decision(jour=date(2025, 6, 4)))
    ).then("ReferentDesigne")


def test_une_rectification_tardive_reste_possible_meme_datee_avant_la_derniere_etape() -> None:
    correction = faits.decision(jour=date(2025, 6, 2), motif="Erreur de saisie du canal")

    (rectifie,) = (
        given(*SANCTION_NOTIFIEE)
        .when(lambda p: p.rectifier(1, {"canal": "en_agence"}, correction), enregistre_le=faits.le(date(2025, 9, 1)))
        .then("EvenementRectifie")
    )

    assert rectifie.decision.saisie_tardive_jours == 91


# --- a step typed in late stays possible and says so ----------------------------------------------


def test_une_etape_saisie_en_retard_reste_possible_et_dit_de_combien_de_jours() -> None:
    (informe,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.informer_droits_devoirs(faits.decision(jour=date(2025, 6, 4))), faits.le(date(2025, 6, 22)))
        .then("DroitsDevoirsInformes")
    )

    assert (informe.decision.saisie_tardive_jours, informe.decision.saisie_tardive) == (18, True)
    assert informe.timestamp == faits.le(date(2025, 6, 22))


def test_une_etape_saisie_le_jour_meme_n_est_pas_tardive() -> None:
    (informe,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(
            lambda p: p.informer_droits_devoirs(decision_au(a_paris(date(2025, 6, 4), 9))),
            a_paris(date(2025, 6, 4), 23),
        )
        .then("DroitsDevoirsInformes")
    )

    assert (informe.decision.saisie_tardive_jours, informe.decision.saisie_tardive) == (0, False)


def test_le_retard_de_saisie_ne_vient_jamais_de_l_appelant() -> None:
    pretendu = Decision(auteur=faits.CONSEILLER, effective_le=faits.le(date(2025, 6, 4)), saisie_tardive_jours=40)

    (informe,) = (
        given(*ORIENTE_ET_NOTIFIE)
        .when(lambda p: p.informer_droits_devoirs(pretendu), faits.le(date(2025, 6, 4)))
        .then("DroitsDevoirsInformes")
    )

    assert informe.decision.saisie_tardive_jours == 0


# --- deadline rules hold on both clocks -----------------------------------------------------------


def test_pas_de_sanction_enregistree_avant_la_fin_du_contradictoire_meme_datee_apres() -> None:
    """Receipt on 1 July: observations until 11 July. A decision dated 12 July at 00:03 but recorded on
    11 July at 23:59 (within the clock-skew tolerance) is refused on the recording clock."""
    date_effet = decision_autorite_au(a_paris(date(2025, 7, 12), 0, 3))

    refus = (
        given(*DELAI_ECOULE)
        .when(
            lambda p: p.decider_sanction("s1", faits.suspension(), False, date_effet, P),
            enregistre_le=a_paris(date(2025, 7, 11), 23, 59),
        )
        .raises(DecisionAvantFinContradictoire)
    )

    assert "enregistrée le 2025-07-11" in refus.detail


def test_une_sanction_enregistree_apres_le_contradictoire_est_admise() -> None:
    given(*DELAI_ECOULE).when(
        lambda p: p.decider_sanction(
            "s1", faits.suspension(), False, decision_autorite_au(faits.le(date(2025, 7, 12))), P
        ),
        enregistre_le=faits.le(date(2025, 7, 12)),
    ).then("SanctionDecidee")


def test_pas_de_reinscription_enregistree_pendant_la_radiation_meme_datee_apres() -> None:
    """Radiated until 20 December: a reinscription dated 20 December at 00:02, recorded on the 19th at 23:59."""
    date_effet = decision_au(datetime(2025, 12, 19, 23, 2, tzinfo=UTC))  # 00:02 in Paris (winter: UTC+1)

    given(*RADIE).when(
        lambda p: p.rouvrir(faits.inscription(MotifInscription.DEMANDE), date_effet),
        enregistre_le=datetime(2025, 12, 19, 22, 59, tzinfo=UTC),
    ).raises(ReinscriptionPendantRadiation)


def test_un_recours_recu_a_temps_mais_saisi_apres_le_delai_est_signale_hors_delai() -> None:
    recu_a_temps = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 9, 10))  # limit: 16 September

    (conteste,) = (
        given(*SANCTION_NOTIFIEE)
        .when(
            lambda p: p.introduire_recours("s1", "r1", TypeRecours.MEDIATION_PREALABLE, recu_a_temps),
            enregistre_le=faits.le(date(2025, 9, 20)),
        )
        .then("SanctionContestee")
    )

    assert (conteste.recu_le, conteste.hors_delai, conteste.decision.saisie_tardive_jours) == (
        date(2025, 9, 10),
        True,
        10,
    )


def test_une_explication_saisie_apres_le_mois_n_est_pas_dans_le_delai() -> None:
    communiquee_a_temps = faits.decision(jour=date(2025, 7, 15))  # asked on 20 June: due by 20 July

    (communiquee,) = (
        given(*ORIENTE_ET_NOTIFIE, explication_demandee())
        .when(lambda p: p.communiquer_explication("e1", "…", communiquee_a_temps), faits.le(date(2025, 7, 25)))
        .then("ExplicationCommuniquee")
    )

    assert communiquee.dans_le_delai is False


def test_l_ouverture_d_une_procedure_suit_le_constat_de_ses_manquements() -> None:
    given(*SOUS_CONTRAT, manquement_constate()).when(
        lambda p: p.ouvrir_contradictoire(
            "s1", ("m1",), faits.suspension(), Destinataire.PERSONNE, faits.decision(jour=date(2025, 6, 19)), P
        )
    ).raises(DateMetierAvantEtapePrecedente)
