"""A worklist index made by an earlier version (before issue 19, one row per entry, no ``acces``) cannot say
who sees an entry: ``parcours migrate`` (and, on SQLite, opening the view) drops that view whole, and its
runner rebuilds it from the first event."""

import sqlite3
from contextlib import closing
from pathlib import Path

from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.vues import fichier_de_vue, stockage_pour
from projections.corbeilles import Corbeilles
from projections.projecteur import Projecteur
from projections.stockage import RequeteListe, VuePostgres
from tests.support import faits
from tests.support.demandes import agent, par

ANCIENNES_ENTREES = (
    "(parcours_id TEXT NOT NULL, liste TEXT NOT NULL, objet TEXT NOT NULL, depuis TEXT NOT NULL, echeance TEXT, "
    "organisme TEXT NOT NULL, departement TEXT NOT NULL, referent TEXT, PRIMARY KEY (parcours_id, liste, objet))"
)


def inscrire(app: ParcoursApplication) -> str:
    return str(app.inscrire(par(agent()), faits.inscription()).parcours_id)


def test_la_corbeille_d_une_version_anterieure_se_reconstruit_sur_sqlite(tmp_path: Path) -> None:
    reglages_sqlite = reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")
    # given: a store with one parcours, and a worklist file made by an earlier version, stale and empty
    migrer(reglages_sqlite)
    app = construire_application(reglages_sqlite)
    parcours_id = inscrire(app)
    fichier = fichier_de_vue(reglages_sqlite, "corbeilles")
    fichier.unlink()
    with closing(sqlite3.connect(fichier)) as connexion:
        connexion.execute(f"CREATE TABLE corbeilles_entrees {ANCIENNES_ENTREES}")
        connexion.commit()

    # when: the view is opened and caught up
    projecteur = Projecteur(app, Corbeilles(), stockage_pour(reglages_sqlite, app, Corbeilles()))
    projecteur.rattraper()

    # then: it was rebuilt in the current shape, from the first event
    assert [e["parcours_id"] for e in projecteur.stockage.lister(RequeteListe("a_orienter"))] == [parcours_id]
    app.close()


def test_la_corbeille_d_une_version_anterieure_est_supprimee_par_la_migration_sur_postgresql(
    reglages_postgres: Reglages,
) -> None:
    # given: a schema whose worklist tables an earlier version made, with a tracking position
    migrer(reglages_postgres)
    app = construire_application(reglages_postgres)
    parcours_id = inscrire(app)
    vue = stockage_pour(reglages_postgres, app, Corbeilles())
    assert isinstance(vue, VuePostgres)
    Projecteur(app, Corbeilles(), vue).rattraper()
    entrees = sql.Identifier(vue.datastore.schema, "corbeilles_entrees")
    with vue.datastore.transaction(commit=True) as curseur:
        curseur.execute(sql.SQL("DROP TABLE {}").format(entrees))
        curseur.execute(sql.SQL("CREATE TABLE {} " + ANCIENNES_ENTREES).format(entrees))
    app.close()

    # when: the store is migrated, and the view caught up
    migrer(reglages_postgres)
    app = construire_application(reglages_postgres)
    projecteur = Projecteur(app, Corbeilles(), stockage_pour(reglages_postgres, app, Corbeilles()))
    projecteur.rattraper()

    # then: the view was rebuilt from the first event in the current shape
    assert [e["parcours_id"] for e in projecteur.stockage.lister(RequeteListe("a_orienter"))] == [parcours_id]
    app.close()
