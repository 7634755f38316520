"""Sealed at write: every stored event carries a seal made by the service with a key the database does not hold.

The transparency log (``transparence/``) certifies what the store holds when the runner reads it; by itself it
cannot tell an event the service wrote from a row a database superuser INSERTed. So the recorders seal each
event inside its append transaction (``enregistreurs.py``, ``ecriture_groupee.py``), with ``PARCOURS_CLE_SCEAU``,
a key kept by the service only: a row added by anyone without the key has no valid seal, and ``verifier_sceaux``
names it.

**The seal** is HMAC-SHA-256 under the 32-byte key of this message (bytes, big-endian integers)::

    b"parcours:sceau:v1\\x00"                      the domain: no other MAC of ours shares a message
    uint32(len(id)) || id                           id: str(originator_id), UTF-8 (a UUID's canonical
                                                    lowercase, hyphenated text, whatever the backend stores)
    int64(originator_version)
    uint32(len(topic)) || topic                     UTF-8
    sha256(state)                                   32 bytes: the stored payload as recorded, before decoding

Every variable field is length-prefixed and the others have a fixed width, so two different tuples never
give the same message. It binds the event's identity (a seal moved onto another id or version no longer
matches), its type and its stored bytes. Not its store position: the database issues it at insert, and the
log already names an event moved in the order.

**Why an HMAC per event**: about two microseconds an event, computed by each saving thread before it waits
for the writer's turn (``ecriture_groupee.py``), so the group commit's lock is not held longer; and one seal
per event names the very event that is foreign, where one seal per transaction would name a group of
unrelated commands. A signature (Ed25519) would let outsiders verify without the secret, but costs tens of
microseconds to sign and verify each event, and the outsiders' proof is already the signed checkpoints of
the chain and the transparency log; the seal answers another question, asked by whoever runs the service:
did the service write this row?

**Storage**: ``parcours_sceaux (parcours_id, version, sceau)``, primary key ``(parcours_id, version)``,
beside the events and created with them by the recorders (as the idempotency keys are), append-only like
them (``parcours migrate``). The memory store keeps a dict in its recorder.

**The key reaches the recorder** from ``composition.construire_application`` (``sceller_les_ecritures``):
the library builds the recorder with its datastore only. A recorder given no key writes without seals, which
verification names: only a bench reference does it on purpose; settings require the key in production.
"""

import hashlib
import hmac
import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresDatastore

from infrastructure.cle_maitre import cle_de_developpement
from infrastructure.divergence import Divergence
from infrastructure.magasin_annexe import Datastore, MagasinAnnexe, datastore_de
from infrastructure.reglages import Mode, ReglageInvalide, Reglages, octets_de_cle

TABLE_SCEAUX = "parcours_sceaux"
DOMAINE = b"parcours:sceau:v1\x00"
NON_SCELLE = "événement non scellé"
INVALIDE = "sceau invalide"
ORPHELIN = "sceau orphelin"

Place = tuple[str, int]
"""Where a seal belongs: the event's id as text, and its version."""


def creation_de_table(table: str, postgres: bool) -> str:
    """The seals' table; on SQLite without rowid, the primary key being the only lookup."""
    if postgres:
        return (
            f"CREATE TABLE IF NOT EXISTS {table} (parcours_id TEXT NOT NULL, version INTEGER NOT NULL, "
            "sceau BYTEA NOT NULL, PRIMARY KEY (parcours_id, version))"
        )
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (parcours_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "sceau BLOB NOT NULL, PRIMARY KEY (parcours_id, version)) WITHOUT ROWID"
    )


def insertion(table: str) -> str:
    """One seal a row, ``?`` marks (SQLite)."""
    return f"INSERT INTO {table} (parcours_id, version, sceau) VALUES (?, ?, ?)"


def insertion_en_tableaux(table: str) -> str:
    """A group's seals in one statement, three arrays sent in binary (PostgreSQL, psycopg's ``%b``)."""
    return (
        f"INSERT INTO {table} (parcours_id, version, sceau) "
        "SELECT * FROM unnest(%b::text[], %b::integer[], %b::bytea[])"
    )


def texte_de(originator_id: UUID | str) -> str:
    """An event's id as the seal and its table name it."""
    return str(originator_id)


def octets_de(state: Any) -> bytes:
    """The stored payload; a raw edit may have left text where bytes were (as the log's leaf reads it)."""
    return state if isinstance(state, bytes) else str(state).encode()


