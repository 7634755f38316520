"""The demo's synthetic people (docs/personnes.md, « Données synthétiques »): plausible, reproducible,
and fake by construction (a NIR of order 000, e-mails on a reserved domain)."""

import json
from datetime import date

import pytest

from cli.demo.identites import COMMUNES, DOMAINE_FICTIF, ORDRE_FICTIF, fiche_en_json, identites
from domain.identite import MAJORITE, FichePersonne, NatureIdentifiant, QualiteRepresentant, age_au, normaliser_nir

AU = date(2025, 6, 2)


@pytest.fixture(scope="module")
def population() -> list[FichePersonne]:
    return identites(600, graine=7, au=AU)


def nir_de(fiche: FichePersonne) -> str:
    (nir,) = [i.valeur for i in fiche.identifiants if i.nature is NatureIdentifiant.NIR]
    return nir


def test_chaque_nir_genere_a_une_cle_juste_et_le_numero_d_ordre_000(population: list[FichePersonne]) -> None:
    for fiche in population:
        nir = nir_de(fiche)

        assert normaliser_nir(nir) == nir
        assert nir[10:13] == ORDRE_FICTIF


def test_le_nir_genere_s_accorde_au_sexe_et_a_la_date_de_naissance(population: list[FichePersonne]) -> None:
    for fiche in population:
        nir, identite = nir_de(fiche), fiche.identite

        assert nir[0] == {"M": "1", "F": "2"}[identite.sexe or ""]
        assert nir[1:5] == identite.date_naissance.strftime("%y%m")


def test_les_lieux_de_naissance_vont_de_la_commune_de_residence_a_l_etranger(population: list[FichePersonne]) -> None:
    lieux = {nir_de(f)[5:10] for f in population}

    assert any(lieu.startswith("99") for lieu in lieux)
    assert any(lieu.startswith(("2A", "2B")) for lieu in lieux)
    assert any(lieu.startswith("751") for lieu in lieux)  # Paris, by arrondissement


def test_la_meme_graine_donne_les_memes_personnes_une_autre_graine_d_autres() -> None:
    premiere, seconde = identites(50, graine=11, au=AU), identites(50, graine=11, au=AU)
    autre = identites(50, graine=12, au=AU)

    assert premiere == seconde
    assert [fiche_en_json(f) for f in premiere] == [fiche_en_json(f) for f in seconde]
    assert [f.identite for f in premiere] != [f.identite for f in autre]


def test_les_mineurs_ont_16_ou_17_ans_et_un_parent_pour_representant(population: list[FichePersonne]) -> None:
    mineurs = [f for f in population if age_au(f.identite.date_naissance, AU) < MAJORITE]

    assert mineurs, "no minor among 600 people: the share of minors is not applied"
    for fiche in population:
        age = age_au(fiche.identite.date_naissance, AU)
        fiche.identite.exiger_plausible(AU)
        if fiche in mineurs:
            assert age in (16, 17)
            assert fiche.representant is not None
            assert fiche.representant.qualite is QualiteRepresentant.PARENT
            assert fiche.representant.nom == fiche.identite.nom_naissance
        else:
            assert 18 <= age <= 64
            assert fiche.representant is None


def test_adresses_reelles_du_departement_et_courriels_sur_un_domaine_reserve() -> None:
    for departement in COMMUNES:
        for fiche in identites(20, graine=3, au=AU, departements=[departement]):
            assert fiche.contact is not None
            assert fiche.contact.adresse is not None
            adresse = fiche.contact.adresse
            communes = {(c.code_insee, c.code_postal, c.nom) for c in COMMUNES[departement]}
            assert (adresse.code_insee, adresse.code_postal, adresse.commune) in communes
            assert fiche.contact.courriel is not None
            assert fiche.contact.courriel.endswith(f"@{DOMAINE_FICTIF}")


def test_les_autres_identifiants_ont_le_format_de_leur_organisme(population: list[FichePersonne]) -> None:
    caf = [i.valeur for f in population for i in f.identifiants if i.nature is NatureIdentifiant.CAF]
    france_travail = [
        i.valeur for f in population for i in f.identifiants if i.nature is NatureIdentifiant.FRANCE_TRAVAIL
    ]

    assert caf
    assert france_travail
    assert all(len(n) == 7 and n.isdigit() for n in caf)
    assert all(len(n) == 8 and n[:7].isdigit() and n[7].isalpha() for n in france_travail)


def test_la_forme_json_est_du_json_simple(population: list[FichePersonne]) -> None:
    for fiche in population[:50]:
        forme = fiche_en_json(fiche)

        assert json.loads(json.dumps(forme)) == forme
        assert forme["provenance"] == {"source": "declaration", "le": "2025-06-02"}
