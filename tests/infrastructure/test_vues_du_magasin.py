"""On SQLite the views belong to their store: named after its file, bound to its identity. Two stores
of one folder never read each other's views; a store deleted and started afresh, or put back from an
older copy, finds its old views refused with a French start-up error rather than skipping its events."""

import shutil
from pathlib import Path

import pytest

from application.parcours import ParcoursApplication
from cli.main import main
from infrastructure.composition import construire_application
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.vues import VueDUnAutreMagasin, fichier_de_vue, identite_du_magasin
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest


def magasin(chemin: Path, horloge: HorlogeDeTest) -> tuple[Reglages, ParcoursApplication]:
    reglages = reglages_pour(f"sqlite:///{chemin}")
    return reglages, construire_application(reglages, horloge)


def inscrire_et_projeter(reglages: Reglages, application: ParcoursApplication, combien: int) -> list[str]:
    """Registers ``combien`` persons, then catches the views up; returns the dossiers the view holds."""
    for _ in range(combien):
        application.inscrire(par(), faits.inscription())
    en_processus = ProjectionsEnProcessus(application, reglages, periode=3600)
    en_processus.rattraper()
    return sorted(ligne.parcours_id for ligne in en_processus.projecteurs["dossier"].toutes_les_lignes())


def test_les_vues_portent_le_nom_de_leur_magasin_et_deux_magasins_d_un_dossier_ne_se_melangent_pas(
    tmp_path: Path, horloge: HorlogeDeTest
) -> None:
    reglages_a, a = magasin(tmp_path / "a.sqlite", horloge)
    reglages_b, b = magasin(tmp_path / "b.sqlite", horloge)

    dossiers_a = inscrire_et_projeter(reglages_a, a, 2)
    dossiers_b = inscrire_et_projeter(reglages_b, b, 3)

    assert fichier_de_vue(reglages_a, "dossier") == tmp_path / "a.vues" / "dossier.sqlite"
    assert (len(dossiers_a), len(dossiers_b), set(dossiers_a) & set(dossiers_b)) == (2, 3, set())
    assert identite_du_magasin(a) != identite_du_magasin(b)
    assert identite_du_magasin(a) == identite_du_magasin(a)  # written once, kept
    a.close()
    b.close()


def test_un_magasin_recommence_a_zero_refuse_les_vues_de_l_ancien_puis_les_reconstruit(
    tmp_path: Path, horloge: HorlogeDeTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chemin = tmp_path / "var" / "parcours.sqlite"
    reglages, ancien = magasin(chemin, horloge)
    inscrire_et_projeter(reglages, ancien, 3)
    ancien.close()

    # when the store file is deleted to start afresh, and one person registered
    chemin.unlink()
    _, nouveau = magasin(chemin, horloge)
    nouveau.inscrire(par(), faits.inscription())

    # then its views, three events ahead, are refused, naming the folder to delete
    with pytest.raises(
        VueDUnAutreMagasin, match=r"construite sur un autre magasin .* supprimez le dossier .*parcours\.vues"
    ):
        ProjectionsEnProcessus(nouveau, reglages)
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    assert main(["projections", "status"]) == 2
    assert "autre magasin" in capsys.readouterr().err

    # and once the folder is deleted, the views are built again from the new store's first event
    shutil.rmtree(tmp_path / "var" / "parcours.vues")
    assert len(inscrire_et_projeter(reglages, nouveau, 0)) == 1
    nouveau.close()


def test_un_magasin_remis_d_une_copie_plus_ancienne_refuse_des_vues_en_avance_sur_lui(
    tmp_path: Path, horloge: HorlogeDeTest
) -> None:
    chemin = tmp_path / "parcours.sqlite"
    reglages, application = magasin(chemin, horloge)
    inscrire_et_projeter(reglages, application, 1)
    application.close()
    shutil.copy(chemin, tmp_path / "copie.sqlite")
    reglages, application = magasin(chemin, horloge)
    inscrire_et_projeter(reglages, application, 2)
    application.close()

    shutil.copy(tmp_path / "copie.sqlite", chemin)  # the same store, as it stood one event ago
    reglages, application = magasin(chemin, horloge)

    with pytest.raises(VueDUnAutreMagasin, match=r"a appliqué 3 événements et le magasin .* n'en tient que 1"):
        ProjectionsEnProcessus(application, reglages)
    application.close()
