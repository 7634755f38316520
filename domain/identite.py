"""Who the person is: identity, identifiers, contact, legal representative (DESIGN §7).

Every datum says where it comes from and when (``Provenance``), as orientation data do (CRPA
R.311-3-1-2, 2°). These values are personal data: the events that carry them are sealed with the
person's own key (``domain.personnel``), so none of them is ever written in clear in the store.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.nir import normaliser_nir as normaliser_nir  # noqa: PLC0414 - public here too, beside Identifiant
from domain.valeur import ValeurInvalide, en_relecture, exiger_date, exiger_texte, exiger_type, figer
from domain.vocabulaire import SourceDonnee

AGE_MAXIMUM = 130
"""A birth date more than 130 years back is a typing error, not a person."""

MAJORITE = 18
"""Code civil art. 414: majority at eighteen."""


@dataclass(frozen=True)
class Provenance:
    """Where a datum comes from and the day it was collected."""

    source: SourceDonnee
    le: date

    def __post_init__(self) -> None:
        exiger_type(self.source, SourceDonnee, "provenance.source")
        exiger_date(self.le, "provenance.le")


class NatureIdentifiant(Enum):
    """The identifiers a person is known by across the réseau pour l'emploi."""

    NIR = "nir"
    FRANCE_TRAVAIL = "france_travail"
    CAF = "caf"
    MSA = "msa"
    IMILO = "imilo"
    EXTERNE = "externe"
    """An organisme's own identifier (e.g. a département's file number), qualified by ``organisme``."""
    COMPTE = "compte"
    """The person's account at their identity provider (the ``sub`` of their token), qualified by
    the provider: what links a ``personne`` token to the person."""


QUALIFIEES = frozenset({NatureIdentifiant.EXTERNE, NatureIdentifiant.COMPTE})
"""Natures whose values are unique only within the organisme (or provider) that issues them."""


@dataclass(frozen=True)
class Identifiant:
    nature: NatureIdentifiant
    valeur: str
    provenance: Provenance
    organisme: str | None = None
    """Who issues it, for an external identifier or an account (``cd-93``, ``france-connect``)."""

    def __post_init__(self) -> None:
        exiger_type(self.nature, NatureIdentifiant, "identifiant.nature")
        exiger_texte(self.valeur, "identifiant.valeur")
        exiger_type(self.provenance, Provenance, "identifiant.provenance")
        exiger_texte(self.organisme, "identifiant.organisme", optionnel=True)
        if self.nature in QUALIFIEES and self.organisme is None:
            raise ValeurInvalide(f"identifiant.organisme : requis pour un identifiant {self.nature.value}")
        if self.nature is NatureIdentifiant.NIR and not en_relecture():
            object.__setattr__(self, "valeur", normaliser_nir(self.valeur))

    @property
    def cle(self) -> str:
        """What identifies the identifier itself, whatever its spelling: the key of its index."""
        valeur = re.sub(r"\s+", "", self.valeur).upper()
        return f"{self.nature.value}:{self.organisme or ''}:{valeur}"


@dataclass(frozen=True)
class Identite:
    """The civil identity as the source records it."""

    nom_naissance: str
    prenoms: tuple[str, ...]
    date_naissance: date
    provenance: Provenance
    nom_usage: str | None = None
    sexe: str | None = None
    """As the source writes it (``F``, ``M``, ``1``, ``2``...): never inferred."""

    def __post_init__(self) -> None:
        figer(self, "prenoms")
        exiger_nom(self.nom_naissance, "identite.nom_naissance")
        exiger_nom(self.nom_usage, "identite.nom_usage", optionnel=True)
        if not self.prenoms:
            raise ValeurInvalide("identite.prenoms : au moins un prénom attendu")
        for prenom in self.prenoms:
            exiger_nom(prenom, "identite.prenoms[]")
        exiger_date(self.date_naissance, "identite.date_naissance")
        exiger_texte(self.sexe, "identite.sexe", optionnel=True)
        exiger_type(self.provenance, Provenance, "identite.provenance")

    def exiger_plausible(self, jour: date) -> None:
        """Born on or before ``jour``, and less than ``AGE_MAXIMUM`` years before it."""
        exiger_naissance_plausible(self.date_naissance, jour)

    @property
    def nom_affiche(self) -> str:
        """The name a conseiller's screen shows: usage name (else birth name), then first names."""
        return f"{(self.nom_usage or self.nom_naissance).upper()} {' '.join(self.prenoms)}"

    @property
    def etat_civil(self) -> str:
        """Birth name, first name and birth date, normalised: what two records of one person share."""
        return f"{normaliser_nom(self.nom_naissance)}|{normaliser_nom(self.prenoms[0])}|{self.date_naissance}"


def exiger_naissance_plausible(naissance: date, jour: date) -> None:
    """A birth on or before ``jour``, less than ``AGE_MAXIMUM`` years before it."""
    if naissance > jour:
        raise ValeurInvalide("identite.date_naissance : date de naissance dans le futur")
    if age_au(naissance, jour) >= AGE_MAXIMUM:
        raise ValeurInvalide(f"identite.date_naissance : plus de {AGE_MAXIMUM} ans, date invraisemblable")


def age_au(naissance: date, jour: date) -> int:
    """Full years on ``jour``; born a 29 February, one turns a year older on 1 March in common years."""
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


