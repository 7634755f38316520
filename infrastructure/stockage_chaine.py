"""Where the chain links and the signed checkpoints are kept: beside the events, in the same database
(the SQLite file or the PostgreSQL schema), through the library's own datastore and pool. Both
tables are append-only: ``parcours migrate`` installs the same triggers as on the events."""

import threading
import weakref
from collections.abc import Collection, Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from application.parcours import ParcoursApplication
from infrastructure.chaine import Maillon
from infrastructure.points_de_controle import PointDeControle

TABLE_CHAINE = "parcours_chaine"
TABLE_POINTS = "parcours_points_de_controle"
COLONNES = "position, parcours_id, version, topic, empreinte, hash_parcours, hash_global"


class ChaineSql:
    """The same statements on SQLite and PostgreSQL (``?`` becomes the driver's mark)."""

    def __init__(self, datastore: SQLiteDatastore | PostgresDatastore) -> None:
        self.datastore = datastore
        postgres = isinstance(datastore, PostgresDatastore)
        prefixe = f'"{datastore.schema}".' if isinstance(datastore, PostgresDatastore) else ""
        self.chaine, self.points = f"{prefixe}{TABLE_CHAINE}", f"{prefixe}{TABLE_POINTS}"
        self._marque = "%s" if postgres else "?"

    def creer_tables(self) -> None:
        self._executer(
            f"CREATE TABLE IF NOT EXISTS {self.chaine} (position BIGINT PRIMARY KEY, parcours_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, topic TEXT NOT NULL, empreinte TEXT NOT NULL, hash_parcours TEXT NOT NULL, "
            "hash_global TEXT NOT NULL, UNIQUE (parcours_id, version))"
        )
        self._executer(
            f"CREATE TABLE IF NOT EXISTS {self.points} (position BIGINT PRIMARY KEY, hash_global TEXT NOT NULL, "
            "signe_le TEXT NOT NULL, cle_publique TEXT NOT NULL, signature TEXT NOT NULL)"
        )

    def tete(self) -> Maillon | None:
        lignes = self._lire(f"SELECT {COLONNES} FROM {self.chaine} ORDER BY position DESC LIMIT 1")
        return Maillon(*lignes[0]) if lignes else None

    def tetes_des_parcours(self, parcours: Collection[str]) -> dict[str, str]:
        tetes = {}
        for parcours_id in parcours:  # one indexed lookup each: a page touches few parcours
            lignes = self._lire(
                f"SELECT hash_parcours FROM {self.chaine} WHERE parcours_id = ? ORDER BY version DESC LIMIT 1",
                parcours_id,
            )
            if lignes:
                tetes[parcours_id] = lignes[0][0]
        return tetes

    def ajouter(self, maillons: Sequence[Maillon]) -> None:
        requete = self._sql(f"INSERT INTO {self.chaine} ({COLONNES}) VALUES (?, ?, ?, ?, ?, ?, ?)")
        with self.datastore.transaction(commit=True) as curseur:
            for m in maillons:
                valeurs = (m.position, m.parcours_id, m.version, m.topic, m.empreinte, m.hash_parcours, m.hash_global)
                curseur.execute(requete, valeurs)

    def maillons(self, apres: int = 0, limite: int = 1000) -> list[Maillon]:
        requete = f"SELECT {COLONNES} FROM {self.chaine} WHERE position > ? ORDER BY position LIMIT ?"
        return [Maillon(*ligne) for ligne in self._lire(requete, apres, limite)]

    def maillons_du_parcours(self, parcours_id: str) -> list[Maillon]:
        requete = f"SELECT {COLONNES} FROM {self.chaine} WHERE parcours_id = ? ORDER BY version"
        return [Maillon(*ligne) for ligne in self._lire(requete, parcours_id)]

    def points_de_controle(self) -> list[PointDeControle]:
        requete = (
            f"SELECT position, hash_global, signe_le, cle_publique, signature FROM {self.points} ORDER BY position"
        )
        return [PointDeControle(*ligne) for ligne in self._lire(requete)]

    def ajouter_point(self, point: PointDeControle) -> None:
        self._executer(
            f"INSERT INTO {self.points} (position, hash_global, signe_le, cle_publique, signature) "
            "VALUES (?, ?, ?, ?, ?)",
            point.position, point.hash_global, point.signe_le, point.cle_publique, point.signature,
        )  # fmt: skip

    def _lire(self, requete: str, *parametres: Any) -> list[Any]:
        with self.datastore.transaction(commit=False) as curseur:
            curseur.execute(self._sql(requete), parametres)
            return [tuple(ligne.values()) if isinstance(ligne, dict) else tuple(ligne) for ligne in curseur.fetchall()]

    def _executer(self, requete: str, *parametres: Any) -> None:
        with self.datastore.transaction(commit=True) as curseur:
            curseur.execute(self._sql(requete), parametres)

    def _sql(self, requete: str) -> str:
        return requete.replace("?", self._marque)


class ChaineEnMemoire:
    """The in-memory store's chain: same contract, a list."""

    def __init__(self) -> None:
        self._maillons: list[Maillon] = []
        self._points: list[PointDeControle] = []
        self._verrou = threading.Lock()

    def tete(self) -> Maillon | None:
        return self._maillons[-1] if self._maillons else None

    def tetes_des_parcours(self, parcours: Collection[str]) -> dict[str, str]:
        return {m.parcours_id: m.hash_parcours for m in self._maillons if m.parcours_id in parcours}

    def ajouter(self, maillons: Sequence[Maillon]) -> None:
        with self._verrou:
            if maillons and self._maillons and maillons[0].position <= self._maillons[-1].position:
                raise IntegrityError(f"position {maillons[0].position} déjà chaînée")
            self._maillons.extend(maillons)

    def maillons(self, apres: int = 0, limite: int = 1000) -> list[Maillon]:
        return [m for m in self._maillons if m.position > apres][:limite]

    def maillons_du_parcours(self, parcours_id: str) -> list[Maillon]:
        return [m for m in self._maillons if m.parcours_id == parcours_id]

    def points_de_controle(self) -> list[PointDeControle]:
        return list(self._points)

    def ajouter_point(self, point: PointDeControle) -> None:
        self._points.append(point)


_EN_MEMOIRE: "weakref.WeakKeyDictionary[ParcoursApplication, ChaineEnMemoire]" = weakref.WeakKeyDictionary()
"""An in-memory store's chain lives as long as its application, shared by whoever chains or reads it."""


def chaine_pour(application: ParcoursApplication) -> ChaineSql | ChaineEnMemoire:
    datastore = getattr(application.recorder, "datastore", None)
    if isinstance(datastore, SQLiteDatastore | PostgresDatastore):
        return ChaineSql(datastore)
    return _EN_MEMOIRE.setdefault(application, ChaineEnMemoire())
