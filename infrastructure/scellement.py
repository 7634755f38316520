"""Sealing personal fields with their person's key, as events are written and read (DESIGN §7).

The fields the domain declares personal (``domain.personnel``) are written sealed: AES-GCM under the
key of the person the aggregate belongs to (``application.trousseau``), with a fresh 96-bit nonce and
the aggregate's id as associated data, so that a sealed value cannot be moved to another aggregate.
Everything else of the event stays in clear, so that the proof chain (computed over the stored bytes),
the indicators and the legal bases read the same before and after erasure.

A sealed value is stored as ``{"_type_": "scelle", "_data_": "<base64 nonce + ciphertext>"}``, the
ciphertext being the value's own JSON. Once the person's key is erased, it reads as the stand-in the
domain declares (``[donnée effacée]``, an empty tuple...). An aggregate of no person (an index, a
parcours recorded before people were) has no key: its events are written and read in clear.

The key travels with the event being mapped in a context variable, as ``relecture`` does: the
library's transcoder calls back into each value's transcoding without any context of its own.
"""

import base64
import json
import os
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Notification, StoredEvent, Transcoding
from eventsourcing.utils import resolve_topic

from application.parcours import MapperDeRelecture
from application.trousseau import Cle, Trousseau
from domain.personnel import personnels
from infrastructure.transcodings import ILLISIBLE, remplacer_illisibles

SCELLE = "scelle"
"""The stored name of a sealed value."""


class DonneesPersonnellesEffacees(Exception):
    """A new event for a person whose key was erased: nothing personal can be written for them any more."""


@dataclass(frozen=True)
class Coffre:
    """The key of one aggregate's events, ready to seal and open; ``aead`` None once erased."""

    aead: AESGCM | None
    associees: bytes

    @classmethod
    def de(cls, cle: Cle, porteur_id: UUID) -> "Coffre":
        return cls(AESGCM(cle.secret) if cle.secret is not None else None, porteur_id.bytes)

    def sceller(self, clair: bytes) -> str:
        if self.aead is None:
            raise DonneesPersonnellesEffacees("Les données personnelles de cette personne ont été effacées.")
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self.aead.encrypt(nonce, clair, self.associees)).decode("ascii")

    def ouvrir(self, scelle: str) -> bytes | None:
        """The clear bytes; None when the key is gone (or the value was not sealed for this aggregate)."""
        if self.aead is None:
            return None
        brut = base64.b64decode(scelle)
        try:
            return self.aead.decrypt(brut[:12], brut[12:], self.associees)
        except InvalidTag:
            return None


_COFFRE: ContextVar[Coffre | None] = ContextVar("coffre", default=None)
_ILLISIBLES: ContextVar[bool] = ContextVar("illisibles", default=False)
"""Whether the event being read held a value its key could not open: only then are the event's own
fields looked at for stand-ins (a value object's are, by its transcoding, as it is built)."""


def _vide(valeur: Any) -> bool:
    """Nothing to seal: no value, or an empty sequence (what it says is only that there is none)."""
    return valeur is None or (isinstance(valeur, list | tuple | dict) and not valeur)


class Scelle:
    """The type a sealed value is read as: never built, its transcoding opens the value instead."""


class TranscodageScelle(Transcoding):
    """Opens a sealed value with the key of the event being read, and decodes the value within; a value
    its key cannot open (erased) reads as ``ILLISIBLE``. Being one of the transcoder's names, it costs
    nothing to the objects that are not sealed (no hook of ours on every object decoded)."""

    type = Scelle
    name = SCELLE

    def __init__(self, interne: json.JSONDecoder) -> None:
        self.interne = interne

    def encode(self, obj: Scelle) -> str:
        raise TypeError("une valeur se scelle par le transcodeur, avec la clé de l'événement")

    def decode(self, data: str) -> Any:
        coffre = _COFFRE.get()
        clair = coffre.ouvrir(data) if coffre is not None else None
        if clair is None:
            _ILLISIBLES.set(True)
            return ILLISIBLE
        return self.interne.decode(clair.decode("utf8"))


