"""What every letter shares: who signs it, to whom it goes, its sections, and its printing as a PDF/A.

A letter is first a ``Lettre`` (title, signatory, sections of French paragraphs), built by the module of its kind
from the typed events (``orientation.py``, ``sanction.py``); ``imprimer`` then lays it out on the PDF/A base
(``infrastructure.pdfa``). Every date comes from the events or from the emission's business time, never from the
clock of the rendering: the same events give the same bytes. Every code reads as its label
(``projections.libelles``); no class name, code or internal identifier is printed.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from application.courriers import CourrierARediger
from domain.decision import FUSEAU_METIER, Decision
from domain.parcours import Parcours
from domain.regles.courrier import CourrierSansEtapeAdequate
from domain.sanction import VoieDeRecours
from domain.vocabulaire import Destinataire, NatureCourrier, Organisme, TypeRecours
from infrastructure.pdfa import DocumentPdfA
from projections.libelles import (
    AUTORITES,
    NATURES_COURRIER,
    QUALITES_REPRESENTANT,
    RECOURS,
    VERS,
    date_longue_fr,
    de,
    majuscule,
    pluriel,
)

E = TypeVar("E", bound=Parcours.Event)

TRIBUNAL = "CJA R.421-1, R.421-5"
"""The court's delay (two months from notification) and its mention in the decision."""


@dataclass(frozen=True)
class Signataire:
    """The body a letter speaks for: « France Travail », « le président du conseil départemental »; and the agent
    who signs for it, by first name, name and capacity, when the decision recorded them (CRPA L.212-1)."""

    sujet: str
    """As the subject of a sentence: « le président du conseil départemental a décidé »."""
    departement: str | None = None
    auteur: str | None = None
    """« Marie Dupont, directrice de l'insertion »: the decision's author as it names them (``Auteur.designation``);
    None for a step that recorded no name, whose letter is signed by the service as before."""

    @property
    def nom(self) -> str:
        return majuscule(self.sujet)

    @property
    def aupres(self) -> str:
        return f"auprès {de(self.sujet)}"

    @property
    def signature(self) -> str:
        """The closing line: the named author signs for the body and by its delegation (CRPA L.212-1); without a
        name recorded, the service does, in the words letters always had (the same events, the same bytes)."""
        if self.auteur is None:
            return f"Pour {self.sujet}, le service chargé de votre dossier."
        return f"Pour {self.sujet} et par délégation, {self.auteur}."


def signataire(decision: Decision, defaut: Organisme = Organisme.FRANCE_TRAVAIL) -> Signataire:
    """Who decided the step: its authority, else its author's body, else ``defaut``; signed by its author when the
    step named them (CRPA L.212-1)."""
    organe = decision.auteur.organe
    departement = organe.departement if organe is not None else None
    auteur = decision.auteur.designation
    if decision.autorite is not None:
        return Signataire(AUTORITES[decision.autorite.type], departement, auteur)
    if organe is not None:
        return Signataire(VERS[organe.organisme], departement, auteur)
    return Signataire(VERS[defaut], auteur=auteur)


@dataclass(frozen=True)
class Section:
    titre: str | None
    paragraphes: tuple[str, ...]


@dataclass(frozen=True)
class Lettre:
    titre: str
    signataire: Signataire
    sections: tuple[Section, ...]


# --- reading the events --------------------------------------------------------------------------------------------


def hors_nature(courrier: CourrierARediger) -> CourrierSansEtapeAdequate:
    """The step named is not one this letter notifies (the domain refused it at emission already)."""
    return CourrierSansEtapeAdequate(f"L'étape n° {courrier.version_rendue} n'est pas notifiée par ce courrier.")


def jour(decision: Decision) -> str:
    """The day a step took effect, in Paris: « 3 juin 2025 »."""
    return date_longue_fr(decision.effective_le.astimezone(FUSEAU_METIER).date())


def le(jour_: date) -> str:
    return date_longue_fr(jour_)


def de_type(evenements: Iterable[Parcours.Event], classe: type[E]) -> list[E]:
    return [e for e in evenements if isinstance(e, classe)]


def apres(courrier: CourrierARediger, classe: type[E]) -> list[E]:
    """The steps of ``classe`` recorded after the one the letter notifies, up to its reading."""
    return de_type(courrier.evenements[courrier.version_rendue :], classe)


def avant(courrier: CourrierARediger, classe: type[E]) -> list[E]:
    return de_type(courrier.evenements[: courrier.version_rendue - 1], classe)


def de_la_procedure(evenements: Iterable[Parcours.Event], classe: type[E], procedure_id: str) -> list[E]:
    return [e for e in de_type(evenements, classe) if getattr(e, "procedure_id", None) == procedure_id]


