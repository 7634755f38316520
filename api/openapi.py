"""The OpenAPI document as published, the contract a client is generated from.

Each operation is named by its route's French function name (``nom_de_la_route``: ``orienter``,
``lire_dossier``), summarised and described in French by its decorator and docstring; each model is
described by its docstring, in French. What no route declares is added here, from what the service
actually does:

- the headers the middlewares and the command path set (``X-Request-Id`` on every answer, ``ETag`` and
  ``304`` on the JSON reads, ``ETag``, ``Location`` and ``Idempotent-Replayed`` on the commands' answers,
  ``Retry-After`` on 429 and 503, ``WWW-Authenticate`` on 401), as ``components.headers``;
- links from the parcours an inscription creates to every operation on it, so that clients (and
  schemathesis' stateful phase) can follow a parcours from its creation;
- on each enum, a French description and the label of each value, read from the one vocabulary
  (``projections.libelles``).
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from api.commandes import executeur
from projections.libelles import EVENEMENTS_PAR_NOM, ROLES, VOCABULAIRE

ETIQUETTES: list[dict[str, Any]] = [
    {"name": "inscription et sortie", "description": "Inscrire une personne, transférer, clore, rouvrir, rectifier."},
    {"name": "personnes", "description": "La fiche d'une personne : identité, identifiants, coordonnées, effacement."},
    {"name": "espace personnel", "description": "Ce que la personne lit d'elle-même et demande (`/moi`)."},
    {"name": "orientation", "description": "Orientation, référent unique, réorientation, explication (CRPA)."},
    {"name": "accompagnement", "description": "Diagnostic global, contrat d'engagement, droits et devoirs."},
    {"name": "manquements, sanctions et recours", "description": "Manquements, contradictoire, sanctions, recours."},
    {"name": "courriers", "description": "Les courriers que la loi exige, émis et leur réception."},
    {"name": "lecture", "description": "Le dossier, l'état rejoué, la chronologie et l'historique d'un parcours."},
    {"name": "audit", "description": "Le journal des consultations et le dossier de preuve d'un parcours."},
    {"name": "corbeilles", "description": "Ce qui attend une étape, par échéance, pour une structure."},
    {"name": "flux", "description": "Les changements visibles par l'appelant, en direct (Server-Sent Events)."},
    {"name": "abonnements", "description": "Les abonnements des organismes aux webhooks, leurs livraisons."},
    {"name": "indicateurs", "description": "Les indicateurs agrégés, secret statistique respecté."},
    {"name": "référentiel d'orientation", "description": "Les versions publiées du référentiel et leur simulation."},
    {"name": "journal de transparence", "description": "Checkpoints signés, preuves de cohérence, cosignatures."},
    {"name": "erreurs", "description": "La documentation de chaque type de problème (RFC 9457)."},
    {"name": "exploitation", "description": "Santé, disponibilité et métriques du service."},
]
"""The tags, in the order a reader meets them; each operation carries one (tests/api/test_openapi.py)."""

_TEXTE = {"type": "string"}
ENTETES: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "L'identifiant de la requête : celui que le client a envoyé s'il est valable, sinon un "
        "nouveau ; le journal du service le cite, à rappeler en signalant un incident.",
        "schema": _TEXTE,
    },
    "Version": {
        "description": 'La version du parcours, entre guillemets (`"4"`) : la valeur à renvoyer dans '
        "`If-Match` avec la commande suivante.",
        "schema": _TEXTE,
    },
    "Validateur": {
        "description": 'Validateur faible du corps (`W/"…"`) : renvoyé dans `If-None-Match`, il donne `304` '
        "tant que la réponse ne change pas (absent au-delà de 8 Mio).",
        "schema": _TEXTE,
    },
    "Location": {"description": "L'adresse du parcours, `/parcours/{parcours_id}`.", "schema": _TEXTE},
    "Idempotent-Replayed": {
        "description": "`true` quand la réponse est celle, gardée, d'une requête antérieure de même "
        "`Idempotency-Key` : rien n'a été enregistré de nouveau.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Retry-After": {"description": "Secondes à attendre avant de renvoyer la même requête.", "schema": _TEXTE},
    "WWW-Authenticate": {"description": "`Bearer` : un jeton est attendu.", "schema": _TEXTE},
    "Content-Disposition": {
        "description": '`attachment; filename="…"` : la réponse se télécharge comme un fichier.',
        "schema": _TEXTE,
    },
}
"""Every header the service sets on its answers, described once (``components.headers``)."""

NON_MODIFIE = "Non modifié : le corps est celui dont l'`ETag` a été envoyé dans `If-None-Match`."
SI_AUCUN = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "L'`ETag` d'une réponse déjà reçue : `304` sans corps si elle n'a pas changé (RFC 9110 §13.1.2).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"},
}

DESCRIPTIONS_DES_LISTES: dict[str, str] = {
    "Allocation": "L'allocation sur laquelle porte une sanction ; celui qui la verse est l'autorité compétente.",
    "CanalCourrier": "Comment part un courrier : par courriel, ou sur papier par le service d'impression.",
    "CanalInscription": "Par où la personne s'est inscrite.",
    "Corbeille": "Les corbeilles des conseillers et des autorités : ce qui attend une étape, et jusqu'à quand "
    "quand la loi fixe un délai.",
    "Destinataire": "Qui reçoit un avis : la personne, ou le représentant légal d'un mineur ou d'un majeur protégé.",
    "FondementEffacement": "Sur quel fondement les données d'une personne sont effacées ; enregistré dans la décision.",
    "IssueRecours": "Ce que décide celui qui tranche un recours.",
    "ModeOrientation": "La part de l'algorithme dans une décision d'orientation (CRPA R.311-3-1-2, 1°).",
    "MotifInscription": "Pourquoi la personne est inscrite (CT L.5411-1, depuis la loi 2023-1196).",
    "MotifSortie": "Pourquoi le parcours est clos.",
    "NatureCourrier": "Les courriers que la loi exige, chacun rédigé depuis l'étape qu'il notifie (docs/courriers.md).",
    "NatureIdentifiant": "Les identifiants sous lesquels une personne est connue dans le réseau pour l'emploi.",
    "NatureSanction": "La nature d'une sanction.",
    "NiveauFrein": "Le poids d'un frein périphérique relevé au diagnostic.",
    "NiveauSanction": "La gradation des sanctions (décret 2025-478 ; Conseil constitutionnel 2023-858 DC).",
    "Organisme": "Les organismes référents (CT L.5411-5-1 IV).",
    "PreuveRemise": "Ce qui établit la date où un courrier a atteint son destinataire (date certaine, CT R.5412-7).",
    "QualiteRepresentant": "À quel titre on représente un mineur (Code civil art. 371-1, 390) ou un majeur "
    "protégé (art. 440).",
    "RaisonDispense": "Les difficultés avérées qui permettent, à la demande de la personne, zéro heure d'activité "
    "(CT L.5411-6-1).",
    "RoleAbonne": "Le rôle dans lequel un organisme abonné lit les parcours : celui d'un agent, ou de son "
    "autorité de sanction.",
    "SourceDonnee": "D'où vient une donnée utilisée dans une décision (CRPA R.311-3-1-2, 2°).",
    "Statut": "Le statut d'un parcours.",
    "StatutAbonnement": "Où en est un abonnement aux webhooks.",
    "StatutLivraison": "Où en est la livraison d'un changement à un abonné.",
    "ThemeDiagnostic": "Les thèmes du diagnostic global.",
    "TypeAuteur": "Qui, ou quoi, a accompli une étape.",
    "TypeAutorite": "Les autorités qui décident des orientations et des sanctions (CT L.5411-5-1 II, L.5412-1 ; "
    "CASF L.262-37).",
    "TypeEvenement": "Un type de changement que portent le flux et les webhooks : un événement d'un parcours "
    "(docs/evenements.md) ou un rappel d'échéance (docs/rappels.md).",
    "TypeManquement": "Les manquements au contrat d'engagement (CT R.5412-1, décret 2025-478).",
    "TypeParcours": "Les trois familles de parcours (arrêté du 21 novembre 2024).",
    "TypeRecours": "Les voies de recours contre une sanction.",
    "JsonValue": "Une valeur JSON quelconque : texte, nombre, booléen, liste ou objet.",
}
"""The French description of the schemas no model of ours documents: the enums of the domain (whose docstrings
are for developers), the webhooks' lists, and ``JsonValue``, which pydantic registers itself."""

