"""The actions a caller may take next in a parcours (DESIGN §5): ``domain.actions`` judged with the
competence every command applies (``ParcoursApplication.roles`` on the day, ``domain.competence.droits``)."""

from datetime import date

from application.parcours import ParcoursApplication
from domain.actions import ActionPossible, actions_possibles
from domain.competence import Droits, Intervenant, Situation, droits
from domain.parcours import Parcours


def actions(app: ParcoursApplication, parcours: Parcours, intervenant: Intervenant, jour: date) -> list[ActionPossible]:
    """The steps the state of ``parcours`` admits on ``jour`` that ``intervenant`` is competent to take there,
    judged as ``ParcoursApplication._etape`` judges the command: the roles of the situation the step makes, on
    that day, with the application's delays and delegations."""

    def juge(situation: Situation) -> Droits:
        return droits(situation, app.roles(situation, jour), intervenant)

    return actions_possibles(parcours, juge, jour, app.parametres)
