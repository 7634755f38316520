"""The journal view as a pure fold: given events, then one row per event, in plain French."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import cast
from uuid import UUID

from pydantic import TypeAdapter

from domain.decision import Decision
from domain.evenements import EvenementParcours
from domain.horloge import sous_horloge
from domain.vocabulaire import (
    Allocation,
    IssueRecours,
    MotifInscription,
    MotifSortie,
)
from projections.journal import Journal, LigneJournal, texte
from tests.domain.chaque_evenement import (
    CONTRAT_DISPENSE,
    DROITS_REVUS,
    ENTRETIEN,
    RECTIFIE,
    REFORME,
    REORIENTATION_REFUSEE,
    ROUVERT,
    oriente_autrement,
    pas,
    propose_selon_le_referentiel,
)
from tests.support import faits
from tests.support.horloge import HorlogeDeTest
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    PARCOURS_ID,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    Etape,
    audition_tenue,
    avis_receptionne,
    contradictoire_ouvert,
    explication_communiquee,
    explication_demandee,
    given,
    informe,
    inscrit,
    manquement_constate,
    observations_recues,
    procedure_close,
    recours_introduit,
    recours_tranche,
    referent_designe,
    reorientation_demandee,
    reoriente,
    sanction_rsa_decidee,
    sorti,
    suspension_levee,
)


def lignes(*etapes: Etape) -> list[LigneJournal]:
    vue, resultat = Journal(), []
    for evenement in given(*etapes).passe:
        ligne = vue.evoluer(None, evenement)
        assert ligne is not None
        resultat.append(ligne)
    return resultat


def textes(*etapes: Etape) -> dict[str, str]:
    """The sentence of the last event of each type."""
    return {ligne.type: ligne.texte for ligne in lignes(*etapes)}


# --- rows -----------------------------------------------------------------------------------------


def test_une_ligne_par_evenement_dans_l_ordre() -> None:
    passe = given(*RADIE).passe
    journal = lignes(*RADIE)

    assert [ligne.type for ligne in journal] == [type(e).__name__ for e in passe]
    assert [ligne.version for ligne in journal] == list(range(1, len(passe) + 1))
    assert {ligne.parcours_id for ligne in journal} == {str(PARCOURS_ID)}


def test_la_cle_range_les_lignes_par_version() -> None:
    passe = given(*RADIE).passe
    vue = Journal()
    cles = [str(vue.cle(e)) for e in passe]

    assert len(passe) > 10  # versions of two digits must still sort after those of one
    assert cles[0] == f"{PARCOURS_ID}:0000000001"
    assert sorted(cles) == cles


def test_une_ligne_ecrite_ne_change_plus() -> None:
    premier, second = given(*ORIENTE_ET_NOTIFIE).passe[:2]
    vue = Journal()
    ligne = vue.evoluer(None, premier)

    assert vue.evoluer(ligne, second) is ligne


def test_la_ligne_fait_l_aller_retour_en_json_comme_le_projecteur_l_ecrit() -> None:
    adaptateur = TypeAdapter(LigneJournal)
    for ligne in lignes(RADIE[0], propose_selon_le_referentiel(), *RADIE[2:]):
        assert adaptateur.validate_json(adaptateur.dump_json(ligne)) == ligne


# --- sentences ------------------------------------------------------------------------------------


def test_l_orientation_et_le_contrat_se_lisent_en_francais() -> None:
    assert textes(*SOUS_CONTRAT, referent_designe(), informe(), DROITS_REVUS, CONTRAT_DISPENSE) == {
        "Inscrit": "Inscription en ligne (demande de la personne), département 75, bassin Paris",
        "OrientationProposee": "Orientation proposée par l'algorithme, référentiel orientation 2025.1, règle R04 : "
        "France Travail, parcours emploi",
        "Oriente": "Orienté vers France Travail, parcours emploi, par un agent",
        "OrientationNotifiee": "Orientation notifiée le 03/06/2025 : contrat à signer au plus tard le 03/07/2025",
        "DiagnosticRealise": "Diagnostic global réalisé avec la personne (version 1) : mobilité, frein moyen",
        "ContratSigne": "Contrat d'engagement signé (version 1) : 15 h par semaine",
        "ReferentDesigne": "Référent désigné : agent-42 (France Travail)",
        "DroitsDevoirsInformes": "Personne informée de ses droits et devoirs",
        "DroitsDevoirsRevus": "Droits et devoirs revus : prochaine revue le 10/12/2025",
        "ContratMisAJour": "Contrat d'engagement mis à jour (version 2) : 0 h par semaine (dispense : santé)",
    }


def test_une_orientation_qui_s_ecarte_de_la_proposition_le_dit() -> None:
    etapes = (inscrit(MotifInscription.DEMANDE_RSA), propose_selon_le_referentiel(), ENTRETIEN, oriente_autrement())

    assert textes(*etapes) == {
        "Inscrit": "Inscription en ligne (demande de RSA), département 75, bassin Paris",
        "OrientationProposee": "Orientation proposée par l'algorithme, référentiel orientation 2025.1, règle R04 : "
        "France Travail, parcours emploi ; donnée sensible : validation par un agent requise",
        "EntretienOrientationTenu": "Entretien d'orientation tenu par un conseiller",
        "Oriente": "Orienté vers le conseil départemental, parcours social, par un agent (écart avec la proposition)",
    }


def test_la_reorientation_se_lit_en_francais() -> None:
    acceptee = textes(*SOUS_CONTRAT, reorientation_demandee(), reoriente())
    refusee = textes(*ORIENTE_ET_NOTIFIE, reorientation_demandee(), REORIENTATION_REFUSEE)

    assert acceptee["ReorientationDemandee"] == "Réorientation demandée par un conseiller"
    assert acceptee["Reoriente"] == (
        "Réorienté vers le conseil départemental, parcours social, par un conseiller "
        "(auparavant France Travail, parcours emploi)"
    )
    assert refusee["ReorientationRefusee"] == "Demande de réorientation refusée par un conseiller"


def test_la_procedure_de_sanction_se_lit_en_francais() -> None:
    assert textes(*SANCTION_NOTIFIEE, suspension_levee()) == textes(*SOUS_CONTRAT) | {
        "ManquementConstate": "Manquement constaté : assiduité (1 preuve)",
        "ContradictoireOuvert": "Contradictoire ouvert : suspension de 30 % pendant 1 mois envisagée sur l'ARE, "
        "avis à la personne",
        "AvisContradictoireReceptionne": "Avis reçu le 01/07/2025 : observations possibles jusqu'au 11/07/2025",
        "SanctionDecidee": "Sanction décidée par France Travail : suspension de 30 % pendant 1 mois sur l'ARE",
        "SanctionNotifiee": "Sanction notifiée le 16/07/2025 : recours possible jusqu'au 16/09/2025 "
        "(médiation préalable)",
        "SuspensionLevee": "Suspension levée : la personne s'est remobilisée",
    }


def test_un_avertissement_envisage_s_accorde_au_masculin() -> None:
    etapes = (*SOUS_CONTRAT, manquement_constate(), contradictoire_ouvert(envisagee=faits.avertissement()))

    assert textes(*etapes)["ContradictoireOuvert"] == (
        "Contradictoire ouvert : avertissement envisagé sur l'ARE, avis à la personne"
    )


def test_observations_audition_et_cloture_sans_sanction_se_lisent_en_francais() -> None:
    assert textes(
        *DELAI_ECOULE, observations_recues(), audition_tenue(), audition_tenue(assistee_par=None), procedure_close()
    ) == textes(*DELAI_ECOULE) | {
        "ObservationsRecues": "Observations écrites reçues de la personne",
        "AuditionTenue": "Audition tenue : personne entendue sans assistance",
        "ProcedureClose": "Procédure close sans sanction, motif légitime reconnu par un conseiller",
    }
    assert textes(*DELAI_ECOULE, audition_tenue())["AuditionTenue"] == (
        "Audition tenue : personne entendue avec l'assistance d'une personne de son choix"
    )


def test_la_radiation_et_le_recours_hors_delai_se_lisent_en_francais() -> None:
    annule = textes(
        *RADIE,
        recours_introduit("s2", jour=date(2025, 10, 20)),
        recours_tranche("s2", issue=IssueRecours.ANNULATION, jour=date(2025, 11, 3)),
    )

    assert annule["Radie"] == "Radiation du 20/08/2025 au 20/12/2025 à la suite d'une suppression totale"
    assert annule["SanctionContestee"] == "Recours introduit hors délai (médiation préalable)"
    assert annule["RecoursTranche"] == "Recours tranché par France Travail : annulation de la sanction"
    assert annule["SanctionAnnulee"] == "Sanction annulée sur recours"


def test_une_sanction_reformee_sur_recours_se_lit_en_francais() -> None:
    reforme = textes(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)), REFORME)
    rejete = textes(*SANCTION_NOTIFIEE, recours_introduit(), recours_tranche())

    assert reforme["SanctionContestee"] == "Recours introduit (médiation préalable)"
    assert reforme["RecoursTranche"] == "Recours tranché par France Travail : réformation de la sanction"
    assert reforme["SanctionReformee"] == (
        "Sanction réformée sur recours : suppression de 100 % pendant 2 mois sur l'ARE, radiation jusqu'au "
        "20/10/2025 ; nouvelle notification à faire"
    )
    assert rejete["RecoursTranche"] == "Recours tranché par France Travail : rejet"


def test_sortie_reouverture_et_rectification_se_lisent_en_francais() -> None:
    journal = textes(*ORIENTE_ET_NOTIFIE, RECTIFIE, sorti(MotifSortie.FORMATION), ROUVERT)

    assert journal["EvenementRectifie"] == "Rectification de l'événement n° 3, champ corrigé : structure"
    assert journal["Sorti"] == "Sortie du parcours : entrée en formation"
    assert journal["Reouvert"] == (
        "Parcours rouvert par une nouvelle inscription par le flux CAF (conjoint d'un demandeur de RSA), département 75"
    )


@dataclass
class EvenementFutur:
    originator_id: UUID = PARCOURS_ID
    originator_version: int = 99
    timestamp: datetime = datetime(2026, 1, 5, 9, tzinfo=UTC)
    decision: Decision = field(default_factory=faits.decision)


@dataclass
class EvenementSansDecision:
    originator_id: UUID = PARCOURS_ID
    originator_version: int = 100
    timestamp: datetime = datetime(2026, 1, 6, 9, tzinfo=UTC)


def test_un_evenement_inconnu_se_lit_par_son_nom() -> None:
    # Events of a later version: classes this code does not know, read back all the same.
    futur = Journal().evoluer(None, cast(EvenementParcours, EvenementFutur()))
    nu = Journal().evoluer(None, cast(EvenementParcours, EvenementSansDecision()))

    assert texte(cast(EvenementParcours, EvenementFutur())) == "EvenementFutur"
    assert futur is not None
    assert (futur.type, futur.texte, futur.auteur_id, futur.version) == (
        "EvenementFutur",
        "EvenementFutur",
        "agent-42",
        99,
    )
    assert nu is not None
    assert (nu.texte, nu.auteur_type, nu.fondement, nu.effective_le) == (
        "EvenementSansDecision",
        None,
        (),
        datetime(2026, 1, 6, 9, tzinfo=UTC),
    )


# --- who, on what basis, with which inputs --------------------------------------------------------


def test_l_auteur_et_l_autorite_de_la_sanction_sont_rendus() -> None:
    rsa = faits.suspension(allocation=Allocation.RSA)
    etapes = (*SOUS_CONTRAT, manquement_constate(), contradictoire_ouvert(envisagee=rsa), avis_receptionne())
    decidee = lignes(*etapes, sanction_rsa_decidee())[-1]

    assert decidee.texte == (
        "Sanction décidée par le président du conseil départemental : suspension de 30 % pendant 1 mois sur le RSA"
    )
    assert (decidee.auteur_type, decidee.auteur_id, decidee.auteur_organisme) == ("autorite", "pcd-75", "CD-75")
    assert decidee.autorite == "PRESIDENT_CONSEIL_DEPARTEMENTAL CD-75"
    assert decidee.fondement == ("CT R.5412-8", "décret 2025-478")


def test_une_etape_sans_autorite_n_en_affiche_pas() -> None:
    ligne = lignes(*PROCEDURE_OUVERTE)[-1]

    assert (ligne.type, ligne.auteur_type, ligne.auteur_organisme, ligne.autorite) == (
        "ContradictoireOuvert",
        "conseiller",
        "FT-75-012",
        None,
    )


def test_le_fondement_joint_les_articles_de_l_etape_et_le_referentiel_cite() -> None:
    proposee = lignes(inscrit(), propose_selon_le_referentiel())[-1]
    levee = lignes(*SANCTION_NOTIFIEE, suspension_levee())[-1]

    assert proposee.fondement == (
        "CT L.5411-5-1 III",
        "CRPA L.311-3-1",
        "arrêté du 21/11/2024",
        "référentiel orientation 2025.1 (R04)",
    )
    assert levee.fondement == ("CT R.5412-8",)


def test_les_criteres_sont_rendus_avec_leur_source_leur_date_et_leur_sensibilite() -> None:
    proposee = lignes(inscrit(), propose_selon_le_referentiel())[-1]

    assert proposee.criteres == (
        "age = 30 (déclaration, 01/06/2025)",
        "boe = oui (déclaration, 01/06/2025) — donnée sensible",
    )


def test_le_motif_reste_dans_sa_colonne_hors_de_la_phrase() -> None:
    oriente = lignes(inscrit(), propose_selon_le_referentiel(), oriente_autrement())[-1]

    assert oriente.motif == "Logement très précaire révélé en entretien"
    assert "Logement" not in oriente.texte


def test_le_temps_metier_et_le_temps_d_enregistrement_restent_distincts() -> None:
    notifiee_le_3_juin = pas(lambda p: p.notifier_orientation(faits.decision(jour=date(2025, 6, 3)), faits.P))
    with sous_horloge(HorlogeDeTest(datetime(2025, 6, 5, 8, tzinfo=UTC))):  # typed in two days later
        notifiee = lignes(*ORIENTE_ET_NOTIFIE[:-1], notifiee_le_3_juin)[-1]

    assert notifiee.effective_le == faits.le(date(2025, 6, 3))
    assert notifiee.enregistre_le == datetime(2025, 6, 5, 8, tzinfo=UTC)


def test_la_demande_d_explication_et_sa_reponse_se_lisent_avec_leur_delai() -> None:
    journal = textes(*ORIENTE_ET_NOTIFIE, explication_demandee(), explication_communiquee(jour=date(2025, 7, 25)))

    assert journal["ExplicationDemandee"] == (
        "Explication de la décision algorithmique demandée par la personne : réponse due au plus tard le 20/07/2025"
    )
    assert journal["ExplicationCommuniquee"] == "Explication communiquée par un conseiller, hors du délai d'un mois"
