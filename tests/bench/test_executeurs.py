"""The runner layouts bench on a tiny store: every layout catches every view up, each rate set beside
the same view's with one runner. No timing is asserted."""

import os

from bench.base import base_jetable
from bench.executeurs import DISPOSITIONS, mesurer
from infrastructure.execution_projections import NOMS_DES_VUES

SERVEUR_POSTGRES = os.environ.get("PARCOURS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def test_chaque_disposition_rattrape_chaque_vue_a_cote_d_un_seul_processus() -> None:
    with base_jetable(SERVEUR_POSTGRES) as url:
        lignes = mesurer(url, parcours=20)

    assert [ligne.cle for ligne in lignes] == [
        f"executeurs.{numero}.{vue}" for numero in range(len(DISPOSITIONS)) for vue in NOMS_DES_VUES
    ]
    seul = {ligne.cle.rsplit(".", 1)[1]: ligne.valeur for ligne in lignes[: len(NOMS_DES_VUES)]}
    evenements = {ligne.note.split(" ")[0] for ligne in lignes}
    for ligne in lignes[len(NOMS_DES_VUES) :]:
        vue = ligne.cle.rsplit(".", 1)[1]
        assert ligne.reference == seul[vue]
        assert ligne.reference_cle == f"executeurs.0.{vue}"
    assert all(ligne.valeur > 0 for ligne in lignes)
    assert len(evenements) == 1  # every layout caught up the same store
    assert int(evenements.pop()) > 20  # each inscription with its proposal at least
