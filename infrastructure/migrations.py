"""``parcours migrate``: tables and immutability triggers, idempotent."""

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
from infrastructure.reglages import Reglages
from infrastructure.sceaux import TABLE_SCEAUX, cle_de_sceau, sceller_l_existant
from infrastructure.transparence.journal import TABLES_DU_JOURNAL, JournalSql
from infrastructure.transparence.tenue import journal_pour
from infrastructure.trousseau import creer_table_des_cles
from infrastructure.vues import stockage_pour
from infrastructure.webhooks.execution import webhooks_pour


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
    return etapes
