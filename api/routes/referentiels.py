"""The orientation algorithm in the open (CRPA L.312-1-3, L.311-3-1): every published version, its
rules as data and in French, and a simulation that records nothing. No token: the rules of an
algorithm the administration uses are public."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.dependances import ApplicationDep
from api.modeles.bornes import Identifiant
from api.modeles.commandes import Simulation
from api.problemes import Probleme
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE
from domain.orientation import TraceRegle
from domain.referentiel import (
    Appartenance,
    Comparaison,
    Compte,
    Condition,
    Non,
    Referentiel,
    Referentiels,
    Tous,
    UnParmi,
    VersionInconnue,
    decrire,
    evaluer,
)

routeur = APIRouter(prefix="/referentiels/orientation", tags=["référentiel d'orientation"])


async def referentiels(app: ApplicationDep) -> Referentiels:
    if app.referentiels is None:
        raise Probleme(404, "Aucun référentiel d'orientation n'est publié sur ce service.")
    return app.referentiels


ReferentielsDep = Annotated[Referentiels, Depends(referentiels)]


async def version_publiee(version: Identifiant, publies: ReferentielsDep) -> Referentiel:
    try:
        return publies.version(version)
    except VersionInconnue as erreur:
        raise Probleme(404, str(erreur)) from erreur


VersionDep = Annotated[Referentiel, Depends(version_publiee)]


class VersionPubliee(BaseModel):
    """Une version publiée du référentiel : son numéro, sa date d'application et son empreinte."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"version": "2025.1", "valide_a_partir_du": "2025-01-01", "empreinte": "sha256:6474e2…"}]
        }
    )

    version: str
    valide_a_partir_du: date
    empreinte: str = Field(description="sha256 du fichier publié : toute décision la cite.")


class RegleVue(BaseModel):
    """Une règle du référentiel : sa condition, en clair et en données, ce qu'elle propose, et son fondement."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"id": "R04", "en_clair": "R04 — si …"}]})

    id: str
    libelle: str
    en_clair: str = Field(description="La règle en français.")
    si: dict[str, Any] = Field(description="La condition, en données (la forme du fichier publié).")
    alors: dict[str, Any]
    validation_humaine: bool
    fondement: list[str]


class DecideurVue(BaseModel):
    """Qui décide d'une orientation selon le référentiel, et à quelles conditions."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"autorite": "FRANCE_TRAVAIL", "en_clair": "…"}]})

    autorite: str
    libelle: str
    en_clair: str
    si: dict[str, Any]
    confirmation_automatique: bool = Field(description="L'algorithme seul peut confirmer une proposition évidente.")
    fondement: list[str]


class EntreeDuCatalogue(BaseModel):
    """Une donnée du catalogue du référentiel : son nom, son libellé, son type, son domaine de valeurs, si elle
    est sensible, ses sources."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"nom": "age", "type": "int", "domaine": "entier"}]})

    nom: str
    libelle: str
    type: str
    domaine: str
    sensible: bool
    cles_sensibles: list[str]
    sources: list[str]


class ReferentielPublie(VersionPubliee):
    """Une version publiée du référentiel d'orientation : son catalogue de données, ses décideurs et ses règles."""

    id: str
    fondement: list[str]
    entrees: list[EntreeDuCatalogue]
    decideurs: list[DecideurVue]
    regles: list[RegleVue] = Field(description="Dans l'ordre : la première qui s'applique donne la proposition.")


@routeur.get(
    "",
    summary="Lister les versions du référentiel d'orientation",
    response_description="Les versions publiées.",
    response_model=list[VersionPubliee],
    responses=REPONSES_LECTURE,
)
def lister_versions(publies: ReferentielsDep) -> list[VersionPubliee]:
    """Les versions publiées du référentiel d'orientation, leur date d'effet et leur empreinte."""
    return [VersionPubliee(version=r.version, valide_a_partir_du=r.valide_a_partir_du, empreinte=r.empreinte)
            for r in publies.versions()]  # fmt: skip


