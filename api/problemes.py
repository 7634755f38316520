"""Every error leaves as an RFC 9457 problem (application/problem+json), from this one module.

``type`` is stable for programs (``/erreurs/<code>``, served by ``GET /erreurs/{code}``); ``title``
and ``detail`` are French, for people; ``regle`` names the domain rule that refused a command;
``errors`` lists invalid fields. No stack trace ever leaves the service.
"""

import re
from typing import Any

import psycopg
from eventsourcing import persistence as persistance
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.messages import en_francais
from application.courriers import EnvoiImpossible
from application.erreurs import CleIdempotenceReutilisee, EcritureConcurrente, VersionPerimee
from application.personnes import PersonneInconnue
from application.principal import LectureSeule
from domain.erreurs import RegleEnfreinte
from domain.regles.competence import Incompetence
from domain.regles.parcours import ParcoursNonInscrit
from domain.regles.personne import ParcoursDejaOuvert
from domain.valeur import ValeurInvalide
from infrastructure.metriques import PROBLEMES

MEDIA_PROBLEME = "application/problem+json"

StockIndisponible = (persistance.OperationalError, persistance.InterfaceError, psycopg.OperationalError, PoolTimeout)
"""Failures of the connection to the store, not of the request: worth sending again."""

TITRES_HTTP = {
    400: ("requete-invalide", "Requête invalide"),
    401: ("non-authentifie", "Authentification requise"),
    403: ("interdit", "Action non autorisée pour ce rôle"),
    404: ("introuvable", "Ressource introuvable"),
    405: ("methode-non-permise", "Méthode non permise"),
    409: ("conflit", "Conflit"),
    412: ("version-perimee", "Version périmée"),
    413: ("corps-trop-volumineux", "Corps de requête trop volumineux"),
    422: ("donnees-invalides", "Données invalides"),
    429: ("trop-de-requetes", "Trop de requêtes"),
    500: ("erreur-interne", "Erreur interne"),
    503: ("indisponible", "Service momentanément indisponible"),
}
CODES_DU_JOURNAL: dict[str, str] = {
    "aucun-checkpoint": "Le journal de transparence n'a encore signé aucun checkpoint (journal vide).",
    "tailles-invalides": "Pas de preuve de cohérence entre ces tailles : l'ancienne dépasse la nouvelle, ou la "
    "nouvelle dépasse le journal.",
    "note-invalide": "Le corps n'est pas une note signée C2SP (signed-note) portant un checkpoint (tlog-checkpoint).",
    "temoin-inconnu": "La note ne porte la cosignature d'aucun témoin que le service accepte (PARCOURS_TEMOINS).",
    "cosignature-invalide": "La cosignature d'un témoin accepté ne se vérifie pas sur ce checkpoint.",
    "checkpoint-inconnu": "Le journal n'a signé aucun checkpoint de cette taille.",
    "checkpoint-different": "Le journal a signé pour cette taille un autre checkpoint que celui cosigné.",
}
"""The transparency log's problem types (``api/routes/transparence.py``)."""

CODES_API: dict[str, str] = {
    **dict(TITRES_HTTP.values()),
    **CODES_DU_JOURNAL,
    "parcours-introuvable": "Parcours inconnu, ou que l'appelant ne peut pas voir (les deux cas se confondent).",
    "jeton-invalide": "Jeton absent, illisible, expiré, ou non signé par une clé de confiance.",
    "ecriture-concurrente": "Une autre commande a modifié le parcours entre-temps ; rien n'a été enregistré.",
    "lecture-seule": "Ce rôle consulte les parcours mais n'y inscrit aucune étape.",
    "cle-idempotence-reutilisee": "Cette clé d'idempotence a déjà servi pour une autre requête.",
    "projection-en-retard": "La vue n'a pas atteint à temps la position demandée (position_min) ; réessayer.",
    "vue-bloquee": "Une vue est bloquée sur un événement qu'elle ne sait pas appliquer (vue et position nommées) ; "
    "l'exploitation la débloque (docs/projections.md).",
    "position-invalide": "Last-Event-ID (ou depuis) n'est pas une position du journal des événements : un entier "
    "positif, au plus la dernière position enregistrée (GET /flux).",
    "flux-trop-nombreux": "L'appelant a déjà le nombre maximal de flux ouverts (PARCOURS_FLUX_PAR_APPELANT) ; en "
    "fermer un avant d'en ouvrir un autre.",
    "magasin-indisponible": "Le magasin d'événements ne répond pas (redémarrage en cours ?) ; réessayer.",
    "vues-en-retard": "Les vues ont trop de retard sur le magasin (un `projections run` arrêté ?) : le service n'est "
    "pas prêt (GET /ready) ; réessayer après Retry-After.",
    "abonnement-introuvable": "Aucun abonnement aux webhooks à cet identifiant.",
    "livraison-introuvable": "Aucune livraison de ce webhook-id pour cet abonnement.",
    "abonnement-resilie": "L'abonnement est résilié : il ne se suspend, ne se reprend ni ne se rejoue plus.",
    "url-non-securisee": "Les webhooks ne partent que vers une URL https (http seulement vers la boucle locale, en "
    "développement).",
    "envoi-echoue": "Le canal d'envoi (serveur de courriel, dossier de dépôt) n'a pas pris le courrier ; rien n'a été "
    "enregistré : renvoyer la même requête.",
    "canal-indisponible": "Le service n'est pas configuré pour envoyer par ce canal (PARCOURS_SMTP_HOTE, "
    "PARCOURS_DEPOT_COURRIERS) ; rien n'a été enregistré.",
    "courrier-non-reproductible": "Le courrier rédigé à nouveau n'a pas l'empreinte enregistrée à son envoi "
    "(données personnelles effacées, ou rédaction changée) : l'empreinte enregistrée fait foi.",
}
"""Problem types that are not rules of the domain, with their French description."""


