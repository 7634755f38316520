"""What the person reads in their own space (``/moi``), and the rectification requests and answers."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.modeles.bornes import TexteLibre
from api.modeles.commun import exemples

PARCOURS_ID = "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10"
PERSONNE_ID = "0b8f2a4e-6c1d-4e3a-9f5b-7d2c1e0a9b84"


class IdentiteMoi(BaseModel):
    """Votre identité."""

    nom_affiche: str = Field(examples=["LEFÈVRE Amélie"])
    nom_naissance: str = Field(examples=["Lefèvre"])
    nom_usage: str | None = Field(default=None, examples=[None])
    prenoms: list[str] = Field(examples=[["Amélie"]])
    date_naissance: date = Field(examples=["1990-04-12"])


class AdresseMoi(BaseModel):
    """Votre adresse postale."""

    lignes: list[str] = Field(examples=[["12 rue des Lilas"]])
    code_postal: str = Field(examples=["75012"])
    commune: str = Field(examples=["Paris"])


class ContactMoi(BaseModel):
    """Vos coordonnées."""

    courriel: str | None = Field(default=None, examples=["amelie.lefevre@example.org"])
    telephone: str | None = Field(default=None, examples=["06 12 34 56 78"])
    adresse: AdresseMoi | None = None


class RepresentantMoi(BaseModel):
    """Votre représentant légal."""

    nom_affiche: str = Field(examples=["LEFÈVRE Paul"])
    qualite: str = Field(description="Parent, tuteur, curateur…", examples=["parent"])
    mesure_protection: bool = Field(examples=[False])
    contact: ContactMoi


class MoiVue(BaseModel):
    """Ce que le service sait de vous : identité, coordonnées, représentant légal, vos parcours."""

    model_config = exemples(
        {
            "personne_id": PERSONNE_ID,
            "identite": {
                "nom_affiche": "LEFÈVRE Amélie",
                "nom_naissance": "Lefèvre",
                "nom_usage": None,
                "prenoms": ["Amélie"],
                "date_naissance": "1990-04-12",
            },
            "contact": {"courriel": "amelie.lefevre@example.org", "telephone": None, "adresse": None},
            "representant": None,
            "parcours": [PARCOURS_ID],
            "parcours_en_cours": PARCOURS_ID,
        }
    )

    personne_id: UUID
    identite: IdentiteMoi | None = Field(description="Absente une fois vos données effacées.")
    contact: ContactMoi | None = None
    representant: RepresentantMoi | None = None
    parcours: list[UUID] = Field(description="Vos parcours, le plus récent en dernier.")
    parcours_en_cours: UUID | None = Field(description="Le parcours que les autres lectures montrent par défaut.")


class TexteEnClair(BaseModel):
    """Un point de vos droits et devoirs, en clair, avec les articles qui le fondent."""

    model_config = exemples(
        {
            "titre": "Si un manquement vous est reproché",
            "texte": "Avant toute sanction, vous recevez un avis … Vous avez 10 jours pour présenter vos observations.",
            "fondement": ["CT R.5412-7", "décret 2025-478"],
        }
    )

    titre: str
    texte: str
    fondement: list[str]


class EcheanceMoi(BaseModel):
    """Ce qui vous attend, ou ce que vous attendez, et jusqu'à quand."""

    model_config = exemples(
        {
            "texte": "Signer votre contrat d'engagement avec votre conseiller.",
            "depuis": "2025-06-03",
            "echeance": "2025-07-03",
            "fondement": ["CT D.5411-14-1"],
        }
    )

    texte: str
    depuis: date
    echeance: date | None = Field(description="Absente quand la loi ne fixe pas de date.")
    fondement: list[str]


class ConsultationMoi(BaseModel):
    """Une ouverture de votre dossier par un agent : qui (organisme et rôle), quand, quoi et pourquoi."""

    model_config = exemples(
        {
            "organisme": "France Travail",
            "role": "un conseiller",
            "vue": "votre dossier",
            "motif": "Préparation de l'entretien",
            "consulte_le": "2025-06-03T09:12:00+00:00",
        }
    )

    organisme: str | None
    role: str
    vue: str
    motif: str | None
    consulte_le: datetime


class DemanderRectification(BaseModel):
    """Ce qui est inexact dans vos données, et la correction que vous demandez (RGPD art. 16)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "objet": "Mon nom de naissance est mal orthographié : « Lefevre ».",
                    "correction": "Lefèvre, avec un accent grave.",
                }
            ]
        },
    )

    objet: TexteLibre = Field(min_length=1, description="Ce qui est inexact ou incomplet.")
    correction: TexteLibre = Field(min_length=1, description="La correction demandée.")


class RepondreRectification(BaseModel):
    """La réponse d'un agent : acceptée (la correction suit par les commandes de la fiche) ou refusée, motivée."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"acceptee": True, "reponse": "Votre nom est corrigé d'après votre acte de naissance."},
                {"acceptee": False, "reponse": "Le nom enregistré est celui de votre pièce d'identité."},
            ]
        },
    )

    acceptee: StrictBool
    reponse: TexteLibre = Field(min_length=1, description="Ce qui sera corrigé, ou le motif du refus.")


class RectificationVue(BaseModel):
    """Une demande de rectification et sa réponse, si elle a été donnée."""

    model_config = exemples(
        {
            "numero": "1",
            "objet": "Mon nom de naissance est mal orthographié : « Lefevre ».",
            "correction": "Lefèvre, avec un accent grave.",
            "demandee_le": "2025-06-03",
            "reponse_due_le": "2025-07-03",
            "en_attente": False,
            "repondue_le": "2025-06-10",
            "acceptee": True,
            "reponse": "Votre nom est corrigé d'après votre acte de naissance.",
        }
    )

    numero: str
    objet: str
    correction: str | None
    demandee_le: date
    reponse_due_le: date = Field(description="Un mois après la demande (RGPD art. 12 §3).")
    en_attente: bool
    repondue_le: date | None = None
    acceptee: bool | None = None
    reponse: str | None = None


class RectificationDemandeeVue(BaseModel):
    """La demande est enregistrée : son numéro, la version de votre fiche et la position à attendre."""

    model_config = exemples({"numero": "1", "personne_id": PERSONNE_ID, "version": 4, "position": 2048})

    numero: str
    personne_id: UUID
    version: int
    position: int | None = None
