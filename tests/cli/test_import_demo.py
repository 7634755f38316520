"""`parcours import` (JSON lines and CSV: the valid lines recorded, the others listed with their numbers,
exit code 1) and `parcours demo` (histories generated through the application), on SQLite and PostgreSQL
(two worker processes there, as by default)."""

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from cli.main import main
from domain.identite import NatureIdentifiant
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages

DONNEES: list[dict[str, Any]] = [
    {"nom": "age", "valeur": 30, "source": "declaration", "collecte_le": "2025-06-01"},
    {"nom": "activite_recente_24_mois", "valeur": True, "source": "declaration", "collecte_le": "2025-06-01"},
    {"nom": "capacite_a_se_projeter", "valeur": "oui", "source": "declaration", "collecte_le": "2025-06-01"},
    {"nom": "freins.mobilite", "valeur": "sans_impact", "source": "declaration", "collecte_le": "2025-06-01"},
]
"""Rule R04: for France Travail, confirmed by the algorithm alone."""
RSA = [*DONNEES, {"nom": "beneficiaire_rsa", "valeur": True, "source": "flux_caf", "collecte_le": "2025-06-01"}]
"""The same for an RSA beneficiary: the président du conseil départemental decides."""


def ligne(reference: str, **champs: Any) -> str:
    corps = {
        "motif": "demande_rsa",
        "canal": "flux_caf",
        "territoire": {"departement": "93", "bassin": None},
        "effective_le": "2025-06-02T08:00:00+02:00",
        "donnees_orientation": RSA,
        "reference": reference,
    }
    return json.dumps({**corps, **champs})


