"""The consultations log: who read which parcours, when, through which view and why.

The CNIL's 2021 recommendation on logging asks that reads of personal data be traced apart from
the data themselves, append-only, and kept for a limited time (6 to 12 months, up to 3 years if
justified); RGPD art. 5(1)(e) (storage limitation) forbids keeping them longer. Hence:

- the log lives apart from the event store: its own SQLite file beside the store's file, or its own
  ``consultations`` table in the store's PostgreSQL schema (never mixed with the events);
- the database refuses UPDATE (and TRUNCATE on PostgreSQL) by trigger, whatever the client;
- DELETE stays possible for one deleter only, the purge (``purger``, run by the purge command with
  the cutoff from ``limite_de_retention``); nothing else in the code deletes from this log;
- each entry is sealed when written (``consultations_scellees.py``): ``parcours audit verify`` names
  an entry changed, inserted or removed without the service's key;
- reads are not slowed: ``EcrivainDeConsultations.noter`` only queues the entry and a background
  thread writes batches. A batch that fails because the database is away is retried as is, with
  backoff; one the database refuses for its data (a NUL in a motif, which PostgreSQL's text cannot
  hold) is written entry by entry, so that one bad entry never holds the others back: the refused
  entry is written again with its control characters replaced (U+FFFD), and set aside only if even
  that fails, logged by its rank and parcours, never by its content. At shutdown, whatever can be
  written is, within a bounded delay.
"""

import calendar
import threading
import unicodedata
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import structlog

from infrastructure.consultations_scellees import Entree, Numeroteur
from infrastructure.magasin_annexe import datastore_propre
from infrastructure.reglages import Reglages
from infrastructure.sceaux import cle_de_sceau
from projections.reprise import Repli, lieu, transitoire

traces = structlog.get_logger("parcours.consultations")
"""Technical logs (a failed batch), not to be confused with the consultations log itself."""

TABLE = "consultations"
COLONNES = ("parcours_id", "principal", "role", "organisme", "vue", "motif", "consulte_le")
MESSAGE = "parcours : le journal des consultations est en ajout seul"
ATTENTE_MAX = 5.0
"""Longest pause, in seconds, between two retries of a failing batch."""
PERMIS = {"\t", "\n"}
"""The control characters a free text may hold."""


@dataclass(frozen=True)
class Consultation:
    """One read of a parcours' personal data: who (principal, role, organisme), which parcours,
    which view (the route template), the declared reason if any, and when (kept in UTC)."""

    parcours_id: str
    principal: str
    role: str
    organisme: str | None
    vue: str
    motif: str | None
    consulte_le: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "consulte_le", en_utc(self.consulte_le))


def en_utc(instant: datetime) -> datetime:
    """An instant without time zone is refused: the log must say when, unambiguously."""
    if instant.utcoffset() is None:
        raise ValueError("un instant du journal doit porter son fuseau (UTC)")
    return instant.astimezone(UTC)


def assainir(texte: str) -> str:
    """A text without control characters (tab and newline kept): each becomes U+FFFD, so that the
    entry can be stored and read back whatever a header held."""
    if texte.isprintable():
        return texte
    return "".join("\ufffd" if c not in PERMIS and unicodedata.category(c) == "Cc" else c for c in texte)


def assainie(c: Consultation) -> Consultation:
    """The same entry, its texts rid of control characters."""
    return replace(
        c,
        parcours_id=assainir(c.parcours_id),
        principal=assainir(c.principal),
        role=assainir(c.role),
        organisme=None if c.organisme is None else assainir(c.organisme),
        vue=assainir(c.vue),
        motif=None if c.motif is None else assainir(c.motif),
    )


class JournalDesConsultations(Protocol):
    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        """Appends the batch in one transaction: all of it or nothing."""

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        """The parcours' consultations, newest first."""

    def purger(self, avant: datetime) -> int:
        """Deletes the entries consulted strictly before ``avant``; says how many. The purge
        command is its only caller: no other code deletes from the log."""

    def entrees(self, apres: tuple[str, int] | None, limite: int) -> list[Entree]:
        """Every stored entry with its seal, in (writer, rank) order (``verifier_consultations``)."""

    def fermer(self) -> None: ...


def limite_de_retention(maintenant: datetime, mois: int) -> datetime:
    """The same day ``mois`` months before ``maintenant`` (the month's last day when it is
    shorter: 31 March minus one month is the last day of February), time of day kept. Entries
    consulted before it have outlived their retention (RGPD art. 5(1)(e))."""
    if mois < 0:
        raise ValueError("la durée de conservation se compte en mois positifs")
    annee, rang = divmod(maintenant.year * 12 + maintenant.month - 1 - mois, 12)
    jour = min(maintenant.day, calendar.monthrange(annee, rang + 1)[1])
    return maintenant.replace(year=annee, month=rang + 1, day=jour)


