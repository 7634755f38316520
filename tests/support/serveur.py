"""The real service under uvicorn on a free port, in a thread, called over HTTP as a client would."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from application.principal import Role
from domain.horloge import Horloge, horloge_systeme
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.support.horloge import HorlogeDeTest


@contextmanager
def servi(reglages: Reglages, horloge: Horloge = horloge_systeme) -> Iterator[str]:
    """The API on a free port until the block ends; requests sent before it has started wait in the listening
    socket's backlog. Open streams are cut a second after the block ends."""
    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    prise = socket.create_server(("127.0.0.1", 0))
    configuration = uvicorn.Config(
        creer_app(reglages, horloge), log_level="warning", access_log=False, timeout_graceful_shutdown=1
    )
    serveur = uvicorn.Server(configuration)
    fil = threading.Thread(target=serveur.run, kwargs={"sockets": [prise]}, name="uvicorn")
    fil.start()
    try:
        yield f"http://127.0.0.1:{prise.getsockname()[1]}"
    finally:
        serveur.should_exit = True
        fil.join()
        prise.close()


@dataclass
class ServiceEnTest:
    """The service, its clock, and a client that sends the steps as a UI does."""

    url: str
    reglages: Reglages
    horloge: HorlogeDeTest
    http: httpx.Client

    def jeton(self, role: Role, sub: str = "agent-42", **revendications: Any) -> dict[str, str]:
        jeton = emettre_jeton_dev(self.reglages, Revendications(sub=sub, role=role, **revendications))
        return {"Authorization": f"Bearer {jeton}"}

    def envoyer(self, chemin: str, corps: dict[str, Any], entetes: dict[str, str], attendu: int = 200) -> Any:
        """POSTs a step on its business day (the clock moves there first), checking its status."""
        if "effective_le" in corps:
            self.horloge.aller_au(str(corps["effective_le"])[:10])
        reponse = self.http.post(chemin, json=corps, headers=entetes)
        assert reponse.status_code == attendu, reponse.text
        return reponse.json()


@contextmanager
def service_en_test(reglages: Reglages) -> Iterator[ServiceEnTest]:
    migrer(reglages)  # as `parcours migrate` does before a PostgreSQL service starts
    horloge = HorlogeDeTest()
    with servi(reglages, horloge) as url, httpx.Client(base_url=url, timeout=10) as http:
        yield ServiceEnTest(url, reglages, horloge, http)
