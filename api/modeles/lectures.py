"""What the read endpoints show: the dossier as the aggregate holds it, and the history with envelopes."""

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from api.modeles.personnes import PersonneNommee
from api.modeles.valeurs import ContratModele, InscriptionModele, OrientationModele, ReferentModele, SanctionModele
from domain.competence import Lecture
from domain.parcours import Parcours
from domain.vocabulaire import IssueRecours, Organisme, SourceDonnee, Statut, TypeAuteur, TypeAutorite, TypeRecours
from projections.publication import publier

# Examples: one parcours in Paris, from its inscription to a radiation (DOMAIN.md §2). FastAPI leaves
# null values out of the OpenAPI document, so every nullable field shown here has a value.
EXEMPLE_SUSPENSION: dict[str, JsonValue] = {
    "niveau": "niveau_1",
    "nature": "suspension",
    "allocation": "ARE",
    "taux": "30",
    "duree_mois": 1,
}
EXEMPLE_SUPPRESSION: dict[str, JsonValue] = {
    "niveau": "niveau_2",
    "nature": "suppression",
    "allocation": "ARE",
    "taux": "100",
    "duree_mois": 4,
}
EXEMPLE_RECOURS: dict[str, JsonValue] = {
    "id": "d05c8e3a6b2f4917a8c4e1b9f37a2d60",
    "type": "mediation_prealable",
    "recu_le": "2025-08-01",
    "hors_delai": False,
    "issue": "rejet",
}
EXEMPLE_PROCEDURE: dict[str, JsonValue] = {
    "id": "b7e41d2c9a5f4c08a3e6d1f290c4b857",
    "manquements": ["3f2a9c4e8b1d4f6a9e0c7b5d2a1f8e36"],
    "sanction_envisagee": EXEMPLE_SUSPENSION,
    "ouverte_le": "2025-06-27",
    "recue_le": "2025-07-01",
    "date_limite": "2025-07-11",
    "observations_recues": True,
    "close_sans_sanction": False,
    "sanction": EXEMPLE_SUSPENSION,
    "notifiee_le": "2025-07-16",
    "date_limite_recours": "2025-09-16",
    "sanction_annulee": False,
    "suspension_levee": False,
    "recours": [EXEMPLE_RECOURS],
}
EXEMPLE_RADIATION: dict[str, JsonValue] = {
    "procedure_id": "c3d8f1a27e9b4d5c8f0a6e2b4d7c9a13",
    "du": "2025-08-19",
    "jusqu_au": "2025-12-19",
}
EXEMPLE_DOSSIER: dict[str, JsonValue] = {
    "id": "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10",
    "version": 22,
    "statut": "sorti",
    "inscription": {"motif": "demande", "canal": "en_ligne", "territoire": {"departement": "75", "bassin": "Paris"}},
    "organisme_responsable": "FRANCE_TRAVAIL",
    "orientation": {"type_parcours": "EMPLOI", "organisme": "FRANCE_TRAVAIL", "structure": "FT-75-012"},
    "orientation_notifiee": True,
    "referent": {"id": "agent-42", "organisme": "FRANCE_TRAVAIL", "structure": "FT-75-012"},
    "diagnostics": 1,
    "contrat": {
        "organisme": "FRANCE_TRAVAIL",
        "referent": "agent-42",
        "objectifs": ["Retrouver un emploi de cariste"],
        "actions": [
            {"libelle": "Atelier CV", "echeance": "2025-07-01"},
            {"libelle": "Formation CACES R489 catégorie 3", "echeance": "2025-09-30"},
        ],
        "heures_hebdo": 15,
    },
    "versions_contrat": 1,
    "droits_devoirs_informes": True,
    "procedures": [
        EXEMPLE_PROCEDURE,
        {
            "id": "c3d8f1a27e9b4d5c8f0a6e2b4d7c9a13",
            "manquements": ["5e8c1b7a3d9f4e20b6a4c2d8f1e07b95"],
            "sanction_envisagee": EXEMPLE_SUPPRESSION,
            "ouverte_le": "2025-07-31",
            "recue_le": "2025-08-04",
            "date_limite": "2025-08-14",
            "observations_recues": False,
            "close_sans_sanction": False,
            "sanction": EXEMPLE_SUPPRESSION,
            "notifiee_le": "2025-08-19",
            "date_limite_recours": "2025-10-19",
            "sanction_annulee": False,
            "suspension_levee": False,
            "recours": [],
        },
    ],
    "radiation": EXEMPLE_RADIATION,
}
EXEMPLE_CONSEILLERE: dict[str, JsonValue] = {
    "type": "conseiller",
    "id": "agent-42",
    "organisme": "FT-75-012",
    "role": "conseiller",
}
EXEMPLE_AUTORITE: dict[str, JsonValue] = {"type": "FRANCE_TRAVAIL", "id": "FT-DR-IDF"}
EXEMPLE_REFERENTIEL: dict[str, JsonValue] = {
    "id": "orientation",
    "version": "2025.1",
    "empreinte": "sha256:ee35e87937090966769039c4b2f16a04e41d477fbe6e3d0486ecefbd01c9af0d",
    "regles": ["R04"],
}
EXEMPLE_FONDEMENT: dict[str, JsonValue] = {
    "articles": ["CT L.5411-5-1 III", "CRPA L.311-3-1", "arrêté du 21/11/2024"],
    "referentiel": EXEMPLE_REFERENTIEL,
}
EXEMPLE_CRITERE: dict[str, JsonValue] = {
    "nom": "activite_recente_24_mois",
    "valeur": True,
    "source": "declaration",
    "collecte_le": "2025-05-20",
    "sensible": False,
}