@dataclass(frozen=True)
class Adresse:
    lignes: tuple[str, ...]
    code_postal: str
    commune: str
    code_insee: str
    """The commune's INSEE code (``75056``, ``2A004``): what the territory rules read."""

    def __post_init__(self) -> None:
        figer(self, "lignes")
        for ligne in self.lignes:
            exiger_texte(ligne, "adresse.lignes[]")
        exiger_texte(self.commune, "adresse.commune")
        if en_relecture():
            return
        if not re.fullmatch(r"[0-9]{5}", self.code_postal):
            raise ValeurInvalide("adresse.code_postal : cinq chiffres attendus")
        if not re.fullmatch(r"[0-9]{5}|2[AB][0-9]{3}", self.code_insee):
            raise ValeurInvalide("adresse.code_insee : code commune INSEE attendu (75056, 2A004)")


@dataclass(frozen=True)
class Contact:
    provenance: Provenance
    courriel: str | None = None
    telephone: str | None = None
    adresse: Adresse | None = None

    def __post_init__(self) -> None:
        exiger_type(self.provenance, Provenance, "contact.provenance")
        exiger_texte(self.courriel, "contact.courriel", optionnel=True)
        exiger_texte(self.telephone, "contact.telephone", optionnel=True)
        if self.adresse is not None:
            exiger_type(self.adresse, Adresse, "contact.adresse")
        if en_relecture():
            return
        if self.courriel is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.courriel):
            raise ValeurInvalide("contact.courriel : adresse électronique invalide")
        if self.telephone is not None and not re.fullmatch(r"\+?[0-9 .]{6,20}", self.telephone):
            raise ValeurInvalide("contact.telephone : numéro de téléphone invalide")


class QualiteRepresentant(Enum):
    """In what capacity one represents a minor (Code civil art. 371-1, 390) or a protected adult (art. 440)."""

    PARENT = "parent"
    TUTEUR = "tuteur"
    CURATEUR = "curateur"
    MANDATAIRE = "mandataire"


@dataclass(frozen=True)
class RepresentantLegal:
    nom: str
    prenoms: tuple[str, ...]
    qualite: QualiteRepresentant
    contact: Contact
    provenance: Provenance
    mesure_protection: bool = False
    """True when the person is an adult under a protection measure (tutelle, curatelle): the
    representative then acts for an adult too (R.5412-7 as for a minor)."""

    def __post_init__(self) -> None:
        figer(self, "prenoms")
        exiger_nom(self.nom, "representant.nom")
        for prenom in self.prenoms:
            exiger_nom(prenom, "representant.prenoms[]")
        exiger_type(self.qualite, QualiteRepresentant, "representant.qualite")
        exiger_type(self.contact, Contact, "representant.contact")
        exiger_type(self.provenance, Provenance, "representant.provenance")
        exiger_type(self.mesure_protection, bool, "representant.mesure_protection")

    @property
    def nom_affiche(self) -> str:
        return f"{self.nom.upper()} {' '.join(self.prenoms)}".strip()


NOM_LONGUEUR_MAX = 100

_LETTRES = r"[^\W\d_]+"
_NOM = re.compile(rf"{_LETTRES}(?:(?:--|\. ?|[ '’\-]){_LETTRES})*\.?")
"""Words of letters joined by one separator: a space, a hyphen, an apostrophe, a dot (``St. Cyr``),
or the double hyphen that civil registers wrote in double family names from 2005 to 2011."""


def exiger_nom(valeur: str | None, champ: str, *, optionnel: bool = False) -> None:
    """Letters (any alphabet, accents composed or not), separated by single spaces, hyphens,
    apostrophes or dots: no digit, no control character, at most ``NOM_LONGUEUR_MAX`` characters.
    A name read back from the store is checked for its shape only (``domain.valeur.relecture``)."""
    exiger_texte(valeur, champ, optionnel=optionnel)
    if valeur is None or en_relecture():
        return
    if len(valeur) > NOM_LONGUEUR_MAX:
        raise ValeurInvalide(f"{champ} : au plus {NOM_LONGUEUR_MAX} caractères")
    # NFC first: a decomposed accent (``e`` + U+0301, as some keyboards send it) is not a letter alone.
    if not _NOM.fullmatch(unicodedata.normalize("NFC", valeur.strip())):
        raise ValeurInvalide(f"{champ} : nom invalide (lettres, espaces, tirets et apostrophes seulement)")


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normaliser_nom(texte: str) -> str:
    """Lower case, without accents or ligatures, separators as single spaces: ``Lœuvre-Émile`` and
    ``LOEUVRE EMILE`` compare equal. What search and deduplication compare.

    Idempotent: case is folded before and after the decomposition, and ligatures unfolded last,
    since each step can make what another undoes (``Ǣ`` decomposes to ``Æ``, which folds to ``æ``)."""
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+|_", " ", sans_accents.casefold().translate(_LIGATURES)).split())


@dataclass(frozen=True)
class FichePersonne:
    """What an inscription (or a partner's flow) says of the person: whom to find or register."""

    identite: Identite
    identifiants: tuple[Identifiant, ...] = ()
    contact: Contact | None = None
    representant: RepresentantLegal | None = None

    def __post_init__(self) -> None:
        figer(self, "identifiants")
        exiger_type(self.identite, Identite, "personne.identite")
        for identifiant in self.identifiants:
            exiger_type(identifiant, Identifiant, "personne.identifiants[]")
        if len({i.cle for i in self.identifiants}) != len(self.identifiants):
            raise ValeurInvalide("personne.identifiants : identifiant en double")
        if self.contact is not None:
            exiger_type(self.contact, Contact, "personne.contact")
        if self.representant is not None:
            exiger_type(self.representant, RepresentantLegal, "personne.representant")


@dataclass(frozen=True)
class Representation:
    """Whether, on a given day, the person acts through a legal representative (a minor, Code civil art.
    388; an adult under protection, art. 440), and who that representative is, if designated."""

    requise: bool
    representant: str | None = None
