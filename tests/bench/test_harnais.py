"""The benchmark harness on the smallest sizes: every measure is taken and every ratio computed from
the figures beside it. No timing is asserted: on a shared machine only the shape is reproducible."""

import json
import math
import os
from pathlib import Path

import pytest

from bench.__main__ import options
from bench.harnais import Options, executer
from bench.instantanes import INTERVALLE
from bench.tableau import Cible, Ligne, rendre

SERVEUR_POSTGRES = os.environ.get("PARCOURS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
VUES = ("dossier", "journal", "corbeilles", "faits")
NIVEAUX = (1, 4, 16)


def cles_attendues() -> set[str]:
    par_niveau = {f"{mesure}.{n}" for mesure in ("pgbench", "bibliotheque", "groupee") for n in NIVEAUX} | {
        f"{charge}.{n}.{mesure}"
        for charge in ("http", "production")
        for n in NIVEAUX
        for mesure in ("commandes", "p50", "p95", "p99", "evenements")
    }
    projections = (
        {"projections.ecriture", "projections.lecture_brute"}
        | {f"projections.{mesure}.{vue}" for mesure in ("rattrapage", "reconstruction") for vue in VUES}
        | {f"projections.lecture.{vue}.p{rang}" for vue in VUES[:3] for rang in (50, 99)}
    )
    autres = {"attentes.verrou", "attentes.inactives", "memoire.avant", "memoire.apres"}
    autres |= {"postgres.caf.un_par_un", "postgres.caf.import.1", "postgres.caf.import.2"}
    instantanes = {f"instantanes.{n}" for n in (INTERVALLE, 2 * INTERVALLE - 1, 100, 100 + INTERVALLE - 1)}
    return par_niveau | projections | autres | instantanes


@pytest.fixture(scope="module")
def resultat() -> dict[str, object]:
    petites = Options(
        postgres=SERVEUR_POSTGRES,
        niveaux=NIVEAUX,
        secondes_pgbench=1,
        secondes_bibliotheque=0.5,
        secondes_http=1,
        parcours=20,
        requetes_memoire=100,
        evenements_longs=100,
        repetitions_instantanes=5,
        lignes_import=30,
    )
    json_: dict[str, object] = json.loads(json.dumps(executer(petites).json))  # what the file holds
    return json_


def test_chaque_mesure_est_prise_avec_une_valeur_numerique(resultat: dict[str, object]) -> None:
    lignes = {ligne["cle"]: ligne for ligne in resultat["lignes"]}  # type: ignore[attr-defined]

    assert cles_attendues() <= lignes.keys()
    for cle, ligne in lignes.items():
        assert isinstance(ligne["valeur"], int | float), cle
        assert math.isfinite(ligne["valeur"]), cle


def test_chaque_ratio_est_calcule_depuis_sa_reference_mesuree_dans_le_meme_passage(
    resultat: dict[str, object],
) -> None:
    lignes = {ligne["cle"]: ligne for ligne in resultat["lignes"]}  # type: ignore[attr-defined]

    for cle, ligne in lignes.items():
        if ligne["reference_cle"] is None:
            assert ligne["ratio"] is None, cle
            continue
        assert ligne["reference"] == lignes[ligne["reference_cle"]]["valeur"], cle
        if ligne["reference"]:
            assert ligne["ratio"] == pytest.approx(ligne["valeur"] / ligne["reference"]), cle


def test_les_cibles_de_l_issue_sont_jugees(resultat: dict[str, object]) -> None:
    lignes = {ligne["cle"]: ligne for ligne in resultat["lignes"]}  # type: ignore[attr-defined]
    jugees = {cle for cle, ligne in lignes.items() if ligne["cible"] is not None}

    assert {
        *(f"{charge}.{n}.commandes" for charge in ("http", "production") for n in NIVEAUX),
        "http.16.p99",
        "production.16.p99",
        "http.16.evenements",
        "groupee.16",
        *(f"projections.rattrapage.{vue}" for vue in VUES),
        *(f"projections.reconstruction.{vue}" for vue in VUES),
        "instantanes.100",
        f"instantanes.{100 + INTERVALLE - 1}",
        "memoire.apres",
    } <= jugees
    assert all(isinstance(lignes[cle]["atteinte"], bool) for cle in jugees)


def test_la_charge_http_parcourt_sans_refus(resultat: dict[str, object]) -> None:
    for charge in ("http", "production"):
        releves = resultat["details"][charge]  # type: ignore[index]

        assert all(niveau["erreurs"] == 0 for niveau in releves.values()), releves
        assert sum(niveau["commandes"] for niveau in releves.values()) > 0


def test_le_tableau_montre_la_reference_le_ratio_et_la_cible() -> None:
    lignes = [
        Ligne("a", "référence", 200.0, "évén./s"),
        Ligne("b", "mesure", 50.0, "cmd/s", 200.0, "a", Cible("≥", 0.6)),
    ]

    texte = rendre(lignes)

    assert "25.0%" in texte
    assert "ratio ≥ 60%" in texte
    assert "NON" in texte


def test_la_ligne_de_commande_choisit_les_petites_tailles_et_le_fichier(tmp_path: Path) -> None:
    choisies, sortie = options(["--rapide", "--sortie", str(tmp_path / "r.json"), "--parcours", "42"])

    assert (choisies.parcours, choisies.requetes_memoire, sortie) == (42, 2_000, tmp_path / "r.json")
    assert choisies.secondes_http < Options().secondes_http
