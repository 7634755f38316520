"""The service's log holds JSON lines only (issue 23): `parcours serve` and `uvicorn api.app:app` both, from
uvicorn's first line to its last, request lines at the level their status calls for."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.journal import niveau

BIN = Path(sys.executable).parent
RACINE = Path(__file__).resolve().parents[2]


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return int(prise.getsockname()[1])


def lancer(commande: list[str], donnees: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """The service in development on a SQLite store of its own; returns once uvicorn says it has started,
    with the lines of stderr read until then (a blocking read: no polling, no sleep)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{donnees / 'parcours.sqlite'}", "PARCOURS_DONNEES": str(donnees)}
    env.pop("PARCOURS_MODE", None)
    service = subprocess.Popen(commande, env=env, cwd=RACINE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert service.stderr is not None
    lues: list[str] = []
    for ligne in service.stderr:
        lues.append(ligne)
        if "Application startup complete" in ligne:
            return service, lues
    service.kill()
    raise RuntimeError("le service s'est arrêté avant de démarrer :\n" + "".join(lues[-20:]))


def objets(*sorties: str) -> list[dict[str, Any]]:
    """Every line of the outputs, each of which must be one JSON object."""
    lignes = [ligne for sortie in sorties for ligne in sortie.splitlines() if ligne.strip()]
    for ligne in lignes:
        assert isinstance(json.loads(ligne), dict), ligne
    return [json.loads(ligne) for ligne in lignes]


@pytest.mark.parametrize(
    "commande",
    [
        pytest.param([str(BIN / "parcours"), "serve"], id="parcours-serve"),
        pytest.param([sys.executable, "-m", "uvicorn", "api.app:app"], id="uvicorn"),
    ],
)
def test_le_service_n_ecrit_que_des_lignes_json_de_son_demarrage_a_son_arret(
    commande: list[str], tmp_path: Path
) -> None:
    port = port_libre()
    service, debut = lancer([*commande, "--port", str(port)], tmp_path)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/parcours/inconnu", timeout=10).status_code in (401, 404)
    finally:
        service.terminate()
        sortie, erreurs = service.communicate(timeout=30)

    lignes = objets("".join(debut), erreurs, sortie)
    evenements = [ligne["event"] for ligne in lignes]
    assert any(e.startswith("Started server process") for e in evenements)
    assert any(e.startswith("Finished server process") for e in evenements)
    requetes = [ligne for ligne in lignes if ligne["event"] == "requete"]
    assert next((r["route"], r["statut"], r["level"]) for r in requetes) == ("/health", 200, "info")
    assert requetes[1]["statut"] in (401, 404)
    assert requetes[1]["level"] == "info"
    assert all({"level", "timestamp"} <= set(ligne) for ligne in lignes)


@pytest.mark.parametrize(
    ("statut", "attendu"),
    [(200, "info"), (201, "info"), (304, "info"), (404, "info"), (409, "info"), (429, "info"),
     (503, "warning"), (500, "error"), (502, "error"), (None, "error")],
)  # fmt: skip
def test_le_niveau_d_une_requete_suit_son_statut(statut: int | None, attendu: str) -> None:
    assert niveau(statut) == attendu
