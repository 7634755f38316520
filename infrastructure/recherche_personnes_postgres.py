"""The person search index on PostgreSQL: the same rule as SQLite and memory (``recherche_personnes``),
found through B-trees and a GIN index rather than by scoring candidates.

Trigram similarity over a million names is slow for the common ones (every row sharing two trigrams
with "martin" is a candidate to score) and lets some one-letter typos of short names through a
threshold while keeping two-letter ones. So, as pg_trgm's own documentation advises for spelling, the
search goes through a dictionary of the words in the index (``_dictionnaire``, each word with the
number of rows holding it), and each word from four letters also stands under its one-letter
deletions (``_variantes``: the SymSpell method). Two words one edit apart (a letter added, removed,
replaced, or two neighbours swapped) always share a deletion or one is a deletion of the other, so
a searched word's deletions find, by B-tree, every word of the index one edit away; ``proximite``
then keeps the true ones and scores them. The rows are found by a GIN index on their words
(``mots && ARRAY[...]`` for each searched word) and ranked in SQL by the same mean of
``proximite`` as the other engines, so the three agree on what they find and on its order.

Triggers keep the dictionary in the same transaction as the row: a word no row holds any more leaves
it with its deletions, so an erased person's rare name goes from every table and from a dump at once;
from the tables' files once they are rewritten (``VACUUM FULL``: a plain VACUUM frees a dead row's space
without zeroing it).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from eventsourcing.postgres import PostgresDatastore

from infrastructure.recherche_personnes import (
    TABLE,
    TOLERANCE_DES,
    PagePersonnes,
    PersonneTrouvee,
    Suite,
    mots,
    page_de,
    proximite,
    verifier_limite,
)
from infrastructure.recherche_personnes_sql import RechercheSql

DICTIONNAIRE = f"{TABLE}_dictionnaire"
VARIANTES = f"{TABLE}_variantes"
PAR_MOT = f"{TABLE}_par_mot"


def suppressions(mot: str) -> set[str]:
    """The word with one letter removed, at each place (none below four letters: shorter words are
    found exactly)."""
    if len(mot) < TOLERANCE_DES:
        return set()
    return {mot[:i] + mot[i + 1 :] for i in range(len(mot))}


def variantes_sql(mot: str) -> str:
    """``suppressions`` of the column ``mot`` and the word itself, in SQL, as (variante, mot) rows."""
    return (
        f"SELECT left({mot}, i - 1) || substr({mot}, i + 1), {mot} FROM generate_series(1, length({mot})) AS i "
        f"WHERE length({mot}) >= {TOLERANCE_DES} UNION SELECT {mot}, {mot}"
    )


def mots_des(table: str, delta: int) -> str:
    """Each row's words of ``table`` (once per row), with ``delta``."""
    return f"SELECT mot, {delta} FROM (SELECT DISTINCT personne_id, unnest(mots) AS mot FROM {table}) AS m"


