"""The SSE feed bench on a tiny run: a few clients each receive every event once, in order. No timing is asserted.

A smoke test: the real service in a subprocess (as the bench runs it) in a schema of the test database, dropped
afterwards (a throwaway database of its own would cost its drop, seconds, to each run)."""

from collections.abc import Iterator
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql

from bench.flux import mesurer


@pytest.fixture
def schema(base_postgres: str) -> Iterator[str]:
    nom = f"bench_flux_{uuid4().hex[:10]}"
    yield nom
    with psycopg.connect(base_postgres, autocommit=True) as connexion:
        connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(nom)))


def test_chaque_client_recoit_chaque_evenement_une_fois_et_la_reference_est_mesuree_a_cote(
    base_postgres: str, schema: str
) -> None:
    lignes = {ligne.cle: ligne for ligne in mesurer(base_postgres, clients=3, inscriptions=2, schema=schema)}

    assert lignes["flux.3.complets"].valeur == 3
    assert lignes["flux.3.p99"].reference == lignes["flux.1.p99"].valeur
    assert all(ligne.valeur > 0 for ligne in lignes.values())
