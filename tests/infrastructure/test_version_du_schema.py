"""The schema's version (issue 23): ``parcours migrate`` records it; the service refuses, in one French line,
a store migrated by a later release, and one not migrated to its version yet."""

import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from cli.main import main
from infrastructure.migrations import (
    TABLE_VERSION,
    VERSION_DU_SCHEMA,
    SchemaAMigrer,
    SchemaTropRecent,
    migrer,
    verifier_la_version,
    version_du_schema,
)
from infrastructure.reglages import Mode, Reglages, reglages_pour


def noter(reglages: Reglages, version: int) -> None:
    """A row as a later (or earlier) release's migration would leave it."""
    if reglages.moteur == "postgres":
        with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
            table = sql.Identifier(reglages.schema_postgres, TABLE_VERSION)
            connexion.execute(sql.SQL("DELETE FROM {}").format(table))
            connexion.execute(sql.SQL("INSERT INTO {} VALUES (%s, now(), 'x')").format(table), (version,))
    else:
        with closing(sqlite3.connect(reglages.chemin_sqlite)) as fichier, fichier:
            fichier.execute(f"DELETE FROM {TABLE_VERSION}")
            fichier.execute(f"INSERT INTO {TABLE_VERSION} VALUES (?, '2030-01-01T00:00:00+00:00', 'x')", (version,))


def test_la_migration_note_la_version_du_schema_une_fois(reglages_persistants: Reglages) -> None:
    assert version_du_schema(reglages_persistants) is None

    etapes = migrer(reglages_persistants)
    migrer(reglages_persistants)

    assert version_du_schema(reglages_persistants) == VERSION_DU_SCHEMA
    assert etapes[-1].startswith(f"version du schéma : {VERSION_DU_SCHEMA} (sans version notée")
    verifier_la_version(reglages_persistants.model_copy(update={"mode": Mode.PRODUCTION}))


def test_un_schema_plus_recent_est_refuse_par_le_service_et_par_la_migration(reglages_persistants: Reglages) -> None:
    migrer(reglages_persistants)
    noter(reglages_persistants, VERSION_DU_SCHEMA + 1)

    with pytest.raises(SchemaTropRecent, match=f"en version {VERSION_DU_SCHEMA + 1}, plus récente"):
        verifier_la_version(reglages_persistants)
    with pytest.raises(SchemaTropRecent):
        migrer(reglages_persistants)


def test_un_schema_non_migre_fait_demander_parcours_migrate(reglages_persistants: Reglages) -> None:
    production = reglages_persistants.model_copy(update={"mode": Mode.PRODUCTION})
    with pytest.raises(SchemaAMigrer, match=r"sans version notée.*lancer `parcours migrate`"):
        verifier_la_version(production)
    migrer(reglages_persistants)
    noter(reglages_persistants, VERSION_DU_SCHEMA - 1)

    with pytest.raises(SchemaAMigrer, match=f"en version {VERSION_DU_SCHEMA - 1} ;"):
        verifier_la_version(production)
    migrer(reglages_persistants)  # brings it to this release's version
    verifier_la_version(production)


def test_sqlite_en_developpement_se_migre_au_demarrage_sans_rien_demander(tmp_path: Path) -> None:
    verifier_la_version(reglages_pour(f"sqlite:///{tmp_path / 'neuf.sqlite'}"))


def test_parcours_serve_refuse_un_schema_plus_recent_en_une_ligne(
    reglages_postgres: Reglages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrer(reglages_postgres)
    noter(reglages_postgres, VERSION_DU_SCHEMA + 1)
    monkeypatch.setenv("DATABASE_URL", reglages_postgres.database_url)
    monkeypatch.setenv("PARCOURS_DONNEES", str(tmp_path))

    code = main(["serve", "--port", "8999"])

    (ligne,) = capsys.readouterr().err.splitlines()
    assert code == 2
    assert ligne.startswith(f"parcours : le schéma du magasin est en version {VERSION_DU_SCHEMA + 1}")
