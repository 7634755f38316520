"""The transparency log's storage, beside the events: its leaves in store order, its perfect-subtree
nodes, its signed checkpoints and their witnesses' cosignatures (same SQLite file or PostgreSQL schema,
through the library's datastore and pool, append-only like the events).

A leaf is one stored event: ``donnees_de_feuille`` gives its bytes, the event's identity (parcours,
version, type) then its stored payload exactly as the store holds it (personal fields sealed under the
person's key: an erasure changes no leaf). Leaves are numbered from 0 in store order; a leaf's row says
which event it is (position, parcours, version), so that a dossier's export finds its leaves by index.

Leaves and the nodes they complete are written a page per transaction (``tenue.TeneurDuJournal``): a
page is in the log whole or not at all.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from eventsourcing.persistence import IntegrityError

from infrastructure.magasin_annexe import Curseur, MagasinAnnexe
from infrastructure.transparence.arbre import Coordonnee, hash_feuille
from infrastructure.transparence.frontiere import Noeud

TABLE_FEUILLES = "parcours_feuilles"
TABLE_NOEUDS = "parcours_noeuds"
TABLE_CHECKPOINTS = "parcours_checkpoints"
TABLE_COSIGNATURES = "parcours_cosignatures"
TABLES_DU_JOURNAL = (TABLE_FEUILLES, TABLE_NOEUDS, TABLE_CHECKPOINTS, TABLE_COSIGNATURES)
ENTETE_DE_FEUILLE = b"parcours-evenement/1\n"
PAR_REQUETE = 5000
"""Nodes read by one query: two parameters each, within SQLite's 32,766 and PostgreSQL's 65,535."""


def donnees_de_feuille(parcours_id: str, version: int, topic: str, etat: bytes) -> bytes:
    """What a leaf hashes: a format line, the event's parcours, version and type, each on its line, then
    its stored bytes. The identity is in the leaf, so a proof holds for this event of this parcours only."""
    return ENTETE_DE_FEUILLE + f"{parcours_id}\n{version}\n{topic}\n".encode() + etat


def feuille_de(evenement: Any) -> bytes:
    """The leaf hash of a stored event (or a notification), from the bytes the store holds."""
    etat = evenement.state if isinstance(evenement.state, bytes) else str(evenement.state).encode()
    return hash_feuille(
        donnees_de_feuille(str(evenement.originator_id), evenement.originator_version, evenement.topic, etat)
    )


@dataclass(frozen=True)
class Feuille:
    """Which stored event a leaf of the log is."""

    indice: int
    position: int
    parcours_id: str
    version: int


@dataclass(frozen=True)
class CheckpointSigne:
    """A checkpoint as the log signed it (a C2SP signed note), when, and the cosignature lines received."""

    taille: int
    note: str
    signe_le: str
    cosignatures: tuple[str, ...] = ()


class JournalSql(MagasinAnnexe):
    """The same statements on SQLite and PostgreSQL."""

    def creer_tables(self) -> None:
        octets = "BYTEA" if self.postgres else "BLOB"
        self.creer([
            f"CREATE TABLE IF NOT EXISTS {self.table_de(TABLE_FEUILLES)} (indice BIGINT PRIMARY KEY, "
            "position BIGINT NOT NULL UNIQUE, parcours_id TEXT NOT NULL, version INTEGER NOT NULL, "
            "UNIQUE (parcours_id, version))",
            f"CREATE TABLE IF NOT EXISTS {self.table_de(TABLE_NOEUDS)} (niveau INTEGER NOT NULL, "
            f"indice BIGINT NOT NULL, hash {octets} NOT NULL, PRIMARY KEY (niveau, indice))",
            f"CREATE TABLE IF NOT EXISTS {self.table_de(TABLE_CHECKPOINTS)} (taille BIGINT PRIMARY KEY, "
            "note TEXT NOT NULL, signe_le TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.table_de(TABLE_COSIGNATURES)} (taille BIGINT NOT NULL, "
            "temoin TEXT NOT NULL, ligne TEXT NOT NULL, recu_le TEXT NOT NULL, PRIMARY KEY (taille, temoin))",
        ])  # fmt: skip

    def tete(self) -> tuple[int, int]:
        """The log's size, and the store position of its last leaf (0 while empty)."""
        lignes = self.lignes(
            f"SELECT indice, position FROM {self.table_de(TABLE_FEUILLES)} ORDER BY indice DESC LIMIT 1"
        )
        return (0, 0) if not lignes else (int(lignes[0][0]) + 1, int(lignes[0][1]))

    def lire(self, coordonnees: Sequence[Coordonnee]) -> list[bytes]:
        """Every node asked for, in one query per ``PAR_REQUETE`` nodes (``LecteurDeNoeuds``)."""
        lus: dict[Coordonnee, bytes] = {}
        for debut in range(0, len(coordonnees), PAR_REQUETE):
            tranche = coordonnees[debut : debut + PAR_REQUETE]
            valeurs = ", ".join("(?, ?)" for _ in tranche)
            requete = (
                f"SELECT niveau, indice, hash FROM {self.table_de(TABLE_NOEUDS)} "
                f"WHERE (niveau, indice) IN (VALUES {valeurs})"
            )
            lus.update({(n, i): bytes(h) for n, i, h in self.lignes(requete, *(v for c in tranche for v in c))})
        return [lus[c] for c in coordonnees if c in lus]

    def ajouter(self, feuilles: Sequence[Feuille], noeuds: Sequence[Noeud]) -> None:
        """A page of leaves and the nodes they complete, in one transaction; a leaf already there raises
        the library's ``IntegrityError``, and nothing of the page is written."""
        with self.transaction() as curseur:
            self._ajouter(curseur, feuilles, noeuds)

    def _ajouter(self, curseur: Curseur, feuilles: Sequence[Feuille], noeuds: Sequence[Noeud]) -> None:
        curseur.executer_pour_chaque(
            f"INSERT INTO {self.table_de(TABLE_FEUILLES)} (indice, position, parcours_id, version) VALUES (?, ?, ?, ?)",
            [(f.indice, f.position, f.parcours_id, f.version) for f in feuilles],
        )
        curseur.executer_pour_chaque(
            f"INSERT INTO {self.table_de(TABLE_NOEUDS)} (niveau, indice, hash) VALUES (?, ?, ?)",
            [(n.niveau, n.index, n.hash) for n in noeuds],
        )

    def feuilles(self, apres: int = -1, limite: int = 1000) -> list[Feuille]:
        requete = (
            f"SELECT indice, position, parcours_id, version FROM {self.table_de(TABLE_FEUILLES)} "
            "WHERE indice > ? ORDER BY indice LIMIT ?"
        )
        return [Feuille(*ligne) for ligne in self.lignes(requete, apres, limite)]

    def feuilles_du_parcours(self, parcours_id: str) -> list[Feuille]:
        requete = (
            f"SELECT indice, position, parcours_id, version FROM {self.table_de(TABLE_FEUILLES)} "
            "WHERE parcours_id = ? ORDER BY version"
        )
        return [Feuille(*ligne) for ligne in self.lignes(requete, parcours_id)]

    def checkpoints(self, depuis: int = 0) -> list[CheckpointSigne]:
        """The checkpoints of at least ``depuis`` leaves, by size, with their cosignatures."""
        return self._checkpoints("taille >= ?", depuis)

    def checkpoint(self, taille: int) -> CheckpointSigne | None:
        """The checkpoint of exactly ``taille`` leaves, if the log signed one."""
        trouves = self._checkpoints("taille = ?", taille)
        return trouves[0] if trouves else None

    def dernier_cosigne(self, depuis: int) -> CheckpointSigne | None:
        """The largest checkpoint of at least ``depuis`` leaves that a witness cosigned (one indexed read)."""
        lignes = self.lignes(f"SELECT MAX(taille) FROM {self.table_de(TABLE_COSIGNATURES)} WHERE taille >= ?", depuis)
        return None if not lignes or lignes[0][0] is None else self.checkpoint(int(lignes[0][0]))

    def _checkpoints(self, condition: str, taille: int) -> list[CheckpointSigne]:
        lignes = self.lignes(
            f"SELECT taille, note, signe_le FROM {self.table_de(TABLE_CHECKPOINTS)} WHERE {condition} ORDER BY taille",
            taille,
        )
        cosignees = self.lignes(
            f"SELECT taille, ligne FROM {self.table_de(TABLE_COSIGNATURES)} WHERE {condition} ORDER BY temoin", taille
        )
        return [
            CheckpointSigne(taille, note, signe_le, tuple(ligne for t, ligne in cosignees if t == taille))
            for taille, note, signe_le in lignes
        ]

    def dernier_checkpoint(self) -> CheckpointSigne | None:
        lignes = self.lignes(f"SELECT MAX(taille) FROM {self.table_de(TABLE_CHECKPOINTS)}")
        if not lignes or lignes[0][0] is None:
            return None
        return self.checkpoints(depuis=int(lignes[0][0]))[0]

    def ajouter_checkpoint(self, checkpoint: CheckpointSigne) -> None:
        self.ecrire(
            f"INSERT INTO {self.table_de(TABLE_CHECKPOINTS)} (taille, note, signe_le) VALUES (?, ?, ?) "
            "ON CONFLICT (taille) DO NOTHING",
            checkpoint.taille,
            checkpoint.note,
            checkpoint.signe_le,
        )

    def ajouter_cosignature(self, taille: int, temoin: str, ligne: str, recu_le: str) -> None:
        """A witness's latest cosignature of a checkpoint; one per witness and checkpoint."""
        self.ecrire(
            f"INSERT INTO {self.table_de(TABLE_COSIGNATURES)} (taille, temoin, ligne, recu_le) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (taille, temoin) DO NOTHING",
            taille,
            temoin,
            ligne,
            recu_le,
        )


