"""C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519 cosignatures
(c2sp.org/tlog-cosignature, ``cosignature/v1``): the formats that let a log's tree heads be checked, and
countersigned, by tools that know nothing of this project (the Go ``sumdb/note`` package, the witnesses of
the transparency-dev and Sigsum networks).

A note is a text ending in a newline, a blank line, then signature lines ``— <name> base64(key id || sig)``.
Everything read from outside is parsed strictly: a text that is not exactly what the specs allow is refused
before any signature is looked at, so two different texts never pass for the same signed statement.
"""

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from infrastructure.transparence.arbre import TAILLE_HASH
from infrastructure.transparence.verification import TAILLE_MAX

TYPE_ED25519 = 0x01
"""signed-note §Signature types: an Ed25519 signature of the note text."""
TYPE_COSIGNATURE_V1 = 0x04
"""tlog-cosignature: a timestamped Ed25519 signature of ``cosignature/v1``, the time, and the note text."""

TIRET = "— "
"""A signature line starts with an em dash (U+2014) and a space."""
SIGNATURES_MAX = 100
"""signed-note asks verifiers to bound the signatures they read, and to accept at least 16."""
HORODATAGE_MAX = (1 << 63) - 1
"""tlog-cosignature: a cosignature's time MUST NOT exceed 2^63 - 1."""


class NoteInvalide(ValueError):
    """A note, a checkpoint or a signature that cannot be trusted; the message says why, in French."""


class NoteMalformee(NoteInvalide):
    """Not of the form signed-note allows: refused before any signature is checked."""


class CheckpointMalforme(NoteMalformee):
    """A note text that is not a tlog-checkpoint body."""


class SignatureInvalide(NoteInvalide):
    """A signature line names a trusted key (name and key id) but does not verify: the whole note is refused."""


class AucuneSignatureConnue(NoteInvalide):
    """No signature of a trusted key: signed-note says the text MUST then be ignored."""


class CleInvalide(ValueError):
    """A verifier key (vkey) that is not of the form ``<name>+<hex key id>+<base64(type || key)>``."""


def identifiant_de_cle(nom: str, type_signature: int, cle_publique: bytes) -> bytes:
    """signed-note §Signatures: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]."""
    return hashlib.sha256(nom.encode() + b"\n" + bytes([type_signature]) + cle_publique).digest()[:4]


