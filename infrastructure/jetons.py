"""Bearer tokens: verification against configured keys, and the development issuer.

Production verifies RS256/ES256 tokens against a published key set (JWKS file or URL) for the
configured issuer and audience. In development only, a local key in ``var/`` signs tokens
(``parcours token``) so that a newcomer can call the API in minutes; production never loads it.

Whatever a token holds, it is refused with ``JetonInvalide`` (a 401), never an exception of the
library: the algorithm is the one of the key, never the one the token claims; claims are texts
without control characters, bounded, as they become authors of events (issue 16).
"""

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import BaseModel, StringConstraints, ValidationError

from application.principal import AGIT_POUR_UN_ORGANE, Principal, Role
from domain.vocabulaire import Organisme
from infrastructure.reglages import Mode, ReglageInvalide, Reglages, lire_jwks

TAILLE_MAX_JETON = 8 * 1024
"""Characters; an OIDC access token is well under 2 KiB."""
KID_DEV = "parcours-dev"
ROLES_PAR_JETON = frozenset(Role) - {Role.ALGORITHME, Role.SYSTEME}
"""The algorithm and the system act inside the service; no token speaks for them."""


class JetonInvalide(Exception):
    """The token is missing, malformed, expired, or not signed by a trusted key."""


SANS_CONTROLE = r"[^\s\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f])?"
"""Not blank, no control character (Unicode Cc) and no space at either end; the regex engine also
refuses lone surrogates. The API's identifiers follow the same rule (api/modeles/bornes.py)."""


Sujet = Annotated[str, StringConstraints(max_length=255, pattern=f"^{SANS_CONTROLE}$")]
StructureDuJeton = Annotated[str, StringConstraints(max_length=100, pattern=f"^{SANS_CONTROLE}$")]
TerritoireDuJeton = Annotated[str, StringConstraints(max_length=3, pattern=f"^{SANS_CONTROLE}$")]
NomDuJeton = Annotated[str, StringConstraints(max_length=100, pattern=f"^{SANS_CONTROLE}$")]
QualiteDuJeton = Annotated[str, StringConstraints(max_length=200, pattern=f"^{SANS_CONTROLE}$")]


class Revendications(BaseModel):
    """The claims parcours reads from a token. ``sub`` and ``structure`` are recorded as the author
    of each step: bounded (``sub`` as in OpenID Connect Core §2), never blank, no control character.

    An agent's or an authority's decisions name them, first name, name and capacity (CRPA L.212-1):
    ``given_name`` and ``family_name`` (OpenID Connect Core §5.1), ProConnect's ``usual_name`` (the name
    in use, preferred to the family name), and ``qualite``, the capacity in which they decide. They are
    kept for those roles only (a person's own name is not), and only from the token, never from a
    request body."""

    sub: Sujet
    role: Role
    organisme: Organisme | None = None
    structure: StructureDuJeton | None = None
    territoire: TerritoireDuJeton | None = None
    parcours: UUID | None = None
    given_name: NomDuJeton | None = None
    family_name: NomDuJeton | None = None
    usual_name: NomDuJeton | None = None
    qualite: QualiteDuJeton | None = None

    def principal(self) -> Principal:
        if self.role not in ROLES_PAR_JETON:
            raise JetonInvalide(f"rôle « {self.role.value} » réservé au service")
        nomme = self.role in AGIT_POUR_UN_ORGANE  # a person's own name, which a provider may send too, is not kept
        return Principal(
            id=self.sub,
            role=self.role,
            organisme=self.organisme,
            structure=self.structure,
            territoire=self.territoire,
            parcours=self.parcours,
            nom=self.nom() if nomme else None,
            qualite=self.qualite if nomme else None,
        )

    def nom(self) -> str | None:
        """« Marie Dupont »: the first name, then the name in use (ProConnect's ``usual_name``) or else the
        family name, as they are displayed; whichever of the two the token gives."""
        parties = [p for p in (self.given_name, self.usual_name or self.family_name) if p]
        return " ".join(parties) if parties else None


def cle_dev(chemin: Path) -> ec.EllipticCurvePrivateKey:
    """The development signing key (P-256), created on first use, readable by its owner only."""
    if chemin.exists():
        cle = serialization.load_pem_private_key(chemin.read_bytes(), password=None)
        if not isinstance(cle, ec.EllipticCurvePrivateKey):
            raise JetonInvalide(f"{chemin} n'est pas une clé EC")
        return cle
    cle = ec.generate_private_key(ec.SECP256R1())
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pem = cle.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    chemin.touch(mode=0o600)
    chemin.write_bytes(pem)
    return cle


def emettre_jeton_dev(reglages: Reglages, revendications: Revendications, duree: timedelta = timedelta(hours=8)) -> str:
    if reglages.mode is not Mode.DEVELOPPEMENT:
        raise JetonInvalide("les jetons de développement n'existent qu'en mode développement")
    maintenant = datetime.now(UTC)
    charge: dict[str, Any] = {
        **json.loads(revendications.model_dump_json(exclude_none=True)),
        "iss": reglages.jwt_emetteur,
        "aud": reglages.jwt_audience,
        "iat": maintenant,
        "exp": maintenant + duree,
    }
    return jwt.encode(charge, cle_dev(reglages.cle_dev), algorithm="ES256", headers={"kid": KID_DEV})


