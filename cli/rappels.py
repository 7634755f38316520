"""``parcours rappels donner``: the reminders of the deadlines due today (issue 22, item 3), once a day from a
timer; each reminder is given once however often it runs (``application/rappels.py``). Prints counts only."""

import argparse

from application.rappels import donner_les_rappels
from cli.conservation import aujourd_hui
from cli.donnees import jour
from infrastructure.composition import construire_application
from infrastructure.index_des_personnes import stockage_de_vue
from infrastructure.rappels import entrees_datees
from infrastructure.reglages import Reglages
from projections.corbeilles import Corbeilles


def declarer(commandes: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    rappels = commandes.add_parser("rappels", help="les rappels des échéances (fil, webhooks)")
    donner = rappels.add_subparsers(dest="action", required=True).add_parser(
        "donner", help="enregistre les rappels dus ce jour : une fois chacun, même relancé"
    )
    donner.add_argument("--au", type=jour, help="le jour des rappels (AAAA-MM-JJ ; aujourd'hui par défaut)")


def donner(reglages: Reglages, arguments: argparse.Namespace) -> int:
    application = construire_application(reglages)
    try:
        le = arguments.au or aujourd_hui()
        stockage = stockage_de_vue(reglages, application, Corbeilles())
        donnes = donner_les_rappels(application, entrees_datees(stockage, le), le)
    finally:
        application.close()
    print(f"rappels : {donnes} rappel(s) donné(s) au {le.isoformat()}")
    return 0
