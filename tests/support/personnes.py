"""Persons for the tests: synthetic identities whose NIRs are valid but fake (order number 000)."""

from datetime import date

from domain.identite import (
    Contact,
    FichePersonne,
    Identifiant,
    Identite,
    NatureIdentifiant,
    Provenance,
    QualiteRepresentant,
    RepresentantLegal,
)
from domain.nir import cle_nir
from domain.vocabulaire import SourceDonnee

DECLAREE = Provenance(SourceDonnee.DECLARATION, date(2025, 6, 1))


def nir(sexe: int = 2, naissance: date = date(1990, 4, 12), departement: str = "75", commune: str = "112") -> str:
    """A NIR with a valid key, never issued (order 000): sexe, year, month, département, commune."""
    corps = f"{sexe}{naissance.year % 100:02d}{naissance.month:02d}{departement}{commune}000"
    return f"{corps}{cle_nir(corps):02d}"


def identite(nom: str = "Lefèvre", prenom: str = "Amélie", naissance: date = date(1990, 4, 12)) -> Identite:
    return Identite(nom_naissance=nom, prenoms=(prenom,), date_naissance=naissance, provenance=DECLAREE, sexe="F")


def fiche(
    nom: str = "Lefèvre",
    prenom: str = "Amélie",
    naissance: date = date(1990, 4, 12),
    avec_nir: str | None = "auto",
    *autres: Identifiant,
    representant: RepresentantLegal | None = None,
) -> FichePersonne:
    identifiants = [*autres]
    if avec_nir is not None:
        valeur = nir(naissance=naissance) if avec_nir == "auto" else avec_nir
        identifiants.insert(0, Identifiant(NatureIdentifiant.NIR, valeur, DECLAREE))
    contact = Contact(DECLAREE, courriel="amelie.lefevre@example.org")
    return FichePersonne(identite(nom, prenom, naissance), tuple(identifiants), contact, representant)


def caf(numero: str = "1234567") -> Identifiant:
    return Identifiant(NatureIdentifiant.CAF, numero, DECLAREE)


def representant(nom: str = "Lefèvre", prenom: str = "Paul") -> RepresentantLegal:
    return RepresentantLegal(
        nom=nom,
        prenoms=(prenom,),
        qualite=QualiteRepresentant.PARENT,
        contact=Contact(DECLAREE, telephone="01 23 45 67 89"),
        provenance=DECLAREE,
    )
