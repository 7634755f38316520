"""The litigation export's JSON bundle (``parcours-export/2``), as the OpenAPI describes it.

``infrastructure/export.py`` builds the bundle as plain JSON, hashed and signed as it is; these models only
publish its shape (``GET /parcours/{parcours_id}/export``, docs/audit.md), they never re-serialise it.
``tests/api/test_openapi.py`` checks that an export validates against them.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, JsonValue

from api.modeles.lectures import AuteurVue, AutoriteVue, CritereVue, FondementVue
from domain.vocabulaire import IssueRecours, TypeRecours


class JournalExporte(BaseModel):
    """Le checkpoint signé du journal de transparence auquel mènent toutes les preuves d'inclusion du dossier."""

    origine: str = Field(description="Le nom du journal.", examples=["parcours.exemple.fr/journal"])
    taille: int = Field(description="Le nombre de feuilles du journal à ce checkpoint.", examples=[1200])
    racine: str = Field(
        description="La racine de l'arbre (base64).", examples=["q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9m0z1x="]
    )
    checkpoint: str = Field(
        description="La note signée C2SP du checkpoint, suivie des lignes `cosignature/v1` de ses témoins.",
        examples=["parcours.exemple.fr/journal\n1200\nq1w2…=\n\n— parcours.exemple.fr/journal Zm9v…\n"],
    )


class StockageExporte(BaseModel):
    """Les octets de l'événement tels que le magasin les tient."""

    topic: str = Field(examples=["parcours:OrientationNotifiee"])
    etat: str = Field(description="Les octets stockés, en base64.", examples=["eyJkZWNpc2lvbiI6IHt9fQ=="])


class FeuilleExportee(BaseModel):
    """La feuille de l'événement dans le journal de transparence et sa preuve d'inclusion (RFC 9162)."""

    indice: int = Field(description="Le numéro de la feuille dans le journal.", examples=[402])
    hash: str = Field(description="Le hash de la feuille (base64).", examples=["bGVhZiBoYXNoIGV4ZW1wbGU="])
    preuve: list[str] = Field(description="La preuve d'inclusion : des hash en base64.", examples=[["aGFzaA=="]])


class EvenementExporte(BaseModel):
    """Un événement du dossier : son rendu lisible, déduit de ses seuls octets, ses octets et sa preuve."""

    version: int = Field(examples=[3])
    type: str = Field(examples=["OrientationNotifiee"])
    texte: str = Field(description="L'étape, en une phrase.", examples=["Orientation notifiée à la personne."])
    enregistre_le: datetime = Field(examples=["2025-06-03T09:12:00+00:00"])
    effective_le: datetime = Field(description="Date d'effet (temps métier).", examples=["2025-06-03T09:12:00+00:00"])
    auteur: AuteurVue
    autorite: AutoriteVue | None
    fondement: FondementVue
    motif: str | None = Field(examples=["Notification après l'entretien"])
    criteres: list[CritereVue]
    donnees: dict[str, JsonValue] = Field(description="Les champs propres à l'événement.", examples=[{}])
    rectifie_par: list[int] = Field(description="Les versions qui rectifient cet événement.", examples=[[]])
    rectifie: int | None = Field(description="La version que cet événement rectifie.", examples=[None])
    stockage: StockageExporte
    feuille: FeuilleExportee


class RecoursExporte(BaseModel):
    """Un recours contre la sanction, et son issue une fois tranché."""

    id: str = Field(examples=["r-1"])
    type: TypeRecours
    recu_le: date = Field(examples=["2025-08-01"])
    issue: IssueRecours | None


class ProcedureExportee(BaseModel):
    """Une procédure de sanction telle qu'elle se trouvait : délais, décision, notification, recours."""

    id: str = Field(examples=["s-1"])
    manquements: list[str] = Field(examples=[["m-1"]])
    ouverte_le: date = Field(examples=["2025-06-20"])
    recue_le: date | None = Field(examples=["2025-07-01"])
    date_limite: date | None = Field(description="Fin du délai d'observations.", examples=["2025-07-11"])
    sanction_envisagee: str = Field(examples=["suspension de 30 % pendant 1 mois envisagée sur l'ARE"])
    sanction: str | None = Field(examples=["suspension de 30 % pendant 1 mois décidée sur l'ARE"])
    sanction_en_vigueur: bool = Field(description="La sanction s'applique à la date du dossier.", examples=[True])
    close_sans_sanction: bool = Field(examples=[False])
    notifiee_le: date | None = Field(examples=["2025-07-16"])
    date_limite_recours: date | None = Field(examples=["2025-09-16"])
    recours: list[RecoursExporte]


class ExplicationExportee(BaseModel):
    """L'explication de l'orientation (CRPA R.311-3-1-2)."""

    texte: str = Field(examples=["Orientation vers le parcours emploi, France Travail."])


class ExportParcours(BaseModel):
    """Le dossier de preuve d'un parcours (`parcours-export/2`), vérifiable hors ligne avec la seule clé publique
    du journal : `parcours audit verifier-export FICHIER.json --cle-journal CLE` (docs/audit.md)."""

    format: Literal["parcours-export/2"] = Field(examples=["parcours-export/2"])
    parcours_id: UUID = Field(examples=["6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10"])
    a_la_date: datetime | None = Field(
        description="La date d'enregistrement à laquelle le dossier est connu (`null` : sa génération).",
        examples=["2025-09-01T00:00:00+00:00"],
    )
    genere_le: datetime = Field(examples=["2026-11-23T07:00:00+00:00"])
    journal: JournalExporte
    evenements: list[EvenementExporte] = Field(description="Les versions 1 à n, dans l'ordre.")
    procedures: list[ProcedureExportee]
    explication: ExplicationExportee | None
    attestation: str = Field(
        description="Une note C2SP signée par la clé du journal : quelles versions, à quelles feuilles, forment "
        "le dossier, et le hash de ses parties lisibles.",
        examples=["parcours-export/2\norigine parcours.exemple.fr/journal\n…\n\n— parcours.exemple.fr/journal Zm9v…\n"],
    )
    empreinte: str = Field(
        description="`sha256:` et le sha256 (hex) du JSON canonique de tous les autres champs.",
        pattern=r"^sha256:[0-9a-f]{64}$",
        examples=["sha256:" + "0" * 64],
    )