class Probleme(Exception):
    """An HTTP failure the routes raise on purpose, with its stable code."""

    def __init__(self, statut: int, detail: str, code: str | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.statut = statut
        self.detail = detail
        self.code = code or TITRES_HTTP.get(statut, ("erreur", ""))[0]
        self.extensions = extensions


def probleme(statut: int, code: str, titre: str, detail: str, request: Request, **extensions: Any) -> JSONResponse:
    corps = {
        "type": f"/erreurs/{code}",
        "title": titre,
        "status": statut,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    PROBLEMES.labels(code=code, statut=str(statut)).inc()
    entetes = {"Retry-After": str(REESSAYER_APRES[statut])} if statut in REESSAYER_APRES else None
    return JSONResponse(corps, status_code=statut, media_type=MEDIA_PROBLEME, headers=entetes)


REESSAYER_APRES = {503: 5, 429: 30}
"""Seconds a client waits before trying again (RFC 9110 §10.2.3): the store or a view back soon, a stream freed."""


def titre_de_regle(erreur: type[RegleEnfreinte]) -> str:
    """The rule's French title, for people."""
    return erreur.titre


REFUS = (RegleEnfreinte, VersionPerimee)
"""What refuses a command for good: the command executor keeps its answer under the caller's
idempotency key, so that a replay gets the same answer."""


def refus(erreur: RegleEnfreinte | VersionPerimee, request: Request) -> JSONResponse:
    """The one mapping of a refusal to its problem: a rule of the domain (409, naming its article), a
    body acting outside its competence (403, naming the article that gives the act to another), a
    stale ``If-Match`` (412), or no parcours at that id, version or date (404, like a parcours the
    caller may not see)."""
    if isinstance(erreur, VersionPerimee):
        detail = f'{erreur} Relisez le parcours puis renvoyez la commande avec If-Match: "{erreur.actuelle}".'
        return probleme(412, "version-perimee", "Version périmée", detail, request, version_actuelle=erreur.actuelle)
    if isinstance(erreur, ParcoursNonInscrit):
        return probleme(404, "parcours-introuvable", TITRES_HTTP[404][1], erreur.detail, request)
    if isinstance(erreur, PersonneInconnue):
        return probleme(404, erreur.code, titre_de_regle(type(erreur)), erreur.detail, request)
    if isinstance(erreur, Incompetence):
        return probleme(403, erreur.code, titre_de_regle(type(erreur)), erreur.detail, request, regle=erreur.regle)
    extensions = (
        {"parcours_id": str(erreur.parcours_id)}
        if isinstance(erreur, ParcoursDejaOuvert) and erreur.parcours_id
        else {}
    )
    return probleme(
        409, erreur.code, titre_de_regle(type(erreur)), erreur.detail, request, regle=erreur.regle, **extensions
    )


def installer(app: FastAPI) -> None:
    @app.exception_handler(RegleEnfreinte)
    async def regle_enfreinte(request: Request, erreur: RegleEnfreinte) -> JSONResponse:
        return refus(erreur, request)

    @app.exception_handler(ValeurInvalide)
    async def valeur_invalide(request: Request, erreur: ValeurInvalide) -> JSONResponse:
        champ, _, message = str(erreur).partition(" : ")
        detail = "La requête contient une valeur que le domaine refuse : voir « errors »."
        erreurs = [{"champ": champ, "message": message or str(erreur), "type": "valeur_invalide"}]
        return probleme(422, "donnees-invalides", "Données invalides", detail, request, errors=erreurs)

    @app.exception_handler(VersionPerimee)
    async def version_perimee(request: Request, erreur: VersionPerimee) -> JSONResponse:
        return refus(erreur, request)

    @app.exception_handler(CleIdempotenceReutilisee)
    async def cle_reutilisee(request: Request, erreur: CleIdempotenceReutilisee) -> JSONResponse:
        return probleme(422, "cle-idempotence-reutilisee", TITRES_HTTP[422][1], str(erreur), request)

    @app.exception_handler(EcritureConcurrente)
    async def ecriture_concurrente(request: Request, erreur: EcritureConcurrente) -> JSONResponse:
        return probleme(409, "ecriture-concurrente", "Écriture concurrente", str(erreur), request)

    for indisponible in StockIndisponible:
        app.add_exception_handler(indisponible, magasin_indisponible)

    @app.exception_handler(EnvoiImpossible)
    async def envoi_impossible(request: Request, erreur: EnvoiImpossible) -> JSONResponse:
        return probleme(503, erreur.code, TITRES_HTTP[503][1], str(erreur), request)

    @app.exception_handler(LectureSeule)
    async def lecture_seule(request: Request, erreur: LectureSeule) -> JSONResponse:
        return probleme(403, "lecture-seule", "Rôle en lecture seule", str(erreur), request)

    @app.exception_handler(Probleme)
    async def probleme_voulu(request: Request, erreur: Probleme) -> JSONResponse:
        titre = TITRES_HTTP.get(erreur.statut, (erreur.code, "Erreur"))[1]
        reponse = probleme(erreur.statut, erreur.code, titre, erreur.detail, request, **erreur.extensions)
        if erreur.statut == 401:
            reponse.headers["WWW-Authenticate"] = "Bearer"
        return reponse

    @app.exception_handler(RequestValidationError)
    async def donnees_invalides(request: Request, erreur: RequestValidationError) -> JSONResponse:
        champs = [
            {"champ": ".".join(etiquette(p) for p in e["loc"]), "message": en_francais(e), "type": e["type"]}
            for e in erreur.errors()
        ]
        detail = "La requête contient des données invalides : voir « errors »."
        return probleme(422, "donnees-invalides", "Données invalides", detail, request, errors=champs)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, erreur: StarletteHTTPException) -> JSONResponse:
        code, titre = TITRES_HTTP.get(erreur.status_code, ("erreur-http", "Erreur HTTP"))
        detail = erreur.detail if isinstance(erreur.detail, str) and erreur.detail != titre else titre
        if erreur.status_code == 404 and detail == "Not Found":
            detail = f"Aucune ressource à l'adresse {request.url.path}."
        if erreur.status_code == 400 and detail == "There was an error parsing the body":
            detail = "Le corps de la requête n'est pas un JSON lisible."
        if erreur.status_code == 405:
            detail = f"La méthode {request.method} n'est pas permise sur {request.url.path}."
        reponse = probleme(erreur.status_code, code, titre, detail, request)
        reponse.headers.update(erreur.headers or {})  # e.g. Allow on a 405 (RFC 9110 §15.5.6)
        return reponse


VALIDATEUR = re.compile(r"^function-\w+\[.*?([\w-]+)\]+$")


def etiquette(partie: int | str) -> str:
    """A part of a field's path; in a union, pydantic names a branch with a validator after the
    validator (``function-after[valider(), str]``): the field is named by its type (``str``)."""
    return VALIDATEUR.sub(r"\1", str(partie))


async def magasin_indisponible(request: Request, _: Exception) -> JSONResponse:
    """The database did not answer (a restart, a cut connection): a command whose answer this is
    kept nothing, and the same request, with the same ``Idempotency-Key``, can be sent again."""
    detail = "Le magasin d'événements ne répond pas (redémarrage en cours ?) ; renvoyez la même requête."
    reponse = probleme(503, "magasin-indisponible", TITRES_HTTP[503][1], detail, request)
    reponse.headers["Retry-After"] = "1"
    return reponse


def erreur_interne(request: Request) -> JSONResponse:
    """The answer to an unexpected failure: nothing of it leaves the service."""
    return probleme(500, "erreur-interne", "Erreur interne", "Une erreur inattendue est survenue.", request)
