"""The cost of sealing every event at write (``infrastructure/sceaux.py``), on PostgreSQL's group commit, against
the target of the issue "proof": at most 10 % fewer events appended per second than without seals.

    .venv/bin/python -m bench.sceaux [--evenements 20000] [--fils 1,4,16] [--tours 3]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--sortie FICHIER.json]

Threads save commands of two events each (a new aggregate a command, the states and topics of real parcours
events) through the service's own recorder (``EnregistreurGroupe``, built by ``construire_application``), until
``--evenements`` are appended. The reference is the same recorder, in the same database and the same run, with
its key taken away (``sceau = None``: only this bench does it; settings require the key in production). Sealed
and unsealed runs alternate, ``--tours`` times each, each in a fresh schema of a throwaway database; the table
gives the median rate of each. The HMAC alone is timed on the same events for scale.
"""

import argparse
import random
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from application.masse import partenaire
from application.parcours import ParcoursApplication
from application.saisie import Saisie
from bench.base import base_jetable, creer_schema, version_du_serveur
from bench.tableau import Cible, Ligne, publier, reference
from cli.demo.population import personnes
from infrastructure.composition import construire_application
from infrastructure.ecriture_groupee import EnregistreurGroupe
from infrastructure.migrations import migrer
from infrastructure.reglages import reglages_pour
from infrastructure.sceaux import Sceau, cle_de_sceau

PAR_COMMANDE = 2
CIBLE = Cible("≥", 0.90)
"""Sealed, at least 90 % of the unsealed rate: a cost of at most 10 %."""


def modeles(nombre: int = 40) -> list[StoredEvent]:
    """Stored events of real parcours (the demo's population registered with the data people declare: the
    inscription, the proposal, an orientation), written by the service on the memory store: their topics and
    payloads, whose sizes the seal hashes."""
    app = construire_application(reglages_pour("memory://"))
    for personne in personnes(random.Random(7), nombre, date(2025, 1, 6)):
        saisie = Saisie(principal=partenaire("flux-caf"), effective_le=personne.entree)
        app.inscrire(saisie, personne.inscription, donnees=personne.donnees)
    stockes = list(app.recorder.select_notifications(start=None, limit=10 * nombre))
    app.close()
    return [StoredEvent(s.originator_id, s.originator_version, s.topic, s.state) for s in stockes]


def commandes(gabarits: Sequence[StoredEvent], nombre: int) -> list[list[StoredEvent]]:
    """``nombre`` commands of ``PAR_COMMANDE`` events each, a new aggregate each."""
    lots = []
    for rang in range(nombre):
        agregat, premier = uuid4(), rang * PAR_COMMANDE
        lots.append([
            replace(gabarits[(premier + v) % len(gabarits)], originator_id=agregat, originator_version=v + 1)
            for v in range(PAR_COMMANDE)
        ])  # fmt: skip
    return lots


def application(url: str, scellee: bool) -> ParcoursApplication:
    """The service's application on a fresh schema; unsealed for the reference only."""
    schema = f"sceaux_{uuid4().hex[:8]}"
    creer_schema(url, schema)
    reglages = reglages_pour(f"{url}?schema={schema}")
    migrer(reglages)
    app = construire_application(reglages)
    if not isinstance(app.recorder, EnregistreurGroupe):
        raise RuntimeError("le banc mesure l'écriture groupée de PostgreSQL")
    if not scellee:
        app.recorder.sceau = None
    return app


def debit(app: ParcoursApplication, lots: list[list[StoredEvent]], fils: int) -> float:
    """Events appended per second by ``fils`` threads sharing ``lots``."""
    suivant, verrou = iter(lots), threading.Lock()

    def ecrire() -> None:
        while True:
            with verrou:
                lot = next(suivant, None)
            if lot is None:
                return
            app.recorder.insert_events(lot)

    threads = [threading.Thread(target=ecrire) for _ in range(fils)]
    debut = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duree = time.perf_counter() - debut
    return sum(len(lot) for lot in lots) / duree


def mesurer(url: str, evenements: int, fils: int, tours: int, gabarits: Sequence[StoredEvent]) -> list[Ligne]:
    """Unsealed and sealed, ``tours`` times each after a warm-up round, in alternating order, each run on a new
    schema with new aggregates."""
    mesures: dict[bool, list[float]] = {False: [], True: []}
    for tour in range(tours + 1):
        for scellee in (False, True) if tour % 2 else (True, False):  # neither always runs first on a warm server
            app = application(url, scellee)
            try:
                app.recorder.insert_events(commandes(gabarits, 1)[0])  # the pool's first connection, not timed
                mesure = debit(app, commandes(gabarits, evenements // PAR_COMMANDE), fils)
                if tour:  # the first round warms the server (caches, autovacuum, CPU clock) and is not kept
                    mesures[scellee].append(mesure)
            finally:
                app.close()
    sans = Ligne(f"sans_sceau.{fils}", f"sans sceau, {fils} fil(s) (référence)", statistics.median(mesures[False]),
                 "évén./s", note=_etendue(mesures[False]))  # fmt: skip
    avec = Ligne(f"avec_sceau.{fils}", f"avec sceau, {fils} fil(s)", statistics.median(mesures[True]), "évén./s",
                 *reference(sans), cible=CIBLE, note=_etendue(mesures[True]))  # fmt: skip
    cout = 1 - avec.valeur / sans.valeur
    return [sans, replace(avec, note=f"{avec.note} ; coût relatif {cout:+.1%}")]


def _etendue(debits: list[float]) -> str:
    return "tours : " + ", ".join(f"{d:,.0f}".replace(",", " ") for d in debits)


def hmac_seul(gabarits: Sequence[StoredEvent], evenements: int) -> Ligne:
    """Microseconds per event for the seal alone (sha256 of the payload, then the HMAC), in one thread."""
    lots = [e for lot in commandes(gabarits, evenements // PAR_COMMANDE) for e in lot]
    sceau = Sceau(cle_de_sceau(reglages_pour("memory://")))
    debut = time.perf_counter()
    sceau.de_chacun(lots)
    taille = statistics.mean(len(e.state) for e in gabarits)
    return Ligne("hmac", "sceau seul (sha256 + HMAC)", (time.perf_counter() - debut) * 1e6 / len(lots), "µs/évén.",
                 note=f"états de {taille:.0f} octets en moyenne")  # fmt: skip


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--evenements", type=int, default=20_000)
    arguments.add_argument("--fils", default="1,4,16", help="nombres de fils, séparés par des virgules")
    arguments.add_argument("--tours", type=int, default=3)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    options = arguments.parse_args()
    debut = datetime.now()
    gabarits = modeles()
    lignes = [hmac_seul(gabarits, options.evenements)]
    with base_jetable(options.postgres) as url:
        serveur = version_du_serveur(url)
        for fils in (int(f) for f in options.fils.split(",")):
            lignes += mesurer(url, options.evenements, fils, options.tours, gabarits)
    titre = f"sceaux à l'écriture : {options.evenements} événements par tour, PostgreSQL {serveur}"
    publier(titre, debut, lignes, options.sortie, {"evenements": options.evenements, "tours": options.tours})


if __name__ == "__main__":
    main()
