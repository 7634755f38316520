"""Loading the published referentials: immutable once published, validated in shape and in meaning,
the version in force chosen by the business day (DOMAIN §6; CRPA L.312-1-3)."""

import hashlib
from datetime import date
from pathlib import Path

import pytest

from domain.referentiel import AucuneVersionEnVigueur, Referentiels, VersionInconnue
from infrastructure.referentiels import (
    ReferentielAltere,
    ReferentielIntrouvable,
    ReferentielMalForme,
    ReferentielNonPublie,
    charger_orientation,
)
from infrastructure.reglages import Reglages
from tests.referentiel.conftest import publier, remplacer


def test_les_versions_publiees_sont_chargees_dans_l_ordre_avec_leur_empreinte(
    orientation: Referentiels, copie: Path
) -> None:
    versions = orientation.versions()

    assert [(v.version, v.valide_a_partir_du) for v in versions] == [
        ("2025.1", date(2025, 1, 1)),
        ("2026.1", date(2026, 1, 1)),
    ]
    fichier = copie / "orientation" / "2025.1.yaml"
    assert versions[0].empreinte == f"sha256:{hashlib.sha256(fichier.read_bytes()).hexdigest()}"


@pytest.mark.parametrize(
    ("jour", "version"),
    [
        (date(2025, 1, 1), "2025.1"),
        (date(2025, 12, 31), "2025.1"),
        (date(2026, 1, 1), "2026.1"),
        (date(2031, 6, 1), "2026.1"),
    ],
)
def test_la_version_en_vigueur_est_la_derniere_commencee_ce_jour(
    orientation: Referentiels, jour: date, version: str
) -> None:
    assert orientation.en_vigueur(jour).version == version


def test_avant_la_premiere_version_aucune_regle_ne_s_applique(orientation: Referentiels) -> None:
    with pytest.raises(AucuneVersionEnVigueur, match=r"aucune version du référentiel orientation .* le 2024-12-31"):
        orientation.en_vigueur(date(2024, 12, 31))


def test_une_version_non_publiee_est_introuvable(orientation: Referentiels) -> None:
    with pytest.raises(VersionInconnue, match=r"version 2030\.1 du référentiel orientation inconnue"):
        orientation.version("2030.1")


def test_un_fichier_publie_modifie_d_un_caractere_est_refuse(copie: Path) -> None:
    fichier = copie / "orientation" / "2025.1.yaml"
    attendue = f"sha256:{hashlib.sha256(fichier.read_bytes()).hexdigest()}"
    remplacer(fichier, "inferieur: 26", "inferieur: 27")
    reelle = f"sha256:{hashlib.sha256(fichier.read_bytes()).hexdigest()}"

    with pytest.raises(ReferentielAltere) as erreur:
        charger_orientation(copie)

    assert str(fichier) in str(erreur.value)
    assert f"empreinte attendue {attendue}, empreinte réelle {reelle}" in str(erreur.value)


def test_un_fichier_absent_du_registre_n_est_pas_publie(copie: Path) -> None:
    nouvelle = copie / "orientation" / "2027.1.yaml"
    nouvelle.write_bytes((copie / "orientation" / "2026.1.yaml").read_bytes())

    with pytest.raises(ReferentielNonPublie, match=r"2027\.1\.yaml : absent du registre"):
        charger_orientation(copie)


def test_une_version_publiee_sans_son_fichier_est_refusee(copie: Path) -> None:
    (copie / "orientation" / "2026.1.yaml").unlink()

    with pytest.raises(ReferentielIntrouvable, match=r"version publiée sans fichier \(2026\.1\.yaml\)"):
        charger_orientation(copie)


def test_une_version_publiee_est_chargee_quand_son_empreinte_est_inscrite(copie: Path) -> None:
    nouvelle = copie / "orientation" / "2027.1.yaml"
    nouvelle.write_text(
        (copie / "orientation" / "2026.1.yaml")
        .read_text()
        .replace('version: "2026.1"', 'version: "2027.1"')
        .replace("valide_a_partir_du: 2026-01-01", "valide_a_partir_du: 2027-01-01")
    )
    publier(nouvelle)

    orientation = charger_orientation(copie)

    assert orientation.en_vigueur(date(2027, 3, 1)).version == "2027.1"
    assert orientation.en_vigueur(date(2026, 3, 1)).version == "2026.1"


