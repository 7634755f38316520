"""The problem responses every command may give, documented once for the OpenAPI, and ``commande()``:
what a command route declares in its decorator, the one place that says who may run it."""

from collections.abc import Callable, Set
from typing import Any

from fastapi import Depends
from pydantic import BaseModel, ConfigDict, Field

from api.dependances import RoleRequis
from api.modeles.commun import CommandeAcceptee
from api.problemes import MEDIA_PROBLEME
from application.commandes_personne import PersonneModifiee
from application.effacement import Effacement
from application.parcours import Resultat
from application.principal import Role


class ChampInvalide(BaseModel):
    """Un champ refusé à la validation : où il se trouve, pourquoi, et le type d'erreur."""

    champ: str = Field(examples=["body.contrat.heures_hebdo"])
    message: str = Field(examples=["nombre entier attendu"])
    type: str = Field(description="Type d'erreur stable, pour les programmes.", examples=["int_parsing"])


class ProblemeModele(BaseModel):
    """Un problème au sens de la RFC 9457 (`application/problem+json`) : son type (`GET /erreurs/{code}` le
    décrit), son titre, son statut, le détail et, pour un refus du domaine, la règle."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/erreurs/contrat-avant-notification",
                    "title": "Contrat avant la notification de l'orientation",
                    "status": 409,
                    "detail": "L'orientation n'a pas encore été notifiée à la personne.",
                    "instance": "/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat",
                    "regle": "ContratAvantNotification",
                },
                {
                    "type": "/erreurs/donnees-invalides",
                    "title": "Données invalides",
                    "status": 422,
                    "detail": "La requête contient des données invalides : voir « errors ».",
                    "instance": "/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat",
                    "errors": [
                        {
                            "champ": "body.contrat.heures_hebdo",
                            "message": "nombre entier attendu",
                            "type": "int_parsing",
                        }
                    ],
                },
            ]
        }
    )

    type: str = Field(examples=["/erreurs/contrat-avant-notification"])
    title: str = Field(examples=["Contrat avant la notification de l'orientation"])
    status: int = Field(examples=[409])
    detail: str = Field(examples=["L'orientation n'a pas encore été notifiée à la personne."])
    instance: str = Field(examples=["/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat"])
    regle: str | None = Field(
        default=None, description="La règle du domaine qui a refusé la commande.", examples=["ContratAvantNotification"]
    )
    errors: list[ChampInvalide] | None = Field(
        default=None,
        description="Les champs invalides.",
        examples=[[{"champ": "body.contrat.heures_hebdo", "message": "nombre entier attendu", "type": "int_parsing"}]],
    )


def _probleme(description: str) -> dict[str, Any]:
    # The model registers the schema; the problem media type is what the API actually sends.
    schema = {"$ref": "#/components/schemas/ProblemeModele"}
    return {"description": description, "model": ProblemeModele, "content": {MEDIA_PROBLEME: {"schema": schema}}}


REPONSES_COMMANDE: dict[int | str, dict[str, Any]] = {
    400: _probleme("En-tête ou paramètre invalide (If-Match, curseur)."),
    401: _probleme("Jeton absent ou refusé."),
    403: _probleme("Rôle non autorisé pour cette commande."),
    404: _probleme("Parcours inconnu ou non accessible."),
    409: _probleme("Refusée par une règle du domaine (nommée dans « regle ») ou écriture concurrente."),
    412: _probleme("If-Match ne correspond plus à la version du parcours."),
    413: _probleme("Corps de requête trop volumineux."),
    422: _probleme("Données invalides, ou clé d'idempotence réutilisée pour une autre requête."),
    503: _probleme("Le magasin ne répond pas (`magasin-indisponible`) : renvoyer la même requête, même clé."),
}
REPONSES_LECTURE: dict[int | str, dict[str, Any]] = {
    **{k: REPONSES_COMMANDE[k] for k in (401, 404, 422)},
    503: _probleme("La vue n'a pas atteint à temps la position demandée (position_min)."),
}


def reponse_probleme(description: str) -> dict[str, Any]:
    """A problem answer documented in the OpenAPI, for the refusals a route gives of its own."""
    return _probleme(description)


LECTURE_RESTREINTE = _probleme(
    "Votre rôle dans ce parcours ne requiert pas la lecture de cette partie (`lecture-restreinte`, RGPD art. 5.1.c)."
)


def commande(
    gardee: Callable[..., Resultat] | Callable[..., PersonneModifiee] | Callable[..., Effacement],
    roles: Set[Role],
    modele: type[BaseModel] = CommandeAcceptee,
    autres: dict[int | str, Any] | None = None,
) -> dict[str, Any]:
    """What a command route declares, once: the application command it runs (``gardee``, whose name
    the 403 gives), the roles that may run it, judged before the parcours is read or the body
    checked, its answer and the problems it may give, the roles listed in its OpenAPI."""
    noms = ", ".join(sorted(role.value for role in roles))
    refus = f"Le rôle « {{role}} » n'est pas autorisé à : {gardee.__name__}."
    interdit = {
        **REPONSES_COMMANDE[403],
        "description": f"Rôle non autorisé (la commande est réservée à {noms}), ou organisme sans compétence "
        "pour cet acte dans ce parcours (`incompetence`, avec l'article qui le confie à un autre).",
    }
    return {
        "response_model": modele,
        "response_description": "Commande enregistrée, ou déjà enregistrée à l'identique (rien de nouveau).",
        "responses": {**(autres or {}), **REPONSES_COMMANDE, 403: interdit},
        "dependencies": [Depends(RoleRequis(roles, refus))],
        "openapi_extra": {"x-roles": sorted(role.value for role in roles)},
    }
