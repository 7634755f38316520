"""When a deadline is reminded, on which article it rests, and the one id of each reminder (issue 22, item 3).

The deadlines are those the worklists date (``projections.corbeilles``); a reminder is given when the day
comes within ``AVANT[corbeille]`` days of the deadline (``PROCHE``), and once more the day after it passed
(``DEPASSEE``). The notice periods are this service's choice, not the law's: long enough before a month's
deadline to act, short before the ten days of a contradictoire. A reminder never decides anything.
"""

import uuid
from datetime import date, timedelta
from uuid import UUID

from domain.vocabulaire import Corbeille, PalierRappel

AVANT: dict[Corbeille, int] = {
    Corbeille.A_ORIENTER: 7,
    Corbeille.CONTRAT_A_SIGNER: 7,
    Corbeille.CONTRADICTOIRE: 2,
    Corbeille.RECOURS: 14,
    Corbeille.REVUE_DROITS_DEVOIRS: 14,
    Corbeille.EXPLICATION: 7,
    Corbeille.REEXAMEN_RSA: 14,
}
"""How many days before its deadline an entry of each worklist is reminded; a list absent has no deadline."""

ARTICLES: dict[Corbeille, tuple[str, ...]] = {
    Corbeille.A_ORIENTER: ("CASF D.262-65-2",),
    Corbeille.CONTRAT_A_SIGNER: ("CT L.5411-6", "CT D.5411-14-1"),
    Corbeille.CONTRADICTOIRE: ("CT R.5412-7",),
    Corbeille.RECOURS: ("CRPA L.231-4", "CRPA L.411-2"),
    Corbeille.REVUE_DROITS_DEVOIRS: ("CT L.5411-6",),
    Corbeille.EXPLICATION: ("CRPA R.311-3-1-2",),
    Corbeille.REEXAMEN_RSA: ("CASF L.262-31",),
}
"""The article that sets each deadline: the six weeks of the PCD, the month to sign the contract, the ten days
of the contradictoire, the two months of silence that reject a recours, the periodic review of the contract,
the month to explain an algorithmic decision, the review of a social path."""

ESPACE = uuid.UUID("6d1f0c52-4a8e-4f59-9b0e-2f6a3c7d8e91")
"""The namespace of reminders' ids: fixed, so that the same reminder always has the same id."""


def palier(corbeille: Corbeille, echeance: date, jour: date) -> PalierRappel | None:
    """The reminder due on ``jour`` for a deadline of that worklist: near, passed, or none yet."""
    avant = AVANT.get(corbeille)
    if avant is None:
        return None
    if jour > echeance:
        return PalierRappel.DEPASSEE
    if jour >= echeance - timedelta(days=avant):
        return PalierRappel.PROCHE
    return None


def rappel_id(parcours_id: UUID, corbeille: Corbeille, objet: str, echeance: date, palier: PalierRappel) -> UUID:
    """One id per deadline and level: a reminder given twice is the same aggregate, refused the second time."""
    return uuid.uuid5(ESPACE, f"{parcours_id}|{corbeille.value}|{objet}|{echeance.isoformat()}|{palier.value}")
