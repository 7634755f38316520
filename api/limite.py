"""Refuses oversized request bodies (413) before they are read whole, declared length or not."""

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problemes import MEDIA_PROBLEME


class LimiteDeCorps:
    def __init__(self, app: ASGIApp, taille_max: int) -> None:
        self.app = app
        self.taille_max = taille_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declaree = dict(scope["headers"]).get(b"content-length")
        if declaree is not None and declaree.isdigit() and int(declaree) > self.taille_max:
            await self._refuser(scope, send)
            return
        recu = 0

        async def recevoir() -> Message:
            # A chunked body is counted as it arrives; FastAPI lets an HTTPException raised while
            # reading the body through to the problem handlers (any other one becomes a 400).
            nonlocal recu
            message = await receive()
            recu += len(message.get("body", b""))
            if recu > self.taille_max:
                raise HTTPException(413, self._detail())
            return message

        await self.app(scope, recevoir, send)

    def _detail(self) -> str:
        return f"Le corps dépasse {self.taille_max} octets."

    async def _refuser(self, scope: Scope, send: Send) -> None:
        corps = json.dumps(
            {
                "type": "/erreurs/corps-trop-volumineux",
                "title": "Corps de requête trop volumineux",
                "status": 413,
                "detail": self._detail(),
                "instance": scope["path"],
            },
            ensure_ascii=False,
        ).encode()
        entetes = [(b"content-type", MEDIA_PROBLEME.encode()), (b"content-length", str(len(corps)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": entetes})
        await send({"type": "http.response.body", "body": corps})
