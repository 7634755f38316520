"""Refuses oversized request bodies (413) before they are read whole, declared length or not."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problemes import MEDIA_PROBLEME


class CorpsTropVolumineux(Exception):
    pass


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
            nonlocal recu
            message = await receive()
            recu += len(message.get("body", b""))
            if recu > self.taille_max:
                raise CorpsTropVolumineux
            return message

        try:
            await self.app(scope, recevoir, send)
        except CorpsTropVolumineux:
            await self._refuser(scope, send)

    async def _refuser(self, scope: Scope, send: Send) -> None:
        corps = (
            '{"type":"/erreurs/corps-trop-volumineux","title":"Corps de requête trop volumineux","status":413,'
            f'"detail":"Le corps dépasse {self.taille_max} octets.","instance":"{scope["path"]}"}}'
        ).encode()
        entetes = [(b"content-type", MEDIA_PROBLEME.encode()), (b"content-length", str(len(corps)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": entetes})
        await send({"type": "http.response.body", "body": corps})
