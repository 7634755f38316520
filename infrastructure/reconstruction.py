"""``parcours projections rebuild NAME``: a view rebuilt from position zero into fresh storage while
the old one keeps serving, then swapped in.

PostgreSQL: the new tables (``<vue>__neuf``...) replace the old ones by renaming, in one transaction.
SQLite: the new file replaces the old one by an atomic rename; a service already running keeps
reading the file it opened until it restarts (SQLite is the single-process development store).
"""

import os

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql

from infrastructure.composition import construire_application
from infrastructure.execution_projections import vue_nommee
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.vues import fichier_de_vue
from projections.projecteur import Projecteur
from projections.stockage import VuePostgres, VueSQLite

SUFFIXE = "__neuf"


def reconstruire(reglages: Reglages, nom: str) -> int:
    """Rebuilds the view ``nom``; returns how many events it read."""
    vue = vue_nommee(nom)
    application = construire_application(reglages)
    try:
        indexee = hasattr(vue, "index")
        if reglages.moteur == "sqlite":
            final = fichier_de_vue(reglages, nom)
            neuf = final.with_name(f"{nom}{SUFFIXE}.sqlite")
            neuf.unlink(missing_ok=True)
            datastore = SQLiteDatastore(str(neuf))
            stockage_sqlite = VueSQLite(datastore, nom, indexee)
            stockage_sqlite.create_table()
            lus = Projecteur(application, vue, stockage_sqlite).rattraper()
            datastore.close()
            os.replace(neuf, final)
            return lus
        datastore_pg = application.recorder.datastore  # type: ignore[attr-defined]
        if not isinstance(datastore_pg, PostgresDatastore):
            raise ReglageInvalide("reconstruction : magasin SQLite ou PostgreSQL attendu")
        stockage_pg = VuePostgres(datastore_pg, f"{nom}{SUFFIXE}", indexee)
        stockage_pg.create_table()
        lus = Projecteur(application, vue, stockage_pg).rattraper()
        basculer(datastore_pg, nom, indexee)
        return lus
    finally:
        application.close()


def basculer(datastore: PostgresDatastore, nom: str, indexee: bool) -> None:
    """Swaps the new tables in, in one transaction: readers see the old view, then the new one.
    Index names are schema-wide, so the new tables' indexes take the old names too: the next
    rebuild and the service's own table creation find everything where they expect it."""
    tables = [nom, f"{nom}_tracking", *([f"{nom}_entrees"] if indexee else [])]
    with datastore.transaction(commit=True) as curseur:
        for table in tables:
            neuve = table.replace(nom, f"{nom}{SUFFIXE}", 1)
            curseur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(datastore.schema, table)))
            curseur.execute(
                sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                    sql.Identifier(datastore.schema, neuve), sql.Identifier(table)
                )
            )
        curseur.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = ANY(%s) AND indexname LIKE %s",
            [datastore.schema, tables, f"%{SUFFIXE}%"],
        )
        for ligne in curseur.fetchall():
            ancien = ligne["indexname"]
            curseur.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(datastore.schema, ancien), sql.Identifier(ancien.replace(SUFFIXE, "", 1))
                )
            )
