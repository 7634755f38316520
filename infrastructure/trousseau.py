"""The keys that seal personal data (DESIGN §7), behind ``application.trousseau.Trousseau``.

Each person gets a 256-bit key of their own, kept wrapped by the master key (``cle_maitre.py``) in the
table ``parcours_cles`` (``trousseau_sql.py``) or, for the memory store, in a dict. Erasing the person
blanks their keys for good (RGPD art. 17; the events stay, byte for byte, and unreadable).

The mapper asks for the key of every event it writes or reads, so opened keys are kept in a bounded
cache (``PARCOURS_CLES_CACHE_TAILLE`` keys for ``PARCOURS_CLES_CACHE_SECONDES``, 60 s by default). An
erasure empties this process's entries at once; another process keeps serving its cached key until the
entry expires, so an erasure is complete everywhere within that delay. An absence of key is never
cached: a key given later must be used by the next write at once, or the mapper would write in clear.
"""

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from cachetools import TTLCache
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.trousseau import Cle
from infrastructure.cle_maitre import CleMaitre, cle_maitre_de
from infrastructure.magasin_annexe import datastore_propre
from infrastructure.reglages import Reglages
from infrastructure.trousseau_sql import Nouvelle, Rangee, Rangees, RangeesSql


class PersonneSansCle(LookupError):
    """A parcours linked to a person who was never given a key (``creer`` first)."""


class PorteurDejaRattache(ValueError):
    """A parcours already sealed with another person's key: the same parcours cannot have two owners."""


def horodatage() -> str:
    """Fixed-width UTC text, the same on both engines."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TrousseauChiffre:
    """The ``Trousseau`` over a key table: keys made, wrapped, opened, cached and erased here."""

    def __init__(
        self, rangees: Rangees, maitre: CleMaitre, duree: float = 60.0, taille: int = 100_000,
        horloge: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.rangees, self.maitre = rangees, maitre
        self._cache: TTLCache[UUID, Cle] = TTLCache(maxsize=taille, ttl=duree, timer=horloge)
        self._verrou = threading.Lock()
        self._effacements = 0
        """Counts the erasures of this process: a key read before one is not cached after it."""

    def creer(self, personne_id: UUID) -> None:
        """The new key is cached at once: the person's first events are sealed without reading it back."""
        secret = AESGCM.generate_key(bit_length=256)
        enveloppe = self.maitre.envelopper(secret, personne_id)
        with self._verrou:
            effacements = self._effacements
        if self.rangees.inserer(personne_id, personne_id, enveloppe, self.maitre.version, horodatage()):
            self._garder(personne_id, Cle(personne_id, secret), effacements)

    def rattacher(self, porteur_id: UUID, personne_id: UUID) -> None:
        """The parcours' key is the person's: cached at once when the person's is."""
        with self._verrou:
            sienne, effacements = self._cache.get(personne_id), self._effacements
        rangee = self.rangees.copier(porteur_id, personne_id, horodatage())
        if rangee is None:
            raise PersonneSansCle(f"la personne {personne_id} n'a pas de clé : elle doit être créée d'abord")
        if rangee.personne_id != personne_id:
            raise PorteurDejaRattache(f"le porteur {porteur_id} est déjà scellé par la clé d'une autre personne")
        if sienne is not None and rangee.cle_enveloppee is not None:
            self._garder(porteur_id, sienne, effacements)

    def creer_en_lot(self, porteurs: Mapping[UUID, Sequence[UUID]]) -> None:
        """Each person a new key, and their parcours linked to it, in one transaction; cached at once.
        A person who already had a key keeps it: their parcours get that one (read when first used)."""
        with self._verrou:
            effacements = self._effacements
        secrets = {personne_id: AESGCM.generate_key(bit_length=256) for personne_id in porteurs}
        lignes = [
            Nouvelle(personne_id, personne_id, self.maitre.envelopper(secret, personne_id), self.maitre.version)
            for personne_id, secret in secrets.items()
        ]
        copies = [(porteur_id, personne_id) for personne_id, siens in porteurs.items() for porteur_id in siens]
        nouvelles = self.rangees.inserer_plusieurs(lignes, copies, horodatage())
        for personne_id in nouvelles:
            for porteur_id in (personne_id, *porteurs[personne_id]):
                self._garder(porteur_id, Cle(personne_id, secrets[personne_id]), effacements)

    def precharger(self, porteur_ids: Iterable[UUID]) -> set[UUID]:
        """The keys of these aggregates not cached yet, read in one query and cached; the aggregates
        that had no row when read (never sealed then)."""
        with self._verrou:
            manquants = list({p for p in porteur_ids if p not in self._cache})
            effacements = self._effacements
        if not manquants:
            return set()
        rangees = self.rangees.lire_plusieurs(manquants)
        for porteur_id, rangee in rangees.items():
            self._garder(porteur_id, Cle(rangee.personne_id, self._ouvrir(rangee, porteur_id)), effacements)
        return set(manquants) - set(rangees)

    def _garder(self, porteur_id: UUID, cle: Cle, effacements: int) -> None:
        """Caches a key unless an erasure happened since it was read (it may be the one erased)."""
        with self._verrou:
            if effacements == self._effacements:
                self._cache[porteur_id] = cle

    def cle(self, porteur_id: UUID) -> Cle | None:
        with self._verrou:
            trouvee, effacements = self._cache.get(porteur_id), self._effacements
        if trouvee is not None:
            return trouvee
        rangee = self.rangees.lire(porteur_id)
        if rangee is None:
            return None
        cle = Cle(rangee.personne_id, self._ouvrir(rangee, porteur_id))
        self._garder(porteur_id, cle, effacements)
        return cle

    def effacer(self, personne_id: UUID) -> int:
        nombre = self.rangees.effacer(personne_id, horodatage())
        with self._verrou:
            self._effacements += 1
            for porteur_id in [p for p, cle in self._cache.items() if cle.personne_id == personne_id]:
                del self._cache[porteur_id]
        return nombre

    def empreinte(self, texte: str) -> str:
        return self.maitre.empreinte(texte)

    def renvelopper(self, lot: int = 500) -> int:
        """Wraps anew, under the current master key, every key another one wrapped (a rotation, with
        the previous key in the settings); how many. The secrets stay: nothing sealed changes."""
        nombre = 0
        while anciennes := self.rangees.a_renvelopper(self.maitre.version, lot):
            for porteur_id, rangee in anciennes:
                if (secret := self._ouvrir(rangee, porteur_id)) is not None:
                    enveloppe = self.maitre.envelopper(secret, rangee.personne_id)
                    nombre += self.rangees.renvelopper(porteur_id, rangee, enveloppe, self.maitre.version)
        return nombre

    def fermer(self) -> None:
        self.rangees.fermer()

    def _ouvrir(self, rangee: Rangee, porteur_id: UUID) -> bytes | None:
        if rangee.cle_enveloppee is None:
            return None
        return self.maitre.ouvrir(rangee.cle_enveloppee, rangee.version_maitre, rangee.personne_id, porteur_id)


