"""Snapshots: loading a long parcours should cost about what a short one costs.

The aggregate is snapshotted every ``INTERVALLE`` events (``ParcoursApplication.snapshotting_intervals``),
so a load reads the last snapshot and at most ``INTERVALLE - 1`` events after it. Four parcours are
written through the application: two short ones (10 events, a snapshot at the last; 19 events, 9 to
replay after the snapshot) and two long ones (1,000 and 1,009 events), each long one set beside the
short one with as many events to replay: what may differ is only the length of the history. The long histories
are contract revisions, so the aggregate's state stays the size of a real one and only the history's
length varies.
``app.parcours(id)`` is then timed many times each, interleaved so that drift hits all three alike.
"""

import statistics
import time
from dataclasses import dataclass, replace
from uuid import UUID, uuid4

from application.parcours import ParcoursApplication
from bench.projections import AGENT, CONTRAT, DIAGNOSTIC, ORIENTATION
from domain.inscription import Inscription, Territoire
from domain.parcours import Parcours
from domain.vocabulaire import CanalInscription, ModeOrientation, MotifInscription
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import reglages_pour

SCHEMA = "instantanes"
INTERVALLE = ParcoursApplication.snapshotting_intervals[Parcours]
RATIO_CIBLE = 1.25
"""Issue 7: a 1,000-event parcours "costs no more than a 10-event one"; a quarter more absorbs the
noise of timing loads well under a millisecond."""
INSCRIPTION = Inscription(MotifInscription.DEMANDE, CanalInscription.EN_LIGNE, Territoire("75"))


@dataclass(frozen=True)
class Chargements:
    """p50 of one load, in ms, per number of events in the parcours."""

    p50_ms: dict[int, float]
    intervalle: int


def ecrire(app: ParcoursApplication, evenements: int) -> UUID:
    """A parcours of exactly ``evenements`` events: inscription to contract (6), then revisions."""
    parcours_id = app.inscrire(AGENT, INSCRIPTION, uuid4()).parcours_id
    app.orienter(app.parcours(parcours_id), AGENT, ORIENTATION, ModeOrientation.AGENT)
    app.notifier_orientation(app.parcours(parcours_id), AGENT)
    app.realiser_diagnostic(app.parcours(parcours_id), AGENT, DIAGNOSTIC)
    app.signer_contrat(app.parcours(parcours_id), AGENT, CONTRAT)
    version = app.informer_droits_devoirs(app.parcours(parcours_id), AGENT).version
    revisions = (replace(CONTRAT, heures_hebdo=16), CONTRAT)
    while version < evenements:
        version = app.mettre_a_jour_contrat(app.parcours(parcours_id), AGENT, revisions[version % 2]).version
    return parcours_id


def chronometrer(app: ParcoursApplication, parcours_id: UUID) -> float:
    debut = time.perf_counter()
    app.parcours(parcours_id)
    return (time.perf_counter() - debut) * 1000


def mesurer(url: str, longueurs: tuple[int, ...], repetitions: int) -> Chargements:
    """p50 of ``app.parcours(id)`` for a parcours of each length (each at least 6 events)."""
    reglages = reglages_pour(f"{url}?schema={SCHEMA}")
    migrer(reglages)
    app = construire_application(reglages)
    try:
        ids = {longueur: ecrire(app, longueur) for longueur in longueurs}
        durees: dict[int, list[float]] = {longueur: [] for longueur in longueurs}
        for _ in range(repetitions):
            for longueur, parcours_id in ids.items():
                durees[longueur].append(chronometrer(app, parcours_id))
        return Chargements({longueur: statistics.median(d) for longueur, d in durees.items()}, INTERVALLE)
    finally:
        app.close()