@dataclass(frozen=True)
class CleDeVerification:
    """A trusted key: a log's (type 0x01, it signs notes) or a witness's (type 0x04, it cosigns checkpoints)."""

    nom: str
    type_signature: int
    cle_publique: bytes
    """The raw 32-byte Ed25519 public key."""

    def __post_init__(self) -> None:
        if not nom_valide(self.nom):
            raise CleInvalide(f"nom de clé invalide : {self.nom!r} (vide, espace ou « + »)")
        if self.type_signature not in (TYPE_ED25519, TYPE_COSIGNATURE_V1):
            raise CleInvalide(f"type de signature non pris en charge : {self.type_signature:#04x}")
        try:
            Ed25519PublicKey.from_public_bytes(self.cle_publique)
        except ValueError:
            raise CleInvalide("une clé publique Ed25519 fait 32 octets") from None

    @classmethod
    def du_journal(cls, nom: str, cle: Ed25519PublicKey) -> Self:
        """The key that signs the log's checkpoints."""
        return cls(nom, TYPE_ED25519, _brute(cle))

    @classmethod
    def du_temoin(cls, nom: str, cle: Ed25519PublicKey) -> Self:
        """A witness's key: tlog-cosignature gives cosignatures a type of their own (0x04), hence another id."""
        return cls(nom, TYPE_COSIGNATURE_V1, _brute(cle))

    @property
    def identifiant(self) -> bytes:
        return identifiant_de_cle(self.nom, self.type_signature, self.cle_publique)

    def texte(self) -> str:
        """The verifier key to publish: ``<name>+<hex key id>+<base64(type || public key)>``."""
        return f"{self.nom}+{self.identifiant.hex()}+{_b64(bytes([self.type_signature]) + self.cle_publique)}"

    @classmethod
    def lire(cls, texte: str) -> Self:
        """Parses a verifier key strictly: lowercase 8-digit hex id, canonical base64, an id that matches."""
        nom, _, reste = texte.partition("+")
        identifiant, _, materiel = reste.partition("+")  # base64 may itself contain "+"
        if len(identifiant) != 8 or any(c not in "0123456789abcdef" for c in identifiant):
            raise CleInvalide(f"identifiant de clé invalide dans {texte!r}")
        try:
            octets, attendu = base64_strict(materiel), bytes.fromhex(identifiant)
        except ValueError as erreur:
            raise CleInvalide(f"clé de vérification illisible : {texte!r}") from erreur
        if len(octets) != 33:
            raise CleInvalide(f"une clé Ed25519 fait 1 + 32 octets : {texte!r}")
        cle = cls(nom, octets[0], octets[1:])
        if cle.identifiant != attendu:
            raise CleInvalide(f"l'identifiant {identifiant} ne correspond ni au nom ni à la clé")
        return cle

    def verifier(self, corps: str, signature: bytes) -> int | None:
        """Checks one signature of the note text; returns the cosignature's time (None for a plain note)."""
        cle, horodatage, message = Ed25519PublicKey.from_public_bytes(self.cle_publique), None, corps.encode()
        if self.type_signature == TYPE_COSIGNATURE_V1:
            if len(signature) != 8 + 64:
                raise SignatureInvalide(f"cosignature de {self.nom} : {len(signature)} octets au lieu de 72")
            horodatage, signature = int.from_bytes(signature[:8], "big"), signature[8:]
            if horodatage > HORODATAGE_MAX:
                raise SignatureInvalide(f"cosignature de {self.nom} : horodatage hors limites")
            message = message_cosignature(corps, horodatage)
        try:
            cle.verify(signature, message)
        except InvalidSignature:
            raise SignatureInvalide(f"la signature de {self.nom}+{self.identifiant.hex()} est fausse") from None
        return horodatage


@dataclass(frozen=True)
class Checkpoint:
    """tlog-checkpoint: a log's tree head as a note text (origin, size, root, optional extension lines)."""

    origine: str
    taille: int
    racine: bytes
    extensions: tuple[str, ...] = ()
    """Opaque lines after the root; tlog-checkpoint does NOT RECOMMEND them (monitors cannot audit them)."""

    def __post_init__(self) -> None:
        if not self.origine or any(not _ligne_de_texte(x) for x in (self.origine, *self.extensions)):
            raise CheckpointMalforme("origine vide, ou ligne vide ou multiple dans le checkpoint")
        if not 0 <= self.taille <= TAILLE_MAX or len(self.racine) != TAILLE_HASH:
            raise CheckpointMalforme("taille hors de 0..2^64-1 ou racine qui n'est pas un hash SHA-256")

    def texte(self) -> str:
        """The note text: each line ending in a newline."""
        return "".join(f"{ligne}\n" for ligne in (self.origine, str(self.taille), _b64(self.racine), *self.extensions))

    @classmethod
    def lire(cls, texte: str) -> Self:
        """Parses a note text strictly: decimal size without leading zeros, canonical base64 of 32 bytes."""
        if not texte.endswith("\n"):
            raise CheckpointMalforme("le texte d'un checkpoint finit par un saut de ligne")
        lignes = texte[:-1].split("\n")
        if len(lignes) < 3:
            raise CheckpointMalforme("un checkpoint a au moins trois lignes : origine, taille, racine")
        origine, taille, racine, *extensions = lignes
        if not _decimal_canonique(taille):
            raise CheckpointMalforme(f"taille illisible : {taille[:30]!r}")
        try:
            octets = base64_strict(racine)
        except ValueError:
            raise CheckpointMalforme(f"racine illisible : {racine[:60]!r}") from None
        return cls(origine, int(taille), octets, tuple(extensions))


class LigneDeSignature(NamedTuple):
    nom: str
    identifiant: bytes
    signature: bytes
    """What follows the key id: the Ed25519 signature, preceded by the time for a cosignature."""


@dataclass(frozen=True)
class Signataire:
    """A trusted key whose signature verified, with its cosignature's time (POSIX seconds) if it cosigned."""

    cle: CleDeVerification
    horodatage: int | None


