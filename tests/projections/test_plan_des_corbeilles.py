"""The plan PostgreSQL chooses for a worklist page, once the entries table has statistics.

A national list holds hundreds of thousands of entries, most of them without a due date; a page
within one agency's scope must be read through the index that starts with that scope, never
through the whole list filtered (issue 7: worklist page p99 ≤ 20 ms at 1,000,000 parcours).
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.listes import requete_liste
from projections.stockage import Perimetre, RequeteListe, VuePostgres

ORGANISMES = ("FRANCE_TRAVAIL", "MISSION_LOCALE", "CAP_EMPLOI", "DEPARTEMENT")
DEPARTEMENTS = ("13", "59", "75", "93", "974")
PERIMETRE = Perimetre(organisme="FRANCE_TRAVAIL", departement="93", referent="agent-42")


@pytest.fixture
def stockage(reglages_postgres: Reglages) -> Iterator[VuePostgres]:
    migrer(reglages_postgres)
    app: ParcoursApplication = construire_application(reglages_postgres)
    vue = stockage_pour(reglages_postgres, app, Corbeilles())
    assert isinstance(vue, VuePostgres)
    yield vue
    app.close()


def entrees_sans_echeance(stockage: VuePostgres, nombre: int) -> None:
    """``nombre`` entries of ``a_orienter`` (no due date), spread over 20 scopes, then ANALYZE as
    autovacuum does after a load."""
    table = entrees(stockage)
    remplir = sql.SQL(
        "INSERT INTO {} (parcours_id, liste, objet, depuis, echeance, organisme, departement, acces, acces_des) "
        "SELECT gen_random_uuid()::text, 'a_orienter', '-', '2025-01-06', NULL, "
        "(%s::text[])[1 + i %% 4], (%s::text[])[1 + (i / 4) %% 5], (%s::text[])[1 + i %% 4], '0001-01-01' "
        "FROM generate_series(0, %s - 1) AS i"
    ).format(table)
    with stockage.datastore.transaction(commit=True) as c:
        c.execute(remplir, [list(ORGANISMES), list(DEPARTEMENTS), list(ORGANISMES), nombre])
        c.execute(sql.SQL("ANALYZE {}").format(table))


def entrees(stockage: VuePostgres) -> sql.Identifier:
    return sql.Identifier(stockage.datastore.schema, "corbeilles_entrees")


def index_lus(stockage: VuePostgres, requete: RequeteListe) -> list[str]:
    texte, parametres = requete_liste("%s", requete)
    expliquer = sql.SQL("EXPLAIN (FORMAT JSON) " + texte).format(table=entrees(stockage))
    with stockage.datastore.transaction(commit=False) as c:
        c.execute(expliquer, parametres, prepare=False)
        ligne = c.fetchone()
    assert ligne is not None
    plan = next(iter(ligne.values()))
    return sorted(noeud["Index Name"] for noeud in noeuds(json.loads(plan) if isinstance(plan, str) else plan))


def noeuds(plan: Any) -> Iterator[dict[str, Any]]:
    if isinstance(plan, list):
        for element in plan:
            yield from noeuds(element)
    elif isinstance(plan, dict):
        if "Index Name" in plan:
            yield plan
        for valeur in plan.values():
            yield from noeuds(valeur)


def test_la_page_suivante_d_un_perimetre_se_lit_par_l_index_du_perimetre(stockage: VuePostgres) -> None:
    # given: a list whose entries have no due date, in many agencies' scopes, with statistics
    entrees_sans_echeance(stockage, 20_000)
    premiere = stockage.lister(RequeteListe("a_orienter", PERIMETRE, limite=50))
    derniere = premiere[-1]
    curseur = (derniere["rang"], derniere["parcours_id"], derniere["objet"])

    # when: the next page of one agency's scope is planned
    lus = index_lus(stockage, RequeteListe("a_orienter", PERIMETRE, apres=curseur, limite=50))

    # then: each branch reads its own index, none reads the whole list
    assert lus == ["corbeilles_entrees_par_perimetre", "corbeilles_entrees_par_referent"]
