"""The person of a bulk-import line, read into ``domain.identite.FichePersonne`` (issue 18).

Two formats, as ``application/masse.py`` reads the rest of the line:

- JSON lines: the line's ``"personne"`` object, in the API's shape (``api/modeles/personne.py``): a
  ``provenance`` (``source``, ``le``) for the whole person, which ``identite``, each of ``identifiants``,
  ``contact`` and ``representant`` may replace by their own; ``{"provenance": {"source": "flux_caf", "le":
  "2025-01-05"}, "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Élise"], "date_naissance":
  "1990-04-12", "sexe": "F"}, "identifiants": [{"nature": "nir", "valeur": "2 90 04 75 111 000 52"}],
  "contact": {"courriel": "elise.lefevre@example.org", "adresse": {"lignes": ["12 rue des Lilas"],
  "code_postal": "75011", "commune": "Paris", "code_insee": "75056"}}}``;
- CSV: the columns ``COLONNES_PERSONNE`` (``prenoms`` separated by spaces, ``adresse`` one street line),
  whose provenance is the line's ``source`` and ``collecte_le`` (required as soon as a person's column is
  given: every datum says where it comes from, CRPA R.311-3-1-2, 2°).

A line without a person gives None. A person that cannot be read raises ``ValeurInvalide`` whose message
begins with the field's name in the line (``personne.identite.nom_naissance : …`` in JSON, the column's
name in CSV), the domain's own reason after it.
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from domain.identite import (
    Adresse,
    Contact,
    FichePersonne,
    Identifiant,
    Identite,
    NatureIdentifiant,
    Provenance,
    QualiteRepresentant,
    RepresentantLegal,
)
from domain.valeur import ValeurInvalide
from domain.vocabulaire import SourceDonnee

E = TypeVar("E", bound=Enum)

CHAMPS_PERSONNE = frozenset({"provenance", "identite", "identifiants", "contact", "representant"})
CHAMPS_IDENTITE = frozenset({"nom_naissance", "nom_usage", "prenoms", "date_naissance", "sexe", "provenance"})
CHAMPS_IDENTIFIANT = frozenset({"nature", "valeur", "organisme", "provenance"})
CHAMPS_CONTACT = frozenset({"courriel", "telephone", "adresse", "provenance"})
CHAMPS_ADRESSE = frozenset({"lignes", "code_postal", "commune", "code_insee"})
CHAMPS_REPRESENTANT = frozenset({"nom", "prenoms", "qualite", "mesure_protection", "contact", "provenance"})
CHAMPS_PROVENANCE = frozenset({"source", "le"})
IDENTIFIANTS_MAXIMUM = 20

COLONNES_PERSONNE = (
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "sexe",
    "nir",
    "numero_allocataire_caf",
    "identifiant_france_travail",
    "courriel",
    "telephone",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
)
COLONNES_IDENTIFIANTS = {
    "nir": NatureIdentifiant.NIR,
    "numero_allocataire_caf": NatureIdentifiant.CAF,
    "identifiant_france_travail": NatureIdentifiant.FRANCE_TRAVAIL,
}
_COLONNE_DU_CHAMP = {"lignes": "adresse"}
"""The CSV column of a domain field whose name differs."""


@contextmanager
def champ(chemin: str) -> Iterator[None]:
    """A domain refusal (``identite.nom_naissance : reason``) renamed after the field's place in the
    line (``personne.identite.nom_naissance : reason``): the partner finds the field in its own file."""
    try:
        yield
    except ValeurInvalide as erreur:
        nom, _, raison = str(erreur).partition(" : ")
        feuille = nom.rpartition(".")[2]
        raise ValeurInvalide(f"{chemin}.{'valeur' if feuille == 'nir' else feuille} : {raison}") from None


# --- JSON lines -----------------------------------------------------------------------------------


def lire_personne(brut: Mapping[str, Any]) -> FichePersonne | None:
    """The ``"personne"`` of a JSON line's object (None when absent or null)."""
    personne = brut.get("personne")
    if personne is None:
        return None
    _objet(personne, CHAMPS_PERSONNE, "personne")
    provenance = _provenance(personne.get("provenance"), "personne.provenance")
    identifiants = personne.get("identifiants", [])
    if not isinstance(identifiants, list) or len(identifiants) > IDENTIFIANTS_MAXIMUM:
        raise ValeurInvalide(f"personne.identifiants : liste d'au plus {IDENTIFIANTS_MAXIMUM} identifiants attendue")
    contact, representant = personne.get("contact"), personne.get("representant")
    return FichePersonne(
        identite=_identite(personne.get("identite"), provenance),
        identifiants=tuple(
            _identifiant(i, provenance, f"personne.identifiants[{rang}]") for rang, i in enumerate(identifiants, 1)
        ),
        contact=None if contact is None else _contact(contact, provenance, "personne.contact"),
        representant=None if representant is None else _representant(representant, provenance),
    )


