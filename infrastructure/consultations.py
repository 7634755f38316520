"""The consultations log: who read which parcours, when, through which view and why.

The CNIL's 2021 recommendation on logging asks that reads of personal data be traced apart from
the data themselves, append-only, and kept for a limited time (6 to 12 months, up to 3 years if
justified); RGPD art. 5(1)(e) (storage limitation) forbids keeping them longer. Hence:

- the log lives apart from the event store: its own SQLite file beside the store's file, or its own
  ``consultations`` table in the store's PostgreSQL schema (never mixed with the events);
- the database refuses UPDATE (and TRUNCATE on PostgreSQL) by trigger, whatever the client;
- DELETE stays possible for one deleter only, the purge (``purger``, run by the purge command with
  the cutoff from ``limite_de_retention``); nothing else in the code deletes from this log;
- reads are not slowed: ``EcrivainDeConsultations.noter`` only queues the entry and a background
  thread writes batches; a failed batch is logged and retried, never dropped.
"""

import calendar
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import psycopg
import structlog
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql
from psycopg_pool import ConnectionPool

from infrastructure.reglages import Reglages

traces = structlog.get_logger("parcours.consultations")
"""Technical logs (a failed batch), not to be confused with the consultations log itself."""

TABLE = "consultations"
COLONNES = ("parcours_id", "principal", "role", "organisme", "vue", "motif", "consulte_le")
MESSAGE = "parcours : le journal des consultations est en ajout seul"
ATTENTE_MAX = 5.0
"""Longest pause, in seconds, between two retries of a failing batch."""


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


class JournalDesConsultations(Protocol):
    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        """Appends the batch in one transaction: all of it or nothing."""

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        """The parcours' consultations, newest first."""

    def purger(self, avant: datetime) -> int:
        """Deletes the entries consulted strictly before ``avant``; says how many. The purge
        command is its only caller: no other code deletes from the log."""

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
    """The log of the ``memory://`` store, for fast tests: a list, in insertion order."""

    def __init__(self) -> None:
        self._entrees: list[Consultation] = []
        self._verrou = threading.Lock()

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        with self._verrou:
            self._entrees.extend(consultations)

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        with self._verrou:
            rangees = [(c.consulte_le, rang, c) for rang, c in enumerate(self._entrees) if c.parcours_id == parcours_id]
        return [c for _, _, c in sorted(rangees, key=lambda r: r[:2], reverse=True)[:limite]]

    def purger(self, avant: datetime) -> int:
        avant = en_utc(avant)
        with self._verrou:
            gardees = [c for c in self._entrees if c.consulte_le >= avant]
            purgees, self._entrees = len(self._entrees) - len(gardees), gardees
        return purgees

    def fermer(self) -> None:
        """Nothing to release."""


def fichier_des_consultations(reglages: Reglages) -> Path:
    """``var/parcours.sqlite`` keeps its log in ``var/parcours.consultations.sqlite``."""
    return reglages.chemin_sqlite.with_suffix(".consultations.sqlite")


def horodatage_sqlite(instant: datetime) -> str:
    """A UTC instant as fixed-width ISO text, so that text order is time order (cutoff and sort in SQL)."""
    return instant.isoformat(timespec="microseconds")


def lue_de_sqlite(ligne: Sequence[Any]) -> Consultation:
    champs = dict(zip(COLONNES, ligne, strict=True))
    return Consultation(**{**champs, "consulte_le": datetime.fromisoformat(champs["consulte_le"])})


