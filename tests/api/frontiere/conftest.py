"""The boundary tests' in-memory service, built once per module (validation does not depend on the store)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import creer_app
from infrastructure.reglages import Reglages, reglages_pour
from tests.api.corps import INSCRIPTION
from tests.api.frontiere.outils import entetes
from tests.support.horloge import HorlogeDeTest


@pytest.fixture(scope="module")
def reglages_memoire(tmp_path_factory: pytest.TempPathFactory) -> Reglages:
    return reglages_pour("memory://").model_copy(update={"cle_dev": tmp_path_factory.mktemp("cle") / "cle.pem"})


@pytest.fixture(scope="module")
def api(reglages_memoire: Reglages) -> Iterator[TestClient]:
    with TestClient(creer_app(reglages_memoire, HorlogeDeTest())) as client:
        yield client


@pytest.fixture(scope="module")
def agent(reglages_memoire: Reglages) -> dict[str, str]:
    return entetes(reglages_memoire)


@pytest.fixture(scope="module")
def parcours(api: TestClient, agent: dict[str, str]) -> str:
    """A parcours registered with no data for the algorithm: it has no algorithmic decision."""
    reponse = api.post("/parcours", json=INSCRIPTION, headers=agent)
    assert reponse.status_code == 201, reponse.text
    return f"/parcours/{reponse.json()['parcours_id']}"