class RecherchePostgres(RechercheSql):
    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore)
        self.schema = datastore.schema
        self.dictionnaire = self.table_de(DICTIONNAIRE)
        self.variantes = self.table_de(VARIANTES)

    def creer_tables(self) -> None:
        """The table, its words' GIN index, the dictionary and its triggers, all idempotent; an index
        made before the dictionary existed has it filled from its rows."""
        with self.transaction() as curseur:
            dictionnaire_neuf = not curseur.table_existe(DICTIONNAIRE)
        self.creer([
            f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"',
            f"CREATE TABLE IF NOT EXISTS {self.table} (personne_id UUID PRIMARY KEY, noms TEXT NOT NULL, "
            "date_naissance DATE, code_insee TEXT, libelle TEXT NOT NULL, parcours_id UUID, position BIGINT NOT NULL)",
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS mots TEXT[] "
            "GENERATED ALWAYS AS (string_to_array(noms, ' ')) STORED",
            f'DROP INDEX IF EXISTS "{self.schema}".{TABLE}_noms',  # pg_trgm's, before the dictionary
            # no pending list: its entries are read one by one by every search until a vacuum merges them
            # (22 ms instead of 1 for two words at a million rows after a load)
            f"CREATE INDEX IF NOT EXISTS {PAR_MOT} ON {self.table} USING gin (mots) WITH (fastupdate = off)",
            f'ALTER INDEX "{self.schema}".{PAR_MOT} SET (fastupdate = off)',
            f"SELECT gin_clean_pending_list('\"{self.schema}\".{PAR_MOT}'::regclass)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_naissance ON {self.table} (date_naissance)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_commune ON {self.table} (code_insee)",
            f"CREATE TABLE IF NOT EXISTS {self.dictionnaire} (mot TEXT PRIMARY KEY, nombre INTEGER NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.variantes} (variante TEXT NOT NULL, mot TEXT NOT NULL "
            f"REFERENCES {self.dictionnaire} (mot) ON DELETE CASCADE, PRIMARY KEY (variante, mot))",
            f"CREATE INDEX IF NOT EXISTS {VARIANTES}_mot ON {self.variantes} (mot)",
            *self.declencheurs(),
        ])  # fmt: skip
        if dictionnaire_neuf:
            self.ecrire(self.ajustement(mots_des(self.table, 1)))

    def ajustement(self, source: str) -> str:
        """Adds to the dictionary's counts the (word, +1 or -1) rows ``source`` yields; a new word gets
        its deletions (``xmax = 0``: the row was inserted, not updated by the conflict)."""
        return (
            f"WITH deltas AS (SELECT mot, sum(delta) AS delta FROM ({source}) AS lus (mot, delta) "
            "WHERE mot <> '' GROUP BY mot HAVING sum(delta) <> 0), "
            f"ajustes AS (INSERT INTO {self.dictionnaire} AS d (mot, nombre) SELECT mot, delta FROM deltas "
            "ON CONFLICT (mot) DO UPDATE SET nombre = d.nombre + excluded.nombre RETURNING mot, (xmax = 0) AS neuf) "
            f"INSERT INTO {self.variantes} (variante, mot) SELECT v.* FROM ajustes AS a, "
            f"LATERAL ({variantes_sql('a.mot')}) AS v WHERE a.neuf ON CONFLICT DO NOTHING"
        )

    def declencheurs(self) -> list[str]:
        """Statement triggers keeping the dictionary, with the rows each statement wrote (transition
        tables: one pass for a whole COPY or batch): the old rows' words counted out, the new rows' in;
        a word no row holds any more leaves with its deletions (cascade)."""
        fonction = f'"{self.schema}".{TABLE}_dictionnaire_suivre'
        vides = (
            f"DELETE FROM {self.dictionnaire} WHERE nombre <= 0 "
            "AND mot = ANY(ARRAY(SELECT DISTINCT unnest(mots) FROM anciennes));"
        )
        ajout = self.ajustement(mots_des("nouvelles", 1))
        retrait = self.ajustement(mots_des("anciennes", -1))
        changement = self.ajustement(f"{mots_des('nouvelles', 1)} UNION ALL {mots_des('anciennes', -1)}")
        corps = (
            f"BEGIN IF TG_OP = 'INSERT' THEN {ajout}; ELSIF TG_OP = 'DELETE' THEN {retrait}; {vides} "
            f"ELSE {changement}; {vides} END IF; RETURN NULL; END"
        )
        quand = {
            "ajout": ("INSERT", "NEW TABLE AS nouvelles"),
            "retrait": ("DELETE", "OLD TABLE AS anciennes"),
            "changement": ("UPDATE", "OLD TABLE AS anciennes NEW TABLE AS nouvelles"),
        }
        return [
            f"CREATE OR REPLACE FUNCTION {fonction}() RETURNS trigger LANGUAGE plpgsql AS $corps$ {corps} $corps$",
            *(
                f"CREATE OR REPLACE TRIGGER {TABLE}_{nom} AFTER {evenement} ON {self.table} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {fonction}()"
                for nom, (evenement, tables) in quand.items()
            ),
        ]

    def chercher(
        self, nom: str, date_naissance: date | None = None, code_insee: str | None = None, limite: int = 20,
        apres: Suite | None = None,
    ) -> PagePersonnes:  # fmt: skip
        verifier_limite(limite)
        proches = self.mots_proches(mots(nom))
        if not proches or not all(proches):
            return PagePersonnes([], None)
        exacts = [{mot: 1.0 for mot, p in correspondances.items() if p == 1.0} for correspondances in proches]
        if all(exacts) and (apres is None or apres.score == 1.0):
            # the exact names first, alone: for a common name they fill the page, and the near ones
            # (whose words may be common too) are looked for only when they do not
            page = self.page(exacts, date_naissance, code_insee, apres, limite)
            if page.suite is not None:
                return page
        return self.page(proches, date_naissance, code_insee, apres, limite)

    def page(
        self, proches: Sequence[dict[str, float]], date_naissance: date | None, code_insee: str | None,
        apres: Suite | None, limite: int,
    ) -> PagePersonnes:  # fmt: skip
        requete, parametres = self.requete(proches, date_naissance, code_insee, apres)
        lues = self.lignes(requete, *parametres, limite + 1)
        return page_de([PersonneTrouvee(*ligne) for ligne in lues], limite)

    def mots_proches(self, cherches: Sequence[str]) -> list[dict[str, float]]:
        """For each searched word, the index's words it matches with their closeness (one query)."""
        if not cherches:
            return []
        cles = sorted({cle for mot in cherches for cle in (mot, *suppressions(mot))})
        connus = {
            mot for (mot,) in self.lignes(f"SELECT DISTINCT mot FROM {self.variantes} WHERE variante = ANY(?)", cles)
        }
        return [
            {connu: p for connu in connus if (p := proximite(mot, [connu])) > 0.0}
            for mot in cherches
        ]  # fmt: skip

    def requete(
        self, proches: Sequence[dict[str, float]], date_naissance: date | None, code_insee: str | None,
        apres: Suite | None,
    ) -> tuple[str, list[Any]]:  # fmt: skip
        """The search (its LIMIT's value last) and its parameters: each searched word's matches must
        meet the row's words (GIN), birth date and commune narrow (B-trees); the mean closeness orders."""
        termes, parametres = [], list[Any]()
        for correspondances in proches:
            cas = ["CASE WHEN mots @> ARRAY[?]::text[] THEN ?::float8 ELSE 0 END"] * len(correspondances)
            termes.append(f"GREATEST({', '.join(cas)})")
            parametres += [valeur for paire in sorted(correspondances.items()) for valeur in paire]
        filtres = ["mots && ?::text[]"] * len(proches)
        parametres += [sorted(correspondances) for correspondances in proches]
        for colonne, valeur in (("date_naissance", date_naissance), ("code_insee", code_insee)):
            if valeur is not None:
                filtres.append(f"{colonne} = ?")
                parametres.append(valeur)
        suite = ""
        if apres is not None:
            suite = "WHERE score < ? OR (score = ? AND personne_id > ?)"
            parametres += [apres.score, apres.score, apres.personne_id]
        score = f"({' + '.join(termes)}) / {len(proches)}"
        return (
            f"SELECT personne_id, libelle, date_naissance, code_insee, parcours_id, score FROM ("
            f"SELECT personne_id, libelle, date_naissance, code_insee, parcours_id, {score} AS score "
            f"FROM {self.table} WHERE {' AND '.join(filtres)}) AS candidats {suite} "
            "ORDER BY score DESC, personne_id LIMIT ?",
            parametres,
        )
