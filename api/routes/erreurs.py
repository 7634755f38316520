"""Problem types are URIs that resolve: ``GET /erreurs/{code}`` says what the rule is and where it comes from."""

import importlib
import pkgutil

from fastapi import APIRouter
from pydantic import BaseModel, Field

import domain.regles
from api.modeles.bornes import Identifiant
from api.problemes import CODES_API, Probleme
from api.routes.reponses import REPONSES_LECTURE
from domain.erreurs import RegleEnfreinte

routeur = APIRouter(prefix="/erreurs", tags=["erreurs"])


class TypeDErreur(BaseModel):
    """La documentation d'un type de problème : son code, son titre, la règle du domaine et sa description."""

    code: str = Field(examples=["contrat-avant-notification"])
    titre: str = Field(examples=["Contrat avant la notification de l'orientation"])
    regle: str | None = Field(description="Classe de la règle du domaine.", examples=["ContratAvantNotification"])
    description: str = Field(
        description="La règle et son fondement juridique (en anglais pour les règles du domaine).",
        examples=[
            "The contract follows the notified orientation: its month to be signed runs from the notification "
            "(CT L.5411-6, D.5411-14-1)."
        ],
    )


def regles() -> dict[str, type[RegleEnfreinte]]:
    for module in pkgutil.iter_modules(domain.regles.__path__, "domain.regles."):
        importlib.import_module(module.name)
    return {classe.code: classe for classe in RegleEnfreinte.__subclasses__()}


@routeur.get(
    "/{code}",
    summary="Décrire un type d'erreur",
    response_description="La documentation du type d'erreur.",
    response_model=TypeDErreur,
    responses={k: REPONSES_LECTURE[k] for k in (404, 422)},
)
def decrire_erreur(code: Identifiant) -> TypeDErreur:
    """Décrit un type d'erreur (le `type` des réponses application/problem+json)."""
    regle = regles().get(code)
    if regle is not None:
        description = " ".join((regle.__doc__ or "").split())
        return TypeDErreur(code=code, titre=regle.titre, regle=regle.__name__, description=description)
    if code in CODES_API:
        return TypeDErreur(code=code, titre=CODES_API[code], regle=None, description=CODES_API[code])
    raise Probleme(404, f"Aucun type d'erreur « {code} ».")
