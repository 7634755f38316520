"""What operators measure (issue 23; DESIGN §6), with the Prometheus client: no personal data in any metric —
routes by their template, problems by their stable code, views by their name.

Process-wide metrics (requests, problems, group-commit batches) live in the client's default registry; what a
service's state gives at the moment of a scrape (the views' positions, lag and blockages, the store's head,
the consultations waiting to be written) is read then by ``EtatDuService``. With several workers
(``parcours serve --workers N``) set ``PROMETHEUS_MULTIPROC_DIR`` to a folder the workers share: each scrape then
adds up every worker's counters (the client's multiprocess mode).
"""

import os
from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from projections.blocage import EtatDeVue

REQUETES = Histogram(
    "parcours_requetes_secondes",
    "Durée des requêtes HTTP, par méthode, route (son modèle, jamais un identifiant) et statut.",
    ["methode", "route", "statut"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
PROBLEMES = Counter(
    "parcours_problemes_total",
    "Réponses en erreur par code stable (la règle refusée : « transition-interdite », « incompetence »…).",
    ["code", "statut"],
)
LOTS_ECRITS = Histogram(
    "parcours_ecriture_groupee_evenements",
    "Événements écrits par transaction de l'écriture groupée (PostgreSQL).",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)


class EtatDuService(Collector):
    """The gauges read at each scrape: the store's head, each view's position, lag and blockage, and the
    consultations waiting to be written."""

    def __init__(
        self,
        tete: Callable[[], int],
        vues: Callable[[], Mapping[str, EtatDeVue]],
        consultations_en_attente: Callable[[], int],
    ) -> None:
        self.tete = tete
        self.vues = vues
        self.consultations_en_attente = consultations_en_attente

    def collect(self) -> Iterator[Metric]:
        tete = self.tete()
        yield GaugeMetricFamily("parcours_magasin_position", "Position du dernier événement enregistré.", tete)
        position = GaugeMetricFamily(
            "parcours_vue_position", "Position jusqu'où chaque vue est à jour.", labels=["vue"]
        )
        retard = GaugeMetricFamily(
            "parcours_vue_retard_evenements", "Événements que la vue n'a pas appliqués.", labels=["vue"]
        )
        bloquee = GaugeMetricFamily("parcours_vue_bloquee", "1 si la vue est arrêtée sur un événement.", labels=["vue"])
        for nom, etat in sorted(self.vues().items()):
            position.add_metric([nom], etat.position)
            retard.add_metric([nom], max(0, tete - etat.position))
            bloquee.add_metric([nom], 1 if etat.bloquee is not None else 0)
        yield from (position, retard, bloquee)
        yield GaugeMetricFamily(
            "parcours_consultations_en_attente",
            "Consultations notées, pas encore écrites dans leur journal.",
            self.consultations_en_attente(),
        )


def exposer(etat: Collector) -> bytes:
    """The text a scrape reads: the process's metrics (every worker's in multiprocess mode), then the state's."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        processus = CollectorRegistry()
        MultiProcessCollector(processus)  # type: ignore[no-untyped-call]  # the client's own signature
    else:
        processus = REGISTRY
    instantane = CollectorRegistry(auto_describe=True)
    instantane.register(etat)
    return generate_latest(processus) + generate_latest(instantane)
