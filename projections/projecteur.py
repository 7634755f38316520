"""The projector: catches a view up with the store, a page of events per transaction.

For each page it reads the rows the page touches, folds the events in memory, then writes the
changed rows and the position of the page's last event together. Events the view ignores still
move the position. A page replayed (after a crash, or by a second projector) is refused by its
tracking and changes nothing: each event is applied exactly once.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper, Tracking
from pydantic import TypeAdapter

from projections.stockage import Changement, Entree, StockageDeVue
from projections.vue import Vue


class Source(Protocol):
    """Where events come from: an eventsourcing application's name, recorder and mapper."""

    @property
    def name(self) -> str: ...

    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> Mapper[Any]: ...


class Projecteur:
    def __init__(self, source: Source, vue: Vue[Any], stockage: StockageDeVue) -> None:
        self.source = source
        self.vue = vue
        self.stockage = stockage
        self._lignes: TypeAdapter[Any] = TypeAdapter(vue.type_ligne)
        self._indexer: Callable[[Any], Iterable[Entree]] = getattr(vue, "index", lambda _ligne: ())

    @property
    def position(self) -> int:
        return self.stockage.max_tracking_id(self.source.name) or 0

    def rattraper(self, taille_page: int = 500) -> int:
        """Applies every event recorded since the view's position; returns how many were read."""
        lus = 0
        while page := self.source.recorder.select_notifications(
            start=self.position, limit=taille_page, inclusive_of_start=False
        ):
            try:
                self._appliquer(page)
            except IntegrityError:
                continue  # another projector applied this page first: read on from its position
            lus += len(page)
        return lus

    def _appliquer(self, page: Any) -> None:
        evenements = [self.source.mapper.to_domain_event(n) for n in page]
        touches = [(cle, e) for e in evenements if (cle := self.vue.cle(e)) is not None]
        lues = self.stockage.lire({cle for cle, _ in touches})
        actuelles = {cle: self._lignes.validate_json(d) for cle, d in lues.items()}
        parcours: dict[str, str] = {}
        for cle, evenement in touches:
            actuelles[cle] = self.vue.evoluer(actuelles.get(cle), evenement)
            parcours[cle] = str(evenement.originator_id)
        # Each changed row is serialised once per page, in its final state, however many events touched it.
        changements = {cle: self._changement(parcours_id, actuelles[cle]) for cle, parcours_id in parcours.items()}
        self.stockage.ecrire(changements, Tracking(self.source.name, page[-1].id))

    def _changement(self, parcours_id: str, ligne: Any) -> Changement:
        if ligne is None:
            return Changement(parcours_id, None)
        return Changement(parcours_id, self._lignes.dump_json(ligne).decode(), tuple(self._indexer(ligne)))

    def toutes_les_lignes(self) -> list[Any]:
        return [self._lignes.validate_json(d) for d in self.stockage.toutes_les_lignes()]

    def lignes(self, parcours_id: str) -> list[Any]:
        return [self._lignes.validate_json(d) for d in self.stockage.lignes_du_parcours(parcours_id)]


def evenements(source: Source, taille_page: int = 1000) -> Iterator[Any]:
    """Every event of the store in recording order, read a page at a time (for one-off folds)."""
    position = 0
    while page := source.recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        yield from (source.mapper.to_domain_event(notification) for notification in page)
        position = page[-1].id
