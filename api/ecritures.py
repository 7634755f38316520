"""Read-your-writes by default (issue 23): a read waits, bounded, until the views reach the caller's own last
write — with no ``position_min`` to pass (``api.dependances.position_lue``).

Every command answers the store position it reached (``position``); this process remembers, per caller (the
token's ``sub``), the highest one (``DernieresEcritures``, an LRU of bounded size), noted as the answer leaves,
before the client can send its next request. A read from the views (dossier, worklists, searches, indicators,
the person's space) then waits for that position when the request names none (``position_lue``); an explicit
``position_min`` wins. Reads from the aggregate itself (history, state, export) are always up to date.

Why in the process rather than in the transaction (a dossier row written with the events): the views stay
where they are, asynchronous and rebuildable, and the cost is one dictionary read per request. Its limit: with
several API workers (``parcours serve --workers N``), a read served by another worker than the write does not
know it — a screen then passes the ``position`` its command returned as ``position_min``, or the load balancer
keeps a caller on one worker (docs/api.md, « Lire ses écritures »).
"""

import json
import threading

from cachetools import LRUCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TAILLE = 100_000
"""Callers remembered per process (the least recent forgotten first)."""
ECRITURES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class DernieresEcritures:
    """Each caller's last store position written, in this process."""

    def __init__(self, taille: int = TAILLE) -> None:
        self._positions: LRUCache[str, int] = LRUCache(maxsize=taille)
        self._verrou = threading.Lock()

    def noter(self, appelant: str, position: int) -> None:
        with self._verrou:
            self._positions[appelant] = max(position, self._positions.get(appelant, 0))

    def de(self, appelant: str) -> int | None:
        with self._verrou:
            return self._positions.get(appelant)


class SesEcritures:
    """Notes the position a command's answer carries, for its caller, as the answer leaves."""

    def __init__(self, app: ASGIApp, ecritures: DernieresEcritures) -> None:
        self.app = app
        self.ecritures = ecritures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ECRITURES:
            await self.app(scope, receive, send)
            return
        reussie = False
        corps: list[bytes] = []

        async def envoyer(message: Message) -> None:
            nonlocal reussie
            if message["type"] == "http.response.start":
                reussie = 200 <= message["status"] < 300
            elif reussie:
                corps.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._noter(scope, b"".join(corps))
            await send(message)

        await self.app(scope, receive, envoyer)

    def _noter(self, scope: Scope, corps: bytes) -> None:
        appelant = scope.get("state", {}).get("principal")
        if appelant is None:
            return
        try:
            position = json.loads(corps).get("position")
        except (ValueError, AttributeError):  # not a command's JSON answer (a PDF, a list)
            return
        if type(position) is int:
            self.ecritures.noter(appelant, position)