class RangeesEnMemoire:
    """The memory store's key table: a dict, one lock (no dates: nothing reads them in memory)."""

    def __init__(self) -> None:
        self.lignes: dict[UUID, Rangee] = {}
        self._verrou = threading.Lock()

    def inserer(self, porteur_id: UUID, personne_id: UUID, cle_enveloppee: bytes, version: int, le: str) -> bool:
        with self._verrou:
            nouvelle = porteur_id not in self.lignes
            self.lignes.setdefault(porteur_id, Rangee(personne_id, cle_enveloppee, version))
        return nouvelle

    def copier(self, porteur_id: UUID, personne_id: UUID, le: str) -> Rangee | None:
        with self._verrou:
            if (sienne := self.lignes.get(personne_id)) is not None:
                self.lignes.setdefault(porteur_id, sienne)
            return self.lignes.get(porteur_id)

    def inserer_plusieurs(self, lignes: Sequence[Nouvelle], copies: Sequence[tuple[UUID, UUID]], le: str) -> set[UUID]:
        with self._verrou:
            nouvelles = {n.porteur_id for n in lignes if n.porteur_id not in self.lignes}
            for n in lignes:
                self.lignes.setdefault(n.porteur_id, Rangee(n.personne_id, n.cle_enveloppee, n.version_maitre))
        for porteur_id, personne_id in copies:
            self.copier(porteur_id, personne_id, le)
        return nouvelles

    def lire(self, porteur_id: UUID) -> Rangee | None:
        with self._verrou:
            return self.lignes.get(porteur_id)

    def lire_plusieurs(self, porteur_ids: Sequence[UUID]) -> dict[UUID, Rangee]:
        with self._verrou:
            return {p: self.lignes[p] for p in porteur_ids if p in self.lignes}

    def effacer(self, personne_id: UUID, le: str) -> int:
        with self._verrou:
            siennes = [p for p, rangee in self.lignes.items() if rangee.personne_id == personne_id]
            for porteur_id in siennes:
                self.lignes[porteur_id] = replace(self.lignes[porteur_id], cle_enveloppee=None)
        return len(siennes)

    def a_renvelopper(self, version: int, limite: int) -> list[tuple[UUID, Rangee]]:
        with self._verrou:
            anciennes = [(p, r) for p, r in self.lignes.items() if r.cle_enveloppee and r.version_maitre != version]
        return anciennes[:limite]

    def renvelopper(self, porteur_id: UUID, avant: Rangee, cle_enveloppee: bytes, version: int) -> int:
        with self._verrou:
            if self.lignes.get(porteur_id) != avant:
                return 0
            self.lignes[porteur_id] = Rangee(avant.personne_id, cle_enveloppee, version)
        return 1

    def fermer(self) -> None:
        """Nothing to release."""


def fichier_des_cles(reglages: Reglages) -> Path:
    """The keys live in the events' own SQLite file."""
    return reglages.chemin_sqlite


def rangees_pour(reglages: Reglages) -> Rangees:
    """The key table of the configured store, on a datastore of its own. On PostgreSQL it must exist
    (``parcours migrate``); on SQLite it is created on first use; in memory, each call gives a new one."""
    datastore = datastore_propre(reglages, fichier_des_cles)
    if datastore is None:
        return RangeesEnMemoire()
    rangees = RangeesSql(datastore)
    if not rangees.postgres:
        rangees.creer_table()
    return rangees


def trousseau_pour(reglages: Reglages) -> TrousseauChiffre:
    """The keys of the configured store under the settings' master key (``ReglageInvalide`` at once on
    PostgreSQL without one). The caller closes it (``fermer``) with the application."""
    maitre = cle_maitre_de(reglages)
    return TrousseauChiffre(rangees_pour(reglages), maitre, reglages.cles_cache_secondes, reglages.cles_cache_taille)


def creer_table_des_cles(reglages: Reglages) -> None:
    """Creates ``parcours_cles`` if missing (``parcours migrate``; idempotent; no master key needed)."""
    rangees = rangees_pour(reglages)
    if isinstance(rangees, RangeesSql):
        rangees.creer_table()
    rangees.fermer()