class JournalSQLite:
    """Its own file, in WAL mode (the library's datastore), so that the events file holds only events."""

    def __init__(self, fichier: Path) -> None:
        fichier.parent.mkdir(parents=True, exist_ok=True)
        self.datastore = SQLiteDatastore(str(fichier))
        with self.datastore.transaction(commit=True) as curseur:  # created on first use, as elsewhere on SQLite
            for ordre in (
                f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, parcours_id TEXT NOT NULL, "
                "principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, vue TEXT NOT NULL, motif TEXT, "
                "consulte_le TEXT NOT NULL)",
                # the rowid closes every index: ``ORDER BY consulte_le DESC, id DESC`` reads it backwards
                f"CREATE INDEX IF NOT EXISTS {TABLE}_parcours ON {TABLE} (parcours_id, consulte_le)",
                f"CREATE TRIGGER IF NOT EXISTS {TABLE}_sans_update BEFORE UPDATE ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} (UPDATE refusé)'); END",
            ):
                curseur.execute(ordre)

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        lignes = [(*ligne(c)[:-1], horodatage_sqlite(c.consulte_le)) for c in consultations]
        with self.datastore.transaction(commit=True) as curseur:
            curseur.executemany(f"INSERT INTO {TABLE} ({', '.join(COLONNES)}) VALUES (?, ?, ?, ?, ?, ?, ?)", lignes)

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        with self.datastore.transaction(commit=False) as curseur:
            curseur.execute(
                f"SELECT {', '.join(COLONNES)} FROM {TABLE} WHERE parcours_id = ? "
                "ORDER BY consulte_le DESC, id DESC LIMIT ?",
                (parcours_id, limite),
            )
            lignes = curseur.fetchall()
        return [lue_de_sqlite(ligne) for ligne in lignes]

    def purger(self, avant: datetime) -> int:
        with self.datastore.transaction(commit=True) as curseur:
            curseur.execute(f"DELETE FROM {TABLE} WHERE consulte_le < ?", (horodatage_sqlite(en_utc(avant)),))
            return curseur.sqlite_cursor.rowcount

    def fermer(self) -> None:
        self.datastore.close()


def ordres_postgres(schema: str) -> list[sql.Composed]:
    """Table, index and the trigger refusing UPDATE and TRUNCATE, all idempotent."""
    table = sql.Identifier(schema, TABLE)
    fonction = sql.Identifier(schema, f"{TABLE}_refuser_modification")
    declencheur = "CREATE OR REPLACE TRIGGER {nom} BEFORE {quand} ON {table} FOR EACH {portee} EXECUTE FUNCTION {f}()"
    return [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)),
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "parcours_id TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, "
            "vue TEXT NOT NULL, motif TEXT, consulte_le TIMESTAMPTZ NOT NULL)"
        ).format(table),
        # id closes the index so that the newest-first page with its tie-break is read from it alone
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (parcours_id, consulte_le, id)").format(
            sql.Identifier(f"{TABLE}_parcours"), table
        ),
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% (% refusé)', {}, TG_OP USING ERRCODE = 'restrict_violation'; END $$"
        ).format(fonction, sql.Literal(MESSAGE)),
        *(
            sql.SQL(declencheur).format(
                nom=sql.Identifier(nom), quand=sql.SQL(quand), table=table, portee=sql.SQL(portee), f=fonction
            )
            for nom, quand, portee in (
                (f"{TABLE}_sans_update", "UPDATE", "ROW"),
                (f"{TABLE}_sans_troncature", "TRUNCATE", "STATEMENT"),
            )
        ),
    ]


class JournalPostgres:
    """The ``consultations`` table of the store's schema, through a small pool of its own."""

    def __init__(self, conninfo: str, schema: str, taille_max: int = 4) -> None:
        self._table = sql.Identifier(schema, TABLE)
        self._pool = ConnectionPool(conninfo, min_size=1, max_size=taille_max, open=True, timeout=10.0)

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        copie = sql.SQL("COPY {} ({}) FROM STDIN").format(
            self._table, sql.SQL(", ").join(map(sql.Identifier, COLONNES))
        )
        with self._pool.connection() as connexion, connexion.cursor() as curseur, curseur.copy(copie) as flux:
            for consultation in consultations:
                flux.write_row(ligne(consultation))

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        requete = sql.SQL(
            "SELECT {} FROM {} WHERE parcours_id = %s ORDER BY consulte_le DESC, id DESC LIMIT %s"
        ).format(sql.SQL(", ").join(map(sql.Identifier, COLONNES)), self._table)
        with self._pool.connection() as connexion:
            return [Consultation(*r) for r in connexion.execute(requete, (parcours_id, limite)).fetchall()]

    def purger(self, avant: datetime) -> int:
        with self._pool.connection() as connexion:
            return connexion.execute(
                sql.SQL("DELETE FROM {} WHERE consulte_le < %s").format(self._table), (en_utc(avant),)
            ).rowcount

    def fermer(self) -> None:
        self._pool.close()


