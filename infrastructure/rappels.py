"""Where reminders come from: the worklists' entries with a deadline (``projections.corbeilles``), read from
the corbeilles view a page at a time, from a month before the day (an entry overdue for longer was reminded
then, or the runner was stopped for over a month) to the longest notice period after it."""

from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

from application.rappels import EntreeDatee
from domain.regles.rappels import AVANT
from projections.listes import RequeteListe
from projections.stockage import Perimetre, StockageDeVue

RATTRAPAGE = timedelta(days=31)
"""How far back a run looks for deadlines it has not reminded yet (a runner stopped for a while)."""
PAGE = 500


def entrees_datees(
    stockage: StockageDeVue, jour: date, perimetre: Perimetre | None = None, depuis: date | None = None
) -> Iterator[EntreeDatee]:
    """Every entry of a worklist with a notice period whose deadline falls between ``depuis`` (``jour`` minus
    the catch-up by default) and ``jour`` plus its notice period, in deadline order; in a body's scope
    (``perimetre``, as its worklists) or all of them."""
    debut = depuis or jour - RATTRAPAGE
    for corbeille, avant in AVANT.items():
        apres = (debut.isoformat(), "", "")
        while True:
            requete = RequeteListe(
                liste=corbeille.value,
                perimetre=perimetre,
                echeance_avant=jour + timedelta(days=avant),
                apres=apres,
                limite=PAGE,
            )
            page = stockage.lister(requete)
            for ligne in page:
                echeance = date.fromisoformat(str(ligne["echeance"])[:10])
                yield EntreeDatee(UUID(str(ligne["parcours_id"])), corbeille, str(ligne["objet"]), echeance)
            if len(page) < PAGE:
                break
            dernier = page[-1]
            apres = (str(dernier["echeance"])[:10], str(dernier["parcours_id"]), str(dernier["objet"]))
