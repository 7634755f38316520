"""The live change feed's hub (issue 22): one per process, it tails the store and keeps its recent changes.

A thread reads each new page of the store once, as soon as this process commits (``apres_enregistrement``)
or every ``periode`` seconds for the commits of other processes, turns it into changes with the one function
of the feed (``application.flux.changements``: each parcours loaded once, whatever the number of readers),
and keeps the last ``fenetre`` changes in memory. Each reader holds its own cursor, a store position, and
reads on from it: from the window, or from the store itself through the same function when its cursor is
older than the window (a reconnection after a long absence, a reader too slow to keep up). The hub never
waits for a reader; a reader costs the hub nothing but a look at the window, and takes no lock to look: the hub
publishes each state of the window as one immutable ``Fenetre`` (lists it only appends to, and the length a
reader may look at), so that the event loop, where the streams read, never waits for the hub's thread.

A page the hub cannot decode is handled as the views handle it (``projections/reprise.py``): the events
before the culprit are published, the culprit is logged by its position, topic and error class (never its
content), and the hub retries it with backoff, so a fix (an upcaster) takes effect without a restart. It
never skips an event: the readers wait behind it, their heartbeats going on.
"""

import threading
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import structlog
from cachetools import LRUCache
from eventsourcing.persistence import Notification

from application.flux import Changement, changements
from application.parcours import ParcoursApplication
from domain.decision import FUSEAU_METIER
from infrastructure.reglages import Reglages
from projections.corbeilles import Corbeilles, LigneCorbeilles
from projections.projecteur import Prechargeur
from projections.reprise import Repli, lieu, transitoire

journal = structlog.get_logger("parcours.flux")


@dataclass(frozen=True)
class ReglagesDuFlux:
    """The feed's settings (``Reglages.flux_*``, from ``PARCOURS_FLUX_*``)."""

    battement_secondes: float = 15.0
    """A comment line after this many seconds without an event, so that proxies keep the connection."""
    reprise_ms: int = 3000
    """The ``retry:`` advice: how long a client waits before it reconnects."""
    fenetre: int = 10_000
    """How many recent changes the hub keeps in memory; older cursors read the store."""
    periode_secondes: float = 1.0
    """How soon the commits of other processes are seen at the latest."""
    page: int = 500
    """How many store events a read takes at once (the hub's, and each reader's from the store)."""
    par_appelant: int = 8
    """How many streams one caller may hold open at once in a process."""

    @classmethod
    def de(cls, reglages: Reglages) -> "ReglagesDuFlux":
        return cls(
            battement_secondes=reglages.flux_battement_secondes,
            reprise_ms=reglages.flux_reprise_ms,
            fenetre=reglages.flux_fenetre,
            periode_secondes=reglages.flux_periode_secondes,
            page=reglages.flux_page,
            par_appelant=reglages.flux_par_appelant,
        )


@dataclass(frozen=True)
class Fenetre:
    """One state of the hub's window: the changes after ``debut`` up to ``position`` are the first ``longueur``
    of ``changements`` (at ``positions``). The hub only appends past ``longueur`` or makes new lists, so a
    reader holding a state reads it without a lock while the hub moves on."""

    debut: int
    positions: list[int]
    changements: list[Changement]
    longueur: int
    position: int


@dataclass(frozen=True)
class Tranche:
    """Changes after a cursor, and the store position they were read up to (the reader's next cursor)."""

    changements: Sequence[Changement]
    position: int