class Vue(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class RecoursVue(Vue):
    """Un recours contre une sanction : sa voie, sa date de réception, s'il est hors délai, son issue."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_RECOURS]})

    id: str
    type: TypeRecours
    recu_le: date
    hors_delai: bool
    issue: IssueRecours | None


class ProcedureVue(Vue):
    """Une procédure de sanction : manquements, sanction envisagée puis décidée, délais, notification, recours."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_PROCEDURE]})

    id: str
    manquements: list[str]
    sanction_envisagee: SanctionModele
    ouverte_le: date
    recue_le: date | None
    date_limite: date | None = Field(description="Fin du délai d'observations (10 jours après réception).")
    observations_recues: bool
    close_sans_sanction: bool
    sanction: SanctionModele | None
    notifiee_le: date | None
    date_limite_recours: date | None
    sanction_annulee: bool
    suspension_levee: bool
    recours: list[RecoursVue]


class RadiationVue(Vue):
    """Une radiation en cours : la procédure qui l'a décidée, du, jusqu'au."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [EXEMPLE_RADIATION]},
    )

    procedure_id: str
    du: date
    jusqu_au: date


class ActionVue(Vue):
    """Une commande que l'état du parcours et votre rôle permettent maintenant (DESIGN §5)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "nom": "signer_contrat",
                    "methode": "POST",
                    "lien": "/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat",
                    "libelle": "Signer le contrat d'engagement",
                }
            ]
        },
    )

    nom: str = Field(description="Nom stable de la commande (celui de son opération).", examples=["signer_contrat"])
    methode: str = Field(examples=["POST"])
    lien: str = Field(examples=["/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat"])
    libelle: str = Field(examples=["Signer le contrat d'engagement"])


ACTIONS_DESCRIPTION = (
    "Les commandes que l'état du parcours et votre rôle permettent maintenant, jugées par les règles mêmes que "
    "les commandes appliquent (vide pour un état passé : `a_la_date`, `version`, `effectif_au`)."
)


