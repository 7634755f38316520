"""The person search index fed from the events, as a view (issue 18 §3).

The persons view (``projections/personnes.py``) folds the persons' events; its storage is wrapped here
so that each page it writes goes to the search index (``recherche_personnes.py``) first, then its rows
and tracking position, as every view's. Each index row carries the position of the page that wrote it,
and the index ignores a row older than the one it holds: a page replayed after a crash between the two
writes (or by a second runner, or by a rebuild) changes nothing. Since the view's position moves only
after the index was written, a reader waiting for the views' position (``?position_min=``) finds the
index up to date too.

What the index receives from a row: its names, birth date, commune and label, and the current parcours
(which the API reads to judge who may see the person). A person merged into another leaves the results
(blank names: the kept one is found instead) and comes back when the merge is undone; an erased person is
``effacer``-ed, which also removes the name from the engine's files.
"""

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from pydantic import TypeAdapter

from application.parcours import ParcoursApplication
from infrastructure.recherche_personnes import LignePersonne, RecherchePersonnes, recherche_pour
from infrastructure.recherche_personnes_sql import RechercheSqlite
from infrastructure.reglages import Reglages
from infrastructure.vues import Stockage, stockage_pour
from projections.blocage import Blocage, EtatDeVue
from projections.personnes import LigneDePersonne, Personnes
from projections.stockage import Changement, RequeteListe, StockageDeVue
from projections.vue import Vue

LIGNES: TypeAdapter[LigneDePersonne] = TypeAdapter(LigneDePersonne)


def ligne_d_index(ligne: LigneDePersonne, position: int) -> LignePersonne:
    """What the index keeps of the row: nothing to find while merged into another person."""
    personne_id = UUID(ligne.personne_id)
    parcours_id = UUID(ligne.parcours_actuel) if ligne.parcours_actuel else None
    if ligne.fusionnee_dans is not None or ligne.nom_affiche is None:
        return LignePersonne(personne_id, "", None, None, "", parcours_id, position)
    return LignePersonne(
        personne_id, ligne.noms, ligne.date_naissance, ligne.code_insee, ligne.nom_affiche, parcours_id, position
    )


def indexer_la_page(index: RecherchePersonnes, changements: Mapping[str, Changement], position: int) -> None:
    """Each person the page changed, as the row now stands, at the page's position."""
    for changement in changements.values():
        if changement.donnees is None:
            continue  # the persons view never deletes a row
        ligne = LIGNES.validate_json(changement.donnees)
        if ligne.effacee:
            index.effacer(UUID(ligne.personne_id), position)
        else:
            index.indexer(ligne_d_index(ligne, position))


class StockageIndexant:
    """The persons view's storage, feeding the search index before it writes each page."""

    def __init__(self, stockage: Stockage, index: RecherchePersonnes) -> None:
        self.stockage = stockage
        self.index = index

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        indexer_la_page(self.index, changements, tracking.notification_id)
        self.stockage.ecrire(changements, tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        return self.stockage.max_tracking_id(application_name)

    def etat(self, application_name: str) -> EtatDeVue:
        return self.stockage.etat(application_name)

    def noter_blocage(self, blocage: Blocage | None) -> None:
        self.stockage.noter_blocage(blocage)

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        return self.stockage.lire(cles)

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        return self.stockage.lignes_du_parcours(parcours_id)

    def lire_des_parcours(self, parcours_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return self.stockage.lire_des_parcours(parcours_ids)

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[str]:
        return self.stockage.toutes_les_lignes(ou)

    def lister(self, requete: RequeteListe) -> list[dict[str, Any]]:
        return self.stockage.lister(requete)


def stockage_de_vue(reglages: Reglages, application: ParcoursApplication, vue: Vue[Any]) -> StockageDeVue:
    """A view's storage (``infrastructure/vues.py``); the persons view's feeds the search index."""
    return avec_index(application, vue, stockage_pour(reglages, application, vue))


def avec_index(application: ParcoursApplication, vue: Vue[Any], stockage: Stockage) -> StockageDeVue:
    """The persons view's storage, running or being rebuilt, feeds the search index, whose tables SQLite
    creates on first use (PostgreSQL's are made by ``parcours migrate``); other views' is left as it is."""
    if not isinstance(vue, Personnes):
        return stockage
    index = recherche_pour(application)
    if isinstance(index, RechercheSqlite):
        index.creer_tables()
    return StockageIndexant(stockage, index)
