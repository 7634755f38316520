"""What the letters' tests share: a person and their representative, a letter to render, its text as read."""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from application.courriers import CourrierARediger
from domain.identite import Adresse, Contact, Identite, Provenance, QualiteRepresentant, RepresentantLegal
from domain.parametres import PARAMETRES_2025_1
from domain.vocabulaire import Destinataire, NatureCourrier, SourceDonnee
from tests.infrastructure.test_pdf import textes_des_pages

PROVENANCE = Provenance(SourceDonnee.DECLARATION, date(2025, 6, 1))
IDENTITE = Identite(
    nom_naissance="Lefèvre", prenoms=("Élise",), date_naissance=date(1990, 4, 12), provenance=PROVENANCE
)
ADRESSE = Adresse(lignes=("12 rue des Lilas",), code_postal="75011", commune="Paris", code_insee="75056")
CONTACT = Contact(provenance=PROVENANCE, courriel="elise.lefevre@example.org", adresse=ADRESSE)
MINEURE = Identite(nom_naissance="Martin", prenoms=("Léa",), date_naissance=date(2009, 3, 2), provenance=PROVENANCE)
REPRESENTANT = RepresentantLegal(
    nom="Martin",
    prenoms=("Paul",),
    qualite=QualiteRepresentant.PARENT,
    contact=Contact(
        provenance=PROVENANCE,
        courriel="paul.martin@example.org",
        adresse=Adresse(("3 place du Marché",), "93200", "Saint-Denis", "93066"),
    ),
    provenance=PROVENANCE,
)
EMIS_LE = datetime(2025, 7, 20, 8, 30, tzinfo=UTC)


def a_rediger(
    evenements: Sequence[Any],
    nature: NatureCourrier,
    version: int,
    destinataire: Destinataire = Destinataire.PERSONNE,
    identite: Identite | None = IDENTITE,
    representant: RepresentantLegal | None = None,
) -> CourrierARediger:
    """The letter notifying the step at ``version`` of ``evenements``, sent on ``EMIS_LE``."""
    return CourrierARediger(
        parcours_id=UUID("00000000-0000-4000-8000-000000000001"),
        nature=nature,
        version_rendue=version,
        evenements=tuple(evenements),
        destinataire=destinataire,
        identite=identite,
        contact=CONTACT,
        representant=representant,
        personne_version=1,
        date=EMIS_LE,
        parametres=PARAMETRES_2025_1,
    )


def texte(pdf: bytes) -> str:
    """The letter's text as a reader extracts it, pages joined."""
    return " ".join(textes_des_pages(pdf))
