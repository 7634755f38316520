"""The OpenAPI document is part of the product: every model shows an example, every example is valid,
every operation is described, and every parcours operation documents its problems.

The document is read from the application itself, so a new model or route cannot escape these checks.
"""

import re
from datetime import datetime
from types import ModuleType
from typing import Any

import pytest
from fastapi._compat import ModelField
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from api.app import creer_app
from api.dependances import RoleRequis, principal, version_attendue
from api.modeles import abonnements, commandes, commun, lectures, moi, personnes, valeurs
from api.modeles.export import EvenementExporte, ExportParcours, ProcedureExportee, RecoursExporte
from api.routes import erreurs, reponses, sanctions
from infrastructure.reglages import reglages_pour
from projections.libelles import VOCABULAIRE
from tests.api import test_export

SCHEMAS_DE_FASTAPI = {"ValidationError", "HTTPValidationError"}
"""FastAPI's own validation error models: the API answers problem+json instead, but FastAPI still lists them."""
DOCUMENTE_PAR = ("examples", "default", "enum", "$ref")
PROBLEME = "#/components/schemas/ProblemeModele"
MEDIA_PROBLEME = "application/problem+json"
MODULES_DES_MODELES: tuple[ModuleType, ...] = (
    commun,
    valeurs,
    lectures,
    personnes,
    moi,
    reponses,
    erreurs,
    sanctions,
    abonnements,
)
"""Where the response and value models live (command bodies are checked on their own)."""


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return creer_app(reglages_pour("memory://")).openapi()


@pytest.fixture(scope="module")
def schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    composants: dict[str, dict[str, Any]] = document["components"]["schemas"]
    return {nom: schema for nom, schema in composants.items() if nom not in SCHEMAS_DE_FASTAPI}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (methode, chemin, operation)
        for chemin, par_methode in document["paths"].items()
        for methode, operation in par_methode.items()
    ]


def propriete_documentee(propriete: dict[str, Any]) -> bool:
    """A property shows its values: an example, a default, an enum or a documented model, here or in a
    branch of anyOf / allOf / oneOf, or in the items of an array."""
    if any(cle in propriete for cle in DOCUMENTE_PAR):
        return True
    branches = [b for cle in ("anyOf", "allOf", "oneOf") for b in propriete.get(cle, []) if b.get("type") != "null"]
    if "items" in propriete:
        branches.append(propriete["items"])
    return any(propriete_documentee(branche) for branche in branches)


def classe_du_schema(nom: str, modules: tuple[ModuleType, ...]) -> type[BaseModel] | None:
    """The pydantic model a component comes from (``X-Input`` and ``X-Output`` both come from ``X``)."""
    nom = nom.removesuffix("-Input").removesuffix("-Output")
    for module in modules:
        classe = getattr(module, nom, None)
        if isinstance(classe, type) and issubclass(classe, BaseModel):
            return classe
    return None


