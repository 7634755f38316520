"""The port to the keys that seal personal data (DESIGN §7): one key per person, kept wrapped.

The application gives a person a key when it registers them, and links each of their parcours to it;
the store's mapper seals and opens the personal fields of every event of those aggregates with it.
Erasing a person deletes their key: their events stay in place, byte for byte, and unreadable. The
implementation (``infrastructure/trousseau.py``) keeps the keys in a table of the store, wrapped by the
master key of the settings.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class Cle:
    """The key an aggregate's personal fields are sealed with; ``secret`` None once it was erased."""

    personne_id: UUID
    secret: bytes | None


class Trousseau(Protocol):
    def creer(self, personne_id: UUID) -> None:
        """Gives the person a key of their own (nothing when they have one); the person's own
        aggregate is sealed with it."""

    def rattacher(self, porteur_id: UUID, personne_id: UUID) -> None:
        """Seals the events of ``porteur_id`` (one of the person's parcours) with the person's key."""

    def creer_en_lot(self, porteurs: Mapping[UUID, Sequence[UUID]]) -> None:
        """``creer`` for each person of ``porteurs`` and ``rattacher`` for each of their new parcours
        listed, in one write (a bulk-import batch)."""

    def precharger(self, porteur_ids: Iterable[UUID]) -> set[UUID]:
        """Reads the keys of these aggregates in one go, so that ``cle`` then answers from memory;
        the aggregates that had no key when read."""

    def cle(self, porteur_id: UUID) -> Cle | None:
        """The key of an aggregate; None when it belongs to no person (its events are not sealed)."""

    def effacer(self, personne_id: UUID) -> int:
        """Deletes the person's key for good; the number of aggregates it sealed."""

    def empreinte(self, texte: str) -> str:
        """A keyed hash of ``texte`` (HMAC-SHA-256, hex): what indexes hold instead of an identifier."""

    def fermer(self) -> None:
        """Releases the store's connections (with the application)."""
