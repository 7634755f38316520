"""The rectification requests of a person, for the agents who follow them (RGPD art. 16): list them,
and answer each within one month (art. 12 §3). An accepted request is then corrected through the
person's own commands (``/personnes/{id}/identite``, ``/contact``...), each accountable on its own."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.acces import AGENTS
from api.dependances import ApplicationDep, MotifConsultation, PrincipalDep, VersionAttendue
from api.modeles.bornes import Identifiant
from api.modeles.moi import RectificationVue, RepondreRectification
from api.modeles.personnes import PersonneModifieeLue
from api.problemes import Probleme
from api.routes.moi import vue
from api.routes.personnes import LECTEURS, REPONSES, PersonneVisible, noter
from api.routes.reponses import commande
from application import espace
from application.saisie import Saisie

routeur = APIRouter(prefix="/personnes/{personne_id}/rectifications", tags=["personnes"])


@routeur.get(
    "",
    summary="Lister les demandes de rectification d'une personne",
    response_description="Les demandes de rectification, avec leur réponse.",
    response_model=list[RectificationVue],
    responses=REPONSES,
)
def lister_rectifications(
    personne: PersonneVisible,
    app: ApplicationDep,
    request: Request,
    appelant: PrincipalDep,
    en_attente: Annotated[bool | None, Query(description="Seulement celles qui attendent une réponse.")] = None,
    motif: MotifConsultation = None,
) -> list[RectificationVue]:
    """Les demandes de rectification de la personne, avec leur réponse et la date où elle est due."""
    if appelant.role not in LECTEURS:
        raise Probleme(403, "Réservé aux agents, aux autorités et aux auditeurs ; la personne lit /moi/rectifications.")
    noter(request, appelant, [personne], motif)
    demandes = espace.rectifications(app, personne)
    return [vue(r) for r in demandes if en_attente is None or r.en_attente == en_attente]


@routeur.post(
    "/{numero}/reponse",
    summary="Répondre à une demande de rectification",
    **commande(espace.repondre_rectification, AGENTS, PersonneModifieeLue),
)
def repondre_rectification(
    numero: Identifiant,
    personne: PersonneVisible,
    corps: RepondreRectification,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> PersonneModifieeLue:
    """Répond à une demande de rectification : acceptée (puis corrigez la fiche) ou refusée avec son motif."""
    saisie = Saisie(principal=appelant, version_attendue=version)
    resultat = espace.repondre_rectification(app, personne, saisie, numero, corps.acceptee, corps.reponse)
    return PersonneModifieeLue(personne_id=resultat.personne_id, version=resultat.version, position=resultat.position)
