"""Reminders of deadlines coming due (issue 22, item 3): each worklist entry with a deadline, on the day its
reminder is due (``domain.regles.rappels``), becomes one ``Rappel`` in the store — on the feed and the
webhooks like any change, to the bodies that see its parcours. Run once a day (``parcours rappels donner``);
run twice, or by two runners at once, it gives each reminder once: a reminder's id is derived from what it
reminds of, and the store refuses the same aggregate twice. A reminder decides nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.decision import Auteur, Decision, Fondement
from domain.rappel import Rappel
from domain.regles.rappels import ARTICLES, AVANT, palier, rappel_id
from domain.vocabulaire import Corbeille, PalierRappel, TypeAuteur

if TYPE_CHECKING:
    from application.parcours import ParcoursApplication

RAPPELS = Auteur(TypeAuteur.SYSTEME, id="rappels")
"""Who gives the reminders: the service itself, never an agent."""


@dataclass(frozen=True)
class EntreeDatee:
    """A worklist entry with a deadline, as the worklists hold it."""

    parcours_id: UUID
    corbeille: Corbeille
    objet: str
    echeance: date


@dataclass(frozen=True)
class Compte:
    """A worklist's deadlines in a digest: how many have passed, how many are near."""

    depassees: int = 0
    proches: int = 0


def synthese(entrees: Iterable[EntreeDatee], jour: date) -> dict[Corbeille, Compte]:
    """The daily digest of a body (issue 22, item 3): per worklist with deadlines, those passed and near."""
    comptes = dict.fromkeys(AVANT, Compte())
    for entree in entrees:
        niveau = palier(entree.corbeille, entree.echeance, jour)
        compte = comptes[entree.corbeille]
        if niveau is PalierRappel.DEPASSEE:
            comptes[entree.corbeille] = replace(compte, depassees=compte.depassees + 1)
        elif niveau is PalierRappel.PROCHE:
            comptes[entree.corbeille] = replace(compte, proches=compte.proches + 1)
    return comptes


def donner_les_rappels(app: "ParcoursApplication", entrees: Iterable[EntreeDatee], jour: date) -> int:
    """Records the reminders due on ``jour`` that were not given yet; how many were given now."""
    donnes = 0
    for entree in entrees:
        niveau = palier(entree.corbeille, entree.echeance, jour)
        if niveau is None:
            continue
        identifiant = rappel_id(entree.parcours_id, entree.corbeille, entree.objet, entree.echeance, niveau)
        if app.recorder.select_events(identifiant, limit=1):
            continue
        decision = Decision(
            auteur=RAPPELS, effective_le=app.horloge(), fondement=Fondement(articles=ARTICLES[entree.corbeille])
        )
        rappel = Rappel.donner(
            identifiant, entree.parcours_id, entree.corbeille, entree.objet, entree.echeance, niveau, decision
        )
        try:
            recordings = app.save(rappel)
        except IntegrityError:  # given meanwhile by another runner: once is enough
            continue
        donnes += 1
        app.annoncer(recordings[-1].notification.id)
    return donnes
