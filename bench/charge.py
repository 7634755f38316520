"""parcours over HTTP: virtual clients each walk one parcours from inscription to a sanction, then
start another, for a fixed time, at 1, 4 and 16 concurrent clients.

The mix is what an agency does to a parcours that ends in a sanction: inscription with the data the
orientation algorithm reads (it proposes and confirms, France Travail / emploi), notification of the
orientation, diagnostic, contract, a breach, the contradictory procedure, the receipt of its notice,
and the sanction decided by the authority (its own token). Every answer's latency is kept; the
events appended come from the store's position (``GET /ready``) before and after.
"""

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from application.principal import Role
from bench.service import Service


def le(jour: str) -> dict[str, str]:
    """Business time of a step: a fixed 2025 timeline, so the 2025.1 referential and its R04 apply."""
    return {"effective_le": f"{jour}T10:00:00+02:00"}


def donnee(nom: str, valeur: object) -> dict[str, object]:
    return {"nom": nom, "valeur": valeur, "source": "declaration", "collecte_le": "2025-06-01"}


INSCRIPTION: dict[str, Any] = {
    "inscription": {"motif": "demande", "canal": "en_ligne", "territoire": {"departement": "75", "bassin": "Paris"}},
    "donnees_orientation": [
        donnee("age", 30),
        donnee("activite_recente_24_mois", True),
        donnee("capacite_a_se_projeter", "oui"),
        donnee("freins.mobilite", "sans_impact"),
    ],
    **le("2025-06-02"),
}
"""Rule R04 of 2025.1 fits: the algorithm proposes France Travail / emploi and confirms alone."""
DIAGNOSTIC: dict[str, Any] = {
    "diagnostic": {
        "items": [{"theme": "mobilite", "niveau": "moyen", "source": "conseiller"}],
        "realise_avec_la_personne": True,
    },
    **le("2025-06-05"),
}
CONTRAT: dict[str, Any] = {
    "contrat": {
        "organisme": "FRANCE_TRAVAIL",
        "referent": "agent-bench",
        "objectifs": ["Retrouver un emploi de cariste"],
        "actions": [{"libelle": "Atelier CV", "echeance": "2025-07-01"}],
        "heures_hebdo": 15,
    },
    **le("2025-06-10"),
}
MANQUEMENT: dict[str, Any] = {
    "manquement": {"type": "assiduite", "faits": "Absent à trois ateliers", "preuves": ["émargement"]},
    **le("2025-06-20"),
}
MOTIF_SANCTION = "Absent sans motif à trois ateliers collectifs, attesté par les feuilles d'émargement"
"""The facts a sanction states (CRPA L.211-2, L.211-5): without them, the decision is refused."""
SUSPENSION: dict[str, Any] = {
    "niveau": "niveau_1",
    "nature": "suspension",
    "allocation": "ARE",
    "taux": "30",
    "duree_mois": 1,
}


class Echeance(Exception):
    """The measuring period is over: the virtual client stops where it is."""


class Refus(Exception):
    """A step was not accepted: the parcours is abandoned and the next one starts."""


@dataclass
class Releve:
    """What one concurrency level measured."""

    clients: int
    commandes: int = 0
    erreurs: int = 0
    parcours_complets: int = 0
    duree: float = 0.0
    evenements: int = 0
    latences_ms: list[float] = field(default_factory=list)
    exemples_d_erreur: list[str] = field(default_factory=list)
    parcours_ids: list[str] = field(default_factory=list)

    @property
    def commandes_par_seconde(self) -> float:
        return self.commandes / self.duree if self.duree else 0.0

    @property
    def evenements_par_seconde(self) -> float:
        return self.evenements / self.duree if self.duree else 0.0

    def centile(self, rang: int) -> float:
        """The ``rang``-th percentile of the command latencies, in ms."""
        if len(self.latences_ms) < 2:
            return self.latences_ms[0] if self.latences_ms else 0.0
        return statistics.quantiles(self.latences_ms, n=100, method="inclusive")[rang - 1]