def message(parcours_id: str, version: int, topic: str, etat: bytes) -> bytes:
    """The sealed message, as the module's docstring lays it out."""
    identifiant, sujet = parcours_id.encode(), topic.encode()
    return b"".join((
        DOMAINE,
        struct.pack(">I", len(identifiant)), identifiant,
        struct.pack(">q", version),
        struct.pack(">I", len(sujet)), sujet,
        hashlib.sha256(etat).digest(),
    ))  # fmt: skip


@dataclass(frozen=True, repr=False)
class Sceau:
    """The service's sealing key (never printed: no repr)."""

    cle: bytes

    def __post_init__(self) -> None:
        if len(self.cle) != 32:
            raise ValueError("la clé de sceau est de 32 octets")

    def de(self, evenement: StoredEvent) -> bytes:
        contenu = message(
            texte_de(evenement.originator_id), evenement.originator_version, evenement.topic,
            octets_de(evenement.state),
        )  # fmt: skip
        return hmac.digest(self.cle, contenu, "sha256")

    def de_chacun(self, evenements: Sequence[StoredEvent]) -> list[bytes]:
        return [self.de(e) for e in evenements]

    def valide(self, evenement: StoredEvent, sceau: bytes) -> bool:
        return hmac.compare_digest(self.de(evenement), bytes(sceau))


def lignes(evenements: Sequence[StoredEvent], sceaux: Sequence[bytes]) -> list[tuple[str, int, bytes]]:
    """The seals' rows of these events, in their order."""
    return [(texte_de(e.originator_id), e.originator_version, s) for e, s in zip(evenements, sceaux, strict=True)]


def colonnes(evenements: Sequence[StoredEvent], sceaux: Sequence[bytes]) -> tuple[list[str], list[int], list[bytes]]:
    """The same rows as three arrays (``insertion_en_tableaux``)."""
    return [texte_de(e.originator_id) for e in evenements], [e.originator_version for e in evenements], list(sceaux)


# --- the key --------------------------------------------------------------------------------------------


def fichier_de_cle_sceau(reglages: Reglages) -> Path:
    """In development, beside the SQLite file (``var/parcours.cle-sceau``), or in ``var/`` for PostgreSQL."""
    if reglages.moteur == "sqlite":
        return reglages.chemin_sqlite.with_suffix(".cle-sceau")
    return reglages.donnees / f"{reglages.chemin_sqlite.name or 'postgres'}.cle-sceau"


def cle_de_sceau(reglages: Reglages) -> bytes:
    """``PARCOURS_CLE_SCEAU``; unset, a refusal in production, else the development one: a new one for the
    memory store (it lives as long as the process), the one kept in ``var/`` for SQLite and PostgreSQL."""
    if reglages.cle_sceau is not None:
        return octets_de_cle(reglages.cle_sceau)
    if reglages.mode is Mode.PRODUCTION:
        raise ReglageInvalide(
            "PARCOURS_CLE_SCEAU est requise en production (32 octets en base64, par exemple : openssl rand -base64 32) "
            ": elle scelle chaque événement enregistré, hors de portée de la base"
        )
    if reglages.moteur == "memory":
        return os.urandom(32)
    return cle_de_developpement(fichier_de_cle_sceau(reglages))


@runtime_checkable
class Scellable(Protocol):
    """Our recorders: they seal what they append once given the key."""

    sceau: Sceau | None


def sceller_les_ecritures(recorder: object, cle: bytes) -> None:
    """Gives the recorder the key it seals every append with. A recorder that cannot seal is refused, and so
    is the library's PostgreSQL insert function (``POSTGRES_ENABLE_DB_FUNCTIONS``), which bypasses our insert."""
    if not isinstance(recorder, Scellable):
        raise TypeError(f"{type(recorder).__name__} ne scelle pas les événements qu'il enregistre")
    datastore = datastore_de(recorder)
    if isinstance(datastore, PostgresDatastore) and datastore.enable_db_functions:
        raise ReglageInvalide(
            "POSTGRES_ENABLE_DB_FUNCTIONS contourne le scellement des événements : il doit rester à n"
        )
    recorder.sceau = Sceau(cle)


# --- where the seals are read -----------------------------------------------------------------------------


class MagasinDeSceaux(Protocol):
    def sceaux_de(self, places: Sequence[Place]) -> dict[Place, bytes]:
        """The seals kept at these places (absent: none)."""

    def sceaux_du_parcours(self, parcours_id: str) -> dict[int, bytes]:
        """One aggregate's seals, by version."""

    def places(self, apres: Place | None, limite: int) -> list[Place]:
        """The seals' places in key order, after ``apres``."""

    def evenements_presents(self, places: Sequence[Place]) -> set[Place]:
        """Those of these places that hold a stored event."""


