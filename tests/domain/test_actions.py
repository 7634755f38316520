"""The catalogue of actions says what the commands say: the same acts, a label for each (``domain.actions``)."""

import ast
import inspect
import textwrap

from application.parcours import ParcoursApplication
from domain.actions import ETAPES
from domain.competence import Acte
from projections.libelles import COMMANDES

METHODE_DE: dict[str, str] = {
    "presenter_observations": "recevoir_observations",
    "accepter_reorientation": "reorienter",
}
"""The application command each action runs, where the route names it otherwise."""


def actes_verifies(methode: str) -> tuple[Acte, ...]:
    """The acts an application command hands to ``_etape``, read from its source."""
    arbre = ast.parse(textwrap.dedent(inspect.getsource(getattr(ParcoursApplication, methode))))
    return tuple(
        Acte[argument.attr]
        for appel in ast.walk(arbre)
        if isinstance(appel, ast.Call) and isinstance(appel.func, ast.Attribute) and appel.func.attr == "_etape"
        for argument in appel.args
        if isinstance(argument, ast.Attribute) and isinstance(argument.value, ast.Name) and argument.value.id == "Acte"
    )


def test_chaque_action_exige_les_actes_que_sa_commande_verifie() -> None:
    for etape in ETAPES:
        methode = METHODE_DE.get(etape.nom, etape.nom)
        assert etape.actes == actes_verifies(methode), etape.nom


def test_chaque_action_a_son_libelle() -> None:
    assert set(COMMANDES) == {etape.nom for etape in ETAPES}
