"""The projector: catches a view up with the store, a page of events per transaction.

For each page it reads the rows the page touches, folds the events in memory, then writes the
changed rows and the position of the page's last event together. Events the view ignores still
move the position. A page replayed (after a crash, or by a second projector) is refused by its
tracking and changes nothing: each event is applied exactly once.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, cast, runtime_checkable

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper, Notification, Tracking
from pydantic import TypeAdapter

from domain.evenements import EvenementParcours
from domain.parcours import Parcours
from domain.personne import Personne
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


@runtime_checkable
class Prechargeur(Protocol):
    """A mapper that reads ahead what decoding a page needs (``infrastructure.scellement``: its keys)."""

    def precharger(self, page: Sequence[Notification]) -> None: ...


class Lecteur:
    """Reads and decodes the store's pages once for all the views of a process.

    Decoding is most of a catch-up's CPU (an orientation proposal carries the trace of every rule
    evaluated: about a hundred objects, each checked as it is built), and the views of one process,
    caught up side by side, ask for the same pages: the last ``pages`` pages read are kept, by where
    they start. A page kept may be shorter than one read now would be; it is still the store's exact
    prefix from there (notification ids are visible in order), so a view applying it only advances
    less. Events are immutable: the views share them safely."""

    def __init__(self, source: Source, pages: int = 8) -> None:
        self.source = source
        self.pages = pages
        self._lues: OrderedDict[tuple[int, int], list[tuple[Notification, EvenementParcours]]] = OrderedDict()
        self._verrou = threading.Lock()

    def page(self, apres: int, taille: int) -> list[tuple[Notification, EvenementParcours]]:
        """The events recorded after position ``apres``, at most ``taille``, with their notifications."""
        with self._verrou:
            if (lue := self._lues.get((apres, taille))) is not None:
                return lue
        notifications = self.source.recorder.select_notifications(start=apres, limit=taille, inclusive_of_start=False)
        if isinstance(self.source.mapper, Prechargeur):  # the page's keys in one query (sealed events)
            self.source.mapper.precharger(notifications)
        lue = [(n, evenement(self.source, n)) for n in notifications]
        if lue and self.pages:
            with self._verrou:
                self._lues[(apres, taille)] = lue
                while len(self._lues) > self.pages:
                    self._lues.popitem(last=False)
        return lue


class Projecteur:
    def __init__(self, source: Source, vue: Vue[Any], stockage: StockageDeVue, lecteur: Lecteur | None = None) -> None:
        self.source = source
        self.vue = vue
        self.stockage = stockage
        self.lecteur = lecteur or Lecteur(source, pages=0)
        self._lignes: TypeAdapter[Any] = TypeAdapter(vue.type_ligne)
        self._indexer: Callable[[Any], Iterable[Entree]] = getattr(vue, "index", lambda _ligne: ())
        self._ajout_seul: bool = getattr(vue, "ajout_seul", False)
        self._lus: tuple[type[Any], ...] = getattr(vue, "evenements_lus", (Parcours.Event,))
        """The events the view folds: a parcours view reads the parcours' events only (the store also
        holds the persons' and their landmarks'), whatever its ``cle`` would say of the others."""
        self._effacer: Callable[[Any], Any] | None = getattr(vue, "effacer", None)
        """A view whose rows hold personal data says how to blank a row (DESIGN §7): the rows of every
        parcours of a person are blanked when their ``DonneesEffacees`` comes."""

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
        the next call reading on from its position), or None once the view is up to date. A constraint
        the rows break is raised, not taken for another projector's page: the position would not move,
        and the catch-up would read the same page for ever."""
        page = self.lecteur.page(self.position, taille_page)
        if not page:
            return None
        try:
            self._appliquer(page)
        except IntegrityError:
            if self.position < page[0][0].id:  # nobody applied it: the rows broke a constraint, not the tracking
                raise
            return 0
        return len(page)

    def prochaine(self) -> Notification | None:
        """The next stored event the view has to apply, undecoded (its position and type name it)."""
        suivantes = self.source.recorder.select_notifications(start=self.position, limit=1, inclusive_of_start=False)
        return suivantes[0] if suivantes else None

    def _appliquer(self, page: Sequence[tuple[Notification, EvenementParcours]]) -> None:
        etapes = [(self.vue.cle(e) if isinstance(e, self._lus) else None, e) for _, e in page]
        # An append-only view's key is new with each event, and the tracking refuses a page replayed:
        # there is no row to read.
        lues = {} if self._ajout_seul else self.stockage.lire({cle for cle, _ in etapes if cle is not None})
        actuelles = {cle: self._lignes.validate_json(d) for cle, d in lues.items()}
        parcours: dict[str, str] = {}
        for cle, evenement in etapes:
            if cle is not None:
                actuelles[cle] = self.vue.evoluer(actuelles.get(cle), evenement)
                parcours[cle] = str(evenement.originator_id)
            elif self._effacer is not None and isinstance(evenement, Personne.DonneesEffacees):
                self._effacer_les_lignes(self._effacer, evenement, actuelles, parcours)
        # Each changed row is serialised once per page, in its final state, however many events touched it.
        changements = {cle: self._changement(parcours_id, actuelles[cle]) for cle, parcours_id in parcours.items()}
        self.stockage.ecrire(changements, Tracking(self.source.name, page[-1][0].id))

    def _effacer_les_lignes(
        self,
        effacer: Callable[[Any], Any],
        evenement: Personne.DonneesEffacees,
        actuelles: dict[str, Any],
        parcours: dict[str, str],
    ) -> None:
        """Blanks every row of the person's parcours: those the page holds already, and those stored."""
        effaces = {str(p) for p in evenement.parcours}
        stockees = self.stockage.lire_des_parcours(effaces)
        for cle, (parcours_id, donnees) in stockees.items():
            if cle not in actuelles:  # a row the page changed (or deleted) is taken as the page left it
                actuelles[cle] = self._lignes.validate_json(donnees)
                parcours[cle] = parcours_id
        for cle, parcours_id in parcours.items():
            if parcours_id in effaces and (ligne := actuelles[cle]) is not None:
                actuelles[cle] = effacer(ligne)

    def _changement(self, parcours_id: str, ligne: Any) -> Changement:
        if ligne is None:
            return Changement(parcours_id, None)
        return Changement(parcours_id, self._lignes.dump_json(ligne).decode(), tuple(self._indexer(ligne)))

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[Any]:
        return [self._lignes.validate_json(d) for d in self.stockage.toutes_les_lignes(ou)]

    def lire(self, cles: Iterable[str]) -> dict[str, Any]:
        """The rows of these keys that exist."""
        return {cle: self._lignes.validate_json(d) for cle, d in self.stockage.lire(cles).items()}

    def lignes(self, parcours_id: str) -> list[Any]:
        return [self._lignes.validate_json(d) for d in self.stockage.lignes_du_parcours(parcours_id)]


