"""The API on SQLite and PostgreSQL (and in memory), called as a UI would, with development tokens."""

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.support.horloge import HorlogeDeTest

Jeton = Callable[..., dict[str, str]]
Envoi = Callable[..., Any]


@pytest.fixture
def reglages_api(reglages: Reglages, tmp_path: Path) -> Reglages:
    return reglages.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem", "taille_max_corps": 64 * 1024})


@pytest.fixture
def client(reglages_api: Reglages, horloge: HorlogeDeTest) -> Iterator[TestClient]:
    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    migrer(reglages_api)  # as `parcours migrate` does before a PostgreSQL service starts
    with TestClient(creer_app(reglages_api, horloge)) as client:
        yield client


@pytest.fixture
def client_sans_exceptions(reglages_api: Reglages, horloge: HorlogeDeTest) -> Iterator[TestClient]:
    """A client that gets the 500 answer instead of the server's exception."""
    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    migrer(reglages_api)
    with TestClient(creer_app(reglages_api, horloge), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def jeton(reglages_api: Reglages) -> Jeton:
    """Authorization headers for a principal: ``jeton(Role.CONSEILLER, organisme=..., territoire=...)``."""

    def entetes(role: Role, sub: str = "agent-42", **revendications: object) -> dict[str, str]:
        jeton = emettre_jeton_dev(reglages_api, Revendications(sub=sub, role=role, **revendications))  # type: ignore[arg-type]
        return {"Authorization": f"Bearer {jeton}"}

    return entetes


@pytest.fixture
def conseillere(jeton: Jeton) -> dict[str, str]:
    return jeton(Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="75", structure="FT-75-012")


@pytest.fixture
def autorite(jeton: Jeton) -> dict[str, str]:
    return jeton(Role.AUTORITE_SANCTION, sub="dr-idf", organisme=Organisme.FRANCE_TRAVAIL, territoire="75")


@pytest.fixture
def envoyer(client: TestClient, horloge: HorlogeDeTest) -> Envoi:
    """POST a step on its business day (the clock moves there first), checking its status."""

    def envoi(chemin: str, corps: Mapping[str, object], entetes: dict[str, str], attendu: int = 200) -> Any:
        if "effective_le" in corps:
            horloge.aller_au(str(corps["effective_le"])[:10])
        reponse = client.post(chemin, json=corps, headers=entetes)
        assert reponse.status_code == attendu, reponse.text
        return reponse.json()

    return envoi


@pytest.fixture
def acteurs(jeton: Jeton) -> dict[str, dict[str, str]]:
    """The bodies of two départements, by role, and the CAF's flow: whom competence tests ask."""

    def de(organisme: Organisme, role: Role = Role.CONSEILLER, departement: str = "75") -> dict[str, str]:
        sub = f"{organisme.value.lower()}-{departement}-{role.value}"
        return jeton(role, sub=sub, organisme=organisme, territoire=departement)

    return {
        "flux_caf": jeton(Role.PARTENAIRE, sub="flux-caf-75"),
        "ft": de(Organisme.FRANCE_TRAVAIL),
        "ft_autorite": de(Organisme.FRANCE_TRAVAIL, Role.AUTORITE_SANCTION),
        "cd": de(Organisme.DEPARTEMENT),
        "pcd": de(Organisme.DEPARTEMENT, Role.AUTORITE_SANCTION),
        "ml": de(Organisme.MISSION_LOCALE),
        "ft_13": de(Organisme.FRANCE_TRAVAIL, departement="13"),
        "cd_13": de(Organisme.DEPARTEMENT, departement="13"),
    }
