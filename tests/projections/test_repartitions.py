"""The breakdowns beside the indicators: entries by characteristics, exits, modes, the réorientations
matrix and remedies by authority — given events, then facts; given facts, then published tables."""

from dataclasses import replace
from datetime import date

from projections.faits import Faits, LigneFaits, Reorientation
from projections.repartitions import recours_par_autorite, repartitions
from projections.vue import plier
from tests.support.scenario import (
    ORIENTE_ET_NOTIFIE,
    SANCTION_NOTIFIEE,
    Etape,
    given,
    inscrit,
    oriente,
    propose_selon,
    recours_introduit,
    reorientation_demandee,
    reoriente,
    sorti,
)


def plie(*etapes: Etape) -> LigneFaits:
    ligne: LigneFaits | None = plier(Faits(), given(*etapes).passe)
    assert ligne is not None
    return ligne


def entrant(i: int, **caracteristiques: object) -> LigneFaits:
    base = LigneFaits(f"p{i}", "75", "FRANCE_TRAVAIL", "EMPLOI", "2025-06", date(2025, 6, 2))
    return replace(base, **caracteristiques)  # type: ignore[arg-type]


def test_les_caracteristiques_de_l_entree_viennent_de_la_premiere_proposition() -> None:
    ligne = plie(
        inscrit(),
        propose_selon(age=24, boe=True, niveau_formation="NV4"),
        propose_selon(age=52, boe=False),
    )

    assert (ligne.motif, ligne.canal) == ("demande", "en_ligne")
    assert (ligne.tranche_age, ligne.handicap, ligne.niveau_formation) == ("moins_de_26_ans", "oui", "NV4")


def test_une_reorientation_se_note_de_l_organisme_d_origine_vers_celui_de_destination() -> None:
    ligne = plie(inscrit(), oriente(), reorientation_demandee(), reoriente())

    assert ligne.reorientations == (Reorientation("2025-06", "FRANCE_TRAVAIL", "DEPARTEMENT"),)


def test_la_sortie_garde_son_motif_et_son_mois() -> None:
    ligne = plie(*ORIENTE_ET_NOTIFIE, sorti())

    assert (ligne.sorti, ligne.sortie_motif, ligne.sortie_mois) == (True, "emploi_durable", "2025-06")


def test_la_sanction_retient_son_autorite_et_ses_recours() -> None:
    ligne = plie(*SANCTION_NOTIFIEE, recours_introduit())

    (sanction,) = ligne.sanctions
    assert (sanction.procedure_id, sanction.autorite, sanction.recours) == ("s1", "FRANCE_TRAVAIL", 1)


def test_une_modalite_de_7_entrees_est_cachee_avec_la_plus_petite_autre_de_son_mois() -> None:
    lignes = (
        [entrant(i, canal="en_ligne") for i in range(30)]
        + [entrant(100 + i, canal="guichet") for i in range(15)]
        + [entrant(200 + i, canal="flux_caf") for i in range(7)]
    )

    canaux = {r.modalite: r for r in repartitions(lignes) if r.tableau == "entrees_par_canal"}

    assert (canaux["flux_caf"].secret, canaux["flux_caf"].effectif) == (True, None)
    assert (canaux["guichet"].secret, canaux["guichet"].effectif) == (True, None)  # 52 - 30 - 15 would give 7
    assert (canaux["en_ligne"].secret, canaux["en_ligne"].effectif) == (False, 30)


def test_la_matrice_des_reorientations_compte_chaque_corde_de_rappel_dans_son_mois() -> None:
    corde = Reorientation("2025-09", "FRANCE_TRAVAIL", "DEPARTEMENT")
    lignes = [entrant(i, reorientations=(corde,)) for i in range(12)] + [entrant(99)]

    (cellule,) = [r for r in repartitions(lignes) if r.tableau == "reorientations"]

    assert (cellule.mois, cellule.modalite, cellule.effectif) == ("2025-09", "FRANCE_TRAVAIL>DEPARTEMENT", 12)


def test_les_recours_se_rapportent_a_l_autorite_qui_a_sanctionne() -> None:
    contestee, acceptee = plie(*SANCTION_NOTIFIEE, recours_introduit()), plie(*SANCTION_NOTIFIEE)
    lignes = [replace(contestee, parcours_id=f"c{i}") for i in range(30)]
    lignes += [replace(acceptee, parcours_id=f"a{i}") for i in range(30)]

    (autorite,) = recours_par_autorite(lignes)

    assert (autorite.autorite, autorite.sanctions, autorite.taux_contestation) == ("FRANCE_TRAVAIL", 60, 0.5)
    assert autorite.taux_infirmation is None  # no remedy decided yet: no rate
