"""The live change feed under load: N concurrent SSE clients on one worker, commit-to-delivery latency.

    .venv/bin/python -m bench.flux [--clients 1000] [--inscriptions 20] [--postgres postgresql://...]

The real service (``parcours serve``, one uvicorn worker) on a throwaway PostgreSQL database. First one
client, then ``--clients`` clients (each its own conseiller, so each stream is judged on its own) open
``GET /flux``; parcours are then registered over HTTP one after the other, and every client waits for every
event. The latency of a delivery is the time a client reads the event minus the time the event was recorded
(``enregistre_le``, taken just before the commit: an upper bound of commit to delivery, on one clock). The
reference is the same with one client, measured in the same run; the append itself (the POST's answer time)
is given beside. Clients and service share the machine's cores: the clients' parsing is in the figures, so the
clients read the socket themselves (``Lecteur``: HTTP/1.1, chunks and events split by hand, each event's JSON
parsed), at a small fraction of what an httpx + httpx-sse client costs (``--httpx`` measures with that one).
"""

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

from application.principal import Role
from bench.base import base_jetable
from bench.service import RACINE, Service, arreter, attendre, environnement, port_libre
from bench.tableau import Cible, Ligne, publier
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Mode, Reglages

INSCRIPTION = {"inscription": {"motif": "demande", "canal": "en_ligne", "territoire": {"departement": "75"}}}
INTERVALLE = 0.05
"""Seconds between two registrations: the latency of a delivery, not a queue of appends."""


@dataclass
class Client:
    """What one SSE client received: each event's position and latency (seconds)."""

    recus: list[tuple[int, float]] = field(default_factory=list)
    ouvert: asyncio.Event = field(default_factory=asyncio.Event)
    termine: asyncio.Event = field(default_factory=asyncio.Event)

    def jusqu_a(self, position: int) -> None:
        if self.recus and self.recus[-1][0] >= position:
            self.termine.set()


@dataclass(frozen=True)
class Resultat:
    latences: list[float]
    ajouts: list[float]
    complets: int
    """How many clients received every event exactly once, in order."""
    evenements: int


class Lecteur(asyncio.Protocol):
    """One SSE client at the socket: the answer's head checked, its chunked body decoded, its events split
    and each event's ``id`` and ``data`` (JSON) read, at the time its bytes arrive."""

    def __init__(self, requete: bytes, client: Client, fin: asyncio.Future[int]) -> None:
        self.requete, self.client, self.fin = requete, client, fin
        self.ferme: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.tampon, self.corps, self.entete_lu = b"", b"", False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(self.requete)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ferme.done():
            self.ferme.set_exception(exc or ConnectionError("flux fermé par le service"))

    def data_received(self, donnees: bytes) -> None:
        recu = time.time()
        self.tampon += donnees
        if not self.entete_lu:
            entete, separe, reste = self.tampon.partition(b"\r\n\r\n")
            if not separe:
                return
            if not entete.startswith(b"HTTP/1.1 200 ") or b"transfer-encoding: chunked" not in entete.lower():
                self.client.ouvert.set()
                self.ferme.set_exception(RuntimeError(f"flux refusé : {self.tampon!r}"))
                return
            self.tampon, self.entete_lu = reste, True
        while (ligne := self.tampon.find(b"\r\n")) >= 0:  # the chunks received whole
            taille = int(self.tampon[:ligne], 16)
            if len(self.tampon) < ligne + 2 + taille + 2:
                break
            self.corps += self.tampon[ligne + 2 : ligne + 2 + taille]
            self.tampon = self.tampon[ligne + 4 + taille :]
        *evenements, self.corps = self.corps.split(b"\n\n")
        for evenement in evenements:
            self.recevoir(evenement, recu)

    def recevoir(self, evenement: bytes, recu: float) -> None:
        champs = dict(ligne.split(b": ", 1) for ligne in evenement.split(b"\n") if not ligne.startswith(b":"))
        if b"id" not in champs:  # the opening advice, a heartbeat
            self.client.ouvert.set()
            return
        enregistre = datetime.fromisoformat(json.loads(champs[b"data"])["enregistre_le"]).timestamp()
        self.client.recus.append((int(champs[b"id"]), recu - enregistre))
        if self.fin.done():
            self.client.jusqu_a(self.fin.result())


