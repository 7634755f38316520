"""The audit chain: every stored event chained exactly once, and `parcours audit verify` naming the event a
tamperer changed, deleted or moved after disabling the immutability trigger (SQLite and PostgreSQL)."""

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from application.parcours import ParcoursApplication
from cli.main import main
from infrastructure.audit import signer_un_point, verifier
from infrastructure.chaine import Chaineur
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer, table_des_evenements
from infrastructure.reglages import Reglages
from infrastructure.sceaux import INVALIDE, NON_SCELLE, ORPHELIN
from infrastructure.stockage_chaine import TABLE_POINTS, chaine_pour
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.sql_brut import sql_brut


@pytest.fixture
def magasin(reglages_persistants: Reglages, tmp_path: Path) -> Iterator[tuple[Reglages, ParcoursApplication]]:
    """Two parcours, eight events, chained."""
    reglages = reglages_persistants.model_copy(update={"cle_signature": tmp_path / "cle.pem"})
    migrer(reglages)
    app = construire_application(reglages, HorlogeDeTest())
    for _ in range(2):
        parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
        app.informer_droits_devoirs(app.parcours(parcours_id), par())
    Chaineur(app, chaine_pour(app)).rattraper()
    yield reglages, app
    app.close()


def decrit(reglages: Reglages, app: ParcoursApplication) -> list[str]:
    """The chain's divergences (the seals', checked in ``test_sceaux.py``, left aside)."""
    return [str(d) for d in verifier(app, reglages) if d.nature not in (NON_SCELLE, INVALIDE, ORPHELIN)]


def test_chaque_evenement_est_chaine_une_fois_et_la_verification_ne_trouve_rien(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    second = Chaineur(app, chaine_pour(app))

    assert second.rattraper() == 0  # already chained: nothing applied twice
    assert chaine_pour(app).tete() is not None
    assert [m.position for m in chaine_pour(app).maillons()] == list(range(1, 9))
    assert decrit(reglages, app) == []


def test_un_octet_change_dans_un_evenement_stocke_est_nomme(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    table = table_des_evenements(app)
    modifie = "UPDATE {table} SET state = {nouveau} WHERE {position} = 5"
    nouveau = (
        "CAST(substr(state, 1, 9) || X'20' || substr(state, 11) AS BLOB)"
        if reglages.moteur == "sqlite"
        else ("overlay(state placing '\\x20'::bytea from 10 for 1)")
    )

    sql_brut(reglages, [modifie.replace("{nouveau}", nouveau)], table)

    (divergence,) = decrit(reglages, app)
    cinquieme = chaine_pour(app).maillons(apres=4, limite=1)[0]
    assert divergence.startswith(f"événement modifié : position 5, parcours {cinquieme.parcours_id} version 1")


def test_un_evenement_supprime_est_nomme(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin

    sql_brut(reglages, ["DELETE FROM {table} WHERE {position} = 3"], table_des_evenements(app))

    (divergence,) = decrit(reglages, app)
    assert divergence.startswith("événement supprimé : position 3, parcours ")
    assert "version 3" in divergence


def test_deux_evenements_permutes_sont_nommes(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    permuter = [
        "UPDATE {table} SET {position} = 100 WHERE {position} = 2",
        "UPDATE {table} SET {position} = 2 WHERE {position} = 6",
        "UPDATE {table} SET {position} = 6 WHERE {position} = 100",
    ]

    sql_brut(reglages, permuter, table_des_evenements(app))

    divergences = decrit(reglages, app)
    assert [d.split(",")[0] for d in divergences] == [
        "ordre ou identité modifiés : position 2",
        "ordre ou identité modifiés : position 6",
    ]


def test_le_parcours_seul_se_verifie_par_version(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    premier = UUID(chaine_pour(app).maillons(limite=1)[0].parcours_id)

    sql_brut(reglages, ["DELETE FROM {table} WHERE {position} = 2"], table_des_evenements(app))

    assert [str(d).split(" —")[0] for d in verifier(app, reglages, premier)] == [
        f"sceau orphelin : parcours {premier} version 2",
        f"événement supprimé : position 2, parcours {premier} version 2",
    ]


def test_un_point_de_controle_signe_se_verifie_et_sa_falsification_se_voit(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    point = signer_un_point(app, reglages)
    assert point is not None
    assert (point.position, decrit(reglages, app)) == (8, [])

    sql_brut(reglages, ["UPDATE {table} SET hash_global = 'sha256:0'"], TABLE_POINTS)

    (divergence,) = decrit(reglages, app)
    assert divergence.startswith("point de contrôle contredit : position 8")


def test_la_commande_sort_en_erreur_a_la_moindre_divergence(
    magasin: tuple[Reglages, ParcoursApplication], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reglages, app = magasin
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    monkeypatch.setenv("PARCOURS_CLE_SIGNATURE", str(reglages.cle_signature))
    assert main(["audit", "verify"]) == 0

    sql_brut(reglages, ["DELETE FROM {table} WHERE {position} = 8"], table_des_evenements(app))

    assert main(["audit", "verify"]) == 1
    assert "DIVERGENCE événement supprimé : position 8" in capsys.readouterr().out
