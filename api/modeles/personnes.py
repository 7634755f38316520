"""The bodies of the commands on a person and what the person routes answer (issue 18)."""

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.modeles.commun import Contexte, exemples
from api.modeles.personne import ContactModele, IdentifiantModele, IdentiteModele, ProvenanceModele, RepresentantModele
from domain.identite import NatureIdentifiant
from domain.vocabulaire import FondementEffacement

PERSONNE_ID = "0b8f2a4e-6c1d-4e3a-9f5b-7d2c1e0a9b84"
PARCOURS_ID = "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10"
PROVENANCE = {"source": "conseiller", "le": "2025-06-03"}


class IdentifiantLu(BaseModel):
    """Un identifiant de la personne : sa nature, sa valeur, l'organisme qui l'a attribué."""

    model_config = exemples({"nature": "nir", "valeur": "290047511200063", "organisme": None})

    nature: NatureIdentifiant
    valeur: str
    organisme: str | None = None


class PersonneLue(BaseModel):
    """La fiche d'une personne, telle qu'elle est enregistrée ; vide une fois ses données effacées."""

    model_config = exemples(
        {
            "personne_id": PERSONNE_ID,
            "version": 3,
            "nom_affiche": "LEFÈVRE Amélie",
            "identite": {
                "nom_naissance": "Lefèvre",
                "prenoms": ["Amélie"],
                "date_naissance": "1990-04-12",
                "provenance": {"source": "declaration", "le": "2025-06-01"},
                "nom_usage": None,
                "sexe": "F",
            },
            "identifiants": [{"nature": "nir", "valeur": "290047511200063", "organisme": None}],
            "contact": None,
            "representant": None,
            "parcours": [PARCOURS_ID],
            "doublons_a_examiner": [],
            "fusionnee_dans": None,
            "effacee": False,
        }
    )

    personne_id: UUID
    version: int
    nom_affiche: str | None = None
    identite: dict[str, Any] | None = None
    identifiants: list[IdentifiantLu]
    contact: dict[str, Any] | None = None
    representant: dict[str, Any] | None = None
    parcours: list[UUID]
    doublons_a_examiner: list[UUID]
    fusionnee_dans: UUID | None = None
    effacee: bool


class PersonneTrouveeLue(BaseModel):
    """Une personne trouvée : de quoi la reconnaître, et ses parcours."""

    model_config = exemples(
        {
            "personne_id": PERSONNE_ID,
            "nom_affiche": "LEFÈVRE Amélie",
            "date_naissance": "1990-04-12",
            "code_insee": "75112",
            "parcours_id": PARCOURS_ID,
        }
    )

    personne_id: UUID
    nom_affiche: str
    date_naissance: date | None = None
    code_insee: str | None = None
    parcours_id: UUID | None = None


class PagePersonnesLue(BaseModel):
    """Une page de personnes trouvées, et s'il y en a d'autres."""

    model_config = exemples(
        {
            "resultats": [
                {
                    "personne_id": PERSONNE_ID,
                    "nom_affiche": "LEFÈVRE Amélie",
                    "date_naissance": "1990-04-12",
                    "code_insee": "75112",
                    "parcours_id": PARCOURS_ID,
                }
            ],
            "suite": None,
        }
    )

    resultats: list[PersonneTrouveeLue]
    suite: str | None = Field(
        default=None, description="Curseur de la page suivante (paramètre « apres »), absent à la fin."
    )


class PersonneModifieeLue(BaseModel):
    """La commande est enregistrée : la nouvelle version de la fiche et la position à attendre."""

    model_config = exemples({"personne_id": PERSONNE_ID, "version": 4, "position": 2048})

    personne_id: UUID
    version: int
    position: int | None = None


class CorrigerIdentite(Contexte):
    """Le corps de `corriger_identite` : l'identité corrigée sur pièce, et sa provenance."""

    model_config = exemples(
        {
            "provenance": PROVENANCE,
            "identite": {"nom_naissance": "Lefebvre", "prenoms": ["Amélie"], "date_naissance": "1990-04-12"},
            "motif": "Acte de naissance présenté à l'accueil",
        }
    )

    provenance: ProvenanceModele
    identite: IdentiteModele


class AjouterIdentifiant(Contexte):
    """Le corps de `ajouter_identifiant` : l'identifiant à ajouter à la fiche, et sa provenance."""

    model_config = exemples(
        {"provenance": PROVENANCE, "identifiant": {"nature": "caf", "valeur": "1234567"}, "motif": "Attestation CAF"}
    )

    provenance: ProvenanceModele
    identifiant: IdentifiantModele


class ChangerContact(Contexte):
    """Le corps de `changer_contact` : les nouvelles coordonnées de la personne, et leur provenance."""

    model_config = exemples(
        {
            "provenance": PROVENANCE,
            "contact": {
                "courriel": "amelie.lefevre@example.org",
                "adresse": {
                    "lignes": ["12 rue des Lilas"],
                    "code_postal": "75012",
                    "commune": "Paris",
                    "code_insee": "75112",
                },
            },
        }
    )

    provenance: ProvenanceModele
    contact: ContactModele


class DesignerRepresentant(Contexte):
    """Le corps de `designer_representant` : le représentant légal, et sa provenance."""

    model_config = exemples(
        {
            "provenance": PROVENANCE,
            "representant": {
                "nom": "Lefèvre",
                "prenoms": ["Paul"],
                "qualite": "parent",
                "contact": {"telephone": "01 23 45 67 89"},
            },
            "motif": "Personne mineure : avis adressés à son père",
        }
    )

    provenance: ProvenanceModele
    representant: RepresentantModele


class Fusionner(Contexte):
    """Le corps de `fusionner` : la fiche dans laquelle celle-ci est fusionnée."""

    model_config = exemples({"dans": PERSONNE_ID, "motif": "Même personne : deux NIR, l'un provisoire"})

    dans: UUID = Field(description="La fiche gardée : celle-ci y renvoie désormais.")


class PersonneNommee(BaseModel):
    """The person a dossier, a timeline line or a worklist entry is about, for whoever may see it."""

    personne_id: UUID | None = Field(
        default=None,
        description="La personne du parcours ; absente pour un parcours inscrit avant l'enregistrement des personnes.",
        examples=[PERSONNE_ID],
    )
    nom_affiche: str | None = Field(
        default=None,
        description="Nom d'usage (ou de naissance) en capitales, puis prénoms ; absent une fois les données de la "
        "personne effacées.",
        examples=["LEFÈVRE Amélie"],
    )


class Effacer(Contexte):
    """Le corps de `effacer` : sur quel fondement les données personnelles sont effacées."""

    model_config = exemples(
        {"au_titre_de": "demande_fondee", "motif": "Demande d'effacement du 2 mars jugée fondée (RGPD art. 17)"}
    )

    au_titre_de: FondementEffacement
    """The basis of the erasure (``fondement`` is the step's extra legal articles, as on every command)."""


class EffacementLu(BaseModel):
    """L'effacement est enregistré : la version de la fiche, la position à attendre, le fondement et les clés
    effacées."""

    model_config = exemples(
        {
            "personne_id": "0b8f2a4e-6c1d-4e3a-9f5b-7d2c1e0a9b84",
            "version": 5,
            "position": 812,
            "fondement": "demande_fondee",
            "cles_effacees": 2,
        }
    )

    personne_id: str
    version: int
    position: int | None
    fondement: FondementEffacement
    cles_effacees: int
