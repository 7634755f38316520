"""Tamper evidence for litigation: a hash chain over the stored events, and signed checkpoints.

Each stored event gets a link (``Maillon``) computed from the bytes the store holds:
- ``empreinte``: sha256 of the stored payload (``state``), as recorded, before any decoding;
- ``hash_parcours``: sha256 over the parcours id, its stream position (version), the event type (topic),
  ``empreinte`` and the parcours' previous link — one chain per parcours;
- ``hash_global``: sha256 over the store position, ``hash_parcours`` and the previous global link — one
  chain in store order.

The links are written by ``Chaineur`` like a projection: a page of events per transaction, the table's
last position being its tracking (a page replayed fails on its primary key and changes nothing), so no
event is ever skipped. A ``PointDeControle`` signs (Ed25519) the global head and its position: anyone
holding the public key can check a later export or the whole store against it. ``verifier`` recomputes
everything from the stored events and names each divergence: an event modified (even by someone who
disabled the immutability trigger), deleted, inserted or moved.
"""

import hashlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import IntegrityError, StoredEvent

from infrastructure.divergence import Divergence
from projections.projecteur import Source

ORIGINE = "sha256:" + "0" * 64
"""The 'previous link' of a chain's first event."""


def empreinte(octets: bytes) -> str:
    return f"sha256:{hashlib.sha256(octets).hexdigest()}"


def lien_parcours(parcours_id: str, version: int, topic: str, empreinte_etat: str, precedent: str) -> str:
    return empreinte(f"parcours\n{parcours_id}\n{version}\n{topic}\n{empreinte_etat}\n{precedent}".encode())


def lien_global(position: int, hash_parcours: str, precedent: str) -> str:
    return empreinte(f"global\n{position}\n{hash_parcours}\n{precedent}".encode())


@dataclass(frozen=True)
class Maillon:
    """One event's link in both chains."""

    position: int
    parcours_id: str
    version: int
    topic: str
    empreinte: str
    hash_parcours: str
    hash_global: str


def chainer(evenement: StoredEvent, position: int, precedent_parcours: str, precedent_global: str) -> Maillon:
    """The link of a stored event, after the previous links of its parcours and of the store."""
    octets = evenement.state if isinstance(evenement.state, bytes) else str(evenement.state).encode()
    parcours_id, etat = str(evenement.originator_id), empreinte(octets)  # a raw edit may leave text
    hash_parcours = lien_parcours(parcours_id, evenement.originator_version, evenement.topic, etat, precedent_parcours)
    return Maillon(
        position=position,
        parcours_id=parcours_id,
        version=evenement.originator_version,
        topic=evenement.topic,
        empreinte=etat,
        hash_parcours=hash_parcours,
        hash_global=lien_global(position, hash_parcours, precedent_global),
    )


class StockageDeChaine(Protocol):
    def tete(self) -> Maillon | None:
        """The last link of the global chain."""

    def tetes_des_parcours(self, parcours: Collection[str]) -> dict[str, str]:
        """Each parcours' last ``hash_parcours`` (absent: no link yet)."""

    def ajouter(self, maillons: Sequence[Maillon]) -> None:
        """Writes a page of links in one transaction; a position already chained raises IntegrityError."""

    def maillons(self, apres: int = 0, limite: int = 1000) -> list[Maillon]:
        """Links in store order, after a position."""

    def maillons_du_parcours(self, parcours_id: str) -> list[Maillon]:
        """A parcours' links, by version."""


class Chaineur:
    """Chains the events recorded since the last link, a page per transaction."""

    def __init__(self, source: Source, stockage: StockageDeChaine) -> None:
        self.source = source
        self.stockage = stockage

    @property
    def position(self) -> int:
        tete = self.stockage.tete()
        return tete.position if tete else 0

    def rattraper(self, taille_page: int = 500) -> int:
        lus = 0
        while page := self.source.recorder.select_notifications(
            start=self.position, limit=taille_page, inclusive_of_start=False
        ):
            try:
                self.stockage.ajouter(self._maillons(page))
            except IntegrityError:
                if self.position < page[0].id:  # nobody chained it: a constraint broken, not a race
                    raise
                continue  # another runner chained this page first: read on from its position
            lus += len(page)
        return lus

    def _maillons(self, page: Sequence[Any]) -> list[Maillon]:
        tete = self.stockage.tete()
        precedent_global = tete.hash_global if tete else ORIGINE
        tetes = self.stockage.tetes_des_parcours({str(n.originator_id) for n in page})
        maillons = []
        for notification in page:
            parcours_id = str(notification.originator_id)
            maillon = chainer(notification, notification.id, tetes.get(parcours_id, ORIGINE), precedent_global)
            tetes[parcours_id], precedent_global = maillon.hash_parcours, maillon.hash_global
            maillons.append(maillon)
        return maillons


