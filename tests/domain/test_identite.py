"""The person's identity (DESIGN §7): the NIR checked by its key, names of letters only, plausible birth
dates, age by the civil calendar, and the name normalisation that search and deduplication compare."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, example
from hypothesis import given as pour_tout
from hypothesis import strategies as st

from domain.identite import (
    AGE_MAXIMUM,
    Adresse,
    Contact,
    Identifiant,
    Identite,
    NatureIdentifiant,
    Provenance,
    age_au,
    exiger_nom,
    normaliser_nir,
    normaliser_nom,
)
from domain.nir import cle_nir
from domain.personnel import EFFACE
from domain.valeur import ValeurInvalide, relecture
from domain.vocabulaire import SourceDonnee

DECLAREE = Provenance(source=SourceDonnee.DECLARATION, le=date(2025, 6, 2))


def identite(naissance: date = date(1990, 4, 12), nom: str = "Lefèvre") -> Identite:
    return Identite(nom_naissance=nom, prenoms=("Élise",), date_naissance=naissance, provenance=DECLAREE)


# --- the NIR --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ecrit", "normalise"),
    [
        ("2 55 08 14 168 025 38", "255081416802538"),
        ("295109912611193", "295109912611193"),  # born abroad: département 99
        ("2 53 07 2B 073 004 70", "253072B07300470"),  # Haute-Corse: 2B counted as 18
        ("1.85.05.2a.004.123.56", "185052A00412356"),  # Corse-du-Sud: 2A counted as 19
    ],
    ids=["espaces", "ne-a-l-etranger", "haute-corse", "corse-du-sud-en-minuscules"],
)
def test_un_nir_dont_la_cle_est_juste_est_admis_sans_ses_separateurs(ecrit: str, normalise: str) -> None:
    assert normaliser_nir(ecrit) == normalise


def test_la_cle_d_un_nir_corse_compte_2a_pour_19_et_2b_pour_18() -> None:
    assert cle_nir("185052A004123") == 97 - 1850519004123 % 97 == 56
    assert cle_nir("253072B073004") == 97 - 2530718073004 % 97 == 70


@pytest.mark.parametrize(
    ("nir", "message"),
    [
        ("2 55 08 14 168 025 39", "nir : clé de contrôle erronée"),
        ("2 53 07 2A 073 004 70", "nir : clé de contrôle erronée"),  # the key of 2B, not of 2A
        ("2550814168025", "nir : 15 caractères attendus"),
        ("2550814168025380", "nir : 15 caractères attendus"),
        ("555081416802538", "nir : format invalide"),  # no sex 5
        ("25508141680253B", "nir : format invalide"),
        ("2 55 08 2C 168 025 38", "nir : format invalide"),
    ],
    ids=["cle-fausse", "corse-cle-de-l-autre", "trop-court", "trop-long", "sexe-5", "lettre-dans-la-cle", "2c"],
)
def test_un_nir_mal_forme_ou_de_cle_fausse_est_refuse_en_francais(nir: str, message: str) -> None:
    with pytest.raises(ValeurInvalide, match=message):
        normaliser_nir(nir)


NIRS_VALIDES = st.builds(
    lambda sexe, annee, mois, departement, commune, ordre: (
        f"{sexe}{annee:02d}{mois:02d}{departement}{commune:03d}{ordre:03d}"
    ),
    st.sampled_from("12"),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["01", "13", "2A", "2B", "59", "75", "93", "97", "99"]),
    st.integers(1, 999),
    st.integers(0, 999),
).map(lambda treize: f"{treize}{cle_nir(treize):02d}")


@pour_tout(NIRS_VALIDES, st.data())
def test_un_nir_valide_dont_un_seul_chiffre_change_est_refuse(nir: str, data: st.DataObject) -> None:
    assert normaliser_nir(nir) == nir
    position = data.draw(st.sampled_from([i for i, c in enumerate(nir) if c.isdigit()]))
    chiffre = data.draw(st.sampled_from("0123456789").filter(lambda c: c != nir[position]))
    faux = nir[:position] + chiffre + nir[position + 1 :]

    with pytest.raises(ValeurInvalide, match="nir : "):
        normaliser_nir(faux)


def test_un_identifiant_nir_est_normalise_et_sa_cle_d_index_ne_depend_pas_de_l_ecriture() -> None:
    ecrit_avec_espaces = Identifiant(nature=NatureIdentifiant.NIR, valeur="2 55 08 14 168 025 38", provenance=DECLAREE)
    ecrit_colle = Identifiant(nature=NatureIdentifiant.NIR, valeur="255081416802538", provenance=DECLAREE)

    assert ecrit_avec_espaces.valeur == "255081416802538"
    assert ecrit_avec_espaces.cle == ecrit_colle.cle == "nir::255081416802538"
    with pytest.raises(ValeurInvalide, match="nir : clé de contrôle erronée"):
        Identifiant(nature=NatureIdentifiant.NIR, valeur="255081416802539", provenance=DECLAREE)


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nom",
    ["Lefèvre", "N'Diaye", "O’Connor", "Jean-Baptiste", "Dupont--Martin", "St. Cyr", "Łukasiewicz", "Ἀλέξανδρος"],
)
def test_un_nom_de_lettres_et_de_separateurs_est_admis(nom: str) -> None:
    exiger_nom(nom, "identite.nom_naissance")


def test_un_accent_decompose_compte_comme_une_lettre() -> None:
    exiger_nom("Le\u0301a", "identite.prenoms[]")


@pytest.mark.parametrize(
    ("nom", "message"),
    [
        ("Dupont2", "nom invalide"),
        ("Louis XIV 2", "nom invalide"),
        ("Du\x00pont", "caractère de contrôle U\\+0000"),
        ("Du\x1bpont", "caractère de contrôle U\\+001B"),
        ("Du\u0085pont", "caractère de contrôle U\\+0085"),
        ("Du\tpont", "caractère de contrôle U\\+0009"),
        ("Du  pont", "nom invalide"),
        ("-Dupont", "nom invalide"),
        ("Dupont_Martin", "nom invalide"),
        ("a" * 101, "au plus 100 caractères"),
        ("  ", "texte non vide attendu"),
    ],
    ids=[
        "chiffre",
        "chiffre-a-la-fin",
        "nul",
        "echap",
        "c1",
        "tabulation",
        "deux-espaces",
        "tiret-en-tete",
        "souligne",
        "trop-long",
        "blanc",
    ],
)
def test_un_nom_avec_un_chiffre_ou_un_caractere_de_controle_est_refuse(nom: str, message: str) -> None:
    with pytest.raises(ValeurInvalide, match=f"identite.nom_naissance : {message}"):
        identite(nom=nom)


def test_chaque_prenom_est_un_nom() -> None:
    with pytest.raises(ValeurInvalide, match=r"identite\.prenoms\[\] : nom invalide"):
        Identite(nom_naissance="Martin", prenoms=("Léa", "R2D2"), date_naissance=date(1990, 1, 1), provenance=DECLAREE)
    with pytest.raises(ValeurInvalide, match=r"identite\.prenoms : au moins un prénom attendu"):
        Identite(nom_naissance="Martin", prenoms=(), date_naissance=date(1990, 1, 1), provenance=DECLAREE)


def test_une_identite_relue_du_magasin_garde_ce_qu_elle_porte_meme_effacee() -> None:
    with relecture():
        effacee = Identite(
            nom_naissance=EFFACE, prenoms=(EFFACE,), date_naissance=date(1990, 1, 1), provenance=DECLAREE
        )
        nir = Identifiant(nature=NatureIdentifiant.NIR, valeur=EFFACE, provenance=DECLAREE)
        adresse = Adresse(lignes=(EFFACE,), code_postal=EFFACE, commune=EFFACE, code_insee=EFFACE)
        contact = Contact(provenance=DECLAREE, courriel=EFFACE, telephone=EFFACE, adresse=adresse)

    assert (effacee.nom_naissance, nir.valeur, contact.courriel, adresse.code_insee) == (EFFACE,) * 4
    with pytest.raises(ValeurInvalide, match="nom invalide"):
        identite(nom=EFFACE)


LETTRES_FRANCAISES = "abcdefghijklmnopqrstuvwxyz"
ACCENTUEES = {
    "a": "àâä",
    "c": "ç",
    "e": "éèêë",
    "i": "îï",
    "o": "ôö",
    "u": "ùûü",
    "y": "ÿ",
}
NOMS = st.lists(st.text(LETTRES_FRANCAISES, min_size=1, max_size=12), min_size=1, max_size=4)


@pour_tout(st.text())
@example("Ǣ")  # decomposes to Æ, folded to æ only after the ligatures were unfolded, once
def test_normaliser_un_nom_deja_normalise_ne_le_change_plus(texte: str) -> None:
    normalise = normaliser_nom(texte)

    assert normaliser_nom(normalise) == normalise


@pour_tout(NOMS, st.data())
def test_la_normalisation_ignore_accents_casse_et_separateurs(mots: list[str], data: st.DataObject) -> None:
    nom = " ".join(mots)
    accentue = "".join(data.draw(st.sampled_from(c + ACCENTUEES.get(c, ""))) for c in nom)
    casse = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in accentue)
    separateurs = [data.draw(st.sampled_from([" ", "-", "'", "’", " - ", "  "])) for _ in mots[1:]]
    ecrit = casse.split(" ")[0] + "".join(s + m for s, m in zip(separateurs, casse.split(" ")[1:], strict=True))

    assert normaliser_nom(ecrit) == normaliser_nom(nom) == nom


def test_ligatures_et_accents_se_confondent() -> None:
    assert normaliser_nom("Lœuvre-Émile") == normaliser_nom("LOEUVRE EMILE") == "loeuvre emile"
    assert normaliser_nom("Lætitia") == normaliser_nom("LAETITIA")
    assert normaliser_nom("Strauß") == "strauss"


def test_l_etat_civil_de_deux_ecritures_d_une_personne_est_le_meme() -> None:
    naissance = date(1990, 4, 12)
    saisie = Identite(
        nom_naissance="Lefèvre", prenoms=("Élise", "Marie"), date_naissance=naissance, provenance=DECLAREE
    )
    flux = Identite(nom_naissance="LEFEVRE", prenoms=("ELISE",), date_naissance=naissance, provenance=DECLAREE)

    assert saisie.etat_civil == flux.etat_civil == "lefevre|elise|1990-04-12"


# --- age and birth dates --------------------------------------------------------------------------

JOURS = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@pour_tout(st.lists(JOURS, min_size=3, max_size=3).map(sorted))
def test_l_age_ne_decroit_jamais_avec_le_jour(jours: list[date]) -> None:
    naissance, jour, plus_tard = jours

    assert 0 <= age_au(naissance, jour) <= age_au(naissance, plus_tard)


@pour_tout(JOURS, st.integers(0, 120))
def test_on_a_n_ans_le_jour_de_son_anniversaire_et_pas_la_veille(naissance: date, ans: int) -> None:
    annee = naissance.year + ans
    assume(annee <= 2199)
    try:
        anniversaire = naissance.replace(year=annee)
    except ValueError:  # born a 29 February, in a common year
        anniversaire = date(annee, 3, 1)

    assert age_au(naissance, anniversaire) == ans
    if ans > 0:
        assert age_au(naissance, anniversaire - timedelta(days=1)) == ans - 1


def test_ne_un_29_fevrier_on_prend_un_an_le_1er_mars_des_annees_communes() -> None:
    naissance = date(2008, 2, 29)

    assert age_au(naissance, date(2026, 2, 28)) == 17
    assert age_au(naissance, date(2026, 3, 1)) == 18
    assert age_au(naissance, date(2028, 2, 28)) == 19
    assert age_au(naissance, date(2028, 2, 29)) == 20


def test_une_naissance_dans_le_futur_est_invraisemblable() -> None:
    jour = date(2025, 6, 2)

    identite(naissance=jour).exiger_plausible(jour)
    with pytest.raises(ValeurInvalide, match=r"identite\.date_naissance : date de naissance dans le futur"):
        identite(naissance=jour + timedelta(days=1)).exiger_plausible(jour)


def test_une_naissance_de_plus_de_130_ans_est_invraisemblable() -> None:
    jour = date(2035, 6, 2)

    identite(naissance=date(1905, 6, 3)).exiger_plausible(jour)  # 129 years and 364 days
    with pytest.raises(ValeurInvalide, match=f"identite.date_naissance : plus de {AGE_MAXIMUM} ans"):
        identite(naissance=date(1905, 6, 2)).exiger_plausible(jour)


def test_une_naissance_hors_de_la_fenetre_des_dates_est_refusee_des_la_construction() -> None:
    with pytest.raises(ValeurInvalide, match=r"identite\.date_naissance : date entre le 1900-01-01"):
        identite(naissance=date(1899, 12, 31))
