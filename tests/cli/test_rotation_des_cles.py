"""`parcours cles rotation`: the keys wrapped by the previous master key are wrapped by the current one."""

from uuid import uuid4

import pytest

from application.trousseau import Cle
from cli.main import main
from infrastructure.reglages import Reglages
from infrastructure.trousseau import trousseau_pour
from tests.infrastructure.cles import CLE_A, CLE_B


def test_la_rotation_renveloppe_les_cles_de_la_version_precedente(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", reglages_persistants.database_url)
    monkeypatch.setenv("PARCOURS_CLE_MAITRE", CLE_A)
    assert main(["migrate"]) == 0
    personne = uuid4()
    avant = trousseau_pour(Reglages())
    avant.creer(personne)
    secret = avant.cle(personne)
    avant.fermer()
    monkeypatch.setenv("PARCOURS_CLE_MAITRE", CLE_B)
    monkeypatch.setenv("PARCOURS_CLE_MAITRE_VERSION", "2")
    monkeypatch.setenv("PARCOURS_CLE_MAITRE_PRECEDENTE", CLE_A)

    assert main(["cles", "rotation"]) == 0

    assert "1 clé(s) renveloppée(s) sous la clé maîtresse de version 2" in capsys.readouterr().out
    monkeypatch.delenv("PARCOURS_CLE_MAITRE_PRECEDENTE")
    apres = trousseau_pour(Reglages())
    assert apres.cle(personne) == secret
    assert secret != Cle(personne, None)
    apres.fermer()


def test_sans_la_cle_precedente_la_rotation_s_arrete_sur_un_message_clair(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", reglages_persistants.database_url)
    monkeypatch.setenv("PARCOURS_CLE_MAITRE", CLE_A)
    assert main(["migrate"]) == 0
    avant = trousseau_pour(Reglages())
    avant.creer(uuid4())
    avant.fermer()
    monkeypatch.setenv("PARCOURS_CLE_MAITRE", CLE_B)
    monkeypatch.setenv("PARCOURS_CLE_MAITRE_VERSION", "2")

    assert main(["cles", "rotation"]) == 2

    assert "version 1, absente des réglages" in capsys.readouterr().err
