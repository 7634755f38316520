"""The person search index on the store's own database (``recherche_personnes.py`` says what it finds).

What both engines share is here, with SQLite's (PostgreSQL's is ``recherche_personnes_postgres.py``):
a contentless
FTS5 table with the trigram tokenizer, fed by triggers, holding each word padded as ``^^dupont$`` so that
a word one edit away always shares a trigram with it (from four letters: an edit touches at most four of
its ``length + 1`` trigrams); its candidates are then judged in Python (``recherche_personnes.score``).
"""

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore

from infrastructure.magasin_annexe import Curseur, Datastore, MagasinAnnexe
from infrastructure.recherche_personnes import (
    TABLE,
    TOLERANCE_DES,
    LignePersonne,
    PagePersonnes,
    RecherchePersonnes,
    Suite,
    jugee,
    mots,
    paginer,
    verifier_limite,
)

COLONNES = "personne_id, noms, date_naissance, code_insee, libelle, parcours_id, position"
TRIGRAMMES = f"{TABLE}_trigrammes"


def insertion(table: str, mise_a_jour: str) -> str:
    return (
        f"INSERT INTO {table} AS t ({COLONNES}) VALUES (?, ?, ?, ?, ?, ?, ?) "
        f"ON CONFLICT (personne_id) DO UPDATE SET {mise_a_jour}"
    )


INDEXATION = (
    "noms = excluded.noms, date_naissance = excluded.date_naissance, code_insee = excluded.code_insee, "
    "libelle = excluded.libelle, parcours_id = excluded.parcours_id, position = excluded.position "
    "WHERE t.position < excluded.position"
)
EFFACEMENT = "noms = '', date_naissance = NULL, code_insee = NULL, libelle = '', parcours_id = NULL, position = {}"


class RechercheSql(MagasinAnnexe):
    """What both engines share: the upsert that keeps the latest position, and the tombstone."""

    def __init__(self, datastore: Datastore) -> None:
        super().__init__(datastore)
        self.table = self.table_de(TABLE)

    def indexer(self, ligne: LignePersonne) -> None:
        self.ecrire(insertion(self.table, INDEXATION), *self.valeurs(ligne))

    def effacer(self, personne_id: UUID, position: int) -> None:
        with self.transaction() as curseur:
            plus_tard = (
                "GREATEST(t.position, excluded.position)" if self.postgres else "max(t.position, excluded.position)"
            )
            ligne = LignePersonne(personne_id, "", None, None, "", None, position)
            curseur.executer(insertion(self.table, EFFACEMENT.format(plus_tard)), *self.valeurs(ligne))
            self.oublier(curseur)

    def valeurs(self, ligne: LignePersonne) -> tuple[Any, ...]:
        return (
            ligne.personne_id, ligne.noms, ligne.date_naissance, ligne.code_insee, ligne.libelle, ligne.parcours_id,
            ligne.position,
        )  # fmt: skip

    def creer_tables(self) -> None:
        """The table, its indexes and search structures (``parcours migrate``; idempotent)."""
        raise NotImplementedError

    def oublier(self, curseur: Curseur) -> None:
        """What the engine does, in the erasure's transaction, so that the blanked name leaves its files."""


def avec_bornes(mot: str) -> str:
    """A word as the FTS5 table holds it: padded like pg_trgm's words, so that its ends make trigrams."""
    return f"^^{mot}$"


def bornes_sql(colonne: str) -> str:
    """``avec_bornes`` of every word of ``colonne``, in SQL (the triggers')."""
    return f"'^^' || replace({colonne}, ' ', '$ ^^') || '$'"


def trigrammes(mot: str) -> list[str]:
    borne = avec_bornes(mot)
    return list(dict.fromkeys(borne[i : i + 3] for i in range(len(borne) - 2)))


