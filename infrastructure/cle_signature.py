"""The service's Ed25519 signing key (``PARCOURS_CLE_SIGNATURE``, a PEM file): it signs the transparency
log's checkpoints and the dossier exports. In development it is created on first use, like the development
token key; in production it must exist."""

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.reglages import Mode, ReglageInvalide, Reglages


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
