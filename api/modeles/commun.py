"""What every command body carries beside its content, and what every command answers."""

from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from application.demande import Demande
from application.principal import Principal

Article = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Contexte(BaseModel):
    """The caller's words on the step: motive, business time, extra legal basis. Who acts comes
    from the token, never from here."""

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

    motif: str | None = Field(
        default=None, min_length=1, max_length=2000, description="Le motif, en clair.", examples=["Freins de santé"]
    )
    effective_le: AwareDatetime | None = Field(
        default=None,
        description="Date et heure d'effet (temps métier), avec fuseau ; par défaut, maintenant.",
        examples=["2025-06-02T10:00:00+02:00"],
    )
    fondement: list[Article] = Field(
        default_factory=list,
        max_length=20,
        description="Articles invoqués en plus de ceux de l'étape elle-même.",
        examples=[["CT L.5411-6"]],
    )

    def demande(self, principal: Principal, version_attendue: int | None) -> Demande:
        return Demande(
            principal=principal,
            version_attendue=version_attendue,
            motif=self.motif,
            effective_le=self.effective_le,
            articles=tuple(self.fondement),
        )


class CommandeAcceptee(BaseModel):
    """The command was recorded (or had already been: nothing new to record)."""

    parcours_id: UUID = Field(examples=["6f1c2a9e-3b7d-4c1e-9a0f-2d5e8b7c4a10"])
    version: int = Field(description="Version du parcours après la commande (aussi dans l'en-tête ETag).", examples=[4])
    position: int | None = Field(
        description="Position dans le journal des événements, à attendre côté lecture.", examples=[1024]
    )
