"""The RFC 9162 verifiers accept the published proofs and refuse every altered one.

Verifiers have shipped that accepted bad proofs (immudb's client, Haskell's hash-tree): a path one node too
long or too short, nodes swapped, a proof for another index or tree size. The alterations below are those of
transparency-dev/merkle's ``testdata`` probes, applied to the published vectors, then to random trees.
"""

from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.transparence.arbre import HASH_VIDE, hash_feuille, preuve_coherence, preuve_inclusion, racine
from infrastructure.transparence.verification import TAILLE_MAX, verifier_coherence, verifier_inclusion
from tests.transparence import reference, vecteurs
from tests.transparence.reference import MagasinEnMemoire

Inclusion = tuple[bytes, int, int, list[bytes], bytes]
Coherence = tuple[int, int, bytes, bytes, list[bytes]]
AUTRE = hash_feuille(b"autre chose")


def _racine(taille: int) -> bytes:
    return bytes.fromhex(vecteurs.RACINES[taille])


def _inclusions_publiees() -> Iterator[Inclusion]:
    for index, taille, preuve in vecteurs.INCLUSIONS:
        yield hash_feuille(vecteurs.FEUILLES[index]), index, taille, [bytes.fromhex(h) for h in preuve], _racine(taille)


def _coherences_publiees() -> Iterator[Coherence]:
    for ancienne, nouvelle, preuve in vecteurs.COHERENCES:
        yield ancienne, nouvelle, _racine(ancienne), _racine(nouvelle), [bytes.fromhex(h) for h in preuve]


