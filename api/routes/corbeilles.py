"""Worklists for conseillers' and authorities' UIs, served by the corbeilles view (DOMAIN §7)."""

import base64
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from api.acces import AGENTS, AUTORITE, LECTEURS_DE_TOUT, aujourd_hui, perimetre
from api.dependances import PositionLue, PrincipalDep, ProjectionsDep, RoleRequis, attendre_la_position
from api.modeles.bornes import Departement, Identifiant, Jour, Libelle
from api.modeles.personnes import PersonneNommee
from api.problemes import Probleme
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE
from application.rappels import synthese
from domain.valeur import INTERDITS
from domain.vocabulaire import Corbeille, Organisme
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.rappels import entrees_datees
from projections.dossier import LigneDossier
from projections.libelles import CORBEILLES
from projections.personnes import noms_affiches
from projections.stockage import RequeteListe

routeur = APIRouter(prefix="/corbeilles", tags=["corbeilles"])


class EntreeDeCorbeille(PersonneNommee):
    """Un parcours dans une corbeille : ce qui l'attend, depuis quand, jusqu'à quand, et qui le suit."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "parcours_id": "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10",
                    "liste": "contrat_a_signer",
                    "objet": "-",
                    "depuis": "2025-06-03",
                    "echeance": "2025-07-03",
                    "organisme": "FRANCE_TRAVAIL",
                    "departement": "75",
                    "referent": "agent-42",
                    "personne_id": "0b8f2a4e-6c1d-4e3a-9f5b-7d2c1e0a9b84",
                    "nom_affiche": "LEFÈVRE Amélie",
                }
            ]
        }
    )

    parcours_id: str
    liste: str
    objet: str = Field(description="La procédure ou le recours concerné, « - » sinon.")
    depuis: date
    echeance: date | None
    organisme: str
    departement: str
    referent: str | None


class PageDeCorbeille(BaseModel):
    """Une page d'une corbeille, et le curseur de la suivante."""

    elements: list[EntreeDeCorbeille]
    curseur_suivant: str | None = Field(
        description="À renvoyer en `curseur` pour la page suivante ; absent à la fin.", examples=["WyIyMDI1LTA3..."]
    )


def curseur(entree: dict[str, Any]) -> str:
    cle = [entree["echeance"] or "9999-12-31", entree["parcours_id"], entree["objet"]]
    return base64.urlsafe_b64encode(json.dumps(cle).encode()).decode()


def apres(texte: str | None) -> tuple[str, str, str] | None:
    """The position a cursor names; one that this service did not make is refused (400), its parts
    being compared in SQL, where a NUL is an error."""
    if texte is None:
        return None
    illisible = Probleme(400, "Curseur illisible : reprendre la liste depuis le début.")
    try:
        echeance, parcours_id, objet = json.loads(base64.urlsafe_b64decode(texte.encode()))
    except (ValueError, TypeError) as erreur:
        raise illisible from erreur
    parties = (echeance, parcours_id, objet)
    if not all(isinstance(p, str) and len(p) <= 100 and not INTERDITS.search(p) for p in parties):
        raise illisible
    return echeance, parcours_id, objet


REPONSES = {**REPONSES_LECTURE, 400: REPONSES_COMMANDE[400], 403: REPONSES_COMMANDE[403]}
LECTEURS_DES_CORBEILLES = RoleRequis(
    AGENTS | AUTORITE | LECTEURS_DE_TOUT, "Les corbeilles sont réservées aux agents, aux autorités et aux auditeurs."
)
Curseur = Annotated[Libelle | None, Query(alias="curseur", description="Opaque : rendu par la page précédente.")]


class CompteDeCorbeille(BaseModel):
    """Une corbeille dans la synthèse : combien d'entrées ont dépassé leur échéance, combien en approchent."""

    liste: Corbeille
    libelle: str = Field(examples=["contrat à signer"])
    depassees: int = Field(description="Entrées dont l'échéance est passée.", examples=[3])
    proches: int = Field(description="Entrées dont l'échéance est dans le délai de rappel.", examples=[12])


