"""Settings come from the environment, validated at start; DATABASE_URL chooses the store."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from infrastructure.jetons import Verificateur
from infrastructure.reglages import DONNEES_PAR_DEFAUT, Mode, Projections, ReglageInvalide, Reglages, reglages_pour


def test_sans_database_url_le_magasin_est_sqlite_dans_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    reglages = Reglages()

    assert reglages.moteur == "sqlite"
    assert reglages.chemin_sqlite == DONNEES_PAR_DEFAUT / "parcours.sqlite"
    assert reglages.mode is Mode.DEVELOPPEMENT


def test_les_chemins_se_lisent_dans_le_dossier_des_donnees_d_ou_que_l_on_lance(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given: a data folder, and a command run from another folder
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PARCOURS_DONNEES", str(tmp_path / "donnees"))
    monkeypatch.setenv("PARCOURS_CLE_SIGNATURE", "cles/signature.pem")
    monkeypatch.chdir(tmp_path)

    reglages = Reglages()

    # then: every path is absolute, read from the data folder
    assert reglages.donnees == tmp_path / "donnees"
    assert reglages.chemin_sqlite == tmp_path / "donnees" / "parcours.sqlite"
    assert reglages.cle_dev == tmp_path / "donnees" / "cle-dev.pem"
    assert reglages.cle_signature == tmp_path / "donnees" / "cles" / "signature.pem"
    assert reglages.dossier_des_courriers == tmp_path / "donnees" / "courriers"


@pytest.mark.parametrize(("contenu", "attendu"), [(None, "introuvable"), ("", "illisible"), ('{"keys": []}', "aucune")])
def test_un_fichier_jwks_absent_vide_ou_sans_cle_arrete_le_demarrage_en_le_nommant(
    tmp_path: Path, contenu: str | None, attendu: str
) -> None:
    fichier = tmp_path / "jwks.json"
    if contenu is not None:
        fichier.write_text(contenu, encoding="utf-8")

    with pytest.raises(ValidationError, match=f"PARCOURS_JWKS_FICHIER : .*{attendu}"):
        Reglages(database_url="memory://", jwks_fichier=fichier)


def test_une_cle_jwks_illisible_arrete_le_demarrage_en_la_nommant(tmp_path: Path) -> None:
    fichier = tmp_path / "jwks.json"
    fichier.write_text('{"keys": [{"kty": "EC", "kid": "k1"}]}', encoding="utf-8")
    reglages = Reglages(database_url="memory://", jwks_fichier=fichier)

    with pytest.raises(ReglageInvalide, match=r"PARCOURS_JWKS_FICHIER : .*clés illisibles"):
        Verificateur(reglages)


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
