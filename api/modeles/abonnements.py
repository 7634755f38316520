"""The webhook subscriptions' bodies and answers (``api/routes/abonnements.py``, docs/webhooks.md)."""

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated
from urllib.parse import urlsplit
from uuid import UUID

from annotated_types import Ge, Le
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from api.modeles.bornes import POSITION_MAX, Departement, Libelle
from application.flux import PUBLIABLES
from domain.vocabulaire import Organisme
from infrastructure.webhooks.abonnements import Abonnement, Livraison, StatutAbonnement, StatutLivraison

TypeEvenement = Enum(  # type: ignore[misc]  # the catalogue's names, so that OpenAPI lists them
    "TypeEvenement", {cls.__name__: cls.__name__ for cls in PUBLIABLES}
)
"""A type the feed carries: an event of the parcours (docs/evenements.md) or a reminder (docs/rappels.md)."""


class RoleAbonne(Enum):
    """The role a subscribing body reads the parcours in: an agent's, or its autorité de sanction's."""

    CONSEILLER = "conseiller"
    REFERENT = "referent"
    RESPONSABLE = "responsable"
    AUTORITE_SANCTION = "autorite_sanction"


def url_http(url: str) -> str:
    """An absolute http(s) URL with a host and no credentials (a secret does not travel in a URL)."""
    morceaux = urlsplit(url)
    if morceaux.scheme not in ("https", "http") or not morceaux.hostname:
        raise ValueError("URL absolue https:// attendue")
    if morceaux.username or morceaux.password:
        raise ValueError("pas d'identifiants dans l'URL")
    return url


UrlDeReception = Annotated[str, StringConstraints(max_length=2000), AfterValidator(url_http)]
Position = Annotated[int, Ge(0), Le(POSITION_MAX)]

EXEMPLE_ABONNEMENT: dict[str, JsonValue] = {
    "id": "3d6f0a52-8a4b-4f7e-9c1d-2b7e5a9c0f13",
    "url": "https://insertion.departement-75.fr/parcours/webhooks",
    "organisme": "DEPARTEMENT",
    "departement": "75",
    "role": "autorite_sanction",
    "types": ["SanctionDecidee", "RecoursTranche"],
    "description": "Logiciel RSA du département",
    "statut": "actif",
    "depuis": 1042,
    "cree_le": "2025-06-02T08:00:00Z",
}


DEMANDE = ("url", "organisme", "departement", "role", "types", "description")


class DemandeAbonnement(BaseModel):
    """Le corps de `creer_abonnement` : où envoyer, pour quel organisme, dans quel rôle et quels types de
    changements."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{k: EXEMPLE_ABONNEMENT[k] for k in DEMANDE}]}
    )

    url: UrlDeReception = Field(
        description="Où les événements sont POSTés : https exigé (http seulement vers la boucle locale, en "
        "développement)."
    )
    organisme: Organisme = Field(description="L'organisme abonné : il reçoit ce que ce rôle y lit.")
    departement: Departement = Field(description="Le département où cet organisme agit.", examples=["75"])
    role: RoleAbonne = Field(description="Le rôle dans lequel l'organisme lit les parcours.")
    types: list[TypeEvenement] = Field(min_length=1, max_length=len(PUBLIABLES), description="Les types voulus.")
    description: Libelle = Field(description="Pour l'exploitation : qui reçoit, pour quoi faire.")


class AbonnementVue(BaseModel):
    """Un abonnement d'un organisme aux webhooks (sans son secret)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXEMPLE_ABONNEMENT]})

    id: UUID
    url: str
    organisme: Organisme
    departement: str
    role: RoleAbonne
    types: list[TypeEvenement]
    description: str
    statut: StatutAbonnement = Field(description="`actif`, `suspendu` (rien n'est envoyé), `resilie`.")
    depuis: int = Field(description="La position du journal à sa création : il reçoit les changements suivants.")
    cree_le: datetime

    @classmethod
    def de(cls, abonnement: Abonnement) -> "AbonnementVue":
        return cls(
            id=abonnement.id, url=abonnement.url, organisme=abonnement.organe.organisme,
            departement=abonnement.organe.departement, role=RoleAbonne(abonnement.role.value),
            types=[TypeEvenement(nom) for nom in abonnement.noms_des_types], description=abonnement.description,
            statut=abonnement.statut, depuis=abonnement.depuis, cree_le=instant(abonnement.cree_le),
        )  # fmt: skip


