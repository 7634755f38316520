"""The consultations log in SQL, on a datastore of its own (``magasin_annexe.datastore_propre``):
its own SQLite file beside the store's, or the ``consultations`` table of the store's PostgreSQL
schema through a small pool of its own; the database refuses UPDATE (and TRUNCATE on PostgreSQL) by
trigger (``infrastructure/consultations.py`` says why)."""

import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.postgres import PostgresDatastore

from infrastructure.consultations import (
    COLONNES,
    MESSAGE,
    TABLE,
    Consultation,
    assainie,
    en_utc,
    ligne,
    verifier_limite,
)
from infrastructure.consultations_scellees import Entree, Numeroteur
from infrastructure.magasin_annexe import Datastore, MagasinAnnexe

SCELLEMENT = ("ecrivain", "rang", "precedent_le", "sceau")
"""The columns that seal an entry (``consultations_scellees.py``), added to a log created before them."""


def ordres_sqlite() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, parcours_id TEXT NOT NULL, "
        "principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, vue TEXT NOT NULL, motif TEXT, "
        "consulte_le TEXT NOT NULL, ecrivain TEXT, rang BIGINT, precedent_le TEXT, sceau BLOB)",
        # the rowid closes every index: ``ORDER BY consulte_le DESC, id DESC`` reads it backwards
        f"CREATE INDEX IF NOT EXISTS {TABLE}_parcours ON {TABLE} (parcours_id, consulte_le)",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_sans_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} (UPDATE refusé)'); END",
    ]


def ordres_postgres(schema: str) -> list[str]:
    """Schema, table, index and the trigger refusing UPDATE and TRUNCATE, all idempotent."""
    table, fonction = f'"{schema}".{TABLE}', f'"{schema}".{TABLE}_refuser_modification'
    declencheur = "CREATE OR REPLACE TRIGGER {} BEFORE {} ON {} FOR EACH {} EXECUTE FUNCTION {}()"
    return [
        f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
        f"CREATE TABLE IF NOT EXISTS {table} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "parcours_id TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL, organisme TEXT, "
        "vue TEXT NOT NULL, motif TEXT, consulte_le TIMESTAMPTZ NOT NULL)",
        # id closes the index so that the newest-first page with its tie-break is read from it alone
        f"CREATE INDEX IF NOT EXISTS {TABLE}_parcours ON {table} (parcours_id, consulte_le, id)",
        *(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {c} {t}" for c, t in colonnes_de_sceau("BYTEA")),
        f"CREATE INDEX IF NOT EXISTS {TABLE}_ecrivain ON {table} (ecrivain, rang)",
        f"CREATE OR REPLACE FUNCTION {fonction}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '% (% refusé)', '{MESSAGE}', TG_OP USING ERRCODE = 'restrict_violation'; END $$",
        declencheur.format(f"{TABLE}_sans_update", "UPDATE", table, "ROW", fonction),
        declencheur.format(f"{TABLE}_sans_troncature", "TRUNCATE", table, "STATEMENT", fonction),
    ]


def colonnes_de_sceau(octets: str) -> list[tuple[str, str]]:
    return list(zip(SCELLEMENT, ("TEXT", "BIGINT", "TEXT", octets), strict=True))


def horodatage_sqlite(instant: datetime) -> str:
    """A UTC instant as fixed-width ISO text, so that text order is time order (cutoff and sort in SQL)."""
    return instant.isoformat(timespec="microseconds")


def rangee(entree: Entree, instant: Callable[[datetime], Any]) -> tuple[Any, ...]:
    """An entry's row: its fields, then its seal's."""
    c, precedent = entree.consultation, entree.precedent_le
    avant = None if precedent is None else precedent.isoformat(timespec="microseconds")
    return (*ligne(c)[:-1], instant(c.consulte_le), entree.ecrivain, entree.rang, avant, entree.sceau)


def entree_lue(rangee_: Sequence[Any]) -> Entree:
    """A row as read back, seal included; the consultation as stored (not cleaned: the seal covers it)."""
    ecrivain, rang, precedent, sceau = rangee_[len(COLONNES) :]
    avant = None if precedent is None else datetime.fromisoformat(precedent)
    return Entree(lue(rangee_[: len(COLONNES)]), ecrivain, rang, avant, None if sceau is None else bytes(sceau))


def lue(rangee: Sequence[Any]) -> Consultation:
    """An entry as read back (SQLite keeps its instant as text); one stored by another client without
    its offset is taken as UTC, the log's only zone, rather than failing every read of the parcours' log."""
    champs = dict(zip(COLONNES, rangee, strict=True))
    instant = champs["consulte_le"]
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant)
    return Consultation(**{**champs, "consulte_le": instant if instant.tzinfo else instant.replace(tzinfo=UTC)})