def _identite(brut: Any, defaut: Provenance) -> Identite:
    ou = "personne.identite"
    _objet(brut, CHAMPS_IDENTITE, ou)
    prenoms = _textes(brut.get("prenoms"), f"{ou}.prenoms")
    naissance, provenance = jour(brut.get("date_naissance"), f"{ou}.date_naissance"), _propre(brut, defaut, ou)
    with champ(ou):
        return Identite(
            nom_naissance=brut.get("nom_naissance"),
            prenoms=prenoms,
            date_naissance=naissance,
            provenance=provenance,
            nom_usage=brut.get("nom_usage"),
            sexe=brut.get("sexe"),
        )


def _identifiant(brut: Any, defaut: Provenance, ou: str) -> Identifiant:
    _objet(brut, CHAMPS_IDENTIFIANT, ou)
    nature, provenance = membre(NatureIdentifiant, brut.get("nature"), f"{ou}.nature"), _propre(brut, defaut, ou)
    with champ(ou):
        return Identifiant(
            nature=nature,
            valeur=brut.get("valeur"),
            provenance=provenance,
            organisme=brut.get("organisme"),
        )


def _contact(brut: Any, defaut: Provenance, ou: str) -> Contact:
    _objet(brut, CHAMPS_CONTACT, ou)
    adresse, provenance = brut.get("adresse"), _propre(brut, defaut, ou)
    if adresse is not None:
        _objet(adresse, CHAMPS_ADRESSE, f"{ou}.adresse")
        lignes = _textes(adresse.get("lignes", []), f"{ou}.adresse.lignes", vide=True)
        with champ(f"{ou}.adresse"):
            adresse = Adresse(lignes, adresse.get("code_postal"), adresse.get("commune"), adresse.get("code_insee"))
    with champ(ou):
        return Contact(
            provenance=provenance,
            courriel=brut.get("courriel"),
            telephone=brut.get("telephone"),
            adresse=adresse,
        )


def _representant(brut: Any, defaut: Provenance) -> RepresentantLegal:
    ou = "personne.representant"
    _objet(brut, CHAMPS_REPRESENTANT, ou)
    qualite = membre(QualiteRepresentant, brut.get("qualite"), f"{ou}.qualite")
    contact = _contact(brut.get("contact", {}), defaut, f"{ou}.contact")
    mesure, provenance = brut.get("mesure_protection", False), _propre(brut, defaut, ou)
    if not isinstance(mesure, bool):
        raise ValeurInvalide(f"{ou}.mesure_protection : true ou false attendu")
    prenoms = _textes(brut.get("prenoms", []), f"{ou}.prenoms", vide=True)
    with champ(ou):
        return RepresentantLegal(
            nom=brut.get("nom"),
            prenoms=prenoms,
            qualite=qualite,
            contact=contact,
            provenance=provenance,
            mesure_protection=mesure,
        )


def _propre(brut: Mapping[str, Any], defaut: Provenance, ou: str) -> Provenance:
    """A part's own provenance, else the person's."""
    propre = brut.get("provenance")
    return defaut if propre is None else _provenance(propre, f"{ou}.provenance")


def _provenance(brut: Any, ou: str) -> Provenance:
    _objet(brut, CHAMPS_PROVENANCE, ou)
    source, le = membre(SourceDonnee, brut.get("source"), f"{ou}.source"), jour(brut.get("le"), f"{ou}.le")
    with champ(ou):
        return Provenance(source=source, le=le)


# --- CSV ------------------------------------------------------------------------------------------