def ligne(consultation: Consultation) -> tuple[Any, ...]:
    return tuple(getattr(consultation, colonne) for colonne in COLONNES)


def creer_table_consultations(reglages: Reglages) -> None:
    """Creates the log and its append-only trigger if missing (``parcours migrate``; idempotent).
    On PostgreSQL it also creates the schema, so it may run before or after the store's tables."""
    if reglages.moteur == "postgres":
        with psycopg.connect(reglages.conninfo_postgres()) as connexion:
            for ordre in ordres_postgres(reglages.schema_postgres):
                connexion.execute(ordre)
    elif reglages.moteur == "sqlite":
        JournalSQLite(fichier_des_consultations(reglages)).fermer()


def journal_pour(reglages: Reglages) -> JournalDesConsultations:
    """The log of the configured store. On PostgreSQL its table must exist (``parcours migrate``);
    on SQLite it is created on first use; in memory, each call gives a new, empty log."""
    if reglages.moteur == "postgres":
        return JournalPostgres(reglages.conninfo_postgres(), reglages.schema_postgres)
    if reglages.moteur == "sqlite":
        return JournalSQLite(fichier_des_consultations(reglages))
    return JournalEnMemoire()


class EcrivainArrete(RuntimeError):
    """A consultation noted after ``arreter``: it could not be written, so the read must not go on."""


class EcrivainDeConsultations:
    """Takes consultations on the request path without I/O and writes them in batches from a
    thread of its own (up to ``taille_lot`` entries, at least every ``periode`` seconds), so that
    logging a read does not slow it. A failed batch stays queued, first in line, and is retried."""

    def __init__(self, journal: JournalDesConsultations, taille_lot: int = 500, periode: float = 0.2) -> None:
        self.journal = journal
        self._taille_lot = taille_lot
        self._periode = periode
        self._file: deque[Consultation] = deque()
        self._notees = 0
        self._ecrites = 0
        self._attendues = 0
        self._arret = False
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
            self._etat.notify_all()
            if not self._etat.wait_for(lambda: self._ecrites >= cible, timeout=delai):
                raise TimeoutError(f"{cible - self._ecrites} consultations pas encore écrites après {delai} s")

    def arreter(self, delai: float = 5.0) -> None:
        """Refuses new entries, writes what remains and stops the thread. If the store still fails
        after ``delai`` seconds, the entries stay queued (the thread keeps retrying) and the error
        is logged and raised."""
        with self._etat:
            self._arret = True
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
        echecs = 0
        while True:
            with self._etat:
                if self._arret and not self._file:
                    return
                self._etat.wait_for(self._a_ecrire, timeout=self._periode)
                lot = [self._file.popleft() for _ in range(min(self._taille_lot, len(self._file)))]
            if not lot:
                continue
            if self._ecrire(lot):
                echecs = 0
            else:
                echecs += 1
                time.sleep(min(self._periode * 2**echecs, ATTENTE_MAX))  # back off: an outage must not spin

    def _ecrire(self, lot: list[Consultation]) -> bool:
        try:
            self.journal.ajouter(lot)
        except Exception as erreur:  # any failure keeps the batch for the next try
            # the type only: a driver's message may quote the row, and a declared reason is free text
            traces.error("ecriture_des_consultations_en_echec", nombre=len(lot), erreur=type(erreur).__name__)
            with self._etat:
                self._file.extendleft(reversed(lot))
            return False
        with self._etat:
            self._ecrites += len(lot)
            self._etat.notify_all()
        return True
