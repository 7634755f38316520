"""The readers of the store heal themselves: on a private PostgreSQL cluster (``bench/grappe.py``, never
the shared server), restarted ``fast`` (clients disconnected) then ``immediate`` (a crash), the
projection runner, the API workers that follow it, the views applied in the service's own process,
the transparency log and the consultations writer all come back with backoff and go on where they were.
Each test waits on positions and conditions with a bounded deadline, never on a sleep."""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from uuid import uuid4

import pytest

from application.parcours import ParcoursApplication
from bench.grappe import Grappe
from infrastructure.composition import construire_application
from infrastructure.consultations import Consultation, EcrivainDeConsultations, journal_pour
from infrastructure.execution_projections import NOMS_DES_VUES, ProjectionsEnProcessus, rapport_des_vues
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.transparence.tenue import journal_pour as journal_de_transparence
from projections.reprise import TRANSITOIRES
from tests.infrastructure.attente import jusqu_a
from tests.support import faits
from tests.support.demandes import par

ARRETS = ("fast", "immediate")
BIN = Path(sys.executable).parent
DELAI = 30.0
"""Bounded deadline for a reader to come back after a restart (it takes one or two seconds)."""


@pytest.fixture(scope="module")
def grappe() -> Iterator[Grappe]:
    with Grappe() as grappe:
        yield grappe


@pytest.fixture
def reglages_grappe(grappe: Grappe, tmp_path: Path) -> Reglages:
    reglages = reglages_pour(f"{grappe.url}?schema=t_{uuid4().hex[:12]}")
    reglages = reglages.model_copy(update={"cle_signature": tmp_path / "cle-signature.pem"})
    migrer(reglages)
    return reglages


def inscrire(application: ParcoursApplication) -> int:
    """One registration, its store position returned. The writer's pool may hold connections the
    restart closed (writing is not under test here): tried again, within the deadline."""
    fin = time.monotonic() + DELAI
    while True:
        try:
            position = application.inscrire(par(), faits.inscription()).position
            assert position is not None
            return position
        except TRANSITOIRES:
            if time.monotonic() > fin:
                raise
            threading.Event().wait(0.1)


def journalisee_jusqu_a(application: ParcoursApplication, position: int) -> bool:
    """The transparency log holds the events up to ``position``."""
    return journal_de_transparence(application).tete()[1] == position


def test_le_projecteur_et_les_workers_qui_le_suivent_repartent_apres_chaque_redemarrage(
    grappe: Grappe, reglages_grappe: Reglages
) -> None:
    ecrivain, lue = construire_application(reglages_grappe), construire_application(reglages_grappe)
    env = {**os.environ, "DATABASE_URL": reglages_grappe.database_url,
           "PARCOURS_CLE_SIGNATURE": str(reglages_grappe.cle_signature)}  # fmt: skip
    runner = subprocess.Popen(  # the command itself, as production runs it
        [str(BIN / "parcours"), "projections", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    suiveuse = ProjectionsEnProcessus(lue, reglages_grappe, periode=60, appliquer=False)  # woken by NOTIFY only
    suiveuse.demarrer()
    try:
        assert suiveuse.attendre(inscrire(ecrivain), delai=DELAI)
        for arret_du_serveur in ARRETS:
            grappe.redemarrer(arret_du_serveur)  # type: ignore[arg-type]
            position = inscrire(ecrivain)

            assert suiveuse.attendre(position, delai=DELAI), arret_du_serveur
            jusqu_a(partial(journalisee_jusqu_a, ecrivain, position))
            assert runner.poll() is None, arret_du_serveur
        assert {(e.nom, e.retard, e.blocage) for e in rapport_des_vues(reglages_grappe)} == {
            (nom, 0, None) for nom in NOMS_DES_VUES
        }
    finally:
        runner.terminate()  # SIGTERM: the runner stops between two waits
        sortie, _ = runner.communicate(timeout=DELAI)
        suiveuse.arreter()
        ecrivain.close()
        lue.close()
    assert runner.returncode == 0, sortie
    assert "ecoute_interrompue" in sortie
    assert "ecoute_retablie" in sortie
    assert "Traceback" not in sortie


def test_les_vues_du_service_repartent_apres_chaque_redemarrage(grappe: Grappe, reglages_grappe: Reglages) -> None:
    application = construire_application(reglages_grappe)
    projections = ProjectionsEnProcessus(application, reglages_grappe, periode=60)
    projections.demarrer()
    try:
        assert projections.attendre(inscrire(application), delai=DELAI)
        for arret_du_serveur in ARRETS:
            grappe.redemarrer(arret_du_serveur)  # type: ignore[arg-type]

            position = inscrire(application)

            assert projections.attendre(position, delai=DELAI), arret_du_serveur
            assert projections.blocages == []
            jusqu_a(partial(journalisee_jusqu_a, application, position))
    finally:
        projections.arreter()
        application.close()


def test_le_journal_des_consultations_reprend_apres_chaque_redemarrage(
    grappe: Grappe, reglages_grappe: Reglages
) -> None:
    registre = journal_pour(reglages_grappe)
    ecrivain = EcrivainDeConsultations(registre, periode=60)  # only ``vider`` triggers a batch
    notees = []
    try:
        for arret_du_serveur in ARRETS:
            for avant_apres in ("avant", arret_du_serveur):
                if avant_apres != "avant":
                    grappe.redemarrer(arret_du_serveur)  # type: ignore[arg-type]
                une = Consultation("p-1", "audit-1", "auditeur", None, "GET /parcours", avant_apres, datetime.now(UTC))
                ecrivain.noter(une)
                notees.append(une)

                ecrivain.vider(delai=DELAI)

        assert [c.motif for c in registre.lister("p-1")] == [c.motif for c in reversed(notees)]
    finally:
        ecrivain.arreter()
        registre.fermer()
