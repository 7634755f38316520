"""The orientation algorithm at work: a person's data given to the referential version in force on
the day, recorded as a proposal with its trace, and confirmed by the algorithm alone only where the
competent authority's policy allows it and no person needs to validate (CT L.5411-5-1 II and III;
CRPA L.311-3-1; LIL art. 47).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from uuid import UUID

from domain.decision import FUSEAU_METIER, Auteur, Autorite, Critere, Decision, Fondement
from domain.identite import Identite, age_au
from domain.orientation import PropositionOrientation
from domain.parcours import Parcours
from domain.referentiel import (
    AucuneVersionEnVigueur,
    Evaluation,
    Referentiel,
    Referentiels,
    ValeurEntree,
    VersionInconnue,
    evaluer,
)
from domain.referentiel.catalogue import ValeurSimple
from domain.valeur import ValeurInvalide
from domain.vocabulaire import ModeOrientation, SourceDonnee, TypeAuteur

DONNEES_MAXIMUM = 50
"""Inputs given at once (with an inscription, a réouverture or a completion), at most, at every entry point."""
NOM_DE_DONNEE = r"[a-z0-9_]+(\.[a-z0-9_]+)?"
"""An input's name as the catalogue writes it; a key of a map input after the map's name and a dot."""
NOM_DE_DONNEE_LONGUEUR_MAX = 100


@dataclass(frozen=True)
class Donnee:
    """One input given for the orientation, with its source and collection date (CRPA R.311-3-1-2, 2°).
    A key of a map input is named after both: ``freins.sante``."""

    nom: str
    valeur: ValeurSimple
    source: SourceDonnee
    collecte_le: date


def completer(connues: Iterable[Critere], nouvelles: Iterable[Donnee]) -> list[Donnee]:
    """The inputs already recorded, completed or corrected by the new ones (the newest wins)."""
    donnees = {
        c.nom: Donnee(c.nom, c.valeur, c.source, c.collecte_le)
        for c in connues
        if isinstance(c.valeur, bool | int | str)
    }
    donnees.update({d.nom: d for d in nouvelles})
    return list(donnees.values())


def valeurs(donnees: Iterable[Donnee]) -> dict[str, ValeurEntree]:
    """The inputs as the referential reads them, the keys of a map gathered under its name."""
    simples: dict[str, ValeurEntree] = {}
    tables: dict[str, dict[str, str]] = {}
    for donnee in donnees:
        entree, _, cle = donnee.nom.partition(".")
        if not cle:
            simples[entree] = donnee.valeur
        elif isinstance(donnee.valeur, str):
            tables.setdefault(entree, {})[cle] = donnee.valeur
        else:
            raise ValeurInvalide(f"{donnee.nom} : un niveau est attendu (texte), pas {donnee.valeur!r}")
    return {**simples, **tables}


def criteres(referentiel: Referentiel, donnees: Sequence[Donnee]) -> tuple[Critere, ...]:
    """The inputs as recorded in the decision, each with its sensitivity as the catalogue says;
    a source the catalogue does not provide for an input is refused."""
    for donnee in donnees:
        entree = referentiel.entrees[donnee.nom.partition(".")[0]]
        if donnee.source not in entree.sources:
            permises = ", ".join(source.value for source in entree.sources)
            raise ValeurInvalide(f"{donnee.nom} : source « {donnee.source.value} » non prévue ({permises})")
    return tuple(
        Critere(d.nom, d.valeur, d.source, d.collecte_le, sensible=referentiel.est_sensible(d.nom)) for d in donnees
    )


def proposer(
    parcours: Parcours, referentiels: Referentiels, donnees: Sequence[Donnee], effective_le: datetime
) -> Evaluation:
    """Evaluates the version in force on the business day and records the proposal; then, if the
    proposal is obvious, rests on no sensitive data and the deciding authority allows it, the
    algorithm alone confirms it on that authority's behalf."""
    referentiel = referentiels.en_vigueur(effective_le.astimezone(FUSEAU_METIER).date())
    evaluation = evaluer(referentiel, valeurs(donnees))
    algorithme = Auteur(TypeAuteur.ALGORITHME, id=f"{referentiel.id}@{referentiel.version}")
    proposee = Decision(
        auteur=algorithme,
        effective_le=effective_le,
        fondement=Fondement(articles=referentiel.fondement, referentiel=evaluation.referentiel),
        criteres=criteres(referentiel, donnees),
    )
    parcours.proposer_orientation(evaluation.proposition(), proposee)
    if evaluation.orientation is not None and evaluation.confirmation_automatique:
        decideur = evaluation.decideur
        confirmee = Decision(
            auteur=algorithme,
            effective_le=effective_le,
            fondement=Fondement(articles=decideur.fondement, referentiel=evaluation.referentiel),
            autorite=Autorite(decideur.autorite, id=decideur.autorite.value),
        )
        parcours.orienter(evaluation.orientation, ModeOrientation.ALGORITHME_SEUL, confirmee)
    return evaluation


@dataclass(frozen=True)
class Ecart:
    """A recorded proposal that its own referential version, given its own recorded inputs, does not
    reproduce: a replay audit finding (there must be none)."""

    parcours_id: UUID
    version_parcours: int
    referentiel: str
    detail: str


def auditer(evenements: Iterable[Parcours.Event], referentiels: Referentiels) -> Iterator[Ecart]:
    """Re-evaluates every recorded proposal with its recorded version and inputs, never today's."""
    for evenement in evenements:
        if isinstance(evenement, Parcours.OrientationProposee):
            detail = ecart(evenement.proposition, evenement.decision.criteres, referentiels)
            if detail is not None:
                reference = evenement.proposition.referentiel
                yield Ecart(
                    evenement.originator_id, evenement.originator_version, f"{reference.id} {reference.version}", detail
                )


def ecart(proposition: PropositionOrientation, recues: Sequence[Critere], referentiels: Referentiels) -> str | None:
    reference = proposition.referentiel
    try:
        referentiel = referentiels.version(reference.version)
    except VersionInconnue:
        return f"version {reference.version} absente des versions publiées"
    if referentiel.empreinte != reference.empreinte:
        return f"empreinte enregistrée {reference.empreinte}, publiée {referentiel.empreinte}"
    donnees = completer(recues, ())
    rejouee = evaluer(referentiel, valeurs(donnees)).proposition()
    if rejouee != proposition:
        differences = [f.name for f in fields(proposition) if getattr(rejouee, f.name) != getattr(proposition, f.name)]
        return f"proposition rejouée différente ({', '.join(differences)})"
    return None


def avec_age(
    donnees: Sequence[Donnee], identite: Identite | None, referentiels: Referentiels | None, jour: datetime
) -> list[Donnee]:
    """The inputs, with the age computed from the birth date on the decision's day rather than declared
    (CRPA R.311-3-1-2, 2°: the datum and its source are the birth date's). Only when the algorithm runs
    (some input is given) and the referential in force reads an age from that source."""
    if not donnees or identite is None or referentiels is None:
        return list(donnees)
    jour_metier = jour.astimezone(FUSEAU_METIER).date()
    try:
        entree = referentiels.en_vigueur(jour_metier).entrees.get("age")
    except AucuneVersionEnVigueur:
        return list(donnees)
    if entree is None or identite.provenance.source not in entree.sources:
        return list(donnees)
    age = Donnee(
        "age", age_au(identite.date_naissance, jour_metier), identite.provenance.source, identite.provenance.le
    )
    return [*(d for d in donnees if d.nom != "age"), age]
