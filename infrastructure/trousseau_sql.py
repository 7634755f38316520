"""The key table ``parcours_cles`` on SQLite or PostgreSQL: one row per sealed aggregate.

The row of a person's own aggregate has ``porteur_id = personne_id``; each of their parcours gets a
copy of it (the same wrapped key). Erasure blanks the wrapped key and dates it, keeping the row, so
that a reader knows "erased" from "never sealed"; the table refuses, by a CHECK, a row that is both.
Kept in the events' database (the SQLite file, the PostgreSQL schema) through a datastore of its own
(``trousseau.rangees_pour``): keys are read on every event the mapper seals or opens, apart from the
events' transactions.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore

from infrastructure.magasin_annexe import Datastore, MagasinAnnexe

TABLE = "parcours_cles"
COLONNES = "porteur_id, personne_id, cle_enveloppee, version_maitre, cree_le, efface_le"


@dataclass(frozen=True)
class Rangee:
    """What a row tells a reader: whose key, wrapped under which master key; None once erased."""

    personne_id: UUID
    cle_enveloppee: bytes | None
    version_maitre: int


@dataclass(frozen=True)
class Nouvelle:
    """A row to add: ``porteur_id`` sealed with ``personne_id``'s wrapped key."""

    porteur_id: UUID
    personne_id: UUID
    cle_enveloppee: bytes
    version_maitre: int


PAR_REQUETE = 500
"""Rows per statement (five bound parameters each, under SQLite's limit)."""


class Rangees(Protocol):
    def inserer(self, porteur_id: UUID, personne_id: UUID, cle_enveloppee: bytes, version: int, le: str) -> bool:
        """Adds the row; nothing when the aggregate already has one (then False)."""

    def copier(self, porteur_id: UUID, personne_id: UUID, le: str) -> Rangee | None:
        """Copies the person's own row onto ``porteur_id`` (nothing when it has one); the porteur's row
        as it then is, None when the person has no key."""

    def inserer_plusieurs(self, lignes: Sequence[Nouvelle], copies: Sequence[tuple[UUID, UUID]], le: str) -> set[UUID]:
        """Adds the persons' rows, then each ``(porteur_id, personne_id)`` of ``copies`` as ``copier``
        does, in one transaction; the porteurs of ``lignes`` whose row is new (the others had one)."""

    def lire(self, porteur_id: UUID) -> Rangee | None: ...

    def lire_plusieurs(self, porteur_ids: Sequence[UUID]) -> dict[UUID, Rangee]:
        """The rows of these aggregates, in one query (a porteur without row is absent)."""

    def effacer(self, personne_id: UUID, le: str) -> int:
        """Blanks every key of the person (the first erasure's date kept); how many rows they have."""

    def a_renvelopper(self, version: int, limite: int) -> list[tuple[UUID, Rangee]]:
        """Up to ``limite`` keys still wrapped under another master key than ``version``."""

    def renvelopper(self, porteur_id: UUID, avant: Rangee, cle_enveloppee: bytes, version: int) -> int:
        """Replaces the wrapping ``avant`` by the new one; nothing if the row changed since (an erasure
        meanwhile stays an erasure)."""

    def fermer(self) -> None: ...


def rangee_de(ligne: tuple[Any, ...]) -> Rangee:
    """``personne_id, cle_enveloppee, version_maitre`` as read (psycopg may give a memoryview)."""
    personne, enveloppe, version = ligne
    return Rangee(UUID(str(personne)), None if enveloppe is None else bytes(enveloppe), int(version))


