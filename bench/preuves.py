"""The transparency log's proofs, as the issue "proof" asks them measured: the size and verification time of
a 200-event dossier's inclusion proofs in a 10,000,000-event log, their reading from PostgreSQL, and the delay
from an append to the signed checkpoint that covers it.

    .venv/bin/python -m bench.preuves [--taille 10000000] [--evenements 200] [--stockees 1000000]
        [--intervalle 5] [--ajouts 20] [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--sortie F.json]

1. **Proofs in a log of ``--taille`` leaves**: an RFC 9162 tree whose other leaves share one hash (their values
   change no proof's size or work), the dossier's ``--evenements`` leaves spread over the log. Reference: hashing
   the dossier's own leaves, the least any verifier does.
2. **Proofs read from PostgreSQL**: ``--stockees`` leaves written into the service's log tables (the runner's
   statements), then the dossier's proofs read as the export reads them. Reference: reading the dossier's
   events from the event store.
3. **Append → checkpoint**: the service's runner (``parcours projections run``) with checkpoints every
   ``--intervalle`` seconds; events appended one at a time at random moments; for each, the time until a signed
   checkpoint covers it. Reference: the time until its leaf is in the log.
"""

import argparse
import base64
import random
import statistics
import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from bench.base import base_jetable, creer_schema, version_du_serveur
from bench.tableau import Ligne, publier, reference
from infrastructure.composition import construire_application
from infrastructure.execution_projections import suivre
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.transparence.arbre import (
    Coordonnee,
    hash_feuille,
    hash_noeud,
    preuve_inclusion,
    preuves_inclusion,
    racine,
)
from infrastructure.transparence.frontiere import Frontiere, ajouter
from infrastructure.transparence.journal import Feuille, JournalSql
from infrastructure.transparence.tenue import Journal, journal_pour
from infrastructure.transparence.verification import verifier_inclusion

AUTRE = hash_feuille(b"un autre evenement")


class ArbreSynthetique:
    """``taille`` leaves, all ``AUTRE`` but the dossier's: a perfect subtree without any of them is one hash per
    level, computed once; one holding some is computed from its children."""

    def __init__(self, dossier: dict[int, bytes]) -> None:
        self.dossier = dossier
        self.indices = sorted(dossier)
        self.uniformes = [AUTRE]
        for _ in range(64):
            self.uniformes.append(hash_noeud(self.uniformes[-1], self.uniformes[-1]))

    def lire(self, coordonnees: Sequence[Coordonnee]) -> list[bytes]:
        return [self.noeud(niveau, indice) for niveau, indice in coordonnees]

    def noeud(self, niveau: int, indice: int) -> bytes:
        debut, fin = indice << niveau, (indice + 1) << niveau
        if not any(debut <= i < fin for i in self._entre(debut, fin)):
            return self.uniformes[niveau]
        if niveau == 0:
            return self.dossier[indice]
        return hash_noeud(self.noeud(niveau - 1, 2 * indice), self.noeud(niveau - 1, 2 * indice + 1))

    def _entre(self, debut: int, fin: int) -> list[int]:
        rang = bisect_left(self.indices, debut)
        return self.indices[rang : rang + 1] if rang < len(self.indices) and self.indices[rang] < fin else []


def dossier_reparti(taille: int, evenements: int, graine: int = 7) -> dict[int, bytes]:
    """The dossier's leaves at random places of the log (a parcours' events come months apart)."""
    indices = random.Random(graine).sample(range(taille), evenements)
    return {i: hash_feuille(f"evenement {i}".encode()) for i in indices}


def preuves_synthetiques(taille: int, evenements: int) -> list[Ligne]:
    dossier = dossier_reparti(taille, evenements)
    arbre = ArbreSynthetique(dossier)
    tete = racine(taille, arbre)
    preuves = {i: preuve_inclusion(i, taille, arbre) for i in dossier}
    hashes = sum(len(p) for p in preuves.values())
    en_json = sum(len(base64.b64encode(h)) + 3 for p in preuves.values() for h in p)

    def verifier() -> None:
        if not all(verifier_inclusion(dossier[i], i, taille, p, tete) for i, p in preuves.items()):
            raise AssertionError("une preuve ne tient pas")

    def hacher() -> None:
        for i in dossier:
            hash_feuille(f"evenement {i}".encode())

    seul = Ligne("hachage_seul", f"hacher les {evenements} feuilles du dossier (référence)", _mediane(hacher), "ms")
    return [
        Ligne("hashes", f"hashes des {evenements} preuves (log de {_milliers(taille)} feuilles)", hashes,
              "hashes", note=f"{hashes / evenements:.1f} par événement (log2 de la taille : {taille.bit_length()})"),
        Ligne("octets", "taille des preuves dans l'export (base64, JSON)", en_json / 1024, "Kio"),
        seul,
        Ligne("verification", f"vérifier les {evenements} preuves (hors ligne)", _mediane(verifier), "ms",
              *reference(seul)),
    ]  # fmt: skip


def _milliers(nombre: float) -> str:
    return f"{nombre:,.0f}".replace(",", " ")


def _mediane(faire: Callable[[], object], fois: int = 7) -> float:
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        faire()
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees)


def nouveau_schema(url: str, prefixe: str) -> Reglages:
    schema = f"{prefixe}_{uuid4().hex[:8]}"
    creer_schema(url, schema)
    reglages = reglages_pour(f"{url}?schema={schema}")
    migrer(reglages)
    return reglages


