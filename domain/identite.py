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

from domain.valeur import ValeurInvalide, exiger_date, exiger_texte, exiger_type, figer
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


_NIR = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}[0-9]{2}")


def normaliser_nir(valeur: str) -> str:
    """The NIR's 15 characters, without spaces; ``ValeurInvalide`` when malformed or when its
    control key is not 97 minus the number modulo 97 (Corsica's 2A and 2B counted as 19 and 18),
    as the INSEE defines it."""
    nir = re.sub(r"[\s.]", "", valeur).upper()
    if len(nir) != 15:
        raise ValeurInvalide("nir : 15 caractères attendus (13 chiffres et la clé)")
    if not _NIR.fullmatch(nir):
        raise ValeurInvalide("nir : format invalide")
    numero = int(nir[:13].replace("2A", "19").replace("2B", "18"))
    if 97 - numero % 97 != int(nir[13:]):
        raise ValeurInvalide("nir : clé de contrôle erronée")
    return nir


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
        if self.nature is NatureIdentifiant.NIR:
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
        if self.date_naissance > jour:
            raise ValeurInvalide("identite.date_naissance : date de naissance dans le futur")
        if age_au(self.date_naissance, jour) >= AGE_MAXIMUM:
            raise ValeurInvalide(f"identite.date_naissance : plus de {AGE_MAXIMUM} ans, date invraisemblable")

    @property
    def nom_affiche(self) -> str:
        """The name a conseiller's screen shows: usage name (else birth name), then first names."""
        return f"{(self.nom_usage or self.nom_naissance).upper()} {' '.join(self.prenoms)}"

    @property
    def etat_civil(self) -> str:
        """Birth name, first name and birth date, normalised: what two records of one person share."""
        return f"{normaliser_nom(self.nom_naissance)}|{normaliser_nom(self.prenoms[0])}|{self.date_naissance}"


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
        if self.courriel is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.courriel):
            raise ValeurInvalide("contact.courriel : adresse électronique invalide")
        if self.telephone is not None and not re.fullmatch(r"\+?[0-9 .]{6,20}", self.telephone):
            raise ValeurInvalide("contact.telephone : numéro de téléphone invalide")
        if self.adresse is not None:
            exiger_type(self.adresse, Adresse, "contact.adresse")


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


_NOM = re.compile(r"[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*\.?")


def exiger_nom(valeur: str | None, champ: str, *, optionnel: bool = False) -> None:
    """Letters (any alphabet), separated by single spaces, hyphens, apostrophes or dots: no digit,
    no control character, at most 100 characters."""
    exiger_texte(valeur, champ, optionnel=optionnel)
    if valeur is None:
        return
    if len(valeur) > 100 or not _NOM.fullmatch(valeur.strip()):
        raise ValeurInvalide(f"{champ} : nom invalide (lettres, espaces, tirets et apostrophes seulement)")


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def normaliser_nom(texte: str) -> str:
    """Lower case, without accents or ligatures, separators as single spaces: ``Lœuvre-Émile`` and
    ``LOEUVRE EMILE`` compare equal. What search and deduplication compare."""
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+|_", " ", sans_accents.casefold()).split())


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
