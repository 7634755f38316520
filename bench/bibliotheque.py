"""The library alone: raw ``eventsourcing`` saves of a trivial aggregate, one event per save; and the
same saves through parcours' group commit (``infrastructure/ecriture_groupee.py``).

The same PostgreSQL database and the same persistence settings as parcours (no database functions,
so each insert takes the library's EXCLUSIVE table lock that keeps notification ids gap-free), in
its own schema, from 1, 4 and 16 threads. It is the reference for parcours' HTTP throughput: what
is left once the library's own protocol has taken its share of the physical limit.
"""

import threading
import time
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from bench.base import creer_schema
from bench.limite_physique import TAILLE_EVENEMENT
from infrastructure.reglages import reglages_pour

SCHEMA = "bibliotheque"


class Fiche(Aggregate):
    """A trivial aggregate: created with a payload of about the size of a parcours event."""

    def __init__(self, donnees: str) -> None:
        self.donnees = donnees


class Fiches(Application[UUID]):
    name = "fiches"


def application(url: str, groupee: bool = False) -> Fiches:
    """The library on the harness's database, configured as parcours configures it: with the
    library's own recorder (one save per lock), or with parcours' group commit if ``groupee``."""
    schema = f"{SCHEMA}_groupee" if groupee else SCHEMA
    creer_schema(url, schema)
    env: dict[str, Any] = reglages_pour(f"{url}?schema={schema}").environnement_persistance()
    if not groupee:
        del env["APPLICATION_RECORDER_TOPIC"]
    return Fiches(env={**env, "CREATE_TABLE": "y"})


def enregistrer_jusqu_a(app: Fiches, fin: float, charge: str, comptes: list[int]) -> None:
    """One thread: saves new aggregates (one event each) until ``fin``; appends how many it saved."""
    nombre = 0
    while time.perf_counter() < fin:
        app.save(Fiche(charge))
        nombre += 1
    comptes.append(nombre)


def mesurer(app: Fiches, fils: int, secondes: float) -> float:
    """Events saved per second by ``fils`` threads for ``secondes``."""
    charge = "x" * (TAILLE_EVENEMENT - 150)  # the JSON state and topic take the rest of the ~1 KB
    comptes: list[int] = []
    debut = time.perf_counter()
    fin = debut + secondes
    travailleurs = [threading.Thread(target=enregistrer_jusqu_a, args=(app, fin, charge, comptes)) for _ in range(fils)]
    for travailleur in travailleurs:
        travailleur.start()
    for travailleur in travailleurs:
        travailleur.join()
    return sum(comptes) / (time.perf_counter() - debut)


def mesurer_tout(url: str, niveaux: tuple[int, ...], secondes: float, groupee: bool = False) -> dict[int, float]:
    """Events saved per second at each number of threads."""
    app = application(url, groupee)
    try:
        app.save(Fiche("échauffement"))  # the pool's first connections are not part of the measure
        return {fils: mesurer(app, fils, secondes) for fils in niveaux}
    finally:
        app.close()
