"""What every command body carries beside its content, and what every command answers."""

from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.modeles.bornes import Entier, Identifiant, Instant, Jour, Libelle, TexteLibre
from application.orientation import DONNEES_MAXIMUM, NOM_DE_DONNEE, NOM_DE_DONNEE_LONGUEUR_MAX, Donnee
from application.principal import Principal
from application.saisie import Saisie
from domain.decision import Critere
from domain.vocabulaire import SourceDonnee


def exemples(*cas: dict[str, Any]) -> ConfigDict:
    """A model's examples for the OpenAPI; the rest of its configuration is inherited (extra fields
    stay forbidden)."""
    return ConfigDict(json_schema_extra={"examples": list(cas)})


class CritereModele(BaseModel):
    """Une donnée de la décision, sa valeur, sa source et sa date de collecte ; les données sensibles (santé,
    handicap) sont signalées : aucune décision fondée sur un traitement automatisé seul ne peut s'en servir."""

    model_config = ConfigDict(extra="forbid")

    nom: Identifiant = Field(examples=["freins.mobilite"])
    valeur: StrictBool | Entier | Libelle | None = Field(examples=["moyen"])
    source: SourceDonnee = Field(examples=[SourceDonnee.DECLARATION])
    collecte_le: Jour = Field(examples=["2025-06-02"])
    sensible: bool = Field(default=False, examples=[False])

    def vers_domaine(self) -> Critere:
        return Critere(
            nom=self.nom, valeur=self.valeur, source=self.source, collecte_le=self.collecte_le, sensible=self.sensible
        )


class DonneeOrientation(BaseModel):
    """Une donnée donnée à l'algorithme d'orientation, nommée comme dans le catalogue publié (`GET
    /referentiels/orientation/{version}`) ; la clé d'une table se lit `freins.sante`. Son caractère sensible
    vient du catalogue, jamais de l'appelant."""

    model_config = ConfigDict(extra="forbid")

    nom: str = Field(pattern=f"^{NOM_DE_DONNEE}$", max_length=NOM_DE_DONNEE_LONGUEUR_MAX, examples=["freins.mobilite"])
    valeur: StrictBool | Entier | Identifiant = Field(examples=["moyen"])
    source: SourceDonnee = Field(examples=[SourceDonnee.DECLARATION])
    collecte_le: Jour = Field(examples=["2025-06-01"])

    def vers_application(self) -> Donnee:
        return Donnee(nom=self.nom, valeur=self.valeur, source=self.source, collecte_le=self.collecte_le)


DonneesOrientation = Annotated[
    list[DonneeOrientation],
    Field(
        max_length=DONNEES_MAXIMUM,
        description="Les données de la personne pour l'algorithme d'orientation : il propose aussitôt, avec la "
        "version du référentiel en vigueur à la date d'effet.",
    ),
]


class Contexte(BaseModel):
    """Ce que l'appelant dit de l'étape : motif, date d'effet (temps métier), fondement juridique
    complémentaire, critères. Qui agit vient du jeton, jamais du corps."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "motif": "Orientation notifiée dans l'espace personnel de la personne",
                    "effective_le": "2025-06-03T10:00:00+02:00",
                    "fondement": [],
                },
                {
                    "motif": "Observations écrites : absences du 17 et du 19 juin dues à des entretiens d'embauche",
                    "effective_le": "2025-07-08T16:20:00+02:00",
                    "fondement": ["CRPA L.122-1"],
                },
            ]
        },
    )

    motif: TexteLibre | None = Field(
        default=None,
        description="Le motif, en clair. Requis pour une décision défavorable (sanction, radiation, refus de "
        "réorientation, décision sur recours qui maintient une sanction), qui énonce ici les faits sur lesquels "
        "elle repose (CRPA, art. L.211-2 et L.211-5).",
        examples=["Freins de santé"],
    )
    effective_le: Instant | None = Field(
        default=None,
        description="Date et heure d'effet (temps métier), avec fuseau, entre 1900 et 2199 ; par défaut, maintenant.",
        examples=["2025-06-02T10:00:00+02:00"],
    )
    fondement: list[Libelle] = Field(
        default_factory=list,
        max_length=20,
        description="Articles invoqués en plus de ceux de l'étape elle-même.",
        examples=[["CT L.5411-6"]],
    )

    criteres: list[CritereModele] = Field(
        default_factory=list,
        max_length=50,
        description="Les données sur lesquelles la décision s'appuie, avec leur source (CRPA R.311-3-1-2).",
    )

    def saisie(self, principal: Principal, version_attendue: int | None) -> Saisie:
        """What the caller enters, with who it is (from its token) and the version it read (``If-Match``)."""
        return Saisie(
            principal=principal,
            version_attendue=version_attendue,
            motif=self.motif,
            effective_le=self.effective_le,
            articles=tuple(self.fondement),
            criteres=tuple(c.vers_domaine() for c in self.criteres),
        )


class CommandeAcceptee(BaseModel):
    """La commande est enregistrée (ou l'était déjà : rien de nouveau) : la version du parcours et la position à
    attendre pour lire ses effets."""

    parcours_id: UUID = Field(examples=["6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10"])
    version: int = Field(description="Version du parcours après la commande (aussi dans l'en-tête ETag).", examples=[4])
    position: int | None = Field(
        description="Position dans le journal des événements, à attendre côté lecture.", examples=[1024]
    )
    personne_id: UUID | None = Field(
        default=None,
        description="La personne du parcours, pour une inscription qui la nomme.",
        examples=["0b8f2a4e-6c1d-4e3a-9f5b-7d2c1e0a9b84"],
    )
