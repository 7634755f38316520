"""A store written by an earlier release is read by this one (issue 23): ``tests/donnees/magasin-v1.sqlite``,
written by the release of schema version 1 (``tests/donnees/generer_magasin_v1.py``), is migrated, every
parcours in it replayed, its seals and transparency log verified, every view rebuilt from it. A change that
can no longer read what was written before fails here: it needs an upcaster (docs/evenements.md), not a new
fixture."""

import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from domain.parcours import Parcours
from infrastructure.audit import verifier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import VUES
from infrastructure.migrations import TABLE_VERSION, VERSION_DU_SCHEMA, migrer, verifier_la_version, version_du_schema
from infrastructure.reglages import Mode, Reglages, reglages_pour
from projections.projecteur import Projecteur, evenements
from projections.stockage import VueMemoire

DONNEES = Path(__file__).resolve().parents[1] / "donnees"
TYPES_DE_LA_VERSION_1 = {
    "Inscrit", "OrientationProposee", "Oriente", "OrientationNotifiee", "EntretienOrientationTenu", "ReferentDesigne",
    "DiagnosticRealise", "DroitsDevoirsInformes", "DroitsDevoirsRevus", "ContratSigne", "ReorientationDemandee",
    "Reoriente", "ReorientationRefusee", "ManquementConstate", "ContradictoireOuvert", "ObservationsRecues",
    "AvisContradictoireReceptionne", "ProcedureClose", "SanctionDecidee", "SanctionNotifiee", "SanctionContestee",
    "RecoursTranche", "SanctionAnnulee", "SanctionReformee", "SuspensionLevee", "Sorti",
}  # fmt: skip


@pytest.fixture
def magasin_v1(tmp_path: Path) -> Reglages:
    """A copy of the version 1 store (the file in the repository stays as that release wrote it), in production
    mode: nothing is migrated behind the test's back."""
    shutil.copyfile(DONNEES / "magasin-v1.sqlite", tmp_path / "parcours.sqlite")
    shutil.copyfile(DONNEES / "magasin-v1.cle-signature.pem", tmp_path / "cle-signature.pem")
    return reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}").model_copy(
        update={"donnees": tmp_path, "cle_signature": tmp_path / "cle-signature.pem", "mode": Mode.PRODUCTION}
    )


def test_le_magasin_de_la_version_1_se_migre_se_rejoue_et_se_verifie(magasin_v1: Reglages) -> None:
    assert version_du_schema(magasin_v1) == 1

    migrer(magasin_v1)
    verifier_la_version(magasin_v1)

    assert version_du_schema(magasin_v1) == VERSION_DU_SCHEMA
    application = construire_application(magasin_v1)
    try:
        lus = list(evenements(application))
        types = Counter(type(e).__name__ for e in lus)
        assert set(types) >= TYPES_DE_LA_VERSION_1, TYPES_DE_LA_VERSION_1 - set(types)
        par_parcours = Counter(e.originator_id for e in lus)
        assert len(par_parcours) == 12
        for parcours_id, nombre in par_parcours.items():
            parcours: Parcours = application.repository.get(parcours_id)
            assert isinstance(parcours, Parcours)
            assert parcours.version == nombre
        assert verifier(application, magasin_v1) == []
        for vue in VUES:
            reconstruite = Projecteur(application, vue, VueMemoire())
            reconstruite.rattraper()
            assert reconstruite.position == application.recorder.max_notification_id(), vue.nom
    finally:
        application.close()


def test_la_version_1_a_ete_notee_avec_sa_date_et_la_version_du_logiciel(magasin_v1: Reglages) -> None:
    with closing(sqlite3.connect(magasin_v1.chemin_sqlite)) as connexion:
        ((version, appliquee_le, par),) = connexion.execute(f"SELECT * FROM {TABLE_VERSION}").fetchall()

    assert version == 1
    assert datetime.fromisoformat(appliquee_le).tzinfo is not None
    assert par == "0.1.0"
