"""Evaluation of a referential for one person: the outcome and its full trace (CRPA R.311-3-1-2).

Pure, deterministic and total: the inputs are checked against the catalogue, then the rules are tried in
order until one holds (the last is ``sinon``, so one always does).

- **Missing inputs** are allowed: a comparison, a membership or a count on an input that was not given is
  false, and the trace says « non renseigné ». (``non`` of such a condition is therefore true: the shipped
  rules use ``different`` or ``egal: false``, which stay false when the input is missing.)
- **Short-circuit**: ``tous`` stops at its first false part, ``un_parmi`` at its first true one; the parts
  left are traced with no result. A count reads every key it counts.
- **Inputs read** (``entrees_lues``): the inputs given for the person that a condition looked at, in the
  order first read, over every rule evaluated (all the rules up to and including the one that fired); a map
  is read key by key (``freins.sante``). An input that was not given has nothing to read.
- **Sensitive data mattered** (``sensible``) when one of the inputs read is sensitive — a conservative
  reading of LIL art. 47 and RGPD art. 22: it may have weighed on the outcome even when another rule
  fired, so the proposal then needs human validation.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import eq, ge, gt, le, lt, ne
from typing import Any

from domain.decision import ReferenceReferentiel
from domain.orientation import EntreeLue, Orientation, PropositionOrientation, TraceCondition, TraceRegle
from domain.referentiel.catalogue import Entree, EntreeInconnue, ValeurEntree, ValeurSimple
from domain.referentiel.conditions import (
    Appartenance,
    Comparaison,
    Compte,
    Condition,
    Non,
    Operateur,
    Sinon,
    Tous,
    UnParmi,
    parties,
)
from domain.referentiel.description import decrire, decrire_condition, decrire_nombre, decrire_valeur
from domain.referentiel.modele import Decideur, Referentiel, Regle

OPERATIONS: dict[Operateur, Callable[[Any, Any], bool]] = {
    "egal": eq,
    "different": ne,
    "inferieur": lt,
    "inferieur_ou_egal": le,
    "superieur": gt,
    "superieur_ou_egal": ge,
}

Valeurs = Mapping[str, ValeurEntree]
Evalue = tuple[bool, list[TraceCondition]]


@dataclass(frozen=True)
class Evaluation:
    """What the referential proposes for one person, and why.

    ``validation_humaine``: a person must validate the proposal — the rule says so, it is an entretien
    d'orientation, or sensitive data mattered (LIL art. 47). ``decideur``: the authority competent to decide
    (CT L.5411-5-1 II). ``trace``: each rule evaluated, in order; the last one is the one that fired.
    """

    referentiel: ReferenceReferentiel
    regle: str
    orientation: Orientation | None
    validation_humaine: bool
    decideur: Decideur
    sensible: bool
    entrees_lues: tuple[str, ...]
    trace: tuple[TraceRegle, ...]

    @property
    def entretien_requis(self) -> bool:
        return self.orientation is None

    @property
    def confirmation_automatique(self) -> bool:
        """The algorithm alone may confirm the proposal: obvious, no sensitive data, and the deciding
        authority's policy allows it (``algorithme_seul``; CRPA R.311-3-1-2, 1°)."""
        return not self.validation_humaine and self.decideur.confirmation_automatique

    def proposition(self) -> PropositionOrientation:
        """The proposal as recorded in ``OrientationProposee``."""
        return PropositionOrientation(
            referentiel=self.referentiel,
            regle=self.regle,
            orientation=self.orientation,
            trace=self.trace,
            donnee_sensible=self.sensible,
            validation_humaine=self.validation_humaine,
        )


def verifier_valeurs(referentiel: Referentiel, valeurs: Valeurs) -> None:
    """Refuses an input outside the catalogue or a value outside its domain; ``None`` means not given."""
    for nom, valeur in valeurs.items():
        if nom not in referentiel.entrees:
            raise EntreeInconnue(
                f"{nom} : entrée inconnue du référentiel {referentiel.id} {referentiel.version} "
                f"(entrées : {', '.join(referentiel.entrees)})"
            )
        referentiel.entrees[nom].verifier(valeur)


def evaluer(referentiel: Referentiel, valeurs: Valeurs) -> Evaluation:
    """Applies the referential to one person's inputs: the first rule that holds gives the proposal."""
    verifier_valeurs(referentiel, valeurs)
    traces: list[TraceRegle] = []
    for regle in referentiel.regles:
        declenchee, conditions = evaluer_condition(regle.si, referentiel, valeurs)
        traces.append(_tracer(regle, declenchee, conditions, referentiel))
        if declenchee:
            break
    # The last rule is ``sinon`` (checked when the referential was built): ``regle`` is the one that fired.
    lues = tuple(dict.fromkeys(e.nom for t in traces for c in t.conditions for e in c.entrees if e.renseignee))
    sensible = any(referentiel.est_sensible(nom) for nom in lues)
    return Evaluation(
        referentiel=referentiel.reference(regle.id),
        regle=regle.id,
        orientation=regle.orientation,
        validation_humaine=regle.validation_humaine or sensible,
        decideur=_decideur(referentiel, valeurs),
        sensible=sensible,
        entrees_lues=lues,
        trace=tuple(traces),
    )


