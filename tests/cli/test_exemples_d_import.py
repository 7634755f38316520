"""The import examples of docs/exploitation.md are imported as they are written: an operator who copies them
gets two recorded lines, not a refusal."""

import json
import re
from pathlib import Path

import pytest

from cli.main import main
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour

DOC = Path(__file__).resolve().parents[2] / "docs" / "exploitation.md"


def exemple(langage: str) -> str:
    (bloc,) = re.findall(rf"```{langage}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    return str(bloc)


@pytest.fixture
def magasin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reglages:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")
    migrer(reglages)
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    monkeypatch.setenv("PARCOURS_DONNEES", str(tmp_path))
    return reglages


@pytest.mark.parametrize(("langage", "nom"), [("json", "caf.jsonl"), ("csv", "partenaire.csv")])
def test_l_exemple_de_la_documentation_est_inscrit(
    langage: str, nom: str, magasin: Reglages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fichier = tmp_path / nom
    fichier.write_text(exemple(langage), encoding="utf-8")

    assert main(["import", str(fichier)]) == 0, fichier.with_name(nom + ".refus.jsonl").read_text()
    (inscrit,) = [json.loads(t) for t in fichier.with_name(nom + ".inscrits.jsonl").read_text().splitlines()]
    assert inscrit["reouvert"] is False
    assert inscrit["personne_id"]
