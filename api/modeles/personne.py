"""The person an inscription brings (issue 18): identity, identifiers, contact, legal representative.

The same JSON shape as a bulk-import line's ``personne`` (``application/lecture_personne.py``): a
``provenance`` for the whole person, which each part may replace by its own. Texts are bounded by
``api/modeles/bornes.py``; what the domain says of a value (a name's letters, the NIR's key, a
plausible birth date, an e-mail's shape) is asked of the domain itself, field by field, and a refusal
leaves as every invalid field does: a 422 naming it (``body.personne.identite.nom_naissance``), with
the domain's reason and the type ``valeur_invalide``. What the domain then says of the whole person
(an identifier given twice, an external identifier without its organisme) is checked once the person
is complete, on the model that holds it, so that ``vers_domaine`` never refuses in a route.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.modeles.bornes import Identifiant, Jour, Libelle, Nom, en_lecture
from api.modeles.commun import exemples
from api.modeles.valeurs import Valeur
from application.lecture_personne import IDENTIFIANTS_MAXIMUM
from domain.decision import FUSEAU_METIER
from domain.identite import (
    Adresse,
    Contact,
    FichePersonne,
    Identite,
    NatureIdentifiant,
    Provenance,
    QualiteRepresentant,
    RepresentantLegal,
    exiger_naissance_plausible,
    exiger_nom,
    normaliser_nir,
)
from domain.identite import Identifiant as IdentifiantDePersonne
from domain.valeur import ValeurInvalide
from domain.vocabulaire import SourceDonnee

T = TypeVar("T")
PRENOMS_MAXIMUM = 10
LIGNES_MAXIMUM = 4


def refus_du_domaine(erreur: ValeurInvalide) -> PydanticCustomError:
    """The domain's reason (what follows its field's name) as the field's validation error."""
    raison = str(erreur).partition(" : ")[2] or str(erreur)
    return PydanticCustomError("valeur_invalide", "{raison}", {"raison": raison})


def selon_le_domaine(verifier: Callable[[T], object]) -> AfterValidator:
    """A field checked by the domain's rule; a value read back from the store is shown as stored."""

    def valider(valeur: T, info: ValidationInfo) -> T:
        if en_lecture(info):
            return valeur
        try:
            verifier(valeur)
        except ValeurInvalide as erreur:
            raise refus_du_domaine(erreur) from None
        return valeur

    return AfterValidator(valider)


def aujourd_hui() -> date:
    """The boundary's day: the application checks the birth again against its own clock."""
    return datetime.now(FUSEAU_METIER).date()


NomDePersonne = Annotated[Nom, selon_le_domaine(lambda nom: exiger_nom(nom, "nom"))]
DateDeNaissance = Annotated[
    Jour, selon_le_domaine(lambda naissance: exiger_naissance_plausible(naissance, aujourd_hui()))
]
CodePostal = Annotated[str, Field(pattern="^[0-9]{5}$", examples=["93200"])]
CodeInsee = Annotated[str, Field(pattern="^([0-9]{5}|2[AB][0-9]{3})$", examples=["93066"])]


class ProvenanceModele(Valeur):
    """D'où viennent les données (CRPA R.311-3-1-2, 2°) et le jour où elles ont été recueillies."""

    source: SourceDonnee = Field(examples=[SourceDonnee.DECLARATION])
    le: Jour = Field(examples=["2025-06-02"])

    def vers_domaine(self) -> Provenance:
        return Provenance(source=self.source, le=self.le)


def _provenance(propre: ProvenanceModele | None, defaut: Provenance) -> Provenance:
    return defaut if propre is None else propre.vers_domaine()


class IdentiteModele(Valeur):
    """L'identité de la personne (noms, prénoms, date de naissance, sexe), et sa provenance."""

    nom_naissance: NomDePersonne = Field(examples=["Lefèvre"])
    nom_usage: NomDePersonne | None = Field(default=None, examples=["Martin"])
    prenoms: list[NomDePersonne] = Field(min_length=1, max_length=PRENOMS_MAXIMUM, examples=[["Élise", "Marie"]])
    date_naissance: DateDeNaissance = Field(examples=["1990-04-12"])
    sexe: Identifiant | None = Field(
        default=None, description="Tel que la source l'écrit (F, M, 1, 2…).", examples=["F"]
    )
    provenance: ProvenanceModele | None = Field(default=None, description="Par défaut, celle de la personne.")

    def vers_domaine(self, defaut: Provenance) -> Identite:
        return Identite(
            nom_naissance=self.nom_naissance,
            prenoms=tuple(self.prenoms),
            date_naissance=self.date_naissance,
            provenance=_provenance(self.provenance, defaut),
            nom_usage=self.nom_usage,
            sexe=self.sexe,
        )


class IdentifiantModele(Valeur):
    """Un identifiant de la personne, et sa provenance."""

    nature: NatureIdentifiant = Field(examples=[NatureIdentifiant.NIR])
    valeur: Identifiant = Field(examples=["2 55 08 14 168 025 38"])
    organisme: Identifiant | None = Field(
        default=None, description="Qui l'attribue, pour un identifiant externe ou un compte.", examples=["cd-93"]
    )
    provenance: ProvenanceModele | None = Field(default=None, description="Par défaut, celle de la personne.")

    @field_validator("valeur")
    @classmethod
    def nir_valide(cls, valeur: str, info: ValidationInfo) -> str:
        """A NIR's key is checked here, so that the 422 names this field."""
        if info.data.get("nature") is NatureIdentifiant.NIR and not en_lecture(info):
            try:
                normaliser_nir(valeur)
            except ValeurInvalide as erreur:
                raise refus_du_domaine(erreur) from None
        return valeur

    def vers_domaine(self, defaut: Provenance) -> IdentifiantDePersonne:
        return IdentifiantDePersonne(
            nature=self.nature,
            valeur=self.valeur,
            provenance=_provenance(self.provenance, defaut),
            organisme=self.organisme,
        )


