"""Orientation proposed, decided, notified; référent; réorientation."""

from dataclasses import replace
from datetime import date

import pytest

from domain.decision import Auteur
from domain.regles.motivation import DecisionNonMotivee
from domain.regles.orientation import (
    AlgorithmeSeulAvecDonneeSensible,
    DivergenceSansMotif,
    ModeOrientationIncoherent,
    OrientationDejaDecidee,
    OrientationNonDecidee,
    PropositionAbsente,
    ReferentHorsOrganisme,
    ReorientationNonDemandee,
    ReorientationSansMotif,
    ValidationHumaineRequise,
)
from domain.regles.parcours import ParcoursSorti
from domain.vocabulaire import ModeOrientation, MotifInscription, Organisme, SourceDonnee, TypeAuteur
from tests.support import faits
from tests.support.scenario import _pas, given, inscrit, notifie, oriente, propose, reorientation_demandee, sorti

ALGO = faits.decision(auteur=faits.SYSTEME)


def test_l_algorithme_propose_avec_ses_criteres_et_son_referentiel() -> None:
    d = faits.decision(auteur=faits.ALGORITHME, criteres=(faits.critere("age", 30),))
    (proposee,) = (
        given(inscrit()).when(lambda p: p.proposer_orientation(faits.proposition(), d)).then("OrientationProposee")
    )
    assert proposee.proposition.referentiel.version == "2025.1"
    assert proposee.decision.criteres[0].source is SourceDonnee.DECLARATION


def test_pas_de_proposition_apres_la_sortie() -> None:
    given(inscrit(), sorti()).when(lambda p: p.proposer_orientation(faits.proposition(), ALGO)).raises(ParcoursSorti)


def test_l_algorithme_seul_confirme_une_proposition_sans_donnee_sensible() -> None:
    (oriente_,) = (
        given(inscrit(), propose())
        .when(lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_SEUL, ALGO))
        .then("Oriente")
    )
    assert oriente_.mode is ModeOrientation.ALGORITHME_SEUL
    assert not oriente_.divergence


def test_algorithme_seul_refuse_quand_une_donnee_sensible_a_servi() -> None:
    given(inscrit(), propose(sensible=True)).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_SEUL, ALGO)
    ).raises(AlgorithmeSeulAvecDonneeSensible)


def test_algorithme_seul_refuse_quand_la_regle_demande_une_validation_humaine() -> None:
    a_valider = replace(faits.proposition(faits.SOCIAL_DEPARTEMENT, regle="R01"), validation_humaine=True)
    d = faits.decision(auteur=faits.ALGORITHME)

    refus = (
        given(inscrit(), _pas(d, lambda p, d: p.proposer_orientation(a_valider, d)))
        .when(lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.ALGORITHME_SEUL, ALGO))
        .raises(ValidationHumaineRequise)
    )

    assert "R01" in refus.detail


def test_un_agent_valide_la_proposition_fondee_sur_une_donnee_sensible() -> None:
    given(inscrit(), propose(sensible=True)).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, faits.decision())
    ).then("Oriente")


def test_algorithme_seul_n_est_pas_le_fait_d_une_personne() -> None:
    given(inscrit(), propose()).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_SEUL, faits.decision())
    ).raises(ModeOrientationIncoherent)


def test_un_partenaire_n_applique_pas_le_mode_algorithme_seul() -> None:
    partenaire = faits.decision(auteur=Auteur(type=TypeAuteur.PARTENAIRE, id="caf-75"))
    given(inscrit(), propose()).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_SEUL, partenaire)
    ).raises(ModeOrientationIncoherent)


def test_la_validation_par_un_agent_n_est_pas_le_fait_du_systeme() -> None:
    given(inscrit(), propose()).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, ALGO)
    ).raises(ModeOrientationIncoherent)


def test_pas_de_decision_algorithmique_quand_la_proposition_demande_un_entretien() -> None:
    given(inscrit(), propose(orientation=None)).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, faits.decision())
    ).raises(PropositionAbsente)


def test_l_entretien_d_orientation_puis_la_decision_d_un_agent() -> None:
    scenario = given(inscrit(), propose(orientation=None))
    scenario.when(lambda p: p.tenir_entretien_orientation(faits.decision())).then("EntretienOrientationTenu")
    scenario.when(lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.AGENT, faits.decision())).then(
        "Oriente"
    )


def test_une_divergence_avec_la_proposition_exige_un_motif() -> None:
    given(inscrit(), propose()).when(
        lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.AGENT, faits.decision())
    ).raises(DivergenceSansMotif)