@pytest.mark.parametrize(
    ("avant", "apres", "message"),
    [
        pytest.param(
            "{entree: age, inferieur: 26}",
            "{entree: agee, inferieur: 26}",
            "règle R02 : entrée « agee » inconnue du catalogue",
            id="entree-inconnue",
        ),
        pytest.param(
            "{entree: capacite_a_se_projeter, different: oui}",
            "{entree: capacite_a_se_projeter, different: peut_etre}",
            "règle R01 : valeur 'peut_etre' hors du domaine de l'entrée « capacite_a_se_projeter »",
            id="valeur-hors-domaine",
        ),
        pytest.param(
            "niveaux: [moyen], au_moins: 2}",
            "niveaux: [grave], au_moins: 2}",
            "règle R02 : clés ou niveaux hors du domaine de l'entrée « freins » (grave",
            id="niveau-hors-domaine",
        ),
        pytest.param(
            "{entree: age, inferieur: 26}",
            "{entree: age, plus_petit: 26}",
            "regles[R02].si.tous.0.entree.plus_petit : clé inconnue",
            id="cle-inconnue",
        ),
        pytest.param(
            "{entree: age, inferieur: 26}",
            "{entree: age, inferieur: 26, superieur: 18}",
            "regles[R02].si.tous.0.entree : une seule comparaison attendue",
            id="deux-comparaisons",
        ),
        pytest.param(
            "{entree: age, inferieur: 26}",
            "{age: 26}",
            "regles[R02].si.tous.0 : condition attendue : une clé parmi tous, un_parmi",
            id="condition-inconnue",
        ),
        pytest.param(
            "alors: {type_parcours: SOCIAL, organisme: DEPARTEMENT}",
            "alors: {type_parcours: SOCIALE, organisme: DEPARTEMENT}",
            "regles[R01].alors.orienter.type_parcours : valeur non admise, attendu 'EMPLOI'",
            id="type-de-parcours-inconnu",
        ),
        pytest.param(
            "sources: [flux_caf, api_partenaire, declaration]",
            "sources: [flux_caf, rumeur]",
            "entrees.beneficiaire_rsa.bool.sources.1 : valeur non admise",
            id="source-inconnue",
        ),
        pytest.param(
            'version: "2025.1"', "version: 2025.1", "version : texte attendu", id="version-non-entre-guillemets"
        ),
        pytest.param('version: "2025.1"', 'version: "2025.2"', "déclare orientation 2025.2", id="version-du-nom"),
        pytest.param(
            "alors: {entretien_orientation: true}", "alors: {entretien_orientation: true", "YAML illisible", id="yaml"
        ),
    ],
)
def test_un_fichier_mal_forme_ou_incoherent_est_refuse_au_chargement(
    copie: Path, avant: str, apres: str, message: str
) -> None:
    fichier = copie / "orientation" / "2025.1.yaml"
    remplacer(fichier, avant, apres)
    publier(fichier)

    with pytest.raises(ReferentielMalForme) as erreur:
        charger_orientation(copie)

    assert str(erreur.value).startswith(f"{fichier} : ")
    assert message in str(erreur.value)


def test_le_dossier_des_referentiels_vient_de_l_environnement(copie: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (copie / "orientation" / "2026.1.yaml").unlink()
    monkeypatch.setenv("PARCOURS_REFERENTIELS", str(copie))

    with pytest.raises(ReferentielIntrouvable):
        charger_orientation(Reglages().referentiels)


def test_deux_versions_ne_commencent_pas_le_meme_jour(copie: Path) -> None:
    nouvelle = copie / "orientation" / "2026.2.yaml"
    nouvelle.write_text((copie / "orientation" / "2026.1.yaml").read_text().replace('"2026.1"', '"2026.2"'))
    publier(nouvelle)

    with pytest.raises(ReferentielMalForme, match="deux versions publiées ont le même champ valide_a_partir_du"):
        charger_orientation(copie)