@routeur.get(
    "/{version}",
    summary="Lire une version du référentiel d'orientation",
    response_description="La version : son catalogue et ses règles.",
    response_model=ReferentielPublie,
    responses=REPONSES_LECTURE,
)
def lire_version(referentiel: VersionDep) -> ReferentielPublie:
    """Une version : le catalogue des données, qui décide selon le public, et chaque règle en données
    et en français (CRPA L.312-1-3)."""
    return ReferentielPublie(
        id=referentiel.id,
        version=referentiel.version,
        valide_a_partir_du=referentiel.valide_a_partir_du,
        empreinte=referentiel.empreinte,
        fondement=list(referentiel.fondement),
        entrees=[
            EntreeDuCatalogue(
                nom=e.nom, libelle=e.libelle, type=e.type, domaine=e.domaine(), sensible=e.sensible,
                cles_sensibles=list(e.cles_sensibles), sources=[s.value for s in e.sources],
            )
            for e in referentiel.entrees.values()
        ],
        decideurs=[
            DecideurVue(
                autorite=d.autorite.value, libelle=d.libelle, en_clair=decrire(d, referentiel), si=en_donnees(d.si),
                confirmation_automatique=d.confirmation_automatique, fondement=list(d.fondement),
            )
            for d in referentiel.decideurs
        ],
        regles=[
            RegleVue(
                id=r.id, libelle=r.libelle, en_clair=decrire(r, referentiel), si=en_donnees(r.si),
                alors={"type_parcours": r.orientation.type_parcours.value, "organisme": r.orientation.organisme.value}
                if r.orientation else {"entretien_orientation": True},
                validation_humaine=r.validation_humaine, fondement=list(r.fondement),
            )
            for r in referentiel.regles
        ],
    )  # fmt: skip


def en_donnees(condition: Condition) -> dict[str, Any]:
    """A condition in the shape of the published file."""
    match condition:
        case Tous(conditions) | UnParmi(conditions):
            return {"tous" if isinstance(condition, Tous) else "un_parmi": [en_donnees(c) for c in conditions]}
        case Non(partie):
            return {"non": en_donnees(partie)}
        case Comparaison(entree, operateur, valeur):
            return {"entree": entree, operateur: valeur}
        case Appartenance(entree, valeurs):
            return {"entree": entree, "dans": list(valeurs)}
        case Compte(entree, niveaux, cles, au_moins, au_plus):
            bornes = {k: v for k, v in (("au_moins", au_moins), ("au_plus", au_plus)) if v is not None}
            parmi = {"cles": list(cles)} if cles else {}  # no keys: every key of the map
            return {"compte": entree, **parmi, "niveaux": list(niveaux), **bornes}
        case _:
            return {"sinon": True}


class ResultatSimulation(BaseModel):
    """Ce que la version du référentiel propose pour ces données, et la trace de son calcul."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"regle": "R02", "entretien_requis": False}]})

    version: str
    empreinte: str
    regle: str
    orientation: dict[str, str] | None
    entretien_requis: bool
    validation_humaine: bool
    donnee_sensible: bool
    decideur: str
    confirmation_automatique: bool
    entrees_lues: list[str]
    trace: list[dict[str, Any]] = Field(description="Chaque règle examinée, ses conditions, les valeurs lues.")


@routeur.post(
    "/{version}/simulation",
    summary="Simuler une orientation",
    response_description="La proposition et sa trace.",
    response_model=ResultatSimulation,
    responses={**REPONSES_LECTURE, **{k: REPONSES_COMMANDE[k] for k in (400, 413, 422)}},
)
def simuler_orientation(referentiel: VersionDep, corps: Simulation) -> ResultatSimulation:
    """Applique cette version à des données : la proposition et sa trace, sans rien enregistrer
    (pour les conseillers, les personnes et les chercheurs)."""
    evaluation = evaluer(referentiel, corps.entrees)
    orientation = evaluation.orientation
    return ResultatSimulation(
        version=referentiel.version,
        empreinte=referentiel.empreinte,
        regle=evaluation.regle,
        orientation={"type_parcours": orientation.type_parcours.value, "organisme": orientation.organisme.value}
        if orientation else None,
        entretien_requis=evaluation.entretien_requis,
        validation_humaine=evaluation.validation_humaine,
        donnee_sensible=evaluation.sensible,
        decideur=evaluation.decideur.autorite.value,
        confirmation_automatique=evaluation.confirmation_automatique,
        entrees_lues=list(evaluation.entrees_lues),
        trace=[trace_en_donnees(t) for t in evaluation.trace],
    )  # fmt: skip


def trace_en_donnees(trace: TraceRegle) -> dict[str, Any]:
    return {
        "regle": trace.regle,
        "declenchee": trace.declenchee,
        "explication": trace.explication,
        "conditions": [
            {"description": c.description, "resultat": c.resultat, "profondeur": c.profondeur, "constat": c.constat,
             "entrees": [{"nom": e.nom, "valeur": e.valeur} for e in c.entrees]}
            for c in trace.conditions
        ],
    }  # fmt: skip
