"""The orientation referential as published data: catalogue, deciders, ordered rules, conditions as data,
and their evaluation with a full trace (CT L.5411-5-1; CRPA L.311-3-1, R.311-3-1-2, L.312-1-3; LIL art. 47).

Pure: the files are read, checked against their registry of published hashes and turned into these
values by ``infrastructure.referentiels``.
"""

from domain.referentiel.catalogue import (
    Entree,
    EntreeInconnue,
    EntreeInvalide,
    ReferentielIncoherent,
    TypeEntree,
    ValeurEntree,
    ValeurHorsDomaine,
    ValeurSimple,
)
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
)
from domain.referentiel.description import decrire
from domain.referentiel.evaluation import Evaluation, evaluer, verifier_valeurs
from domain.referentiel.modele import (
    AucuneVersionEnVigueur,
    Decideur,
    Referentiel,
    Referentiels,
    Regle,
    VersionInconnue,
)

__all__ = [
    "Appartenance",
    "AucuneVersionEnVigueur",
    "Comparaison",
    "Compte",
    "Condition",
    "Decideur",
    "Entree",
    "EntreeInconnue",
    "EntreeInvalide",
    "Evaluation",
    "Non",
    "Operateur",
    "Referentiel",
    "ReferentielIncoherent",
    "Referentiels",
    "Regle",
    "Sinon",
    "Tous",
    "TypeEntree",
    "UnParmi",
    "ValeurEntree",
    "ValeurHorsDomaine",
    "ValeurSimple",
    "VersionInconnue",
    "decrire",
    "evaluer",
    "verifier_valeurs",
]