def titre_de(courrier: CourrierARediger) -> str:
    """« Décision d'orientation », « Avis de procédure contradictoire »: the letter's kind, as a title."""
    return majuscule(NATURES_COURRIER[courrier.nature])


def mois(nombre: int) -> str:
    return f"{nombre} mois"


def jours(nombre: int) -> str:
    return pluriel(nombre, "jour")


# --- shared paragraphs ---------------------------------------------------------------------------------------------


def representation(courrier: CourrierARediger) -> tuple[str, ...]:
    """For a legal representative: in what capacity they receive the letter, and about whom."""
    r = courrier.representant
    if courrier.destinataire is not Destinataire.REPRESENTANT_LEGAL or r is None:
        return ()
    personne = courrier.identite
    nom = " ".join((*personne.prenoms, (personne.nom_usage or personne.nom_naissance).upper())) if personne else ""
    return (
        f"Vous recevez ce courrier en qualité de représentant légal ({QUALITES_REPRESENTANT[r.qualite]}) "
        f"{de(nom or 'la personne concernée')}. Il porte sur sa situation ; « vous » la désigne dans la suite.",
    )


def voies_de_recours(voies: Iterable[VoieDeRecours], apres_le_recours: str, delai_tribunal: int) -> tuple[str, ...]:
    """The remedies in words: the compulsory prior remedy first, then the court, named even when the notification
    recorded only the prior remedy (CRPA L.411-2; CJA R.421-1, R.421-5)."""
    voies = tuple(voies)
    if not any(v.type is TypeRecours.CONTENTIEUX for v in voies):
        voies += (VoieDeRecours(TypeRecours.CONTENTIEUX, "le tribunal administratif", delai_tribunal),)
    prealable = any(v.type is not TypeRecours.CONTENTIEUX for v in voies)
    paragraphes = []
    for voie in voies:
        if voie.type is TypeRecours.CONTENTIEUX:
            depart = apres_le_recours if prealable else "à compter de la notification de cette décision"
            paragraphes.append(
                f"Vous pouvez saisir {voie.instance} dans un délai de {mois(voie.delai_mois)} {depart} ({TRIBUNAL})."
            )
        else:
            paragraphes.append(
                f"Avant tout recours devant le juge, vous devez exercer un recours préalable obligatoire "
                f"({RECOURS[voie.type]}) auprès {de(voie.instance)}, dans un délai de {mois(voie.delai_mois)} à "
                "compter de la notification de cette décision."
            )
    return tuple(paragraphes)


# --- printing ------------------------------------------------------------------------------------------------------


def imprimer(lettre: Lettre, courrier: CourrierARediger) -> bytes:
    """The letter as a PDF/A-3u, tagged, in French; dated by its emission, so the same letter, the same bytes."""
    date_ = date_longue_fr(courrier.date.astimezone(FUSEAU_METIER).date())
    document = DocumentPdfA(
        titre=f"{lettre.titre} du {date_}",
        sujet=f"Courrier : {NATURES_COURRIER[courrier.nature]}",
        cree_le=courrier.date,
        pied=f"{lettre.titre} — {lettre.signataire.nom} — {date_}",
    )
    document.add_page()
    document.paragraphe(lettre.signataire.nom, style="B")
    if lettre.signataire.departement:
        document.paragraphe(f"Département {lettre.signataire.departement}")
    document.ln(6)
    for ligne in destinataire(courrier):
        document.paragraphe(ligne, retrait=90)
    document.ln(6)
    document.paragraphe(f"Le {date_}", retrait=90)
    document.titre(lettre.titre)
    for section in lettre.sections:
        if section.titre:
            document.titre(section.titre, niveau=1)
        for paragraphe in section.paragraphes:
            document.paragraphe(paragraphe, retrait=4 if paragraphe.startswith("- ") else 0)
            document.ln(1)
    document.ln(6)
    document.paragraphe(lettre.signataire.signature, retrait=90)
    return bytes(document.output())


def destinataire(courrier: CourrierARediger) -> list[str]:
    """The address block: the addressee's name and postal address, as their record stood when it was sent."""
    coordonnees = courrier.coordonnees
    if coordonnees is None:
        return ["Destinataire : données personnelles effacées"]
    lignes = [coordonnees.nom]
    if coordonnees.adresse is not None:
        a = coordonnees.adresse
        lignes += [*a.lignes, f"{a.code_postal} {a.commune}"]
    return lignes


def nom_de_fichier(nature: NatureCourrier) -> str:
    """« decision-d-orientation.pdf »: the letter's kind in words, as a file name a person recognises."""
    mots = unicodedata.normalize("NFKD", NATURES_COURRIER[nature]).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", mots.lower())) + ".pdf"