class SceauxSql(MagasinAnnexe):
    """The seals beside the events, on the recorder's datastore."""

    def ajouter(self, rangs: Sequence[tuple[str, int, bytes]]) -> None:
        """Seals written outside an append (``sceller_l_existant``), in one transaction."""
        with self.transaction() as curseur:
            curseur.executer_pour_chaque(
                f"INSERT INTO {self.table} (parcours_id, version, sceau) VALUES (?, ?, ?)", rangs
            )

    def __init__(self, datastore: Datastore, table_des_evenements: str) -> None:
        super().__init__(datastore)
        self.table = self.table_de(TABLE_SCEAUX)
        self.evenements = self.table_de(table_des_evenements)

    def sceaux_de(self, places: Sequence[Place]) -> dict[Place, bytes]:
        if not places:
            return {}
        colonnes_ = "t.parcours_id, t.version, t.sceau"
        requete, parametres = self._aux_places(colonnes_, self.table, "parcours_id", "version", places, "text")
        return {(p, v): bytes(s) for p, v, s in self.lignes(requete, *parametres)}

    def sceaux_du_parcours(self, parcours_id: str) -> dict[int, bytes]:
        rangs = self.lignes(f"SELECT version, sceau FROM {self.table} WHERE parcours_id = ?", parcours_id)
        return {v: bytes(s) for v, s in rangs}

    def places(self, apres: Place | None, limite: int) -> list[Place]:
        apres_ = "" if apres is None else "WHERE (parcours_id, version) > (?, ?) "
        requete = f"SELECT parcours_id, version FROM {self.table} {apres_}ORDER BY parcours_id, version LIMIT ?"
        return [(p, v) for p, v in self.lignes(requete, *(apres or ()), limite)]

    def evenements_presents(self, places: Sequence[Place]) -> set[Place]:
        """Looked up by the events' primary key; a place whose id is no event id (not a UUID's canonical
        text) holds none."""
        ids = {p: UUID(p) for p, _ in places if _uuid_canonique(p)}
        cherchees = [(ids[p], v) for p, v in places if p in ids]
        if not cherchees:
            return set()
        valeurs: list[tuple[Any, int]]
        if isinstance(self.datastore, PostgresDatastore):
            type_id, valeurs = self.datastore.originator_id_type, list(cherchees)
        else:  # the library keeps a UUID as its hex digits on SQLite
            type_id, valeurs = "text", [(i.hex, v) for i, v in cherchees]
        requete, parametres = self._aux_places("t.originator_id, t.originator_version", self.evenements,
                                               "originator_id", "originator_version", valeurs, type_id)  # fmt: skip
        return {(texte_de(UUID(str(i))), int(v)) for i, v in self.lignes(requete, *parametres)}

    def _aux_places(
        self, colonnes: str, table: str, id_: str, version: str, places: Sequence[tuple[Any, int]], type_id: str
    ) -> tuple[str, list[Any]]:
        """``colonnes`` of ``table`` (as ``t``) at each place, its ``id_`` and ``version`` columns being its
        primary key: a join of the places to that key, one index lookup a place (SQLite would scan the whole
        table for a row-value ``IN``). PostgreSQL gets two arrays, SQLite a ``VALUES`` list."""
        if self.postgres:
            source = f"SELECT * FROM unnest(?::{type_id}[], ?::integer[])"
            parametres: list[Any] = [[i for i, _ in places], [v for _, v in places]]
        else:
            source = "VALUES " + ", ".join(["(?, ?)"] * len(places))
            parametres = [x for place in places for x in place]
        requete = (
            f"WITH p(i, v) AS ({source}) SELECT {colonnes} FROM p CROSS JOIN {table} t "
            f"WHERE t.{id_} = p.i AND t.{version} = p.v"
        )
        return requete, parametres


def _uuid_canonique(texte: str) -> bool:
    try:
        return str(UUID(texte)) == texte
    except ValueError:
        return False