class Synthese(BaseModel):
    """La synthèse du jour : pour chaque corbeille, les entrées en retard et celles qui approchent."""

    jour: date = Field(examples=["2025-07-03"])
    corbeilles: list[CompteDeCorbeille]


@routeur.get(
    "/synthese",
    summary="Lire la synthèse des corbeilles",
    response_description="Pour chaque corbeille, ce qui attend et ce qui est en retard.",
    response_model=Synthese,
    responses=REPONSES,
    dependencies=[Depends(LECTEURS_DES_CORBEILLES)],
)
def lire_la_synthese(
    position_min: PositionLue,
    projections: ProjectionsDep,
    principal: PrincipalDep,
    jour: Annotated[Jour | None, Query(description="Le jour de la synthèse (aujourd'hui par défaut).")] = None,
) -> Synthese:
    """La synthèse quotidienne de votre structure : pour chaque corbeille à échéance, combien d'entrées ont
    passé leur échéance et combien l'atteignent bientôt (le délai de rappel), dans votre périmètre. Elle ne
    décide rien ; les entrées se lisent dans chaque corbeille (`echeance_avant`)."""
    attendre_la_position(projections, position_min)
    le = jour or aujourd_hui(projections.application)
    stockage = projections.projecteurs["corbeilles"].stockage
    entrees = entrees_datees(stockage, le, perimetre(principal, le), depuis=date.min)
    comptes = synthese(entrees, le)
    return Synthese(
        jour=le,
        corbeilles=[
            CompteDeCorbeille(liste=c, libelle=CORBEILLES[c], depassees=n.depassees, proches=n.proches)
            for c, n in comptes.items()
        ],
    )


@routeur.get(
    "/{liste}",
    summary="Lire une corbeille",
    response_description="Une page de la corbeille, par échéance.",
    response_model=PageDeCorbeille,
    responses=REPONSES,
    dependencies=[Depends(LECTEURS_DES_CORBEILLES)],
)
def lire_corbeille(
    position_min: PositionLue,
    liste: Corbeille,
    projections: ProjectionsDep,
    principal: PrincipalDep,
    limite: Annotated[int, Query(ge=1, le=200, description="Taille de la page.")] = 50,
    curseur_page: Curseur = None,
    organisme: Annotated[Organisme | None, Query(description="Filtre : organisme en charge.")] = None,
    departement: Annotated[Departement | None, Query(description="Filtre : département.", examples=["75"])] = None,
    referent: Annotated[Identifiant | None, Query(description="Filtre : référent désigné.")] = None,
    echeance_avant: Annotated[Jour | None, Query(description="Filtre : échues au plus tard ce jour.")] = None,
) -> PageDeCorbeille:
    """Une corbeille, par échéance (les entrées sans échéance en dernier), dans le périmètre de l'appelant."""
    attendre_la_position(projections, position_min)
    stockage = projections.projecteurs["corbeilles"].stockage
    requete = RequeteListe(
        liste=liste.value,
        perimetre=perimetre(principal, aujourd_hui(projections.application)),
        organisme=organisme.value if organisme else None,
        departement=departement,
        referent=referent,
        echeance_avant=echeance_avant,
        apres=apres(curseur_page),
        limite=limite + 1,
    )
    entrees = stockage.lister(requete)
    suivante = curseur(entrees[limite - 1]) if len(entrees) > limite else None
    page = entrees[:limite]
    personnes = personnes_des_parcours(projections, {e["parcours_id"] for e in page})
    elements = [EntreeDeCorbeille.model_validate(e | personnes.get(e["parcours_id"], {})) for e in page]
    return PageDeCorbeille(elements=elements, curseur_suivant=suivante)


def personnes_des_parcours(projections: ProjectionsEnProcessus, parcours_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Each parcours' person and display name: the dossier view names the person, the persons view
    their name (two reads by key for a page)."""
    dossiers: dict[str, LigneDossier] = projections.projecteurs["dossier"].lire(parcours_ids)
    noms = noms_affiches(projections.projecteurs["personnes"], (d.personne_id for d in dossiers.values()))
    return {
        parcours_id: {"personne_id": d.personne_id, "nom_affiche": noms.get(d.personne_id)}
        for parcours_id, d in dossiers.items()
        if d.personne_id is not None
    }
