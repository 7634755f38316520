"""The appender stores each perfect node once, equal to the subtree hash computed directly, batch or not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.transparence.arbre import HASH_VIDE, coordonnees_racine, hash_feuille
from infrastructure.transparence.frontiere import Frontiere, ajouter, noeuds_a_stocker
from tests.transparence import reference, vecteurs
from tests.transparence.reference import MagasinEnMemoire


def test_les_huit_feuilles_donnent_les_quinze_noeuds_des_vecteurs() -> None:
    noeuds = noeuds_a_stocker([hash_feuille(f) for f in vecteurs.FEUILLES])
    assert {(n.niveau, n.index): n.hash.hex() for n in noeuds} == vecteurs.NOEUDS
    assert len(noeuds) == len(vecteurs.NOEUDS)


def test_la_frontiere_donne_la_racine_de_chaque_taille_sans_lecture() -> None:
    frontiere = Frontiere.vide()
    assert frontiere.racine().hex() == vecteurs.RACINES[0]
    for taille, feuille in enumerate(vecteurs.FEUILLES, start=1):
        _, frontiere = ajouter(frontiere, [hash_feuille(feuille)])
        assert frontiere.racine().hex() == vecteurs.RACINES[taille]


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=12))
def test_par_lots_ou_une_a_une_les_memes_noeuds(lots: list[int]) -> None:
    feuilles = [hash_feuille(f) for f in reference.feuilles_distinctes(sum(lots))]
    frontiere, stockes, debut = Frontiere.vide(), [], 0
    for taille_du_lot in lots:  # given leaves appended in batches of any size
        nouveaux, frontiere = ajouter(frontiere, feuilles[debut : debut + taille_du_lot])
        stockes += nouveaux
        debut += taille_du_lot
    assert stockes == noeuds_a_stocker(feuilles)
    assert frontiere.racine() == reference.mth(reference.feuilles_distinctes(len(feuilles)))


@given(st.integers(min_value=0, max_value=300))
def test_chaque_noeud_stocke_est_le_hash_de_son_sous_arbre_et_une_seule_fois(taille: int) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    noeuds = noeuds_a_stocker([hash_feuille(f) for f in feuilles])
    coordonnees = [(n.niveau, n.index) for n in noeuds]
    assert len(set(coordonnees)) == len(coordonnees) == 2 * taille - taille.bit_count()
    for n in noeuds:
        assert n.hash == reference.mth(feuilles[n.index << n.niveau : (n.index + 1) << n.niveau])


def test_la_frontiere_se_relit_du_magasin_et_l_ajout_continue() -> None:
    feuilles = reference.feuilles_distinctes(100)
    magasin = MagasinEnMemoire(feuilles[:77])
    frontiere = Frontiere.lire(77, magasin)  # given a writer restarting on a stored tree of 77 leaves
    assert magasin.lectures == [coordonnees_racine(77)]
    nouveaux, frontiere = ajouter(frontiere, [hash_feuille(f) for f in feuilles[77:]])
    tout = {(n.niveau, n.index): n.hash for n in nouveaux} | magasin.noeuds
    assert tout == MagasinEnMemoire(feuilles).noeuds
    assert not {(n.niveau, n.index) for n in nouveaux} & set(magasin.noeuds)
    assert frontiere.racine() == reference.mth(feuilles)


def test_un_ajout_vide_ne_change_rien() -> None:
    frontiere = Frontiere.lire(5, MagasinEnMemoire(reference.feuilles_distinctes(5)))
    assert ajouter(frontiere, []) == ([], frontiere)


def test_les_noeuds_de_la_frontiere_sont_ses_coordonnees() -> None:
    _, frontiere = ajouter(Frontiere.vide(), [hash_feuille(f) for f in vecteurs.FEUILLES[:7]])
    assert [(n.niveau, n.index) for n in frontiere.noeuds()] == frontiere.coordonnees() == [(2, 0), (1, 2), (0, 6)]
    assert [n.hash.hex() for n in frontiere.noeuds()] == [vecteurs.NOEUDS[c] for c in [(2, 0), (1, 2), (0, 6)]]


@pytest.mark.parametrize(
    ("taille", "hashes"),
    [(3, (HASH_VIDE,)), (-1, ()), (2, (HASH_VIDE[:31],)), (0, (HASH_VIDE,))],
    ids=["un nœud de moins", "taille négative", "hash tronqué", "un nœud de trop"],
)
def test_une_frontiere_incoherente_est_refusee(taille: int, hashes: tuple[bytes, ...]) -> None:
    with pytest.raises(ValueError, match=r"frontière|SHA-256"):
        Frontiere(taille, hashes)


def test_une_feuille_qui_n_est_pas_un_hash_est_refusee() -> None:
    with pytest.raises(ValueError, match="hash_feuille"):
        ajouter(Frontiere.vide(), [b"un evenement en clair"])
