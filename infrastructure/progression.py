"""A runner's progress in its log (``projections run``, ``webhooks run``): every ``intervalle`` seconds, if
something moved, one line with each counter's value and how fast it moved since the last line.

It runs in a thread of its own, beside the work (a catch-up of a long backlog may take minutes without
returning); counters and positions only, never an event's content nor a subscriber's address."""

import threading
import time
from collections.abc import Callable
from typing import Any

import structlog

from projections.reprise import lieu

journal = structlog.get_logger("parcours.progression")


class Progression(threading.Thread):
    """Logs ``evenement`` with ``{nom: {champ: valeur, "par_seconde": vitesse}}`` for the counters ``lire``
    returns (each only grows), and what ``contexte`` adds to the line, when a counter moved."""

    def __init__(
        self,
        evenement: str,
        lire: Callable[[], dict[str, int]],
        intervalle: float,
        champ: str = "position",
        contexte: Callable[[dict[str, int]], dict[str, Any]] = lambda _valeurs: {},
        horloge: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name=f"progression-{evenement}", daemon=True)
        self.evenement, self.lire, self.intervalle, self.champ = evenement, lire, intervalle, champ
        self.contexte, self.horloge = contexte, horloge
        self._arret = threading.Event()
        self._avant: dict[str, int] = {}
        self._depuis = horloge()

    def demarrer(self) -> None:
        """Reads where things stand (the next line's reference), then follows them in its thread."""
        self._avant, self._depuis = self.valeurs(), self.horloge()
        self.start()

    def arreter(self) -> None:
        self._arret.set()
        if self.is_alive():
            self.join(timeout=5)

    def run(self) -> None:
        while not self._arret.wait(self.intervalle):
            self.noter()

    def valeurs(self) -> dict[str, int]:
        """The counters now; the last ones read if they cannot be read (logged)."""
        try:
            return self.lire()
        except Exception as erreur:  # the database away: the runner's own lines say so; read again next turn
            journal.warning("progression_illisible", suivi=self.evenement, erreur=lieu(erreur))
            return self._avant

    def noter(self) -> None:
        """One line if a counter moved since the last one."""
        valeurs, maintenant = self.valeurs(), self.horloge()
        duree = max(maintenant - self._depuis, 1e-9)
        if valeurs != self._avant:
            compteurs = {
                nom: {self.champ: valeur, "par_seconde": round((valeur - self._avant.get(nom, valeur)) / duree, 1)}
                for nom, valeur in valeurs.items()
            }
            try:
                contexte = self.contexte(valeurs)
            except Exception as erreur:  # the context is a bonus: the counters are worth their line without it
                contexte = {"contexte_illisible": lieu(erreur)}
            journal.info(self.evenement, **compteurs, duree_s=round(duree, 1), **contexte)
        self._avant, self._depuis = valeurs, maintenant
