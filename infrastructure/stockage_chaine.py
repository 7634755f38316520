"""Where the chain links and the signed checkpoints are kept: beside the events, in the same database
(the SQLite file or the PostgreSQL schema), through the library's own datastore and pool. Both
tables are append-only: ``parcours migrate`` installs the same triggers as on the events."""

import threading
import weakref
from collections.abc import Collection, Sequence

from eventsourcing.persistence import IntegrityError

from application.parcours import ParcoursApplication
from infrastructure.chaine import Maillon
from infrastructure.magasin_annexe import Datastore, MagasinAnnexe, datastore_de
from infrastructure.points_de_controle import PointDeControle

TABLE_CHAINE = "parcours_chaine"
TABLE_POINTS = "parcours_points_de_controle"
COLONNES = "position, parcours_id, version, topic, empreinte, hash_parcours, hash_global"


class ChaineSql(MagasinAnnexe):
    """The same statements on SQLite and PostgreSQL, on the library's datastore."""

    def __init__(self, datastore: Datastore) -> None:
        super().__init__(datastore)
        self.chaine, self.points = self.table_de(TABLE_CHAINE), self.table_de(TABLE_POINTS)

    def creer_tables(self) -> None:
        self.creer([
            f"CREATE TABLE IF NOT EXISTS {self.chaine} (position BIGINT PRIMARY KEY, parcours_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, topic TEXT NOT NULL, empreinte TEXT NOT NULL, hash_parcours TEXT NOT NULL, "
            "hash_global TEXT NOT NULL, UNIQUE (parcours_id, version))",
            f"CREATE TABLE IF NOT EXISTS {self.points} (position BIGINT PRIMARY KEY, hash_global TEXT NOT NULL, "
            "signe_le TEXT NOT NULL, cle_publique TEXT NOT NULL, signature TEXT NOT NULL)",
        ])  # fmt: skip

    def tete(self) -> Maillon | None:
        lignes = self.lignes(f"SELECT {COLONNES} FROM {self.chaine} ORDER BY position DESC LIMIT 1")
        return Maillon(*lignes[0]) if lignes else None

    def tetes_des_parcours(self, parcours: Collection[str]) -> dict[str, str]:
        tetes = {}
        for parcours_id in parcours:  # one indexed lookup each: a page touches few parcours
            lignes = self.lignes(
                f"SELECT hash_parcours FROM {self.chaine} WHERE parcours_id = ? ORDER BY version DESC LIMIT 1",
                parcours_id,
            )
            if lignes:
                tetes[parcours_id] = lignes[0][0]
        return tetes

    def ajouter(self, maillons: Sequence[Maillon]) -> None:
        with self.transaction() as curseur:
            curseur.executer_pour_chaque(
                f"INSERT INTO {self.chaine} ({COLONNES}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(m.position, m.parcours_id, m.version, m.topic, m.empreinte, m.hash_parcours, m.hash_global)
                 for m in maillons],
            )  # fmt: skip

    def maillons(self, apres: int = 0, limite: int = 1000) -> list[Maillon]:
        requete = f"SELECT {COLONNES} FROM {self.chaine} WHERE position > ? ORDER BY position LIMIT ?"
        return [Maillon(*ligne) for ligne in self.lignes(requete, apres, limite)]

    def maillons_du_parcours(self, parcours_id: str) -> list[Maillon]:
        requete = f"SELECT {COLONNES} FROM {self.chaine} WHERE parcours_id = ? ORDER BY version"
        return [Maillon(*ligne) for ligne in self.lignes(requete, parcours_id)]

    def points_de_controle(self) -> list[PointDeControle]:
        requete = (
            f"SELECT position, hash_global, signe_le, cle_publique, signature FROM {self.points} ORDER BY position"
        )
        return [PointDeControle(*ligne) for ligne in self.lignes(requete)]

    def ajouter_point(self, point: PointDeControle) -> None:
        self.ecrire(
            f"INSERT INTO {self.points} (position, hash_global, signe_le, cle_publique, signature) "
            "VALUES (?, ?, ?, ?, ?)",
            point.position, point.hash_global, point.signe_le, point.cle_publique, point.signature,
        )  # fmt: skip


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
    datastore = datastore_de(application.recorder)
    return ChaineSql(datastore) if datastore is not None else _EN_MEMOIRE.setdefault(application, ChaineEnMemoire())
