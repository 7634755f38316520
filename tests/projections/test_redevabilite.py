"""Algorithm accountability in the indicators: override rate by rule and referential version, share of
proposals that read sensitive data, explanations answered within the month (DOMAIN §4; CRPA L.311-3-1)."""

from dataclasses import replace
from datetime import date

from projections.faits import Faits, LigneFaits
from projections.indicateurs import calculer
from projections.repartitions import ecarts_par_regle
from projections.vue import plier
from tests.support.scenario import (
    Etape,
    explication_communiquee,
    explication_demandee,
    given,
    inscrit,
    notifie,
    oriente,
    propose,
)


def plie(*etapes: Etape) -> LigneFaits:
    ligne: LigneFaits | None = plier(Faits(), given(*etapes).passe)
    assert ligne is not None
    return ligne


def test_les_faits_retiennent_la_regle_et_la_version_de_la_proposition_suivie() -> None:
    ligne = plie(inscrit(), propose(sensible=True), oriente())

    assert (ligne.referentiel, ligne.regle_proposee, ligne.donnee_sensible) == ("2025.1", "R04", True)


def test_le_taux_d_ecart_se_publie_par_regle_et_version_avec_le_secret() -> None:
    suivie = plie(inscrit(), propose(), oriente())
    ecartee = replace(suivie, divergence=True)
    lignes = [replace(suivie, parcours_id=f"s{i}") for i in range(54)]
    lignes += [replace(ecartee, parcours_id=f"e{i}") for i in range(6)]
    lignes += [replace(suivie, parcours_id=f"r{i}", regle_proposee="R02") for i in range(4)]
    lignes += [replace(suivie, parcours_id=f"q{i}", regle_proposee="R01") for i in range(20)]

    par_regle = {(e.referentiel, e.regle): e for e in ecarts_par_regle(lignes)}

    r04 = par_regle[("2025.1", "R04")]
    assert (r04.secret, r04.orientations, r04.taux_divergence, r04.part_donnee_sensible) == (False, 60, 0.1, 0.0)
    assert (par_regle[("2025.1", "R02")].secret, par_regle[("2025.1", "R02")].orientations) == (True, None)
    assert par_regle[("2025.1", "R01")].secret  # else the version's total would give R02 away


def test_les_explications_repondues_dans_le_mois_se_comptent() -> None:
    dans_le_mois = plie(inscrit(), propose(), oriente(), notifie(), explication_demandee(), explication_communiquee())
    en_retard = plie(
        inscrit(),
        propose(),
        oriente(),
        notifie(),
        explication_demandee(),
        explication_communiquee(jour=date(2025, 8, 1)),
    )
    lignes = [replace(dans_le_mois, parcours_id=f"a{i}") for i in range(45)]
    lignes += [replace(en_retard, parcours_id=f"b{i}") for i in range(15)]

    (cellule,), _ = calculer(lignes, au=date(2025, 9, 1))

    assert (cellule.explications_demandees, cellule.part_explications_dans_le_mois) == (60, 0.75)