class RangeesSql(MagasinAnnexe):
    """The same statements on both engines but the wrapped key's column type."""

    def __init__(self, datastore: Datastore) -> None:
        super().__init__(datastore)
        self.table = self.table_de(TABLE)

    def creer_table(self) -> None:
        """The schema (PostgreSQL), the table and its index by person, all idempotent."""
        schema = self.datastore.schema if isinstance(self.datastore, PostgresDatastore) else None
        self.creer([
            *([] if schema is None else [f'CREATE SCHEMA IF NOT EXISTS "{schema}"']),
            f"CREATE TABLE IF NOT EXISTS {self.table} (porteur_id TEXT PRIMARY KEY, personne_id TEXT NOT NULL, "
            f"cle_enveloppee {'BLOB' if schema is None else 'BYTEA'}, version_maitre INTEGER NOT NULL, "
            "cree_le TEXT NOT NULL, efface_le TEXT, CHECK ((cle_enveloppee IS NULL) = (efface_le IS NOT NULL)))",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_personne ON {self.table} (personne_id)",
        ])  # fmt: skip

    def inserer(self, porteur_id: UUID, personne_id: UUID, cle_enveloppee: bytes, version: int, le: str) -> bool:
        return self.ecrire(
            f"INSERT INTO {self.table} ({COLONNES}) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (porteur_id) DO NOTHING",
            str(porteur_id), str(personne_id), cle_enveloppee, version, le,
        ) > 0  # fmt: skip

    def copier(self, porteur_id: UUID, personne_id: UUID, le: str) -> Rangee | None:
        with self.transaction() as curseur:
            curseur.executer(self._copie(), str(porteur_id), le, str(personne_id))
            curseur.executer(self._lecture(), str(porteur_id))
            ligne = curseur.ligne()
        return None if ligne is None else rangee_de(ligne)

    def inserer_plusieurs(self, lignes: Sequence[Nouvelle], copies: Sequence[tuple[UUID, UUID]], le: str) -> set[UUID]:
        nouvelles: set[UUID] = set()
        with self.transaction() as curseur:
            for debut in range(0, len(lignes), PAR_REQUETE):
                paquet = lignes[debut : debut + PAR_REQUETE]
                valeurs = ", ".join(["(?, ?, ?, ?, ?, NULL)"] * len(paquet))
                curseur.executer(
                    f"INSERT INTO {self.table} ({COLONNES}) VALUES {valeurs} "
                    "ON CONFLICT (porteur_id) DO NOTHING RETURNING porteur_id",
                    *(v for n in paquet for v in (str(n.porteur_id), str(n.personne_id), n.cle_enveloppee,
                                                  n.version_maitre, le)),
                )  # fmt: skip
                nouvelles.update(UUID(str(ligne[0])) for ligne in curseur.lignes())
            if copies:
                curseur.executer_pour_chaque(self._copie(), [(str(p), le, str(personne)) for p, personne in copies])
        return nouvelles

    def lire(self, porteur_id: UUID) -> Rangee | None:
        lignes = self.lignes(self._lecture(), str(porteur_id))
        return rangee_de(lignes[0]) if lignes else None

    def lire_plusieurs(self, porteur_ids: Sequence[UUID]) -> dict[UUID, Rangee]:
        rangees: dict[UUID, Rangee] = {}
        with self.transaction(commit=False) as curseur:
            for debut in range(0, len(porteur_ids), PAR_REQUETE):
                paquet = porteur_ids[debut : debut + PAR_REQUETE]
                curseur.executer(
                    f"SELECT porteur_id, personne_id, cle_enveloppee, version_maitre FROM {self.table} "
                    f"WHERE porteur_id IN ({', '.join('?' * len(paquet))})",
                    *(str(p) for p in paquet),
                )  # fmt: skip
                rangees.update((UUID(str(ligne[0])), rangee_de(ligne[1:])) for ligne in curseur.lignes())
        return rangees

    def effacer(self, personne_id: UUID, le: str) -> int:
        return self.ecrire(
            f"UPDATE {self.table} SET cle_enveloppee = NULL, efface_le = COALESCE(efface_le, ?) WHERE personne_id = ?",
            le, str(personne_id),
        )  # fmt: skip

    def a_renvelopper(self, version: int, limite: int) -> list[tuple[UUID, Rangee]]:
        lignes = self.lignes(
            f"SELECT porteur_id, personne_id, cle_enveloppee, version_maitre FROM {self.table} "
            "WHERE cle_enveloppee IS NOT NULL AND version_maitre <> ? LIMIT ?",
            version, limite,
        )  # fmt: skip
        return [(UUID(str(ligne[0])), rangee_de(ligne[1:])) for ligne in lignes]

    def renvelopper(self, porteur_id: UUID, avant: Rangee, cle_enveloppee: bytes, version: int) -> int:
        return self.ecrire(
            f"UPDATE {self.table} SET cle_enveloppee = ?, version_maitre = ? "
            "WHERE porteur_id = ? AND cle_enveloppee = ? AND version_maitre = ?",
            cle_enveloppee, version, str(porteur_id), avant.cle_enveloppee, avant.version_maitre,
        )  # fmt: skip

    def _copie(self) -> str:
        return (
            f"INSERT INTO {self.table} ({COLONNES}) SELECT ?, personne_id, cle_enveloppee, version_maitre, ?, "
            f"efface_le FROM {self.table} WHERE porteur_id = ? ON CONFLICT (porteur_id) DO NOTHING"
        )

    def _lecture(self) -> str:
        return f"SELECT personne_id, cle_enveloppee, version_maitre FROM {self.table} WHERE porteur_id = ?"