class SceauxEnMemoire:
    """The memory store's seals: its recorder's dict, read under its lock."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder

    def sceaux_de(self, places: Sequence[Place]) -> dict[Place, bytes]:
        with self.recorder._database_lock:
            return {p: self.recorder.sceaux[p] for p in places if p in self.recorder.sceaux}

    def sceaux_du_parcours(self, parcours_id: str) -> dict[int, bytes]:
        with self.recorder._database_lock:
            return {v: s for (p, v), s in self.recorder.sceaux.items() if p == parcours_id}

    def places(self, apres: Place | None, limite: int) -> list[Place]:
        with self.recorder._database_lock:
            return sorted(p for p in self.recorder.sceaux if apres is None or p > apres)[:limite]

    def evenements_presents(self, places: Sequence[Place]) -> set[Place]:
        return {
            (p, v) for p, v in places
            if _uuid_canonique(p) and self.recorder.select_events(UUID(p), gt=v - 1, lte=v)
        }  # fmt: skip


def sceaux_pour(recorder: ApplicationRecorder) -> MagasinDeSceaux:
    """The seals of the store ``recorder`` writes to."""
    datastore = datastore_de(recorder)
    if datastore is not None:
        return SceauxSql(datastore, getattr(recorder, "events_table_name", "stored_events"))
    if isinstance(getattr(recorder, "sceaux", None), dict):
        return SceauxEnMemoire(recorder)
    raise TypeError(f"pas de sceaux pour {type(recorder).__name__}")


def sceller_l_existant(recorder: ApplicationRecorder, cle: bytes, taille_page: int = 1000) -> int:
    """At the upgrade that brings the seals (``parcours migrate``), the events recorded before it, once: only
    while no seal exists at all, so that a row inserted later by someone without the key is never sealed by
    a migration. Returns how many were sealed."""
    magasin = sceaux_pour(recorder)
    if not isinstance(magasin, SceauxSql) or magasin.places(None, 1):
        return 0
    sceau, position, scelles = Sceau(cle), 0, 0
    while page := recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        magasin.ajouter(lignes(page, sceau.de_chacun(page)))
        scelles, position = scelles + len(page), page[-1].id
    return scelles


# --- verification -------------------------------------------------------------------------------------------


def verifier_sceaux(recorder: ApplicationRecorder, cle: bytes, taille_page: int = 1000) -> Iterator[Divergence]:
    """Every stored event in store order, a page at a time, against its seal; then every seal, in key order,
    against its event. Names each event without a seal, each seal that does not match its event (the bytes,
    the identity or the type changed, or a seal moved or made with another key), each seal without an event.
    Reads no more than a page at once: a store of ten million events is checked in constant memory."""
    sceau, magasin = Sceau(cle), sceaux_pour(recorder)
    position = 0
    while page := recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        gardes = magasin.sceaux_de([(texte_de(n.originator_id), n.originator_version) for n in page])
        for notification in page:
            garde = gardes.get((texte_de(notification.originator_id), notification.originator_version))
            yield from _comparer(sceau, notification, notification.id, garde)
        position = page[-1].id
    yield from _orphelins(magasin, taille_page)


def verifier_sceaux_du_parcours(recorder: ApplicationRecorder, cle: bytes, parcours_id: UUID) -> Iterator[Divergence]:
    """One aggregate's events, by version, against its seals (no store position: the events are read by id)."""
    sceau, magasin = Sceau(cle), sceaux_pour(recorder)
    gardes = magasin.sceaux_du_parcours(texte_de(parcours_id))
    for evenement in recorder.select_events(parcours_id):
        yield from _comparer(sceau, evenement, None, gardes.pop(evenement.originator_version, None))
    for version in sorted(gardes):
        yield _orphelin((texte_de(parcours_id), version))


def _comparer(sceau: Sceau, evenement: StoredEvent, position: int | None, garde: bytes | None) -> Iterator[Divergence]:
    identite = (position, texte_de(evenement.originator_id), evenement.originator_version)
    if garde is None:
        yield Divergence(NON_SCELLE, *identite, f"{evenement.topic} : aucun sceau (écrit hors du service ?)")
    elif not sceau.valide(evenement, garde):
        detail = f"{evenement.topic} : le sceau ne correspond pas (octets, identité ou type changés, ou autre clé)"
        yield Divergence(INVALIDE, *identite, detail)


def _orphelins(magasin: MagasinDeSceaux, taille_page: int) -> Iterator[Divergence]:
    apres: Place | None = None
    while places := magasin.places(apres, taille_page):
        presents = magasin.evenements_presents(places)
        yield from (_orphelin(place) for place in places if place not in presents)
        apres = places[-1]


def _orphelin(place: Place) -> Divergence:
    return Divergence(ORPHELIN, None, place[0], place[1], "un sceau sans événement à cette place")
