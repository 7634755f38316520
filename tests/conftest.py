"""Fixtures shared by the whole suite: the stores (in memory, SQLite, PostgreSQL) and the clock.

Infrastructure and application tests are parametrised over the stores by fixture, so one test
module proves the same behaviour on each. PostgreSQL is required: if it does not answer, the
tests that use it fail (never skip). Each test gets its own schema, dropped afterwards.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from tests.support.horloge import HorlogeDeTest

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

os.environ.setdefault("PARCOURS_CLE_MAITRE", "dGVzdHMtcGFyY291cnMtY2xlLW1haXRyZS0zMi1vY3Q=")
os.environ.setdefault("PARCOURS_CLE_EMPREINTES", "dGVzdHMtcGFyY291cnMtZW1wcmVpbnRlcy0zMi1vY3Q=")
os.environ.setdefault("PARCOURS_CLE_SCEAU", "dGVzdHMtcGFyY291cnMtY2xlLXNjZWF1LTMyLW9jdHM=")
"""One master key for the whole suite and the processes it starts (services, CLI): a store written by
one is read by the others. Fake: it protects only synthetic data."""

SERVEUR_POSTGRES = os.environ.get("PARCOURS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BASE_DE_TEST = "parcours_test"


def creer_base_de_test() -> str:
    """The URL of the test database, created on the server if missing."""
    with psycopg.connect(SERVEUR_POSTGRES, autocommit=True, connect_timeout=5) as connexion:
        existe = connexion.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BASE_DE_TEST,)).fetchone()
        if not existe:
            connexion.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BASE_DE_TEST)))
    return SERVEUR_POSTGRES.rsplit("/", 1)[0] + f"/{BASE_DE_TEST}"


@pytest.fixture(scope="session")
def base_postgres() -> str:
    return creer_base_de_test()


def magasin(moteur: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Reglages]:
    if moteur == "memoire":
        yield reglages_pour("memory://")
    elif moteur == "sqlite":
        yield reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")
    else:
        base: str = request.getfixturevalue("base_postgres")
        schema = f"test_{uuid4().hex[:12]}"
        yield reglages_pour(f"{base}?schema={schema}")
        with psycopg.connect(base, autocommit=True) as connexion:
            connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["memoire", "sqlite", "postgres"])
def reglages(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Reglages]:
    """Every store: in memory, SQLite and PostgreSQL."""
    yield from magasin(request.param, tmp_path, request)


@pytest.fixture(params=["sqlite", "postgres"])
def reglages_persistants(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Reglages]:
    """The stores that persist: SQLite and PostgreSQL."""
    yield from magasin(request.param, tmp_path, request)


@pytest.fixture
def reglages_postgres(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Reglages]:
    yield from magasin("postgres", tmp_path, request)


@pytest.fixture
def horloge() -> HorlogeDeTest:
    return HorlogeDeTest()


@pytest.fixture
def app_persistante(reglages_persistants: Reglages, horloge: HorlogeDeTest) -> Iterator[ParcoursApplication]:
    """The application on a migrated store that persists (SQLite and PostgreSQL)."""
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    yield application
    application.close()


@pytest.fixture
def app(reglages: Reglages, horloge: HorlogeDeTest) -> Iterator[ParcoursApplication]:
    """The application on a migrated store (immutability triggers installed, as in production)."""
    migrer(reglages)
    application = construire_application(reglages, horloge)
    yield application
    application.close()
