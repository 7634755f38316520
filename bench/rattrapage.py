"""Projections on PostgreSQL: catch-up throughput per view, read latency, and a full rebuild.

Histories are written through the application by ``bench.projections.peupler`` (the projections
bench's own generator). Each view then catches up from zero in pages of 500, beside its reference:
reading and decoding the same events without applying them, the floor any view pays. Reads reuse
``bench.projections.lire``. Finally each view is rebuilt with ``parcours projections rebuild``'s
function (``reconstruire``), and its time extrapolated linearly to 1,000,000 events.
"""

import statistics
import time
from dataclasses import dataclass, field
from uuid import UUID

from application.parcours import ParcoursApplication
from bench.projections import lire, peupler
from infrastructure.composition import construire_application
from infrastructure.execution_projections import VUES
from infrastructure.migrations import migrer
from infrastructure.reconstruction import reconstruire
from infrastructure.reglages import reglages_pour
from infrastructure.vues import stockage_pour
from projections.faits import Faits
from projections.projecteur import Projecteur

SCHEMA = "projections"
PAGE = 500
ECHANTILLON_DE_LECTURES = 200


@dataclass
class Projections:
    """What the projections measure found; rates in events/s, durations in s, reads in ms."""

    parcours: int
    evenements: int = 0
    ecriture: float = 0.0
    lecture_brute: float = 0.0
    rattrapage: dict[str, float] = field(default_factory=dict)
    lectures_p50: dict[str, float] = field(default_factory=dict)
    lectures_p99: dict[str, float] = field(default_factory=dict)
    reconstruction: dict[str, float] = field(default_factory=dict)


def lire_le_journal(app: ParcoursApplication) -> float:
    """Events/s to read and decode the whole store in pages, applying nothing."""
    debut, position, lus = time.perf_counter(), 0, 0
    while page := app.recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False):
        for notification in page:
            app.mapper.to_domain_event(notification)
        position, lus = page[-1].id, lus + len(page)
    return lus / (time.perf_counter() - debut)


def centiles(durees: list[float]) -> tuple[float, float]:
    if len(durees) < 2:
        return durees[0], durees[0]
    rangs = statistics.quantiles(durees, n=100, method="inclusive")
    return rangs[49], rangs[98]


def rattraper_et_lire(app: ParcoursApplication, url: str, ids: list[UUID], mesure: Projections) -> None:
    """Each view from zero, then reads of a sample of parcours (for corbeilles, a worklist page of 50)."""
    reglages = reglages_pour(f"{url}?schema={SCHEMA}")
    echantillon = ids[:: max(1, len(ids) // ECHANTILLON_DE_LECTURES)]
    for vue in VUES:
        projecteur = Projecteur(app, vue, stockage_pour(reglages, app, vue))
        debut = time.perf_counter()
        lus = projecteur.rattraper(taille_page=PAGE)
        mesure.rattrapage[vue.nom] = lus / (time.perf_counter() - debut)
        if isinstance(vue, Faits):
            continue  # read whole by the indicators, which bench.projections times on its own
        durees = [lire(projecteur, parcours_id) for parcours_id in echantillon]
        mesure.lectures_p50[vue.nom], mesure.lectures_p99[vue.nom] = centiles(durees)


def reconstruire_tout(url: str, mesure: Projections) -> None:
    """Seconds to rebuild each view from position zero into fresh tables, then swap them in."""
    reglages = reglages_pour(f"{url}?schema={SCHEMA}")
    for vue in VUES:
        debut = time.perf_counter()
        reconstruire(reglages, vue.nom)
        mesure.reconstruction[vue.nom] = time.perf_counter() - debut


def mesurer(url: str, parcours: int) -> Projections:
    """Writes ``parcours`` histories, then measures catch-up, reads and rebuilds."""
    reglages = reglages_pour(f"{url}?schema={SCHEMA}")
    migrer(reglages)
    mesure = Projections(parcours)
    app = construire_application(reglages)
    try:
        debut = time.perf_counter()
        ids = peupler(app, parcours)
        duree = time.perf_counter() - debut
        mesure.evenements = app.recorder.max_notification_id() or 0
        mesure.ecriture = mesure.evenements / duree
        mesure.lecture_brute = lire_le_journal(app)
        rattraper_et_lire(app, url, ids, mesure)
    finally:
        app.close()
    reconstruire_tout(url, mesure)
    return mesure
