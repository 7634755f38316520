"""Where the master key comes from (DESIGN §7): the settings; unset, a development key kept once beside
the SQLite file (owner only), one per process in memory, and a refusal at start in production. And the
table of keys created by ``parcours migrate`` (on SQLite, at first use as well)."""

import hashlib
import stat
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr, ValidationError

from infrastructure.cle_maitre import CleMaitre, cle_de_developpement, fichier_de_cle_maitre
from infrastructure.magasin_annexe import datastore_propre
from infrastructure.migrations import migrer
from infrastructure.reglages import Mode, ReglageInvalide, Reglages, reglages_pour
from infrastructure.trousseau import fichier_des_cles, trousseau_pour
from infrastructure.trousseau_sql import TABLE, RangeesSql
from tests.infrastructure.cles import CLE_A, CLE_B, octets


@pytest.fixture(autouse=True)
def sans_cle_dans_l_environnement(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests say what happens when no master key is set (the suite sets one for every store)."""
    monkeypatch.delenv("PARCOURS_CLE_MAITRE", raising=False)


def test_sans_cle_maitre_sqlite_en_garde_une_pres_de_sa_base_lisible_de_son_seul_proprietaire(tmp_path: Path) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'var' / 'parcours.sqlite'}")
    personne = uuid4()

    premier = trousseau_pour(reglages)
    premier.creer(personne)
    second = trousseau_pour(reglages)

    fichier = fichier_de_cle_maitre(reglages)
    assert fichier == tmp_path / "var" / "parcours.cle-maitre"
    assert stat.S_IMODE(fichier.stat().st_mode) == 0o600
    assert second.cle(personne) == premier.cle(personne)
    assert second.empreinte("x") == premier.empreinte("x")
    assert [p.name for p in fichier.parent.iterdir() if ".cle-maitre." in p.name] == []  # no leftover
    premier.fermer()
    second.fermer()


def test_une_cle_de_developpement_deja_la_est_reprise_telle_quelle(tmp_path: Path) -> None:
    fichier = tmp_path / "parcours.cle-maitre"
    fichier.write_text(CLE_B + "\n")

    assert cle_de_developpement(fichier) == octets(CLE_B)


def test_un_fichier_de_cle_abime_est_refuse_sans_montrer_son_contenu(tmp_path: Path) -> None:
    fichier = tmp_path / "parcours.cle-maitre"
    fichier.write_text("pas-une-cle")

    with pytest.raises(ReglageInvalide, match="ne contient pas une clé maîtresse") as refus:
        cle_de_developpement(fichier)

    assert "pas-une-cle" not in str(refus.value)


def test_sans_cle_maitre_la_production_refuse_de_demarrer_avec_un_message_clair(
    reglages_postgres: Reglages, tmp_path: Path
) -> None:
    production = reglages_postgres.model_copy(
        update={"mode": Mode.PRODUCTION, "jwks_fichier": tmp_path / "jwks.json", "cle_maitre": None}
    )

    with pytest.raises(ReglageInvalide, match="PARCOURS_CLE_MAITRE est requise en production"):
        trousseau_pour(production)


def test_en_memoire_une_cle_par_processus_suffit() -> None:
    trousseau = trousseau_pour(reglages_pour("memory://"))
    personne = uuid4()

    trousseau.creer(personne)

    cle = trousseau.cle(personne)
    assert cle is not None
    assert cle.secret is not None


@pytest.mark.parametrize("valeur", ["pas du base64 !", "YWJj", CLE_A + CLE_A])
def test_une_cle_maitre_qui_n_est_pas_32_octets_en_base64_est_refusee_sans_etre_montree(valeur: str) -> None:
    with pytest.raises(ValidationError, match="32 octets en base64") as refus:
        Reglages(cle_maitre=SecretStr(valeur))

    assert valeur not in str(refus.value.errors(include_input=False))
    assert refus.value.errors()[0]["loc"] == ("cle_maitre",)


def test_la_cle_precedente_ne_va_pas_sans_une_version_suivante() -> None:
    with pytest.raises(ValidationError, match="PARCOURS_CLE_MAITRE_VERSION d'au moins 2"):
        Reglages(cle_maitre=SecretStr(CLE_B), cle_maitre_precedente=SecretStr(CLE_A))


def test_la_cle_maitre_vient_de_l_environnement_et_ne_s_affiche_pas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARCOURS_CLE_MAITRE", CLE_A)
    monkeypatch.setenv("PARCOURS_CLE_MAITRE_VERSION", "3")

    reglages = Reglages()

    assert reglages.cle_maitre is not None
    assert reglages.cle_maitre.get_secret_value() == CLE_A
    assert reglages.cle_maitre_version == 3
    assert CLE_A not in repr(reglages)


def test_parcours_migrate_cree_la_table_des_cles(reglages_persistants: Reglages) -> None:
    migrer(reglages_persistants)

    datastore = datastore_propre(reglages_persistants, fichier_des_cles)
    assert datastore is not None
    rangees = RangeesSql(datastore)
    with rangees.transaction(commit=False) as curseur:
        assert curseur.table_existe(TABLE)
    rangees.fermer()


@given(texte=st.text())
def test_l_empreinte_d_un_texte_ne_depend_que_de_la_cle_maitre(texte: str) -> None:
    empreinte = CleMaitre(octets(CLE_A)).empreinte(texte)

    assert empreinte == CleMaitre(octets(CLE_A), version=2).empreinte(texte)
    assert empreinte != hashlib.sha256(texte.encode()).hexdigest()
    assert empreinte != CleMaitre(octets(CLE_B)).empreinte(texte)


def test_une_rotation_sans_cle_d_empreintes_est_refusee_car_les_reperes_changeraient(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PARCOURS_CLE_EMPREINTES", raising=False)

    with pytest.raises(ValidationError, match="PARCOURS_CLE_EMPREINTES est requise"):
        Reglages(database_url="memory://", cle_maitre=SecretStr(CLE_B), cle_maitre_version=2)


def test_avec_sa_cle_les_empreintes_survivent_a_la_rotation_de_la_cle_maitre() -> None:
    empreintes = octets(CLE_A)

    avant = CleMaitre(octets(CLE_A), 1, empreintes=empreintes)
    apres = CleMaitre(octets(CLE_B), 2, precedente=octets(CLE_A), empreintes=empreintes)

    assert avant.empreinte("identifiant:nir::290047511200063") == apres.empreinte("identifiant:nir::290047511200063")
