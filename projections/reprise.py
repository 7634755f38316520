"""The readers of the store never die: a view that fails is retried with backoff, alone.

Two kinds of failure, told apart by ``transitoire``:
- the database went away (a restart, a dropped connection, a pool that timed out): nothing is wrong
  with the data, so the same step is tried again, after 0.1 s doubling to 5 s (with jitter, so that
  the API workers and the runners do not all come back at once), and goes on from the view's
  tracked position once the database answers;
- an event the view cannot apply (its fold raises, its database refuses the row): the page is
  applied again one event at a time, so that every event before the culprit is applied and the
  culprit is named by its position; the view is then **blocked**, recorded in its storage
  (``projections/blocage.py``) and logged, and retried with the same backoff, so that a fix (an
  upcaster, a corrected view: docs/projections.md) takes effect without a restart. The other views
  go on meanwhile.
The events' contents never reach a log: only positions, event types and exception classes.
"""

import random
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePath

import psycopg
import structlog
from eventsourcing.persistence import InterfaceError, OperationalError

from projections.blocage import Blocage
from projections.projecteur import Projecteur

journal = structlog.get_logger("parcours.projections")

TRANSITOIRES: tuple[type[BaseException], ...] = (
    psycopg.OperationalError,  # connection refused or lost, admin shutdown, pool timeout
    psycopg.InterfaceError,
    OperationalError,  # the library's wrapping of the above (and SQLite's "database is locked")
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


def transitoire(erreur: BaseException) -> bool:
    """A failure of the connection, not of the data: the same step will pass once the database is back."""
    return isinstance(erreur, TRANSITOIRES)


def lieu(erreur: BaseException) -> str:
    """The exception's class and the line that raised it, without its message (which may quote data)."""
    pile = traceback.extract_tb(erreur.__traceback__)
    if not pile:
        return type(erreur).__name__
    dernier = pile[-1]
    return f"{type(erreur).__name__} à {'/'.join(PurePath(dernier.filename).parts[-2:])}:{dernier.lineno}"


class Repli:
    """Bounded exponential backoff with jitter: after the n-th failure in a row, the next try is due
    in ``min(maximum, initial * 2**(n-1))`` seconds, drawn between half and all of it."""

    def __init__(
        self,
        initial: float = 0.1,
        maximum: float = 5.0,
        horloge: Callable[[], float] = time.monotonic,
        hasard: Callable[[], float] = random.random,
    ) -> None:
        self.initial, self.maximum = initial, maximum
        self.horloge, self.hasard = horloge, hasard
        self.echecs = 0
        self._prochain = 0.0

    def echec(self) -> float:
        """Counts a failure; returns the delay before the next try."""
        self.echecs += 1
        plafond = min(self.maximum, self.initial * 2 ** min(self.echecs - 1, 32))
        delai = float(plafond * (0.5 + self.hasard() / 2))
        self._prochain = self.horloge() + delai
        return delai

    def reussite(self) -> None:
        self.echecs, self._prochain = 0, 0.0

    def attente(self) -> float:
        """Seconds before the next try is due (0: now)."""
        return max(0.0, self._prochain - self.horloge())

    def pret(self) -> bool:
        return self.attente() == 0.0


def maintenant() -> datetime:
    return datetime.now(UTC)


class VueGardee:
    """A projector that never raises: see the module's docstring. ``avancer`` has the projector's
    contract (events applied, 0 to be called again, None to be left for now)."""

    def __init__(
        self, projecteur: Projecteur, repli: Repli | None = None, horloge: Callable[[], datetime] = maintenant
    ):
        self.projecteur = projecteur
        self.repli = repli or Repli()
        self.horloge = horloge
        self.blocage: Blocage | None = None
        self.incident: str | None = None
        """A transient failure's class while it lasts (the database is away)."""
        self._a_l_unite = 0
        self._blocage_enregistre = False

    @property
    def nom(self) -> str:
        return self.projecteur.vue.nom

    def attente(self) -> float | None:
        """Seconds before the next try while the view fails (None when it does not)."""
        return None if self.blocage is None and self.incident is None else self.repli.attente()

    def avancer(self, taille_page: int = 500) -> int | None:
        if not self.repli.pret():
            return None
        taille = 1 if self._a_l_unite or self.blocage else taille_page
        try:
            applique = self.projecteur.avancer(taille)
        except Exception as erreur:  # whatever fails, this view waits and the others go on
            return self._echec(erreur, taille)
        self._a_l_unite = max(0, self._a_l_unite - (applique or 0))
        self._retablie()
        return applique

    def _echec(self, erreur: Exception, taille: int) -> int | None:
        if transitoire(erreur):
            delai = self.repli.echec()
            self.incident = type(erreur).__name__
            journal.warning(
                "vue_injoignable", vue=self.nom, erreur=lieu(erreur), essai=self.repli.echecs, attente=round(delai, 3)
            )
            return None
        if taille > 1:  # which event? the same page again, one event per transaction
            self._a_l_unite = taille
            journal.warning("page_refusee", vue=self.nom, taille=taille, erreur=lieu(erreur))
            return 0
        try:
            suivante = self.projecteur.prochaine()
        except Exception as autre:  # the database went away meanwhile: a transient failure
            return self._echec(autre if transitoire(autre) else ConnectionError(), taille)
        delai = self.repli.echec()
        position = suivante.id if suivante else self.projecteur.position + 1
        topic = suivante.topic if suivante else "inconnu"
        meme = self.blocage is not None and self.blocage.position == position
        depuis = self.blocage.depuis if self.blocage is not None and meme else self.horloge()
        self.blocage = Blocage(self.nom, position, topic, lieu(erreur), depuis)
        journal.error(
            "vue_bloquee", vue=self.nom, position=position, topic=topic, erreur=self.blocage.erreur,
            essai=self.repli.echecs, attente=round(delai, 3),
        )  # fmt: skip
        if not meme or not self._blocage_enregistre:
            self._enregistrer(self.blocage)
        return None

    def _retablie(self) -> None:
        if self.incident is not None:
            journal.info("vue_retablie", vue=self.nom, essais=self.repli.echecs)
        if self.blocage is not None:
            journal.info("vue_debloquee", vue=self.nom, position=self.blocage.position, essais=self.repli.echecs)
        if self.blocage is not None or self._blocage_enregistre:
            self.blocage, self._a_l_unite = None, 0  # past the culprit: whole pages again
            self._enregistrer(None)
        self.incident = None
        self.repli.reussite()

    def _enregistrer(self, blocage: Blocage | None) -> None:
        """Best effort: a record left behind is ignored once the view has gone past it."""
        try:
            self.projecteur.stockage.noter_blocage(blocage)
        except Exception as erreur:  # the next try records it again
            journal.warning("blocage_non_enregistre", vue=self.nom, erreur=lieu(erreur))
            self._blocage_enregistre = blocage is None  # unknown: try to clear it at the next success
            return
        self._blocage_enregistre = blocage is not None
