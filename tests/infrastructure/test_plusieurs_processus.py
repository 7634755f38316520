"""Beyond one process: two API workers and two projection runners on one PostgreSQL give the same views
as one process would — each event applied once, every view equal to a rebuild from zero, the audit chain
whole (issue 7 §4)."""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.audit import verifier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import VUES
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from infrastructure.transparence.tenue import journal_pour
from infrastructure.vues import stockage_pour
from projections.projecteur import Projecteur
from projections.stockage import VueMemoire
from tests.api.corps import CONTRAT, DIAGNOSTIC, DONNEES_EMPLOI, INSCRIPTION, le

BIN = Path(sys.executable).parent


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return int(prise.getsockname()[1])


@pytest.fixture
def service(reglages_postgres: Reglages, tmp_path: Path) -> Iterator[tuple[str, Reglages]]:
    """``parcours serve --workers 2`` following the views that two ``parcours projections run`` apply, two
    views each, on one migrated schema (the production layout on PostgreSQL). Two runners on the same
    views side by side are tested in ``test_execution_projections``."""
    reglages = reglages_postgres.model_copy(
        update={"cle_dev": tmp_path / "cle-dev.pem", "cle_signature": tmp_path / "cle-signature.pem"}
    )
    migrer(reglages)
    env = {**os.environ, "DATABASE_URL": reglages.database_url, "PARCOURS_CLE_DEV": str(reglages.cle_dev),
           "PARCOURS_CLE_SIGNATURE": str(reglages.cle_signature)}  # fmt: skip
    port = port_libre()
    api = [str(BIN / "parcours"), "serve", "--workers", "2", "--port", str(port)]
    suiveurs = {**env, "PARCOURS_PROJECTIONS": "externes"}  # the workers follow what the runners apply
    processus = [subprocess.Popen(api, env=suiveurs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)]
    run = [str(BIN / "parcours"), "projections", "run"]
    for vues in (
        ["--vue", "dossier", "--vue", "journal"],
        ["--vue", "corbeilles", "--vue", "faits", "--vue", "personnes"],
    ):
        processus.append(subprocess.Popen([*run, *vues], env=env, stdout=subprocess.DEVNULL, text=True))
    try:
        attendre_les_workers(processus[0], nombre=2)
        yield f"http://127.0.0.1:{port}", reglages
    finally:
        for p in processus:
            p.terminate()
        for p in processus:
            p.communicate(timeout=20)


def attendre_les_workers(serveur: subprocess.Popen[str], nombre: int) -> None:
    """Reads uvicorn's log until every worker has started (a blocking read: no polling, no sleep)."""
    assert serveur.stderr is not None
    demarres, journal = 0, []
    for ligne in serveur.stderr:
        journal.append(ligne)
        demarres += "Application startup complete" in ligne
        if demarres == nombre:
            return
    raise RuntimeError("uvicorn s'est arrêté avant que ses workers ne démarrent :\n" + "".join(journal[-20:]))


def parcours_complet(adresse: str, entetes: dict[str, str]) -> int:
    """One parcours to its contract; returns the store position of its last command."""
    with httpx.Client(base_url=adresse, headers=entetes, timeout=30) as client:
        corps = {**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, **le("2025-06-02")}  # before its notification
        chemin = f"/parcours/{client.post('/parcours', json=corps).json()['parcours_id']}"
        for suffixe, etape in (("/orientation/notification", le("2025-06-03")), ("/diagnostic", DIAGNOSTIC),
                               ("/contrat", CONTRAT)):  # fmt: skip
            reponse = client.post(f"{chemin}{suffixe}", json=etape)
            assert reponse.status_code == 200, reponse.text
        return int(reponse.json()["position"])


def lignes(projecteur: Projecteur) -> list[Any]:
    return sorted(projecteur.toutes_les_lignes(), key=repr)


def test_deux_workers_et_deux_projecteurs_donnent_les_vues_d_un_seul_processus(
    service: tuple[str, Reglages],
) -> None:
    adresse, reglages = service
    revendications = Revendications(sub="agent-42", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL,
                                    territoire="75")  # fmt: skip
    entetes = {"Authorization": f"Bearer {emettre_jeton_dev(reglages, revendications)}"}

    with ThreadPoolExecutor(max_workers=4) as fils:
        positions = list(fils.map(lambda _: parcours_complet(adresse, entetes), range(12)))
    lecture = httpx.get(f"{adresse}/corbeilles/a_orienter", params={"position_min": max(positions)}, headers=entetes)

    assert lecture.status_code == 200, lecture.text
    app = construire_application(reglages)
    try:
        assert app.recorder.max_notification_id() == 12 * 6  # Inscrit, proposé, orienté, notifié, diagnostic, contrat
        for vue in VUES:
            partagee = Projecteur(app, vue, stockage_pour(reglages, app, vue))
            reconstruite = Projecteur(app, vue, VueMemoire())
            reconstruite.rattraper()
            assert partagee.position == reconstruite.position == 72
            assert lignes(partagee) == lignes(reconstruite), vue.nom
        assert (journal_pour(app).tete()[1], verifier(app, reglages)) == (72, [])
    finally:
        app.close()
