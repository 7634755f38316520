"""Stored events cannot be changed, even by a raw SQL client (DESIGN §1.1), on SQLite and PostgreSQL."""

import sqlite3

import psycopg
import pytest
from psycopg import sql

from infrastructure.composition import construire_application
from infrastructure.migrations import migrer, table_des_evenements
from infrastructure.reglages import Reglages
from tests.support import faits
from tests.support.demandes import par

ORDRES = {
    "UPDATE": "UPDATE {table} SET state = state",
    "DELETE": "DELETE FROM {table}",
}


@pytest.fixture
def magasin_avec_un_evenement(reglages_persistants: Reglages) -> tuple[Reglages, str]:
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants)
    application.inscrire(par(), faits.inscription())
    table = table_des_evenements(application)
    application.close()
    return reglages_persistants, table


def executer_brut(reglages: Reglages, ordre: str, table: str) -> None:
    """Runs ``ordre`` as a plain SQL client would, outside the application."""
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as fichier:
            fichier.execute(ordre.format(table=table))
        fichier.close()
        return
    requete = sql.SQL(ordre).format(table=sql.Identifier(reglages.schema_postgres, table))
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        serveur.execute(requete)


def compter(reglages: Reglages, table: str) -> int:
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as fichier:
            (nombre,) = fichier.execute(f"SELECT count(*) FROM {table}").fetchone()
        fichier.close()
        return int(nombre)
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        ligne = serveur.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(reglages.schema_postgres, table))
        )
        resultat = ligne.fetchone()
    return int(resultat[0]) if resultat else 0


@pytest.mark.parametrize("operation", sorted(ORDRES))
def test_un_ordre_sql_brut_ne_modifie_pas_les_evenements(
    magasin_avec_un_evenement: tuple[Reglages, str], operation: str
) -> None:
    reglages, table = magasin_avec_un_evenement

    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.RestrictViolation), match="immuables"):
        executer_brut(reglages, ORDRES[operation], table)

    assert compter(reglages, table) == 1


def test_postgresql_refuse_aussi_la_troncature(reglages_postgres: Reglages) -> None:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres)
    application.inscrire(par(), faits.inscription())
    table = table_des_evenements(application)
    application.close()

    with pytest.raises(psycopg.errors.RestrictViolation, match="TRUNCATE"):
        executer_brut(reglages_postgres, "TRUNCATE {table}", table)

    assert compter(reglages_postgres, table) == 1


def test_la_migration_est_idempotente_et_garde_l_historique(magasin_avec_un_evenement: tuple[Reglages, str]) -> None:
    reglages, table = magasin_avec_un_evenement

    migrer(reglages)

    assert compter(reglages, table) == 1
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.RestrictViolation)):
        executer_brut(reglages, ORDRES["DELETE"], table)
