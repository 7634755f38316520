"""DATABASE_URL chooses the store; without it, SQLite in var/ (a fresh machine needs no server)."""

from pathlib import Path

import pytest

from infrastructure.reglages import SQLITE_PAR_DEFAUT, ReglageInvalide, Reglages


def test_sans_database_url_le_magasin_est_sqlite_dans_var() -> None:
    reglages = Reglages.depuis_environnement({})

    assert reglages.moteur == "sqlite"
    assert reglages.chemin_sqlite == SQLITE_PAR_DEFAUT


def test_un_chemin_sqlite_absolu_est_garde(tmp_path: Path) -> None:
    fichier = tmp_path / "sous" / "dossier" / "p.sqlite"

    env = Reglages(f"sqlite:///{fichier}").environnement_persistance()

    assert env == {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(fichier)}
    assert fichier.parent.is_dir()


def test_une_url_postgresql_devient_les_reglages_de_la_bibliotheque() -> None:
    reglages = Reglages.depuis_environnement(
        {"DATABASE_URL": "postgresql://alice:s%40cret@db.local:6543/parcours?schema=prod"}
    )

    env = reglages.environnement_persistance()

    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.local", "6543", "parcours")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_SCHEMA"]) == ("alice", "s@cret", "prod")
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert reglages.conninfo_postgres() == "postgresql://alice:s%40cret@db.local:6543/parcours"


def test_le_schema_postgresql_par_defaut_est_public() -> None:
    assert Reglages("postgresql://postgres@127.0.0.1/parcours").schema == "public"


def test_un_schema_inconnu_est_refuse_avec_un_message_clair() -> None:
    with pytest.raises(ReglageInvalide, match="mysql"):
        Reglages("mysql://root@localhost/parcours").environnement_persistance()