def lire_personne_csv(colonnes: Mapping[str, str]) -> FichePersonne | None:
    """The person of a CSV record (None when none of ``COLONNES_PERSONNE`` is filled in)."""
    cellules = {nom.strip(): (valeur or "").strip() for nom, valeur in colonnes.items() if nom}
    donnees = {nom: cellules[nom] for nom in COLONNES_PERSONNE if cellules.get(nom)}
    if not donnees:
        return None
    source = membre(SourceDonnee, cellules.get("source") or None, "source (de la personne)")
    provenance = Provenance(source=source, le=jour(cellules.get("collecte_le") or None, "collecte_le (de la personne)"))
    for requise in ("nom_naissance", "prenoms", "date_naissance"):
        if requise not in donnees:
            raise ValeurInvalide(f"{requise} : requis dès qu'une colonne de la personne est remplie")
    naissance = jour(donnees["date_naissance"], "date_naissance")
    with _colonne():
        identite = Identite(
            nom_naissance=donnees["nom_naissance"],
            prenoms=tuple(donnees["prenoms"].split()),
            date_naissance=naissance,
            provenance=provenance,
            nom_usage=donnees.get("nom_usage"),
            sexe=donnees.get("sexe"),
        )
    identifiants = []
    for colonne, nature in COLONNES_IDENTIFIANTS.items():
        if colonne in donnees:
            with _colonne(colonne):
                identifiants.append(Identifiant(nature=nature, valeur=donnees[colonne], provenance=provenance))
    return FichePersonne(identite=identite, identifiants=tuple(identifiants), contact=_contact_csv(donnees, provenance))


def _contact_csv(donnees: Mapping[str, str], provenance: Provenance) -> Contact | None:
    adresse = None
    if {"adresse", "code_postal", "commune", "code_insee"} & set(donnees):
        for requise in ("code_postal", "commune", "code_insee"):
            if requise not in donnees:
                raise ValeurInvalide(f"{requise} : requis dès qu'une colonne de l'adresse est remplie")
        with _colonne():
            lignes = (donnees["adresse"],) if "adresse" in donnees else ()
            adresse = Adresse(lignes, donnees["code_postal"], donnees["commune"], donnees["code_insee"])
    if adresse is None and not {"courriel", "telephone"} & set(donnees):
        return None
    with _colonne():
        return Contact(provenance, donnees.get("courriel"), donnees.get("telephone"), adresse)


@contextmanager
def _colonne(nom: str | None = None) -> Iterator[None]:
    """A domain refusal renamed after its CSV column (``nom``, else the domain field's last part)."""
    try:
        yield
    except ValeurInvalide as erreur:
        champ_du_domaine, _, raison = str(erreur).partition(" : ")
        feuille = champ_du_domaine.rpartition(".")[2].removesuffix("[]")
        raise ValeurInvalide(f"{nom or _COLONNE_DU_CHAMP.get(feuille, feuille)} : {raison}") from None


# --- shared readers -------------------------------------------------------------------------------


def _objet(brut: Any, connus: frozenset[str], ou: str) -> None:
    if not isinstance(brut, Mapping):
        raise ValeurInvalide(f"{ou} : objet attendu")
    inconnus = sorted(set(brut) - connus)
    if inconnus:
        raise ValeurInvalide(
            f"{ou} : champ(s) inconnu(s) : {', '.join(inconnus)} (attendus : {', '.join(sorted(connus))})"
        )


def _textes(brut: Any, ou: str, *, vide: bool = False) -> tuple[str, ...]:
    if not isinstance(brut, list) or not all(isinstance(t, str) for t in brut) or not (brut or vide):
        raise ValeurInvalide(f"{ou} : liste de textes attendue")
    return tuple(brut)


def membre(enum: type[E], valeur: Any, ou: str) -> E:
    """The member of ``enum`` a file writes as ``valeur``; a refusal names the field ``ou`` and lists the
    values allowed."""
    try:
        return enum(valeur)
    except ValueError:
        permises = ", ".join(str(membre.value) for membre in enum)
        recu = "absent" if valeur is None else f"« {valeur} » inconnu"
        raise ValeurInvalide(f"{ou} : {recu} (valeurs : {permises})") from None


def jour(texte: Any, ou: str) -> date:
    """The day a file writes as ``AAAA-MM-JJ``; a refusal names the field ``ou``."""
    if isinstance(texte, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", texte):
        try:
            return date.fromisoformat(texte)
        except ValueError:
            pass
    recu = "absente" if texte is None else f"reçu « {texte} »"
    raise ValeurInvalide(f"{ou} : date AAAA-MM-JJ attendue, {recu}")
