"""Signed checkpoints of the global chain (Ed25519): the head's position and hash, the signing time, the
public key and the signature. Whoever holds the public key can check, later and without trusting the
database, that the history up to that position is still the one that was signed.

The private key comes from the settings (``PARCOURS_CLE_SIGNATURE``, a PEM file). In development it is
created on first use, like the development token key; in production it must exist.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from infrastructure.chaine import Maillon, empreinte


@dataclass(frozen=True)
class PointDeControle:
    position: int
    hash_global: str
    signe_le: str
    """ISO 8601, UTC."""
    cle_publique: str
    """Raw Ed25519 public key, base64."""
    signature: str
    """Ed25519 over ``message()``, base64."""

    def message(self) -> bytes:
        return f"parcours:point-de-controle\n{self.position}\n{self.hash_global}\n{self.signe_le}".encode()

    @property
    def empreinte_cle(self) -> str:
        """A short name for the key, to compare with the published one."""
        return empreinte(base64.b64decode(self.cle_publique))[:23]


def signer(cle: Ed25519PrivateKey, tete: Maillon, maintenant: datetime) -> PointDeControle:
    publique = cle.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    point = PointDeControle(tete.position, tete.hash_global, maintenant.isoformat(), _b64(publique), "")
    return PointDeControle(**{**point.__dict__, "signature": _b64(cle.sign(point.message()))})


def signature_valide(point: PointDeControle, cle_de_confiance: Ed25519PublicKey | None = None) -> bool:
    """The signature holds for the point's own key, and that key is the trusted one when one is given."""
    cle = Ed25519PublicKey.from_public_bytes(base64.b64decode(point.cle_publique))
    if cle_de_confiance is not None and _brute(cle) != _brute(cle_de_confiance):
        return False
    try:
        cle.verify(base64.b64decode(point.signature), point.message())
    except InvalidSignature:
        return False
    return True


def _brute(cle: Ed25519PublicKey) -> bytes:
    return cle.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode()