def exemple_compose(schema: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> Any:
    """The model-level example, or else one made of each property's own example (a model referred to
    gives its example, an enum its first value); properties with a default are left out."""
    if "examples" in schema:
        return schema["examples"][0]
    if "$ref" in schema:
        return exemple_compose(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return exemple_compose(next(b for b in schema["anyOf"] if b.get("type") != "null"), schemas)
    return {
        nom: exemple_compose(propriete, schemas)
        for nom, propriete in schema.get("properties", {}).items()
        if "default" not in propriete or "examples" in propriete
    }


def test_chaque_schema_montre_un_exemple_ou_documente_chaque_propriete(schemas: dict[str, dict[str, Any]]) -> None:
    muets = sorted(
        f"{nom}.{propriete}"
        for nom, schema in schemas.items()
        if "examples" not in schema
        for propriete, definition in schema.get("properties", {}).items()
        if not propriete_documentee(definition)
    )
    assert muets == []


def test_chaque_exemple_d_un_corps_de_commande_est_valide(
    document: dict[str, Any], schemas: dict[str, dict[str, Any]]
) -> None:
    corps = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, _, operation in operations(document)
        if "requestBody" in operation
    }
    assert len(corps) > 10
    ecarts = []
    for nom in sorted(corps):
        classe = classe_du_schema(nom, (commandes, personnes, moi, abonnements))
        exemples = schemas[nom].get("examples", [])
        if classe is None or not exemples:
            ecarts.append(f"{nom} : {'aucun modèle dans api.modeles.commandes' if classe is None else 'aucun exemple'}")
            continue
        for exemple in exemples:
            try:
                classe.model_validate(exemple)
            except ValidationError as erreur:
                ecarts.append(f"{nom} : {erreur}")
    assert ecarts == []


def test_chaque_exemple_d_une_reponse_ou_d_une_valeur_est_valide(schemas: dict[str, dict[str, Any]]) -> None:
    ecarts, verifies = [], 0
    for nom, schema in sorted(schemas.items()):
        classe = classe_du_schema(nom, MODULES_DES_MODELES)
        if classe is None or "properties" not in schema:
            continue
        for exemple in schema.get("examples") or [exemple_compose(schema, schemas)]:
            verifies += 1
            try:
                classe.model_validate(exemple)
            except ValidationError as erreur:
                ecarts.append(f"{nom} : {erreur}")
    assert ecarts == []
    assert verifies > 20


def resume_fabrique(operation: dict[str, Any]) -> bool:
    """FastAPI makes a summary up from the function's name ("lire_parcours" → "Lire Parcours"), the
    name its operationId starts with: such a summary describes nothing."""
    resume = operation.get("summary") or ""
    return str(operation.get("operationId", "")).startswith(resume.replace(" ", "_").lower())


def test_chaque_operation_est_decrite_et_classee(document: dict[str, Any]) -> None:
    ecarts = []
    for methode, chemin, operation in operations(document):
        if not operation.get("description") and resume_fabrique(operation):
            ecarts.append(f"{methode.upper()} {chemin} : ni résumé ni description")
        if not operation.get("tags"):
            ecarts.append(f"{methode.upper()} {chemin} : aucun tag")
    assert ecarts == []


def test_chaque_operation_des_parcours_documente_401_404_et_422_en_probleme(
    document: dict[str, Any], schemas: dict[str, dict[str, Any]]
) -> None:
    assert PROBLEME.rsplit("/", 1)[-1] in schemas
    ecarts = [
        f"{methode.upper()} {chemin} : {statut}"
        for methode, chemin, operation in operations(document)
        if chemin.startswith("/parcours")
        for statut in ("401", "404", "422")
        if operation["responses"].get(statut, {}).get("content", {}).get(MEDIA_PROBLEME, {}).get("schema")
        != {"$ref": PROBLEME}
    ]
    assert ecarts == []


def appels_et_parametres(dependant: Dependant) -> tuple[list[Any], list[ModelField], list[ModelField]]:
    """Every callable a route's dependency tree runs, its parameters (path, query, header) and its body."""
    appels: list[Any] = [dependant.call]
    parametres = [*dependant.path_params, *dependant.query_params, *dependant.header_params]
    corps = list(dependant.body_params)
    for sous in dependant.dependencies:
        a, p, c = appels_et_parametres(sous)
        appels, parametres, corps = appels + a, parametres + p, corps + c
    return appels, parametres, corps


def statuts_possibles(route: APIRoute) -> set[str]:
    """The problems a route can answer, read from what it depends on: a token (401), a role judged
    first (403), an id in its path (404), anything to validate (422), a body (413), If-Match (400),
    a position to wait for (503)."""
    appels, parametres, corps = appels_et_parametres(route.dependant)
    attendus = {
        "401": principal in appels,
        "403": any(isinstance(appel, RoleRequis) for appel in appels),
        "404": "{" in route.path,
        "422": bool(parametres or corps),
        "413": bool(corps),
        "400": version_attendue in appels,
        "503": any(p.name == "position_min" for p in parametres),
    }
    return {statut for statut, possible in attendus.items() if possible}


def test_chaque_operation_documente_chaque_probleme_qu_elle_peut_rendre(document: dict[str, Any]) -> None:
    """Issue 16 item 8: ``GET …/consultations`` answered a 403 its OpenAPI did not list."""
    app = creer_app(reglages_pour("memory://"))
    ecarts, verifiees = [], 0
    for contexte in iter_route_contexts(app.routes):
        route = contexte.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for methode in route.methods or ():
            reponses = document["paths"][route.path][methode.lower()]["responses"]
            for statut in sorted(statuts_possibles(route)):
                verifiees += 1
                schema = reponses.get(statut, {}).get("content", {}).get(MEDIA_PROBLEME, {}).get("schema")
                if schema != {"$ref": PROBLEME}:
                    ecarts.append(f"{methode} {route.path} : {statut}")
    assert ecarts == []
    assert verifiees > 150


def test_aucun_nom_de_schema_ne_trahit_son_module(schemas: dict[str, dict[str, Any]]) -> None:
    """Issue 17: two models of one name in two modules were published as ``api__routes__corbeilles__EntreeVue``."""
    assert [nom for nom in schemas if "__" in nom] == []


def test_chaque_liste_fermee_dit_le_libelle_de_chacune_de_ses_valeurs(schemas: dict[str, dict[str, Any]]) -> None:
    """Issue 21, item 4: the labels come from the one vocabulary (``projections.libelles``)."""
    listes = {liste.__name__: liste for liste in VOCABULAIRE}
    enums = {nom: schema for nom, schema in schemas.items() if "enum" in schema and nom in listes}

    assert enums, "aucune liste fermée du domaine dans le document"
    for nom, schema in enums.items():
        libelles = [VOCABULAIRE[listes[nom]][listes[nom](v)] for v in schema["enum"]]
        assert schema["x-enum-descriptions"] == libelles, nom
        assert all(f"- `{v}` : {t}" in schema["description"] for v, t in zip(schema["enum"], libelles, strict=True))


# --- Issue 23, « the contract »: what a client generator reads ---------------------------------------------------

MOTS_ANGLAIS = re.compile(r"\b(the|of|is|are|and|with|from|which|this|that|when|its|by|an|for|to)\b", re.IGNORECASE)
MOTS_FRANCAIS = re.compile(
    r"\b(le|la|les|l|des|du|de|d|un|une|et|est|ou|pour|par|dans|sur|son|sa|ses|à|au|aux|en|qui|que|votre|vos|ce)\b",
    re.IGNORECASE,
)


def routes_publiees() -> list[tuple[str, str, APIRoute]]:
    app = creer_app(reglages_pour("memory://"))
    return [
        (methode.lower(), contexte.path_format or "", contexte.original_route)
        for contexte in iter_route_contexts(app.routes)
        if isinstance(contexte.original_route, APIRoute) and contexte.original_route.include_in_schema
        for methode in contexte.original_route.methods or ()
    ]


def test_chaque_operation_porte_le_nom_de_sa_fonction_et_aucun_autre_ne_le_porte(document: dict[str, Any]) -> None:
    """FastAPI named ``sortir`` ``sortir_parcours__parcours_id__sortie_post``: a client's method is ``sortir``."""
    routes = routes_publiees()
    ecarts = [
        f"{methode.upper()} {chemin} : {document['paths'][chemin][methode]['operationId']} au lieu de {nom}"
        for methode, chemin, route in routes
        if document["paths"][chemin][methode]["operationId"] != (nom := route.endpoint.__name__)
    ]
    assert ecarts == []
    noms = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(noms) == len(set(noms)) == len(routes)


def test_aucun_resume_n_est_le_nom_de_la_fonction_mis_en_titre(document: dict[str, Any]) -> None:
    """« Completer Donnees Orientation » said nothing a French reader did not already see in the path."""
    ecarts = [
        f"{methode.upper()} {chemin} : {operation.get('summary')!r}"
        for methode, chemin, operation in operations(document)
        if not operation.get("summary")
        or operation["summary"] == operation["operationId"].replace("_", " ").title()
        or resume_fabrique(operation)
        or not operation.get("description")
    ]
    assert ecarts == []


def test_chaque_reponse_est_decrite_en_francais(document: dict[str, Any]) -> None:
    ecarts = [
        f"{methode.upper()} {chemin} {statut} : {reponse.get('description')!r}"
        for methode, chemin, operation in operations(document)
        for statut, reponse in operation["responses"].items()
        if not reponse.get("description") or reponse["description"] == "Successful Response"
    ]
    assert ecarts == []


def anglais(texte: str) -> bool:
    """Developer English: several common English words, more than French ones (an enum's « Valeurs » list aside)."""
    texte = texte.split("Valeurs :", maxsplit=1)[0].replace("'", " ")
    return len(MOTS_ANGLAIS.findall(texte)) >= max(2, len(MOTS_FRANCAIS.findall(texte)))


def francais(texte: str) -> bool:
    return not anglais(texte) and MOTS_FRANCAIS.search(texte.replace("'", " ")) is not None


def test_chaque_schema_est_decrit_en_francais(schemas: dict[str, dict[str, Any]]) -> None:
    """Issue 23: 19 schemas were described by their English docstrings, and most by nothing."""
    ecarts = sorted(f"{nom} : {schema.get('description')!r}" for nom, schema in schemas.items()
                    if not francais(schema.get("description", "")))  # fmt: skip
    assert ecarts == []


def test_chaque_propriete_decrite_l_est_en_francais(schemas: dict[str, dict[str, Any]]) -> None:
    ecarts = sorted(
        f"{nom}.{propriete}"
        for nom, schema in schemas.items()
        for propriete, definition in schema.get("properties", {}).items()
        if "description" in definition and anglais(definition["description"])
    )
    assert ecarts == []


def test_aucun_nom_de_schema_n_est_fabrique(schemas: dict[str, dict[str, Any]]) -> None:
    """One schema per model, read and written alike; no ``Body_…`` for a body without a model."""
    assert [nom for nom in schemas if nom.startswith("Body_") or nom.endswith(("-Input", "-Output"))] == []


def entetes_de(reponse: dict[str, Any]) -> dict[str, str]:
    return {nom: definition["$ref"].rsplit("/", 1)[-1] for nom, definition in reponse.get("headers", {}).items()
            if "$ref" in definition}  # fmt: skip


def test_les_lectures_d_un_parcours_documentent_leur_etag_la_version(document: dict[str, Any]) -> None:
    for chemin in ("/parcours/{parcours_id}", "/parcours/{parcours_id}/etat"):
        reponses = document["paths"][chemin]["get"]["responses"]
        assert entetes_de(reponses["200"])["ETag"] == "Version", chemin
        assert "304" not in reponses, f"{chemin} : son ETag est la version, jamais un 304"


def test_les_autres_lectures_json_documentent_leur_validateur_et_le_304(document: dict[str, Any]) -> None:
    reponses = document["paths"]["/parcours/{parcours_id}/historique"]["get"]["responses"]
    assert entetes_de(reponses["200"])["ETag"] == "Validateur"
    assert entetes_de(reponses["304"])["ETag"] == "Validateur"
    parametres = document["paths"]["/parcours/{parcours_id}/historique"]["get"]["parameters"]
    assert "If-None-Match" in {p["name"] for p in parametres}


def test_les_reponses_des_commandes_documentent_etag_location_et_rejeu(document: dict[str, Any]) -> None:
    inscription = entetes_de(document["paths"]["/parcours"]["post"]["responses"]["201"])
    assert inscription | {"Location": "Location"} == inscription
    assert {inscription["ETag"], inscription["Idempotent-Replayed"]} == {"Version", "Idempotent-Replayed"}
    orientation = entetes_de(document["paths"]["/parcours/{parcours_id}/orientation"]["post"]["responses"]["200"])
    assert orientation["ETag"] == "Version"
    assert "Location" not in orientation


def test_chaque_reponse_documente_ses_en_tetes(document: dict[str, Any]) -> None:
    """``X-Request-Id`` on every answer (``api/journal.py``), ``Retry-After`` with every 429 and 503, every
    header referred to described once in ``components.headers``."""
    connus = set(document["components"]["headers"])
    ecarts = []
    for methode, chemin, operation in operations(document):
        for statut, reponse in operation["responses"].items():
            entetes = entetes_de(reponse)
            manquants = {"X-Request-Id"} | ({"Retry-After"} if statut in ("429", "503") else set())
            ecarts += [f"{methode.upper()} {chemin} {statut} : {e}" for e in sorted(manquants - set(entetes))]
            ecarts += [
                f"{methode.upper()} {chemin} {statut} : {r} inconnu" for r in entetes.values() if r not in connus
            ]
    assert ecarts == []


def test_les_fichiers_documentent_content_disposition(document: dict[str, Any]) -> None:
    for chemin in ("/parcours/{parcours_id}/export", "/parcours/{parcours_id}/courriers/{version}", "/indicateurs"):
        assert "Content-Disposition" in document["paths"][chemin]["get"]["responses"]["200"]["headers"], chemin


def test_l_export_decrit_son_json_et_son_pdf(document: dict[str, Any]) -> None:
    contenu = document["paths"]["/parcours/{parcours_id}/export"]["get"]["responses"]["200"]["content"]
    assert contenu["application/json"]["schema"] == {"$ref": "#/components/schemas/ExportParcours"}
    assert contenu["application/pdf"]["schema"] == {"type": "string", "format": "binary"}


sanction_annulee_apres_d = test_export.sanction_annulee_apres_d


def test_un_export_reel_suit_le_schema_publie_champ_pour_champ(
    client: TestClient, conseillere: dict[str, str], sanction_annulee_apres_d: tuple[str, datetime]
) -> None:
    """The bundle is built as plain JSON (``infrastructure/export.py``): its schema follows it, field for field."""
    parcours, d = sanction_annulee_apres_d
    for params in ({"a_la_date": d.isoformat()}, {}):  # the sanction in force, then annulled on a recours
        reponse = client.get(f"{parcours}/export", params=params, headers=conseillere)
        paquet = ExportParcours.model_validate_json(reponse.content, strict=True)
        brut = reponse.json()
        assert set(brut) == set(ExportParcours.model_fields)
        assert {cle for p in brut["procedures"] for r in p["recours"] for cle in r} <= set(RecoursExporte.model_fields)
        assert {cle for e in brut["evenements"] for cle in e} == set(EvenementExporte.model_fields)
        assert {cle for p in brut["procedures"] for cle in p} == set(ProcedureExportee.model_fields)
        assert paquet.procedures


def test_chaque_enum_dit_le_libelle_de_chacune_de_ses_valeurs(schemas: dict[str, dict[str, Any]]) -> None:
    """Not only the domain's lists: the event types of the feed, the subscribers' roles, the webhooks' statuses."""
    enums = {nom: schema for nom, schema in schemas.items() if "enum" in schema}
    assert len(enums) > 30
    ecarts = [
        nom
        for nom, schema in enums.items()
        if len(schema.get("x-enum-descriptions", [])) != len(schema["enum"])
        or not all(f"- `{v}` : " in schema["description"] for v in schema["enum"])
    ]
    assert ecarts == []