def evaluer_condition(condition: Condition, referentiel: Referentiel, valeurs: Valeurs, profondeur: int = 0) -> Evalue:
    """The condition's result and its trace: itself, then its parts in order, one level deeper."""
    match condition:
        case Tous(conditions):
            return _combiner(condition, conditions, False, referentiel, valeurs, profondeur)
        case UnParmi(conditions):
            return _combiner(condition, conditions, True, referentiel, valeurs, profondeur)
        case Non(partie):
            resultat, traces = evaluer_condition(partie, referentiel, valeurs, profondeur + 1)
            return not resultat, [_trace(condition, not resultat, profondeur, referentiel), *traces]
        case Sinon():
            return True, [_trace(condition, True, profondeur, referentiel)]
        case Comparaison() | Appartenance():
            return _comparer(condition, referentiel, valeurs, profondeur)
        case Compte():
            return _compter(condition, referentiel, valeurs, profondeur)


_DESCRIPTIONS: dict[tuple[str, Regle | Condition], str] = {}
"""French wordings already written, by referential hash and rule or condition: a published version
never changes, so its wordings need writing once (they were a third of an evaluation's time)."""


def _en_francais(element: Regle | Condition, referentiel: Referentiel) -> str:
    # The same hash means the same file, hence the same catalogue: equal elements read the same.
    cle = (referentiel.empreinte, element)
    if cle not in _DESCRIPTIONS:
        _DESCRIPTIONS[cle] = (
            decrire(element, referentiel)
            if isinstance(element, Regle)
            else decrire_condition(element, referentiel.entrees)
        )
    return _DESCRIPTIONS[cle]


def _decideur(referentiel: Referentiel, valeurs: Valeurs) -> Decideur:
    # The last decider is ``sinon``: one always matches.
    return next(d for d in referentiel.decideurs if evaluer_condition(d.si, referentiel, valeurs)[0])


def _tracer(regle: Regle, declenchee: bool, conditions: list[TraceCondition], referentiel: Referentiel) -> TraceRegle:
    etat = "déclenchée" if declenchee else "non déclenchée"
    return TraceRegle(
        regle=regle.id,
        declenchee=declenchee,
        explication=f"{_en_francais(regle, referentiel)} : {etat}",
        conditions=tuple(conditions),
    )


def _trace(
    condition: Condition,
    resultat: bool | None,
    profondeur: int,
    referentiel: Referentiel,
    entrees: tuple[EntreeLue, ...] = (),
    constat: str | None = None,
) -> TraceCondition:
    description = _en_francais(condition, referentiel)
    return TraceCondition(description, resultat, profondeur, entrees, constat)


def _combiner(
    condition: Condition,
    conditions: tuple[Condition, ...],
    decisif: bool,
    referentiel: Referentiel,
    valeurs: Valeurs,
    profondeur: int,
) -> Evalue:
    """``tous`` (decided by a false part) or ``un_parmi`` (decided by a true part)."""
    resultat: bool | None = None
    traces: list[TraceCondition] = []
    for partie in conditions:
        if resultat is None:
            valeur, sous = evaluer_condition(partie, referentiel, valeurs, profondeur + 1)
            resultat = decisif if valeur is decisif else None
            traces += sous
        else:
            traces += _non_evaluee(partie, referentiel, profondeur + 1)
    final = not decisif if resultat is None else resultat
    return final, [_trace(condition, final, profondeur, referentiel), *traces]


def _non_evaluee(condition: Condition, referentiel: Referentiel, profondeur: int) -> list[TraceCondition]:
    return [
        _trace(condition, None, profondeur, referentiel),
        *(trace for partie in parties(condition) for trace in _non_evaluee(partie, referentiel, profondeur + 1)),
    ]


def _comparer(
    condition: Comparaison | Appartenance, referentiel: Referentiel, valeurs: Valeurs, profondeur: int
) -> Evalue:
    entree = referentiel.entrees[condition.entree]
    valeur = _simple(valeurs.get(condition.entree))
    if valeur is None:
        resultat = False
    elif isinstance(condition, Comparaison):
        resultat = OPERATIONS[condition.operateur](valeur, condition.valeur)
    else:
        resultat = valeur in condition.valeurs
    lue = EntreeLue(condition.entree, valeur)
    constat = f"{entree.libelle} : {decrire_valeur(entree, valeur)}"
    return resultat, [_trace(condition, resultat, profondeur, referentiel, (lue,), constat)]


def _compter(compte: Compte, referentiel: Referentiel, valeurs: Valeurs, profondeur: int) -> Evalue:
    entree = referentiel.entrees[compte.entree]
    table = valeurs.get(compte.entree)
    if not isinstance(table, Mapping):
        lue = EntreeLue(compte.entree, None)
        constat = f"{entree.libelle} : non renseigné"
        return False, [_trace(compte, False, profondeur, referentiel, (lue,), constat)]
    niveaux = {cle: table.get(cle) for cle in compte.cles or entree.cles}
    nombre = sum(1 for niveau in niveaux.values() if niveau in compte.niveaux)
    resultat = compte.admet(nombre)
    lues = tuple(EntreeLue(f"{compte.entree}.{cle}", niveau) for cle, niveau in niveaux.items())
    detail = ", ".join(f"{entree.libelle_de(cle)} : {_niveau(entree, niveau)}" for cle, niveau in niveaux.items())
    constat = f"{decrire_nombre(compte, entree, nombre)} : {detail}"
    return resultat, [_trace(compte, resultat, profondeur, referentiel, lues, constat)]


def _niveau(entree: Entree, niveau: str | None) -> str:
    return "non renseigné" if niveau is None else entree.libelle_de(niveau)


def _simple(valeur: ValeurEntree) -> ValeurSimple | None:
    """A scalar input's value (the catalogue check has refused a map for it)."""
    return None if isinstance(valeur, Mapping) else valeur
