"""An A4 document in PDF/A-3u, its fonts embedded, its structure tagged, files attached to it: what a court
archives and a screen reader reads (issue 21, item 3).

- **PDF/A-3u** (ISO 19005-3, level U: every glyph maps to Unicode): fpdf2 enforces it (``enforce_compliance``)
  by refusing the non-embedded core fonts and encryption, adding the sRGB output intent and declaring every
  attached file as an associated file (``/AF``, with its ``/AFRelationship``). The XMP metadata is written here,
  not by fpdf2, whose own packet carries the time of rendering: the same bundle must give the same bytes.
- **Fonts**: DejaVu Sans and DejaVu Sans Mono, vendored under ``infrastructure/polices`` with their licence, so
  a fresh machine renders the very same bytes; fpdf2 embeds the subset used (``FontFile2``). A character none of
  them has is printed as « ? », never as a missing glyph, which PDF/A forbids.
- **Tags**: each heading and paragraph is a structure element (``H1``, ``H2``, ``P``) of the document's structure
  tree, in reading order, with its marked content; the page footer and the rules are artifacts. fpdf2 tags only
  section titles and images on its own, so this module drives its structure builder itself; a paragraph is cut
  at page ends so that a marked sequence never spans two pages. Headings are also the outline (bookmarks); the
  language (``/Lang``) and the title (shown as the window's title) are set.
"""

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, cast

from fpdf import FPDF, FPDF_VERSION
from fpdf.enums import DocumentCompliance, MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.prefs import ViewerPreferences

POLICES = Path(__file__).with_name("polices")
CONFORMITE = DocumentCompliance.PDFA_3U
LANGUE = "fr-FR"
LIGNE = 5.0  # mm: the height of one line of 10 pt text
NOIR = (0, 0, 0)
GRIS = (80, 80, 80)
ROUGE = (150, 0, 0)
TEXTE, FIXE = "DejaVu", "DejaVuMono"