class TranscodeurScellant(JSONTranscoder):
    """The library's JSON transcoder, sealing the personal fields of value objects as it writes them,
    and opening them through its ``scelle`` transcoding as it reads."""

    def __init__(self) -> None:
        super().__init__()
        # a decoder of its own for the values within: the outer one is mid-document when it opens them
        self.register(TranscodageScelle(type(self.decoder)(object_hook=self._decode_obj)))

    def sceller(self, valeur: Any, coffre: Coffre) -> dict[str, str]:
        return {"_type_": SCELLE, "_data_": coffre.sceller(self.encode(valeur))}

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        encode = super()._encode_obj(o)
        coffre = _COFFRE.get()
        declares = personnels(type(o))
        if coffre is not None and declares:
            donnees = encode["_data_"]
            for nom in declares:
                if not _vide(donnees[nom]):
                    donnees[nom] = self.sceller(donnees[nom], coffre)
        return encode


class MapperScellant(MapperDeRelecture):
    """Seals the personal fields of the events of a person's aggregates, and opens them on reading."""

    def __init__(self, transcoder: TranscodeurScellant, trousseau: Trousseau) -> None:
        super().__init__(transcoder)
        self.trousseau = trousseau
        self._page: tuple[dict[UUID, Coffre | None], int] = ({}, 0)
        """The keys of the aggregates of the last page read ahead (None: no key), and its last position."""

    def precharger(self, page: Sequence[Notification]) -> None:
        """Reads the keys of a page's aggregates in one query before its events are decoded (a catch-up
        would otherwise ask key by key), and keeps them ready for this page's events only: an event at or
        before the page's last position was committed before the keys were read, so it was sealed only if
        its key was already there."""
        porteurs = {
            n.originator_id
            for n in page
            if isinstance(n.originator_id, UUID) and not getattr(resolve_topic(n.topic), "EN_CLAIR", False)
        }
        if page and porteurs:
            absents = self.trousseau.precharger(porteurs)
            coffres = {p: None if p in absents else self._coffre_de(p) for p in porteurs}
            self._page = (coffres, page[-1].id)

    def _coffre_de_la_page(self, stocke: StoredEvent, classe: type[Any]) -> Coffre | None:
        coffres, jusqu_a = self._page
        porteur = stocke.originator_id
        if (
            isinstance(stocke, Notification)
            and stocke.id <= jusqu_a
            and isinstance(porteur, UUID)
            and porteur in coffres
        ):
            return coffres[porteur]
        return self._coffre(classe, stocke.originator_id)

    def _coffre(self, classe: type[Any], porteur_id: Any) -> Coffre | None:
        """The key of the aggregate; none asked for the events of an aggregate that holds nothing
        personal (a landmark), so that reading them costs no lookup."""
        if getattr(classe, "EN_CLAIR", False) or not isinstance(porteur_id, UUID):
            return None
        return self._coffre_de(porteur_id)

    def _coffre_de(self, porteur_id: UUID) -> Coffre | None:
        cle = self.trousseau.cle(porteur_id)
        return Coffre.de(cle, porteur_id) if cle is not None else None

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        coffre = self._coffre(type(domain_event), domain_event.originator_id)
        if coffre is None:
            return super().to_stored_event(domain_event)
        jeton = _COFFRE.set(coffre)
        try:
            return super().to_stored_event(self._champs_scelles(domain_event, coffre))
        finally:
            _COFFRE.reset(jeton)

    def _champs_scelles(self, evenement: DomainEventProtocol[UUID], coffre: Coffre) -> DomainEventProtocol[UUID]:
        """A copy of the event whose own personal fields are sealed (those of its values are sealed
        by the transcoder)."""
        declares = personnels(type(evenement))
        if not declares:
            return evenement
        transcodeur = cast(TranscodeurScellant, self.transcoder)
        etat = dict(vars(evenement))
        for nom in declares:
            if not _vide(etat[nom]):
                etat[nom] = transcodeur.sceller(etat[nom], coffre)
        copie = object.__new__(type(evenement))
        object.__setattr__(copie, "__dict__", etat)
        return copie

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        classe = resolve_topic(stored_event.topic)
        coffre = self._coffre_de_la_page(stored_event, classe)
        jeton, illisibles = _COFFRE.set(coffre), _ILLISIBLES.set(False)
        try:
            evenement = super().to_domain_event(stored_event)
            if _ILLISIBLES.get():
                remplacer_illisibles(vars(evenement), personnels(type(evenement)))
        finally:
            _COFFRE.reset(jeton)
            _ILLISIBLES.reset(illisibles)
        return evenement
