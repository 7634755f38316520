"""PDF rendering of the litigation export bundle (issue 6, item 4).

A judge or a mediator reads the history of a parcours on paper: a timeline in French, rectifications beside the
event they correct (nothing is ever hidden), the sanction procedures with their deadlines, and on every page the
fingerprint that ties the paper to the JSON bundle a verifier checks offline. The PDF is a *rendering*: the JSON
bundle stays the evidence, so this module only reads the bundle and never recomputes a hash.

fpdf2's core fonts (Helvetica) need no font file, so a fresh machine renders the same document; they cover
latin-1 only, hence :func:`latin1`, through which every string passes before it reaches the page.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

LIGNE = 5.0  # mm: the height of one line of 10 pt text
ROUGE_RECTIFICATION = (150, 0, 0)
NOIR = (0, 0, 0)
GRIS = (90, 90, 90)

_HORS_LATIN1 = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "–": "-",
        "—": "-",
        "\u202f": " ",  # narrow no-break space, before « ; : ! ? » in French typography
        "\u2009": " ",
        "\u00a0": " ",  # latin-1, but a space that never breaks would keep long lines from wrapping
    }
)


def latin1(texte: str) -> str:
    """Make ``texte`` printable with the core fonts: French typography first, then '?' for anything else.

    Why: a character outside latin-1 makes fpdf2 raise, and an export must never fail because a counsellor
    typed an emoji in a motive.
    """
    return texte.translate(_HORS_LATIN1).encode("latin-1", errors="replace").decode("latin-1")


def rendre_pdf(export: Mapping[str, Any]) -> bytes:
    """Render the litigation export bundle ``export`` (format ``parcours-export/2``) as an A4 PDF.

    The same bundle always renders to the same bytes (the creation date is the bundle's own generation date),
    so a PDF produced twice for the same request can be compared byte for byte.
    """
    document = _Document(empreinte=str(export.get("empreinte") or "non renseignée"))
    _metadonnees(document, export)
    document.add_page()
    _entete(document, export)
    _chronologie(document, export.get("evenements") or [], _journal(export).get("taille"))
    _procedures(document, export.get("procedures") or [])
    _explication(document, export.get("explication"))
    _integrite(document, export)
    return bytes(document.output())


class _Document(FPDF):
    """An A4 page with the verification fingerprint and the page number in every footer (issue 6, item 4)."""

    def __init__(self, empreinte: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.empreinte = empreinte
        self.set_margins(left=15, top=15, right=15)
        self.set_auto_page_break(auto=True, margin=20)

    def footer(self) -> None:
        """Print the fingerprint on every page, so that a single page taken apart still points to its bundle."""
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*GRIS)
        pied = f"Empreinte de vérification : {self.empreinte} — page {self.page_no()}/{{nb}}"
        self.cell(0, LIGNE, latin1(pied), align="C")

    def paragraphe(self, texte: str, style: str = "", taille: float = 10, retrait: float = 0) -> None:
        """Write ``texte`` from the left margin (plus ``retrait`` mm), wrapping long lines."""
        self.set_font("Helvetica", style=style, size=taille)
        self.set_x(self.l_margin + retrait)
        hauteur = LIGNE * taille / 10
        self.multi_cell(0, hauteur, latin1(texte), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def valeur_longue(self, libelle: str, valeur: Any, retrait: float = 4) -> None:
        """A hash, key or signature on its own line in a fixed-width font, easy to compare character by character."""
        self.paragraphe(f"{libelle} :", taille=9, retrait=retrait)
        self.set_font("Courier", size=8)
        self.set_x(self.l_margin + retrait + 4)
        texte = latin1(str(valeur) if valeur else "non renseigné")
        self.multi_cell(0, LIGNE * 0.8, texte, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def titre_section(self, titre: str) -> None:
        """Start a section on the page and in the PDF outline, where a judge jumps from one part to another."""
        if self.will_page_break(12 * LIGNE):  # never a heading alone at the foot of a page
            self.add_page()
        self.ln(LIGNE)
        self.set_text_color(*NOIR)
        self.start_section(titre)
        self.paragraphe(titre, style="B", taille=13)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)


def _metadonnees(document: _Document, export: Mapping[str, Any]) -> None:
    """Describe the file itself: French language for screen readers, a creation date taken from the bundle."""
    document.set_lang("fr-FR")
    document.set_title(f"Historique du parcours {export.get('parcours_id')}")
    document.set_creator("parcours")
    genere_le = _instant(export.get("genere_le"))
    if genere_le is not None:
        document.set_creation_date(genere_le)


def _entete(document: _Document, export: Mapping[str, Any]) -> None:
    """Title and as-of line: the reader must know at once which parcours and which moment the paper shows."""
    document.paragraphe(f"Historique du parcours {export.get('parcours_id')}", style="B", taille=14)
    document.ln(2)
    a_la_date = export.get("a_la_date")
    if a_la_date is None:
        document.paragraphe("Tel que connu à la date de génération")
    else:
        document.paragraphe(f"Tel que connu le {_horodatage(a_la_date)}")
    document.paragraphe(f"Document généré le {_horodatage(export.get('genere_le'))}")
    nombre = len(export.get("evenements") or [])
    document.paragraphe(f"{nombre} événement(s) ; format {export.get('format')}", taille=9)


def _chronologie(document: _Document, evenements: Sequence[Mapping[str, Any]], taille: Any) -> None:
    """One block per event, in store order, each rectification named on both sides (issue 6, item 5)."""
    document.titre_section("Chronologie des événements")
    if not evenements:
        document.paragraphe("Aucun événement enregistré à cette date.")
    for evenement in evenements:
        _evenement(document, evenement, taille)


def _evenement(document: _Document, evenement: Mapping[str, Any], taille: Any) -> None:
    """Print one event: what happened, when (business and recording dates), who, on what basis, and its leaf."""
    if document.will_page_break(6 * LIGNE):  # keep an event's heading with its first lines
        document.add_page()
    document.ln(2)
    document.set_text_color(*NOIR)
    entete = f"Événement n° {evenement.get('version')} - {evenement.get('type')}"
    document.paragraphe(entete, style="B")
    _rectifications(document, evenement)
    document.paragraphe(str(evenement.get("texte") or ""), retrait=4)
    document.set_text_color(*GRIS)
    for ligne in _details(evenement, taille):
        document.paragraphe(ligne, taille=9, retrait=4)
    _criteres(document, evenement.get("criteres") or [])
    document.set_text_color(*NOIR)


def _rectifications(document: _Document, evenement: Mapping[str, Any]) -> None:
    """Flag a corrected event and a correcting one in red, so that neither can be read without the other."""
    document.set_text_color(*ROUGE_RECTIFICATION)
    for version in evenement.get("rectifie_par") or []:
        document.paragraphe(f"Rectifié par l'événement n° {version}", style="B", retrait=4)
    if evenement.get("rectifie") is not None:
        document.paragraphe(f"Rectifie l'événement n° {evenement['rectifie']}", style="B", retrait=4)
    document.set_text_color(*NOIR)


def _details(evenement: Mapping[str, Any], taille: Any) -> list[str]:
    """The envelope of an event as French lines: dates, author, authority, legal basis, motive, its leaf."""
    lignes = [
        f"Date d'effet : {_jour(evenement.get('effective_le'))} · "
        f"enregistré le : {_horodatage(evenement.get('enregistre_le'))}",
        f"Auteur : {_auteur(evenement.get('auteur'))}",
    ]
    if evenement.get("autorite"):
        lignes.append(f"Autorité : {_auteur(evenement['autorite'])}")
    if evenement.get("fondement"):
        lignes.append(f"Fondement : {_fondement(evenement['fondement'])}")
    if evenement.get("motif"):
        lignes.append(f"Motif : {evenement['motif']}")
    feuille = evenement.get("feuille") or {}
    if feuille:
        lignes.append(
            f"Journal : feuille n° {feuille.get('indice')}, hash {_court(feuille.get('hash'))}, incluse dans le "
            f"checkpoint de {taille} feuilles (preuve de {len(feuille.get('preuve') or [])} hash)"
        )
    else:
        lignes.append("Journal : aucune preuve d'inclusion")
    return lignes


def _auteur(auteur: Mapping[str, Any] | None) -> str:
    """An author or an authority as 'type id, organisme X, rôle Y', leaving out what is unknown."""
    if not auteur:
        return "non renseigné"
    texte = " ".join(str(auteur[cle]) for cle in ("type", "id") if auteur.get(cle))
    if auteur.get("organisme"):
        texte += f", organisme {auteur['organisme']}"
    if auteur.get("role"):
        texte += f", rôle {auteur['role']}"
    return texte


def _fondement(fondement: Mapping[str, Any]) -> str:
    """The articles relied on and, for an algorithmic decision, the referential version and the rules applied."""
    parties = ["; ".join(fondement.get("articles") or []) or "aucun article cité"]
    referentiel = fondement.get("referentiel")
    if referentiel:
        regles = ", ".join(referentiel.get("regles") or []) or "aucune"
        parties.append(
            f"référentiel {referentiel.get('id')} version {referentiel.get('version')} "
            f"(empreinte {_court(referentiel.get('empreinte'))}), règles {regles}"
        )
    return " ; ".join(parties)


def _criteres(document: _Document, criteres: Sequence[Mapping[str, Any]]) -> None:
    """The data a decision rested on, each with its source and date; sensitive data is flagged (RGPD art. 9)."""
    if not criteres:
        return
    document.paragraphe("Critères :", taille=9, retrait=4)
    for critere in criteres:
        ligne = f"- {critere.get('nom')} = {_valeur(critere.get('valeur'))} (source : {critere.get('source')}"
        if critere.get("collecte_le"):
            ligne += f", collectée le {_jour(critere['collecte_le'])}"
        ligne += ")"
        if critere.get("sensible"):
            ligne += " - donnée sensible"
        document.paragraphe(ligne, taille=9, retrait=8)


def _procedures(document: _Document, procedures: Sequence[Mapping[str, Any]]) -> None:
    """The sanction procedures with every deadline a person can contest (contradictory answer, remedies)."""
    document.titre_section("Procédures de sanction")
    if not procedures:
        document.paragraphe("Aucune procédure de sanction.")
    for procedure in procedures:
        if document.will_page_break(8 * LIGNE):
            document.add_page()
        document.ln(1)
        document.paragraphe(f"Procédure {procedure.get('id')}", style="B")
        for ligne in _lignes_procedure(procedure):
            document.paragraphe(ligne, retrait=4)
        _recours(document, procedure.get("recours") or [])


def _lignes_procedure(procedure: Mapping[str, Any]) -> list[str]:
    """One procedure as French lines, from the opening to the deadline for a remedy."""
    en_vigueur = procedure.get("sanction_en_vigueur")
    return [
        f"Manquements : {', '.join(procedure.get('manquements') or []) or 'aucun'}",
        f"Ouverte le : {_jour(procedure.get('ouverte_le'))}",
        f"Avertissement reçu le : {_jour(procedure.get('recue_le'))}",
        f"Date limite de réponse (contradictoire) : {_jour(procedure.get('date_limite'))}",
        f"Sanction envisagée : {procedure.get('sanction_envisagee') or 'non renseignée'}",
        f"Sanction prononcée : {procedure.get('sanction') or 'aucune'}",
        f"Sanction en vigueur : {_valeur(en_vigueur) if en_vigueur is not None else 'non renseigné'}",
        f"Notifiée le : {_jour(procedure.get('notifiee_le'))}",
        f"Date limite de recours : {_jour(procedure.get('date_limite_recours'))}",
    ]


def _recours(document: _Document, recours: Sequence[Mapping[str, Any]]) -> None:
    """The remedies lodged against the sanction and their outcome, 'en cours' while undecided."""
    if not recours:
        document.paragraphe("Recours : aucun", retrait=4)
        return
    document.paragraphe("Recours :", retrait=4)
    for un_recours in recours:
        document.paragraphe(
            f"- {un_recours.get('id')} : {un_recours.get('type')}, reçu le {_jour(un_recours.get('recu_le'))}, "
            f"issue : {un_recours.get('issue') or 'en cours'}",
            retrait=8,
        )


def _explication(document: _Document, explication: Mapping[str, Any] | None) -> None:
    """The orientation explanation given to the person, printed as is (CRPA L.311-3-1 for algorithmic decisions)."""
    if not explication or not explication.get("texte"):
        return
    document.titre_section("Explication de l'orientation")
    document.paragraphe(str(explication["texte"]))


def _integrite(document: _Document, export: Mapping[str, Any]) -> None:
    """How a reader checks that this paper matches an untouched bundle, without trusting our database."""
    document.titre_section("Intégrité et vérification")
    document.valeur_longue("Empreinte de vérification du bundle", export.get("empreinte"), retrait=0)
    journal = _journal(export)
    if journal.get("checkpoint"):
        document.ln(2)
        document.paragraphe("Checkpoint signé du journal de transparence (RFC 9162, note C2SP) :", style="B")
        document.paragraphe(f"Journal : {journal.get('origine')}", taille=9, retrait=4)
        document.paragraphe(f"Taille : {journal.get('taille')} feuilles", taille=9, retrait=4)
        document.valeur_longue("Racine", journal.get("racine"))
        document.valeur_longue("Note signée, avec les cosignatures des témoins", journal.get("checkpoint"))
    else:
        document.paragraphe("Aucun checkpoint signé n'est inclus dans cet export.")
    if export.get("attestation"):
        document.ln(2)
        document.paragraphe("Attestation signée par la clé du journal :", style="B")
        document.valeur_longue("Versions, feuilles et parties lisibles du dossier", export.get("attestation"))
    document.ln(2)
    document.paragraphe(
        "Pour vérifier hors ligne, sans accès à la base de données, le fichier JSON dont ce document est le rendu : "
        "parcours audit verifier-export FICHIER.json --cle-journal CLE [--temoin CLE] ; l'empreinte affichée en "
        "pied de chaque page doit être celle que la commande recalcule."
    )


def _journal(export: Mapping[str, Any]) -> Mapping[str, Any]:
    journal = export.get("journal")
    return journal if isinstance(journal, Mapping) else {}


def _instant(valeur: Any) -> datetime | None:
    """An ISO 8601 timestamp from the bundle, or None when absent or unreadable."""
    if not isinstance(valeur, str):
        return None
    try:
        return datetime.fromisoformat(valeur)
    except ValueError:
        return None


def _horodatage(valeur: Any) -> str:
    """A timestamp as 'dd/mm/yyyy HH:MM (UTC)'; an unreadable value is shown as is, never dropped."""
    instant = _instant(valeur)
    if instant is None:
        return str(valeur) if valeur else "non renseigné"
    if instant.tzinfo is None:  # a naive timestamp in the bundle is UTC by our convention
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).strftime("%d/%m/%Y %H:%M (UTC)")


def _jour(valeur: Any) -> str:
    """A date or timestamp as 'dd/mm/yyyy', in its own offset: the business day as the person lived it."""
    if not isinstance(valeur, str):
        return "non renseignée"
    try:
        return date.fromisoformat(valeur[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return valeur


def _valeur(valeur: Any) -> str:
    """A criterion value as French text (booleans as oui/non)."""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return "non renseignée" if valeur is None else str(valeur)


def _court(empreinte: Any) -> str:
    """The first 16 characters of a hash ('sha256:' hex or base64): enough to compare, short enough to read."""
    if not empreinte:
        return "aucun"
    return str(empreinte).removeprefix("sha256:")[:16]
