"""The letters the law requires, rendered from the events and sent (issue 21, item 2; docs/courriers.md).

- ``lettre.py``: what every letter shares (signatory, address block, remedies) and its printing on the PDF/A base;
- ``orientation.py``: the orientation decision and the explanation of the algorithm's part in it;
- ``sanction.py``: the notice of the contradictoire, the sanction decision, the decision on a recours;
- ``courriel.py`` and ``depot.py``: the two channels (SMTP, and a folder the printing service collects);
  ``expedition.py`` picks one by the letter's channel and builds both from the settings.

``RedacteurPdf`` is the application's ``Redacteur``: one function per kind of letter, one printing.
"""

from collections.abc import Callable

from application.courriers import CourrierARediger
from domain.vocabulaire import NatureCourrier
from infrastructure.courriers.lettre import Lettre, imprimer
from infrastructure.courriers.orientation import decision_orientation, explication
from infrastructure.courriers.sanction import avis_contradictoire, decision_recours, decision_sanction

REDACTIONS: dict[NatureCourrier, Callable[[CourrierARediger], Lettre]] = {
    NatureCourrier.DECISION_ORIENTATION: decision_orientation,
    NatureCourrier.AVIS_CONTRADICTOIRE: avis_contradictoire,
    NatureCourrier.DECISION_SANCTION: decision_sanction,
    NatureCourrier.DECISION_RECOURS: decision_recours,
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: explication,
}
"""What each letter says, from the step it notifies."""


class RedacteurPdf:
    """Renders a letter as a PDF/A-3u: the same ``CourrierARediger``, the same bytes."""

    def rediger(self, courrier: CourrierARediger) -> bytes:
        return imprimer(REDACTIONS[courrier.nature](courrier), courrier)
