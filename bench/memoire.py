"""Memory: the API process's resident size before and after many cheap authenticated reads.

The read is ``GET /parcours/{id}`` (token verified, object-level access checked, dossier view read,
consultation logged), spread over parcours the load created. A leak per request, however small,
shows as growth over 100,000 of them; a warm-up first lets caches and pools reach their size.
"""

import asyncio
import itertools
import time
from dataclasses import dataclass

import httpx

from application.principal import Role
from bench.service import Service, rss_ko

CONCURRENCE = 8
ECHAUFFEMENT = 500


@dataclass(frozen=True)
class Empreinte:
    avant_ko: int
    apres_ko: int
    requetes: int
    erreurs: int
    duree: float


async def lire(service: Service, parcours_ids: list[str], nombre: int) -> int:
    """``nombre`` reads from ``CONCURRENCE`` clients; returns how many did not answer 200."""
    entetes = service.entetes(Role.CONSEILLER, "agent-bench-memoire")
    chemins = itertools.cycle([f"/parcours/{ident}" for ident in parcours_ids])
    restantes = iter(range(nombre))
    erreurs = 0

    async def lecteur(client: httpx.AsyncClient) -> None:
        nonlocal erreurs
        for _ in restantes:
            if (await client.get(next(chemins), headers=entetes)).status_code != 200:
                erreurs += 1

    limites = httpx.Limits(max_connections=CONCURRENCE, max_keepalive_connections=CONCURRENCE)
    async with httpx.AsyncClient(base_url=service.url, limits=limites, timeout=60) as client:
        await asyncio.gather(*(lecteur(client) for _ in range(CONCURRENCE)))
    return erreurs


def mesurer(service: Service, parcours_ids: list[str], requetes: int) -> Empreinte:
    """RSS after a warm-up, then after ``requetes`` reads."""
    if not parcours_ids:
        raise ValueError("mémoire : aucun parcours à lire (la charge HTTP n'en a créé aucun)")
    asyncio.run(lire(service, parcours_ids, min(ECHAUFFEMENT, requetes)))
    avant = rss_ko(service.pid)
    debut = time.perf_counter()
    erreurs = asyncio.run(lire(service, parcours_ids, requetes))
    duree = time.perf_counter() - debut
    return Empreinte(avant, rss_ko(service.pid), requetes, erreurs, duree)