class DocumentPdfA(FPDF):
    """An A4 PDF/A-3u document whose every page carries ``pied`` and its number in the footer."""

    def __init__(self, titre: str, sujet: str, cree_le: datetime, pied: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4", enforce_compliance=CONFORMITE)
        self.add_font(TEXTE, "", POLICES / "DejaVuSans.ttf")
        self.add_font(TEXTE, "B", POLICES / "DejaVuSans-Bold.ttf")
        self.add_font(FIXE, "", POLICES / "DejaVuSansMono.ttf")
        self.set_margins(left=18, top=15, right=18)
        self.set_auto_page_break(auto=True, margin=20)
        self.pied = pied
        self.cree_le = cree_le
        self._metadonnees(titre, sujet)

    def _metadonnees(self, titre: str, sujet: str) -> None:
        self.set_lang(LANGUE)
        self.set_title(titre)
        self.set_subject(sujet)
        self.set_creator("parcours")
        self.set_producer(f"fpdf2 {FPDF_VERSION}")
        self.set_creation_date(self.cree_le)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_xmp_metadata(xmp(titre, sujet, "parcours", str(self.producer), self.cree_le))

    # --- what is not content: the footer and the rules -------------------------------------------------------

    @contextmanager
    def artefact(self) -> Iterator[None]:
        """Marks what is drawn inside as an artifact: layout a screen reader skips."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def footer(self) -> None:
        """The footer on every page, so that a single page taken apart still points to its whole."""
        with self.artefact():
            self.set_y(-14)
            self.set_font(TEXTE, size=7.5)
            self.set_text_color(*GRIS)
            self.cell(0, LIGNE, self.imprimable(f"{self.pied} — page {self.page_no()}/{{nb}}"), align="C")

    def filet(self) -> None:
        with self.artefact():
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())

    # --- content, tagged ------------------------------------------------------------------------------------

    @contextmanager
    def balise(self, type_: str) -> Iterator[None]:
        """One structure element of type ``type_`` (``P``, ``H1``...) holding what is drawn inside, which
        must stay on the current page."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        _, parents = self.struct_builder.add_marked_content(page_number=self.page, struct_type=f"/{type_}", mcid=mcid)
        self.pages[self.page].struct_parents = parents
        self._out(f"/{type_} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")

    def titre(self, texte: str, niveau: int = 0) -> None:
        """A heading (``H1``, ``H2``...), in the outline too, never alone at the foot of a page."""
        if self.will_page_break((14 - 4 * niveau) * LIGNE):
            self.add_page()
        self.ln(LIGNE if niveau == 0 else 2)
        self.set_text_color(*NOIR)
        self.start_section(texte, level=niveau)
        self.paragraphe(texte, style="B", taille=(14, 11.5, 10.5)[min(niveau, 2)], balise=f"H{niveau + 1}")
        if niveau == 0:
            self.filet()
            self.ln(2)

    def paragraphe(
        self, texte: str, style: str = "", taille: float = 10, retrait: float = 0, balise: str = "P"
    ) -> None:
        """``texte`` from the left margin (plus ``retrait`` mm), wrapped; cut at page ends into as many
        elements of type ``balise`` as pages it spans."""
        self.set_font(TEXTE, style=style, size=taille)
        self._ecrire(self.imprimable(texte), LIGNE * taille / 10, retrait, balise)

    def valeur_longue(self, libelle: str, valeur: Any, retrait: float = 4) -> None:
        """A hash, a key, a signed note: in a fixed-width font, easy to compare character by character."""
        self.paragraphe(f"{libelle} :", taille=9, retrait=retrait)
        self.set_font(FIXE, size=7.5)
        self._ecrire(self.imprimable(str(valeur) if valeur else "non renseigné"), LIGNE * 0.75, retrait + 4, "P")

    def _ecrire(self, texte: str, hauteur: float, retrait: float, balise: str) -> None:
        largeur = self.w - self.r_margin - self.l_margin - retrait
        lignes = cast(list[str], self.multi_cell(largeur, hauteur, texte, dry_run=True, output=MethodReturnValue.LINES))
        while lignes:
            place = math.floor((self.page_break_trigger - self.y) / hauteur - 1e-6)  # fpdf2 breaks past the trigger
            if place < 1:
                self.add_page()
                continue
            morceau, lignes = lignes[:place], lignes[place:]
            with self.balise(balise):
                self.set_x(self.l_margin + retrait)
                self.multi_cell(largeur, hauteur, "\n".join(morceau), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def imprimable(self, texte: str) -> str:
        """``texte`` with each character the current font lacks (an emoji, a control character) as « ? »."""
        police = self.current_font
        glyphes = police.cmap if isinstance(police, TTFFont) else {}
        return "".join(c if c == "\n" or (ord(c) >= 0x20 and ord(c) in glyphes) else "?" for c in texte)

    # --- files attached -------------------------------------------------------------------------------------

    def joindre(self, nom: str, contenu: bytes, description: str, type_mime: str, relation: str = "Source") -> None:
        """Attach ``contenu`` as ``nom``: a PDF/A-3 associated file of the whole document (``/AF``)."""
        self.embed_file(
            bytes=contenu,
            basename=nom,
            desc=description,
            mime_type=type_mime,
            associated_file_relationship=relation,
            creation_date=self.cree_le,
            modification_date=self.cree_le,
            compress=True,
        )


def xmp(titre: str, sujet: str, createur: str, producteur: str, cree_le: datetime) -> str:
    """The XMP packet PDF/A requires: its identification (part and level) and the document information
    dictionary's entries, dated by ``cree_le`` alone."""
    quand = cree_le.isoformat(timespec="seconds")
    return "\n".join(
        (
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            '  <rdf:Description rdf:about=""',
            '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
            '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
            '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
            f"   <pdfaid:part>{CONFORMITE.part}</pdfaid:part>",
            f"   <pdfaid:conformance>{CONFORMITE.conformance}</pdfaid:conformance>",
            f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(titre)}</rdf:li></rdf:Alt></dc:title>',
            f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(sujet)}</rdf:li></rdf:Alt>'
            "</dc:description>",
            f"   <dc:language><rdf:Bag><rdf:li>{LANGUE}</rdf:li></rdf:Bag></dc:language>",
            "   <dc:format>application/pdf</dc:format>",
            f"   <xmp:CreatorTool>{escape(createur)}</xmp:CreatorTool>",
            f"   <xmp:CreateDate>{quand}</xmp:CreateDate>",
            f"   <xmp:ModifyDate>{quand}</xmp:ModifyDate>",
            f"   <xmp:MetadataDate>{quand}</xmp:MetadataDate>",
            f"   <pdf:Producer>{escape(producteur)}</pdf:Producer>",
            "  </rdf:Description>",
            " </rdf:RDF>",
            "</x:xmpmeta>",
        )
    )
