"""Webhook subscriptions for partners' software (issue 22; docs/webhooks.md): an administrator subscribes a body,
in a role, to types of events, reads the delivery log and the dead letters, and replays.

``parcours webhooks run`` does the sending; these routes only read and write the subscriptions' store.
"""

import ipaddress
import time
from typing import Annotated, Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Query, Request, Response

from api.dependances import ApplicationDep, ReglagesDep, RoleRequis
from api.modeles.abonnements import (
    AbonnementCree,
    AbonnementVue,
    ChangementAbonnement,
    DemandeAbonnement,
    DemandeDeRejeu,
    LivraisonVue,
    Position,
    RejeuAccepte,
)
from api.modeles.bornes import Identifiant
from api.problemes import Probleme
from api.routes.reponses import reponse_probleme
from application.principal import Role
from infrastructure.cle_maitre import cle_maitre_de
from infrastructure.reglages import Mode, Reglages
from infrastructure.webhooks.abonnements import (
    Abonnement,
    StatutAbonnement,
    StatutLivraison,
    organe,
    types_nommes,
)
from infrastructure.webhooks.magasin import MagasinWebhooks, abonner

REPONSES: dict[int | str, dict[str, Any]] = {
    400: reponse_probleme("Corps de requête illisible (pas du JSON)."),
    401: reponse_probleme("Jeton absent ou refusé."),
    403: reponse_probleme("Les abonnements sont réservés aux administrateurs."),
    404: reponse_probleme(
        "Abonnement inconnu (`abonnement-introuvable`) ou livraison inconnue (`livraison-introuvable`)."
    ),
    409: reponse_probleme("L'abonnement est résilié (`abonnement-resilie`)."),
    413: reponse_probleme("Corps de requête trop volumineux."),
    422: reponse_probleme("Données invalides, ou URL qui n'est pas en https (`url-non-securisee`)."),
}
routeur = APIRouter(
    prefix="/abonnements",
    tags=["abonnements"],
    dependencies=[Depends(RoleRequis(frozenset({Role.ADMIN}), "Le rôle « {role} » ne gère pas les abonnements."))],
    responses=REPONSES,
)


async def magasin(request: Request) -> MagasinWebhooks:
    abonnements: MagasinWebhooks = request.app.state.abonnements
    return abonnements


MagasinDep = Annotated[MagasinWebhooks, Depends(magasin)]


def existant(abonnement_id: UUID, magasin: MagasinDep) -> Abonnement:
    abonnement = magasin.abonnement(abonnement_id)
    if abonnement is None:
        raise Probleme(404, f"Aucun abonnement {abonnement_id}.", "abonnement-introuvable")
    return abonnement


Existant = Annotated[Abonnement, Depends(existant)]


def en_vigueur(abonnement: Existant) -> Abonnement:
    if abonnement.statut is StatutAbonnement.RESILIE:
        raise Probleme(409, f"L'abonnement {abonnement.id} est résilié.", "abonnement-resilie")
    return abonnement


EnVigueur = Annotated[Abonnement, Depends(en_vigueur)]


@routeur.post(
    "",
    response_description="Abonnement créé ; son secret n'est montré qu'ici.",
    status_code=201,
    response_model=AbonnementCree,
    summary="Abonner un organisme",
)
def creer_abonnement(
    demande: DemandeAbonnement, app: ApplicationDep, reglages: ReglagesDep, magasin: MagasinDep
) -> AbonnementCree:
    """Abonne un organisme, dans un rôle, à des types d'événements : il recevra, signés, les changements des
    parcours où il tient un rôle, tels que ce rôle les lit. Le secret de signature n'est montré qu'ici."""
    exiger_https(demande.url, reglages)
    abonnement = Abonnement(
        id=uuid4(), url=demande.url, organe=organe(demande.organisme.value, demande.departement),
        role=Role(demande.role.value), types=types_nommes([t.value for t in demande.types]),
        description=demande.description, statut=StatutAbonnement.ACTIF,
        depuis=app.recorder.max_notification_id() or 0, cree_le=time.time(),
    )  # fmt: skip
    secret = abonner(magasin, cle_maitre_de(reglages), abonnement)
    return AbonnementCree(**AbonnementVue.de(abonnement).model_dump(), secret=secret)


@routeur.get(
    "",
    response_description="Les abonnements, du plus ancien au plus récent.",
    response_model=list[AbonnementVue],
    summary="Lister les abonnements",
)
def lister_abonnements(magasin: MagasinDep) -> list[AbonnementVue]:
    """Tous les abonnements, résiliés compris, du plus ancien au plus récent."""
    return [AbonnementVue.de(a) for a in magasin.tous()]


@routeur.get(
    "/{abonnement_id}",
    response_description="L'abonnement, sans son secret.",
    response_model=AbonnementVue,
    summary="Lire un abonnement",
)
def lire_abonnement(abonnement: Existant) -> AbonnementVue:
    """Un abonnement (sans son secret)."""
    return AbonnementVue.de(abonnement)


