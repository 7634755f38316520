"""Settings come from the environment, validated at start; DATABASE_URL chooses the store."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from infrastructure.reglages import SQLITE_PAR_DEFAUT, Mode, Projections, Reglages, reglages_pour


def test_sans_database_url_le_magasin_est_sqlite_dans_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    reglages = Reglages()

    assert reglages.moteur == "sqlite"
    assert reglages.chemin_sqlite == SQLITE_PAR_DEFAUT
    assert reglages.mode is Mode.DEVELOPPEMENT


def test_database_url_vient_de_l_environnement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "memory://")

    assert Reglages().moteur == "memory"


def test_un_chemin_sqlite_absolu_est_garde(tmp_path: Path) -> None:
    fichier = tmp_path / "sous" / "dossier" / "p.sqlite"

    env = reglages_pour(f"sqlite:///{fichier}").environnement_persistance()

    assert env == {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(fichier),
        "APPLICATION_RECORDER_TOPIC": "infrastructure.enregistreurs:EnregistreurSQLite",  # keys with the events
    }
    assert fichier.parent.is_dir()


def test_une_url_postgresql_devient_les_reglages_de_la_bibliotheque() -> None:
    reglages = reglages_pour("postgresql://alice:s%40cret@db.local:6543/parcours?schema=prod")

    env = reglages.environnement_persistance()

    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.local", "6543", "parcours")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_SCHEMA"]) == ("alice", "s@cret", "prod")
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert reglages.conninfo_postgres() == "postgresql://alice:s%40cret@db.local:6543/parcours"


def test_le_schema_postgresql_par_defaut_est_public() -> None:
    assert reglages_pour("postgresql://postgres@127.0.0.1/parcours").schema_postgres == "public"


def test_un_schema_inconnu_est_refuse_au_demarrage_avec_un_message_clair() -> None:
    with pytest.raises(ValidationError, match="mysql"):
        reglages_pour("mysql://root@localhost/parcours")


def test_la_production_exige_des_cles_publiees(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARCOURS_MODE", "production")

    with pytest.raises(ValidationError, match="JWKS"):
        Reglages()


def test_des_projections_externes_demandent_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARCOURS_PROJECTIONS", "externes")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/p.sqlite")

    with pytest.raises(ValidationError, match="PostgreSQL"):
        Reglages()

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/parcours")
    assert Reglages().projections is Projections.EXTERNES
