"""The side stores' base (``infrastructure/magasin_annexe.py``): one statement written with ``?`` and a
bare table name runs on SQLite and on PostgreSQL (in the store's schema), a transaction commits whole
or not at all, writes say how many rows they touched, and the memory store has no datastore (its side
stores are in-memory twins). The stores built on it are tested in their own modules."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.postgres import PostgresDatastore

from infrastructure.composition import construire_application
from infrastructure.magasin_annexe import MagasinAnnexe, datastore_de, datastore_propre
from infrastructure.reglages import Reglages, reglages_pour


class Panne(Exception):
    """Raised inside a transaction, to see it rolled back."""


@pytest.fixture
def magasin(reglages_persistants: Reglages) -> Iterator[MagasinAnnexe]:
    """A side store on a datastore of its own, with a table ``notes (cle, texte)`` in the store's schema."""
    datastore = datastore_propre(reglages_persistants, lambda r: r.chemin_sqlite.with_suffix(".notes.sqlite"))
    assert datastore is not None
    ouvert = MagasinAnnexe(datastore)
    schema = [f'CREATE SCHEMA IF NOT EXISTS "{datastore.schema}"'] if isinstance(datastore, PostgresDatastore) else []
    ouvert.creer([*schema, f"CREATE TABLE IF NOT EXISTS {ouvert.table_de('notes')} (cle TEXT PRIMARY KEY, texte TEXT)"])
    yield ouvert
    ouvert.fermer()


def test_une_requete_a_points_d_interrogation_passe_sur_les_deux_moteurs_et_compte_ses_lignes(
    magasin: MagasinAnnexe,
) -> None:
    notes = magasin.table_de("notes")

    inserees = [magasin.ecrire(f"INSERT INTO {notes} (cle, texte) VALUES (?, ?)", cle, "x") for cle in "abc"]
    modifiees = magasin.ecrire(f"UPDATE {notes} SET texte = ? WHERE cle <> ?", "y", "a")

    assert (inserees, modifiees) == ([1, 1, 1], 2)
    assert magasin.lignes(f"SELECT cle, texte FROM {notes} ORDER BY cle") == [("a", "x"), ("b", "y"), ("c", "y")]


def test_sur_postgresql_la_table_est_dans_le_schema_du_magasin(reglages_postgres: Reglages, tmp_path: Path) -> None:
    datastore = datastore_propre(reglages_postgres, lambda r: tmp_path / "inutile.sqlite")
    assert isinstance(datastore, PostgresDatastore)
    magasin = MagasinAnnexe(datastore)

    magasin.creer([f'CREATE SCHEMA IF NOT EXISTS "{datastore.schema}"', f"CREATE TABLE {magasin.table_de('notes')} ()"])

    assert magasin.table_de("notes") == f'"{reglages_postgres.schema_postgres}".notes'
    with magasin.transaction(commit=False) as curseur:
        assert curseur.table_existe("notes")
        assert not curseur.table_existe("absente")
    assert magasin.lignes(
        "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = 'notes'", datastore.schema
    ) == [(1,)]
    magasin.fermer()


def ecrire_puis_echouer(magasin: MagasinAnnexe) -> None:
    with magasin.transaction() as curseur:
        curseur.executer(f"INSERT INTO {magasin.table_de('notes')} (cle, texte) VALUES (?, ?)", "a", "x")
        raise Panne


def test_une_transaction_interrompue_n_ecrit_rien(magasin: MagasinAnnexe) -> None:
    with pytest.raises(Panne):
        ecrire_puis_echouer(magasin)

    assert magasin.lignes(f"SELECT cle FROM {magasin.table_de('notes')}") == []


def test_le_magasin_en_memoire_n_a_pas_de_datastore_et_les_autres_donnent_celui_des_evenements(
    reglages: Reglages,
) -> None:
    application = construire_application(reglages)

    datastore = datastore_de(application.recorder)

    if reglages.moteur == "memory":
        assert datastore is None
        assert datastore_propre(reglages, lambda r: Path("inutile")) is None
    else:
        assert datastore is application.recorder.datastore  # type: ignore[attr-defined]
    application.close()


def test_sur_sqlite_un_magasin_propre_a_son_fichier_a_cote_de_celui_des_evenements(tmp_path: Path) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'var' / 'parcours.sqlite'}")

    datastore = datastore_propre(reglages, lambda r: r.chemin_sqlite.with_suffix(".notes.sqlite"))
    assert datastore is not None
    MagasinAnnexe(datastore).creer(["CREATE TABLE notes (cle TEXT)"])
    datastore.close()

    assert (tmp_path / "var" / "parcours.notes.sqlite").is_file()
    assert not reglages.chemin_sqlite.exists()