class EtatVue(Vue):
    """Le parcours tel qu'il est (ou était, à la version ou à la date demandée), rejoué depuis ses événements."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_DOSSIER]})

    id: UUID
    version: int
    statut: Statut
    inscription: InscriptionModele
    organisme_responsable: Organisme
    orientation: OrientationModele | None
    orientation_notifiee: bool
    referent: ReferentModele | None
    diagnostics: int = Field(description="Nombre de versions du diagnostic.")
    contrat: ContratModele | None
    versions_contrat: int
    droits_devoirs_informes: bool
    procedures: list[ProcedureVue]
    radiation: RadiationVue | None
    actions: list[ActionVue] = Field(default_factory=list, description=ACTIONS_DESCRIPTION)
    masques: list[str] = Field(
        default_factory=list,
        description="Les champs vidés parce que votre rôle dans ce parcours n'en requiert pas la lecture "
        "(RGPD art. 5.1.c).",
        examples=[[]],
    )

    PARTIES: ClassVar[dict[str, tuple[Lecture, object]]] = {
        "contrat": (Lecture.CONTRAT, None),
        "procedures": (Lecture.PROCEDURES, []),
    }
    """The fields that belong to a part of the parcours, and what they read as when it is not read."""

    def restreint_a(self, lectures: frozenset[Lecture]) -> "EtatVue":
        caches = {champ: vide for champ, (lecture, vide) in self.PARTIES.items() if lecture not in lectures}
        return self.model_copy(update={**caches, "masques": sorted(caches)}) if caches else self


class AuteurVue(Vue):
    """Qui a accompli l'étape : son type, son identifiant, son organisme et son rôle, ses nom et qualité (CRPA
    L.212-1)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_CONSEILLERE]})

    type: TypeAuteur
    id: str
    organisme: str | None
    role: str | None
    nom: str | None = Field(
        default=None,
        description="Prénom et nom de l'agent ou de l'autorité qui a décidé (CRPA L.212-1), tels que son jeton les "
        "donne ; absent pour la personne, l'algorithme, le service, et dans les étapes enregistrées avant.",
        examples=["Marie Dupont"],
    )
    qualite: str | None = Field(
        default=None,
        description="Sa qualité (CRPA L.212-1).",
        examples=["conseillère en insertion professionnelle"],
    )


class AutoriteVue(Vue):
    """L'autorité au nom de laquelle la décision est prise."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_AUTORITE]})

    type: TypeAutorite
    id: str


class ReferentielVue(Vue):
    """La version du référentiel d'orientation appliquée, son empreinte et les règles qui ont joué."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_REFERENTIEL]})

    id: str
    version: str
    empreinte: str
    regles: list[str]


class FondementVue(Vue):
    """Le fondement juridique de la décision : les articles, et la version du référentiel appliquée."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_FONDEMENT]})

    articles: list[str]
    referentiel: ReferentielVue | None


class CritereVue(Vue):
    """Une donnée sur laquelle la décision s'est fondée, sa valeur, sa source et sa date de collecte."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXEMPLE_CRITERE]})

    nom: str
    valeur: JsonValue
    source: SourceDonnee
    collecte_le: date
    sensible: bool


class DossierVue(PersonneNommee, Vue):
    """Le dossier depuis la vue dossier : ce qu'un écran montre en tête d'un parcours."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "parcours_id": "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10",
                    "version": 6,
                    "statut": "en_cours",
                    "departement": "75",
                    "motif_inscription": "demande",
                    "organisme": "FRANCE_TRAVAIL",
                    "type_parcours": "EMPLOI",
                    "referent": "agent-42",
                    "orientation_notifiee_le": "2025-06-03",
                    "date_limite_contrat": None,
                    "contrat_version": 1,
                    "heures_hebdo": 15,
                    "procedures_en_cours": [],
                    "radie_jusqu_au": None,
                    "radiation_procedure": None,
                    "dernier_evenement": Parcours.ContratSigne.__name__,
                    "modifie_le": "2025-06-10T08:00:00+00:00",
                    "actions": [
                        {
                            "nom": "mettre_a_jour_contrat",
                            "methode": "POST",
                            "lien": "/parcours/6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10/contrat/mise-a-jour",
                            "libelle": "Mettre à jour le contrat d'engagement",
                        }
                    ],
                }
            ]
        },
    )

    parcours_id: str
    version: int
    statut: str
    departement: str
    motif_inscription: str
    organisme: str = Field(description="L'organisme en charge : référent une fois orienté, sinon celui qui oriente.")
    type_parcours: str | None = None
    referent: str | None = None
    orientation_notifiee_le: date | None = None
    date_limite_contrat: date | None = Field(
        default=None, description="Contrat à signer au plus tard ce jour (levée à la signature)."
    )
    contrat_version: int | None = None
    heures_hebdo: int | None = None
    procedures_en_cours: list[str]
    radie_jusqu_au: date | None = None
    radiation_procedure: str | None = None
    dernier_evenement: str
    modifie_le: datetime | None = None
    actions: list[ActionVue] = Field(default_factory=list, description=ACTIONS_DESCRIPTION)


class LigneJournalVue(PersonneNommee, Vue):
    """Une ligne de la chronologie, en clair, avec qui a décidé et sur quel fondement."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "parcours_id": "6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10",
                    "version": 8,
                    "type": Parcours.SanctionDecidee.__name__,
                    "texte": "Sanction décidée par France Travail : suspension de 30 % pendant 1 mois sur l'ARE",
                    "auteur_type": "autorite",
                    "auteur_id": "dr-idf",
                    "auteur_organisme": "FRANCE_TRAVAIL",
                    "autorite": "FRANCE_TRAVAIL FT-DR-IDF",
                    "fondement": ["CT R.5412-8", "décret 2025-478"],
                    "criteres": [],
                    "motif": "Absences répétées sans justification",
                    "effective_le": "2025-07-15T10:00:00+02:00",
                    "enregistre_le": "2025-07-15T08:02:11+00:00",
                }
            ]
        },
    )

    parcours_id: str
    version: int
    type: str
    texte: str
    auteur_type: str | None
    auteur_id: str | None
    auteur_organisme: str | None
    autorite: str | None
    fondement: list[str]
    criteres: list[str]
    motif: str | None
    effective_le: datetime
    enregistre_le: datetime
    masque: bool = Field(
        default=False,
        description="Contenu réservé : votre rôle dans ce parcours n'en requiert pas la lecture (RGPD art. 5.1.c). "
        "Restent le type, les dates, l'auteur et le fondement.",
        examples=[False],
    )

    def sans_contenu(self) -> "LigneJournalVue":
        texte = "Contenu réservé aux organismes dont le rôle dans ce parcours en requiert la lecture."
        return self.model_copy(update={"texte": texte, "criteres": [], "motif": None, "masque": True})