class Avancant(Protocol):
    def avancer(self, taille_page: int = 500) -> int | None: ...


def rattraper_ensemble(projecteurs: Iterable[Avancant], taille_page: int = 500) -> int:
    """Catches several views up page by page, side by side, so that a ``Lecteur`` they share reads and
    decodes each page once, however long the backlog; returns how many events were applied in all.
    A view is left once ``avancer`` says None (up to date, or, guarded, waiting for its next try)."""
    en_retard, lus = list(projecteurs), 0
    while en_retard:
        avances = [(projecteur, projecteur.avancer(taille_page)) for projecteur in en_retard]
        en_retard = [projecteur for projecteur, applique in avances if applique is not None]
        lus += sum(applique or 0 for _, applique in avances)
    return lus


def evenements(source: Source, taille_page: int = 1000) -> Iterator[EvenementParcours]:
    """Every parcours' event of the store in recording order, read a page at a time (for one-off folds)."""
    position = 0
    while page := source.recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        lus = (evenement(source, notification) for notification in page)
        yield from (e for e in lus if isinstance(e, Parcours.Event))
        position = page[-1].id


def evenement(source: Source, notification: Notification) -> EvenementParcours:
    """One stored event, decoded: a parcours' event of the catalogue, or a person's or a landmark's (which
    the parcours views pass over). An unknown topic stops the decoding, which the view's guard reports."""
    return cast(EvenementParcours, source.mapper.to_domain_event(notification))