def preuves_stockees(url: str, stockees: int, evenements: int) -> list[Ligne]:
    """The log's tables filled as the runner fills them, then the export's reads: leaves, proofs."""
    reglages = nouveau_schema(url, "preuves")
    app = construire_application(reglages)
    journal = journal_pour(app)
    if not isinstance(journal, JournalSql):
        raise TypeError("le banc mesure le log de PostgreSQL")
    dossier = dossier_reparti(stockees, evenements)
    parcours = str(uuid4())
    frontiere, page = Frontiere.vide(), 20_000
    debut = time.perf_counter()
    for depart in range(0, stockees, page):
        indices = range(depart, min(depart + page, stockees))
        hashes = [dossier.get(i, AUTRE) for i in indices]
        feuilles = [_feuille(i, dossier, parcours) for i in indices]
        noeuds, frontiere = ajouter(frontiere, hashes)
        journal.ajouter(feuilles, noeuds)
    remplissage = time.perf_counter() - debut
    evenements_stockes = [StoredEvent(uuid4(), 1, "bench", b"x")]  # the pool's first connection, not timed
    app.recorder.insert_events(evenements_stockes)
    aggregat = uuid4()
    app.recorder.insert_events([StoredEvent(aggregat, v, "bench", b"x" * 600) for v in range(1, evenements + 1)])

    def lire_le_dossier() -> None:
        app.recorder.select_events(aggregat)

    def lire_les_preuves() -> None:  # as the export reads them: the leaves, then every node of every proof at once
        leurs = journal.feuilles_du_parcours(parcours)
        preuves_inclusion([feuille.indice for feuille in leurs], stockees, journal)

    lecture = Ligne("lecture_dossier", f"lire les {evenements} événements du dossier (référence)",
                    _mediane(lire_le_dossier), "ms")  # fmt: skip
    lignes = [
        lecture,
        Ligne("lecture_preuves", f"lire leurs {evenements} preuves (log de {_milliers(stockees)} feuilles)",
              _mediane(lire_les_preuves, 3), "ms", *reference(lecture),
              note=f"log rempli en {remplissage:.0f} s ({_milliers(stockees / remplissage)} feuilles/s)"),
    ]  # fmt: skip
    app.close()
    return lignes


def _feuille(indice: int, dossier: dict[int, bytes], parcours: str) -> Feuille:
    if indice in dossier:
        return Feuille(indice, indice + 1, parcours, sorted(dossier).index(indice) + 1)
    return Feuille(indice, indice + 1, f"autre-{indice}", 1)


def delai_de_checkpoint(url: str, intervalle: float, ajouts: int) -> list[Ligne]:
    """The runner follows the store; events appended one at a time; for each, time until leaf, until checkpoint."""
    reglages = nouveau_schema(url, "delai").model_copy(update={"intervalle_checkpoints_secondes": intervalle})
    arret = threading.Event()
    coureur = threading.Thread(target=suivre, args=(reglages, arret, 1.0, ()), daemon=True)  # the log only
    coureur.start()
    app = construire_application(reglages)
    journal = journal_pour(app)
    hasard = random.Random(11)
    au_log: list[float] = []
    au_checkpoint: list[float] = []
    try:
        for _ in range(ajouts):
            time.sleep(hasard.uniform(0, intervalle))  # arrivals at random moments, not in step with the runner
            app.recorder.insert_events([StoredEvent(uuid4(), 1, "bench", b"x" * 600)])
            depose = time.perf_counter()
            position = app.recorder.max_notification_id() or 0
            au_log.append(_attendre(lambda p=position: journal.tete()[1] >= p, depose))  # type: ignore[misc]
            au_checkpoint.append(_attendre(lambda p=position: _couvert(journal, p), depose))  # type: ignore[misc]
    finally:
        arret.set()
        coureur.join(10)
        app.close()
    feuille = Ligne("au_journal", "ajout → sa feuille dans le log (référence)", statistics.median(au_log), "s",
                    note=f"max {max(au_log):.2f} s")  # fmt: skip
    return [
        feuille,
        Ligne("au_checkpoint", f"ajout → checkpoint signé qui le couvre (intervalle {intervalle:g} s)",
              statistics.median(au_checkpoint), "s", *reference(feuille),
              note=f"max {max(au_checkpoint):.2f} s ; attendu ≤ intervalle + période du coureur (1 s)"),
    ]  # fmt: skip


def _couvert(journal: Journal, position: int) -> bool:
    dernier = journal.dernier_checkpoint()
    if dernier is None:
        return False
    feuilles = journal.feuilles(apres=dernier.taille - 2, limite=1)
    return bool(feuilles) and feuilles[0].position >= position


def _attendre(condition: Callable[[], bool], depuis: float, limite: float = 600.0) -> float:
    while not condition():
        if time.perf_counter() - depuis > limite:
            raise TimeoutError("le journal ne suit pas")
        time.sleep(0.02)  # polling the store is the measure here, not a synchronisation of a test
    return time.perf_counter() - depuis


def main() -> None:
    arguments = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    arguments.add_argument("--taille", type=int, default=10_000_000)
    arguments.add_argument("--evenements", type=int, default=200)
    arguments.add_argument("--stockees", type=int, default=1_000_000)
    arguments.add_argument("--intervalle", type=float, default=5.0)
    arguments.add_argument("--ajouts", type=int, default=20)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    options = arguments.parse_args()
    debut = datetime.now(UTC)
    lignes = preuves_synthetiques(options.taille, options.evenements)
    with base_jetable(options.postgres) as url:
        serveur = version_du_serveur(url)
        lignes += preuves_stockees(url, options.stockees, options.evenements)
        lignes += delai_de_checkpoint(url, options.intervalle, options.ajouts)
    titre = f"preuves du journal de transparence, PostgreSQL {serveur}"
    tailles = {"taille": options.taille, "evenements": options.evenements, "stockees": options.stockees}
    publier(titre, debut.replace(tzinfo=None), lignes, options.sortie, tailles)


if __name__ == "__main__":
    main()
