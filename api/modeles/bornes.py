"""What may enter through the API, written once: each kind of text with its characters and maximum
length, dates and instants inside a window that no computation overflows, integers bounded.
docs/api.md §6 lists these limits; every body, query, path and header field is typed with them.

Why: a text holding a NUL passes JSON but not PostgreSQL's JSONB, and events are never rewritten, so
one accepted NUL stopped the views for good (issue 16). A year 9999 overflowed the deadline arithmetic.
The boundary refuses both with a 422 that names the field.

What an older version stored is shown as it is: values read back from events are validated with the
``LECTURE`` context, in which no input rule applies.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import unquote

from annotated_types import Ge, Le
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictInt,
    StringConstraints,
    ValidationInfo,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from domain import inscription
from domain.decision import FUSEAU_METIER
from domain.identite import NOM_LONGUEUR_MAX
from domain.valeur import INTERDITS, INTERDITS_TEXTE_LIBRE, JOUR_MAX, JOUR_MIN

LECTURE: dict[str, bool] = {"lecture": True}
"""Validation context of values read back from stored events: shown as stored, never refused."""


def en_lecture(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("lecture"))


# --- texts --------------------------------------------------------------------------------------

MOTIF_JSON = r"^[^\u0000-\u001f\u007f-\u009f]*$"
MOTIF_JSON_LIGNES = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
"""The same rules for the OpenAPI document (JSON Schema cannot name a lone surrogate)."""


@dataclass(frozen=True)
class SorteDeTexte:
    """A kind of text: at most ``longueur_max`` characters (code points), never blank, no control
    character (tab and line breaks too, unless ``lignes``), no space at either end unless ``bords``."""

    longueur_max: int
    lignes: bool = False
    bords: bool = True

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self.valider, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        motif = MOTIF_JSON_LIGNES if self.lignes else MOTIF_JSON
        json_schema.update(minLength=1, maxLength=self.longueur_max, pattern=motif)
        return json_schema

    def valider(self, texte: str, info: ValidationInfo) -> str:
        if en_lecture(info):
            return texte
        if interdit := (INTERDITS_TEXTE_LIBRE if self.lignes else INTERDITS).search(texte):
            point = f"U+{ord(interdit.group()):04X}"
            raise PydanticCustomError(
                "caractere_interdit",
                "caractère interdit {caractere} en position {position}",
                {"caractere": point, "position": interdit.start() + 1},
            )
        if len(texte) > self.longueur_max:
            raise PydanticCustomError(
                "string_too_long", "au plus {max_length} caractères", {"max_length": self.longueur_max}
            )
        if not texte.strip():
            raise PydanticCustomError("texte_vide", "texte non vide attendu")
        if not self.bords and texte != texte.strip():
            raise PydanticCustomError("espace_en_bordure", "pas d'espace au début ni à la fin")
        return texte


IDENTIFIANT = SorteDeTexte(100, bords=False)
LIBELLE = SorteDeTexte(500)
TEXTE_LIBRE = SorteDeTexte(4000, lignes=True)
CLE = SorteDeTexte(200, bords=False)
NOM = SorteDeTexte(NOM_LONGUEUR_MAX)

Identifiant = Annotated[str, IDENTIFIANT]
"""Ids and codes: a référent, a structure, a procedure, a piece of data's name or value."""
Libelle = Annotated[str, LIBELLE]
"""One line of text: a label, an objective, a proof, an article, an authority."""
TexteLibre = Annotated[str, TEXTE_LIBRE]
"""Words on several lines: a motif, facts, a justification, a consultation's reason."""
CleIdempotence = Annotated[str, CLE]
"""An ``Idempotency-Key``, chosen by the client (a UUID fits)."""
Nom = Annotated[str, NOM]
"""A person's name or first name (its letters are the domain's rule, ``domain.identite.exiger_nom``)."""
Departement = Annotated[str, StringConstraints(pattern=f"^({inscription.CODE_DEPARTEMENT})$")]


def texte_en_pourcent(valeur: Any) -> Any:
    """Headers are ASCII: a text travels percent-encoded UTF-8 and is judged once decoded."""
    return unquote(valeur) if isinstance(valeur, str) else valeur


# --- dates and instants -------------------------------------------------------------------------

DEBUT, FIN = JOUR_MIN, JOUR_MAX
"""Business dates and instants stay inside this window (the UTC and the Paris day alike): deadlines,
months and retention periods computed from them never leave Python's years 1–9999."""
FORME_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FORME_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(?P<fuseau>[Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)


def date_iso(valeur: Any) -> Any:
    """ISO 8601 only (``AAAA-MM-JJ``): pydantic alone reads ``0`` as 1970-01-01."""
    if isinstance(valeur, date) and not isinstance(valeur, datetime):
        return valeur
    if isinstance(valeur, str) and FORME_DATE.fullmatch(valeur):
        return valeur
    raise PydanticCustomError("date_parsing", "date attendue (AAAA-MM-JJ)")


def instant_iso(valeur: Any) -> Any:
    """ISO 8601 date and time with its offset; neither a number nor a date alone."""
    if isinstance(valeur, datetime):
        return valeur
    forme = FORME_INSTANT.fullmatch(valeur) if isinstance(valeur, str) else None
    if forme is None:
        raise PydanticCustomError("datetime_parsing", "date et heure attendues (ISO 8601, avec fuseau)")
    if forme["fuseau"] is None:
        raise PydanticCustomError("timezone_aware", "le fuseau horaire est requis")
    return valeur


def hors_fenetre() -> PydanticCustomError:
    return PydanticCustomError(
        "date_hors_bornes",
        "date hors de la période admise ({debut} – {fin})",
        {"debut": DEBUT.isoformat(), "fin": FIN.isoformat()},
    )


def jour_dans_la_fenetre(jour: date, info: ValidationInfo) -> date:
    if en_lecture(info) or DEBUT <= jour <= FIN:
        return jour
    raise hors_fenetre()


def instant_dans_la_fenetre(instant: datetime, info: ValidationInfo) -> datetime:
    if en_lecture(info):
        return instant
    # The year alone first: converting an instant of year 1 or 9999 may itself overflow.
    if not DEBUT.year <= instant.year <= FIN.year:
        raise hors_fenetre()
    jours = (instant.astimezone(UTC).date(), instant.astimezone(FUSEAU_METIER).date())
    if not all(DEBUT <= jour <= FIN for jour in jours):
        raise hors_fenetre()
    return instant


Jour = Annotated[date, BeforeValidator(date_iso), AfterValidator(jour_dans_la_fenetre)]
Instant = Annotated[AwareDatetime, BeforeValidator(instant_iso), AfterValidator(instant_dans_la_fenetre)]

# --- integers -----------------------------------------------------------------------------------

ENTIER_MAX = 2**53 - 1
"""Exact in every JSON reader, and in SQLite's and PostgreSQL's integers."""
VERSION_MAX = 2**31 - 1
POSITION_MAX = 2**63 - 1
Entier = Annotated[StrictInt, Ge(-ENTIER_MAX), Le(ENTIER_MAX)]
NumeroDeVersion = Annotated[int, Ge(1), Le(VERSION_MAX)]
