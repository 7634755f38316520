"""Idempotency keys and their answers, kept durably beside the events, in the events' transaction.

A command that appends events writes its key, the request's fingerprint and its answer in the
same transaction as its events (the recorders of ``infrastructure/enregistreurs.py`` and
``ecriture_groupee.py`` run ``insertion`` once the events have their positions). A command that
appends nothing (a refusal, an outcome already reached) keeps its answer on its own: nothing else
was recorded, so a retry that runs it again changes nothing. Whatever fails, a key never stays
half-done: it either holds an answer or is absent.

Keys live ``duree`` (24 hours by default, ``PARCOURS_IDEMPOTENCE_HEURES``): an older key is
forgotten when met and purged by ``parcours idempotence purge`` (and at each start of the service).

A kept answer is about a person: its fingerprint is a hash of a request body that may carry their name
and NIR, its body may be a refusal's words. When the person is erased, ``oublier`` blanks the rows of
their aggregates (fingerprint and body), keeping the key taken: a retry of that key is then refused as
reused, never run again for a person who is gone (DESIGN §7).
"""

import json
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from eventsourcing.persistence import IntegrityError, StoredEvent

from application.idempotence import Idempotence
from infrastructure.magasin_annexe import Datastore, MagasinAnnexe, datastore_de

TABLE = "parcours_reponses_idempotentes"
ANCIENNE_TABLE = "parcours_idempotence"
"""The table of the first design (a key reserved before the command, its answer stored after)."""

DUREE_PAR_DEFAUT = timedelta(hours=24)
EFFACEE = "effacee"
"""The fingerprint of a blanked answer: no request's sha256 ever equals it."""
COLONNES = "principal, cle, empreinte, statut, corps, parcours_id, version, position, cree_le"


def horodatage(instant: datetime) -> str:
    """Fixed-width UTC text, so that the same comparison orders keys on SQLite and PostgreSQL."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def creation_de_table(table: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (principal TEXT NOT NULL, cle TEXT NOT NULL, empreinte TEXT NOT NULL, "
        "statut INTEGER NOT NULL, corps TEXT NOT NULL, parcours_id TEXT, version INTEGER, position BIGINT, "
        "cree_le TEXT NOT NULL, PRIMARY KEY (principal, cle))"
    )


def index_de_purge(table: str, nom: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {nom} ON {table} (cree_le)"


def valeurs(idempotence: Idempotence, dernier: StoredEvent | None, position: int | None) -> tuple[Any, ...]:
    """The row of a key: with the parcours, version and position of the last event written, if any."""
    return (
        idempotence.principal,
        idempotence.cle,
        idempotence.empreinte,
        idempotence.statut,
        idempotence.complement,
        None if dernier is None else str(dernier.originator_id),
        None if dernier is None else dernier.originator_version,
        position,
        horodatage(datetime.now(UTC)),
    )


def sans_evenement(
    idempotence: Idempotence, parcours_id: str | None, version: int | None, position: int | None
) -> tuple[Any, ...]:
    """The row of an answer kept on its own (the command appended nothing)."""
    ligne = valeurs(idempotence, None, position)
    return (*ligne[:5], parcours_id, version, *ligne[7:])


def insertion(table: str) -> str:
    """A key's row, with ``?`` marks (``magasin_annexe.marquee`` gives psycopg's)."""
    return f"INSERT INTO {table} ({COLONNES}) VALUES ({', '.join('?' * 9)})"


@dataclass(frozen=True)
class Memoire:
    """What a key holds: the request's fingerprint and the answer given."""

    empreinte: str
    statut: int
    corps: str
    parcours_id: str | None
    version: int | None
    position: int | None

    def contenu(self) -> dict[str, Any]:
        """The answer's body: a kept problem as it was, or the events' parcours, version and position
        with the command's extra fields."""
        corps: dict[str, Any] = json.loads(self.corps)
        if self.parcours_id is None:
            return corps
        return {"parcours_id": self.parcours_id, "version": self.version, "position": self.position, **corps}


def memoire_de(ligne: Sequence[Any]) -> Memoire:
    """A row, in the order of ``COLONNES``."""
    return Memoire(ligne[2], ligne[3], ligne[4], ligne[5], ligne[6], ligne[7])


class MagasinIdempotence(Protocol):
    def lire(self, principal: str, cle: str) -> Memoire | None:
        """The answer kept under this key, if it has not expired."""

    def memoriser(self, idempotence: Idempotence, parcours_id: str | None = None, version: int | None = None,
                  position: int | None = None) -> None:  # fmt: skip
        """Keeps an answer that appended nothing (a first answer already kept stays)."""

    def purger(self) -> int:
        """Forgets the expired keys; says how many."""

    def oublier(self, ids: Collection[str]) -> int:
        """Blanks the answers about these aggregates (a person erased, their parcours and landmarks):
        written by their events, or naming them in their body; says how many."""


