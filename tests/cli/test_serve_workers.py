"""``parcours serve --workers N``: the workers' listening socket says it is TCP, so that asyncio turns
Nagle's algorithm off for every connection accepted (uvicorn issue 3149: 40 ms per keep-alive request)."""

import asyncio
import socket

import uvicorn

from cli.main import ecoute_tcp


def test_les_connexions_acceptees_par_les_workers_partent_sans_attendre_nagle() -> None:
    ecoute = ecoute_tcp(uvicorn.Config("api.app:app", host="127.0.0.1", port=0, workers=2))
    ecoute.listen()
    accepte: list[int] = []

    async def accepter() -> None:
        fait = asyncio.Event()

        def connexion(lecteur: asyncio.StreamReader, ecrivain: asyncio.StreamWriter) -> None:
            accepte.append(ecrivain.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            ecrivain.close()
            fait.set()

        serveur = await asyncio.start_server(connexion, sock=ecoute)
        _, ecrivain = await asyncio.open_connection(*ecoute.getsockname()[:2])
        await fait.wait()
        ecrivain.close()
        serveur.close()

    asyncio.run(asyncio.wait_for(accepter(), timeout=10))

    assert ecoute.proto == socket.IPPROTO_TCP
    assert accepte == [1]
