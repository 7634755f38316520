"""Runners log their progress (issue 23): at most every interval, one line when something moved, with each
view's position, its speed and its lag; nothing when nothing moved; counters only, no event's content."""

from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
import structlog

from application.parcours import ParcoursApplication
from infrastructure import progression as module
from infrastructure.execution_projections import NOMS_DES_VUES, ProjectionsEnProcessus, progression_des_vues
from infrastructure.progression import Progression
from infrastructure.reglages import Reglages
from tests.support import faits
from tests.support.demandes import par


class Horloge:
    def __init__(self) -> None:
        self.instant = 100.0

    def __call__(self) -> float:
        return self.instant


@pytest.fixture
def lignes() -> Iterator[list[MutableMapping[str, Any]]]:
    """The progress lines, whatever test configured structlog first (``tests/infrastructure/traces.py``)."""
    with structlog.testing.capture_logs() as journaux, pytest.MonkeyPatch.context() as remplacer:
        remplacer.setattr(module, "journal", structlog.get_logger())
        yield journaux


def test_une_ligne_par_intervalle_quand_un_compteur_a_bouge_et_aucune_sinon(
    lignes: list[MutableMapping[str, Any]],
) -> None:
    compteurs, horloge = {"envoyes": 0}, Horloge()
    suivi = Progression("x_progression", lambda: dict(compteurs), 3600, champ="total", horloge=horloge)
    suivi.demarrer()
    try:
        compteurs["envoyes"], horloge.instant = 50, 110.0
        suivi.noter()
        horloge.instant = 120.0
        suivi.noter()  # nothing moved: no line
        compteurs["envoyes"], horloge.instant = 60, 125.0
        suivi.noter()
    finally:
        suivi.arreter()

    assert [(ligne["event"], ligne["envoyes"], ligne["duree_s"]) for ligne in lignes] == [
        ("x_progression", {"total": 50, "par_seconde": 5.0}, 10.0),
        ("x_progression", {"total": 60, "par_seconde": 2.0}, 5.0),
    ]


def test_un_compteur_illisible_est_dit_sans_arreter_le_suivi(lignes: list[MutableMapping[str, Any]]) -> None:
    def en_panne() -> dict[str, int]:
        raise ConnectionError("mot de passe=secret")

    suivi = Progression("x_progression", en_panne, 3600)
    suivi.noter()

    ((ligne),) = lignes
    assert ligne["event"] == "progression_illisible"
    assert "secret" not in repr(ligne)


def test_la_progression_des_vues_dit_leur_position_leur_vitesse_et_leur_retard(
    app: ParcoursApplication, reglages: Reglages, lignes: list[MutableMapping[str, Any]]
) -> None:
    en_processus = ProjectionsEnProcessus(app, reglages, periode=3600)
    suivi = progression_des_vues(en_processus, 3600)
    suivi.demarrer()
    try:
        app.inscrire(par(), faits.inscription())
        en_processus.rattraper()
        suivi.noter()
    finally:
        suivi.arreter()

    (ligne,) = lignes
    fin = app.recorder.max_notification_id()
    assert ligne["event"] == "projections_progression"
    assert {nom: ligne[nom]["position"] for nom in NOMS_DES_VUES} == dict.fromkeys(NOMS_DES_VUES, fin)
    assert ligne["retard"] == dict.fromkeys(NOMS_DES_VUES, 0)
    assert (ligne["fin"], ligne["bloquees"]) == (fin, [])
