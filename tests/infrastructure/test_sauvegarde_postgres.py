"""The backup and restore procedure of docs/exploitation.md, run (issue 23): a schema dumped with ``pg_dump``
and restored with ``pg_restore`` into a fresh database reads back the same events, opens them with the same
keys, and passes the audit (seals, transparency log and its signed checkpoint, consultations)."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from infrastructure.audit import verifier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.migrations import VERSION_DU_SCHEMA, migrer, verifier_la_version, version_du_schema
from infrastructure.reglages import Mode, Reglages, reglages_pour
from infrastructure.transparence.tenue import journal_a_jour
from tests.conftest import SERVEUR_POSTGRES
from tests.support import faits
from tests.support.demandes import par


def binaire(nom: str) -> str:
    """``pg_dump`` and ``pg_restore`` of the client installed (never older than the server: they refuse it)."""
    chemin = shutil.which(nom) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{nom}"))), None)
    assert chemin is not None, f"{nom} introuvable (paquet postgresql-client)"
    return str(chemin)


@pytest.fixture
def base_vierge() -> Iterator[str]:
    """A database of its own, empty, dropped afterwards: where a backup is restored."""
    nom = f"parcours_restauration_{uuid4().hex[:8]}"
    with psycopg.connect(SERVEUR_POSTGRES, autocommit=True) as serveur:
        serveur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    yield nom
    with psycopg.connect(SERVEUR_POSTGRES, autocommit=True) as serveur:
        serveur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nom)))


def ecrire_des_parcours(application: ParcoursApplication, reglages: Reglages) -> None:
    """Three parcours, the views and the transparency log up to date, a checkpoint signed."""
    for _ in range(3):
        inscrit = application.inscrire(par(), faits.inscription())
        application.informer_droits_devoirs(application.parcours(inscrit.parcours_id), par())
    ProjectionsEnProcessus(application, reglages, periode=3600).rattraper()
    assert journal_a_jour(application, reglages) is not None


def test_un_schema_sauvegarde_par_pg_dump_se_restaure_et_passe_l_audit(
    reglages_postgres: Reglages, base_vierge: str, tmp_path: Path
) -> None:
    origine = reglages_postgres.model_copy(  # in development: the signing key is made on first use
        update={"donnees": tmp_path, "cle_signature": tmp_path / "cle-signature.pem"}
    )
    migrer(origine)
    application = construire_application(origine)
    try:
        ecrire_des_parcours(application, origine)
        ecrits = application.recorder.select_notifications(start=0, limit=1000)
    finally:
        application.close()
    sauvegarde = tmp_path / "parcours.dump"

    subprocess.run(
        [binaire("pg_dump"), "--format=custom", f"--schema={origine.schema_postgres}", f"--file={sauvegarde}",
         origine.conninfo_postgres()],
        check=True, timeout=60,
    )  # fmt: skip
    url = urlsplit(origine.conninfo_postgres())._replace(path=f"/{base_vierge}").geturl()
    subprocess.run(
        [binaire("pg_restore"), "--exit-on-error", "--no-owner", f"--dbname={url}", str(sauvegarde)],
        check=True, timeout=60,
    )  # fmt: skip

    restauree = reglages_pour(f"{url}?schema={origine.schema_postgres}").model_copy(
        update={"donnees": tmp_path, "cle_signature": origine.cle_signature, "mode": Mode.PRODUCTION}
    )  # in production: the keys restored are the ones used, none made anew
    assert version_du_schema(restauree) == VERSION_DU_SCHEMA
    verifier_la_version(restauree)  # the service starts on it without a migration
    copie = construire_application(restauree)
    try:
        relus = copie.recorder.select_notifications(start=0, limit=1000)
        assert [(n.id, n.originator_id, n.topic, n.state) for n in relus] == [
            (n.id, n.originator_id, n.topic, n.state) for n in ecrits
        ]
        parcours = {UUID(str(n.originator_id)) for n in relus if n.topic.startswith("parcours:")}
        assert len(parcours) == 3
        assert all(isinstance(copie.repository.get(p), Parcours) for p in parcours)  # the keys open them
        assert verifier(copie, restauree) == []
    finally:
        copie.close()
