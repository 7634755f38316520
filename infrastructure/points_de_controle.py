"""Signed checkpoints of the global chain (Ed25519): the head's position and hash, the signing time, the
public key and the signature. Whoever holds the public key can check, later and without trusting the
database, that the history up to that position is still the one that was signed.

The private key comes from the settings (``PARCOURS_CLE_SIGNATURE``, a PEM file). In development it is
created on first use, like the development token key; in production it must exist.
"""

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from infrastructure.chaine import Maillon, empreinte
from infrastructure.reglages import Mode, ReglageInvalide, Reglages


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


def cle_de_signature(reglages: Reglages) -> Ed25519PrivateKey:
    chemin = reglages.cle_signature
    if chemin.exists():
        cle = serialization.load_pem_private_key(chemin.read_bytes(), password=None)
        if not isinstance(cle, Ed25519PrivateKey):
            raise ReglageInvalide(f"{chemin} n'est pas une clé Ed25519")
        return cle
    if reglages.mode is Mode.PRODUCTION:
        raise ReglageInvalide(f"PARCOURS_CLE_SIGNATURE : {chemin} introuvable (clé Ed25519 PEM requise)")
    return _creer(chemin)


def _creer(chemin: Path) -> Ed25519PrivateKey:
    cle = Ed25519PrivateKey.generate()
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.touch(mode=0o600)
    pem = cle.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    chemin.write_bytes(pem)
    return cle


def _brute(cle: Ed25519PublicKey) -> bytes:
    return cle.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode()