@routeur.patch(
    "/{abonnement_id}",
    response_description="L'abonnement, suspendu ou repris.",
    response_model=AbonnementVue,
    summary="Suspendre ou reprendre les envois",
)
def changer_abonnement(changement: ChangementAbonnement, abonnement: EnVigueur, magasin: MagasinDep) -> AbonnementVue:
    """Suspend les envois (`actif: false`) : les changements continuent d'être retenus, et partent dans l'ordre à
    la reprise (`actif: true`)."""
    statut = StatutAbonnement.ACTIF if changement.actif else StatutAbonnement.SUSPENDU
    magasin.changer_statut(abonnement.id, statut)
    return AbonnementVue.de(existant(abonnement.id, magasin))


@routeur.delete(
    "/{abonnement_id}", response_description="Abonnement résilié.", status_code=204, summary="Résilier un abonnement"
)
def resilier_abonnement(abonnement: Existant, magasin: MagasinDep) -> Response:
    """Résilie l'abonnement : plus rien n'est retenu ni envoyé ; son journal des livraisons reste lisible."""
    magasin.changer_statut(abonnement.id, StatutAbonnement.RESILIE)
    return Response(status_code=204)


@routeur.get(
    "/{abonnement_id}/livraisons",
    response_description="Les livraisons, dans l'ordre du journal.",
    response_model=list[LivraisonVue],
    summary="Journal des livraisons",
)
def lister_livraisons(
    abonnement: Existant,
    magasin: MagasinDep,
    statut: Annotated[StatutLivraison | None, Query(description="Seulement les livraisons de ce statut.")] = None,
    apres: Annotated[Position, Query(description="Les livraisons après cette position (pagination).")] = 0,
    limite: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[LivraisonVue]:
    """Chaque changement dû à l'abonné, dans l'ordre du journal : son `webhook-id`, sa position, son parcours,
    son type, ses essais, son statut, la dernière réponse ou erreur et le prochain essai."""
    return [LivraisonVue.de(livraison) for livraison in magasin.journal(abonnement.id, statut, apres, limite)]


@routeur.get(
    "/{abonnement_id}/echecs",
    response_description="Les lettres mortes.",
    response_model=list[LivraisonVue],
    summary="Lettres mortes",
)
def lister_echecs(
    abonnement: Existant,
    magasin: MagasinDep,
    apres: Annotated[Position, Query(description="Les échecs après cette position (pagination).")] = 0,
    limite: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[LivraisonVue]:
    """Les livraisons abandonnées après le dernier essai : chacune se rejoue
    (`POST /abonnements/{id}/livraisons/{webhook_id}/rejouer`)."""
    return [LivraisonVue.de(echec) for echec in magasin.journal(abonnement.id, StatutLivraison.ECHEC, apres, limite)]


@routeur.post(
    "/{abonnement_id}/livraisons/{webhook_id}/rejouer",
    response_description="Livraison remise dans la file d'envoi.",
    status_code=202,
    response_model=LivraisonVue,
    summary="Renvoyer une livraison",
)
def rejouer_une_livraison(webhook_id: Identifiant, abonnement: EnVigueur, magasin: MagasinDep) -> LivraisonVue:
    """Envoie à nouveau une livraison (une lettre morte, ou une livraison faite), avec le même `webhook-id`, dès
    son tour dans l'ordre de son parcours ; une livraison en attente reste comme elle est."""
    magasin.rejouer(abonnement.id, webhook_id, time.time())
    livraison = magasin.livraison(abonnement.id, webhook_id)
    if livraison is None:
        raise Probleme(404, f"Aucune livraison {webhook_id} pour cet abonnement.", "livraison-introuvable")
    return LivraisonVue.de(livraison)


@routeur.post(
    "/{abonnement_id}/rejouer",
    response_description="Rejeu accepté : les livraisons sont remises dans la file d'envoi.",
    status_code=202,
    response_model=RejeuAccepte,
    summary="Renvoyer les changements depuis une position",
)
def rejouer_depuis(demande: DemandeDeRejeu, abonnement: EnVigueur, magasin: MagasinDep) -> RejeuAccepte:
    """Envoie à nouveau les changements après la position `depuis` (avant la création de l'abonnement compris),
    avec leurs `webhook-id` d'origine, jusqu'à la position où en était le fil ; le processus des webhooks
    s'en charge, page par page. Une nouvelle demande remplace celle en cours."""
    rejeu = magasin.demander_un_rejeu(abonnement.id, demande.depuis)
    return RejeuAccepte(depuis=rejeu.position, jusqu_a=rejeu.jusqu_a)


def exiger_https(url: str, reglages: Reglages) -> None:
    """https, or http to the loopback in development (a receiver on the developer's machine)."""
    morceaux = urlsplit(url)
    if morceaux.scheme == "https":
        return
    if reglages.mode is Mode.DEVELOPPEMENT and boucle_locale(morceaux.hostname or ""):
        return
    raise Probleme(
        422,
        "Les événements ne partent que vers une URL https (http seulement vers la boucle locale, en développement).",
        "url-non-securisee",
    )


def boucle_locale(hote: str) -> bool:
    if hote == "localhost":
        return True
    try:
        return ipaddress.ip_address(hote).is_loopback
    except ValueError:
        return False
