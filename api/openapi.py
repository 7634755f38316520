"""OpenAPI links: from the parcours an inscription creates to every operation on it, so that
clients (and schemathesis' stateful phase) can follow a parcours from its creation."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi


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
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