class MagasinSql(MagasinAnnexe):
    """Keys on SQLite or PostgreSQL, beside the events, on the library's own datastore (and pool)."""

    def __init__(self, datastore: Datastore, duree: timedelta = DUREE_PAR_DEFAUT) -> None:
        super().__init__(datastore)
        self.duree = duree
        self.table, self.ancienne = self.table_de(TABLE), self.table_de(ANCIENNE_TABLE)

    def lire(self, principal: str, cle: str) -> Memoire | None:
        lignes = self.lignes(f"SELECT {COLONNES} FROM {self.table} WHERE principal = ? AND cle = ?", principal, cle)
        if not lignes:
            return None
        if lignes[0][-1] < self._limite():  # ``cree_le``: an expired key is free again
            self._oublier(principal, cle)
            return None
        return memoire_de(lignes[0])

    def memoriser(
        self, idempotence: Idempotence, parcours_id: str | None = None, version: int | None = None,
        position: int | None = None,
    ) -> None:  # fmt: skip
        ligne = sans_evenement(idempotence, parcours_id, version, position)
        self.ecrire(insertion(self.table) + " ON CONFLICT (principal, cle) DO NOTHING", *ligne)

    def purger(self) -> int:
        return self.ecrire(f"DELETE FROM {self.table} WHERE cree_le < ?", self._limite())

    def oublier(self, ids: Collection[str]) -> int:
        if not ids:
            return 0
        marques = ", ".join("?" * len(ids))
        nomment = " OR ".join(["corps LIKE ?"] * len(ids))
        return self.ecrire(
            f"UPDATE {self.table} SET empreinte = ?, corps = '{{}}' "
            f"WHERE empreinte <> ? AND (parcours_id IN ({marques}) OR {nomment})",
            EFFACEE, EFFACEE, *ids, *(f"%{i}%" for i in ids),
        )  # fmt: skip

    def reprendre_l_ancienne_table(self) -> int:
        """Carries the answers of the first design's table over (their body holds the position), then
        drops it: its reservations without an answer are the stuck keys this design removes."""
        with self.transaction() as curseur:
            if not curseur.table_existe(ANCIENNE_TABLE):
                return 0
            reprises = curseur.executer(
                f"INSERT INTO {self.table} ({COLONNES}) SELECT principal, cle, empreinte, statut, corps, NULL, NULL, "
                f"NULL, cree_le FROM {self.ancienne} WHERE statut IS NOT NULL ON CONFLICT (principal, cle) DO NOTHING"
            )
            curseur.executer(f"DROP TABLE {self.ancienne}")
            return reprises

    def _oublier(self, principal: str, cle: str) -> None:
        self.ecrire(
            f"DELETE FROM {self.table} WHERE principal = ? AND cle = ? AND cree_le < ?", principal, cle, self._limite()
        )

    def _limite(self) -> str:
        return horodatage(datetime.now(UTC) - self.duree)


class ReponsesEnMemoire:
    """The in-memory store's keys (tests and demos), guarded by the in-memory recorder's own lock so
    that a key and its events are written together, as one transaction would."""

    def __init__(self, verrou: threading.RLock) -> None:
        self.verrou = verrou
        self.lignes: dict[tuple[str, str], tuple[Memoire, datetime]] = {}

    def refuser_si_prise(self, idempotence: Idempotence) -> None:
        """Refused, as the primary key would refuse it, if the key is taken."""
        if (idempotence.principal, idempotence.cle) in self.lignes:
            raise IntegrityError("clé d'idempotence déjà prise")

    def ajouter(self, idempotence: Idempotence, dernier: StoredEvent | None, position: int | None) -> None:
        with self.verrou:
            self.refuser_si_prise(idempotence)
            self.lignes[(idempotence.principal, idempotence.cle)] = (
                memoire_de(valeurs(idempotence, dernier, position)),
                datetime.now(UTC),
            )


class MagasinEnMemoire:
    def __init__(self, reponses: ReponsesEnMemoire, duree: timedelta = DUREE_PAR_DEFAUT) -> None:
        self.reponses, self.duree = reponses, duree

    def lire(self, principal: str, cle: str) -> Memoire | None:
        with self.reponses.verrou:
            trouve = self.reponses.lignes.get((principal, cle))
            if trouve is None or trouve[1] < datetime.now(UTC) - self.duree:
                self.reponses.lignes.pop((principal, cle), None)
                return None
            return trouve[0]

    def memoriser(
        self, idempotence: Idempotence, parcours_id: str | None = None, version: int | None = None,
        position: int | None = None,
    ) -> None:  # fmt: skip
        with self.reponses.verrou:
            if self.lire(idempotence.principal, idempotence.cle) is None:
                ligne = sans_evenement(idempotence, parcours_id, version, position)
                self.reponses.lignes[(idempotence.principal, idempotence.cle)] = (memoire_de(ligne), datetime.now(UTC))

    def purger(self) -> int:
        with self.reponses.verrou:
            limite = datetime.now(UTC) - self.duree
            expirees = [k for k, (_, quand) in self.reponses.lignes.items() if quand < limite]
            for k in expirees:
                del self.reponses.lignes[k]
            return len(expirees)

    def oublier(self, ids: Collection[str]) -> int:
        with self.reponses.verrou:
            lignes = self.reponses.lignes
            visees = [k for k, (m, _) in lignes.items() if m.empreinte != EFFACEE and _nomme(m, ids)]
            for k in visees:
                memoire, quand = lignes[k]
                lignes[k] = (replace(memoire, empreinte=EFFACEE, corps="{}"), quand)
            return len(visees)


def _nomme(memoire: Memoire, ids: Collection[str]) -> bool:
    return memoire.parcours_id in ids or any(i in memoire.corps for i in ids)


def magasin_pour(recorder: Any, duree: timedelta = DUREE_PAR_DEFAUT) -> MagasinIdempotence:
    """The keys of the store ``recorder`` writes to."""
    if (datastore := datastore_de(recorder)) is not None:
        return MagasinSql(datastore, duree)
    reponses = getattr(recorder, "reponses", None)
    if isinstance(reponses, ReponsesEnMemoire):
        return MagasinEnMemoire(reponses, duree)
    raise TypeError(f"pas de clés d'idempotence pour {type(recorder).__name__}")
