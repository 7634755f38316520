"""``parcours webhooks run`` killed mid-delivery (SIGKILL while the receiver holds a request), then started
again, on PostgreSQL: every change is delivered, in store order per parcours, and a change received twice
carries the same webhook-id and the same payload. SIGTERM then stops it cleanly."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from infrastructure.webhooks.abonnements import StatutLivraison
from infrastructure.webhooks.execution import webhooks_pour
from tests.infrastructure.attente import jusqu_a
from tests.support.horloge import HorlogeDeTest
from tests.webhooks.banc import Banc
from tests.webhooks.recepteur import Recepteur, recepteur_local

BIN = Path(sys.executable).parent
DELAI = 0.5
"""The subscriber's time to answer: a claim's lease (3 × 0.5 + 1 s) expires soon after the kill."""


@pytest.fixture
def recepteur() -> Iterator[Recepteur]:
    with recepteur_local() as recepteur:
        yield recepteur


def lancer(reglages: Reglages) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": reglages.database_url, "PARCOURS_WEBHOOKS_DELAI_SECONDES": str(DELAI)}
    commande = [str(BIN / "parcours"), "webhooks", "run", "--periode", "0.05"]
    return subprocess.Popen(commande, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_un_envoi_tue_en_cours_de_livraison_ne_perd_rien_et_ne_double_qu_avec_le_meme_webhook_id(
    reglages_postgres: Reglages, horloge: HorlogeDeTest, recepteur: Recepteur
) -> None:
    # given a store with three parcours, a subscriber, and a receiver that holds the first request it gets
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres, horloge)
    banc = Banc(application, webhooks_pour(reglages_postgres), reglages_postgres)
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    for _ in range(3):
        banc.parcours_suivi_par_la_mission_locale()
    recepteur.retenir.set()

    # when the process is killed while the receiver holds a request, and started again
    processus = lancer(reglages_postgres)
    try:
        assert recepteur.retenu.wait(timeout=20), "aucune livraison retenue : le processus a-t-il démarré ?"
        processus.send_signal(signal.SIGKILL)
        processus.wait(timeout=10)
        tue_pendant = recepteur.recus[-1].webhook_id
        recepteur.liberer.set()
        processus = lancer(reglages_postgres)
        dernier = banc.parcours_suivi_par_la_mission_locale()  # written while it runs: the tail picks it up
        jusqu_a(lambda: len({r.webhook_id for r in recepteur.acceptes}) == 12, delai=20)

        # then SIGTERM stops it cleanly
        processus.send_signal(signal.SIGTERM)
        assert processus.wait(timeout=15) == 0
    finally:
        if processus.poll() is None:
            processus.kill()
            processus.wait()

    # then every change was delivered, each webhook-id naming one payload, the one held received twice
    journal = banc.magasin.journal(abonnement.id)
    assert len(journal) == 12
    assert {livraison.statut for livraison in journal} == {StatutLivraison.LIVREE}
    assert {livraison.webhook_id for livraison in journal} == {r.webhook_id for r in recepteur.acceptes}
    charges: dict[str, dict[str, Any]] = {}
    for recu in recepteur.recus:
        assert charges.setdefault(recu.webhook_id, recu.charge) == recu.charge
    doubles = {i for i in charges if [r.webhook_id for r in recepteur.recus].count(i) > 1}
    assert tue_pendant in doubles
    assert set(charges) == {livraison.webhook_id for livraison in journal}
    positions: dict[str, list[int]] = {}
    for recu in recepteur.acceptes:
        vues = positions.setdefault(recu.charge["data"]["parcours_id"], [])
        if recu.charge["data"]["position"] not in vues:
            vues.append(recu.charge["data"]["position"])
    assert all(p == sorted(p) and len(p) == 3 for p in positions.values())
    assert str(dernier) in positions
    banc.fermer()
    application.close()
