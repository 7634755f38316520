"""Every view says, for every event of the catalogue, what it does with it: applies it, ignores it, or
starts its row with it (``projections.vue.Aiguillage``). An event added to the catalogue and left
unsaid by a view fails here, instead of being silently ignored by that view."""

from typing import Any

import pytest

from domain.evenements import CATALOGUE, CATALOGUE_PERSONNE, EvenementParcours, nom
from domain.parcours import Parcours
from infrastructure.execution_projections import NOMS_DES_VUES, VUES
from projections import corbeilles, dossier, faits, journal, personnes
from projections.vue import Aiguillage, plier
from tests.domain.chaque_evenement import histoires

AIGUILLAGES: dict[str, Aiguillage[Any, Any]] = {
    dossier.Dossier.nom: dossier.TRANSITIONS,
    journal.Journal.nom: journal.TEXTES,
    corbeilles.Corbeilles.nom: corbeilles.TRANSITIONS,
    faits.Faits.nom: faits.TRANSITIONS,
}


class EvenementAjoute(Parcours.Event):
    """An event a later change would add to the aggregate."""


def non_dits(aiguillage: Aiguillage[Any, Any], catalogue: tuple[type[EvenementParcours], ...]) -> set[str]:
    return {classe.__name__ for classe in set(catalogue) - aiguillage.dits}


VUES_DES_PARCOURS = [vue for vue in VUES if Parcours.Event in getattr(vue, "evenements_lus", (Parcours.Event,))]


def test_chaque_vue_du_service_a_son_aiguillage() -> None:
    assert set(AIGUILLAGES) | {personnes.Personnes.nom} == set(NOMS_DES_VUES)
    assert [vue.nom for vue in VUES_DES_PARCOURS] == list(AIGUILLAGES)


def test_la_vue_des_personnes_dit_ce_qu_elle_fait_de_chaque_evenement_de_la_personne() -> None:
    assert set(personnes.TRANSITIONS) == set(CATALOGUE_PERSONNE)


def test_chaque_vue_dit_ce_qu_elle_fait_de_chaque_evenement_du_catalogue_et_d_aucun_autre() -> None:
    for vue, aiguillage in AIGUILLAGES.items():
        assert (vue, non_dits(aiguillage, CATALOGUE)) == (vue, set())
        assert (vue, {classe.__name__ for classe in aiguillage.dits - set(CATALOGUE)}) == (vue, set())


def test_un_evenement_ajoute_au_catalogue_que_les_vues_n_ont_pas_dit_est_signale_pour_chacune() -> None:
    catalogue: tuple[type[EvenementParcours], ...] = (*CATALOGUE, EvenementAjoute)

    signales = {vue: non_dits(aiguillage, catalogue) for vue, aiguillage in AIGUILLAGES.items()}

    assert signales == {vue: {"EvenementAjoute"} for vue in AIGUILLAGES}


def test_le_journal_a_une_phrase_pour_chaque_evenement_du_parcours() -> None:
    assert len(journal.TEXTES.appliques) == 39
    assert journal.TEXTES.appliques == set(CATALOGUE)


def test_chaque_vue_plie_chaque_histoire_jusqu_a_son_dernier_evenement() -> None:
    for evenements in histoires():
        lignes = {vue.nom: plier(vue, evenements) for vue in VUES_DES_PARCOURS}
        ligne_dossier = lignes[dossier.Dossier.nom]

        assert all(ligne is not None for ligne in lignes.values()), lignes
        assert isinstance(ligne_dossier, dossier.LigneDossier)
        assert ligne_dossier.dernier_evenement == nom(evenements[-1])
        assert ligne_dossier.version == len(evenements)


def test_un_evenement_dit_deux_fois_par_une_vue_est_refuse() -> None:
    phrases = Aiguillage[[], str]

    with pytest.raises(ValueError, match="Sorti"):
        phrases(phrases.quand(Parcours.Sorti, lambda e: "sortie"), ignore=(Parcours.Sorti,))
    with pytest.raises(ValueError, match="Radie"):
        phrases(phrases.quand(Parcours.Radie, lambda e: "radiation"), phrases.quand(Parcours.Radie, lambda e: "radiée"))