class JournalEnMemoire:
    """The in-memory store's log: same contract."""

    def __init__(self) -> None:
        self._feuilles: list[Feuille] = []
        self._noeuds: dict[Coordonnee, bytes] = {}
        self._checkpoints: dict[int, CheckpointSigne] = {}
        self._cosignatures: dict[int, dict[str, str]] = {}
        self._verrou = threading.Lock()

    def tete(self) -> tuple[int, int]:
        return (len(self._feuilles), self._feuilles[-1].position if self._feuilles else 0)

    def lire(self, coordonnees: Sequence[Coordonnee]) -> list[bytes]:
        return [self._noeuds[c] for c in coordonnees if c in self._noeuds]

    def ajouter(self, feuilles: Sequence[Feuille], noeuds: Sequence[Noeud]) -> None:
        with self._verrou:
            if feuilles and feuilles[0].indice != len(self._feuilles):
                raise IntegrityError(f"feuille {feuilles[0].indice} déjà dans le journal")
            self._feuilles.extend(feuilles)
            self._noeuds.update({(n.niveau, n.index): n.hash for n in noeuds})

    def feuilles(self, apres: int = -1, limite: int = 1000) -> list[Feuille]:
        return self._feuilles[apres + 1 : apres + 1 + limite]

    def feuilles_du_parcours(self, parcours_id: str) -> list[Feuille]:
        return sorted((f for f in self._feuilles if f.parcours_id == parcours_id), key=lambda f: f.version)

    def checkpoints(self, depuis: int = 0) -> list[CheckpointSigne]:
        return [
            replace(c, cosignatures=tuple(ligne for _, ligne in sorted(self._cosignatures.get(t, {}).items())))
            for t, c in sorted(self._checkpoints.items())
            if t >= depuis
        ]

    def checkpoint(self, taille: int) -> CheckpointSigne | None:
        return next(iter(c for c in self.checkpoints(depuis=taille) if c.taille == taille), None)

    def dernier_cosigne(self, depuis: int) -> CheckpointSigne | None:
        cosignes = [c for c in self.checkpoints(depuis=depuis) if c.cosignatures]
        return cosignes[-1] if cosignes else None

    def dernier_checkpoint(self) -> CheckpointSigne | None:
        return self.checkpoints(depuis=max(self._checkpoints))[0] if self._checkpoints else None

    def ajouter_checkpoint(self, checkpoint: CheckpointSigne) -> None:
        with self._verrou:
            self._checkpoints.setdefault(checkpoint.taille, checkpoint)

    def ajouter_cosignature(self, taille: int, temoin: str, ligne: str, recu_le: str) -> None:
        with self._verrou:
            self._cosignatures.setdefault(taille, {}).setdefault(temoin, ligne)