def verifier_limite(limite: int) -> None:
    if limite < 1:
        raise ValueError("limite doit être au moins 1")


class JournalEnMemoire:
    """The log of the ``memory://`` store, for fast tests: a list, in insertion order, sealed like the
    others."""

    def __init__(self, cle: bytes) -> None:
        self._entrees: list[Entree] = []
        self._verrou = threading.Lock()
        self._cle = cle
        self._numeroteur = Numeroteur(uuid.uuid4().hex)

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        with self._verrou:
            entrees = self._numeroteur.entrees(self._cle, consultations)
            self._entrees.extend(entrees)
            self._numeroteur.engager(entrees)

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        with self._verrou:
            rangees = [
                (e.consultation.consulte_le, rang, e.consultation)
                for rang, e in enumerate(self._entrees)
                if e.consultation.parcours_id == parcours_id
            ]
        return [assainie(c) for _, _, c in sorted(rangees, key=lambda r: r[:2], reverse=True)[:limite]]

    def purger(self, avant: datetime) -> int:
        avant = en_utc(avant)
        with self._verrou:
            gardees = [e for e in self._entrees if e.consultation.consulte_le >= avant]
            purgees, self._entrees = len(self._entrees) - len(gardees), gardees
        return purgees

    def entrees(self, apres: tuple[str, int] | None, limite: int) -> list[Entree]:
        with self._verrou:
            rangees = sorted(self._entrees, key=lambda e: (e.ecrivain or "", e.rang or 0))
        return [e for e in rangees if apres is None or (e.ecrivain or "", e.rang or 0) > apres][:limite]

    def fermer(self) -> None:
        """Nothing to release."""


def fichier_des_consultations(reglages: Reglages) -> Path:
    """``var/parcours.sqlite`` keeps its log in ``var/parcours.consultations.sqlite``."""
    return reglages.chemin_sqlite.with_suffix(".consultations.sqlite")


def ligne(consultation: Consultation) -> tuple[Any, ...]:
    return tuple(getattr(consultation, colonne) for colonne in COLONNES)


def creer_table_consultations(reglages: Reglages) -> None:
    """Creates the log and its append-only trigger if missing (``parcours migrate``; idempotent).
    On PostgreSQL it also creates the schema, so it may run before or after the store's tables."""
    from infrastructure.consultations_sql import JournalSql  # noqa: PLC0415 - it imports this module

    journal = journal_pour(reglages)
    if isinstance(journal, JournalSql):
        journal.creer_table()
    journal.fermer()


def journal_pour(reglages: Reglages) -> JournalDesConsultations:
    """The log of the configured store, on a datastore of its own. On PostgreSQL its table must exist
    (``parcours migrate``); on SQLite it is created on first use; in memory, each call gives a new,
    empty log."""
    from infrastructure.consultations_sql import JournalSql  # noqa: PLC0415 - it imports this module

    cle = cle_de_sceau(reglages)
    datastore = datastore_propre(reglages, fichier_des_consultations)
    if datastore is None:
        return JournalEnMemoire(cle)
    journal = JournalSql(datastore, cle)
    if not journal.postgres:
        journal.creer_table()  # created on first use, as elsewhere on SQLite
    return journal


class EcrivainArrete(RuntimeError):
    """A consultation noted after ``arreter``: it could not be written, so the read must not go on."""


