"""``parcours projections rebuild NAME``: a view rebuilt from position zero into fresh storage while
the old one keeps serving, then swapped in.

PostgreSQL: the new tables (``<vue>__neuf``...) replace the old ones by renaming, in one transaction;
tables left by a rebuild that failed are dropped first, so that a rebuild always starts from zero.
SQLite: the new file, bound to its store like every view file, replaces the old one by an atomic
rename; a service already running keeps reading the file it opened until it restarts (SQLite is the
single-process development store).

An event the view cannot apply stops the rebuild before the swap (``ReconstructionImpossible``,
naming its position): the old view keeps serving, and docs/projections.md says how to unblock it.
"""

import os

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql

from infrastructure.composition import construire_application
from infrastructure.execution_projections import vue_nommee
from infrastructure.index_des_personnes import avec_index
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.vues import fichier_de_vue, lier_au_magasin, supprimer, tables_de
from projections.projecteur import Projecteur
from projections.reprise import lieu
from projections.stockage import VuePostgres, VueSQLite

SUFFIXE = "__neuf"


class ReconstructionImpossible(ReglageInvalide):
    """A stored event the view cannot apply: the rebuilt view is not swapped in."""


def rejouer(projecteur: Projecteur) -> int:
    """Applies every stored event to the new storage; an event that fails is named by position and type."""
    try:
        return projecteur.rattraper()
    except Exception as erreur:
        try:  # where it stopped: the page failed as a whole, so apply it again event by event
            while projecteur.avancer(1) is not None:
                pass
        except Exception:  # the same failure, now on the event itself
            suivante = projecteur.prochaine()
            ou = f"à la position {suivante.id} ({suivante.topic})" if suivante else "après la dernière position"
            raise ReconstructionImpossible(
                f"vue « {projecteur.vue.nom} » : l'événement {ou} ne s'applique pas ({lieu(erreur)}) ; "
                "vue actuelle conservée (voir docs/projections.md, « Débloquer une vue »)"
            ) from erreur
        raise


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
            lier_au_magasin(stockage_sqlite, application, neuf, reglages)
            try:
                lus = rejouer(Projecteur(application, vue, avec_index(application, vue, stockage_sqlite)))
            finally:
                datastore.close()
            os.replace(neuf, final)
            return lus
        datastore_pg = application.recorder.datastore  # type: ignore[attr-defined]
        if not isinstance(datastore_pg, PostgresDatastore):
            raise ReglageInvalide("reconstruction : magasin SQLite ou PostgreSQL attendu")
        stockage_pg = VuePostgres(datastore_pg, f"{nom}{SUFFIXE}", indexee)
        supprimer(datastore_pg, [t.replace(nom, f"{nom}{SUFFIXE}", 1) for t in tables_de(nom, indexee)])
        stockage_pg.create_table()
        lus = rejouer(Projecteur(application, vue, avec_index(application, vue, stockage_pg)))
        basculer(datastore_pg, nom, indexee)
        return lus
    finally:
        application.close()


def basculer(datastore: PostgresDatastore, nom: str, indexee: bool) -> None:
    """Swaps the new tables in, in one transaction: readers see the old view, then the new one.
    Index names are schema-wide, so the new tables' indexes take the old names too: the next
    rebuild and the service's own table creation find everything where they expect it."""
    tables = tables_de(nom, indexee)
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
