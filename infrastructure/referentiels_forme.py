"""The shape of a published referential's files, validated before the domain reads them: unknown keys
refused, types and closed lists checked (``infrastructure/referentiels.py`` loads and verifies them)."""

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)

from domain.competence import Acte, Delegation
from domain.orientation import Orientation
from domain.referentiel import (
    Appartenance,
    Comparaison,
    Compte,
    Condition,
    Decideur,
    Entree,
    Non,
    Operateur,
    Referentiel,
    Regle,
    Sinon,
    Tous,
    TypeEntree,
    UnParmi,
)
from domain.referentiel.conditions import OPERATEURS
from domain.vocabulaire import Organisme, SourceDonnee, TypeAutorite, TypeParcours


class Forme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Code = Annotated[StrictStr, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
Texte = Annotated[StrictStr, Field(min_length=1)]
Fondement = Annotated[list[Texte], Field(min_length=1)]
"""The legal basis: at least one article or text."""
Valeur = StrictBool | StrictInt | StrictStr


class Registre(Forme):
    referentiel: Code
    versions: dict[StrictStr, Annotated[StrictStr, Field(pattern=r"^sha256:[0-9a-f]{64}$")]]


class EntreeCommune(Forme):
    type: TypeEntree
    libelle: Texte
    sources: Annotated[list[SourceDonnee], Field(min_length=1)]
    sensible: StrictBool = False

    def en_domaine(self, nom: str) -> Entree:
        return Entree(nom=nom, **self.model_dump())


class EntreeBooleenne(EntreeCommune):
    type: Literal["bool"]


class EntreeEntiere(EntreeCommune):
    type: Literal["int"]
    minimum: StrictInt | None = Field(default=None, alias="min")
    maximum: StrictInt | None = Field(default=None, alias="max")


class EntreeEnumeree(EntreeCommune):
    type: Literal["enum"]
    valeurs: Annotated[list[Code], Field(min_length=1)]
    libelles: dict[Code, StrictStr] = {}


class EntreeTable(EntreeCommune):
    type: Literal["map"]
    cles: Annotated[list[Code], Field(min_length=1)]
    valeurs: Annotated[list[Code], Field(min_length=1)]
    cles_sensibles: list[Code] = []
    libelles: dict[Code, StrictStr] = {}


FormeEntree = Annotated[EntreeBooleenne | EntreeEntiere | EntreeEnumeree | EntreeTable, Field(discriminator="type")]


class SiTous(Forme):
    tous: Annotated[list["FormeCondition"], Field(min_length=1)]

    def en_domaine(self) -> Condition:
        return Tous(tuple(partie.en_domaine() for partie in self.tous))


class SiUnParmi(Forme):
    un_parmi: Annotated[list["FormeCondition"], Field(min_length=1)]

    def en_domaine(self) -> Condition:
        return UnParmi(tuple(partie.en_domaine() for partie in self.un_parmi))


class SiNon(Forme):
    non: "FormeCondition"

    def en_domaine(self) -> Condition:
        return Non(self.non.en_domaine())


class SiSinon(Forme):
    sinon: Literal[True]

    def en_domaine(self) -> Condition:
        return Sinon()


class SiEntree(Forme):
    """``{entree: age, inferieur: 26}``: exactly one comparison, or ``dans: [...]``."""

    entree: Code
    egal: Valeur | None = None
    different: Valeur | None = None
    inferieur: StrictInt | None = None
    inferieur_ou_egal: StrictInt | None = None
    superieur: StrictInt | None = None
    superieur_ou_egal: StrictInt | None = None
    dans: Annotated[list[Valeur], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _une_seule_comparaison(self) -> Self:
        if len(self.model_fields_set - {"entree"}) != 1:
            raise ValueError(f"une seule comparaison attendue parmi {', '.join((*OPERATEURS, 'dans'))}")
        return self

    def en_domaine(self) -> Condition:
        if self.dans is not None:
            return Appartenance(self.entree, tuple(self.dans))
        operateur: Operateur = next(o for o in OPERATEURS if o in self.model_fields_set)
        return Comparaison(self.entree, operateur, getattr(self, operateur))


class SiCompte(Forme):
    """``{compte: freins, cles: [...], niveaux: [fort], au_moins: 1}`` (``cles`` absent: every key)."""

    compte: Code
    cles: list[Code] = []
    niveaux: Annotated[list[Code], Field(min_length=1)]
    au_moins: Annotated[StrictInt, Field(ge=0)] | None = None
    au_plus: Annotated[StrictInt, Field(ge=0)] | None = None

    def en_domaine(self) -> Condition:
        return Compte(self.compte, tuple(self.niveaux), tuple(self.cles), self.au_moins, self.au_plus)


GENRES_DE_CONDITION = ("tous", "un_parmi", "non", "sinon", "entree", "compte")


def _genre(donnees: Any) -> str | None:
    """Which kind of condition a mapping is, by its first known key."""
    if not isinstance(donnees, dict):
        return None
    return next((genre for genre in GENRES_DE_CONDITION if genre in donnees), None)


FormeCondition = Annotated[
    Annotated[SiTous, Tag("tous")]
    | Annotated[SiUnParmi, Tag("un_parmi")]
    | Annotated[SiNon, Tag("non")]
    | Annotated[SiSinon, Tag("sinon")]
    | Annotated[SiEntree, Tag("entree")]
    | Annotated[SiCompte, Tag("compte")],
    Discriminator(
        _genre,
        custom_error_type="condition_inconnue",
        custom_error_message=f"condition attendue : une clé parmi {', '.join(GENRES_DE_CONDITION)}",
    ),
]


class Orienter(Forme):
    type_parcours: TypeParcours
    organisme: Organisme


class Entretien(Forme):
    entretien_orientation: Literal[True]


def _issue(donnees: Any) -> str:
    return "entretien" if isinstance(donnees, dict) and "entretien_orientation" in donnees else "orienter"


FormeIssue = Annotated[
    Annotated[Orienter, Tag("orienter")] | Annotated[Entretien, Tag("entretien")], Discriminator(_issue)
]


class FormeDecideur(Forme):
    autorite: TypeAutorite
    libelle: Texte
    si: FormeCondition
    confirmation_automatique: StrictBool
    fondement: Fondement

    def en_domaine(self) -> Decideur:
        return Decideur(
            autorite=self.autorite,
            libelle=self.libelle,
            si=self.si.en_domaine(),
            confirmation_automatique=self.confirmation_automatique,
            fondement=tuple(self.fondement),
        )


class FormeRegle(Forme):
    id: Code
    libelle: Texte
    si: FormeCondition
    alors: FormeIssue
    validation_humaine: StrictBool
    fondement: Fondement

    def en_domaine(self) -> Regle:
        orientation = None
        if isinstance(self.alors, Orienter):
            orientation = Orientation(type_parcours=self.alors.type_parcours, organisme=self.alors.organisme)
        return Regle(
            id=self.id,
            libelle=self.libelle,
            si=self.si.en_domaine(),
            orientation=orientation,
            validation_humaine=self.validation_humaine,
            fondement=tuple(self.fondement),
        )


class FichierReferentiel(Forme):
    referentiel: Code
    version: Annotated[StrictStr, Field(pattern=r"^\d{4}\.\d+$")]
    valide_a_partir_du: date
    fondement: Fondement
    entrees: Annotated[dict[Code, FormeEntree], Field(min_length=1)]
    decideurs: Annotated[list[FormeDecideur], Field(min_length=1)]
    regles: Annotated[list[FormeRegle], Field(min_length=1)]

    def en_domaine(self, empreinte: str) -> Referentiel:
        return Referentiel(
            id=self.referentiel,
            version=self.version,
            valide_a_partir_du=self.valide_a_partir_du,
            empreinte=empreinte,
            fondement=tuple(self.fondement),
            entrees={nom: entree.en_domaine(nom) for nom, entree in self.entrees.items()},
            decideurs=tuple(decideur.en_domaine() for decideur in self.decideurs),
            regles=tuple(regle.en_domaine() for regle in self.regles),
        )


for _forme in (SiTous, SiUnParmi, SiNon):
    _forme.model_rebuild()


# --- delegations by convention (referentiels/delegations/) ------------------------------------------

ActeDelegable = Literal["orienter", "accompagner"]
"""What a département may delegate for its RSA beneficiaries (CASF L.262-29, L.262-32)."""


class ConventionDeDelegation(Forme):
    departement: Annotated[StrictStr, Field(pattern=r"^(\d{2,3}|2A|2B)$")]
    acte: ActeDelegable
    delegataire: Organisme
    du: date
    au: date | None = None
    convention: Texte

    @model_validator(mode="after")
    def periode(self) -> Self:
        if self.au is not None and self.au < self.du:
            raise ValueError(f"période inversée : du {self.du} au {self.au}")
        return self

    def en_domaine(self) -> Delegation:
        return Delegation(self.departement, Acte(self.acte), self.delegataire, self.du, self.au, self.convention)


class FichierDelegations(Forme):
    referentiel: Literal["delegations"]
    version: StrictStr
    fondement: Fondement
    conventions: list[ConventionDeDelegation]