LIBELLES_DES_WEBHOOKS: dict[str, dict[str, str]] = {
    "StatutAbonnement": {"actif": "actif", "suspendu": "suspendu (rien n'est envoyé)", "resilie": "résilié"},
    "StatutLivraison": {"en_attente": "à envoyer", "livree": "livrée", "echec": "abandonnée (lettre morte)"},
}
"""The webhooks' two lists are not the domain's; their labels, until ``projections.libelles`` holds them."""


def nom_de_la_route(route: APIRoute) -> str:
    """The operationId: the route's function name, the name of the command or read (``orienter``)."""
    return route.name


def entete(nom: str) -> dict[str, str]:
    """A reference to a documented header, for a route's ``responses`` (``{"ETag": entete("Version")}``)."""
    assert nom in ENTETES, nom
    return {"$ref": f"#/components/headers/{nom}"}


def avec_liens(app: FastAPI) -> None:
    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
                separate_input_output_schemas=app.separate_input_output_schemas,
            )
            lier(document)
            avec_entetes(document, commandes_executees(app))
            avec_libelles(document["components"]["schemas"])
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def lier(document: dict[str, Any]) -> None:
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


def commandes_executees(app: FastAPI) -> set[str]:
    """The operations answered by ``Executeur`` (``api/commandes.py``), which sets ``ETag``, ``Location`` on a
    201 and ``Idempotent-Replayed`` on a replay: read from each route's dependencies."""

    def depend(dependant: Any) -> bool:
        return dependant.call is executeur or any(depend(d) for d in dependant.dependencies)

    return {
        contexte.original_route.name
        for contexte in iter_route_contexts(app.routes)
        if isinstance(contexte.original_route, APIRoute) and depend(contexte.original_route.dependant)
    }


