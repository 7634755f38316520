"""Folding events through a view with no database: given events, then the row."""

from typing import Any

from projections.vue import Vue


def plier(vue: Vue[Any], evenements: list[Any]) -> Any:
    ligne = None
    for evenement in evenements:
        ligne = vue.evoluer(ligne, evenement)
    return ligne
