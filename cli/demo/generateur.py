"""The demo's run: every person's life is a coroutine that yields its next step (a business instant, who
acts, the command); the steps of all lives are run in business-time order, the recording clock
(``HorlogePilotee``) set to each step's instant, so the store reads as the months went by. Nothing is
written around the application: every step is a command, checked by the domain as in production, so a
refused command is a bug of the generator. Each person has an identity (``cli.demo.identites``, of the age
the population dealt them on the first day), which their inscription looks for first (issue 18).

Deterministic for a given seed (``random.Random(graine)``), parcours ids aside (``uuid4``: a second run on
the same store adds to it). The recording clock follows the business dates: on a store already in use, a
demo's events are recorded in the past of the others (a demo store is for demos and benchmarks).
"""

import heapq
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from uuid import UUID

from application.parcours import ParcoursApplication
from application.saisie import Saisie
from cli.demo.identites import GenerateurIdentites
from cli.demo.population import personnes
from cli.demo.vie import Deroulement, Pas, Vie
from domain.decision import FUSEAU_METIER
from domain.erreurs import RegleEnfreinte
from domain.valeur import ValeurInvalide


class HorlogePilotee:
    """The recording clock of a demo: set to each step's business instant, so the events are recorded as
    the months go by (and the as-of reads of the store make sense)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    @classmethod
    def au(cls, jour: date) -> "HorlogePilotee":
        return cls(datetime.combine(jour, time(8), FUSEAU_METIER))

    def __call__(self) -> datetime:
        return self.instant


@dataclass
class BilanDemo:
    """The parcours generated, the events recorded by type, and the commands refused (a generator bug)."""

    parcours: list[UUID] = field(default_factory=list)
    evenements: Counter[str] = field(default_factory=Counter)
    refus: list[str] = field(default_factory=list)


def generer(
    app: ParcoursApplication, nombre: int, graine: int, depuis: date, horloge: HorlogePilotee | None = None
) -> BilanDemo:
    """Runs ``nombre`` lives step by step in business-time order; ``horloge``, if given, is the
    application's recording clock and follows the steps."""
    rng = random.Random(graine)
    bilan = BilanDemo()
    file: list[tuple[datetime, int, Vie, Pas]] = []
    identites = GenerateurIdentites(graine, depuis)
    for sans_identite in personnes(rng, nombre, depuis):
        departement = sans_identite.inscription.territoire.departement
        personne = replace(sans_identite, fiche=identites.fiche(departement, sans_identite.age))
        vie = Deroulement(app, rng, personne, bilan.parcours).vie()
        heapq.heappush(file, (personne.entree, personne.numero, vie, next(vie)))
    sequence = nombre
    while file:
        _, _, vie, pas = heapq.heappop(file)
        suivant = executer(vie, pas, horloge, bilan)
        if suivant is not None:
            sequence += 1
            heapq.heappush(file, (suivant.instant, sequence, vie, suivant))
    for parcours_id in bilan.parcours:
        bilan.evenements.update(type(e).__name__ for e in app.historique(parcours_id))
    return bilan


def executer(vie: Vie, pas: Pas, horloge: HorlogePilotee | None, bilan: BilanDemo) -> Pas | None:
    """Runs one step and returns the life's next one; a refusal ends the life and is reported."""
    if horloge is not None:
        horloge.instant = pas.instant
    try:
        resultat = pas.commande(Saisie(principal=pas.principal, effective_le=pas.instant, motif=pas.motif))
    except (RegleEnfreinte, ValeurInvalide) as erreur:
        bilan.refus.append(f"{pas.nom} le {pas.instant:%Y-%m-%d} : {erreur}")
        vie.close()
        return None
    try:
        return vie.send(resultat)
    except StopIteration:
        return None