def _bit_change(h: bytes, bit: int = 0) -> bytes:
    return h[: bit // 8] + bytes([h[bit // 8] ^ (1 << bit % 8)]) + h[bit // 8 + 1 :]


def alterations_inclusion(cas: Inclusion) -> Iterator[tuple[str, Inclusion]]:
    feuille, index, taille, preuve, racine_ = cas
    yield "autre feuille", (AUTRE, index, taille, preuve, racine_)
    yield "index + 1", (feuille, index + 1, taille, preuve, racine_)
    yield "index - 1", (feuille, index - 1, taille, preuve, racine_)
    yield "index ^ 2", (feuille, index ^ 2, taille, preuve, racine_)
    yield "index = taille", (feuille, taille, taille, preuve, racine_)
    yield "taille * 2", (feuille, index, taille * 2, preuve, racine_)
    yield "taille // 2", (feuille, index, taille // 2, preuve, racine_)
    yield "taille 0", (feuille, index, 0, preuve, racine_)
    yield "racine vide", (feuille, index, taille, preuve, HASH_VIDE)
    yield "racine modifiée", (feuille, index, taille, preuve, _bit_change(racine_))
    yield "racine ajoutée à la fin", (feuille, index, taille, [*preuve, racine_], racine_)
    yield "nœud ajouté au début", (feuille, index, taille, [AUTRE, *preuve], racine_)
    yield "nœud ajouté à la fin", (feuille, index, taille, [*preuve, AUTRE], racine_)
    yield "feuille tronquée", (feuille[:31], index, taille, preuve, racine_)
    if index == 1:
        yield "index booléen", (feuille, True, taille, preuve, racine_)
    for i in range(len(preuve)):
        yield f"nœud {i} retiré", (feuille, index, taille, preuve[:i] + preuve[i + 1 :], racine_)
        yield f"nœud {i} modifié", (feuille, index, taille, _modifie(preuve, i), racine_)
        yield f"nœud {i} tronqué", (feuille, index, taille, [*preuve[:i], preuve[i][:31], *preuve[i + 1 :]], racine_)
    for i in range(len(preuve) - 1):
        yield f"nœuds {i} et {i + 1} échangés", (feuille, index, taille, _echange(preuve, i), racine_)


def alterations_coherence(cas: Coherence) -> Iterator[tuple[str, Coherence]]:
    ancienne, nouvelle, r1, r2, preuve = cas
    if r1 != r2:
        yield "racines échangées", (ancienne, nouvelle, r2, r1, preuve)
    yield "ancienne racine modifiée", (ancienne, nouvelle, _bit_change(r1), r2, preuve)
    yield "nouvelle racine modifiée", (ancienne, nouvelle, r1, _bit_change(r2), preuve)
    yield "ancienne + 1", (ancienne + 1, nouvelle, r1, r2, preuve)
    yield "ancienne - 1", (ancienne - 1, nouvelle, r1, r2, preuve)
    yield "ancienne ^ 2", (ancienne ^ 2, nouvelle, r1, r2, preuve)
    yield "nouvelle * 2", (ancienne, nouvelle * 2, r1, r2, preuve)
    if nouvelle // 2 != ancienne:
        yield "nouvelle // 2", (ancienne, nouvelle // 2, r1, r2, preuve)
    yield "ancienne 0", (0, nouvelle, HASH_VIDE, r2, preuve)
    yield "ancienne racine au début", (ancienne, nouvelle, r1, r2, [r1, *preuve])
    yield "nouvelle racine au début", (ancienne, nouvelle, r1, r2, [r2, *preuve])
    yield "ancienne racine à la fin", (ancienne, nouvelle, r1, r2, [*preuve, r1])
    yield "nouvelle racine à la fin", (ancienne, nouvelle, r1, r2, [*preuve, r2])
    yield "nœud ajouté au début", (ancienne, nouvelle, r1, r2, [AUTRE, *preuve])
    yield "nœud ajouté à la fin", (ancienne, nouvelle, r1, r2, [*preuve, AUTRE])
    yield "racine tronquée", (ancienne, nouvelle, r1[:31], r2, preuve)
    for i in range(len(preuve)):
        yield f"nœud {i} retiré", (ancienne, nouvelle, r1, r2, preuve[:i] + preuve[i + 1 :])
        yield f"nœud {i} modifié", (ancienne, nouvelle, r1, r2, _modifie(preuve, i))
    for i in range(len(preuve) - 1):
        yield f"nœuds {i} et {i + 1} échangés", (ancienne, nouvelle, r1, r2, _echange(preuve, i))


def _modifie(preuve: list[bytes], i: int) -> list[bytes]:
    return [*preuve[:i], _bit_change(preuve[i], 3 + i), *preuve[i + 1 :]]


def _echange(preuve: list[bytes], i: int) -> list[bytes]:
    return [*preuve[:i], preuve[i + 1], preuve[i], *preuve[i + 2 :]]


def _alterees(alterations: Callable[..., Iterator[tuple[str, tuple[object, ...]]]], cas: object) -> list[object]:
    return [pytest.param(*altere, id=nom) for nom, altere in alterations(cas)]


@pytest.mark.parametrize("cas", list(_inclusions_publiees()))
def test_les_preuves_d_inclusion_publiees_sont_acceptees(cas: Inclusion) -> None:
    assert verifier_inclusion(*cas)


@pytest.mark.parametrize("cas", list(_coherences_publiees()))
def test_les_preuves_de_coherence_publiees_sont_acceptees(cas: Coherence) -> None:
    assert verifier_coherence(*cas)


@pytest.mark.parametrize(
    ("feuille", "index", "taille", "preuve", "racine_"),
    [p for cas in _inclusions_publiees() for p in _alterees(alterations_inclusion, cas)],
)
def test_une_preuve_d_inclusion_alteree_est_refusee(
    feuille: bytes, index: int, taille: int, preuve: list[bytes], racine_: bytes
) -> None:
    assert not verifier_inclusion(feuille, index, taille, preuve, racine_)


@pytest.mark.parametrize(
    ("ancienne", "nouvelle", "r1", "r2", "preuve"),
    [p for cas in _coherences_publiees() for p in _alterees(alterations_coherence, cas)],
)
def test_une_preuve_de_coherence_alteree_est_refusee(
    ancienne: int, nouvelle: int, r1: bytes, r2: bytes, preuve: list[bytes]
) -> None:
    assert not verifier_coherence(ancienne, nouvelle, r1, r2, preuve)


@pytest.mark.parametrize(
    ("ancienne", "nouvelle", "r1", "r2", "preuve", "attendu"),
    [
        pytest.param(1, 1, _racine(1), _racine(1), [], True, id="mêmes tailles, mêmes racines, preuve vide"),
        pytest.param(1, 1, _racine(1), _racine(2), [], False, id="mêmes tailles, racines différentes"),
        pytest.param(4, 4, _racine(4), _racine(4), [_racine(4)], False, id="mêmes tailles, preuve non vide"),
        pytest.param(0, 0, HASH_VIDE, HASH_VIDE, [], False, id="deux arbres vides: rien à prouver"),
        pytest.param(0, 3, HASH_VIDE, _racine(3), [], False, id="depuis l'arbre vide"),
        pytest.param(5, 3, _racine(5), _racine(3), [], False, id="ancienne plus grande que nouvelle"),
        pytest.param(2, 5, _racine(2), _racine(5), [], False, id="tailles différentes, preuve vide"),
        pytest.param(-1, 3, _racine(1), _racine(3), [], False, id="taille négative"),
        pytest.param(1, TAILLE_MAX + 1, _racine(1), _racine(3), [], False, id="taille au-delà de 2^64 - 1"),
    ],
)
def test_les_cas_limites_de_la_coherence(
    ancienne: int, nouvelle: int, r1: bytes, r2: bytes, preuve: list[bytes], attendu: bool
) -> None:
    assert verifier_coherence(ancienne, nouvelle, r1, r2, preuve) is attendu


def test_une_feuille_seule_est_sa_propre_racine() -> None:
    feuille = hash_feuille(vecteurs.FEUILLES[0])
    assert verifier_inclusion(feuille, 0, 1, [], _racine(1))
    assert not verifier_inclusion(feuille, 0, 1, [], HASH_VIDE)
    assert not verifier_inclusion(feuille, 0, 1, [feuille], _racine(1))
    assert not verifier_inclusion(feuille, 0, 0, [], HASH_VIDE)


@given(st.integers(min_value=1, max_value=300))
def test_dans_un_arbre_au_hasard_toutes_les_preuves_sont_acceptees(taille: int) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    magasin = MagasinEnMemoire(feuilles)
    racine_ = racine(taille, magasin)
    for m in range(taille):
        assert verifier_inclusion(hash_feuille(feuilles[m]), m, taille, preuve_inclusion(m, taille, magasin), racine_)
        preuve = preuve_coherence(m + 1, taille, magasin)
        assert verifier_coherence(m + 1, taille, racine(m + 1, magasin), racine_, preuve)


@given(st.integers(min_value=1, max_value=300), st.data())
def test_dans_un_arbre_au_hasard_une_preuve_d_inclusion_alteree_est_refusee(
    taille: int, donnees: st.DataObject
) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    magasin = MagasinEnMemoire(feuilles)
    m = donnees.draw(st.integers(min_value=0, max_value=taille - 1), label="index")
    cas = (hash_feuille(feuilles[m]), m, taille, preuve_inclusion(m, taille, magasin), racine(taille, magasin))
    nom, altere = donnees.draw(st.sampled_from(list(alterations_inclusion(cas))))
    assert not verifier_inclusion(*altere), nom


@given(st.integers(min_value=2, max_value=300), st.data())
def test_dans_un_arbre_au_hasard_une_preuve_de_coherence_alteree_est_refusee(
    taille: int, donnees: st.DataObject
) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    magasin = MagasinEnMemoire(feuilles)
    m = donnees.draw(st.integers(min_value=1, max_value=taille - 1), label="ancienne taille")
    cas = (m, taille, racine(m, magasin), racine(taille, magasin), preuve_coherence(m, taille, magasin))
    nom, altere = donnees.draw(st.sampled_from(list(alterations_coherence(cas))))
    assert not verifier_coherence(*altere), nom


@given(st.integers(min_value=2, max_value=200), st.data())
def test_une_preuve_ne_vaut_pas_pour_un_autre_index_ni_une_autre_taille(taille: int, donnees: st.DataObject) -> None:
    feuilles = reference.feuilles_distinctes(taille)
    magasin = MagasinEnMemoire(feuilles)
    m = donnees.draw(st.integers(min_value=0, max_value=taille - 2), label="index")
    autre = donnees.draw(st.integers(min_value=m + 1, max_value=taille - 1), label="autre taille")
    j = donnees.draw(st.integers(min_value=0, max_value=taille - 1).filter(lambda j: j != m), label="autre index")
    feuille, inclusion = hash_feuille(feuilles[m]), preuve_inclusion(m, taille, magasin)
    coherence = preuve_coherence(m + 1, taille, magasin)
    # given proofs made for leaf m and the tree of `taille` leaves, when checked for another tree or another leaf
    assert not verifier_inclusion(feuille, m, autre, inclusion, racine(autre, magasin))
    assert not verifier_inclusion(hash_feuille(feuilles[j]), j, taille, inclusion, racine(taille, magasin))
    assert not verifier_inclusion(feuille, j, taille, inclusion, racine(taille, magasin))
    assert not verifier_coherence(m + 1, autre, racine(m + 1, magasin), racine(autre, magasin), coherence)
    a = donnees.draw(st.integers(min_value=1, max_value=taille).filter(lambda a: a != m + 1), label="autre ancienne")
    assert not verifier_coherence(a, taille, racine(a, magasin), racine(taille, magasin), coherence)
