"""``parcours webhooks run``: records and sends the partners' webhooks until SIGTERM (docs/webhooks.md);
``parcours webhooks rejouer``: sends a subscription's changes again from a position, or one delivery."""

import argparse
import signal
import threading
import time
from uuid import UUID

from cli.donnees import entier
from infrastructure.reglages import Reglages
from infrastructure.webhooks.execution import executer as executer_les_webhooks
from infrastructure.webhooks.execution import webhooks_pour


def declarer(commandes: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    webhooks = commandes.add_parser("webhooks", help="les webhooks des partenaires (Standard Webhooks)")
    actions = webhooks.add_subparsers(dest="action", required=True)
    run = actions.add_parser(
        "run", help="retient et envoie les webhooks jusqu'à SIGTERM (plusieurs processus possibles sur PostgreSQL)"
    )
    run.add_argument("--periode", type=float, default=1.0, help="secondes entre deux tours à vide (1)")
    rejeu = actions.add_parser("rejouer", help="envoie à nouveau les changements d'un abonnement, ou une livraison")
    rejeu.add_argument("abonnement", type=UUID)
    quoi = rejeu.add_mutually_exclusive_group(required=True)
    quoi.add_argument("--depuis", type=entier(0, 2**63 - 1), help="les changements après cette position")
    quoi.add_argument("--livraison", help="le webhook-id d'une livraison (une lettre morte)")


def executer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.action == "run":
        arret = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: arret.set())
        try:
            executer_les_webhooks(reglages, arret, arguments.periode)
        except KeyboardInterrupt:
            arret.set()
        return 0
    return rejouer(reglages, arguments.abonnement, arguments.depuis, arguments.livraison)


def rejouer(reglages: Reglages, abonnement_id: UUID, depuis: int | None, livraison: str | None) -> int:
    magasin = webhooks_pour(reglages)
    try:
        if magasin.abonnement(abonnement_id) is None:
            print(f"parcours : aucun abonnement {abonnement_id}")
            return 1
        if livraison is not None:
            if not magasin.rejouer(abonnement_id, livraison, time.time()):
                print(f"parcours : aucune livraison {livraison} à rejouer pour cet abonnement")
                return 1
            print(f"webhooks : {livraison} sera envoyée à nouveau")
            return 0
        rejeu = magasin.demander_un_rejeu(abonnement_id, depuis or 0)
        print(f"webhooks : rejeu des changements après {rejeu.position} jusqu'à {rejeu.jusqu_a} demandé")
        return 0
    finally:
        magasin.fermer()
