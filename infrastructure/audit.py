"""``parcours audit verify`` and ``checkpoint``: the store checked against its seals, the transparency log
recomputed from the stored events with every signed checkpoint and its consistency with the one before, the
consultations log against its seals; a checkpoint signed on demand."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from application.parcours import ParcoursApplication
from infrastructure.consultations import journal_pour as journal_des_consultations
from infrastructure.consultations import limite_de_retention
from infrastructure.consultations_scellees import verifier_consultations
from infrastructure.divergence import Divergence
from infrastructure.reglages import Reglages
from infrastructure.sceaux import cle_de_sceau, verifier_sceaux, verifier_sceaux_du_parcours
from infrastructure.transparence.controle import verifier_le_journal, verifier_le_parcours_au_journal
from infrastructure.transparence.tenue import cle_du_journal, journal_pour


def notifications(recorder: ApplicationRecorder, taille_page: int = 1000) -> Iterator[Any]:
    """Every stored event in store order, with its position and stored bytes."""
    position = 0
    while page := recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        yield from page
        position = page[-1].id


def verifier(application: ParcoursApplication, reglages: Reglages, parcours_id: UUID | None = None) -> list[Divergence]:
    """Every divergence between the stored events, their seals, the transparency log and its signed checkpoints,
    and in the consultations log; with ``parcours_id``, that parcours' events only."""
    journal, cle = journal_pour(application), cle_du_journal(reglages)
    if parcours_id is not None:
        stockes = application.recorder.select_events(parcours_id)
        return [
            *verifier_sceaux_du_parcours(application.recorder, cle_de_sceau(reglages), parcours_id),
            *verifier_le_parcours_au_journal(stockes, journal, cle),
        ]
    scelles = verifier_sceaux(application.recorder, cle_de_sceau(reglages))
    au_journal = verifier_le_journal(notifications(application.recorder), journal, cle)
    return [*scelles, *au_journal, *consultations(reglages)]


def consultations(reglages: Reglages) -> list[Divergence]:
    """The consultations log against its seals (kept apart from the events, on its own datastore)."""
    registre = journal_des_consultations(reglages)
    try:
        limite = limite_de_retention(datetime.now(UTC), reglages.retention_consultations_mois)
        return list(verifier_consultations(registre, cle_de_sceau(reglages), limite))
    finally:
        registre.fermer()
