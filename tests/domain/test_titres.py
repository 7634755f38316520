"""Every rule of the domain carries a stable ``code`` and a short French ``titre`` (the problem document's title)."""

import importlib
import pkgutil
from collections import Counter

import domain.regles
from domain.erreurs import RegleEnfreinte

TITRE_MAX = 80


def sous_classes(classe: type[RegleEnfreinte]) -> list[type[RegleEnfreinte]]:
    directes = classe.__subclasses__()
    return directes + [petite for sous in directes for petite in sous_classes(sous)]


def regles() -> list[type[RegleEnfreinte]]:
    for module in pkgutil.iter_modules(domain.regles.__path__, prefix=f"{domain.regles.__name__}."):
        importlib.import_module(module.name)
    trouvees = {r for r in sous_classes(RegleEnfreinte) if r.__module__.startswith(f"{domain.regles.__name__}.")}
    return sorted(trouvees, key=lambda r: r.__name__)


def doublons(valeurs: list[str]) -> set[str]:
    return {valeur for valeur, nombre in Counter(valeurs).items() if nombre > 1}


def test_les_regles_du_domaine_sont_toutes_trouvees() -> None:
    noms = {r.__name__ for r in regles()}
    assert {"ParcoursNonInscrit", "ContratAvantNotification", "DecisionAvantFinContradictoire"} <= noms


def test_chaque_regle_a_un_titre_court_et_non_vide() -> None:
    fautives = {
        r.__name__: vars(r).get("titre")
        for r in regles()
        if not isinstance(vars(r).get("titre"), str) or not 0 < len(vars(r)["titre"].strip()) <= TITRE_MAX
    }
    assert fautives == {}


def test_deux_regles_n_ont_jamais_le_meme_titre() -> None:
    assert doublons([r.titre for r in regles()]) == set()


def test_deux_regles_n_ont_jamais_le_meme_code() -> None:
    assert doublons([r.code for r in regles()]) == set()