def lancer(reglages: Reglages, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> int:
    migrer(reglages)
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    return main(list(arguments))


def lignes_json(chemin: Path) -> list[dict[str, Any]]:
    return [json.loads(texte) for texte in chemin.read_text(encoding="utf-8").splitlines()]


def histoires(reglages: Reglages, inscrits: list[dict[str, Any]]) -> list[list[str]]:
    app = construire_application(reglages)
    try:
        return [[type(e).__name__ for e in app.historique(UUID(i["parcours_id"]))] for i in inscrits]
    finally:
        app.close()


def test_les_lignes_valides_sont_inscrites_et_les_autres_listees_avec_leur_numero(
    reglages_persistants: Reglages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flux = tmp_path / "caf.jsonl"
    lignes = [
        ligne("caf-1", motif="demande", donnees_orientation=DONNEES),
        ligne("caf-2"),
        ligne("caf-3", motif="allocation"),
        "",
        ligne("caf-5", donnees_orientation=[{**DONNEES[0], "valeur": 120}]),
        ligne("caf-6", effective_le="2025-06-02"),
        ligne("caf-7"),
    ]
    flux.write_text("\n".join(lignes) + "\n", encoding="utf-8")

    code = lancer(reglages_persistants, monkeypatch, "import", str(flux), "--lot", "2")

    assert code == 1
    refus = lignes_json(tmp_path / "caf.jsonl.refus.jsonl")
    assert [(r["ligne"], r["reference"]) for r in refus] == [(3, "caf-3"), (5, "caf-5"), (6, "caf-6")]
    assert "motif : « allocation » inconnu" in refus[0]["motif"]
    assert "age : valeur 120 hors du domaine" in refus[1]["motif"]
    inscrits = lignes_json(tmp_path / "caf.jsonl.inscrits.jsonl")
    assert [(i["ligne"], i["reference"]) for i in inscrits] == [(1, "caf-1"), (2, "caf-2"), (7, "caf-7")]
    assert histoires(reglages_persistants, inscrits) == [
        ["Inscrit", "OrientationProposee", "Oriente"],
        ["Inscrit", "OrientationProposee"],
        ["Inscrit", "OrientationProposee"],
    ]
    sortie = capsys.readouterr().out
    assert "6 ligne(s) lue(s), 3 inscription(s) enregistrée(s) en 3 lot(s), 3 refusée(s)" in sortie


def test_un_flux_sans_refus_rend_zero(
    reglages_persistants: Reglages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flux = tmp_path / "caf.jsonl"
    flux.write_text("".join(ligne(f"caf-{n}") + "\n" for n in range(5)), encoding="utf-8")

    assert lancer(reglages_persistants, monkeypatch, "import", str(flux)) == 0
    assert (tmp_path / "caf.jsonl.refus.jsonl").read_text() == ""
    assert len(lignes_json(tmp_path / "caf.jsonl.inscrits.jsonl")) == 5


def test_un_flux_csv_est_importe_aussi(
    reglages_persistants: Reglages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flux = tmp_path / "partenaire.csv"
    flux.write_text(
        "reference;motif;canal;departement;bassin;effective_le;source;collecte_le;"
        "age;activite_recente_24_mois;capacite_a_se_projeter;freins.mobilite;freins.sante\n"
        "p-1;demande;partenaire;75;Paris;2025-06-02T08:00:00+02:00;declaration;2025-06-01;30;true;oui;sans_impact;\n"
        "p-2;demande;partenaire;75;;2025-06-02T08:00:00+02:00;declaration;2025-06-01;30;true;oui;sans_impact;fort\n"
        "p-3;demande;partenaire;75;;2025-06-02T08:00:00+02:00;declaration;2025-06-01;trente;;;;\n",
        encoding="utf-8",
    )

    code = lancer(reglages_persistants, monkeypatch, "import", str(flux))

    assert code == 1
    refus = lignes_json(tmp_path / "partenaire.csv.refus.jsonl")
    assert [(r["ligne"], r["reference"], r["motif"]) for r in refus] == [
        (4, "p-3", "age : entier attendu, reçu « trente »")
    ]
    inscrits = lignes_json(tmp_path / "partenaire.csv.inscrits.jsonl")
    assert histoires(reglages_persistants, inscrits) == [
        ["Inscrit", "OrientationProposee", "Oriente"],
        ["Inscrit", "OrientationProposee"],  # health was given: a person validates (LIL art. 47)
    ]


def test_un_fichier_absent_est_signale(
    reglages_persistants: Reglages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lancer(reglages_persistants, monkeypatch, "import", str(tmp_path / "absent.jsonl")) == 2
    assert "fichier introuvable" in capsys.readouterr().err


def test_un_lot_trop_grand_est_refuse_avant_de_commencer(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "flux.jsonl", "--lot", "1000"])
    assert "entre 1 et 250 attendu, reçu 1000" in capsys.readouterr().err


def test_la_demo_genere_des_parcours_et_resume_ce_qui_est_enregistre(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = lancer(reglages_persistants, monkeypatch, "demo", "--parcours", "5", "--graine", "3")

    sortie = capsys.readouterr().out
    assert code == 0
    assert sortie.startswith("démo (graine 3) : 5 parcours, ")
    assert "Inscrit" in sortie
    assert "ContratSigne" in sortie


def test_la_demo_inscrit_des_personnes_synthetiques_retrouvees_par_leur_nir(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lancer(reglages_persistants, monkeypatch, "demo", "--parcours", "8", "--graine", "3") == 0

    app = construire_application(reglages_persistants)
    try:
        notifications = app.recorder.select_notifications(start=1, limit=10_000)
        ids = {n.originator_id for n in notifications if n.topic.endswith(":PersonneEnregistree")}
        personnes = [app.personnes.lire(UUID(str(i))) for i in ids]
        assert len(personnes) == 8
        for personne in personnes:
            nirs = [i for i in personne.identifiants.values() if i.nature is NatureIdentifiant.NIR]
            assert [n.valeur[10:13] for n in nirs] == ["000"]  # synthetic by construction
            trouvee = app.personnes.par_identifiant(nirs[0])
            assert trouvee is not None
            assert trouvee.id == personne.id
            assert len(personne.parcours) == 1
            assert app.parcours(personne.parcours[0]).personne_id == personne.id
    finally:
        app.close()