# --- Reading ----------------------------------------------------------------------------------------------


def decouper_note(texte: str) -> tuple[str, list[LigneDeSignature]]:
    """Splits a signed note into its text (ending in a newline) and its signature lines, checking only form.

    signed-note: valid UTF-8, no control character but newline, the text separated from the signatures by the
    last blank line, at least one signature line and nothing else after it.
    """
    _verifier_caracteres(texte)
    separation = texte.rfind("\n\n")
    if separation < 0:
        raise NoteMalformee("pas de ligne vide avant les signatures")
    corps, bloc = texte[: separation + 1], texte[separation + 2 :]
    if not bloc.endswith("\n"):
        raise NoteMalformee("le bloc des signatures doit finir par un saut de ligne")
    lignes = bloc[:-1].split("\n")
    if len(lignes) > SIGNATURES_MAX:
        raise NoteMalformee(f"plus de {SIGNATURES_MAX} signatures")
    return corps, [_lire_ligne(ligne) for ligne in lignes]


def ouvrir_note(texte: str, cles: Iterable[CleDeVerification]) -> tuple[str, tuple[Signataire, ...]]:
    """The note's text and its trusted signers, once every signature of a trusted key has verified.

    Signatures of unknown keys are ignored, even those sharing a name or an id (but not both) with a trusted
    key (signed-note: MUST). A trusted key's signature that fails rejects the note; so does a note with no
    trusted signature. A key that signed twice is reported once, with its latest cosignature time.
    """
    corps, lignes = decouper_note(texte)
    confiance = _indexer(cles)
    signataires: dict[CleDeVerification, Signataire] = {}
    for ligne in lignes:
        cle = confiance.get((ligne.nom, ligne.identifiant))
        if cle is None:
            continue
        horodatage = cle.verifier(corps, ligne.signature)
        precedent = signataires.get(cle)
        if precedent is None or (horodatage or 0) > (precedent.horodatage or 0):
            signataires[cle] = Signataire(cle, horodatage)
    if not signataires:
        raise AucuneSignatureConnue("aucune signature d'une clé de confiance")
    return corps, tuple(signataires.values())


def verifier_note(texte: str, cles: Iterable[CleDeVerification]) -> tuple[Checkpoint, tuple[Signataire, ...]]:
    """A checkpoint, read from a note signed by at least one trusted key, and who signed it."""
    corps, signataires = ouvrir_note(texte, cles)
    return Checkpoint.lire(corps), signataires


# --- Writing ----------------------------------------------------------------------------------------------


def signer_note(corps: str, nom: str, cle_privee: Ed25519PrivateKey) -> str:
    """A note: the text, a blank line and one Ed25519 signature line (type 0x01)."""
    _verifier_corps(corps)
    cle = CleDeVerification.du_journal(nom, cle_privee.public_key())
    return f"{corps}\n{_ligne(nom, cle.identifiant + cle_privee.sign(corps.encode()))}"


def signer_checkpoint(checkpoint: Checkpoint, nom: str, cle_privee: Ed25519PrivateKey) -> str:
    """The log's signed checkpoint. tlog-checkpoint: the key name SHOULD be the origin."""
    return signer_note(checkpoint.texte(), nom, cle_privee)


def message_cosignature(corps: str, horodatage: int) -> bytes:
    """tlog-cosignature §Ed25519 signed message: ``cosignature/v1``, ``time <seconds>``, then the note text."""
    return f"cosignature/v1\ntime {horodatage}\n{corps}".encode()


def cosigner(corps: str, nom: str, cle_privee: Ed25519PrivateKey, maintenant: datetime) -> str:
    """A witness's cosignature line of a checkpoint's note text (the text only, without its signatures).

    The line carries base64(key id (type 0x04) || time as 8 bytes big-endian || Ed25519 signature).
    """
    Checkpoint.lire(corps)  # cosignature/v1 vouches for a checkpoint: a signed note passed whole is refused
    horodatage = _secondes_posix(maintenant)
    cle = CleDeVerification.du_temoin(nom, cle_privee.public_key())
    signature = cle_privee.sign(message_cosignature(corps, horodatage))
    return _ligne(nom, cle.identifiant + horodatage.to_bytes(8, "big") + signature)


