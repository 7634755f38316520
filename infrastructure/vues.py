"""Where each view is stored for the configured store: a file of its own beside the SQLite
events file, or tables of its own in the PostgreSQL schema (sharing the store's pool)."""

from pathlib import Path
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from application.parcours import ParcoursApplication
from infrastructure.reglages import ReglageInvalide, Reglages
from projections.stockage import VueMemoire, VuePostgres, VueSQLite
from projections.vue import Vue


def fichier_de_vue(reglages: Reglages, nom: str) -> Path:
    return reglages.chemin_sqlite.parent / "vues" / f"{nom}.sqlite"


Stockage = VueSQLite | VuePostgres | VueMemoire


def stockage_pour(
    reglages: Reglages, application: ParcoursApplication, vue: Vue[Any], creer: bool | None = None
) -> Stockage:
    """The view's storage (with an entries index for a view that indexes). Its tables are created
    if missing, except on PostgreSQL where ``parcours migrate`` creates them (``creer=True``)."""
    nom, indexee = vue.nom, hasattr(vue, "index")
    if reglages.moteur == "sqlite":
        fichier = fichier_de_vue(reglages, nom)
        fichier.parent.mkdir(parents=True, exist_ok=True)
        stockage: Stockage = VueSQLite(SQLiteDatastore(str(fichier)), nom, indexee)
    elif reglages.moteur == "postgres":
        datastore = getattr(application.recorder, "datastore", None)
        if not isinstance(datastore, PostgresDatastore):
            raise ReglageInvalide("la vue PostgreSQL exige le magasin PostgreSQL de l'application")
        stockage = VuePostgres(datastore, nom, indexee)
    else:
        stockage = VueMemoire()
    if creer if creer is not None else reglages.moteur != "postgres":
        stockage.create_table()
    return stockage
