"""The projector: catches a view up with the store, a page of events per transaction.

For each page it reads the rows the page touches, folds the events in memory, then writes the
changed rows and the position of the page's last event together. Events the view ignores still
move the position. A page replayed (after a crash, or by a second projector) is refused by its
tracking and changes nothing: each event is applied exactly once.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper, Notification, Tracking
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


class Decodeur:
    """Decodes each stored event once for all the views of a process that read the same pages.

    Decoding is most of a catch-up's CPU (an orientation proposal carries the trace of every rule
    evaluated: about a hundred objects, each checked as it is built); the views of one process read
    the same pages one after the other, so the last ``capacite`` events decoded are kept, by store
    position. Events are immutable: the views share them safely."""

    def __init__(self, mapper: Mapper[Any], capacite: int = 5000) -> None:
        self.mapper = mapper
        self.capacite = capacite
        self._decodes: OrderedDict[int, Any] = OrderedDict()
        self._verrou = threading.Lock()

    def evenements(self, page: Sequence[Notification]) -> list[Any]:
        if not self.capacite:
            return [self.mapper.to_domain_event(n) for n in page]
        with self._verrou:
            connus = [self._decodes.get(n.id) for n in page]
        evenements = [e if e is not None else self.mapper.to_domain_event(n) for e, n in zip(connus, page, strict=True)]
        with self._verrou:
            self._decodes.update((n.id, e) for n, e in zip(page, evenements, strict=True))
            while len(self._decodes) > self.capacite:
                self._decodes.popitem(last=False)
        return evenements


class Projecteur:
    def __init__(
        self, source: Source, vue: Vue[Any], stockage: StockageDeVue, decodeur: Decodeur | None = None
    ) -> None:
        self.source = source
        self.vue = vue
        self.stockage = stockage
        self.decodeur = decodeur or Decodeur(source.mapper, capacite=0)
        self._lignes: TypeAdapter[Any] = TypeAdapter(vue.type_ligne)
        self._indexer: Callable[[Any], Iterable[Entree]] = getattr(vue, "index", lambda _ligne: ())

    @property
    def position(self) -> int:
        return self.stockage.max_tracking_id(self.source.name) or 0

    def rattraper(self, taille_page: int = 500) -> int:
        """Applies every event recorded since the view's position; returns how many it applied."""
        lus = 0
        while (applique := self.avancer(taille_page)) is not None:
            lus += applique
        return lus

    def avancer(self, taille_page: int = 500) -> int | None:
        """Applies the next page: how many events it held (0 if another projector applied it first,
        the next call reading on from its position), or None once the view is up to date."""
        page = self.source.recorder.select_notifications(
            start=self.position, limit=taille_page, inclusive_of_start=False
        )
        if not page:
            return None
        try:
            self._appliquer(page)
        except IntegrityError:
            return 0
        return len(page)

    def _appliquer(self, page: Sequence[Notification]) -> None:
        evenements = self.decodeur.evenements(page)
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


def rattraper_ensemble(projecteurs: Iterable[Projecteur], taille_page: int = 500) -> int:
    """Catches several views up page by page, side by side, so that a ``Decodeur`` they share decodes
    each page once, however long the backlog; returns how many events were applied in all."""
    en_retard, lus = list(projecteurs), 0
    while en_retard:
        avances = [(projecteur, projecteur.avancer(taille_page)) for projecteur in en_retard]
        en_retard = [projecteur for projecteur, applique in avances if applique is not None]
        lus += sum(applique or 0 for _, applique in avances)
    return lus


def evenements(source: Source, taille_page: int = 1000) -> Iterator[Any]:
    """Every event of the store in recording order, read a page at a time (for one-off folds)."""
    position = 0
    while page := source.recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        yield from (source.mapper.to_domain_event(notification) for notification in page)
        position = page[-1].id