class AdresseModele(Valeur):
    """Une adresse postale, avec le code INSEE de la commune."""

    lignes: list[Libelle] = Field(default_factory=list, max_length=LIGNES_MAXIMUM, examples=[["12 rue des Lilas"]])
    code_postal: CodePostal
    commune: Libelle = Field(examples=["Saint-Denis"])
    code_insee: CodeInsee = Field(description="Code commune INSEE (75056, 2A004).")

    def vers_domaine(self) -> Adresse:
        return Adresse(
            lignes=tuple(self.lignes), code_postal=self.code_postal, commune=self.commune, code_insee=self.code_insee
        )


_VERIFICATION = Provenance(source=SourceDonnee.DECLARATION, le=date(2000, 1, 1))
"""A provenance for the contacts built only to ask the domain about one field's shape."""


def _courriel(courriel: str) -> None:
    Contact(provenance=_VERIFICATION, courriel=courriel)


def _telephone(telephone: str) -> None:
    Contact(provenance=_VERIFICATION, telephone=telephone)


class ContactModele(Valeur):
    """Les coordonnées de la personne (courriel, téléphone, adresse), avec leur provenance."""

    courriel: Annotated[Libelle, selon_le_domaine(_courriel)] | None = Field(
        default=None, examples=["elise.lefevre@example.org"]
    )
    telephone: Annotated[Identifiant, selon_le_domaine(_telephone)] | None = Field(
        default=None, examples=["06 12 34 56 78"]
    )
    adresse: AdresseModele | None = None
    provenance: ProvenanceModele | None = Field(default=None, description="Par défaut, celle de la personne.")

    def vers_domaine(self, defaut: Provenance) -> Contact:
        return Contact(
            provenance=_provenance(self.provenance, defaut),
            courriel=self.courriel,
            telephone=self.telephone,
            adresse=self.adresse.vers_domaine() if self.adresse else None,
        )


class RepresentantModele(Valeur):
    """Qui représente un mineur (Code civil art. 371-1, 390) ou un majeur protégé (art. 440), et sa provenance."""

    nom: NomDePersonne = Field(examples=["Lefèvre"])
    prenoms: list[NomDePersonne] = Field(default_factory=list, max_length=PRENOMS_MAXIMUM, examples=[["Jean"]])
    qualite: QualiteRepresentant = Field(examples=[QualiteRepresentant.PARENT])
    mesure_protection: bool = Field(default=False, description="Majeur protégé (tutelle, curatelle).")
    contact: ContactModele = Field(default_factory=ContactModele)
    provenance: ProvenanceModele | None = Field(default=None, description="Par défaut, celle de la personne.")

    def vers_domaine(self, defaut: Provenance) -> RepresentantLegal:
        return RepresentantLegal(
            nom=self.nom,
            prenoms=tuple(self.prenoms),
            qualite=self.qualite,
            contact=self.contact.vers_domaine(defaut),
            provenance=_provenance(self.provenance, defaut),
            mesure_protection=self.mesure_protection,
        )


class FichePersonneModele(Valeur):
    """La personne : son identité, ses identifiants, ses coordonnées et son représentant légal, chaque
    donnée avec sa provenance."""

    model_config = exemples(
        {
            "provenance": {"source": "declaration", "le": "2025-06-02"},
            "identite": {
                "nom_naissance": "Lefèvre",
                "prenoms": ["Élise"],
                "date_naissance": "1990-04-12",
                "sexe": "F",
            },
            "identifiants": [{"nature": "nir", "valeur": "2 55 08 14 168 025 38"}],
            "contact": {"courriel": "elise.lefevre@example.org", "telephone": "06 12 34 56 78"},
        }
    )

    provenance: ProvenanceModele
    identite: IdentiteModele
    identifiants: list[IdentifiantModele] = Field(default_factory=list, max_length=IDENTIFIANTS_MAXIMUM)
    contact: ContactModele | None = None
    representant: RepresentantModele | None = None

    @model_validator(mode="after")
    def personne_complete(self, info: ValidationInfo) -> Self:
        """What the domain says of the whole person (an identifier given twice...)."""
        if not en_lecture(info):
            try:
                self.vers_domaine()
            except ValeurInvalide as erreur:  # named by the domain's field: this error is the whole person's
                raise PydanticCustomError("valeur_invalide", "{raison}", {"raison": str(erreur)}) from None
        return self

    def vers_domaine(self) -> FichePersonne:
        defaut = self.provenance.vers_domaine()
        return FichePersonne(
            identite=self.identite.vers_domaine(defaut),
            identifiants=tuple(i.vers_domaine(defaut) for i in self.identifiants),
            contact=self.contact.vers_domaine(defaut) if self.contact else None,
            representant=self.representant.vers_domaine(defaut) if self.representant else None,
        )
