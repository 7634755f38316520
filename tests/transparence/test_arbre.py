"""The tree read from stored perfect subtrees: the published RFC 6962 vectors, the nodes each computation reads
(in one call), and agreement with a naive reading of RFC 9162 on every size."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.transparence.arbre import (
    HASH_VIDE,
    LecteurUnParUn,
    coordonnees_coherence,
    coordonnees_inclusion,
    coordonnees_racine,
    hash_feuille,
    preuve_coherence,
    preuve_inclusion,
    preuves_inclusion,
    racine,
)
from tests.transparence import reference, vecteurs
from tests.transparence.reference import MagasinEnMemoire


@pytest.fixture
def arbre_de_8() -> MagasinEnMemoire:
    """The 8 leaves of the RFC 6962 test vectors, appended and stored."""
    return MagasinEnMemoire(vecteurs.FEUILLES)


def test_les_noeuds_stockes_sont_ceux_des_vecteurs(arbre_de_8: MagasinEnMemoire) -> None:
    assert {c: h.hex() for c, h in arbre_de_8.noeuds.items()} == vecteurs.NOEUDS


@pytest.mark.parametrize("taille", range(9))
def test_la_racine_de_chaque_taille_est_celle_des_vecteurs(arbre_de_8: MagasinEnMemoire, taille: int) -> None:
    assert racine(taille, arbre_de_8).hex() == vecteurs.RACINES[taille]


def test_la_racine_de_l_arbre_vide_est_le_hash_de_la_chaine_vide() -> None:
    def aucun_noeud(niveau: int, index: int) -> bytes:
        raise AssertionError("l'arbre vide ne lit rien")

    assert racine(0, LecteurUnParUn(aucun_noeud)).hex() == HASH_VIDE.hex() == vecteurs.RACINES[0]


@pytest.mark.parametrize(("index", "taille", "attendue"), vecteurs.INCLUSIONS)
def test_les_preuves_d_inclusion_sont_celles_des_vecteurs(
    arbre_de_8: MagasinEnMemoire, index: int, taille: int, attendue: list[str]
) -> None:
    assert [h.hex() for h in preuve_inclusion(index, taille, arbre_de_8)] == attendue


@pytest.mark.parametrize(("ancienne", "nouvelle", "attendue"), vecteurs.COHERENCES)
def test_les_preuves_de_coherence_sont_celles_des_vecteurs(
    arbre_de_8: MagasinEnMemoire, ancienne: int, nouvelle: int, attendue: list[str]
) -> None:
    assert [h.hex() for h in preuve_coherence(ancienne, nouvelle, arbre_de_8)] == attendue


@pytest.mark.parametrize(("index", "taille", "noeuds"), vecteurs.NOEUDS_INCLUSION)
def test_une_preuve_d_inclusion_lit_les_noeuds_de_transparency_dev(
    index: int, taille: int, noeuds: set[tuple[int, int]]
) -> None:
    coordonnees = coordonnees_inclusion(index, taille)
    assert set(coordonnees) == noeuds
    assert len(coordonnees) == len(noeuds)


@pytest.mark.parametrize(("ancienne", "nouvelle", "noeuds"), vecteurs.NOEUDS_COHERENCE)
def test_une_preuve_de_coherence_lit_les_noeuds_de_transparency_dev(
    ancienne: int, nouvelle: int, noeuds: set[tuple[int, int]]
) -> None:
    coordonnees = coordonnees_coherence(ancienne, nouvelle)
    assert set(coordonnees) == noeuds
    assert len(coordonnees) == len(noeuds)


@pytest.mark.parametrize("taille", [1, 2, 3, 7, 8, 300, 1023, 10_000_000, 2**63 + 12345])
def test_la_racine_se_lit_sur_la_frontiere_un_noeud_par_bit_de_la_taille(taille: int) -> None:
    frontiere = coordonnees_racine(taille)
    assert len(frontiere) == taille.bit_count()
    debut = 0
    for niveau, index in frontiere:  # contiguous, largest first, up to the last leaf
        assert index << niveau == debut
        debut += 1 << niveau
    assert debut == taille
    assert [n for n, _ in frontiere] == sorted({n for n, _ in frontiere}, reverse=True)


def test_une_preuve_dans_dix_millions_de_feuilles_lit_moins_de_cinquante_noeuds() -> None:
    for index in (0, 1, 4_999_999, 9_999_998, 9_999_999):
        assert len(coordonnees_inclusion(index, 10_000_000)) <= 2 * 24
    for ancienne in (1, 8_388_608, 9_999_999, 4_242_424):
        assert len(coordonnees_coherence(ancienne, 10_000_000)) <= 2 * 24


def test_chaque_calcul_lit_le_magasin_une_seule_fois(arbre_de_8: MagasinEnMemoire) -> None:
    racine(7, arbre_de_8)
    preuve_inclusion(2, 7, arbre_de_8)
    preuve_coherence(3, 7, arbre_de_8)
    assert arbre_de_8.lectures == [coordonnees_racine(7), coordonnees_inclusion(2, 7), coordonnees_coherence(3, 7)]


def test_une_preuve_d_une_taille_passee_ne_lit_que_des_noeuds_de_cette_taille() -> None:
    for ancienne in range(1, 40):
        for nouvelle in range(ancienne, 40):
            lus = coordonnees_coherence(ancienne, nouvelle) + coordonnees_inclusion(ancienne - 1, nouvelle)
            assert all((index + 1) << niveau <= nouvelle for niveau, index in lus)


@pytest.mark.parametrize(("index", "taille"), [(0, 0), (3, 3), (-1, 4), (8, 7)])
def test_pas_de_preuve_d_inclusion_hors_de_l_arbre(arbre_de_8: MagasinEnMemoire, index: int, taille: int) -> None:
    with pytest.raises(ValueError, match="hors d'un arbre"):
        preuve_inclusion(index, taille, arbre_de_8)


@pytest.mark.parametrize(("ancienne", "nouvelle"), [(0, 0), (0, 5), (6, 5), (-1, 3)])
def test_pas_de_preuve_de_coherence_hors_de_0_ancienne_nouvelle(
    arbre_de_8: MagasinEnMemoire, ancienne: int, nouvelle: int
) -> None:
    with pytest.raises(ValueError, match="pas de preuve de cohérence"):
        preuve_coherence(ancienne, nouvelle, arbre_de_8)


def test_un_magasin_qui_rend_un_noeud_de_moins_est_refuse(arbre_de_8: MagasinEnMemoire) -> None:
    class MagasinIncomplet:
        def lire(self, coordonnees: object) -> list[bytes]:
            return [hash_feuille(b"")]

    with pytest.raises(ValueError, match="nœuds pour"):
        preuve_inclusion(0, 8, MagasinIncomplet())


def test_toutes_les_tailles_jusqu_a_64_s_accordent_avec_la_lecture_naive_de_la_rfc() -> None:
    feuilles = reference.feuilles_distinctes(64)
    magasin = MagasinEnMemoire(feuilles)
    for nouvelle in range(1, 65):
        assert racine(nouvelle, magasin) == reference.mth(feuilles[:nouvelle])
        for m in range(nouvelle):
            assert preuve_inclusion(m, nouvelle, magasin) == reference.path(m, feuilles[:nouvelle])
            assert preuve_coherence(m + 1, nouvelle, magasin) == reference.proof(m + 1, feuilles[:nouvelle])


@given(st.integers(min_value=1, max_value=300), st.data())
def test_les_preuves_s_accordent_avec_la_lecture_naive_de_la_rfc(taille: int, donnees: st.DataObject) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    magasin = MagasinEnMemoire(feuilles)
    m = donnees.draw(st.integers(min_value=0, max_value=taille - 1), label="index")
    assert racine(taille, magasin) == reference.mth(feuilles)
    assert preuve_inclusion(m, taille, magasin) == reference.path(m, feuilles)
    assert preuve_coherence(m + 1, taille, magasin) == reference.proof(m + 1, feuilles)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.integers(0, n - 1), max_size=20))))
def test_les_preuves_d_un_dossier_sont_celles_de_chacune_lues_en_une_fois(
    taille_et_indices: tuple[int, list[int]],
) -> None:
    taille, indices = taille_et_indices
    magasin = MagasinEnMemoire([f"feuille {i}".encode() for i in range(taille)])

    ensemble = preuves_inclusion(indices, taille, magasin)

    assert len(magasin.lectures) == 1
    assert ensemble == [preuve_inclusion(i, taille, magasin) for i in indices]
