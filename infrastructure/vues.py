"""Where each view is stored for the configured store: a file of its own beside the SQLite
events file, or tables of its own in the PostgreSQL schema (sharing the store's pool).

On SQLite the views belong to their store, and say so. Their files are named after the store's
(``var/parcours.sqlite`` keeps them in ``var/parcours.vues/``), and the store holds an identity of
its own (a random id written the first time it is asked for) that each view file records when it
is created: a view file of another store, or of a store deleted and started afresh, is refused at
start-up rather than read, since its tracking would skip the new store's first events. So is a view
ahead of its store (a store file put back from an older copy).
"""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import uuid4

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.magasin_annexe import MagasinAnnexe
from infrastructure.reglages import ReglageInvalide, Reglages
from projections.stockage import VueMemoire, VuePostgres, VueSQLite
from projections.vue import Vue

TABLE_IDENTITE = "parcours_identite"
"""In the store's SQLite file: the store's identity, one row, written once."""
TABLE_MAGASIN = "magasin"
"""In each view's SQLite file: the identity of the store the view was built from."""


class VueDUnAutreMagasin(ReglageInvalide):
    """A view file that does not belong to the configured store: it is never read nor moved."""


def dossier_des_vues(reglages: Reglages) -> Path:
    """``var/parcours.sqlite`` keeps its views in ``var/parcours.vues/``."""
    chemin = reglages.chemin_sqlite
    return chemin.with_name(f"{chemin.stem}.vues")


def fichier_de_vue(reglages: Reglages, nom: str) -> Path:
    return dossier_des_vues(reglages) / f"{nom}.sqlite"


Stockage = VueSQLite | VuePostgres | VueMemoire
COLONNE_RECENTE_DES_ENTREES = "acces"
"""The entries index's latest column (issue 19: one row per body that sees an entry). An index made by
an earlier version lacks it: its view is dropped whole, rows and tracking, and rebuilt from the first
event, since its rows cannot say who sees them."""


def stockage_pour(
    reglages: Reglages, application: ParcoursApplication, vue: Vue[Any], creer: bool | None = None
) -> Stockage:
    """The view's storage (with an entries index for a view that indexes). Its tables are created
    if missing, except on PostgreSQL where ``parcours migrate`` creates them (``creer=True``)."""
    nom, indexee = vue.nom, hasattr(vue, "index")
    if reglages.moteur == "sqlite":
        fichier = fichier_de_vue(reglages, nom)
        fichier.parent.mkdir(parents=True, exist_ok=True)
        if indexee and entrees_perimees_sqlite(fichier, nom):
            fichier.unlink()
        stockage_sqlite = VueSQLite(SQLiteDatastore(str(fichier)), nom, indexee)
        stockage_sqlite.create_table()
        lier_au_magasin(stockage_sqlite, application, fichier, reglages)
        return stockage_sqlite
    stockage: Stockage
    if reglages.moteur == "postgres":
        datastore = getattr(application.recorder, "datastore", None)
        if not isinstance(datastore, PostgresDatastore):
            raise ReglageInvalide("la vue PostgreSQL exige le magasin PostgreSQL de l'application")
        stockage = VuePostgres(datastore, nom, indexee)
        if creer and indexee:
            supprimer_si_perimee(datastore, nom)
    else:
        stockage = VueMemoire()
    if creer if creer is not None else reglages.moteur != "postgres":
        stockage.create_table()
    return stockage


def entrees_perimees_sqlite(fichier: Path, nom: str) -> bool:
    if not fichier.exists():
        return False
    with closing(sqlite3.connect(fichier)) as connexion:
        colonnes = {ligne[1] for ligne in connexion.execute(f"PRAGMA table_info({nom}_entrees)")}
    return bool(colonnes) and COLONNE_RECENTE_DES_ENTREES not in colonnes


def supprimer_si_perimee(datastore: PostgresDatastore, nom: str) -> None:
    """Drops a view whose entries index an earlier version made (``parcours migrate``): the runner
    then rebuilds it from the first event."""
    colonnes = "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
    with datastore.transaction(commit=True) as curseur:
        curseur.execute(colonnes, [datastore.schema, f"{nom}_entrees"])
        presentes = {ligne["column_name"] for ligne in curseur.fetchall()}
    if presentes and COLONNE_RECENTE_DES_ENTREES not in presentes:
        supprimer(datastore, tables_de(nom, indexee=True))


def tables_de(nom: str, indexee: bool) -> list[str]:
    """A PostgreSQL view's tables: rows, tracking, blockage record, and entries if it indexes."""
    return [nom, f"{nom}_tracking", f"{nom}_blocage", *([f"{nom}_entrees"] if indexee else [])]


def supprimer(datastore: PostgresDatastore, tables: list[str]) -> None:
    with datastore.transaction(commit=True) as curseur:
        for table in tables:
            curseur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(datastore.schema, table)))


def identite_du_magasin(application: ParcoursApplication) -> str:
    """The SQLite store's identity, written into its file the first time it is asked for."""
    datastore = getattr(application.recorder, "datastore", None)
    if not isinstance(datastore, SQLiteDatastore):
        raise ReglageInvalide("l'identité d'un magasin se lit dans un fichier SQLite")
    return identite_du_fichier(datastore, TABLE_IDENTITE, "identite", uuid4().hex)


def identite_du_fichier(datastore: SQLiteDatastore, table: str, colonne: str, si_absente: str) -> str:
    """The one value of ``table``, ``si_absente`` written first if the table is empty (one transaction:
    two processes opening the same new file agree on the value)."""
    with MagasinAnnexe(datastore).transaction() as curseur:
        curseur.executer(
            f"CREATE TABLE IF NOT EXISTS {table} (cle INTEGER PRIMARY KEY CHECK (cle = 1), {colonne} TEXT NOT NULL)"
        )
        curseur.executer(f"INSERT INTO {table} (cle, {colonne}) VALUES (1, ?) ON CONFLICT (cle) DO NOTHING", si_absente)
        curseur.executer(f"SELECT {colonne} FROM {table}")
        ligne = curseur.ligne()
        return str(ligne[0]) if ligne else si_absente


def lier_au_magasin(stockage: VueSQLite, application: ParcoursApplication, fichier: Path, reglages: Reglages) -> None:
    """Records the store's identity in a new view file; refuses a view file of another store, or one
    that has applied events its store does not hold."""
    identite = identite_du_magasin(application)
    if identite_du_fichier(stockage.datastore, TABLE_MAGASIN, "identite", identite) != identite:
        raise VueDUnAutreMagasin(
            f"la vue « {stockage.table} » ({fichier}) a été construite sur un autre magasin que "
            f"{reglages.chemin_sqlite} ; supprimez le dossier {fichier.parent} (les vues se reconstruisent "
            "au démarrage depuis le magasin)"
        )
    position = stockage.max_tracking_id(application.name) or 0
    fin = application.recorder.max_notification_id() or 0
    if position > fin:
        raise VueDUnAutreMagasin(
            f"la vue « {stockage.table} » ({fichier}) a appliqué {position} événements et le magasin "
            f"{reglages.chemin_sqlite} n'en tient que {fin} (copie plus ancienne ?) ; supprimez le dossier "
            f"{fichier.parent} pour reconstruire les vues depuis le magasin"
        )