def verifier_le_magasin(notifications: Iterable[Any], maillons: Iterable[Maillon]) -> Iterator[Divergence]:
    """Recomputes each link from the stored event and the recorded previous links, in store order, so
    that one change is reported once, where it is. Events after the last link are not chained yet."""
    attendus = iter(maillons)
    attendu = next(attendus, None)
    tetes: dict[str, str] = {}
    precedent_global = ORIGINE
    for notification in notifications:
        while attendu is not None and attendu.position < notification.id:
            yield _supprime(attendu)
            tetes[attendu.parcours_id], precedent_global = attendu.hash_parcours, attendu.hash_global
            attendu = next(attendus, None)
        if attendu is None:
            return
        if attendu.position > notification.id:
            yield _insere(notification, notification.id)
            continue
        precedent = tetes.get(attendu.parcours_id, ORIGINE)
        yield from _comparer(chainer(notification, notification.id, precedent, precedent_global), attendu)
        tetes[attendu.parcours_id], precedent_global = attendu.hash_parcours, attendu.hash_global
        attendu = next(attendus, None)
    while attendu is not None:
        yield _supprime(attendu)
        attendu = next(attendus, None)


def verifier_le_parcours(evenements: Sequence[StoredEvent], maillons: Sequence[Maillon]) -> Iterator[Divergence]:
    """One parcours' chain, by version, from its stored events (the global chain is not read)."""
    par_version = {e.originator_version: e for e in evenements}
    precedent = ORIGINE
    for attendu in maillons:
        evenement = par_version.pop(attendu.version, None)
        if evenement is None:
            yield _supprime(attendu)
        else:
            yield from _comparer(chainer(evenement, attendu.position, precedent, ORIGINE), attendu, globale=False)
        precedent = attendu.hash_parcours
    chaines_jusqu_a = max((m.version for m in maillons), default=0)
    for version in sorted(v for v in par_version if v < chaines_jusqu_a):
        yield _insere(par_version[version], None)


def _comparer(recalcule: Maillon, attendu: Maillon, globale: bool = True) -> Iterator[Divergence]:
    identite = (recalcule.parcours_id, recalcule.version, recalcule.topic)
    if identite != (attendu.parcours_id, attendu.version, attendu.topic):
        yield Divergence(
            "ordre ou identité modifiés",
            attendu.position,
            attendu.parcours_id,
            attendu.version,
            f"le magasin tient à cette position {recalcule.parcours_id} v{recalcule.version} ({recalcule.topic})",
        )
    elif recalcule.empreinte != attendu.empreinte:
        yield Divergence(
            "événement modifié",
            attendu.position,
            attendu.parcours_id,
            attendu.version,
            f"empreinte enregistrée {attendu.empreinte}, recalculée {recalcule.empreinte}",
        )
    elif recalcule.hash_parcours != attendu.hash_parcours or (globale and recalcule.hash_global != attendu.hash_global):
        yield Divergence(
            "chaîne rompue", attendu.position, attendu.parcours_id, attendu.version, "un maillon précédent a changé"
        )


def _supprime(attendu: Maillon) -> Divergence:
    return Divergence(
        "événement supprimé",
        attendu.position,
        attendu.parcours_id,
        attendu.version,
        f"{attendu.topic} absent du magasin",
    )


def _insere(evenement: Any, position: int | None) -> Divergence:
    return Divergence(
        "événement inséré hors chaîne",
        position,
        str(evenement.originator_id),
        evenement.originator_version,
        f"{evenement.topic} absent de la chaîne",
    )