def ajouter_signatures(note: str, lignes: Iterable[str]) -> str:
    """The note with more signature lines (a witness's cosignatures): one line each, checked for form, none
    twice. Whether they verify is for whoever reads the note with the witnesses' keys."""
    corps, _ = decouper_note(note)
    presentes = set(note[len(corps) + 1 :].splitlines(keepends=True))
    for ligne in lignes:
        _verifier_caracteres(ligne)
        if not ligne.endswith("\n") or "\n" in ligne[:-1]:
            raise NoteMalformee("une ligne de signature à la fois, finie par un saut de ligne")
        _lire_ligne(ligne[:-1])
        if ligne not in presentes:
            note, presentes = note + ligne, presentes | {ligne}
    decouper_note(note)  # the bound on the number of signatures
    return note


# --- Details ----------------------------------------------------------------------------------------------


def nom_valide(nom: str) -> bool:
    """signed-note: key names are non-empty and contain neither Unicode spaces nor "+"."""
    return bool(nom) and "+" not in nom and not any(c.isspace() for c in nom)


def _decimal_canonique(texte: str) -> bool:
    """ASCII digits, no sign, no leading zero (but "0"), at most the 20 digits of 2^64 - 1."""
    return texte.isascii() and texte.isdigit() and len(texte) <= 20 and (texte == "0" or not texte.startswith("0"))


def _ligne_de_texte(ligne: str) -> bool:
    return bool(ligne) and not any(c < " " for c in ligne)


def _lire_ligne(ligne: str) -> LigneDeSignature:
    if not ligne.startswith(TIRET):
        raise NoteMalformee(f"ligne inattendue parmi les signatures : {ligne[:40]!r}")
    nom, _, encodee = ligne[len(TIRET) :].partition(" ")
    try:
        octets = base64_strict(encodee)
    except ValueError:
        raise NoteMalformee(f"signature de {nom!r} : base64 invalide") from None
    if not nom_valide(nom) or len(octets) < 5:
        raise NoteMalformee(f"ligne de signature invalide pour {nom!r}")
    return LigneDeSignature(nom, octets[:4], octets[4:])


def _indexer(cles: Iterable[CleDeVerification]) -> dict[tuple[str, bytes], CleDeVerification]:
    index: dict[tuple[str, bytes], CleDeVerification] = {}
    for cle in cles:
        if index.setdefault((cle.nom, cle.identifiant), cle) != cle:
            raise CleInvalide(f"deux clés de confiance ont le même nom et le même identifiant : {cle.nom}")
    return index


def _verifier_corps(corps: str) -> None:
    _verifier_caracteres(corps)
    if not corps.endswith("\n"):
        raise NoteMalformee("le texte d'une note finit par un saut de ligne")


def _verifier_caracteres(texte: str) -> None:
    try:
        texte.encode()
    except UnicodeEncodeError:
        raise NoteMalformee("la note n'est pas de l'UTF-8 valide") from None
    if any(c < " " and c != "\n" for c in texte):
        raise NoteMalformee("caractère de contrôle dans la note")


def _ligne(nom: str, octets: bytes) -> str:
    if not nom_valide(nom):
        raise CleInvalide(f"nom de clé invalide : {nom!r}")
    return f"{TIRET}{nom} {_b64(octets)}\n"


def _secondes_posix(maintenant: datetime) -> int:
    if maintenant.tzinfo is None:
        raise ValueError("l'heure d'une cosignature doit porter son fuseau")
    secondes = int(maintenant.timestamp())
    if not 0 <= secondes <= HORODATAGE_MAX:
        raise ValueError(f"heure hors de la plage d'une cosignature : {maintenant.isoformat()}")
    return secondes


def _brute(cle: Ed25519PublicKey) -> bytes:
    return cle.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode()


def base64_strict(texte: str) -> bytes:
    """Standard base64, canonical only: one byte string has one encoding, so one note has one text."""
    try:
        octets = base64.b64decode(texte, validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("base64 invalide") from None
    if not octets or _b64(octets) != texte:
        raise ValueError("base64 non canonique")
    return octets
