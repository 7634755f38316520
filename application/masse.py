"""Bulk inscription: the CAF and partner flows, one person a line, recorded in batches (issue 7).

Each line is read into domain values (``Inscription``, ``Territoire``, ``Donnee``); a line that cannot be
(unknown value or input, value outside its domain, bad date) is refused with its number and a French
message, and the others go on. A line is held to the rules the API holds an inscription to, written
once: the domain values' own checks (a text that is not blank...), the département's code
(``domain.inscription.CODE_DEPARTEMENT``), and how many inputs and how named
(``application.orientation.DONNEES_MAXIMUM``, ``NOM_DE_DONNEE``), which the API's models declare too.
What is written here is only the reading of two text formats into those values, with a message that
names the field. The aggregates of a batch are built in memory exactly as
``ParcoursApplication.inscrire`` builds one (same ``Parcours.inscrire``, same
``application.orientation.proposer`` with the version in force on the line's business day, same recording
clock), then saved with a single ``app.save``: one transaction, whose events the library inserts together
under one table lock and one commit, instead of one of each per person (on PostgreSQL, three times the
rate of ``inscrire`` one by one, measured by ``bench/import_massif.py``).

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
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID, uuid4

from application.orientation import DONNEES_MAXIMUM, NOM_DE_DONNEE, NOM_DE_DONNEE_LONGUEUR_MAX, Donnee, proposer
from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.decision import FUSEAU_METIER
from domain.erreurs import RegleEnfreinte
from domain.horloge import sous_horloge
from domain.inscription import CODE_DEPARTEMENT, Inscription, Territoire
from domain.parcours import Parcours
from domain.referentiel import AucuneVersionEnVigueur, Referentiel, Referentiels
from domain.valeur import ValeurInvalide
from domain.vocabulaire import CanalInscription, MotifInscription, SourceDonnee

FORMATS = ("jsonl", "csv")
LOT_MAXIMUM = 250
"""Lines saved in one transaction at most. Beyond a few megabytes, the library's single insert statement
(an array parameter sent in psycopg's pipeline mode) was seen to hang for good on PostgreSQL: 1,000
inscriptions with short traces (4.7 MB) and 500 with every input given (about 10 KB each) never returned,
while 800 short ones did (psycopg issue 685 describes the same hang). 250 of the largest stay near 2.6 MB."""
CHAMPS_JSON = frozenset({"motif", "canal", "territoire", "effective_le", "donnees_orientation", "reference"})
CHAMPS_DONNEE = frozenset({"nom", "valeur", "source", "collecte_le"})
COLONNES_CSV = frozenset(
    {"motif", "canal", "departement", "bassin", "effective_le", "reference", "source", "collecte_le"}
)
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


@dataclass(frozen=True)
class Refus:
    """A line not recorded, with its number in the file and why (in French, for the partner)."""

    numero: int
    reference: str | None
    motif: str


@dataclass(frozen=True)
class Inscrite:
    """A line recorded, and the parcours it opened (what the partner needs to follow it up)."""

    numero: int
    reference: str | None
    parcours_id: UUID


@dataclass(frozen=True)
class ResultatLot:
    """What became of the lines of one batch; ``position``: the store position of its last event."""

    inscrites: tuple[Inscrite, ...]
    refus: tuple[Refus, ...]
    position: int | None

    @property
    def lues(self) -> int:
        return len(self.inscrites) + len(self.refus)


def partenaire(identifiant: str) -> Principal:
    """The partner that sends the flow (e.g. ``flux-caf``): the author of each inscription it brings."""
    return Principal(id=identifiant, role=Role.PARTENAIRE)


def traiter_lot(app: ParcoursApplication, lignes: Sequence[tuple[int, Brut]], auteur: Principal) -> ResultatLot:
    """Reads one batch of raw lines, then registers the valid ones in one transaction."""
    lues = [lire(numero, brut, app.referentiels) for numero, brut in lignes]
    resultat = inscrire_en_masse(app, [ligne for ligne in lues if isinstance(ligne, LigneValide)], auteur)
    refus = [ligne for ligne in lues if isinstance(ligne, Refus)] + list(resultat.refus)
    return ResultatLot(resultat.inscrites, tuple(sorted(refus, key=lambda r: r.numero)), resultat.position)


def inscrire_en_masse(app: ParcoursApplication, lignes: Sequence[LigneValide], auteur: Principal) -> ResultatLot:
    """Builds each parcours as ``inscrire`` would and saves them all in one transaction; a line the
    domain or the referential refuses is reported and left out, the others are recorded. The
    application's observers (``apres_enregistrement``) are told once, with the batch's last position."""
    parcours: list[Parcours] = []
    inscrites: list[Inscrite] = []
    refus: list[Refus] = []
    with sous_horloge(app.horloge, app.parametres.tolerance_horloge):
        for ligne in lignes:
            try:
                construit = construire(app, ligne, auteur)
            except (ValeurInvalide, RegleEnfreinte) as erreur:
                refus.append(Refus(ligne.numero, ligne.reference, str(erreur)))
                continue
            parcours.append(construit)
            inscrites.append(Inscrite(ligne.numero, ligne.reference, construit.id))
    return ResultatLot(tuple(inscrites), tuple(refus), enregistrer(app, parcours))


def construire(app: ParcoursApplication, ligne: LigneValide, auteur: Principal) -> Parcours:
    """``ParcoursApplication.inscrire`` step for step, without the save (the equivalence test holds the two
    together): the decision read from the clock in force, the new parcours, and the algorithm's
    proposal when there is a referential and data to read."""
    decision = Saisie(principal=auteur, effective_le=ligne.effective_le).decision(app.horloge())
    parcours = Parcours.inscrire(ligne.inscription, decision, uuid4())
    if app.referentiels is not None and ligne.donnees:
        proposer(parcours, app.referentiels, ligne.donnees, decision.effective_le)
    return parcours


def enregistrer(app: ParcoursApplication, parcours: Sequence[Parcours]) -> int | None:
    """One ``save`` for the whole batch, then the observers are told its last position (as ``_enregistrer``)."""
    if not parcours:
        return None
    recordings = app.save(*parcours)
    position = recordings[-1].notification.id
    for abonne in app.apres_enregistrement:
        abonne(position)
    return position


# --- reading a line -----------------------------------------------------------------------------


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
    )


def _inscription(motif: Any, canal: Any, territoire: Mapping[str, Any]) -> Inscription:
    """The values checked by the domain (their texts), then the département's code."""
    departement: Any = territoire.get("departement")
    inscription = Inscription(
        motif=_membre(MotifInscription, motif, "motif"),
        canal=_membre(CanalInscription, canal, "canal"),
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
    source = _membre(SourceDonnee, donnee.get("source"), f"{ou}.source")
    return Donnee(nom, valeur, source, _jour(donnee.get("collecte_le"), f"{ou}.collecte_le"))


def _donnees_csv(
    textes: Mapping[str, str], champs: Mapping[str, str], catalogue: Referentiel | None
) -> tuple[Donnee, ...]:
    if not textes:
        return ()
    source = _membre(SourceDonnee, champs.get("source") or None, "source (des données de la ligne)")
    collecte_le = _jour(champs.get("collecte_le") or None, "collecte_le (des données de la ligne)")
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


def _membre(enum: type[E], valeur: Any, champ: str) -> E:
    try:
        return enum(valeur)
    except ValueError:
        permises = ", ".join(str(membre.value) for membre in enum)
        recu = "absent" if valeur is None else f"« {valeur} » inconnu"
        raise LigneIllisible(f"{champ} : {recu} (valeurs : {permises})") from None


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


def _jour(texte: Any, champ: str) -> date:
    if isinstance(texte, str):
        try:
            return date.fromisoformat(texte)
        except ValueError:
            pass
    recu = "absente" if texte is None else f"reçu « {texte} »"
    raise LigneIllisible(f"{champ} : date AAAA-MM-JJ attendue, {recu}")


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
