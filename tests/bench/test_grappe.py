"""The private cluster of the fault tests: a committed row survives a crash of the server."""

import psycopg
import pytest

from bench.grappe import Grappe


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_une_ligne_validee_survit_a_l_arret_du_serveur(mode: str) -> None:
    with Grappe() as grappe:
        with psycopg.connect(grappe.url, autocommit=True) as connexion:
            connexion.execute("CREATE TABLE t (n int)")
            connexion.execute("INSERT INTO t VALUES (42)")
        grappe.arreter(mode)  # type: ignore[arg-type]
        assert not grappe.accepte()
        grappe.demarrer()
        with psycopg.connect(grappe.url) as connexion:
            assert connexion.execute("SELECT n FROM t").fetchall() == [(42,)]
    assert not grappe.dossier.exists()
