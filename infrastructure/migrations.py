"""``parcours migrate``: tables and immutability triggers, idempotent, and the schema's version.

``parcours_version_schema`` holds one row per version of the schema a ``parcours migrate`` brought the store
to, with when and by which release. The service refuses a store whose schema is newer than the one it knows
(a rollback of the code over a migrated store: restore the backup taken before, docs/exploitation.md), and a
store not migrated to its version yet (run ``parcours migrate``); SQLite in development migrates at start.
"""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from importlib.metadata import version

import psycopg
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure import immutabilite
from infrastructure.composition import construire_application
from infrastructure.consultations import creer_table_consultations
from infrastructure.execution_projections import VUES
from infrastructure.idempotence import MagasinSql, magasin_pour
from infrastructure.recherche_personnes import recherche_pour
from infrastructure.recherche_personnes_sql import RechercheSql
from infrastructure.reglages import Mode, ReglageInvalide, Reglages
from infrastructure.sceaux import TABLE_SCEAUX, cle_de_sceau, sceller_l_existant
from infrastructure.transparence.journal import TABLES_DU_JOURNAL, JournalSql
from infrastructure.transparence.tenue import journal_pour
from infrastructure.trousseau import creer_table_des_cles
from infrastructure.vues import stockage_pour
from infrastructure.webhooks.execution import webhooks_pour

VERSION_DU_SCHEMA = 1
"""The schema this release writes and reads. A release that changes a table, a trigger or how events are
stored adds its step to ``migrer`` (idempotent, as every step is), increments this number, and adds a
store written by the release before to ``tests/donnees/`` (``tests/infrastructure/test_magasin_anterieur.py``)."""
TABLE_VERSION = "parcours_version_schema"


class SchemaTropRecent(ReglageInvalide):
    """The store was migrated by a later release: this one could misread what it wrote."""


class SchemaAMigrer(ReglageInvalide):
    """The store has not been migrated to the schema this release needs."""


def version_du_schema(reglages: Reglages) -> int | None:
    """The latest version ``parcours migrate`` recorded; None for a store migrated before versions were
    recorded, or never migrated (and for the memory store, which has no schema)."""
    if reglages.moteur == "postgres":
        with psycopg.connect(reglages.conninfo_postgres(), connect_timeout=5) as connexion:
            table = f"{reglages.schema_postgres}.{TABLE_VERSION}"
            if connexion.execute("SELECT to_regclass(%s)", (table,)).fetchone() in (None, (None,)):
                return None
            requete = sql.SQL("SELECT max(version) FROM {}.{}").format(
                sql.Identifier(reglages.schema_postgres), sql.Identifier(TABLE_VERSION)
            )
            ligne = connexion.execute(requete).fetchone()
    elif reglages.moteur == "sqlite" and reglages.chemin_sqlite.exists():
        with closing(sqlite3.connect(reglages.chemin_sqlite)) as fichier:
            existe = fichier.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE_VERSION,)).fetchone()
            ligne = fichier.execute(f"SELECT max(version) FROM {TABLE_VERSION}").fetchone() if existe else None
    else:
        return None
    return None if ligne is None or ligne[0] is None else int(ligne[0])


def verifier_la_version(reglages: Reglages) -> None:
    """Refuses, in one French line, a store this release must not serve: a newer schema always; an older
    one (or none recorded) unless the service migrates it itself at start (SQLite in development)."""
    if reglages.moteur == "memory":
        return
    trouvee = version_du_schema(reglages)
    if trouvee is not None and trouvee > VERSION_DU_SCHEMA:
        raise SchemaTropRecent(
            f"le schéma du magasin est en version {trouvee}, plus récente que celle que parcours "
            f"{version('parcours')} connaît ({VERSION_DU_SCHEMA}) : installer la version qui l'a migré, "
            "ou restaurer la sauvegarde prise avant la migration (docs/exploitation.md)"
        )
    migre_au_demarrage = reglages.mode is Mode.DEVELOPPEMENT and reglages.moteur != "postgres"
    if not migre_au_demarrage and (trouvee is None or trouvee < VERSION_DU_SCHEMA):
        en = "sans version notée" if trouvee is None else f"en version {trouvee}"
        raise SchemaAMigrer(
            f"le schéma du magasin est {en} ; parcours {version('parcours')} attend la version "
            f"{VERSION_DU_SCHEMA} : lancer `parcours migrate` (après une sauvegarde, docs/exploitation.md)"
        )