def test_une_divergence_motivee_est_enregistree_comme_telle() -> None:
    d = faits.decision(motif="Freins de santé évoqués en entretien")
    (oriente_,) = (
        given(inscrit(), propose())
        .when(lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.AGENT, d))
        .then("Oriente")
    )
    assert oriente_.divergence


def test_une_orientation_decidee_ne_change_que_par_reorientation() -> None:
    given(inscrit(), propose(), oriente()).when(
        lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.AGENT, faits.decision(motif="autre avis"))
    ).raises(OrientationDejaDecidee)


def test_decider_la_meme_orientation_une_seconde_fois_ne_change_rien() -> None:
    given(inscrit(), propose(), oriente()).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.AGENT, faits.decision())
    ).then()


def test_la_notification_ouvre_le_mois_de_signature_du_contrat() -> None:
    (notifiee,) = (
        given(inscrit(), propose(), oriente())
        .when(lambda p: p.notifier_orientation(faits.decision(jour=date(2026, 1, 31)), faits.P))
        .then("OrientationNotifiee")
    )
    assert notifiee.date_limite_contrat == date(2026, 2, 28)
    assert notifiee.delai_contrat_mois == 1


def test_pas_de_notification_sans_orientation_decidee() -> None:
    given(inscrit()).when(lambda p: p.notifier_orientation(faits.decision(), faits.P)).raises(OrientationNonDecidee)


def test_le_referent_appartient_a_l_organisme_referent() -> None:
    given(inscrit(), propose(), oriente()).when(
        lambda p: p.designer_referent(faits.referent(Organisme.MISSION_LOCALE), faits.decision())
    ).raises(ReferentHorsOrganisme)


def test_le_referent_est_designe() -> None:
    given(inscrit(), propose(), oriente()).when(lambda p: p.designer_referent(faits.referent(), faits.decision())).then(
        "ReferentDesigne"
    )


def test_une_demande_de_reorientation_est_motivee() -> None:
    given(inscrit(), propose(), oriente()).when(lambda p: p.demander_reorientation(faits.decision())).raises(
        ReorientationSansMotif
    )


def test_pas_de_reorientation_sans_demande() -> None:
    given(inscrit(), propose(), oriente()).when(
        lambda p: p.reorienter(faits.SOCIAL_DEPARTEMENT, faits.decision())
    ).raises(ReorientationNonDemandee)


def test_la_reorientation_acceptee_demande_une_nouvelle_notification() -> None:
    scenario = given(inscrit(), propose(), oriente(), notifie(), reorientation_demandee())
    decision = faits.decision(jour=date(2025, 6, 15))
    (reoriente,) = scenario.when(lambda p: p.reorienter(faits.SOCIAL_DEPARTEMENT, decision)).then("Reoriente")
    assert reoriente.ancienne == faits.EMPLOI_FT
    assert not scenario.parcours.orientation_notifiee


def test_un_refus_de_reorientation_est_motive() -> None:
    scenario = given(inscrit(), propose(), oriente(), reorientation_demandee())
    scenario.when(lambda p: p.refuser_reorientation(faits.decision(jour=date(2025, 6, 15)))).raises(DecisionNonMotivee)
    refus = faits.decision(motif="Parcours adapté", jour=date(2025, 6, 15))
    scenario.when(lambda p: p.refuser_reorientation(refus)).then("ReorientationRefusee")


@pytest.mark.parametrize(
    ("motif", "responsable"),
    [
        (MotifInscription.DEMANDE, Organisme.FRANCE_TRAVAIL),
        (MotifInscription.DEMANDE_RSA, Organisme.DEPARTEMENT),
        (MotifInscription.CONJOINT_RSA, Organisme.DEPARTEMENT),
        (MotifInscription.SOLLICITATION_ML, Organisme.MISSION_LOCALE),
        (MotifInscription.SOLLICITATION_CAP_EMPLOI, Organisme.CAP_EMPLOI),
    ],
)
def test_avant_l_orientation_l_organisme_qui_oriente_a_la_charge_du_parcours(
    motif: MotifInscription, responsable: Organisme
) -> None:
    assert given(inscrit(motif)).parcours.organisme_responsable is responsable


def test_une_fois_oriente_l_organisme_referent_a_la_charge_du_parcours() -> None:
    scenario = given(inscrit(MotifInscription.DEMANDE_RSA), propose(), oriente(faits.EMPLOI_FT))
    assert scenario.parcours.organisme_responsable is Organisme.FRANCE_TRAVAIL
