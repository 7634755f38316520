"""The litigation export renders as a PDF a judge can read: title, timeline, rectifications, footer (issue 6 #4)."""

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from infrastructure.pdf import latin1, rendre_pdf
from tests.support.export_exemple import (
    EMPREINTE,
    INDICE_PREMIER,
    ORIGINE,
    PARCOURS_ID,
    TAILLE,
    VERSION_RECTIFICATION,
    VERSION_RECTIFIEE,
    export_exemple,
)


def textes_des_pages(pdf: bytes) -> list[str]:
    """The text of each page as pdfium reads it, lines joined by spaces so wrapped phrases stay findable."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(str(document[i].get_textpage().get_text_range()).split()) for i in range(len(document))]
    finally:
        document.close()


@pytest.fixture(scope="module")
def pdf_de_soixante_evenements() -> bytes:
    return rendre_pdf(export_exemple(nombre_evenements=60))


@pytest.fixture(scope="module")
def pages_de_soixante_evenements(pdf_de_soixante_evenements: bytes) -> list[str]:
    return textes_des_pages(pdf_de_soixante_evenements)


def test_le_rendu_est_un_document_pdf(pdf_de_soixante_evenements: bytes) -> None:
    assert pdf_de_soixante_evenements.startswith(b"%PDF")


def test_une_longue_chronologie_s_etend_sur_plusieurs_pages(pages_de_soixante_evenements: list[str]) -> None:
    assert len(pages_de_soixante_evenements) > 2
    assert "Événement n° 60" in pages_de_soixante_evenements[-2] + pages_de_soixante_evenements[-1]


def test_chaque_page_convertie_en_png_porte_de_l_encre(pdf_de_soixante_evenements: bytes, tmp_path: Path) -> None:
    document = pdfium.PdfDocument(pdf_de_soixante_evenements)

    fichiers = []
    for numero in range(len(document)):
        fichier = tmp_path / f"page-{numero + 1}.png"
        document[numero].render(scale=1).to_pil().save(fichier)
        fichiers.append(fichier)
    document.close()

    for fichier in fichiers:
        with Image.open(fichier) as image:
            pixels_sombres = sum(image.convert("L").histogram()[:128])
        assert pixels_sombres > 0, f"{fichier.name} est blanche"


def test_la_premiere_page_porte_le_titre_exact_et_la_date_de_connaissance(
    pages_de_soixante_evenements: list[str],
) -> None:
    premiere = pages_de_soixante_evenements[0]

    assert premiere.startswith(f"Historique du parcours {PARCOURS_ID} ")
    assert "Tel que connu le 01/09/2025 00:00 (UTC)" in premiere
    assert "généré le 23/11/2026 07:00 (UTC)" in premiere


def test_chaque_page_porte_l_empreinte_de_verification_et_son_numero(
    pages_de_soixante_evenements: list[str],
) -> None:
    total = len(pages_de_soixante_evenements)

    for numero, texte in enumerate(pages_de_soixante_evenements, start=1):
        # The core fonts are latin-1: the em dash of the footer is printed as a hyphen.
        assert f"Empreinte de vérification : {EMPREINTE} - page {numero}/{total}" in texte


def test_une_rectification_est_signalee_des_deux_cotes(pages_de_soixante_evenements: list[str]) -> None:
    tout = " ".join(pages_de_soixante_evenements)

    assert f"Rectifié par l'événement n° {VERSION_RECTIFICATION}" in tout
    assert f"Rectifie l'événement n° {VERSION_RECTIFIEE}" in tout
    assert tout.index(f"Événement n° {VERSION_RECTIFIEE} ") < tout.index("Rectifié par l'événement")


def test_l_evenement_montre_dates_auteur_fondement_criteres_et_sa_feuille_du_journal(
    pages_de_soixante_evenements: list[str],
) -> None:
    premiere = pages_de_soixante_evenements[0]

    assert "Date d'effet : 03/06/2025" in premiere
    assert "enregistré le : 03/06/2025 09:00 (UTC)" in premiere
    assert "Auteur : conseiller agent-42, organisme FT-75-012, rôle conseiller" in premiere
    assert "référentiel orientation version 2025.1" in premiere
    assert "règles R04" in premiere
    assert "handicap = oui (source : MDPH, collectée le 20/05/2025) - donnée sensible" in premiere
    assert f"Journal : feuille n° {INDICE_PREMIER + 3}, hash " in premiere
    assert f"incluse dans le checkpoint de {TAILLE} feuilles (preuve de 11 hash)" in premiere


def test_les_procedures_l_explication_et_l_integrite_ont_leur_section(
    pages_de_soixante_evenements: list[str],
) -> None:
    tout = " ".join(pages_de_soixante_evenements)

    assert "Date limite de réponse (contradictoire) : 11/07/2025" in tout
    assert "Date limite de recours : 16/09/2025" in tout
    assert "r1 : mediation_prealable, reçu le 01/08/2025, issue : en cours" in tout
    assert "Règle R04 : la personne déclare un projet professionnel défini." in tout
    assert f"Journal : {ORIGINE}" in tout
    assert f"Taille : {TAILLE} feuilles" in tout
    assert "Note signée, avec les cosignatures des témoins" in tout
    assert "temoin.exemple.fr" in tout
    assert f"parcours-export/2 origine {ORIGINE} parcours {PARCOURS_ID}" in tout
    assert "parcours audit verifier-export FICHIER.json --cle-journal CLE" in tout


def test_sans_date_de_connaissance_l_export_montre_l_etat_a_la_generation() -> None:
    export = export_exemple(nombre_evenements=3)
    export.update(a_la_date=None, journal=None, attestation=None, explication=None, procedures=[])

    premiere = textes_des_pages(rendre_pdf(export))[0]

    assert "Tel que connu à la date de génération" in premiere
    assert "Aucune procédure de sanction." in premiere
    assert "Aucun checkpoint signé" in premiere


def test_les_caracteres_hors_latin1_ne_font_pas_echouer_le_rendu() -> None:
    export = export_exemple(nombre_evenements=2)
    evenement: dict[str, Any] = export["evenements"][1]
    evenement["motif"] = "Manœuvre de l’employeur… « délai » – voir pièce\u202fn° 3 \U0001f600"

    texte = " ".join(textes_des_pages(rendre_pdf(export)))

    assert "Motif : Manoeuvre de l'employeur... « délai » - voir pièce n° 3 ?" in texte


def test_un_export_aux_valeurs_absentes_se_rend_quand_meme() -> None:
    export = export_exemple(nombre_evenements=1)
    export["evenements"][0].update(auteur=None, fondement=None, feuille=None, effective_le=None, criteres=None)

    assert rendre_pdf(export).startswith(b"%PDF")


def test_le_meme_export_donne_toujours_le_meme_pdf() -> None:
    assert rendre_pdf(export_exemple(nombre_evenements=5)) == rendre_pdf(export_exemple(nombre_evenements=5))


@pytest.mark.parametrize(
    ("texte", "imprimable"),
    [
        ("Œuvre et cœur", "OEuvre et coeur"),
        ("l’entretien…", "l'entretien..."),
        ("2025–2026 — fin", "2025-2026 - fin"),
        ("«\u202foui\u202f»\u00a0!", "« oui » !"),
        ("accents conservés : éàçù", "accents conservés : éàçù"),
        ("emoji \U0001f600 et ✓", "emoji ? et ?"),
    ],
)
def test_latin1_garde_la_typographie_francaise_et_remplace_le_reste(texte: str, imprimable: str) -> None:
    assert latin1(texte) == imprimable
