"""The command line: every command has its runner, its version, and help in French."""

import socket
from importlib.metadata import version

import pytest

from cli.main import COMMANDES, analyseur, main


def test_chaque_commande_declaree_a_son_executant() -> None:
    sous_commandes = analyseur()._subparsers
    assert sous_commandes is not None
    choix = sous_commandes._group_actions[0].choices
    assert isinstance(choix, dict)
    declarees = set(choix)

    assert declarees - {"temoin"} == set(COMMANDES)


def test_la_version_se_lit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as sortie:
        main(["--version"])

    assert sortie.value.code == 0
    assert capsys.readouterr().out.strip() == f"parcours {version('parcours')}"


def test_un_port_hors_bornes_est_refuse_en_francais(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as sortie:
        main(["serve", "--port", "70000"])

    assert sortie.value.code == 2
    assert "70000" in capsys.readouterr().err


def test_une_erreur_de_la_ligne_de_commande_se_dit_en_francais(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as sortie:
        main(["projections"])

    assert sortie.value.code == 2
    erreur = capsys.readouterr().err
    assert erreur.startswith("utilisation : parcours projections")
    assert "parcours projections : erreur : arguments requis : action" in erreur


def test_l_aide_est_en_francais(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--aide"])

    aide = capsys.readouterr().out
    assert "affiche cette aide" in aide
    assert "le port d'écoute" in aide
    assert "show this help" not in aide
    assert "usage:" not in aide


@pytest.mark.parametrize(
    ("variables", "attendu"),
    [
        ({"PARCOURS_MODE": "prod"}, "parcours : PARCOURS_MODE : valeur attendue parmi : developpement, production"),
        ({"PARCOURS_SMTP_PORT": "0"}, "parcours : PARCOURS_SMTP_PORT : au moins 1"),
        ({"PARCOURS_TAILLE_MAX_CORPS": "beaucoup"}, "parcours : PARCOURS_TAILLE_MAX_CORPS : nombre entier attendu"),
        ({"PARCOURS_TEMOINS": "pas du json"}, 'parcours : PARCOURS_TEMOINS : JSON attendu (une liste : ["…"])'),
        ({"DATABASE_URL": "mysql://root@h/p"}, "parcours : DATABASE_URL : schéma « mysql » inconnu"),
    ],
)
def test_un_reglage_refuse_se_dit_en_une_ligne_francaise_qui_nomme_sa_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variables: dict[str, str], attendu: str
) -> None:
    for nom, valeur in variables.items():
        monkeypatch.setenv(nom, valeur)

    code = main(["migrate"])

    assert code == 2
    (ligne,) = capsys.readouterr().err.splitlines()
    assert ligne.startswith(attendu)


def test_un_magasin_injoignable_se_dit_en_une_ligne_sans_attendre(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], port_libre: int
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres:secret@127.0.0.1:{port_libre}/parcours")

    code = main(["migrate"])

    assert code == 2
    (ligne,) = capsys.readouterr().err.splitlines()
    assert ligne.startswith("parcours : DATABASE_URL : PostgreSQL ne répond pas (")
    assert "secret" not in ligne


@pytest.fixture
def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return int(prise.getsockname()[1])