class EvenementVue(BaseModel):
    """Un événement de l'historique avec l'enveloppe de sa décision : qui, sur quel fondement, quand (date
    d'effet et date d'enregistrement)."""

    # Examples per field: no single event has every nullable field set (an algorithm's proposal has no
    # authority, a sanction no referential), and the OpenAPI document cannot show null.

    version: int = Field(description="Position de l'événement dans le parcours.", examples=[2])
    type: str = Field(examples=[Parcours.OrientationProposee.__name__])
    enregistre_le: datetime = Field(
        description="Date d'enregistrement (temps du système).", examples=["2025-05-20T07:15:03.162000Z"]
    )
    effective_le: datetime = Field(description="Date d'effet (temps métier).", examples=["2025-05-20T07:15:03.162000Z"])
    auteur: AuteurVue = Field(
        examples=[
            {"type": "algorithme", "id": "orientation@2025.1", "organisme": "FRANCE_TRAVAIL", "role": "algorithme"}
        ]
    )
    autorite: AutoriteVue | None = Field(
        description="L'autorité compétente, quand l'étape est une décision de sanction ou de recours.",
        examples=[EXEMPLE_AUTORITE],
    )
    fondement: FondementVue = Field(examples=[EXEMPLE_FONDEMENT])
    criteres: list[CritereVue] = Field(
        examples=[
            [
                EXEMPLE_CRITERE,
                {"nom": "age", "valeur": 34, "source": "declaration", "collecte_le": "2025-05-20", "sensible": False},
            ]
        ]
    )
    motif: str | None = Field(examples=["Proposition calculée à l'inscription"])
    donnees: dict[str, JsonValue] = Field(
        description="Les champs propres à l'événement.",
        examples=[
            {
                "proposition": {
                    "referentiel": EXEMPLE_REFERENTIEL,
                    "regle": "R04",
                    "orientation": {"type_parcours": "EMPLOI", "organisme": "FRANCE_TRAVAIL"},
                    "trace": [
                        {"regle": "R01", "declenchee": False, "explication": "pas bénéficiaire du RSA"},
                        {"regle": "R02", "declenchee": False, "explication": "26 ans ou plus"},
                        {"regle": "R03", "declenchee": False, "explication": "pas de BOE"},
                        {
                            "regle": "R04",
                            "declenchee": True,
                            "explication": "activité récente, projet clair, aucun frein",
                        },
                    ],
                }
            }
        ],
    )

    masque: bool = Field(
        default=False,
        description="Contenu réservé : votre rôle dans ce parcours n'en requiert pas la lecture (RGPD art. 5.1.c). "
        "Restent le type, les dates, l'auteur et le fondement.",
        examples=[False],
    )

    @classmethod
    def depuis(cls, evenement: Any, masque: bool = False) -> "EvenementVue":
        """The event as published (``projections.publication``); ``masque``: without its content."""
        return cls.model_validate(publier(evenement, masque))
