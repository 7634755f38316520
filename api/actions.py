"""Each action a dossier offers, with the method and link of its own route (``domain.actions``).

The method, the path and the roles come from the command routes themselves (their ``commande()``
declaration, ``api/routes/reponses.py``): a link is the route the server runs, and an action is offered
only to a role the route admits, so the screen and the server cannot disagree. The objects of an action
fill the path's parameters after ``parcours_id``, in their order (``{sid}``, then ``{rid}``)."""

import re
from dataclasses import dataclass
from functools import cache

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.acces import aujourd_hui, intervenant
from application.actions import actions
from application.parcours import ParcoursApplication
from application.principal import Principal
from domain.actions import PAR_NOM, ActionPossible
from domain.parcours import Parcours
from projections.libelles import COMMANDES

PREFIXE = "/parcours/{parcours_id}"
PARAMETRE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    """What the API says of a command: how to call it, who may."""

    methode: str
    chemin: str
    roles: frozenset[str]

    def lien(self, parcours: Parcours, objets: tuple[str, ...]) -> str:
        noms = PARAMETRE.findall(self.chemin)[1:]
        valeurs = {"parcours_id": str(parcours.id), **dict(zip(noms, objets, strict=True))}
        return self.chemin.format(**valeurs)


@dataclass(frozen=True)
class Offerte:
    nom: str
    methode: str
    lien: str
    libelle: str


@cache
def routes(application: FastAPI) -> dict[str, Route]:
    """The command routes on a parcours, by name (the route's function name, the action's name)."""
    trouvees: dict[str, Route] = {}
    for contexte in iter_route_contexts(application.routes):  # the routers' routes, as the OpenAPI reads them
        route, chemin = contexte.original_route, contexte.path_format or ""
        if isinstance(route, APIRoute) and route.name in PAR_NOM and chemin.startswith(PREFIXE):
            roles = (route.openapi_extra or {}).get("x-roles", [])
            trouvees[route.name] = Route(min(route.methods or {"POST"}), chemin, frozenset(roles))
    return trouvees


def offertes(application: FastAPI, app: ParcoursApplication, principal: Principal, parcours: Parcours) -> list[Offerte]:
    """The actions ``principal`` may take now in ``parcours``: those the state and its competence allow
    (``application.actions``) on a route its role may call."""
    commandes = routes(application)
    possibles: list[ActionPossible] = actions(app, parcours, intervenant(principal), aujourd_hui(app))
    return [
        Offerte(a.nom, route.methode, route.lien(parcours, a.objets), COMMANDES[a.nom])
        for a in possibles
        if (route := commandes.get(a.nom)) is not None and principal.role.value in route.roles
    ]
