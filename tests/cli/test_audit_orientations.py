"""`parcours audit orientations`: every recorded proposal replayed with its own version and inputs;
none differs, and a proposal the referential would not have made is reported (exit code 1)."""

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from domain.orientation import PropositionOrientation
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import RACINE_DES_REFERENTIELS, Reglages
from tests.support import faits
from tests.support.demandes import ALGORITHME, par
from tests.support.horloge import HorlogeDeTest


def auditer(reglages: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    code = main(["audit", "orientations"])
    return code, capsys.readouterr().out


def test_chaque_proposition_enregistree_se_rejoue_a_l_identique(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrer(reglages_persistants)
    app = construire_application(reglages_persistants, HorlogeDeTest())
    for donnees in (faits.DONNEES_EMPLOI, faits.DONNEES_EMPLOI[:2], (faits.donnee("freins.sante", "fort"),)):
        app.inscrire(par(), faits.inscription(), donnees=donnees)
    app.close()

    code, sortie = auditer(reglages_persistants, monkeypatch, capsys)

    assert (code, sortie.strip()) == (0, "audit des orientations : 3 proposition(s) rejouée(s), 0 écart(s)")


def test_une_proposition_que_sa_version_ne_donne_pas_est_signalee(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrer(reglages_persistants)
    app = construire_application(reglages_persistants, HorlogeDeTest())
    parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI[:2]).parcours_id
    parcours = app.parcours(parcours_id)
    proposee: Any = app.historique(parcours_id)[-1]  # the event keeps the trace; the aggregate does not
    vraie: PropositionOrientation = proposee.proposition
    fausse = replace(vraie, regle="R02", orientation=faits.SOCIAL_DEPARTEMENT)
    decision = par(ALGORITHME).decision(HorlogeDeTest()())
    parcours.proposer_orientation(fausse, replace(decision, criteres=tuple(parcours.donnees_orientation.values())))
    app.save(parcours)
    app.close()

    code, sortie = auditer(reglages_persistants, monkeypatch, capsys)

    assert code == 1
    assert (
        f"ÉCART {parcours_id} v3 (orientation 2025.1) : proposition rejouée différente (regle, orientation)" in sortie
    )


def test_un_referentiel_publie_altere_empeche_de_demarrer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copie = tmp_path / "referentiels"
    shutil.copytree(RACINE_DES_REFERENTIELS, copie)
    publie = copie / "orientation" / "2025.1.yaml"
    publie.write_text(publie.read_text().replace("inferieur: 26", "inferieur: 27"))
    monkeypatch.setenv("PARCOURS_REFERENTIELS", str(copie))
    monkeypatch.setenv("DATABASE_URL", "memory://")

    code = main(["audit", "orientations"])

    erreur = capsys.readouterr().err
    assert code == 2
    assert f"{publie}" in erreur
    assert "sha256:6474e200" in erreur