class EcrivainDeConsultations:
    """Takes consultations on the request path without I/O and writes them in batches from a
    thread of its own (up to ``taille_lot`` entries, at least every ``periode`` seconds), so that
    logging a read does not slow it. A batch that fails because the database is away stays queued,
    first in line, and is tried again after a backoff (0.1 s doubling to 5 s, with jitter; at once
    when someone waits for it: ``vider``, ``arreter``); one the database refuses for its data is
    written entry by entry (see the module's docstring)."""

    def __init__(
        self, journal: JournalDesConsultations, taille_lot: int = 500, periode: float = 0.2, repli: Repli | None = None
    ) -> None:
        self.journal = journal
        self._taille_lot = taille_lot
        self._periode = periode
        self._repli = repli or Repli(maximum=ATTENTE_MAX)
        self._file: deque[Consultation] = deque()
        self._notees = 0
        self._ecrites = 0
        """Entries no longer waiting: written, or set aside (``ecartees``)."""
        self.ecartees = 0
        """Entries the database refused even without their control characters (logged, not written)."""
        self._attendues = 0
        self._arret = False
        self._presse = False
        self._etat = threading.Condition()
        self._fil = threading.Thread(target=self._boucle, name="consultations", daemon=True)
        self._fil.start()

    def noter(self, consultation: Consultation) -> None:
        """Queues the entry; the request goes on at once."""
        with self._etat:
            if self._arret:
                raise EcrivainArrete("le journal des consultations est arrêté")
            self._file.append(consultation)
            self._notees += 1
            if len(self._file) == self._taille_lot:
                self._etat.notify_all()

    def vider(self, delai: float = 5.0) -> None:
        """Returns once every entry noted before the call is written; TimeoutError after ``delai``."""
        with self._etat:
            self._attendues = max(self._attendues, self._notees)
            cible = self._notees
            self._presse = True
            self._etat.notify_all()
            if not self._etat.wait_for(lambda: self._ecrites >= cible, timeout=delai):
                raise TimeoutError(f"{cible - self._ecrites} consultations pas encore écrites après {delai} s")

    def arreter(self, delai: float = 5.0) -> None:
        """Refuses new entries, writes what remains and stops the thread. If the store still fails
        after ``delai`` seconds, the entries stay queued (the thread keeps retrying while the process
        lives) and the error is logged and raised."""
        with self._etat:
            self._arret = True
            self._presse = True
            self._etat.notify_all()
        self._fil.join(delai)
        if self._fil.is_alive():
            traces.error("consultations_non_ecrites_a_l_arret", nombre=self.en_attente)
            raise TimeoutError(f"{self.en_attente} consultations pas encore écrites à l'arrêt")

    @property
    def en_attente(self) -> int:
        """Entries noted and not yet written, a batch in flight included (for health checks)."""
        with self._etat:
            return self._notees - self._ecrites

    def _a_ecrire(self) -> bool:
        return len(self._file) >= self._taille_lot or self._ecrites < self._attendues or self._arret

    def _boucle(self) -> None:
        while True:
            with self._etat:
                if self._arret and not self._file:
                    return
                self._etat.wait_for(self._a_ecrire, timeout=self._periode)
                lot = [self._file.popleft() for _ in range(min(self._taille_lot, len(self._file)))]
            if not lot:
                continue
            attente = self._ecrire(lot)
            if attente is not None:  # back off, so that an outage does not spin; cut short by a waiter
                with self._etat:
                    self._etat.wait_for(lambda: self._presse, timeout=attente)
                    self._presse = False

    def _ecrire(self, lot: list[Consultation]) -> float | None:
        """Writes the batch; returns how long to wait before the next try if the database is away."""
        try:
            self.journal.ajouter(lot)
        except Exception as erreur:  # any failure: the entries are kept, or isolated if the data is refused
            if transitoire(erreur):
                return self._reporter(lot, erreur)
            traces.warning("lot_de_consultations_refuse", nombre=len(lot), erreur=lieu(erreur))
            return self._isoler(lot)
        self._compter(len(lot))
        return None

    def _isoler(self, lot: list[Consultation]) -> float | None:
        """Writes the entries one by one, so that the ones the database refuses hold no other back."""
        for rang, consultation in enumerate(lot):
            try:
                self._une(consultation, self._ecrites + rang)
            except Exception as erreur:  # only a transient failure gets here: the rest waits for the database
                self._compter(rang)
                return self._reporter(lot[rang:], erreur)
        self._compter(len(lot))
        return None

    def _une(self, consultation: Consultation, rang: int) -> None:
        """One entry; refused, it is written without its control characters, and set aside if even
        that is refused. Logged by rank (order of noting) and parcours, never by content."""
        try:
            self.journal.ajouter([consultation])
            return
        except Exception as erreur:
            if transitoire(erreur):
                raise
            refus = lieu(erreur)
        try:
            self.journal.ajouter([assainie(consultation)])
        except Exception as erreur:
            if transitoire(erreur):
                raise
            self.ecartees += 1
            traces.error("consultation_ecartee", rang=rang, parcours=consultation.parcours_id, erreur=lieu(erreur))
            return
        traces.warning("consultation_assainie", rang=rang, parcours=consultation.parcours_id, erreur=refus)

    def _reporter(self, reste: list[Consultation], erreur: Exception) -> float:
        """The database is away: the entries go back to the head of the queue, for the next try."""
        with self._etat:
            self._file.extendleft(reversed(reste))
        attente = self._repli.echec()
        # the type only: a driver's message may quote the row, and a declared reason is free text
        traces.error(
            "ecriture_des_consultations_en_echec", nombre=len(reste), erreur=type(erreur).__name__,
            essai=self._repli.echecs, attente=round(attente, 3),
        )  # fmt: skip
        return attente

    def _compter(self, ecrites: int) -> None:
        if self._repli.echecs:
            traces.info("ecriture_des_consultations_retablie", essais=self._repli.echecs)
            self._repli.reussite()
        with self._etat:
            self._ecrites += ecrites
            self._etat.notify_all()
