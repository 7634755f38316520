"""Writes ``tests/donnees/magasin-v1.sqlite`` (with ``magasin-v1.cle-signature.pem``): a store written by the
release whose schema is version 1, read back by every later release (``test_magasin_anterieur.py``).

Run once, by the release that introduced the version, never again for it (the point is that the file was
written by that release's code). A release that moves ``VERSION_DU_SCHEMA`` to N writes its own
``magasin-vN.sqlite`` the same way and keeps the earlier ones::

    .venv/bin/python -m tests.donnees.generer_magasin_v1

The demo (12 parcours, seed 1) goes through the 26 event types it knows; the views and the transparency log
are brought up to date and a checkpoint is signed, so that the file holds every table the release writes.
The keys are the suite's fake ones (``tests/conftest.py``): the file holds synthetic data only.
"""

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import date
from pathlib import Path

ICI = Path(__file__).resolve().parent
CLES = {
    "PARCOURS_CLE_MAITRE": "dGVzdHMtcGFyY291cnMtY2xlLW1haXRyZS0zMi1vY3Q=",
    "PARCOURS_CLE_EMPREINTES": "dGVzdHMtcGFyY291cnMtZW1wcmVpbnRlcy0zMi1vY3Q=",
    "PARCOURS_CLE_SCEAU": "dGVzdHMtcGFyY291cnMtY2xlLXNjZWF1LTMyLW9jdHM=",
}
"""The suite's keys (``tests/conftest.py``): the file is read by the suite."""
NOMBRE, GRAINE, DEPUIS = 12, 1, date(2025, 1, 6)


def generer(destination: Path) -> None:
    os.environ.update(CLES)
    from cli.demo.generateur import HorlogePilotee  # noqa: PLC0415 - after the keys are set
    from cli.demo.generateur import generer as generer_la_demo  # noqa: PLC0415
    from infrastructure.composition import construire_application  # noqa: PLC0415
    from infrastructure.execution_projections import ProjectionsEnProcessus  # noqa: PLC0415
    from infrastructure.migrations import migrer  # noqa: PLC0415
    from infrastructure.reglages import reglages_pour  # noqa: PLC0415
    from infrastructure.transparence.tenue import journal_a_jour  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "parcours.sqlite"
        reglages = reglages_pour(f"sqlite:///{fichier}").model_copy(
            update={"donnees": Path(dossier), "cle_signature": Path(dossier) / "cle-signature.pem"}
        )
        migrer(reglages)
        horloge = HorlogePilotee.au(DEPUIS)
        application = construire_application(reglages, horloge)
        try:
            bilan = generer_la_demo(application, NOMBRE, GRAINE, DEPUIS, horloge)
            assert not bilan.refus, bilan.refus
            ProjectionsEnProcessus(application, reglages, periode=3600).rattraper()  # views and log
            assert journal_a_jour(application, reglages) is not None  # a signed checkpoint
        finally:
            application.close()
        with closing(sqlite3.connect(fichier)) as connexion:
            connexion.execute("VACUUM")
        shutil.copyfile(fichier, destination)
        shutil.copyfile(reglages.cle_signature, destination.with_suffix(".cle-signature.pem"))
        print(f"{destination} : {len(bilan.parcours)} parcours, {sum(bilan.evenements.values())} événements, "
              f"{len(bilan.evenements)} types, {destination.stat().st_size} octets")  # fmt: skip


if __name__ == "__main__":
    generer(ICI / "magasin-v1.sqlite")