class JournalSql(MagasinAnnexe):
    """The log on its datastore: the same statements on both engines, but the instant's column
    (text on SQLite, ``TIMESTAMPTZ`` on PostgreSQL) and the batch's insert (PostgreSQL's COPY)."""

    def __init__(self, datastore: Datastore, cle: bytes) -> None:
        super().__init__(datastore)
        self.table = self.table_de(TABLE)
        self._cle = cle
        self._numeroteur = Numeroteur(uuid.uuid4().hex)
        self._verrou = threading.Lock()
        """One batch at a time numbers and commits: the ranks follow the commits."""

    def creer_table(self) -> None:
        """Creates the log and its append-only trigger if missing, and the seal's columns of a log created
        before them (idempotent)."""
        if isinstance(self.datastore, PostgresDatastore):
            self.creer(ordres_postgres(self.datastore.schema))
            return
        self.creer(ordres_sqlite())
        presentes = {ligne[1] for ligne in self.lignes(f"PRAGMA table_info({TABLE})")}
        manquantes = [
            f"ALTER TABLE {TABLE} ADD COLUMN {c} {t}" for c, t in colonnes_de_sceau("BLOB") if c not in presentes
        ]
        self.creer([*manquantes, f"CREATE INDEX IF NOT EXISTS {TABLE}_ecrivain ON {TABLE} (ecrivain, rang)"])

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        """Appends the batch, sealed, in one transaction (on PostgreSQL, by COPY: the writer's batches are
        large)."""
        colonnes = ", ".join((*COLONNES, *SCELLEMENT))
        with self._verrou:
            entrees = self._numeroteur.entrees(self._cle, consultations)
            with self.transaction() as curseur:
                if self.postgres:
                    with curseur.brut.copy(f"COPY {self.table} ({colonnes}) FROM STDIN") as flux:
                        for entree in entrees:
                            flux.write_row(rangee(entree, lambda instant: instant))
                else:
                    marques = ", ".join("?" * (len(COLONNES) + len(SCELLEMENT)))
                    lignes = [rangee(entree, horodatage_sqlite) for entree in entrees]
                    curseur.executer_pour_chaque(f"INSERT INTO {TABLE} ({colonnes}) VALUES ({marques})", lignes)
            self._numeroteur.engager(entrees)

    def entrees(self, apres: tuple[str, int] | None, limite: int) -> list[Entree]:
        """Rows without a writer (unsealed) first, all at once: they are few, or a forgery to name."""
        colonnes = ", ".join((*COLONNES, *SCELLEMENT))
        if apres is None:
            sans = self.lignes(f"SELECT {colonnes} FROM {self.table} WHERE ecrivain IS NULL ORDER BY id")
            if sans:
                return [entree_lue(r) for r in sans]
            apres = ("", 0)
        requete = (
            f"SELECT {colonnes} FROM {self.table} WHERE ecrivain IS NOT NULL AND (ecrivain, rang) > (?, ?) "
            "ORDER BY ecrivain, rang, id LIMIT ?"
        )
        return [entree_lue(r) for r in self.lignes(requete, *apres, limite)]

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        verifier_limite(limite)
        requete = (
            f"SELECT {', '.join(COLONNES)} FROM {self.table} WHERE parcours_id = ? "
            "ORDER BY consulte_le DESC, id DESC LIMIT ?"
        )
        return [assainie(lue(rangee)) for rangee in self.lignes(requete, parcours_id, limite)]

    def purger(self, avant: datetime) -> int:
        limite = en_utc(avant)
        return self.ecrire(
            f"DELETE FROM {self.table} WHERE consulte_le < ?", limite if self.postgres else horodatage_sqlite(limite)
        )