async def suivre(url: httpx.URL, entetes: dict[str, str], client: Client, fin: asyncio.Future[int]) -> None:
    lignes = ["GET /flux HTTP/1.1", f"Host: {url.host}:{url.port}", "Accept: text/event-stream"]
    requete = "\r\n".join([*lignes, *(f"{cle}: {valeur}" for cle, valeur in entetes.items()), "", ""]).encode()
    boucle = asyncio.get_running_loop()
    transport, lecteur = await boucle.create_connection(lambda: Lecteur(requete, client, fin), url.host, url.port or 80)
    try:
        await lecteur.ferme
    finally:
        transport.close()


async def suivre_avec_httpx(
    http: httpx.AsyncClient, entetes: dict[str, str], client: Client, fin: asyncio.Future[int]
) -> None:
    """The same client written with httpx and httpx-sse (``--httpx``): several times dearer per event."""
    async with aconnect_sse(http, "GET", "/flux", headers=entetes) as source:
        if source.response.status_code != 200:
            raise RuntimeError(f"flux refusé : {source.response.status_code} {await source.response.aread()!r}")
        async for evenement in source.aiter_sse():
            if not evenement.id:
                client.ouvert.set()
                continue
            recu = time.time()
            position = int(evenement.id)
            enregistre = datetime.fromisoformat(json.loads(evenement.data)["enregistre_le"]).timestamp()
            client.recus.append((position, recu - enregistre))
            if fin.done():
                client.jusqu_a(fin.result())


async def mesurer_avec(
    svc: Service, clients: int, inscriptions: int, premier: int, avec_httpx: bool = False
) -> Resultat:
    limites = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    delais = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=svc.url, limits=limites, timeout=delais) as http:
        etats = [Client() for _ in range(clients)]
        fin: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        entetes = [svc.entetes(Role.CONSEILLER, f"bench-flux-{premier + i}") for i in range(clients)]
        taches = [
            asyncio.create_task(
                suivre_avec_httpx(http, entetes[i], etats[i], fin)
                if avec_httpx
                else suivre(http.base_url, entetes[i], etats[i], fin)
            )
            for i in range(clients)
        ]
        await asyncio.wait_for(asyncio.gather(*(e.ouvert.wait() for e in etats)), timeout=120)
        for tache in taches:
            if tache.done():
                tache.result()  # a stream refused: its error
        ajouts, positions = [], []
        agent = svc.entetes(Role.CONSEILLER, "bench-agent")
        for _ in range(inscriptions):
            debut = time.monotonic()
            reponse = await http.post("/parcours", json=INSCRIPTION, headers=agent)
            ajouts.append(time.monotonic() - debut)
            positions.append(int(reponse.json()["position"]))
            await asyncio.sleep(INTERVALLE)
        fin.set_result(positions[-1])
        for etat in etats:
            etat.jusqu_a(positions[-1])
        try:
            await asyncio.wait_for(asyncio.gather(*(e.termine.wait() for e in etats)), timeout=120)
        finally:
            for tache in taches:
                tache.cancel()
            await asyncio.gather(*taches, return_exceptions=True)
    attendus = [p for p, _ in etats[0].recus]
    complets = sum(1 for e in etats if [p for p, _ in e.recus] == attendus and len(set(attendus)) == len(attendus))
    latences = [latence for e in etats for _, latence in e.recus]
    return Resultat(latences, ajouts, complets, len(attendus))


CENTILES = (("p50", 0.5), ("p99", 0.99), ("max", 1.0))


def centile(valeurs: list[float], q: float) -> float:
    ordonnees = sorted(valeurs)
    return ordonnees[min(len(ordonnees) - 1, round(q * (len(ordonnees) - 1)))]


