"""The OpenAPI document as published: links from the parcours an inscription creates to every operation on
it, so that clients (and schemathesis' stateful phase) can follow a parcours from its creation; and, on each
enum of the domain, the French label of each value, read from the vocabulary (``projections.libelles``)."""

from collections.abc import Mapping
from enum import Enum
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from projections.libelles import VOCABULAIRE


def avec_liens(app: FastAPI) -> None:
    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            creation = document["paths"]["/parcours"]["post"]["responses"]["201"]
            creation["links"] = {
                operation["operationId"]: {
                    "operationId": operation["operationId"],
                    "parameters": {"parcours_id": "$response.body#/parcours_id"},
                }
                for chemin, operations in document["paths"].items()
                if chemin.startswith("/parcours/{parcours_id}") and "{sid}" not in chemin
                for operation in operations.values()
            }
            avec_libelles(document["components"]["schemas"])
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def avec_libelles(schemas: Mapping[str, dict[str, Any]]) -> None:
    """Describe each enum schema of the domain by its values' labels: « `valeur` : libellé » lines in its
    ``description`` (what Swagger UI and ReDoc show) and the same labels, in the order of ``enum``, in
    ``x-enum-descriptions`` (what code generators read); an extension keyword validators ignore."""
    listes = {liste.__name__: liste for liste in VOCABULAIRE}
    for nom, schema in schemas.items():
        liste = listes.get(nom)
        if liste is None or set(schema.get("enum", ())) != {v.value for v in liste}:
            continue
        libelles = [_libelle(liste, valeur) for valeur in schema["enum"]]
        valeurs = "\n".join(f"- `{v}` : {libelle}" for v, libelle in zip(schema["enum"], libelles, strict=True))
        existante = schema.get("description")
        schema["description"] = (f"{existante}\n\n" if existante else "") + "Valeurs :\n" + valeurs
        schema["x-enum-descriptions"] = libelles


def _libelle(liste: type[Enum], valeur: Any) -> str:
    return VOCABULAIRE[liste][liste(valeur)]
