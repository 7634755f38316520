"""A real HTTP receiver on a free local port, in a thread: it verifies each request's signature with the
subscriber's secret (``standardwebhooks.Webhook.verify``), as a partner would, and keeps what it received."""

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Recu:
    webhook_id: str
    charge: dict[str, Any]


@dataclass
class Recepteur:
    """``reponse(webhook_id)`` says the status to answer (200 by default); ``retenir`` holds the next request
    until ``liberer`` is set (``retenu`` says one is held)."""

    secret: str = ""
    reponse: Callable[[str], int] = lambda _id: 200
    recus: list[Recu] = field(default_factory=list)
    """Every request whose signature verified, in the order received (failed answers included)."""
    acceptes: list[Recu] = field(default_factory=list)
    """Those answered 2xx."""
    refuses: list[str] = field(default_factory=list)
    """Why each request that did not verify was refused."""
    retenir: threading.Event = field(default_factory=threading.Event)
    retenu: threading.Event = field(default_factory=threading.Event)
    liberer: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    verrou: threading.Lock = field(default_factory=threading.Lock)

    def verifier(self, corps: bytes, entetes: dict[str, str]) -> tuple[int, Recu | None]:
        try:
            charge = Webhook(self.secret).verify(corps, entetes)
        except WebhookVerificationError as erreur:
            with self.verrou:
                self.refuses.append(str(erreur))
            return 401, None
        recu = Recu(entetes["webhook-id"], charge)
        with self.verrou:
            self.recus.append(recu)
        if self.retenir.is_set():
            self.retenir.clear()
            self.retenu.set()
            self.liberer.wait(timeout=30)
        statut = self.reponse(recu.webhook_id)
        if 200 <= statut < 300:
            with self.verrou:
                self.acceptes.append(recu)
        return statut, recu

    def positions_acceptees(self) -> list[int]:
        with self.verrou:
            return [recu.charge["data"]["position"] for recu in self.acceptes]


@contextmanager
def recepteur_local() -> Iterator[Recepteur]:
    recepteur = Recepteur()

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            corps = self.rfile.read(int(self.headers.get("content-length", "0")))
            statut, _ = recepteur.verifier(corps, {k.lower(): v for k, v in self.headers.items()})
            reponse = json.dumps({"statut": statut}).encode()
            try:
                self.send_response(statut)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(reponse)))
                self.end_headers()
                self.wfile.write(reponse)
            except OSError:  # the sender is gone (killed mid-delivery)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            """Silent."""

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    serveur.daemon_threads = True
    fil = threading.Thread(target=serveur.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    fil.start()
    recepteur.url = f"http://127.0.0.1:{serveur.server_address[1]}/webhooks"
    try:
        yield recepteur
    finally:
        recepteur.liberer.set()
        serveur.shutdown()
        serveur.server_close()
