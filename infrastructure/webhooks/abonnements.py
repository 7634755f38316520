"""What a subscription and a delivery are, and how a subscription's signing secret is kept.

A subscription is a body acting in a role (an agent's or an authority's) that wants some types of events of
the parcours where it holds a legal role, POSTed to its URL. It reads what that role reads, and no more: the
reader ``lecteur`` is judged by ``domain.competence.droits`` for each change, like any agent of that body.

The secret (``whsec_`` and 24 random bytes in base64, the Standard Webhooks form) is shown once, at creation.
It must be kept in a form that can sign, so it is wrapped under the master key (``infrastructure.cle_maitre``,
AES-GCM bound to the subscription's id) rather than hashed: the database alone does not give it away.
"""

import base64
import os
from dataclasses import dataclass
from enum import Enum
from uuid import UUID, uuid5

from application.flux import PUBLIABLES, Publiable
from application.principal import AGIT_POUR_UN_ORGANE, QUALITES, Role
from domain.competence import Intervenant, Qualite
from domain.organe import Organe
from domain.vocabulaire import Organisme
from infrastructure.cle_maitre import CleMaitre

PREFIXE_SECRET = "whsec_"
OCTETS_SECRET = 24
ROLES_ABONNES: dict[Role, Qualite] = {role: QUALITES[role] for role in AGIT_POUR_UN_ORGANE}
"""The roles a subscription may act in (an agent's or an authority's of a body), and the capacity each stands in
before competence."""
TYPES_PAR_NOM: dict[str, type[Publiable]] = {cls.__name__: cls for cls in PUBLIABLES}


class StatutAbonnement(Enum):
    ACTIF = "actif"
    """Its deliveries are recorded and sent."""
    SUSPENDU = "suspendu"
    """Its deliveries are recorded, not sent: they leave, in order, once it is active again."""
    RESILIE = "resilie"
    """Nothing more is recorded nor sent; its delivery log stays readable."""


class StatutLivraison(Enum):
    EN_ATTENTE = "en_attente"
    """To send, or to send again after a failed attempt (``prochain_essai``)."""
    LIVREE = "livree"
    """The subscriber answered 2xx."""
    ECHEC = "echec"
    """Every attempt failed: a dead letter, sent again only when an administrator replays it."""


@dataclass(frozen=True)
class Abonnement:
    id: UUID
    url: str
    organe: Organe
    role: Role
    types: frozenset[type[Publiable]]
    description: str
    statut: StatutAbonnement
    depuis: int
    """The store's position when it was created: the tail records the changes after it."""
    cree_le: float

    @property
    def lecteur(self) -> Intervenant:
        """The subscription as a reader: an agent or the authority of its body (never a named référent)."""
        return Intervenant(ROLES_ABONNES[self.role], self.organe, f"abonnement:{self.id}")

    @property
    def noms_des_types(self) -> list[str]:
        return sorted(t.__name__ for t in self.types)


@dataclass(frozen=True)
class NouvelleLivraison:
    """One change due to one subscription, as the enqueuer records it. Its payload is not kept: it is
    rendered from the store when it is sent (docs/webhooks.md, « Données personnelles »)."""

    webhook_id: str
    abonnement_id: UUID
    position: int
    parcours_id: UUID
    type: str
    version: int
    masque: bool


@dataclass(frozen=True)
class Livraison(NouvelleLivraison):
    """A delivery as the delivery log shows it: the change, and what became of its sending."""

    statut: StatutLivraison
    tentatives: int
    prochain_essai: float | None
    dernier_statut_http: int | None
    derniere_erreur: str | None
    livree_le: float | None
    creee_le: float


def types_nommes(noms: list[str]) -> frozenset[type[Publiable]]:
    """The catalogue's classes of these names; a name the catalogue no longer holds is left out."""
    return frozenset(TYPES_PAR_NOM[nom] for nom in noms if nom in TYPES_PAR_NOM)


def organe(organisme: str, departement: str) -> Organe:
    return Organe(Organisme(organisme), departement)


def identifiant_de_message(abonnement_id: UUID, position: int) -> str:
    """The ``webhook-id`` of a change for a subscription: the same at every attempt and every replay, so that a
    receiver recognises a message it already has (``msg_`` and 32 hexadecimal digits)."""
    return f"msg_{uuid5(abonnement_id, str(position)).hex}"


def nouveau_secret() -> tuple[str, bytes]:
    """A secret as the subscriber receives it (``whsec_…``), and its bytes."""
    octets = os.urandom(OCTETS_SECRET)
    return PREFIXE_SECRET + base64.b64encode(octets).decode(), octets


def envelopper(maitre: CleMaitre, abonnement_id: UUID, secret: bytes) -> tuple[bytes, int]:
    """The secret wrapped under the current master key, bound to the subscription, and that key's version."""
    return maitre.envelopper(secret, abonnement_id), maitre.version


def ouvrir(maitre: CleMaitre, abonnement_id: UUID, enveloppe: bytes, version: int) -> bytes:
    return maitre.ouvrir(enveloppe, version, abonnement_id, abonnement_id)
