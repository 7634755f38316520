"""Properties over the whole domain of the catalogue, missing inputs included: evaluation is total and
deterministic, its trace names the fired rule, and sensitive data is flagged whenever it was read."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from domain.referentiel import Comparaison, Entree, Referentiel, evaluer
from domain.referentiel.conditions import sous_conditions
from tests.referentiel.conftest import PUBLIE


def valeurs_de(referentiel: Referentiel, entree: Entree) -> st.SearchStrategy[Any]:
    """Any value of the input's domain, as the catalogue states it; for an integer, the thresholds of the
    rules and their neighbours are drawn as often as the rest of the range."""
    match entree.type:
        case "bool":
            return st.booleans()
        case "int":
            return st.integers(entree.minimum, entree.maximum) | st.sampled_from(seuils(referentiel, entree))
        case "enum":
            return st.sampled_from(entree.valeurs)
        case "map":
            return st.dictionaries(st.sampled_from(entree.cles), st.sampled_from(entree.valeurs))


def seuils(referentiel: Referentiel, entree: Entree) -> list[int]:
    comparees = {
        condition.valeur
        for regle in referentiel.regles
        for condition in sous_conditions(regle.si)
        if isinstance(condition, Comparaison) and condition.entree == entree.nom
    }
    voisins = {v + ecart for v in comparees if isinstance(v, int) for ecart in (-1, 0, 1)}
    return sorted(v for v in voisins if entree.admet(v)) or [entree.minimum or 0]


@st.composite
def cas(draw: st.DrawFn) -> tuple[Referentiel, dict[str, Any]]:
    """A published version, and inputs for a person: all given, or each absent, ``None`` or given."""
    referentiel = draw(st.sampled_from(PUBLIE.versions()))
    domaines = {nom: valeurs_de(referentiel, entree) for nom, entree in referentiel.entrees.items()}
    if draw(st.booleans()):
        return referentiel, draw(st.fixed_dictionaries(domaines))
    optionnelles = {nom: st.none() | domaine for nom, domaine in domaines.items()}
    return referentiel, draw(st.fixed_dictionaries({}, optional=optionnelles))


def sensibles(referentiel: Referentiel) -> set[str]:
    """The sensitive inputs and map keys, straight from the catalogue."""
    return {nom for nom, e in referentiel.entrees.items() if e.sensible} | {
        f"{nom}.{cle}" for nom, e in referentiel.entrees.items() for cle in e.cles_sensibles
    }


@given(cas())
def test_l_evaluation_est_totale_et_deterministe(cas: tuple[Referentiel, dict[str, Any]]) -> None:
    referentiel, valeurs = cas

    evaluation = evaluer(referentiel, valeurs)

    assert evaluer(referentiel, dict(valeurs)) == evaluation
    regle = next(r for r in referentiel.regles if r.id == evaluation.regle)
    assert evaluation.orientation == regle.orientation, "an orientation, or None for an entretien"
    assert evaluation.entretien_requis == (regle.orientation is None)


@given(cas())
def test_la_trace_nomme_la_regle_declenchee_en_derniere(cas: tuple[Referentiel, dict[str, Any]]) -> None:
    referentiel, valeurs = cas

    trace = evaluer(referentiel, valeurs).trace

    assert [t.regle for t in trace if t.declenchee] == [trace[-1].regle]
    assert trace[-1].regle == evaluer(referentiel, valeurs).regle
    assert [t.regle for t in trace] == [r.id for r in referentiel.regles[: len(trace)]], "in order, none skipped"


@given(cas())
def test_la_trace_de_chaque_regle_montre_chacune_de_ses_conditions(cas: tuple[Referentiel, dict[str, Any]]) -> None:
    referentiel, valeurs = cas

    for trace, regle in zip(evaluer(referentiel, valeurs).trace, referentiel.regles, strict=False):
        assert len(trace.conditions) == len(list(sous_conditions(regle.si)))
        assert trace.conditions[0].resultat is trace.declenchee


@given(cas())
def test_une_donnee_sensible_lue_est_toujours_signalee(cas: tuple[Referentiel, dict[str, Any]]) -> None:
    referentiel, valeurs = cas

    evaluation = evaluer(referentiel, valeurs)

    lues_sensibles = sensibles(referentiel) & set(evaluation.entrees_lues)
    assert evaluation.sensible == bool(lues_sensibles)
    if not evaluation.sensible:
        assert not lues_sensibles
    else:
        assert evaluation.validation_humaine
        assert not evaluation.confirmation_automatique


@given(cas())
def test_les_entrees_lues_sont_renseignees(cas: tuple[Referentiel, dict[str, Any]]) -> None:
    referentiel, valeurs = cas

    evaluation = evaluer(referentiel, valeurs)

    for nom in evaluation.entrees_lues:
        entree, _, cle = nom.partition(".")
        valeur = valeurs.get(entree)
        assert valeur is not None
        assert not cle or cle in valeur