def avec_entetes(document: dict[str, Any], executees: set[str]) -> None:
    document.setdefault("components", {})["headers"] = ENTETES
    for par_methode in document["paths"].values():
        for methode, operation in par_methode.items():
            reponses: dict[str, dict[str, Any]] = operation["responses"]
            if methode == "get" and _conditionnelle(reponses.get("200", {})):
                reponses["200"].setdefault("headers", {})["ETag"] = entete("Validateur")
                reponses["304"] = {"description": NON_MODIFIE, "headers": {"ETag": entete("Validateur")}}
                operation.setdefault("parameters", []).append(SI_AUCUN)
            for statut, reponse in reponses.items():
                entetes = reponse.setdefault("headers", {})
                if operation["operationId"] in executees and statut[0] == "2":
                    entetes.update({"ETag": entete("Version"), "Idempotent-Replayed": entete("Idempotent-Replayed")})
                    if statut == "201":
                        entetes["Location"] = entete("Location")
                if statut in ("429", "503"):
                    entetes["Retry-After"] = entete("Retry-After")
                if statut == "401":
                    entetes["WWW-Authenticate"] = entete("WWW-Authenticate")
                entetes["X-Request-Id"] = entete("X-Request-Id")


def _conditionnelle(reponse: Mapping[str, Any]) -> bool:
    """A JSON read that ``api.cache.LecturesConditionnelles`` validates: one that sets no ``ETag`` of its own."""
    return "application/json" in reponse.get("content", {}) and "ETag" not in reponse.get("headers", {})


def avec_libelles(schemas: Mapping[str, dict[str, Any]]) -> None:
    """Describe each enum schema in French, then by its values' labels: « `valeur` : libellé » lines in its
    ``description`` (what Swagger UI and ReDoc show) and the same labels, in the order of ``enum``, in
    ``x-enum-descriptions`` (what code generators read); an extension keyword validators ignore."""
    for nom, schema in schemas.items():
        if nom in DESCRIPTIONS_DES_LISTES:
            schema["description"] = DESCRIPTIONS_DES_LISTES[nom]
        libelles = _libelles(nom, schema.get("enum"))
        if libelles is None:
            continue
        valeurs = "\n".join(f"- `{v}` : {libelle}" for v, libelle in zip(schema["enum"], libelles, strict=True))
        existante = schema.get("description")
        schema["description"] = (f"{existante}\n\n" if existante else "") + "Valeurs :\n" + valeurs
        schema["x-enum-descriptions"] = libelles


def _libelles(nom: str, valeurs: list[Any] | None) -> list[str] | None:
    """The label of each value, from the vocabulary: a closed list of the domain, an event type, a role."""
    if valeurs is None:
        return None
    listes = {liste.__name__: liste for liste in VOCABULAIRE}
    if nom in listes and set(valeurs) == {v.value for v in listes[nom]}:
        return [_libelle(listes[nom], v) for v in valeurs]
    autres = {"TypeEvenement": EVENEMENTS_PAR_NOM, "RoleAbonne": ROLES, **LIBELLES_DES_WEBHOOKS}
    if nom in autres and set(valeurs) <= set(autres[nom]):
        return [autres[nom][v] for v in valeurs]
    return None


def _libelle(liste: type[Enum], valeur: Any) -> str:
    return VOCABULAIRE[liste][liste(valeur)]