MOTIFS_DE_REFUS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "jeton expiré"),
    (jwt.ImmatureSignatureError, "jeton pas encore valide (nbf, iat)"),
    (jwt.InvalidAlgorithmError, "algorithme de signature non admis pour cette clé"),
    (jwt.InvalidAudienceError, "jeton destiné à un autre service (aud)"),
    (jwt.InvalidIssuerError, "jeton d'un émetteur non reconnu (iss)"),
    (jwt.MissingRequiredClaimError, "revendication obligatoire absente (exp, iss, aud, sub)"),
    (jwt.InvalidSignatureError, "signature invalide"),
    (jwt.PyJWKClientError, "clé de signature introuvable"),
    (jwt.DecodeError, "jeton illisible"),
)


def cles_du_fichier(chemin: Path) -> dict[str, Any]:
    """The public keys of a JWKS file by their ``kid``; a file whose keys do not read stops the start."""
    try:
        jeu = jwt.PyJWKSet.from_dict({"keys": lire_jwks(chemin)})
    except jwt.PyJWTError as erreur:
        raise ReglageInvalide(f"PARCOURS_JWKS_FICHIER : {chemin} : clés illisibles ({erreur})") from None
    return {cle.key_id: cle.key for cle in jeu.keys if cle.key_id}


def en_francais(erreur: jwt.PyJWTError) -> str:
    return next((motif for classe, motif in MOTIFS_DE_REFUS if isinstance(erreur, classe)), "jeton invalide")


def algorithmes_de(cle: Any) -> list[str]:
    """The one algorithm a key verifies: the token's own header never chooses it (RFC 8725 §3.1),
    so an RS256 header on an EC key, or the reverse, is refused rather than tripping the library."""
    if isinstance(cle, rsa.RSAPublicKey):
        return ["RS256"]
    if isinstance(cle, ec.EllipticCurvePublicKey) and isinstance(cle.curve, ec.SECP256R1):
        return ["ES256"]
    raise JetonInvalide("type de clé de signature non pris en charge")


JETONS_RETENUS = 10_000
"""Verified tokens kept in memory (least recently used dropped first)."""


class Verificateur:
    """Checks a token's signature, issuer, audience and expiry, then reads its claims.

    A token verified once is trusted again, until its expiry, without checking its signature anew: a
    UI sends the same token with every request, and the check was a measured share of each command's
    CPU. So a key withdrawn from the key set stops its tokens at their expiry, not at once."""

    def __init__(self, reglages: Reglages, maintenant: Callable[[], float] = time.time) -> None:
        self.reglages = reglages
        self.maintenant = maintenant
        self.fournisseur = reglages.jwt_fournisseur or reglages.jwt_emetteur
        """The identity provider of the persons' accounts (``Principal.personne``, ``application.espace``)."""
        self._verifies: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._verrou = threading.Lock()
        self._cles: dict[str, Any] = {}
        if reglages.jwks_fichier is not None:
            self._cles.update(cles_du_fichier(reglages.jwks_fichier))
        self._client = jwt.PyJWKClient(reglages.jwks_url) if reglages.jwks_url else None
        if reglages.mode is Mode.DEVELOPPEMENT:
            self._cles[KID_DEV] = cle_dev(reglages.cle_dev).public_key()

    def principal(self, jeton: str) -> Principal:
        if len(jeton) > TAILLE_MAX_JETON:
            raise JetonInvalide(f"jeton trop long (plus de {TAILLE_MAX_JETON} caractères)")
        with self._verrou:
            retenu = self._verifies.get(jeton)
            if retenu is not None and self.maintenant() < retenu[1]:
                self._verifies.move_to_end(jeton)
                return retenu[0]
        appelant, expiration = self._verifier(jeton)
        with self._verrou:
            self._verifies[jeton] = (appelant, expiration)
            if len(self._verifies) > JETONS_RETENUS:
                self._verifies.popitem(last=False)
        return appelant

    def _verifier(self, jeton: str) -> tuple[Principal, float]:
        try:
            cle = self._cle(jeton)
            revendications = jwt.decode(
                jeton,
                cle,
                algorithms=algorithmes_de(cle),
                audience=self.reglages.jwt_audience,
                issuer=self.reglages.jwt_emetteur,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            return Revendications.model_validate(revendications).principal(), float(revendications["exp"])
        except jwt.PyJWTError as erreur:
            raise JetonInvalide(en_francais(erreur)) from erreur
        except ValidationError as erreur:
            raise JetonInvalide(
                "revendications du jeton invalides (sub, role, organisme, structure, territoire, parcours, "
                "given_name, family_name, usual_name, qualite)"
            ) from erreur
        except (TypeError, ValueError, KeyError) as erreur:  # the library tripping on a forged token
            raise JetonInvalide("jeton illisible") from erreur

    def cle_en_memoire(self, jeton: str) -> bool:
        """Whether the token's key is known without asking the identity provider (a readable token
        whose key id is loaded); an unreadable one is refused by ``principal`` without any fetch."""
        if len(jeton) > TAILLE_MAX_JETON:
            return True
        try:
            return jwt.get_unverified_header(jeton).get("kid") in self._cles or self._client is None
        except (jwt.PyJWTError, TypeError, ValueError):
            return True

    def _cle(self, jeton: str) -> Any:
        kid = jwt.get_unverified_header(jeton).get("kid")
        if kid in self._cles:
            return self._cles[kid]
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(jeton).key
        raise JetonInvalide("clé de signature inconnue")
