"""The master key that wraps each person's key (DESIGN §7), and the index key derived from it.

A person's key is wrapped with AES-GCM under the master key, with a random 96-bit nonce and the
person's id as associated data: a wrapped key copied onto another person's row does not open (AES key
wrap, RFC 3394, would be deterministic and bind nothing). Stored as ``nonce || ciphertext || tag``.
One master key wraps far fewer than the 2^32 keys NIST SP 800-38D allows under random nonces.

The master key comes from ``PARCOURS_CLE_MAITRE``. When it is unset, SQLite generates one once into a
file beside its database (readable by its owner only) and the memory store one per process; production
refuses to start. A rotation raises ``PARCOURS_CLE_MAITRE_VERSION`` and keeps the previous key in
``PARCOURS_CLE_MAITRE_PRECEDENTE``, which still opens the keys it wrapped until they are wrapped anew.
"""

import base64
import hashlib
import hmac
import os
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

from infrastructure.reglages import Mode, ReglageInvalide, Reglages, octets_de_cle

TAILLE_NONCE = 12
INFO_EMPREINTES = b"parcours:empreintes"


class CleIndechiffrable(RuntimeError):
    """A wrapped key that does not open: the wrong master key, or a row tampered with or moved."""


class CleMaitre:
    """The master keys by version: the current one wraps, it and the previous one open."""

    def __init__(
        self, cle: bytes, version: int = 1, precedente: bytes | None = None, empreintes: bytes | None = None
    ) -> None:
        self.version = version
        self._cles = {version: AESGCM(cle)}
        if precedente is not None:
            self._cles[version - 1] = AESGCM(precedente)
        self._index = empreintes or HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO_EMPREINTES).derive(
            cle
        )
        """The key of the keyed hashes: ``PARCOURS_CLE_EMPREINTES``, or in development the master key's own
        derivation (a rotation requires the setting: the landmarks' ids must never change)."""

    def envelopper(self, secret: bytes, personne_id: UUID) -> bytes:
        """The person's key wrapped under the current version, bound to the person."""
        nonce = os.urandom(TAILLE_NONCE)
        return nonce + self._cles[self.version].encrypt(nonce, secret, personne_id.bytes)

    def ouvrir(self, enveloppe: bytes, version: int, personne_id: UUID, porteur_id: UUID) -> bytes:
        """The key wrapped under ``version`` for the person; ``CleIndechiffrable`` rather than garbage."""
        cle = self._cles.get(version)
        if cle is None:
            raise CleIndechiffrable(
                f"la clé du porteur {porteur_id} est enveloppée par la clé maîtresse de version {version}, "
                f"absente des réglages (version courante {self.version} ; PARCOURS_CLE_MAITRE_PRECEDENTE ?)"
            )
        try:
            return cle.decrypt(enveloppe[:TAILLE_NONCE], enveloppe[TAILLE_NONCE:], personne_id.bytes)
        except InvalidTag:
            raise CleIndechiffrable(
                f"la clé du porteur {porteur_id} ne s'ouvre pas avec la clé maîtresse de version {version} : "
                "clé maîtresse erronée, ou clé enveloppée modifiée ou venue d'une autre personne"
            ) from None

    def empreinte(self, texte: str) -> str:
        """HMAC-SHA-256 under the index key (HKDF of the current master key): stable while it stays."""
        return hmac.new(self._index, texte.encode("utf-8"), hashlib.sha256).hexdigest()


def fichier_de_cle_maitre(reglages: Reglages) -> Path:
    """``var/parcours.sqlite`` keeps its development master key in ``var/parcours.cle-maitre``; a
    PostgreSQL database ``parcours`` in ``var/parcours.cle-maitre`` too (never beside the sources)."""
    if reglages.moteur == "sqlite":
        return reglages.chemin_sqlite.with_suffix(".cle-maitre")
    return reglages.donnees / f"{reglages.chemin_sqlite.name or 'postgres'}.cle-maitre"


def cle_maitre_de(reglages: Reglages) -> CleMaitre:
    """The settings' master key; unset, a refusal in production, else the development one: a new one for
    the memory store, the one kept beside the SQLite file (``var/``) for SQLite and PostgreSQL."""
    precedente = reglages.cle_maitre_precedente
    if reglages.cle_maitre is not None:
        return CleMaitre(
            octets_de_cle(reglages.cle_maitre),
            reglages.cle_maitre_version,
            None if precedente is None else octets_de_cle(precedente),
            None if reglages.cle_empreintes is None else octets_de_cle(reglages.cle_empreintes),
        )
    if reglages.mode is Mode.PRODUCTION:
        raise ReglageInvalide(
            "PARCOURS_CLE_MAITRE est requise en production (32 octets en base64, par exemple : "
            "openssl rand -base64 32) : elle enveloppe la clé de chaque personne"
        )
    if reglages.moteur == "memory":
        return CleMaitre(AESGCM.generate_key(bit_length=256))  # the store lives as long as the process
    return CleMaitre(cle_de_developpement(fichier_de_cle_maitre(reglages)))


def cle_de_developpement(chemin: Path) -> bytes:
    """The key kept in ``chemin``, created once (mode 0600). Written whole under another name, then
    linked into place: a process starting at the same time reads either nothing or the whole key, and
    the first link wins."""
    if not chemin.exists():
        chemin.parent.mkdir(parents=True, exist_ok=True)
        provisoire = chemin.with_name(f"{chemin.name}.{os.getpid()}.{os.urandom(4).hex()}")
        descripteur = os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descripteur, "w") as fichier:
            fichier.write(base64.b64encode(AESGCM.generate_key(bit_length=256)).decode())
        try:
            os.link(provisoire, chemin)
        except FileExistsError:
            pass  # another process was first: its key is the one
        finally:
            provisoire.unlink()
    try:
        return octets_de_cle(SecretStr(chemin.read_text().strip()))
    except ReglageInvalide:
        raise ReglageInvalide(f"{chemin} ne contient pas une clé maîtresse (32 octets en base64)") from None