class RechercheSqlite(RechercheSql):
    def creer_tables(self) -> None:
        retrait = (
            f"INSERT INTO {TRIGRAMMES} ({TRIGRAMMES}, rowid, cles) SELECT 'delete', old.rang, {bornes_sql('old.noms')}"
        )
        ajout = f"INSERT INTO {TRIGRAMMES} (rowid, cles) SELECT new.rang, {bornes_sql('new.noms')}"
        self.creer([
            # ``rang`` is the FTS5 rowid: an INTEGER PRIMARY KEY, which VACUUM never renumbers
            f"CREATE TABLE IF NOT EXISTS {TABLE} (rang INTEGER PRIMARY KEY, personne_id TEXT NOT NULL UNIQUE, "
            "noms TEXT NOT NULL, date_naissance TEXT, code_insee TEXT, libelle TEXT NOT NULL, parcours_id TEXT, "
            "position INTEGER NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_naissance ON {TABLE} (date_naissance)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_commune ON {TABLE} (code_insee)",
            # contentless: the names are in the table only; the FTS5 'delete' command needs the indexed text
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAMMES} USING fts5(cles, content='', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ajout AFTER INSERT ON {TABLE} "
            f"BEGIN {ajout} WHERE new.noms <> ''; END",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_retrait AFTER DELETE ON {TABLE} "
            f"BEGIN {retrait} WHERE old.noms <> ''; END",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_changement AFTER UPDATE OF noms ON {TABLE} "
            f"WHEN old.noms <> new.noms BEGIN {retrait} WHERE old.noms <> ''; {ajout} WHERE new.noms <> ''; END",
        ])  # fmt: skip

    def valeurs(self, ligne: LignePersonne) -> tuple[Any, ...]:
        return tuple(
            str(v) if isinstance(v, UUID) else v.isoformat() if isinstance(v, date) else v
            for v in super().valeurs(ligne)
        )

    def oublier(self, curseur: Curseur) -> None:
        """FTS5 'delete' only writes a tombstone beside the old trigrams: 'optimize' rewrites the index
        without them (its cost grows with the index: erasures are rare, SQLite serves small stores), and
        ``secure_delete`` zeroes the freed pages and cells instead of leaving them readable in the file."""
        curseur.executer("PRAGMA secure_delete = ON")
        curseur.executer(f"INSERT INTO {TRIGRAMMES} ({TRIGRAMMES}) VALUES ('optimize')")

    def chercher(
        self, nom: str, date_naissance: date | None = None, code_insee: str | None = None, limite: int = 20,
        apres: Suite | None = None,
    ) -> PagePersonnes:  # fmt: skip
        verifier_limite(limite)
        cherches = mots(nom)
        if not cherches:
            return PagePersonnes([], None)
        requete, parametres = self.candidats(cherches, date_naissance, code_insee)
        trouves = [jugee(cherches, lue(rangee)) for rangee in self.lignes(requete, *parametres)]
        return paginer([t for t in trouves if t is not None], limite, apres)

    def candidats(
        self, cherches: list[str], date_naissance: date | None, code_insee: str | None
    ) -> tuple[str, list[Any]]:
        """The rows that may match: a shared trigram with every long word (FTS5), each short word whole
        (``instr``), the birth date and commune asked."""
        filtres, parametres = ["noms <> ''"], list[Any]()
        longs = [mot for mot in cherches if len(mot) >= TOLERANCE_DES]
        if longs:
            groupes = ["(" + " OR ".join(f'"{t}"' for t in trigrammes(mot)) + ")" for mot in longs]
            filtres.append(f"rang IN (SELECT rowid FROM {TRIGRAMMES} WHERE {TRIGRAMMES} MATCH ?)")
            parametres.append(" AND ".join(groupes))
        for mot in cherches:
            if len(mot) < TOLERANCE_DES:
                filtres.append("instr(' ' || noms || ' ', ?) > 0")
                parametres.append(f" {mot} ")
        for colonne, valeur in (("date_naissance", date_naissance), ("code_insee", code_insee)):
            if valeur is not None:
                filtres.append(f"{colonne} = ?")
                parametres.append(valeur.isoformat() if isinstance(valeur, date) else valeur)
        return f"SELECT {COLONNES} FROM {TABLE} WHERE {' AND '.join(filtres)}", parametres


def lue(rangee: tuple[Any, ...]) -> LignePersonne:
    """A SQLite row (text ids and dates) as the index's row."""
    personne_id, noms, naissance, code_insee, libelle, parcours_id, position = rangee
    return LignePersonne(
        UUID(personne_id), noms, date.fromisoformat(naissance) if naissance else None, code_insee, libelle,
        UUID(parcours_id) if parcours_id else None, position,
    )  # fmt: skip


def recherche_sql(datastore: Datastore) -> RecherchePersonnes:
    from infrastructure.recherche_personnes_postgres import RecherchePostgres  # noqa: PLC0415 - it imports this one

    return RecherchePostgres(datastore) if isinstance(datastore, PostgresDatastore) else RechercheSqlite(datastore)