def noter_la_version(reglages: Reglages) -> None:
    """Records that the store now has ``VERSION_DU_SCHEMA`` (the first time only: when it was reached)."""
    le, par = datetime.now(UTC), version("parcours")
    if reglages.moteur == "postgres":
        table = sql.SQL("{}.{}").format(sql.Identifier(reglages.schema_postgres), sql.Identifier(TABLE_VERSION))
        with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
            connexion.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (version integer PRIMARY KEY, appliquee_le timestamptz NOT NULL, "
                    "par text NOT NULL)"
                ).format(table)
            )
            connexion.execute(
                sql.SQL("INSERT INTO {} VALUES (%s, %s, %s) ON CONFLICT (version) DO NOTHING").format(table),
                (VERSION_DU_SCHEMA, le, par),
            )
        return
    with closing(sqlite3.connect(reglages.chemin_sqlite)) as fichier, fichier:
        fichier.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE_VERSION} (version INTEGER PRIMARY KEY, appliquee_le TEXT NOT NULL, "
            "par TEXT NOT NULL)"
        )
        fichier.execute(
            f"INSERT OR IGNORE INTO {TABLE_VERSION} VALUES (?, ?, ?)", (VERSION_DU_SCHEMA, le.isoformat(), par)
        )


def table_des_evenements(application: ParcoursApplication) -> str:
    """The library names the table by backend (``stored_events`` on SQLite, ``parcours_events`` on PostgreSQL)."""
    recorder = application.recorder
    if not isinstance(recorder, SQLiteAggregateRecorder | PostgresAggregateRecorder):
        raise TypeError(f"pas de table d'événements pour {type(recorder).__name__}")
    return recorder.events_table_name


def migrer(reglages: Reglages) -> list[str]:
    """Creates what the store needs and says what it did, step by step."""
    if reglages.moteur == "memory":
        return ["magasin en mémoire : rien à créer"]
    etapes: list[str] = []
    if reglages.moteur == "postgres":
        with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
            connexion.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(reglages.schema_postgres))
            )
        etapes.append(f"schéma {reglages.schema_postgres}")
    trouvee = version_du_schema(reglages)
    if trouvee is not None and trouvee > VERSION_DU_SCHEMA:
        verifier_la_version(reglages)  # refuses: never "migrate" a store down to an older schema
    application = construire_application(reglages, creer_tables=True)  # the library creates its tables
    table = table_des_evenements(application)
    magasin = magasin_pour(application.recorder)
    if isinstance(magasin, MagasinSql):  # its table is created with the events' (the same transactions write both)
        reprises = magasin.reprendre_l_ancienne_table()
        etapes.append(f"clés d'idempotence avec les événements ({reprises} réponses reprises de l'ancienne table)")
    scelles = sceller_l_existant(application.recorder, cle_de_sceau(reglages))
    etapes.append(f"sceaux des événements ({scelles} événements antérieurs scellés)")
    journal = journal_pour(application)
    if isinstance(journal, JournalSql):
        journal.creer_tables()
        etapes.append("journal de transparence (feuilles, nœuds, checkpoints, cosignatures)")
    recherche = recherche_pour(application)
    if isinstance(recherche, RechercheSql):
        recherche.creer_tables()
        moyen = "dictionnaire des mots, index GIN" if reglages.moteur == "postgres" else "FTS5 trigrammes"
        etapes.append(f"index de recherche des personnes ({moyen})")
    creer_table_consultations(reglages)
    etapes.append("journal des consultations (UPDATE refusé)")
    creer_table_des_cles(reglages)
    etapes.append("clés des personnes (parcours_cles)")
    webhooks_pour(reglages, creer=True).fermer()
    etapes.append("abonnements aux webhooks, leurs livraisons et leurs curseurs")
    for vue in VUES:  # created here once, so that several projection runners never race to create them
        stockage_pour(reglages, application, vue, creer=True)
    etapes.append(f"vues : {', '.join(vue.nom for vue in VUES)}")
    application.close()
    etapes.append("tables des événements et des instantanés")
    for immuable in (table, TABLE_SCEAUX, *TABLES_DU_JOURNAL):
        if reglages.moteur == "postgres":
            immutabilite.installer_postgres(reglages.conninfo_postgres(), reglages.schema_postgres, immuable)
        else:
            immutabilite.installer_sqlite(reglages.chemin_sqlite, immuable)
    refuses = "UPDATE, DELETE, TRUNCATE" if reglages.moteur == "postgres" else "UPDATE, DELETE"
    etapes.append(
        f"déclencheurs d'immuabilité sur les événements, leurs sceaux et le journal de transparence ({refuses} refusés)"
    )
    noter_la_version(reglages)
    depuis = "sans version notée" if trouvee is None else f"depuis la version {trouvee}"
    etapes.append(f"version du schéma : {VERSION_DU_SCHEMA} ({depuis}, table {TABLE_VERSION})")
    return etapes
