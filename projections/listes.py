"""The worklists' SQL: one sorted page of a list within a reader's scope, read through the entries
index that serves it (keyset pagination on due date, parcours, object). The same text runs on
SQLite and PostgreSQL, ``marque`` standing for the driver's parameter mark."""

from dataclasses import dataclass
from datetime import date
from typing import Any

FIN_DES_TEMPS = "9999-12-31"
"""Entries without a due date sort last."""


@dataclass(frozen=True)
class Perimetre:
    """A reader's object-level scope on day ``jour``: the parcours its body (organisme and département)
    holds a role in, or those it is référent of."""

    organisme: str | None
    departement: str | None
    referent: str
    jour: date = date.max


@dataclass(frozen=True)
class RequeteListe:
    """One page of a worklist: its scope, optional filters, the key after which to start, its size."""

    liste: str
    perimetre: Perimetre | None = None
    organisme: str | None = None
    departement: str | None = None
    referent: str | None = None
    echeance_avant: date | None = None
    apres: tuple[str, str, str] | None = None
    limite: int = 50


RANG = f"COALESCE(echeance, '{FIN_DES_TEMPS}')"
"""The sort key's first column, as indexed: entries without a due date come last."""
SORTIE = f"parcours_id, liste, objet, depuis, echeance, organisme, departement, referent, {RANG} AS rang"
INDEX_ENTREES = {
    "par_perimetre": f"liste, acces, departement, {RANG}, parcours_id, objet",
    "par_referent": f"liste, referent, {RANG}, parcours_id, objet",
    "par_liste": f"liste, {RANG}, parcours_id, objet",
}
"""One index per way a page is read: the parcours a body holds a role in, those one is référent of,
or a whole list (auditors); each gives its rows already sorted by the page key."""
UNE_FOIS = "acces = organisme"
"""An entry is indexed once per body that sees it (``acces``); the in-charge body's row, always there,
stands for the entry where the body does not matter, so that a page never counts an entry twice."""


def requete_liste(marque: str, requete: RequeteListe) -> tuple[str, list[Any]]:
    """The SQL of one sorted page (keyset pagination on due date, parcours, object); ``{table}``
    stands for the entries table and ``marque`` for the driver's parameter mark. A scope (the body's
    roles, or référent) is two index range scans merged, not an ``OR`` that would sort every entry of
    the scope."""
    communes, parametres = conditions_communes(marque, requete)
    perimetre = requete.perimetre
    if perimetre is None:
        return page(marque, [[*communes, UNE_FOIS]], [parametres], requete.limite)
    du_corps = [*communes, f"acces = {marque}", f"departement = {marque}", f"acces_des <= {marque}"]
    comme_referent = [*communes, f"referent = {marque}", UNE_FOIS]
    return page(
        marque,
        [du_corps, comme_referent],
        [
            [*parametres, perimetre.organisme, perimetre.departement, perimetre.jour.isoformat()],
            [*parametres, perimetre.referent],
        ],
        requete.limite,
    )


def conditions_communes(marque: str, requete: RequeteListe) -> tuple[list[str], list[Any]]:
    conditions: list[str] = [f"liste = {marque}"]
    parametres: list[Any] = [requete.liste]
    for colonne in ("organisme", "departement", "referent"):
        if (valeur := getattr(requete, colonne)) is not None:
            conditions.append(f"{colonne} = {marque}")
            parametres.append(valeur)
    if requete.echeance_avant is not None:
        conditions.append(f"echeance <= {marque}")
        parametres.append(requete.echeance_avant.isoformat())
    if requete.apres is not None:
        conditions += apres_le_curseur(marque)
        parametres += [*requete.apres, *requete.apres]
    return conditions, parametres


def apres_le_curseur(marque: str) -> list[str]:
    """The entries after the cursor, written ``>=`` and not the cursor itself rather than ``>``.
    PostgreSQL estimates a row comparison by its first column alone, and most entries of a list share
    the last rank (no due date): ``>`` the cursor's rank was estimated at one row, every index then
    cost the same, and the planner read a scope's next page through ``par_liste``, filtering out the
    other agencies' entries (365 ms against 0.9 ms at 300,000 parcours once ANALYZEd)."""
    cle = f"({RANG}, parcours_id, objet)"
    return [f"{cle} >= ({marque}, {marque}, {marque})", f"{cle} <> ({marque}, {marque}, {marque})"]


def page(marque: str, branches: list[list[str]], parametres: list[list[Any]], limite: int) -> tuple[str, list[Any]]:
    """Each branch sorted and cut to the page size, then merged, sorted and cut again."""
    ordre = f"ORDER BY rang, parcours_id, objet LIMIT {marque}"
    selects = [
        f"SELECT * FROM (SELECT {SORTIE} FROM {{table}} WHERE {' AND '.join(b)} {ordre}) AS b{i}"
        for i, b in enumerate(branches)
    ]
    texte = f"SELECT * FROM ({' UNION '.join(selects)}) AS u {ordre}"
    valeurs = [v for p in parametres for v in (*p, limite)]
    return texte, [*valeurs, limite]


COLONNES_ENTREES = (
    "(parcours_id TEXT NOT NULL, liste TEXT NOT NULL, objet TEXT NOT NULL, depuis TEXT NOT NULL, echeance TEXT, "
    "organisme TEXT NOT NULL, departement TEXT NOT NULL, referent TEXT, acces TEXT NOT NULL, acces_des TEXT NOT NULL, "
    "PRIMARY KEY (parcours_id, liste, objet, acces))"
)
