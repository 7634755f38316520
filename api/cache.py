"""Conditional reads (RFC 9110 §8.8, §13.1.2): a JSON read gets a weak ``ETag`` computed from its body, and a
client that sends it back in ``If-None-Match`` gets ``304 Not Modified`` with no body — a screen polling a
worklist or the indicators downloads them once while they do not change.

A read that sets its own ``ETag`` keeps it: the dossier's and the state's are the parcours' version, the token
of ``If-Match`` on commands; their content also depends on the day and on the caller (their actions, what they
may read), so that token is not a validator of the representation and those reads never answer 304. Streams
(``text/event-stream``) and files pass through untouched; so do bodies larger than ``TAILLE_MAX``.
"""

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TAILLE_MAX = 8 * 1024 * 1024
"""The largest body hashed; beyond it the answer streams out as it comes, without a validator."""


def validateur(corps: bytes) -> str:
    return f'W/"{hashlib.sha256(corps).hexdigest()[:32]}"'


def correspond(si_aucun: str, etag: str) -> bool:
    """``If-None-Match`` matches by weak comparison: any listed tag equal to ours, or ``*``."""
    balises = [b.strip() for b in si_aucun.split(",")]
    nu = etag.removeprefix("W/")
    return "*" in balises or any(b.removeprefix("W/") == nu for b in balises)


class LecturesConditionnelles:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        si_aucun = Headers(scope=scope).get("if-none-match")
        debut: Message | None = None
        morceaux: list[bytes] = []
        taille = 0
        relayer = False

        async def envoyer(message: Message) -> None:
            nonlocal debut, taille, relayer
            if relayer:
                await send(message)
                return
            if message["type"] == "http.response.start":
                entetes = Headers(raw=message["headers"])
                json = entetes.get("content-type", "").startswith(("application/json", "application/problem+json"))
                if message["status"] != 200 or not json or "etag" in entetes:
                    relayer = True
                    await send(message)
                    return
                debut = message
                return
            morceaux.append(message.get("body", b""))
            taille += len(morceaux[-1])
            if taille > TAILLE_MAX:  # too large to hold: what was held goes out, then the rest as it comes
                relayer = True
                await send(debut or {})
                await send({"type": "http.response.body", "body": b"".join(morceaux), "more_body": True})
                return
            if not message.get("more_body", False):
                assert debut is not None
                await conclure(debut, b"".join(morceaux))

        async def conclure(debut: Message, corps: bytes) -> None:
            etag = validateur(corps)
            if si_aucun is not None and correspond(si_aucun, etag):
                entetes = MutableHeaders(raw=[(k, v) for k, v in debut["headers"] if k.lower() != b"content-length"])
                entetes["ETag"] = etag
                del entetes["content-type"]
                await send({"type": "http.response.start", "status": 304, "headers": entetes.raw})
                await send({"type": "http.response.body", "body": b""})
                return
            MutableHeaders(scope=debut)["ETag"] = etag
            await send(debut)
            await send({"type": "http.response.body", "body": corps})

        await self.app(scope, receive, envoyer)