class AbonnementCree(AbonnementVue):
    """L'abonnement créé, avec son secret de signature : montré cette seule fois, à garder."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**EXEMPLE_ABONNEMENT, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]}
    )

    secret: str = Field(
        description="Le secret qui signe chaque envoi (Standard Webhooks) : montré cette seule fois, à conserver."
    )


class ChangementAbonnement(BaseModel):
    """Suspendre (`actif: false`) ou reprendre (`actif: true`) les envois d'un abonnement."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"actif": False}]})

    actif: bool = Field(
        description="`false` suspend les envois (ils attendent, dans l'ordre) ; `true` les reprend.", examples=[False]
    )


class LivraisonVue(BaseModel):
    """La livraison d'un changement à un abonné : ce qui part, son statut, ses tentatives."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "webhook_id": "msg_5b0c7f1e2a9d4c3b8e6f1a2b3c4d5e6f",
                    "position": 1057,
                    "parcours_id": "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10",
                    "type": "SanctionDecidee",
                    "version": 9,
                    "masque": False,
                    "statut": "en_attente",
                    "tentatives": 2,
                    "prochain_essai": "2025-06-02T08:01:30Z",
                    "dernier_statut_http": 503,
                    "derniere_erreur": "HTTP 503",
                    "livree_le": None,
                    "creee_le": "2025-06-02T08:00:01Z",
                }
            ]
        }
    )

    webhook_id: str = Field(description="L'en-tête `webhook-id` : le même à chaque essai et à chaque rejeu.")
    position: int
    parcours_id: UUID
    type: str
    version: int = Field(description="La version du parcours après cet événement ; 0 pour un rappel d'échéance.")
    masque: bool = Field(description="Contenu omis : le rôle de l'abonné ne lit pas cette partie du parcours.")
    statut: StatutLivraison
    tentatives: int
    prochain_essai: datetime | None = None
    dernier_statut_http: int | None = None
    derniere_erreur: str | None = None
    livree_le: datetime | None = None
    creee_le: datetime

    @classmethod
    def de(cls, livraison: Livraison) -> "LivraisonVue":
        return cls(
            webhook_id=livraison.webhook_id, position=livraison.position, parcours_id=livraison.parcours_id,
            type=livraison.type, version=livraison.version, masque=livraison.masque, statut=livraison.statut,
            tentatives=livraison.tentatives, prochain_essai=instant_ou_rien(livraison.prochain_essai),
            dernier_statut_http=livraison.dernier_statut_http, derniere_erreur=livraison.derniere_erreur,
            livree_le=instant_ou_rien(livraison.livree_le), creee_le=instant(livraison.creee_le),
        )  # fmt: skip


class DemandeDeRejeu(BaseModel):
    """Le corps de `rejouer_depuis` : la position du journal après laquelle tout renvoyer."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"depuis": 1000}]})

    depuis: Position = Field(description="Les changements après cette position sont envoyés à nouveau.", examples=[0])


class RejeuAccepte(BaseModel):
    """Le rejeu est accepté : les positions du journal renvoyées, de `depuis` (exclue) à `jusqu_a`."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"depuis": 0, "jusqu_a": 1042}]})

    depuis: int
    jusqu_a: int = Field(description="Où en était le fil à la demande ; au-delà, les envois suivent leur cours.")


def instant(secondes: float) -> datetime:
    return datetime.fromtimestamp(secondes, UTC)


def instant_ou_rien(secondes: float | None) -> datetime | None:
    return None if secondes is None else instant(secondes)
