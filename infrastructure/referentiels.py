"""The published referentials, read from ``referentiels/<id>/<version>.yaml`` and checked at start.

A published version never changes (DOMAIN §6; CRPA L.312-1-3): ``publies.yaml``, beside the versions,
records the hash of each published file. At load, a file whose bytes no longer match its recorded hash is
refused (``ReferentielAltere``), and so are a file absent from the registry (not published) and a registry
entry without its file. Each file's shape is then validated (unknown keys refused, types, closed lists),
and the domain checks that its rules hold together with its catalogue.

The directory comes from the settings (``Reglages.referentiels``): ``referentiels/`` at the root of the
checkout, or ``PARCOURS_REFERENTIELS`` when set.
"""

import hashlib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    ValidationError,
    model_validator,
)

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
    Referentiels,
    Regle,
    Sinon,
    Tous,
    TypeEntree,
    UnParmi,
)
from domain.referentiel.conditions import OPERATEURS
from domain.valeur import ValeurInvalide
from domain.vocabulaire import Organisme, SourceDonnee, TypeAutorite, TypeParcours

REGISTRE = "publies.yaml"
ORIENTATION = "orientation"


class ErreurReferentiel(Exception):
    """A referential that cannot be used: the service refuses to start rather than decide on it."""


class ReferentielAltere(ErreurReferentiel):
    """A published file whose content changed: a published version is immutable (CRPA L.312-1-3)."""


class ReferentielNonPublie(ErreurReferentiel):
    """A version file absent from the registry of published versions."""


class ReferentielIntrouvable(ErreurReferentiel):
    """A published version whose file is missing: past decisions could no longer be replayed."""


class ReferentielMalForme(ErreurReferentiel):
    """A file that is not a valid referential (YAML, shape, or rules inconsistent with the catalogue)."""


def empreinte(contenu: bytes) -> str:
    """The content hash of a published file, as recorded in ``publies.yaml`` and in each decision."""
    return f"sha256:{hashlib.sha256(contenu).hexdigest()}"


def charger_orientation(racine: Path) -> Referentiels:
    """The published versions of the orientation referential."""
    return charger_referentiels(racine / ORIENTATION)


def charger_referentiels(dossier: Path) -> Referentiels:
    """Every published version in ``dossier`` (named after the referential), checked against the registry."""
    registre = _lire_registre(dossier / REGISTRE, dossier.name)
    fichiers = {chemin.stem: chemin for chemin in sorted(dossier.glob("*.yaml")) if chemin.name != REGISTRE}
    if non_publies := sorted(fichiers.keys() - registre.keys()):
        raise ReferentielNonPublie(
            f"{', '.join(str(fichiers[v]) for v in non_publies)} : absent du registre {dossier / REGISTRE} "
            "(une version se publie en inscrivant l'empreinte de son fichier au registre)"
        )
    if introuvables := sorted(registre.keys() - fichiers.keys()):
        raise ReferentielIntrouvable(
            f"{dossier / REGISTRE} : version publiée sans fichier ({', '.join(f'{v}.yaml' for v in introuvables)})"
        )
    publies = tuple(_charger_version(dossier.name, fichiers[version], registre[version]) for version in fichiers)
    try:
        return Referentiels(id=dossier.name, publies=publies)
    except ValeurInvalide as erreur:
        raise ReferentielMalForme(f"{dossier} : {erreur}") from erreur


def _charger_version(id_attendu: str, chemin: Path, attendue: str) -> Referentiel:
    contenu = chemin.read_bytes()
    reelle = empreinte(contenu)
    if reelle != attendue:
        raise ReferentielAltere(
            f"{chemin} : version publiée modifiée — empreinte attendue {attendue}, empreinte réelle {reelle}. "
            "Une version publiée ne change pas : publier une nouvelle version avec sa date d'effet."
        )
    modele = _valider(chemin, FichierReferentiel, _lire_yaml(chemin, contenu))
    if (modele.referentiel, modele.version) != (id_attendu, chemin.stem):
        raise ReferentielMalForme(
            f"{chemin} : déclare {modele.referentiel} {modele.version}, attendu {id_attendu} {chemin.stem}"
        )
    try:
        return modele.en_domaine(reelle)
    except ValeurInvalide as erreur:  # ReferentielIncoherent: a rule that does not fit the catalogue
        raise ReferentielMalForme(f"{chemin} : {erreur}") from erreur


def _lire_registre(chemin: Path, id_attendu: str) -> dict[str, str]:
    if not chemin.is_file():
        raise ReferentielIntrouvable(f"{chemin} : registre des versions publiées absent")
    registre = _valider(chemin, Registre, _lire_yaml(chemin, chemin.read_bytes()))
    if registre.referentiel != id_attendu:
        raise ReferentielMalForme(f"{chemin} : registre du référentiel {registre.referentiel}, attendu {id_attendu}")
    return registre.versions


def _lire_yaml(chemin: Path, contenu: bytes) -> Any:
    try:
        return yaml.safe_load(contenu)
    except yaml.YAMLError as erreur:
        raise ReferentielMalForme(f"{chemin} : YAML illisible ({erreur})") from erreur


M = TypeVar("M", bound=BaseModel)


def _valider(chemin: Path, modele: type[M], donnees: Any) -> M:
    try:
        return modele.model_validate(donnees)
    except ValidationError as erreur:
        details = "\n".join(f"  - {_lieu(e['loc'], donnees)} : {_message(e)}" for e in erreur.errors())
        raise ReferentielMalForme(f"{chemin} : référentiel mal formé\n{details}") from erreur


MESSAGES = {
    "extra_forbidden": "clé inconnue",
    "missing": "clé manquante",
    "string_type": "texte attendu (entre guillemets pour un numéro de version)",
    "int_type": "entier attendu",
    "bool_type": "true ou false attendu",
    "enum": "valeur non admise",
    "literal_error": "valeur non admise",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
}


def _lieu(lieu: tuple[int | str, ...], donnees: Any) -> str:
    """Where in the file, a rule or decider named by its id (``regles[R02].si``) rather than its rank."""
    # a tagged union repeats the tag (``si.tous.tous.0``): said once
    parties = [str(partie) for rang, partie in enumerate(lieu) if rang == 0 or partie != lieu[rang - 1]]
    match lieu:
        case ("regles" | "decideurs" as liste, int(rang), *_):
            element = donnees[liste][rang]
            nom = element.get("id") or element.get("autorite") if isinstance(element, dict) else None
            parties[:2] = [f"{liste}[{nom or rang}]"]
    return ".".join(parties) or "(racine)"


def _message(erreur: Any) -> str:
    contexte = erreur.get("ctx", {})
    message = MESSAGES.get(erreur["type"], str(contexte.get("error", erreur["msg"])))
    attendu = f", attendu {contexte['expected']}" if "expected" in contexte else ""
    recu = repr(erreur["input"])
    return f"{message}{attendu} (reçu : {recu[:80]}{'…' if len(recu) > 80 else ''})"


# --- the shape of the files ------------------------------------------------------------------------------


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