class Diffuseur:
    """The hub: see the module's docstring. ``abonner`` registers who is told (from the hub's thread) the new
    position each time the window moves."""

    def __init__(self, application: ParcoursApplication, reglages: ReglagesDuFlux | None = None) -> None:
        self.application = application
        self.reglages = reglages or ReglagesDuFlux()
        self._fenetre = Fenetre(0, [], [], 0, 0)
        """The window as readers see it, replaced whole by the hub's thread (the only writer)."""
        self._reveil = threading.Event()
        self._arret = threading.Event()
        self._abonnes: list[Callable[[int], None]] = []
        self.lecteurs = 0
        """The streams open: with none, the hub reads no page (it only follows the store's end)."""
        self._repli = Repli()
        self.blocage: tuple[int, str] | None = None
        """The position and topic of the event the hub is stuck on, if it is."""
        self._listes: LRUCache[tuple[UUID, int], frozenset[str]] = LRUCache(maxsize=4 * self.reglages.fenetre)
        self._verrou_listes = threading.Lock()
        self._fil = threading.Thread(target=self._boucle, name="flux", daemon=True)
        application.apres_enregistrement.append(lambda _position: self._reveil.set())

    @property
    def position(self) -> int:
        """The store position the hub has read up to."""
        return self._fenetre.position

    def abonner(self, rappel: Callable[[int], None]) -> None:
        self._abonnes.append(rappel)

    def demarrer(self) -> None:
        """Starts from the store's end: older cursors read the store; a store that does not answer yet delays
        the feed, not the start."""
        try:
            fin = self.application.recorder.max_notification_id() or 0
            self._fenetre = Fenetre(fin, [], [], 0, fin)
        except Exception as erreur:
            if not transitoire(erreur):
                raise
            journal.warning("flux_injoignable", erreur=lieu(erreur))
        self._fil.start()

    def arreter(self) -> None:
        self._arret.set()
        self._reveil.set()
        if self._fil.is_alive():
            self._fil.join(timeout=5)

    # --- readers -------------------------------------------------------------------------------------

    def lire(self, apres: int, limite: int) -> Tranche | None:
        """The changes after ``apres`` from the window, at most ``limite``; None when the window starts
        after ``apres`` (the reader reads the store: ``lire_du_magasin``). Takes no lock."""
        fenetre = self._fenetre
        if apres < fenetre.debut:
            return None
        debut = bisect_right(fenetre.positions, apres, 0, fenetre.longueur)
        fin = min(debut + limite, fenetre.longueur)
        position = fenetre.positions[fin - 1] if fin < fenetre.longueur else fenetre.position
        return Tranche(fenetre.changements[debut:fin], max(apres, position))

    def lire_du_magasin(self, apres: int, limite: int) -> Tranche:
        """The changes after ``apres`` read from the store, page by page through the same function as the
        hub's; a page that cannot be decoded gives the changes before the culprit (the reader waits at it)."""
        notifications = self.application.recorder.select_notifications(
            start=apres, limit=limite, inclusive_of_start=False
        )
        lus, position, _coupable = self._decoder(notifications, apres)
        return Tranche(lus, position)

    def listes(self, changement: Changement) -> frozenset[str]:
        """The worklists the parcours is in just before or just after this change, as the worklists view
        folds its events (``projections.corbeilles``): a worklist's feed shows what enters it, what changes
        in it and what leaves it. Folded once per parcours and version."""
        cle = (changement.parcours_id, changement.evenement.originator_version)
        with self._verrou_listes:
            if (listes := self._listes.get(cle)) is not None:
                return listes
        vue, ligne = Corbeilles(), None
        avant: frozenset[str] = frozenset()
        calculees = {}
        for evenement in self.application.historique(changement.parcours_id, jusqu_a_version=cle[1]):
            ligne = vue.evoluer(ligne, evenement)
            apres = _listes_de(ligne)
            calculees[(changement.parcours_id, evenement.originator_version)] = avant | apres
            avant = apres
        with self._verrou_listes:
            self._listes.update(calculees)
        return calculees.get(cle, frozenset())

    # --- the hub's thread ----------------------------------------------------------------------------

    def _boucle(self) -> None:
        while not self._arret.is_set():
            try:
                self._avancer()
            except Exception as erreur:  # the database went away: try again after a backoff
                attente = self._repli.echec()
                journal.warning("flux_interrompu", erreur=lieu(erreur), essai=self._repli.echecs, attente=attente)
            delai = self.reglages.periode_secondes
            if self._repli.echecs:
                delai = max(0.01, min(delai, self._repli.attente()))
            self._reveil.wait(timeout=delai)
            self._reveil.clear()

    def _avancer(self) -> None:
        """Reads the new pages into the window and tells the readers; stops at an undecodable event. Without a
        reader, loads nothing: the window is emptied at the store's end (a reader that comes reads on from there,
        or from the store if its cursor is older)."""
        if not self.lecteurs:
            avant = self.position
            fin = max(avant, self.application.recorder.max_notification_id() or 0)
            self._fenetre = Fenetre(fin, [], [], 0, fin)
            self.blocage = None
            self._repli.reussite()
            if fin > avant:  # a stream opening just now reads on from there, without waiting for a commit
                self._annoncer(fin)
            return
        while not self._arret.is_set():
            notifications = self.application.recorder.select_notifications(
                start=self.position, limit=self.reglages.page, inclusive_of_start=False
            )
            if not notifications:
                break
            lus, position, coupable = self._decoder(notifications, self.position)
            self._garder(lus, position)
            if coupable is not None:
                self._bloquer(*coupable)
                return
            if len(notifications) < self.reglages.page:
                break
        if self.blocage is not None:
            journal.info("flux_debloque", position=self.blocage[0], essais=self._repli.echecs)
            self.blocage = None
        self._repli.reussite()

    def _garder(self, lus: Sequence[Changement], position: int) -> None:
        """Publishes the window with ``lus`` after it: appended past what readers look at, or, when the window
        has grown to twice its size, copied from its newer half (amortised)."""
        avant = self._fenetre
        if position <= avant.position:
            return
        debut, positions, changements = avant.debut, avant.positions, avant.changements
        positions.extend(c.position for c in lus)
        changements.extend(lus)
        if len(changements) > 2 * self.reglages.fenetre:
            coupe = len(changements) - self.reglages.fenetre
            debut, positions, changements = positions[coupe - 1], positions[coupe:], changements[coupe:]
        self._fenetre = Fenetre(debut, positions, changements, len(changements), position)
        self._annoncer(position)

    def _annoncer(self, position: int) -> None:
        for rappel in self._abonnes:
            rappel(position)

    def _bloquer(self, notification: Notification, erreur: Exception) -> None:
        attente = self._repli.echec()
        self.blocage = (notification.id, notification.topic)
        journal.error(
            "flux_bloque", position=notification.id, topic=notification.topic, erreur=lieu(erreur),
            essai=self._repli.echecs, attente=round(attente, 3),
        )  # fmt: skip

    def _decoder(
        self, notifications: Sequence[Notification], apres: int
    ) -> tuple[list[Changement], int, tuple[Notification, Exception] | None]:
        """The page's changes and the position read up to; a page that fails is decoded again one event at a
        time, so that the culprit is named and every change before it kept. A lost connection is raised."""
        mapper = self.application.mapper
        if isinstance(mapper, Prechargeur):  # the page's keys in one query (sealed events)
            mapper.precharger(notifications)
        try:
            return self._changements(notifications), notifications[-1].id if notifications else apres, None
        except Exception as erreur:
            if transitoire(erreur):
                raise
        lus: list[Changement] = []
        position = apres
        for notification in notifications:
            try:
                lus += self._changements([notification])
            except Exception as erreur:
                if transitoire(erreur):
                    raise
                return lus, position, (notification, erreur)
            position = notification.id
        return lus, position, None

    def _changements(self, notifications: Sequence[Notification]) -> list[Changement]:
        application = self.application
        return changements(
            notifications, application.mapper.to_domain_event, application.trouver, application.roles, self._jour()
        )

    def _jour(self) -> date:
        return self.application.horloge().astimezone(FUSEAU_METIER).date()


def _listes_de(ligne: LigneCorbeilles | None) -> frozenset[str]:
    return frozenset(e.liste for e in ligne.entrees) if ligne is not None else frozenset()
