"""Problem types are URIs that resolve: ``GET /erreurs/{code}`` says what the rule is and where it comes from."""

import importlib
import pkgutil

from fastapi import APIRouter
from pydantic import BaseModel, Field

import domain.regles
from api.problemes import TITRES_HTTP, Probleme
from api.routes.reponses import REPONSES_LECTURE
from domain.erreurs import RegleEnfreinte

routeur = APIRouter(prefix="/erreurs", tags=["erreurs"])


class TypeDErreur(BaseModel):
    """The documentation of one problem type."""

    code: str = Field(examples=["contrat-avant-notification"])
    regle: str | None = Field(description="Classe de la règle du domaine.", examples=["ContratAvantNotification"])
    description: str = Field(description="La règle et son fondement juridique.")


def regles() -> dict[str, type[RegleEnfreinte]]:
    for module in pkgutil.iter_modules(domain.regles.__path__, "domain.regles."):
        importlib.import_module(module.name)
    return {classe.code: classe for classe in RegleEnfreinte.__subclasses__()}


@routeur.get("/{code}", response_model=TypeDErreur, responses={404: REPONSES_LECTURE[404]})
def decrire(code: str) -> TypeDErreur:
    """Décrit un type d'erreur (le `type` des réponses application/problem+json)."""
    regle = regles().get(code)
    if regle is not None:
        description = " ".join((regle.__doc__ or "").split())
        return TypeDErreur(code=code, regle=regle.__name__, description=description)
    for code_http, titre in TITRES_HTTP.values():
        if code_http == code:
            return TypeDErreur(code=code, regle=None, description=titre)
    raise Probleme(404, f"Aucun type d'erreur « {code} ».")
