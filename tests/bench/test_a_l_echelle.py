"""The reads-at-scale bench's per-view catch-up on a small store: each view reads the sample itself,
is set beside decoding alone, and leaves no scratch table behind. No timing is asserted."""

from collections.abc import Iterator

import psycopg
import pytest

from application.parcours import ParcoursApplication
from bench.a_l_echelle import rattraper_seule
from bench.tableau import Ligne
from domain.vocabulaire import ModeOrientation
from infrastructure.composition import construire_application
from infrastructure.execution_projections import VUES
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.support import faits
from tests.support.demandes import par


@pytest.fixture
def app(reglages_postgres: Reglages) -> Iterator[ParcoursApplication]:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres)
    for _ in range(3):
        parcours_id = application.inscrire(par(), faits.inscription()).parcours_id
        application.orienter(application.parcours(parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT)
    yield application
    application.close()


def test_chaque_vue_rattrape_seule_l_echantillon_puis_efface_ses_tables(
    reglages_postgres: Reglages, app: ParcoursApplication
) -> None:
    decodage = Ligne("echelle.decodage", "lecture et décodage seuls", 1000.0, "évén./s")

    lignes = rattraper_seule(app, decodage, nombre=4)

    stockes = app.recorder.max_notification_id()  # 6: the sample ends with a whole page of 500

    assert [ligne.cle for ligne in lignes] == [f"echelle.seule.{vue.nom}" for vue in VUES]
    for ligne in lignes:
        assert ligne.valeur > 0
        assert ligne.reference_cle == "echelle.decodage"
        assert ligne.ratio == ligne.valeur / 1000.0
        assert ligne.note.startswith(f"les {stockes} premiers événements")
    with psycopg.connect(reglages_postgres.conninfo_postgres()) as connexion:
        restantes = connexion.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'seule%%'",
            (reglages_postgres.schema_postgres,),
        ).fetchall()
    assert restantes == []
