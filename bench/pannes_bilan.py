"""What the fault bench checks once the load and the faults are over, reading the cluster itself.

- every acknowledged command is in the store: the event at the parcours and version its answer gave,
  at the position it gave, carries the command's key (its motive names it);
- no command was applied twice: a key's events lie on one parcours, each type of event once;
- every view, once at the store's last position, equals the same view rebuilt from zero into fresh
  tables (``banc_<vue>``), row for row, index entries included;
- ``parcours audit verify`` finds the seals and the transparency log whole.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

from application.parcours import ParcoursApplication
from bench.pannes_charge import Accuse, cle_du_motif
from infrastructure.consultations import journal_pour
from infrastructure.execution_projections import VUES
from infrastructure.reglages import Reglages
from infrastructure.transparence.tenue import journal_pour as journal_de_transparence
from infrastructure.vues import stockage_pour
from projections.projecteur import Projecteur
from projections.stockage import VuePostgres

PREFIXE = "banc_"
"""The fresh tables a view is rebuilt into, beside the service's own."""


@dataclass(frozen=True)
class Stocke:
    """An event of the store as the checks read it."""

    position: int
    parcours_id: str
    version: int
    type: str
    cle: str | None


@dataclass
class Magasin:
    """The store read once: each event by parcours and version, each key's events."""

    par_version: dict[tuple[str, int], Stocke] = field(default_factory=dict)
    par_cle: dict[str, list[Stocke]] = field(default_factory=lambda: defaultdict(list))
    evenements: int = 0
    fin: int = 0


def lire_le_magasin(application: ParcoursApplication, taille_page: int = 1000) -> Magasin:
    magasin, position = Magasin(), 0
    recorder, mapper = application.recorder, application.mapper
    while page := recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        for notification in page:
            evenement = mapper.to_domain_event(notification)
            cle = cle_du_motif(getattr(getattr(evenement, "decision", None), "motif", None))
            stocke = Stocke(
                notification.id, str(notification.originator_id), notification.originator_version,
                type(evenement).__name__, cle,
            )  # fmt: skip
            magasin.par_version[(stocke.parcours_id, stocke.version)] = stocke
            if cle is not None:
                magasin.par_cle[cle].append(stocke)
            magasin.evenements += 1
        position = magasin.fin = page[-1].id
    return magasin


def perdus(accuses: Iterable[Accuse], magasin: Magasin) -> list[str]:
    """Acknowledged commands whose events are not where their answer said: the event at the answer's
    version and position, and the command's own events (its key) on that parcours up to there. The
    last event need not carry the key: an inscription's last is the algorithm's orientation."""
    manquants = []
    for accuse in accuses:
        siens = [e for e in magasin.par_cle.get(accuse.cle, []) if e.parcours_id == accuse.parcours_id]
        stocke = magasin.par_version.get((accuse.parcours_id, accuse.version))
        if not siens or min(e.version for e in siens) > accuse.version:
            manquants.append(f"{accuse.etape} {accuse.cle} : aucun événement de la commande")
        elif accuse.position is not None and (stocke is None or stocke.position != accuse.position):
            trouve = "rien" if stocke is None else f"la position {stocke.position}"
            manquants.append(f"{accuse.etape} {accuse.cle} : v{accuse.version} à {accuse.position}, trouvé {trouve}")
    return manquants


def doubles(magasin: Magasin) -> list[str]:
    """Keys applied more than once: their events on two parcours, or one type of event twice."""
    trouves = []
    for cle, evenements in magasin.par_cle.items():
        parcours = {e.parcours_id for e in evenements}
        types = [e.type for e in evenements]
        if len(parcours) > 1 or len(types) != len(set(types)):
            trouves.append(f"{cle} : {len(parcours)} parcours, {sorted(types)}")
    return trouves


def positions(application: ParcoursApplication, reglages: Reglages) -> dict[str, int]:
    """Where each view and the transparency log stand."""
    vues = {vue.nom: stockage_pour(reglages, application, vue).max_tracking_id(application.name) or 0 for vue in VUES}
    return {**vues, "journal": journal_de_transparence(application).tete()[1]}


def attendre_les_vues(
    application: ParcoursApplication, reglages: Reglages, delai: float, pendant: Callable[[], None]
) -> dict[str, int]:
    """Until every view and the log stand at the store's last position, or ``delai`` seconds;
    ``pendant`` runs between two readings (the supervisor's round). Returns the last positions read."""
    fin = application.recorder.max_notification_id() or 0
    limite = time.monotonic() + delai
    while True:
        lues = positions(application, reglages)
        if min(lues.values()) >= fin or time.monotonic() > limite:
            return lues
        pendant()
        time.sleep(0.2)  # the runner's pace is its own: read its progress, bounded by ``delai``


def vues_differentes(application: ParcoursApplication, reglages: Reglages) -> list[str]:
    """Each view rebuilt from zero into fresh tables and compared with the service's: the views that differ."""
    datastore = application.recorder.datastore  # type: ignore[attr-defined]
    assert isinstance(datastore, PostgresDatastore)
    differentes = []
    for vue in VUES:
        indexee = hasattr(vue, "index")
        neuve = VuePostgres(datastore, f"{PREFIXE}{vue.nom}", indexee)
        neuve.create_table()
        Projecteur(application, vue, neuve).rattraper()
        servie = stockage_pour(reglages, application, vue)
        ecarts = [
            f"{table} : {n} ligne(s)"
            for table in [vue.nom, *([f"{vue.nom}_entrees"] if indexee else [])]
            if (n := ecart(datastore, table, f"{PREFIXE}{table}"))
        ]
        if servie.max_tracking_id(application.name) != neuve.max_tracking_id(application.name):
            ecarts.append("position")
        if ecarts:
            differentes.append(f"{vue.nom} ({', '.join(ecarts)})")
    return differentes


def ecart(datastore: PostgresDatastore, table: str, autre: str) -> int:
    """Rows of either table missing from the other (a multiset difference, both ways)."""
    a, b = sql.Identifier(datastore.schema, table), sql.Identifier(datastore.schema, autre)
    requete = sql.SQL(
        "SELECT (SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b}) x) "
        "+ (SELECT count(*) FROM (SELECT * FROM {b} EXCEPT ALL SELECT * FROM {a}) y) AS n"
    ).format(a=a, b=b)
    with datastore.transaction(commit=False) as curseur:
        curseur.execute(requete)
        ligne: Any = curseur.fetchone()
        return int(ligne["n"])


def consultations_journalisees(reglages: Reglages, relus: Iterable[str]) -> int:
    """How many of the dossiers read have their reading in the consultations log. Not all need to: a
    worker killed with ``kill -9`` loses the entries it had not yet written."""
    journal = journal_pour(reglages)
    try:
        return sum(1 for parcours_id in relus if journal.lister(parcours_id, limite=1))
    finally:
        journal.fermer()
