"""The enqueuer: tails the store a page at a time and records, for each change, the delivery each subscription
is due, with the tail's new position in the same transaction (``MagasinWebhooks.avancer_le_fil``).

A subscription is due a change when it is not terminated, the change came after its creation, its type is one
the subscription asked for, and its reader may see it (``application.flux.Changement.pour``: the same rights as
every read); the delivery notes whether the content is masked for that reader. A page read twice changes
nothing: its cursor has moved, and the deliveries' ids (subscription and position) are already there.

Replays (``POST /abonnements/{id}/rejouer``) run the same way on a cursor of their own, for one subscription,
up to where the tail stood when asked: deliveries already recorded are sent again, with the same id.
"""

import time
from collections.abc import Sequence

import structlog
from eventsourcing.persistence import Notification

from application.flux import Changement, changements
from application.parcours import ParcoursApplication
from domain.decision import FUSEAU_METIER
from domain.rappel import Rappel
from infrastructure.webhooks.abonnements import Abonnement, NouvelleLivraison, identifiant_de_message
from infrastructure.webhooks.magasin import CurseurDeplace, MagasinWebhooks, Rejeu
from projections.projecteur import Prechargeur, evenement

journal = structlog.get_logger("parcours.webhooks")
TAILLE_PAGE = 500


class Enfileur:
    def __init__(self, application: ParcoursApplication, magasin: MagasinWebhooks, taille_page: int = TAILLE_PAGE):
        self.application = application
        self.magasin = magasin
        self.taille_page = taille_page

    def rattraper(self) -> int:
        """Records every delivery due up to the store's end, replays included; says how many it recorded."""
        enregistrees = 0
        while (avance := self.avancer()) is not None:
            enregistrees += avance
        for rejeu in self.magasin.rejeux():
            enregistrees += self.rejouer(rejeu)
        return enregistrees

    def avancer(self) -> int | None:
        """One page of the tail: how many deliveries it recorded, or None once the tail is at the store's end."""
        depuis = self.magasin.position_du_fil()
        fin = self.application.recorder.max_notification_id() or 0
        if fin <= depuis:
            return None
        # The list is read after the store's end, and the page stops there: a subscription created after the
        # list was read starts after ``fin`` (its ``depuis``), so nothing of this page is due to it.
        abonnements = self.magasin.tous(sauf_resilies=True)
        if not abonnements:  # nothing to record: the tail jumps to the end, decoding nothing
            page_fin, livraisons = fin, []
        else:
            page = self._page(depuis, fin)
            page_fin = page[-1].id if page else fin
            livraisons = self._livraisons(page, abonnements)
        try:
            self.magasin.avancer_le_fil(depuis, page_fin, livraisons, time.time())
        except CurseurDeplace:
            return 0  # another enqueuer recorded this page: read on from where it left the tail
        return len(livraisons)

    def rejouer(self, rejeu: Rejeu) -> int:
        """Runs a replay to its end, a page per transaction; says how many deliveries it recorded again."""
        abonnement = self.magasin.abonnement(rejeu.abonnement_id)
        enregistrees = 0
        while rejeu.position < rejeu.jusqu_a:
            page = self._page(rejeu.position, rejeu.jusqu_a)
            page_fin = page[-1].id if page else rejeu.jusqu_a
            livraisons = [] if abonnement is None else self._livraisons(page, [abonnement], tout=True)
            try:
                self.magasin.avancer_un_rejeu(rejeu, page_fin, livraisons, time.time())
            except CurseurDeplace:
                return enregistrees  # replaced by a new request, or run by another process
            enregistrees += len(livraisons)
            rejeu = Rejeu(rejeu.abonnement_id, page_fin, rejeu.jusqu_a)
        journal.info("rejeu_termine", abonnement=str(rejeu.abonnement_id), jusqu_a=rejeu.jusqu_a)
        return enregistrees

    def _page(self, apres: int, jusqu_a: int) -> list[Notification]:
        notifications = self.application.recorder.select_notifications(
            start=apres, limit=self.taille_page, stop=jusqu_a, inclusive_of_start=False
        )
        return list(notifications)

    def _livraisons(
        self, page: Sequence[Notification], abonnements: Sequence[Abonnement], tout: bool = False
    ) -> list[NouvelleLivraison]:
        """The deliveries a page gives these subscriptions; ``tout``: also the changes before a
        subscription's creation (a replay)."""
        if isinstance(self.application.mapper, Prechargeur):  # the page's keys in one query (sealed events)
            self.application.mapper.precharger(page)
        jour = self.application.horloge().astimezone(FUSEAU_METIER).date()
        app = self.application
        lus = changements(page, lambda n: evenement(app, n), app.trouver, app.roles, jour)
        return [
            livraison
            for changement in lus
            for abonnement in abonnements
            if (livraison := due(changement, abonnement, tout)) is not None
        ]


def due(changement: Changement, abonnement: Abonnement, tout: bool = False) -> NouvelleLivraison | None:
    """The delivery of a change a subscription is due, or None."""
    if not tout and changement.position <= abonnement.depuis:
        return None
    if type(changement.evenement) not in abonnement.types:
        return None
    publication = changement.pour(abonnement.lecteur)
    if publication is None:
        return None
    return NouvelleLivraison(
        webhook_id=identifiant_de_message(abonnement.id, changement.position),
        abonnement_id=abonnement.id,
        position=changement.position,
        parcours_id=changement.parcours_id,
        type=changement.nom,
        version=0
        if isinstance(changement.evenement, Rappel.EcheanceRappelee)
        else changement.evenement.originator_version,
        masque=publication.masque,
    )
