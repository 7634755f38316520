"""Where a view keeps its rows: SQLite or PostgreSQL, rows and tracking position in one transaction.

Each view is a TrackingRecorder of the library: ``ecrire`` applies a page of row changes and
records the position of the last event of the page in the same transaction, so an event is
applied exactly once (a page replayed after a crash fails on its tracking and changes nothing).
Rows are stored as JSON by key, with the parcours id beside them for per-parcours reads.
In memory, a dictionary with the same contract. On SQLite each view has its own file (the
library's tracking table is per file); on PostgreSQL, its own tables (``<vue>`` and
``<vue>_tracking``) in the store's schema. Beside them, ``<vue>_blocage`` says where the view is
stuck, if it is (``projections/blocage.py``).
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple, Protocol

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg import sql

from projections import blocage as blocages
from projections.blocage import Blocage, EtatDeVue
from projections.listes import COLONNES_ENTREES, FIN_DES_TEMPS, INDEX_ENTREES, requete_liste

# Re-exported: the worklists' readers import them from here.
from projections.listes import Perimetre as Perimetre  # noqa: PLC0414
from projections.listes import RequeteListe as RequeteListe  # noqa: PLC0414

Entree = tuple[str, str, date, date | None, str, str, str | None, str, date]
"""An indexed worklist entry: liste, objet, depuis, echeance, organisme, departement, referent, and the
body that sees it from which day (acces, acces_des)."""


class Changement(NamedTuple):
    """A row to write (``donnees`` as JSON) or delete (None), and the entries it indexes, if any."""

    parcours_id: str
    donnees: str | None
    entrees: tuple[Entree, ...] = ()


class StockageDeVue(Protocol):
    def max_tracking_id(self, application_name: str) -> int | None: ...

    def etat(self, application_name: str) -> EtatDeVue:
        """The view's position and its blockage record, if any, read together."""
        ...

    def noter_blocage(self, blocage: Blocage | None) -> None:
        """Records where the view is stuck (replacing any record), or clears it (None)."""
        ...

    def lire(self, cles: Iterable[str]) -> dict[str, str]: ...

    def lignes_du_parcours(self, parcours_id: str) -> list[str]: ...

    def lire_des_parcours(self, parcours_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Every row of these parcours, by key, with its parcours: what an erasure blanks."""
        ...

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[str]:
        """Every row, in no particular order (the indicators group and sort them; sorting a national table
        in the database cost more than reading it); with ``ou``, the rows whose fields hold these values
        (filtered by the store)."""
        ...

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None: ...

    def lister(self, requete: RequeteListe) -> list[dict[str, Any]]: ...


class VueSQLite(SQLiteTrackingRecorder):
    def __init__(self, datastore: SQLiteDatastore, nom: str, indexee: bool = False) -> None:
        self.table = nom
        self.indexee = indexee
        super().__init__(datastore)

    def construct_create_table_statements(self) -> list[str]:
        index = [
            f"CREATE TABLE IF NOT EXISTS {self.table}_entrees {COLONNES_ENTREES}",
            *(
                f"CREATE INDEX IF NOT EXISTS {self.table}_entrees_{nom} ON {self.table}_entrees ({colonnes})"
                for nom, colonnes in INDEX_ENTREES.items()
            ),
        ]
        return [
            *super().construct_create_table_statements(),
            *(index if self.indexee else []),
            f"CREATE TABLE IF NOT EXISTS {self.table} (cle TEXT PRIMARY KEY, parcours_id TEXT NOT NULL, "
            "donnees TEXT NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {self.table}_parcours ON {self.table} (parcours_id)",
            blocages.creation_sqlite(self.table),
        ]

    def etat(self, application_name: str) -> EtatDeVue:
        with self.datastore.transaction(commit=False) as c:
            c.execute(blocages.etat_sqlite(self.table), [application_name])
            return blocages.lu(c.fetchone())

    def noter_blocage(self, blocage: Blocage | None) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self.table}_blocage")
            if blocage is not None:
                c.execute(
                    f"INSERT INTO {self.table}_blocage ({blocages.COLONNES}) VALUES (?, ?, ?, ?, ?)",
                    blocages.valeurs(blocage, texte=True),
                )

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        cles = list(cles)
        if not cles:
            return {}
        marques = ",".join("?" * len(cles))
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT cle, donnees FROM {self.table} WHERE cle IN ({marques})", cles)
            return {ligne["cle"]: ligne["donnees"] for ligne in c.fetchall()}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT donnees FROM {self.table} WHERE parcours_id = ? ORDER BY cle", [parcours_id])
            return [ligne["donnees"] for ligne in c.fetchall()]

    def lire_des_parcours(self, parcours_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        ids = list(parcours_ids)
        marques = ",".join("?" * len(ids))
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT cle, parcours_id, donnees FROM {self.table} WHERE parcours_id IN ({marques})", ids)
            return {ligne["cle"]: (ligne["parcours_id"], ligne["donnees"]) for ligne in c.fetchall()}

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[str]:
        champs = list((ou or {}).items())
        conditions = "".join(" AND json_extract(donnees, ?) = ?" for _ in champs)
        parametres = [v for champ, valeur in champs for v in (f"$.{champ}", valeur)]
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT donnees FROM {self.table} WHERE TRUE{conditions}", parametres)
            return [ligne["donnees"] for ligne in c.fetchall()]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            for cle, (parcours_id, donnees, _) in changements.items():
                if donnees is None:
                    c.execute(f"DELETE FROM {self.table} WHERE cle = ?", [cle])
                else:
                    c.execute(
                        f"INSERT INTO {self.table} (cle, parcours_id, donnees) VALUES (?, ?, ?) "
                        "ON CONFLICT (cle) DO UPDATE SET donnees = excluded.donnees",
                        [cle, parcours_id, donnees],
                    )
            if self.indexee:
                for parcours_id, _, entrees in changements.values():
                    c.execute(f"DELETE FROM {self.table}_entrees WHERE parcours_id = ?", [parcours_id])
                    for entree in entrees:
                        c.execute(
                            f"INSERT INTO {self.table}_entrees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [parcours_id, *entree],
                        )
            self._insert_tracking(c, tracking)

    def lister(self, requete: RequeteListe) -> list[dict[str, Any]]:
        texte, parametres = requete_liste("?", requete)
        with self.datastore.transaction(commit=False) as c:
            c.execute(texte.format(table=f"{self.table}_entrees"), parametres)
            return [dict(ligne) for ligne in c.fetchall()]


class VuePostgres(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, nom: str, indexee: bool = False) -> None:
        self.table = nom
        self.indexee = indexee
        super().__init__(datastore, tracking_table_name=f"{nom}_tracking")
        self._cible = sql.Identifier(datastore.schema, nom)
        self._entrees = sql.Identifier(datastore.schema, f"{nom}_entrees")
        self._blocage = sql.Identifier(datastore.schema, f"{nom}_blocage")
        self._etat = blocages.etat_postgres(sql.Identifier(datastore.schema, self.tracking_table_name), self._blocage)
        if indexee:
            self.sql_create_statements += [
                sql.SQL("CREATE TABLE IF NOT EXISTS {} " + COLONNES_ENTREES).format(self._entrees),
                *(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (" + colonnes + ")").format(
                        sql.Identifier(f"{nom}_entrees_{index}"), self._entrees
                    )
                    for index, colonnes in INDEX_ENTREES.items()
                ),
            ]

        self.sql_create_statements += [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (cle TEXT PRIMARY KEY, parcours_id TEXT NOT NULL, "
                "donnees JSONB NOT NULL)"
            ).format(self._cible),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (parcours_id)").format(
                sql.Identifier(f"{nom}_parcours"), self._cible
            ),
            blocages.creation_postgres(self._blocage),
        ]

    def etat(self, application_name: str) -> EtatDeVue:
        # One statement, prepared, outside a transaction, as the library reads a tracking position:
        # readers ask after every catch-up, and BEGIN and ROLLBACK would double its round trips.
        with self.datastore.get_connection() as connexion, connexion.cursor() as c:
            c.execute(self._etat, [application_name], prepare=True)
            return blocages.lu(c.fetchone())

    def noter_blocage(self, blocage: Blocage | None) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(sql.SQL("DELETE FROM {}").format(self._blocage))
            if blocage is not None:
                insertion = "INSERT INTO {} (" + blocages.COLONNES + ") VALUES (%s, %s, %s, %s, %s)"
                c.execute(sql.SQL(insertion).format(self._blocage), blocages.valeurs(blocage, texte=False))

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        requete = sql.SQL("SELECT cle, donnees::text AS donnees FROM {} WHERE cle = ANY(%s)").format(self._cible)
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete, [list(cles)])
            return {ligne["cle"]: ligne["donnees"] for ligne in c.fetchall()}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        requete = sql.SQL("SELECT donnees::text AS donnees FROM {} WHERE parcours_id = %s ORDER BY cle")
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete.format(self._cible), [parcours_id])
            return [ligne["donnees"] for ligne in c.fetchall()]

    def lire_des_parcours(self, parcours_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        requete = sql.SQL("SELECT cle, parcours_id, donnees::text AS donnees FROM {} WHERE parcours_id = ANY(%s)")
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete.format(self._cible), [list(parcours_ids)])
            return {ligne["cle"]: (ligne["parcours_id"], ligne["donnees"]) for ligne in c.fetchall()}

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[str]:
        filtre, parametres = (" WHERE donnees @> %s::jsonb", [json.dumps(dict(ou))]) if ou else ("", [])
        requete = sql.SQL("SELECT donnees::text AS donnees FROM {}" + filtre)
        with self.datastore.transaction(commit=False) as c:
            c.execute(requete.format(self._cible), parametres)
            return [ligne["donnees"] for ligne in c.fetchall()]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        supprimees = [cle for cle, (_, donnees, _) in changements.items() if donnees is None]
        gardees = [(cle, p, blocages.sans_nul(d)) for cle, (p, d, _) in changements.items() if d is not None]
        with self.datastore.transaction(commit=True) as c:
            if supprimees:
                c.execute(sql.SQL("DELETE FROM {} WHERE cle = ANY(%s)").format(self._cible), [supprimees])
            if gardees:
                c.executemany(
                    sql.SQL(
                        "INSERT INTO {} (cle, parcours_id, donnees) VALUES (%s, %s, %s::jsonb) "
                        "ON CONFLICT (cle) DO UPDATE SET donnees = excluded.donnees"
                    ).format(self._cible),
                    gardees,
                )
            if self.indexee:
                self._indexer(c, changements)
            self._insert_tracking(c, tracking)

    def _indexer(self, c: Any, changements: Mapping[str, Changement]) -> None:
        parcours = [p for p, _, _ in changements.values()]
        # Planned anew each time, never prepared: a plan kept from when the table was nearly empty (a
        # rebuild, a new store) scanned it whole for every page, and a rebuild of 1,000,000 parcours
        # slowed down page after page where autovacuum does not ANALYZE in between.
        supprimer = sql.SQL("DELETE FROM {} WHERE parcours_id = ANY(%s)").format(self._entrees)
        c.execute(supprimer, [parcours], prepare=False)
        entrees = [(p, *map(blocages.texte_sans_nul, e)) for p, _, es in changements.values() for e in es]
        if entrees:
            insertion = sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)").format(self._entrees)
            c.executemany(insertion, entrees)

    def lister(self, requete: RequeteListe) -> list[dict[str, Any]]:
        texte, parametres = requete_liste("%s", requete)
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql.SQL(texte).format(table=self._entrees), parametres)
            return [dict(ligne) for ligne in c.fetchall()]


def etats(stockages: Mapping[str, StockageDeVue], application_name: str) -> dict[str, EtatDeVue]:
    """Each view's state. The PostgreSQL views of one schema are read in one statement: readers ask
    after every catch-up, and one round trip for all of them costs less than one per view did."""
    postgres = {nom: s for nom, s in stockages.items() if isinstance(s, VuePostgres)}
    lus = {nom: s.etat(application_name) for nom, s in stockages.items() if nom not in postgres}
    if postgres:
        une = next(iter(postgres.values()))
        requete = sql.SQL(" UNION ALL ").join(
            sql.SQL("SELECT {} AS nom_de_vue, e.* FROM ({}) AS e").format(sql.Literal(nom), vue._etat)
            for nom, vue in postgres.items()
        )
        with une.datastore.get_connection() as connexion, connexion.cursor() as c:
            c.execute(requete, [application_name] * len(postgres), prepare=True)
            lus |= {ligne["nom_de_vue"]: blocages.lu(ligne) for ligne in c.fetchall()}
    return lus


class VueMemoire(POPOTrackingRecorder):
    """The same contract in memory, for the in-memory store of fast tests."""

    def __init__(self) -> None:
        super().__init__()
        self._lignes: dict[str, Changement] = {}
        self._blocage: Blocage | None = None

    def create_table(self) -> None:
        """Nothing to create in memory."""

    def etat(self, application_name: str) -> EtatDeVue:
        return EtatDeVue(self.max_tracking_id(application_name) or 0, self._blocage)

    def noter_blocage(self, blocage: Blocage | None) -> None:
        self._blocage = blocage

    def lire(self, cles: Iterable[str]) -> dict[str, str]:
        with self._database_lock:
            return {cle: c.donnees for cle in cles if (c := self._lignes.get(cle)) and c.donnees is not None}

    def lignes_du_parcours(self, parcours_id: str) -> list[str]:
        with self._database_lock:
            return [c.donnees for _, c in sorted(self._lignes.items()) if c.parcours_id == parcours_id and c.donnees]

    def lire_des_parcours(self, parcours_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        ids = set(parcours_ids)
        with self._database_lock:
            lignes = list(self._lignes.items())
        return {cle: (c.parcours_id, c.donnees) for cle, c in lignes if c.parcours_id in ids and c.donnees}

    def toutes_les_lignes(self, ou: Mapping[str, str] | None = None) -> list[str]:
        with self._database_lock:
            lignes = [c.donnees for c in self._lignes.values() if c.donnees]
        return [d for d in lignes if not ou or ou.items() <= json.loads(d).items()]

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self._lignes.update(changements)
            self._insert_tracking(tracking)

    def lister(self, requete: RequeteListe) -> list[dict[str, Any]]:
        colonnes = (
            "liste",
            "objet",
            "depuis",
            "echeance",
            "organisme",
            "departement",
            "referent",
            "acces",
            "acces_des",
        )
        with self._database_lock:
            entrees = [
                {"parcours_id": c.parcours_id, **dict(zip(colonnes, map(texte_sql, e), strict=True))}
                for c in self._lignes.values()
                for e in c.entrees
            ]
        # One entry seen through two branches (its body's row, its référent's) is listed once, as SQL's UNION does.
        retenues = {
            cle_de_liste(e): {k: v for k, v in e.items() if not k.startswith("acces")}
            for e in entrees
            if retenue(e, requete)
        }
        return [retenues[cle] for cle in sorted(retenues)][: requete.limite]


def cle_de_liste(entree: dict[str, Any]) -> tuple[str, str, str]:
    return (entree["echeance"] or FIN_DES_TEMPS, entree["parcours_id"], entree["objet"])


def retenue(entree: dict[str, Any], requete: RequeteListe) -> bool:
    """The memory twin of ``requete_liste``'s conditions."""
    perimetre = requete.perimetre
    une_fois = entree["acces"] == entree["organisme"]
    dans_le_perimetre = (perimetre is None and une_fois) or (
        perimetre is not None
        and (
            (
                (entree["acces"], entree["departement"]) == (perimetre.organisme, perimetre.departement)
                and entree["acces_des"] <= perimetre.jour.isoformat()
            )
            or (entree["referent"] == perimetre.referent and une_fois)
        )
    )
    filtres = all(
        getattr(requete, colonne) in (None, entree[colonne]) for colonne in ("organisme", "departement", "referent")
    )
    avant = requete.echeance_avant is None or (
        entree["echeance"] is not None and entree["echeance"] <= requete.echeance_avant.isoformat()
    )
    apres = requete.apres is None or cle_de_liste(entree) > requete.apres
    return entree["liste"] == requete.liste and dans_le_perimetre and filtres and avant and apres


def texte_sql(valeur: Any) -> Any:
    """Dates as the SQL views store them (ISO text)."""
    return valeur.isoformat() if isinstance(valeur, date) else valeur
