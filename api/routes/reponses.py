"""The problem responses every command may give, documented once for the OpenAPI."""

from typing import Any

from pydantic import BaseModel, Field


class ChampInvalide(BaseModel):
    champ: str = Field(examples=["body.contrat.heures_hebdo"])
    message: str = Field(examples=["nombre entier attendu"])
    type: str = Field(description="Type d'erreur stable, pour les programmes.", examples=["int_parsing"])


class ProblemeModele(BaseModel):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = Field(examples=["/erreurs/contrat-avant-notification"])
    title: str = Field(examples=["The contract follows the notified orientation"])
    status: int = Field(examples=[409])
    detail: str = Field(examples=["L'orientation n'a pas encore été notifiée à la personne."])
    instance: str = Field(examples=["/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat"])
    regle: str | None = Field(default=None, description="La règle du domaine qui a refusé la commande.")
    errors: list[ChampInvalide] | None = Field(default=None, description="Les champs invalides.")


def _probleme(description: str) -> dict[str, Any]:
    return {"description": description, "model": ProblemeModele, "content": {"application/problem+json": {}}}


REPONSES_COMMANDE: dict[int | str, dict[str, Any]] = {
    400: _probleme("En-tête invalide (If-Match)."),
    401: _probleme("Jeton absent ou refusé."),
    403: _probleme("Rôle non autorisé pour cette commande."),
    404: _probleme("Parcours inconnu ou non accessible."),
    409: _probleme("Refusée par une règle du domaine (nommée dans « regle ») ou écriture concurrente."),
    412: _probleme("If-Match ne correspond plus à la version du parcours."),
    413: _probleme("Corps de requête trop volumineux."),
    422: _probleme("Données invalides, ou clé d'idempotence réutilisée pour une autre requête."),
}
REPONSES_LECTURE: dict[int | str, dict[str, Any]] = {k: REPONSES_COMMANDE[k] for k in (401, 404, 422)}
