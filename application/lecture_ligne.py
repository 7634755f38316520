"""Reading a bulk-import line (``application.masse``) into domain values, or its refusal.

Each line is read into domain values (``Inscription``, ``Territoire``, ``Donnee``, and its person's
``FichePersonne``); a line that cannot be (unknown value or input, value outside its domain, bad date) is
refused with its number, a stable code and a French message that names the field.

Two formats, both pure text decoded here so that any entry point (command line, an upload route) reads
them alike:

- JSON lines: ``{"motif": "demande_rsa", "canal": "flux_caf", "territoire": {"departement": "93",
  "bassin": null}, "effective_le": "2025-01-06T08:00:00+01:00", "donnees_orientation": [{"nom":
  "beneficiaire_rsa", "valeur": true, "source": "flux_caf", "collecte_le": "2025-01-05"}],
  "reference": "caf-123"}``;
- CSV: columns ``motif``, ``canal``, ``departement``, ``bassin``, ``effective_le``, ``reference``, then one
  column per simple input and ``freins.<cle>`` columns (empty: not given), with ``source`` and
  ``collecte_le`` for all the inputs of the line (required as soon as one is given: the origin of each
  datum is part of the decision, CRPA R.311-3-1-2, 2°). Values are typed by the catalogue of the
  referential in force on the line's day (``true``/``false``, ``oui``/``non``, integers).

``reference`` is the partner's line id: it is returned in the report only, never stored (a parcours id
says nothing of the person).
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from application.lecture_personne import COLONNES_PERSONNE, jour, lire_personne, lire_personne_csv, membre
from application.orientation import DONNEES_MAXIMUM, NOM_DE_DONNEE, NOM_DE_DONNEE_LONGUEUR_MAX, Donnee
from domain.decision import FUSEAU_METIER
from domain.identite import FichePersonne
from domain.inscription import CODE_DEPARTEMENT, Inscription, Territoire
from domain.referentiel import AucuneVersionEnVigueur, Referentiel, Referentiels
from domain.valeur import ValeurInvalide
from domain.vocabulaire import CanalInscription, MotifInscription, SourceDonnee

CHAMPS_JSON = frozenset(
    {"motif", "canal", "territoire", "effective_le", "donnees_orientation", "reference", "personne"}
)
CHAMPS_DONNEE = frozenset({"nom", "valeur", "source", "collecte_le"})
COLONNES_CSV = frozenset(
    {"motif", "canal", "departement", "bassin", "effective_le", "reference", "source", "collecte_le"}
) | frozenset(COLONNES_PERSONNE)
ILLISIBLE, INVALIDE = "ligne-illisible", "valeur-invalide"
"""The stable codes of a refused line that no rule of the domain refused (its rules' own codes otherwise)."""
VRAI, FAUX = frozenset({"true", "vrai", "oui", "1"}), frozenset({"false", "faux", "non", "0"})

E = TypeVar("E", bound=Enum)
Brut = str | Mapping[str, str]
"""A line as read from the file: the text of a JSON line, or a CSV record (column → text)."""


class LigneIllisible(ValeurInvalide):
    """A line that cannot be read into the values of an inscription; the message says which field and why."""


@dataclass(frozen=True)
class LigneValide:
    """One person to register, read into domain values; ``effective_le`` None: the application's clock."""

    numero: int
    reference: str | None
    inscription: Inscription
    effective_le: datetime | None
    donnees: tuple[Donnee, ...]
    personne: FichePersonne | None = None


@dataclass(frozen=True)
class Refus:
    """A line not recorded, with its number in the file, a stable ``code`` and why (in French, for the
    partner); ``parcours_id``: the open parcours of the line's person, if the importer may see it."""

    numero: int
    reference: str | None
    motif: str
    code: str = ILLISIBLE
    parcours_id: UUID | None = None


def lire(numero: int, brut: Brut, referentiels: Referentiels | None) -> LigneValide | Refus:
    """One raw line (a JSON line's text or a CSV record) into domain values, or its refusal."""
    champs: Any = brut
    try:
        if isinstance(brut, str):
            champs = _objet_json(brut)
            return lire_json(numero, champs)
        return lire_csv(numero, brut, referentiels)
    except ValeurInvalide as erreur:
        reference = champs.get("reference") if isinstance(champs, Mapping) else None
        return Refus(numero, reference if isinstance(reference, str) and reference else None, str(erreur))


def lire_json(numero: int, champs: Mapping[str, Any]) -> LigneValide:
    """A JSON line's object (see the module's docstring); raises ``ValeurInvalide`` with a French message."""
    _refuser_inconnus(champs, CHAMPS_JSON, "champ")
    territoire = champs.get("territoire")
    if not isinstance(territoire, dict):
        raise LigneIllisible("territoire : objet attendu, avec departement et bassin")
    _refuser_inconnus(territoire, frozenset({"departement", "bassin"}), "territoire : champ")
    donnees = champs.get("donnees_orientation", [])
    if not isinstance(donnees, list):
        raise LigneIllisible(f"donnees_orientation : liste d'au plus {DONNEES_MAXIMUM} données attendue")
    reference = champs.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise LigneIllisible("reference : texte attendu")
    return LigneValide(
        numero=numero,
        reference=reference or None,
        inscription=_inscription(champs.get("motif"), champs.get("canal"), territoire),
        effective_le=_instant(champs.get("effective_le")),
        donnees=_donnees([_donnee_json(rang, donnee) for rang, donnee in enumerate(donnees, 1)]),
        personne=lire_personne(champs),
    )


def _objet_json(texte: str) -> dict[str, Any]:
    try:
        champs = json.loads(texte)
    except json.JSONDecodeError as erreur:
        raise LigneIllisible(f"JSON illisible : {erreur.msg} (colonne {erreur.colno})") from None
    if not isinstance(champs, dict):
        raise LigneIllisible("un objet JSON est attendu")
    return champs


def lire_csv(numero: int, colonnes: Mapping[str, str], referentiels: Referentiels | None) -> LigneValide:
    """A CSV record (see the module's docstring); raises ``ValeurInvalide`` with a French message."""
    champs = {nom.strip(): (valeur or "").strip() for nom, valeur in colonnes.items()}
    if champs.pop("", ""):
        raise LigneIllisible("plus de cellules que de colonnes dans l'en-tête")
    effective_le = _instant(champs.get("effective_le") or None)
    territoire = {"departement": champs.get("departement", ""), "bassin": champs.get("bassin") or None}
    donnees = {nom: texte for nom, texte in champs.items() if nom not in COLONNES_CSV and texte}
    return LigneValide(
        numero=numero,
        reference=champs.get("reference") or None,
        inscription=_inscription(champs.get("motif"), champs.get("canal"), territoire),
        effective_le=effective_le,
        donnees=_donnees_csv(donnees, champs, _catalogue(referentiels, effective_le)),
        personne=lire_personne_csv(champs),
    )


def _inscription(motif: Any, canal: Any, territoire: Mapping[str, Any]) -> Inscription:
    """The values checked by the domain (their texts), then the département's code."""
    departement: Any = territoire.get("departement")
    inscription = Inscription(
        motif=membre(MotifInscription, motif, "motif"),
        canal=membre(CanalInscription, canal, "canal"),
        territoire=Territoire(
            departement.strip() if isinstance(departement, str) else departement, territoire.get("bassin")
        ),
    )
    code = inscription.territoire.departement
    if not re.fullmatch(CODE_DEPARTEMENT, code):
        raise LigneIllisible(f"territoire.departement : code de département attendu (ex. 93, 2A, 974), reçu « {code} »")
    return inscription


def _donnee_json(rang: int, donnee: Any) -> Donnee:
    ou = f"donnees_orientation[{rang}]"
    if not isinstance(donnee, dict):
        raise LigneIllisible(f"{ou} : objet attendu (nom, valeur, source, collecte_le)")
    _refuser_inconnus(donnee, CHAMPS_DONNEE, f"{ou} : champ")
    nom, valeur = _nom(donnee.get("nom"), f"{ou}.nom"), donnee.get("valeur")
    if not isinstance(valeur, bool | int | str):
        raise LigneIllisible(f"{ou}.valeur ({nom}) : booléen, entier ou texte attendu")
    source = membre(SourceDonnee, donnee.get("source"), f"{ou}.source")
    return Donnee(nom, valeur, source, jour(donnee.get("collecte_le"), f"{ou}.collecte_le"))


def _donnees_csv(
    textes: Mapping[str, str], champs: Mapping[str, str], catalogue: Referentiel | None
) -> tuple[Donnee, ...]:
    if not textes:
        return ()
    source = membre(SourceDonnee, champs.get("source") or None, "source (des données de la ligne)")
    collecte_le = jour(champs.get("collecte_le") or None, "collecte_le (des données de la ligne)")
    return _donnees(
        [Donnee(_nom(nom, nom), _typer(nom, texte, catalogue), source, collecte_le) for nom, texte in textes.items()]
    )


def _typer(nom: str, texte: str, catalogue: Referentiel | None) -> bool | int | str:
    """A CSV cell as the catalogue types its input; an unknown input stays text (the referential refuses it)."""
    entree = catalogue.entrees.get(nom.partition(".")[0]) if catalogue is not None else None
    if entree is None or entree.type in ("enum", "map"):
        return texte
    if entree.type == "int":
        try:
            return int(texte)
        except ValueError:
            raise LigneIllisible(f"{nom} : entier attendu, reçu « {texte} »") from None
    if texte.lower() in VRAI | FAUX:
        return texte.lower() in VRAI
    raise LigneIllisible(f"{nom} : true ou false attendu, reçu « {texte} »")


def _catalogue(referentiels: Referentiels | None, effective_le: datetime | None) -> Referentiel | None:
    """The version whose catalogue types the line: in force on its day, else the latest published."""
    if referentiels is None or not referentiels.versions():
        return None
    if effective_le is None:
        return referentiels.versions()[-1]
    try:
        return referentiels.en_vigueur(effective_le.astimezone(FUSEAU_METIER).date())
    except AucuneVersionEnVigueur:
        return None  # the proposal refuses the line, with the referential's own message


def _instant(texte: Any) -> datetime | None:
    if texte is None:
        return None
    try:
        instant = datetime.fromisoformat(texte) if isinstance(texte, str) else None
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise LigneIllisible(
            "effective_le : date et heure ISO 8601 avec fuseau attendues "
            f"(ex. 2025-01-06T08:00:00+01:00), reçu « {texte} »"
        )
    return instant


def _nom(nom: Any, champ: str) -> str:
    """An input's name as the catalogue writes it (the API's rule)."""
    if isinstance(nom, str) and len(nom) <= NOM_DE_DONNEE_LONGUEUR_MAX and re.fullmatch(NOM_DE_DONNEE, nom):
        return nom
    recu = "absent" if nom is None else f"reçu « {nom} »"
    raise LigneIllisible(f"{champ} : nom d'entrée du catalogue attendu (ex. age, freins.sante), {recu}")


def _donnees(donnees: Sequence[Donnee]) -> tuple[Donnee, ...]:
    """As many inputs as the API accepts at once, none given twice: a datum given twice would leave the
    proposal to the order of the line."""
    if len(donnees) > DONNEES_MAXIMUM:
        raise LigneIllisible(f"donnees_orientation : liste d'au plus {DONNEES_MAXIMUM} données attendue")
    vus: set[str] = set()
    for donnee in donnees:
        if donnee.nom in vus:
            raise LigneIllisible(f"donnees_orientation : « {donnee.nom} » donnée deux fois")
        vus.add(donnee.nom)
    return tuple(donnees)


def _refuser_inconnus(champs: Mapping[str, Any], connus: frozenset[str], quoi: str) -> None:
    inconnus = sorted(set(champs) - connus)
    if inconnus:
        raise LigneIllisible(f"{quoi}(s) inconnu(s) : {', '.join(inconnus)} (attendus : {', '.join(sorted(connus))})")
