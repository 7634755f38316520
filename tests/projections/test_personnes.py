"""The persons view as a pure fold: the person's events in, one row out; blanked on erasure."""

from datetime import date
from typing import Any
from uuid import UUID

from domain.horloge import sous_horloge
from domain.identite import Adresse, Contact
from domain.personne import Personne
from projections.personnes import LigneDePersonne, Personnes
from projections.vue import plier
from tests.support import faits
from tests.support.personnes import DECLAREE, fiche, identite

PERSONNE_ID = UUID("00000000-0000-4000-8000-0000000000aa")
AUTRE_ID = UUID("00000000-0000-4000-8000-0000000000bb")
PARCOURS = (UUID("00000000-0000-4000-8000-000000000001"), UUID("00000000-0000-4000-8000-000000000002"))
PARIS_2 = Contact(DECLAREE, adresse=Adresse(("1 rue de la Paix",), "75002", "Paris", "75102"))


def evenements(*pas: Any) -> list[Any]:
    """The events of a person registered as Amélie Lefèvre, then of each step ``pas(personne, decision)``."""
    d = faits.decision()
    with sous_horloge(lambda: d.effective_le):
        personne = Personne.enregistrer(fiche("Lefèvre", "Amélie"), d, PERSONNE_ID)
        for etape in pas:
            etape(personne, d)
    return list(personne.collect_events())


def ligne(*pas: Any) -> LigneDePersonne | None:
    resultat: LigneDePersonne | None = plier(Personnes(), evenements(*pas))
    return resultat


def rattache(parcours_id: UUID) -> Any:
    return lambda p, d: p.rattacher_parcours(parcours_id, None, d)


def test_une_personne_enregistree_donne_son_nom_affiche_et_les_mots_de_la_recherche() -> None:
    assert ligne(rattache(PARCOURS[0])) == LigneDePersonne(
        str(PERSONNE_ID),
        nom_affiche="LEFÈVRE Amélie",
        noms="lefevre amelie",
        date_naissance=date(1990, 4, 12),
        parcours=(str(PARCOURS[0]),),
    )


def test_l_identite_corrigee_la_commune_et_le_dernier_parcours_suivent() -> None:
    lue = ligne(
        rattache(PARCOURS[0]),
        lambda p, d: p.corriger_identite(identite("Moreau", "Amélie"), d),
        lambda p, d: p.changer_contact(PARIS_2, d),
        rattache(PARCOURS[1]),
    )

    assert lue is not None
    assert (lue.nom_affiche, lue.noms, lue.code_insee) == ("MOREAU Amélie", "moreau amelie", "75102")
    assert lue.parcours == tuple(map(str, PARCOURS))
    assert lue.parcours_actuel == str(PARCOURS[1])


def test_la_fusion_dit_ou_la_personne_est_allee_et_son_annulation_la_rend() -> None:
    fusionnee = ligne(lambda p, d: p.fusionner_dans(AUTRE_ID, None, d))
    rendue = ligne(lambda p, d: p.fusionner_dans(AUTRE_ID, None, d), lambda p, d: p.annuler_fusion(d))

    assert fusionnee is not None
    assert fusionnee.fusionnee_dans == str(AUTRE_ID)
    assert fusionnee.nom_affiche == "LEFÈVRE Amélie"
    assert rendue is not None
    assert rendue.fusionnee_dans is None


def test_l_effacement_vide_chaque_colonne_personnelle_et_garde_la_ligne_et_ses_parcours() -> None:
    effacee = ligne(rattache(PARCOURS[0]), lambda p, d: p.changer_contact(PARIS_2, d), lambda p, d: p.effacer(None, d))

    assert effacee == LigneDePersonne(str(PERSONNE_ID), parcours=(str(PARCOURS[0]),), effacee=True)


def test_une_identite_relue_effacee_ne_montre_rien() -> None:
    """Events read back once the key is gone carry the stand-ins (``None`` for an identity)."""
    [enregistree] = evenements()
    vue = Personnes()

    lue = vue.evoluer(None, enregistree)
    relue = vue.evoluer(None, _sans_identite(enregistree))

    assert lue is not None
    assert lue.nom_affiche == "LEFÈVRE Amélie"
    assert relue == LigneDePersonne(str(PERSONNE_ID))


def test_la_vue_ignore_les_evenements_des_parcours() -> None:
    vue = Personnes()

    assert vue.cle(object()) is None
    assert vue.evoluer(None, object()) is None


def _sans_identite(evenement: Any) -> Any:
    copie = object.__new__(type(evenement))
    copie.__dict__.update({**evenement.__dict__, "identite": None, "contact": None})
    return copie
