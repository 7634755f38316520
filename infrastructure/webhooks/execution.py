"""``parcours webhooks run``: the enqueuer and the sender, each in its loop, until asked to stop.

Neither dies on a database that goes away: a failed turn is logged and tried again after a backoff (0.1 s
doubling to 5 s). On ``arret`` each loop finishes the turn it is in (a batch being sent is sent and marked),
then returns. Several processes may run on PostgreSQL: the tail's cursor is taken by compare and set, and
deliveries are claimed with ``FOR UPDATE SKIP LOCKED``; on SQLite, one process.
"""

import threading
from collections.abc import Callable
from pathlib import Path

import structlog
from eventsourcing.sqlite import SQLiteDatastore

from infrastructure.cle_maitre import cle_maitre_de
from infrastructure.composition import construire_application
from infrastructure.magasin_annexe import datastore_propre
from infrastructure.progression import Progression
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.webhooks.enfileur import Enfileur
from infrastructure.webhooks.expediteur import Expediteur
from infrastructure.webhooks.magasin import MagasinWebhooks
from projections.reprise import Repli, lieu

journal = structlog.get_logger("parcours.webhooks")


def fichier_des_webhooks(reglages: Reglages) -> Path:
    """``var/parcours.sqlite`` keeps its subscriptions and deliveries in ``var/parcours.webhooks.sqlite``."""
    return reglages.chemin_sqlite.with_suffix(".webhooks.sqlite")


def webhooks_pour(reglages: Reglages, creer: bool | None = None) -> MagasinWebhooks:
    """The subscriptions' store of the configured store, on a datastore of its own (the caller closes it:
    ``fermer``). On PostgreSQL its tables must exist (``parcours migrate``, ``creer=True``); on SQLite they
    are created on first use; in memory, each call gives a new, empty one."""
    datastore = datastore_propre(reglages, fichier_des_webhooks) or SQLiteDatastore(":memory:")
    magasin = MagasinWebhooks(datastore)
    if creer if creer is not None else not magasin.postgres:
        magasin.creer_tables()
    return magasin


def executer(reglages: Reglages, arret: threading.Event, periode: float = 1.0) -> None:
    """Runs the enqueuer and the sender until ``arret``; each wakes every ``periode`` seconds at most."""
    if reglages.moteur == "memory":
        raise ReglageInvalide("parcours webhooks run suit un magasin SQLite ou PostgreSQL (DATABASE_URL)")
    application = construire_application(reglages)
    magasin = webhooks_pour(reglages)
    expediteur = Expediteur(application, magasin, cle_maitre_de(reglages), reglages)
    enfileur = Enfileur(application, magasin)
    faits = {"enfileur": 0, "expediteur": 0}
    """Deliveries recorded and attempts made since the start, for the progress lines."""
    fils = [
        threading.Thread(
            target=boucle, args=("enfileur", compte(enfileur.rattraper, faits, "enfileur"), arret, periode),
            name="webhooks-file",
        ),
        threading.Thread(
            target=boucle, args=("expediteur", compte(expediteur.envoyer_les_dues, faits, "expediteur"), arret,
            periode), name="webhooks-envoi",
        ),
    ]  # fmt: skip
    progression = Progression(
        "webhooks_progression", lambda: dict(faits), reglages.progression_secondes, champ="total",
        contexte=lambda _faits: {"position_du_fil": magasin.position_du_fil()},
    )  # fmt: skip
    journal.info("webhooks_demarres", periode=periode, progression_secondes=reglages.progression_secondes)
    try:
        progression.demarrer()
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join()
    finally:
        arret.set()
        progression.arreter()
        journal.info("webhooks_arretes", **faits)
        expediteur.fermer()
        magasin.fermer()
        application.close()


def compte(tour: Callable[[], int], faits: dict[str, int], nom: str) -> Callable[[], int]:
    """``tour``, adding what each turn did to ``faits[nom]`` (only this loop's thread writes it)."""

    def compte_et_fait() -> int:
        fait = tour()
        faits[nom] += fait
        return fait

    return compte_et_fait


def boucle(nom: str, tour: Callable[[], int], arret: threading.Event, periode: float) -> None:
    """Runs ``tour`` again at once while it finds work, else after ``periode``; a failure waits a backoff."""
    repli = Repli()
    while not arret.is_set():
        try:
            fait = tour()
        except Exception as erreur:  # the database away, a subscriber's answer we could not record: try again
            attente = repli.echec()
            journal.warning(f"{nom}_interrompu", erreur=lieu(erreur), essai=repli.echecs, attente=round(attente, 3))
            arret.wait(attente)
            continue
        if repli.echecs:
            journal.info(f"{nom}_retabli", essais=repli.echecs)
            repli.reussite()
        if not fait:
            arret.wait(periode)