class ClientVirtuel:
    """One agent at a screen: sends the next step as soon as the previous one answered."""

    def __init__(self, client: httpx.AsyncClient, service: Service, numero: int, releve: Releve, fin: float) -> None:
        self.client = client
        self.conseiller = service.entetes(Role.CONSEILLER, f"agent-bench-{numero}")
        self.autorite = service.entetes(Role.AUTORITE_SANCTION, "dr-idf")
        self.releve = releve
        self.fin = fin

    async def envoyer(
        self, chemin: str, corps: dict[str, Any], attendu: int = 200, autorite: bool = False
    ) -> dict[str, Any]:
        """One command, timed; ``Refus`` (an error counted) if it was not accepted."""
        if time.perf_counter() >= self.fin:
            raise Echeance
        debut = time.perf_counter()
        reponse = await self.client.post(chemin, json=corps, headers=self.autorite if autorite else self.conseiller)
        self.releve.latences_ms.append((time.perf_counter() - debut) * 1000)
        if reponse.status_code != attendu:
            self.releve.erreurs += 1
            if len(self.releve.exemples_d_erreur) < 3:
                self.releve.exemples_d_erreur.append(f"POST {chemin} → {reponse.status_code} {reponse.text[:300]}")
            raise Refus
        self.releve.commandes += 1
        corps_recu: dict[str, Any] = reponse.json()
        return corps_recu

    async def parcourir(self) -> None:
        """One parcours from inscription to the sanction."""
        inscrit = await self.envoyer("/parcours", INSCRIPTION, 201)
        parcours = f"/parcours/{inscrit['parcours_id']}"
        self.releve.parcours_ids.append(inscrit["parcours_id"])
        await self.envoyer(f"{parcours}/orientation/notification", le("2025-06-03"))
        await self.envoyer(f"{parcours}/diagnostic", DIAGNOSTIC)
        await self.envoyer(f"{parcours}/contrat", CONTRAT)
        manquement = await self.envoyer(f"{parcours}/manquements", MANQUEMENT, 201)
        ouverture = {"manquements": [manquement["manquement_id"]], "sanction_envisagee": SUSPENSION, **le("2025-06-25")}
        procedure = await self.envoyer(f"{parcours}/sanctions", ouverture, 201)
        sanction = f"{parcours}/sanctions/{procedure['procedure_id']}"
        await self.envoyer(f"{sanction}/reception-avis", {"recu_le": "2025-07-01", **le("2025-07-01")})
        decision = {"sanction": SUSPENSION, "motif": MOTIF_SANCTION, **le("2025-07-15")}  # the 10 days are over
        await self.envoyer(f"{sanction}/decision", decision, autorite=True)

    async def tourner(self) -> None:
        """Parcours after parcours until the period is over."""
        while True:
            try:
                await self.parcourir()
            except Refus:
                continue
            except Echeance:
                return
            self.releve.parcours_complets += 1


async def position(client: httpx.AsyncClient) -> int:
    """The store's last notification id, as the service reports it."""
    reponse = await client.get("/ready")
    reponse.raise_for_status()
    return int(reponse.json()["position"] or 0)


async def mesurer(service: Service, clients: int, secondes: float) -> Releve:
    """``clients`` virtual clients for ``secondes``: commands, latencies, events appended."""
    releve = Releve(clients)
    limites = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=service.url, limits=limites, timeout=60) as client:
        avant = await position(client)
        debut = time.perf_counter()
        virtuels = [ClientVirtuel(client, service, n, releve, debut + secondes) for n in range(clients)]
        await asyncio.gather(*(v.tourner() for v in virtuels))
        releve.duree = time.perf_counter() - debut
        releve.evenements = await position(client) - avant
    return releve


def echauffer(service: Service) -> None:
    """Half a second of one client, not measured: imports, pools and caches reach their size."""
    asyncio.run(mesurer(service, 1, 0.5))


def executer(service: Service, clients: int, secondes: float) -> Releve:
    """One concurrency level, from synchronous code."""
    return asyncio.run(mesurer(service, clients, secondes))
