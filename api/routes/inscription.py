"""Inscription, sortie, réouverture, rectification."""

from typing import Any
from uuid import uuid4

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.acces import AGENTS, AUTORITE, PARTENAIRE, peut_inscrire, peut_voir
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursAInformer, ParcoursVisible
from api.modeles.commandes import InformerDroitsRsa, Inscrire, Rectifier, Rouvrir, Sortir, Transferer
from api.problemes import Probleme
from api.routes.reponses import commande
from application.parcours import ParcoursApplication, Resultat
from application.principal import Principal
from application.saisie import Saisie
from domain.regles.personne import ParcoursDejaOuvert

routeur = APIRouter(prefix="/parcours", tags=["inscription et sortie"])


CREE: dict[int | str, dict[str, Any]] = {201: {"description": "Parcours créé (`Location` : son adresse)."}}


@routeur.post(
    "",
    summary="Inscrire une personne : un nouveau parcours",
    status_code=201,
    **commande(ParcoursApplication.inscrire, AGENTS | PARTENAIRE, autres=CREE),
)
def inscrire(corps: Inscrire, app: ApplicationDep, executeur: ExecuteurDep) -> JSONResponse:
    """Inscrit une personne : un nouveau parcours, dont l'identifiant ne dit rien d'elle (CT L.5411-1).
    Avec ses données d'orientation, l'algorithme propose aussitôt, selon le référentiel publié en
    vigueur à la date d'effet ; une proposition évidente sans donnée sensible peut être confirmée
    par l'algorithme seul, si la politique de l'autorité compétente le prévoit."""
    inscription = corps.inscription.vers_domaine()
    if not peut_inscrire(executeur.principal, inscription):
        raise Probleme(403, "Inscription hors de votre territoire.")
    parcours_id, donnees = uuid4(), [d.vers_application() for d in corps.donnees_orientation]
    personne = corps.personne.vers_domaine() if corps.personne else None

    def inscrire_la_personne(saisie: Saisie) -> Resultat:
        try:
            return app.inscrire(saisie, inscription, parcours_id, donnees, personne)
        except ParcoursDejaOuvert as refus:
            raise sans_ce_que_l_appelant_ne_voit_pas(refus, app, executeur.principal) from None

    return executeur.executer(corps, inscrire_la_personne, statut=201)


def sans_ce_que_l_appelant_ne_voit_pas(
    refus: ParcoursDejaOuvert, app: ParcoursApplication, principal: Principal
) -> ParcoursDejaOuvert:
    """The open parcours is named to whoever may see it; to anyone else, only that one exists."""
    ouvert = app.trouver(refus.parcours_id) if refus.parcours_id else None
    if ouvert is not None and peut_voir(app, principal, ouvert):
        return ParcoursDejaOuvert(f"{refus.detail} Parcours ouvert : {ouvert.id}.", ouvert.id)
    return ParcoursDejaOuvert(refus.detail, None)


@routeur.post(
    "/{parcours_id}/transfert",
    summary="Transférer le parcours vers un autre département",
    **commande(ParcoursApplication.transferer, AGENTS),
)
def transferer(
    parcours: ParcoursVisible, corps: Transferer, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Transfère le parcours au département où la personne a déménagé : l'organisme référent l'enregistre,
    les organismes du nouveau département deviennent compétents, le référent nommé n'est plus désigné."""
    territoire = corps.territoire.vers_domaine()
    return executeur.executer(corps, lambda saisie: app.transferer(parcours, saisie, territoire))


@routeur.post(
    "/{parcours_id}/droits-rsa",
    summary="Informer de l'ouverture du droit au RSA",
    **commande(ParcoursApplication.informer_droits_rsa, AGENTS | PARTENAIRE),
)
def informer_droits_rsa(
    parcours: ParcoursAInformer, corps: InformerDroitsRsa, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Informe le président du conseil départemental de l'ouverture des droits au RSA (flux CAF/MSA) :
    il oriente, puis France Travail aussi six semaines après l'information (CASF L.262-29, D.262-65-2).
    Le flux d'un partenaire informe sans rien lire du parcours."""
    ouverts_le, informe_le, source = corps.ouverts_le, corps.informe_le, corps.source
    return executeur.executer(
        corps, lambda saisie: app.informer_droits_rsa(parcours, saisie, ouverts_le, informe_le, source)
    )


@routeur.post(
    "/{parcours_id}/sortie", summary="Clore le parcours (sortie)", **commande(ParcoursApplication.sortir, AGENTS)
)
def sortir(parcours: ParcoursVisible, corps: Sortir, app: ApplicationDep, executeur: ExecuteurDep) -> JSONResponse:
    """Clôt le parcours (emploi durable, formation, déménagement...) ; la radiation passe par les sanctions."""
    return executeur.executer(corps, lambda saisie: app.sortir(parcours, saisie, corps.motif_sortie))


@routeur.post(
    "/{parcours_id}/reouverture", summary="Rouvrir un parcours clos", **commande(ParcoursApplication.rouvrir, AGENTS)
)
def rouvrir(parcours: ParcoursVisible, corps: Rouvrir, app: ApplicationDep, executeur: ExecuteurDep) -> JSONResponse:
    """Rouvre un parcours clos ; pendant une radiation, seulement pour une demande de RSA (CT R.5412-5)."""
    inscription, donnees = corps.inscription.vers_domaine(), [d.vers_application() for d in corps.donnees_orientation]
    return executeur.executer(corps, lambda saisie: app.rouvrir(parcours, saisie, inscription, donnees))


@routeur.post(
    "/{parcours_id}/rectifications",
    summary="Rectifier un événement antérieur",
    **commande(ParcoursApplication.rectifier, AGENTS | AUTORITE),
)
def rectifier(
    parcours: ParcoursVisible, corps: Rectifier, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Rectifie un événement antérieur : la correction s'ajoute à côté, l'original ne change jamais."""
    version, corrections = corps.version_rectifiee, corps.corrections
    return executeur.executer(corps, lambda saisie: app.rectifier(parcours, saisie, version, corrections))
