"""Keeping the transparency log: leaves appended in store order, checkpoints signed.

``TeneurDuJournal`` follows the store like a projection: a page of events per transaction, its own
last leaf being its tracking (a page appended by a second runner fails on its primary key and
changes nothing), so that every event becomes a leaf once, in order, including the events recorded
before the log existed (a store upgraded catches up from its first event). The window between an
event's commit and its leaf is covered by the event's seal (``infrastructure/sceaux.py``), and only a
sealed event becomes a leaf: a row written without the service's key (a superuser's ``INSERT``) is
left out of the log, logged, and named by ``parcours audit verify`` (not sealed, not in the log), so
that no checkpoint ever certifies it.

``signer`` signs a C2SP checkpoint (origin, size, root) with the service's Ed25519 key: the runner
does so when the log grew and ``PARCOURS_INTERVALLE_CHECKPOINTS_SECONDES`` have passed since the last
one (60 s by default), ``parcours audit checkpoint`` and the exports on demand.
"""

import threading
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from eventsourcing.persistence import IntegrityError

from application.parcours import ParcoursApplication
from infrastructure.cle_signature import cle_de_signature
from infrastructure.magasin_annexe import datastore_de
from infrastructure.reglages import Reglages
from infrastructure.sceaux import Sceau, cle_de_sceau, sceaux_pour, texte_de
from infrastructure.transparence.frontiere import Frontiere, Noeud, ajouter
from infrastructure.transparence.journal import CheckpointSigne, Feuille, JournalEnMemoire, JournalSql, feuille_de
from infrastructure.transparence.note import Checkpoint, CleDeVerification, signer_checkpoint
from projections.projecteur import Source

Journal = JournalSql | JournalEnMemoire
traces = structlog.get_logger("parcours.journal")


class TeneurDuJournal:
    """Appends the sealed events recorded since the last leaf, a page per transaction."""

    def __init__(self, source: Source, journal: Journal, cle_sceau: bytes) -> None:
        self.source = source
        self.journal = journal
        self.sceau = Sceau(cle_sceau)
        self.sceaux = sceaux_pour(source.recorder)

    def rattraper(self, taille_page: int = 500) -> int:
        lus, position = 0, self.journal.tete()[1]
        while True:
            taille, derniere = self.journal.tete()
            position = max(position, derniere)  # past the rows left out, within this call
            page = self.source.recorder.select_notifications(
                start=position, limit=taille_page, inclusive_of_start=False
            )
            if not page:
                return lus
            scelles = self._scelles(page)
            feuilles, noeuds = self._feuilles(taille, scelles)
            try:
                self.journal.ajouter(feuilles, noeuds)
            except IntegrityError:
                if self.journal.tete()[1] < page[0].id:  # nobody appended it: a constraint broken, not a race
                    raise
                continue  # another runner appended this page first: read on from its position
            lus, position = lus + len(scelles), page[-1].id

    def _scelles(self, page: Sequence[Any]) -> list[Any]:
        """The page's events that hold their seal; the others are logged by position and left out."""
        gardes = self.sceaux.sceaux_de([(texte_de(n.originator_id), n.originator_version) for n in page])
        scelles = []
        for notification in page:
            garde = gardes.get((texte_de(notification.originator_id), notification.originator_version))
            if garde is not None and self.sceau.valide(notification, garde):
                scelles.append(notification)
            else:
                traces.error("evenement_non_scelle_hors_journal", position=notification.id)
        return scelles

    def _feuilles(self, taille: int, page: Sequence[Any]) -> tuple[list[Feuille], list[Noeud]]:
        feuilles = [Feuille(taille + i, n.id, str(n.originator_id), n.originator_version) for i, n in enumerate(page)]
        noeuds, _ = ajouter(Frontiere.lire(taille, self.journal), [feuille_de(n) for n in page])
        return feuilles, noeuds


def cle_du_journal(reglages: Reglages) -> CleDeVerification:
    """The log's public key as witnesses and verifiers are given it (C2SP verifier key)."""
    return CleDeVerification.du_journal(reglages.origine_journal, cle_de_signature(reglages).public_key())


def signer(journal: Journal, reglages: Reglages, maintenant: datetime) -> CheckpointSigne | None:
    """Signs the log as it stands (None while empty); a size already signed keeps its checkpoint."""
    taille = journal.tete()[0]
    if taille == 0:
        return None
    dernier = journal.dernier_checkpoint()
    if dernier is not None and dernier.taille >= taille:
        return dernier
    checkpoint = Checkpoint(reglages.origine_journal, taille, Frontiere.lire(taille, journal).racine())
    note = signer_checkpoint(checkpoint, reglages.origine_journal, cle_de_signature(reglages))
    journal.ajouter_checkpoint(CheckpointSigne(taille, note, maintenant.astimezone(UTC).isoformat()))
    return journal.dernier_checkpoint()


def signer_si_du(journal: Journal, reglages: Reglages, maintenant: datetime) -> CheckpointSigne | None:
    """A checkpoint when the log grew since the last one and the interval has passed."""
    dernier = journal.dernier_checkpoint()
    if dernier is not None:
        ecoule = (maintenant - datetime.fromisoformat(dernier.signe_le)).total_seconds()
        if ecoule < reglages.intervalle_checkpoints_secondes or journal.tete()[0] <= dernier.taille:
            return None
    return signer(journal, reglages, maintenant)


def journal_a_jour(application: ParcoursApplication, reglages: Reglages) -> CheckpointSigne | None:
    """On demand: every recorded event appended, then a checkpoint covering them all."""
    journal = journal_pour(application)
    TeneurDuJournal(application, journal, cle_de_sceau(reglages)).rattraper()
    return signer(journal, reglages, datetime.now(UTC))


_EN_MEMOIRE: "weakref.WeakKeyDictionary[ParcoursApplication, JournalEnMemoire]" = weakref.WeakKeyDictionary()
_VERROU = threading.Lock()


def journal_pour(application: ParcoursApplication) -> Journal:
    """The log beside the application's events; the in-memory store's lives as long as its application."""
    datastore = datastore_de(application.recorder)
    if datastore is not None:
        return JournalSql(datastore)
    with _VERROU:
        return _EN_MEMOIRE.setdefault(application, JournalEnMemoire())
