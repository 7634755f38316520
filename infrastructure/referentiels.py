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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from domain.competence import Delegation
from domain.referentiel import Referentiel, Referentiels
from domain.valeur import ValeurInvalide
from infrastructure.referentiels_forme import FichierDelegations, FichierReferentiel, Registre

REGISTRE = "publies.yaml"
ORIENTATION = "orientation"
DELEGATIONS = "delegations"


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
    publies = tuple(_charger_version(dossier.name, version) for version in _versions_publiees(dossier))
    try:
        return Referentiels(id=dossier.name, publies=publies)
    except ValeurInvalide as erreur:
        raise ReferentielMalForme(f"{dossier} : {erreur}") from erreur


def charger_delegations(racine: Path) -> tuple[Delegation, ...]:
    """The conventions by which a département delegates the orientation or the accompaniment of its RSA
    beneficiaries to another body (CASF L.262-29, L.262-32), each with its dates: the latest published
    version of ``referentiels/delegations/`` lists them all; without that directory, none."""
    dossier = racine / DELEGATIONS
    if not dossier.is_dir():
        return ()
    versions = _versions_publiees(dossier)
    if not versions:
        return ()
    derniere = versions[-1]
    modele = _valider(derniere.chemin, FichierDelegations, _lire_yaml(derniere.chemin, derniere.contenu))
    _verifier_nom(derniere.chemin, DELEGATIONS, modele.referentiel, modele.version)
    return tuple(convention.en_domaine() for convention in modele.conventions)


@dataclass(frozen=True)
class VersionPubliee:
    chemin: Path
    contenu: bytes
    empreinte: str


def _versions_publiees(dossier: Path) -> list[VersionPubliee]:
    """The files of ``dossier``'s published versions, in version order, each as its registry recorded it:
    none missing from the registry, none recorded without its file, none changed since published."""
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
    return [_version_intacte(fichiers[version], registre[version]) for version in fichiers]


def _version_intacte(chemin: Path, attendue: str) -> VersionPubliee:
    contenu = chemin.read_bytes()
    reelle = empreinte(contenu)
    if reelle != attendue:
        raise ReferentielAltere(
            f"{chemin} : version publiée modifiée — empreinte attendue {attendue}, empreinte réelle {reelle}. "
            "Une version publiée ne change pas : publier une nouvelle version avec sa date d'effet."
        )
    return VersionPubliee(chemin, contenu, reelle)


def _verifier_nom(chemin: Path, id_attendu: str, referentiel: str, version: str) -> None:
    if (referentiel, version) != (id_attendu, chemin.stem):
        raise ReferentielMalForme(f"{chemin} : déclare {referentiel} {version}, attendu {id_attendu} {chemin.stem}")


def _charger_version(id_attendu: str, publiee: VersionPubliee) -> Referentiel:
    chemin, reelle = publiee.chemin, publiee.empreinte
    modele = _valider(chemin, FichierReferentiel, _lire_yaml(chemin, publiee.contenu))
    _verifier_nom(chemin, id_attendu, modele.referentiel, modele.version)
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
