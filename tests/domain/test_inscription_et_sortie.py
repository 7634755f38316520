"""Inscription, sortie, réouverture, rectification."""

from datetime import date
from typing import Any

import pytest

from domain.parcours import Parcours
from domain.regles.parcours import EvenementARectifierInconnu, ParcoursSorti, ReinscriptionPendantRadiation
from domain.regles.sanction import RadiationSansSuppressionTotale
from domain.vocabulaire import ModeOrientation, MotifInscription, MotifSortie, Statut, TypeRecours
from tests.support import faits
from tests.support.scenario import (
    PARCOURS_ID,
    RADIE,
    SANCTION_NOTIFIEE,
    given,
    inscrit,
    oriente,
    propose,
    sorti,
)


def test_l_inscription_ouvre_le_parcours_et_porte_son_fondement() -> None:
    parcours = Parcours.inscrire(faits.inscription(), faits.decision(), PARCOURS_ID)

    evenements: list[Any] = list(parcours.collect_events())
    (inscrit_,) = evenements
    assert type(inscrit_).__name__ == "Inscrit"
    assert parcours.statut is Statut.EN_COURS
    assert "CT L.5411-1" in inscrit_.decision.fondement.articles
    assert inscrit_.decision.auteur == faits.CONSEILLER


def test_la_sortie_clot_le_parcours() -> None:
    given(inscrit()).when(lambda p: p.sortir(MotifSortie.EMPLOI_DURABLE, faits.decision())).then("Sorti")


def test_rien_apres_la_sortie_sauf_la_reouverture() -> None:
    given(inscrit(), sorti()).when(
        lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.AGENT, faits.decision())
    ).raises(ParcoursSorti)


def test_sortir_deux_fois_ne_change_rien() -> None:
    given(inscrit(), sorti()).when(lambda p: p.sortir(MotifSortie.EMPLOI_DURABLE, faits.decision())).then()


def test_une_radiation_ne_passe_pas_par_une_simple_sortie() -> None:
    given(inscrit()).when(lambda p: p.sortir(MotifSortie.RADIATION, faits.decision())).raises(
        RadiationSansSuppressionTotale
    )


def test_la_reouverture_recommence_l_orientation() -> None:
    scenario = given(inscrit(), propose(), oriente(), sorti())
    scenario.when(lambda p: p.rouvrir(faits.inscription(), faits.decision(jour=date(2025, 9, 1)))).then("Reouvert")
    assert scenario.parcours.statut is Statut.EN_COURS
    assert scenario.parcours.orientation is None


def test_pas_de_reinscription_pendant_la_radiation_sans_demande_de_rsa() -> None:
    given(*RADIE).when(lambda p: p.rouvrir(faits.inscription(), faits.decision(jour=date(2025, 9, 1)))).raises(
        ReinscriptionPendantRadiation
    )


@pytest.mark.parametrize("motif", [MotifInscription.DEMANDE_RSA, MotifInscription.CONJOINT_RSA])
def test_la_demande_de_rsa_permet_la_reinscription_pendant_la_radiation(motif: MotifInscription) -> None:
    given(*RADIE).when(lambda p: p.rouvrir(faits.inscription(motif), faits.decision(jour=date(2025, 9, 1)))).then(
        "Reouvert"
    )


def test_la_reinscription_est_libre_a_la_fin_de_la_radiation() -> None:
    given(*RADIE).when(lambda p: p.rouvrir(faits.inscription(), faits.decision(jour=date(2025, 12, 20)))).then(
        "Reouvert"
    )


def test_la_rectification_reference_l_evenement_sans_le_modifier() -> None:
    scenario = given(inscrit(), propose())
    (rectifie,) = scenario.when(
        lambda p: p.rectifier(2, {"criteres.age": "31"}, faits.decision(motif="Âge mal saisi"))
    ).then("EvenementRectifie")
    assert rectifie.version_rectifiee == 2
    assert scenario.passe[1].decision.criteres[0].valeur == 30


def test_on_ne_rectifie_qu_un_evenement_existant() -> None:
    given(inscrit()).when(lambda p: p.rectifier(7, {"x": "y"}, faits.decision(motif="erreur"))).raises(
        EvenementARectifierInconnu
    )


def test_un_recours_reste_ouvert_apres_la_sortie() -> None:
    given(*SANCTION_NOTIFIEE, sorti()).when(
        lambda p: p.introduire_recours(
            "s1", "r1", TypeRecours.MEDIATION_PREALABLE, faits.decision(jour=date(2025, 9, 1))
        )
    ).then("SanctionContestee")
