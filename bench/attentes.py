"""What the database connections wait on while the service is under load, sampled from
``pg_stat_activity``: how many wait for the events table's lock (the library's EXCLUSIVE lock per
insert, which serialises appends), and how many sit idle inside a transaction (a client that holds
its locks while its own process has not yet sent the next statement).

It is not a measure with a target but the measured reason beside the ones that miss theirs.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg

PERIODE = 0.01
REQUETE = """
SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE 'LOCK TABLE%%'),
       count(*) FILTER (WHERE state = 'idle in transaction'),
       count(*) FILTER (WHERE state = 'active')
FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()
"""


@dataclass
class Attentes:
    """Mean number of connections in each state over the samples taken."""

    echantillons: int = 0
    verrou: float = 0.0
    inactives_en_transaction: float = 0.0
    actives: float = 0.0

    def ajouter(self, verrou: int, inactives: int, actives: int) -> None:
        self.echantillons += 1
        n = self.echantillons
        self.verrou += (verrou - self.verrou) / n
        self.inactives_en_transaction += (inactives - self.inactives_en_transaction) / n
        self.actives += (actives - self.actives) / n


def echantillonner(url: str, attentes: Attentes, arret: threading.Event) -> None:
    base = urlsplit(url).path.removeprefix("/")
    with psycopg.connect(url, autocommit=True) as connexion:
        while not arret.is_set():
            ligne = connexion.execute(REQUETE, [base]).fetchone()
            if ligne is not None:
                attentes.ajouter(*ligne)
            time.sleep(PERIODE)


@contextmanager
def observer(url: str) -> Iterator[Attentes]:
    """Samples the database ``url`` names every 10 ms while the block runs."""
    attentes, arret = Attentes(), threading.Event()
    fil = threading.Thread(target=echantillonner, args=(url, attentes, arret), daemon=True)
    fil.start()
    try:
        yield attentes
    finally:
        arret.set()
        fil.join(timeout=5)
