"""The sender: claims the deliveries due, renders each from the store, signs it (Standard Webhooks) and POSTs it.

At least once: a delivery is marked delivered only after its 2xx; a sender killed between the POST and the mark
leaves a lease that expires, and the delivery is sent again with the same ``webhook-id``. In store order per
parcours and subscription: only the first pending delivery of a parcours is ever claimed (``reclamer``), so a
later one waits while an earlier one is retried; once an earlier one is a dead letter, the later ones go on
(the payload's ``version`` shows the receiver the gap). A failed attempt waits ``attente(n)`` — exponential,
with jitter, capped — before the next; after ``webhooks_essais`` attempts the delivery is a dead letter.

The payload is rendered when it is sent, from the event at its position: nothing personal is kept beside the
store, and a person's data erased meanwhile (crypto-shredding) leaves with the erasure. The body is the same at
every attempt (the event's recording time is its ``timestamp``); ``webhook-timestamp`` is the sending time.
"""

import json
import random
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog
from pydantic import JsonValue
from standardwebhooks import Webhook

from application.parcours import ParcoursApplication
from infrastructure.cle_maitre import CleMaitre
from infrastructure.reglages import Reglages
from infrastructure.webhooks.abonnements import ouvrir
from infrastructure.webhooks.magasin import MagasinWebhooks, Reclamee
from projections.en_json import en_json
from projections.projecteur import evenement
from projections.publication import publier

journal = structlog.get_logger("parcours.webhooks")
ENVOIS_SIMULTANES = 8
AGENT = "parcours-webhooks/1"


def attente(tentatives: int, initiale: float, maximum: float, alea: Callable[[], float] = random.random) -> float:
    """Seconds before the next attempt after ``tentatives`` failed ones: ``initiale`` doubled at each failure,
    at most ``maximum``, of which the upper half is drawn at random (senders retrying together spread out)."""
    plafond = min(maximum, initiale * 2 ** max(0, tentatives - 1))
    return float(plafond / 2 + alea() * plafond / 2)


def duree_du_bail(delai: float) -> float:
    """How long a claim holds a delivery: longer than a POST may last (httpx's timeout bounds connect, write
    and read each), so that no other sender sends it meanwhile."""
    return 3 * delai + 1


class Expediteur:
    def __init__(
        self,
        application: ParcoursApplication,
        magasin: MagasinWebhooks,
        maitre: CleMaitre,
        reglages: Reglages,
        client: httpx.Client | None = None,
        horloge: Callable[[], float] | None = None,
    ) -> None:
        self.application = application
        self.magasin = magasin
        self.maitre = maitre
        self.reglages = reglages
        delai = reglages.webhooks_delai_secondes
        self.client = client or httpx.Client(timeout=httpx.Timeout(delai), follow_redirects=False)
        self.horloge = horloge or (lambda: datetime.now(UTC).timestamp())
        self.bail = duree_du_bail(delai)
        self._envois = ThreadPoolExecutor(ENVOIS_SIMULTANES, thread_name_prefix="webhooks")

    def fermer(self) -> None:
        self._envois.shutdown(wait=True)
        self.client.close()

    def envoyer_les_dues(self) -> int:
        """Claims and sends a batch of the deliveries due (each the first of its parcours), side by side;
        says how many it tried."""
        reclamees = self.magasin.reclamer(self.horloge(), self.bail, uuid.uuid4().hex, 4 * ENVOIS_SIMULTANES)
        list(self._envois.map(self.envoyer, reclamees))
        return len(reclamees)

    def envoyer(self, reclamee: Reclamee) -> None:
        """One attempt of one delivery, and what came of it recorded."""
        try:
            corps = self.corps(reclamee)
            secret = ouvrir(self.maitre, reclamee.abonnement_id, reclamee.secret, reclamee.version_cle)
            envoye_le = datetime.now(UTC)
            entetes = {
                "webhook-id": reclamee.webhook_id,
                "webhook-timestamp": str(int(envoye_le.timestamp())),
                "webhook-signature": Webhook(secret).sign(reclamee.webhook_id, envoye_le, corps),
                "content-type": "application/json",
                "user-agent": AGENT,
            }
            reponse = self.client.post(reclamee.url, content=corps, headers=entetes)
        except Exception as erreur:  # a network failure, a timeout, an event that no longer reads: an attempt
            self._echec(reclamee, None, f"{type(erreur).__name__}: {erreur}")
            return
        if reponse.is_success:
            self.magasin.livree(reclamee, reponse.status_code, self.horloge())
            journal.info("webhook_livre", **trace(reclamee), statut_http=reponse.status_code)
        else:
            self._echec(reclamee, reponse.status_code, f"HTTP {reponse.status_code}")

    def _echec(self, reclamee: Reclamee, statut_http: int | None, erreur: str) -> None:
        reglages = self.reglages
        prochain: float | None = None
        if reclamee.tentatives < reglages.webhooks_essais:
            delai = attente(
                reclamee.tentatives, reglages.webhooks_attente_initiale_secondes, reglages.webhooks_attente_max_secondes
            )
            prochain = self.horloge() + delai
        self.magasin.echouee(reclamee, statut_http, erreur, prochain)
        niveau = journal.warning if prochain is not None else journal.error
        niveau(
            "webhook_en_echec" if prochain is not None else "webhook_abandonne",
            **trace(reclamee), statut_http=statut_http, erreur=erreur[:200],
        )  # fmt: skip

    def corps(self, reclamee: Reclamee) -> bytes:
        """The payload (Standard Webhooks: ``type``, ``timestamp``, ``data``), rendered from the store."""
        charge = self.charge(reclamee.position, reclamee.masque)
        return json.dumps(charge, ensure_ascii=False, separators=(",", ":")).encode()

    def charge(self, position: int, masque: bool) -> dict[str, JsonValue]:
        (notification,) = self.application.recorder.select_notifications(start=position, limit=1, stop=position)
        lu: Any = evenement(self.application, notification)
        donnees: dict[str, JsonValue] = {"position": position, **publier(lu, masque)}
        return {"type": type(lu).__name__, "timestamp": en_json(lu.timestamp), "data": donnees}


def trace(reclamee: Reclamee) -> dict[str, object]:
    """What a log line says of a delivery: ids and position, never its URL nor its content."""
    return {
        "webhook_id": reclamee.webhook_id,
        "abonnement": str(reclamee.abonnement_id),
        "position": reclamee.position,
        "tentative": reclamee.tentatives,
    }
