"""A throwaway PostgreSQL database for one run of the harness, dropped at the end whatever happens.

Every measure works in it (pgbench's table, the library's store, the service's schema, the
projections' store), each in its own schema, so nothing of a run survives it and two runs never
share a table.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from uuid import uuid4

import psycopg
from psycopg import sql


def url_de_base(serveur: str, base: str, schema: str | None = None) -> str:
    """``serveur``'s URL naming database ``base`` (and our ``?schema=`` parameter if given)."""
    url = urlsplit(serveur)._replace(path=f"/{base}", query=f"schema={schema}" if schema else "")
    return url.geturl()


@contextmanager
def base_jetable(serveur: str) -> Iterator[str]:
    """Creates ``bench_<hex>`` on the server ``serveur`` points at, yields its URL, then drops it
    (``WITH (FORCE)`` ends connections a failed measure may have left open)."""
    nom = f"bench_{uuid4().hex[:10]}"
    with psycopg.connect(serveur, autocommit=True, connect_timeout=5) as connexion:
        connexion.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    try:
        yield url_de_base(serveur, nom)
    finally:
        with psycopg.connect(serveur, autocommit=True, connect_timeout=5) as connexion:
            connexion.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nom)))


def creer_schema(url: str, schema: str) -> None:
    with psycopg.connect(url, autocommit=True) as connexion:
        connexion.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def version_du_serveur(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as connexion:
        ligne = connexion.execute("SHOW server_version").fetchone()
    return str(ligne[0]) if ligne else "?"
