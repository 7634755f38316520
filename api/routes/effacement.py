"""Erasing a person's personal data before the nightly purge: on a court order, a CNIL order or a request
judged founded (RGPD art. 17, art. 58 2 g; issue 18 §5). The purge (``parcours donnees purger``) erases
what the retention no longer allows to keep; this route is for the data controller's decisions, which
the law may ask sooner. The erasure is an event of the person (who, when, on which basis), the key goes,
and the proof stays: the parcours keeps its steps, dates and legal bases, unreadable texts in place."""

from fastapi import APIRouter, Request

from api.dependances import ApplicationDep, PrincipalDep, VersionAttendue
from api.modeles.personnes import EffacementLu, Effacer
from api.routes.personnes import PersonneVisible
from api.routes.reponses import commande
from application.effacement import effacer_personne
from application.principal import Role

routeur = APIRouter(prefix="/personnes", tags=["personnes"])
RESPONSABLES_DU_TRAITEMENT = frozenset({Role.RESPONSABLE, Role.ADMIN})
"""Who decides for the controller: the organisme's manager, the operator's administrator."""


@routeur.post(
    "/{personne_id}/effacement",
    summary="Effacer les données personnelles d'une personne",
    **commande(effacer_personne, RESPONSABLES_DU_TRAITEMENT, EffacementLu),
)
def effacer(
    personne: PersonneVisible,
    corps: Effacer,
    request: Request,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> EffacementLu:
    """Efface les données personnelles de la personne (identité, coordonnées, textes libres de ses parcours) :
    refusé tant qu'un de ses parcours est ouvert, et avant la fin de la conservation sauf décision de justice,
    injonction de la CNIL ou demande fondée (`conservation-en-cours`). Les faits juridiques restent."""
    fait = effacer_personne(
        app, personne.id, corps.saisie(appelant, version), corps.au_titre_de, request.app.state.idempotence
    )
    return EffacementLu(
        personne_id=str(fait.personne_id),
        version=fait.version,
        position=fait.position,
        fondement=fait.fondement,
        cles_effacees=fait.cles,
    )