def lignes_de(seul: Resultat, tous: Resultat, clients: int) -> list[Ligne]:
    lignes = [
        Ligne(f"flux.1.{nom}", f"commit → réception, 1 client, {nom}", centile(seul.latences, q) * 1000, "ms")
        for nom, q in CENTILES
    ]
    lignes.append(
        Ligne("flux.1.ajout", "ajout (POST /parcours, médiane), 1 flux", statistics.median(seul.ajouts) * 1000, "ms")
    )
    for nom, q in CENTILES:
        lignes.append(
            Ligne(
                cle=f"flux.{clients}.{nom}",
                mesure=f"commit → réception, {clients} clients, {nom}",
                valeur=centile(tous.latences, q) * 1000,
                unite="ms",
                reference=centile(seul.latences, q) * 1000,
                reference_cle=f"flux.1.{nom}",
            )
        )
    ajout = statistics.median(tous.ajouts) * 1000
    lignes.append(
        Ligne(
            cle=f"flux.{clients}.ajout",
            mesure=f"ajout (POST /parcours, médiane) pendant les {clients} flux",
            valeur=ajout,
            unite="ms",
            reference=statistics.median(seul.ajouts) * 1000,
            reference_cle="flux.1.ajout",
        )
    )
    lignes.append(
        Ligne(
            cle=f"flux.{clients}.complets",
            mesure="clients ayant tout reçu, une fois, dans l'ordre",
            valeur=tous.complets,
            unite="clients",
            reference=clients,
            reference_cle=f"flux.{clients}.complets",
            cible=Cible("≥", 1.0),
            note=f"{tous.evenements} événements par client, {len(tous.latences)} livraisons en tout",
        )
    )
    return lignes


@contextmanager
def un_worker(url_base: str, dossier: Path, schema: str = "flux") -> Iterator[Service]:
    """The service as uvicorn serves it (``uvicorn api.app:app``, one worker) on a fresh schema, migrated first;
    streams are many: the per-caller limit does not apply to distinct conseillers anyway."""
    env = {**environnement(url_base, dossier, schema), "PARCOURS_MODE": Mode.DEVELOPPEMENT.value}
    reglages = Reglages(database_url=env["DATABASE_URL"], cle_dev=dossier / "cle-dev.pem", mode=Mode.DEVELOPPEMENT)
    migrer(reglages)
    emettre_jeton_dev(reglages, Revendications(sub="bench", role=Role.CONSEILLER))  # creates the key before serving
    port = port_libre()
    journal = dossier / "service.log"
    commande = [sys.executable, "-m", "uvicorn", "api.app:app", "--port", str(port), "--workers", "1"]
    with journal.open("wb") as sortie:
        processus = subprocess.Popen(
            [*commande, "--log-level", "warning", "--no-access-log", "--timeout-graceful-shutdown", "2"],
            env=env, cwd=RACINE, stdout=subprocess.DEVNULL, stderr=sortie,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        attendre(url, processus, journal)
        yield Service(url=url, pid=processus.pid, reglages=reglages)
    finally:
        arreter(processus)


def mesurer(url: str, clients: int, inscriptions: int, avec_httpx: bool = False, schema: str = "flux") -> list[Ligne]:
    with tempfile.TemporaryDirectory() as dossier, un_worker(url, Path(dossier), schema) as svc:
        seul = asyncio.run(mesurer_avec(svc, 1, inscriptions, premier=0, avec_httpx=avec_httpx))
        tous = asyncio.run(mesurer_avec(svc, clients, inscriptions, premier=1, avec_httpx=avec_httpx))
    return lignes_de(seul, tous, clients)


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    arguments.add_argument("--clients", type=int, default=1000)
    arguments.add_argument("--inscriptions", type=int, default=20)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    arguments.add_argument("--httpx", action="store_true", help="des clients httpx + httpx-sse (plus coûteux)")
    options = arguments.parse_args(argv)
    debut = datetime.now()
    with base_jetable(options.postgres) as url:
        lignes = mesurer(url, options.clients, options.inscriptions, options.httpx)
    client = "httpx-sse" if options.httpx else "socket"
    titre = f"flux SSE : {options.clients} clients ({client}), {options.inscriptions} inscriptions, un worker"
    publier(titre, debut, lignes, options.sortie, {"clients": options.clients, "inscriptions": options.inscriptions})


if __name__ == "__main__":
    main()
