"""The side stores' one base: tables kept beside the events (idempotency keys, the chain and its
checkpoints, the consultations log, a view file's store identity), written once for SQLite and
PostgreSQL over the library's own datastore, so that they share its pool, its transactions and its
errors (a lost connection is the library's ``OperationalError`` everywhere).

A side store writes its statements with ``?`` marks (``sql`` gives the driver's) and bare table
names (``table_de`` qualifies one with the PostgreSQL schema); its statements hold no literal ``?``.
``datastore_de`` gives the datastore of a recorder (None for the memory store: an in-memory twin then);
``datastore_propre`` opens a datastore of a side store's own (the consultations log: its own SQLite
file, its own small pool on the PostgreSQL schema).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from infrastructure.reglages import Reglages

Datastore = SQLiteDatastore | PostgresDatastore


def qualifiee(nom: str, datastore: Datastore) -> str:
    """A table's name as statements write it: in the store's schema on PostgreSQL."""
    return f'"{datastore.schema}".{nom}' if isinstance(datastore, PostgresDatastore) else nom


def marquee(requete: str, datastore: Datastore) -> str:
    """A statement written with ``?`` marks, in the driver's marks (``%s`` for psycopg)."""
    return requete.replace("?", "%s") if isinstance(datastore, PostgresDatastore) else requete


def en_tuple(ligne: Any) -> tuple[Any, ...]:
    """A row in column order (psycopg's rows are dicts here, SQLite's are ``sqlite3.Row``)."""
    return tuple(ligne.values()) if isinstance(ligne, dict) else tuple(ligne)


class Curseur:
    """The library's cursor in one transaction, spoken to with ``?`` marks on both engines."""

    def __init__(self, brut: Any, datastore: Datastore) -> None:
        self.brut = brut
        self.datastore = datastore

    def executer(self, requete: str, *parametres: Any) -> int:
        """Runs one statement; says how many rows a write touched."""
        if parametres:
            self.brut.execute(marquee(requete, self.datastore), parametres)
        else:  # no parameters: psycopg then reads ``%`` literally (a PL/pgSQL body holds some)
            self.brut.execute(requete)
        return int(getattr(self.brut, "sqlite_cursor", self.brut).rowcount)

    def executer_pour_chaque(self, requete: str, lignes: Iterable[Sequence[Any]]) -> None:
        self.brut.executemany(marquee(requete, self.datastore), list(lignes))

    def lignes(self) -> list[tuple[Any, ...]]:
        return [en_tuple(ligne) for ligne in self.brut.fetchall()]

    def ligne(self) -> tuple[Any, ...] | None:
        ligne = self.brut.fetchone()
        return None if ligne is None else en_tuple(ligne)

    def table_existe(self, nom: str) -> bool:
        if isinstance(self.datastore, PostgresDatastore):
            self.executer("SELECT to_regclass(?) IS NOT NULL", qualifiee(nom, self.datastore))
        else:
            self.executer("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)", nom)
        ligne = self.ligne()
        return ligne is not None and bool(ligne[0])


class MagasinAnnexe:
    """A side store on the library's datastore: its tables, its transactions, its reads and writes."""

    def __init__(self, datastore: Datastore) -> None:
        self.datastore = datastore

    @property
    def postgres(self) -> bool:
        return isinstance(self.datastore, PostgresDatastore)

    def table_de(self, nom: str) -> str:
        return qualifiee(nom, self.datastore)

    def sql(self, requete: str) -> str:
        return marquee(requete, self.datastore)

    @contextmanager
    def transaction(self, commit: bool = True) -> Iterator[Curseur]:
        """One transaction: committed on leaving if ``commit``, rolled back otherwise or on error."""
        with self.datastore.transaction(commit=commit) as brut:
            yield Curseur(brut, self.datastore)

    def lignes(self, requete: str, *parametres: Any) -> list[tuple[Any, ...]]:
        """The rows of one query, in column order (a transaction that writes nothing)."""
        with self.transaction(commit=False) as curseur:
            curseur.executer(requete, *parametres)
            return curseur.lignes()

    def ecrire(self, requete: str, *parametres: Any) -> int:
        """Runs one statement in a transaction of its own; says how many rows it touched."""
        with self.transaction() as curseur:
            return curseur.executer(requete, *parametres)

    def creer(self, ordres: Iterable[str]) -> None:
        """Runs the statements that create the tables (idempotent ones) in one transaction."""
        with self.transaction() as curseur:
            for ordre in ordres:
                curseur.executer(ordre)

    def fermer(self) -> None:
        """Closes the datastore: only for a side store that opened its own (``datastore_propre``)."""
        self.datastore.close()


def datastore_de(recorder: object) -> Datastore | None:
    """The SQL datastore a recorder writes to, for the side store kept beside its events; None for the
    memory store, whose side stores are in-memory twins."""
    datastore = getattr(recorder, "datastore", None)
    return datastore if isinstance(datastore, SQLiteDatastore | PostgresDatastore) else None


def datastore_propre(
    reglages: Reglages, fichier_sqlite: Callable[[Reglages], Path], connexions: int = 4
) -> Datastore | None:
    """A datastore of a side store's own, for one that must not share the events': on SQLite its own
    file (``fichier_sqlite`` of the settings; in WAL mode, the library's), on PostgreSQL its own pool
    of at most ``connexions`` on the store's schema; None for the memory store."""
    if reglages.moteur == "sqlite":
        fichier = fichier_sqlite(reglages)
        fichier.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteDatastore(str(fichier))
    if reglages.moteur != "postgres":
        return None
    env = reglages.environnement_persistance()
    return PostgresDatastore(
        env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_USER"],
        env["POSTGRES_PASSWORD"], schema=env["POSTGRES_SCHEMA"], pool_size=1, max_overflow=connexions - 1,
        connect_timeout=10.0,
    )  # fmt: skip
