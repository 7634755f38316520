"""The RFC 9162 §2.1 Merkle tree, read from a store of perfect-subtree hashes.

The store (not this module) keeps one hash per *perfect subtree*: the node ``(niveau, index)`` is the hash of
the leaves ``[index * 2**niveau, (index + 1) * 2**niveau)``. Such a node never changes once its last leaf is
appended, so it is written once and read by every later root and proof. A tree whose size is not a power of
two has a ragged right edge: its nodes there are not stored but recomputed from the perfect subtrees that
cover them (RFC 9162's MTH splits every range the same way).

Each computation comes in two steps so that a database answers it with one query: ``coordonnees_*`` lists the
stored nodes it needs, then ``racine`` / ``preuve_*`` fetch them through ``LecteurDeNoeuds.lire`` in a single
call and combine them. A proof of a past tree size reads only nodes that existed at that size.
"""

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

Coordonnee = tuple[int, int]
"""``(niveau, index)`` of a perfect subtree: leaves ``[index << niveau, (index + 1) << niveau)``."""

Plage = tuple[int, int]
"""Leaves ``[debut, fin)`` of a subtree as RFC 9162 splits the tree; its hash is that range's MTH."""

TAILLE_HASH = 32
HASH_VIDE = hashlib.sha256(b"").digest()
"""The root of the empty tree (RFC 9162 §2.1.1: the hash of the empty string)."""


def hash_feuille(octets: bytes) -> bytes:
    """RFC 9162 §2.1.1: the 0x00 prefix keeps a leaf from passing for a node (second-preimage resistance)."""
    return hashlib.sha256(b"\x00" + octets).digest()


def hash_noeud(gauche: bytes, droite: bytes) -> bytes:
    """RFC 9162 §2.1.1: an interior node, prefixed 0x01."""
    return hashlib.sha256(b"\x01" + gauche + droite).digest()


class LecteurDeNoeuds(Protocol):
    """Where the perfect-subtree hashes are stored: one call reads every node a computation needs."""

    def lire(self, coordonnees: Sequence[Coordonnee]) -> Sequence[bytes]:
        """The hashes of the given nodes, in the same order; every node asked for exists in the store."""
        ...


class LecteurUnParUn:
    """Adapts a function reading one node at a time (a dict, a cache) to ``LecteurDeNoeuds``."""

    def __init__(self, noeud: Callable[[int, int], bytes]) -> None:
        self._noeud = noeud

    def lire(self, coordonnees: Sequence[Coordonnee]) -> list[bytes]:
        return [self._noeud(niveau, index) for niveau, index in coordonnees]


# --- Which nodes -------------------------------------------------------------------------------------------


def coordonnees_racine(taille: int) -> list[Coordonnee]:
    """The nodes the root of a tree of ``taille`` leaves is computed from: its right edge (the "frontier")."""
    _verifier_taille(taille)
    return _parfaits((0, taille))


def coordonnees_inclusion(index: int, taille: int) -> list[Coordonnee]:
    """The nodes an inclusion proof of leaf ``index`` in the tree of ``taille`` leaves is computed from."""
    return _coordonnees(plages_inclusion(index, taille))


def coordonnees_coherence(ancienne: int, nouvelle: int) -> list[Coordonnee]:
    """The nodes a consistency proof from ``ancienne`` to ``nouvelle`` leaves is computed from."""
    return _coordonnees(plages_coherence(ancienne, nouvelle))


def plages_inclusion(index: int, taille: int) -> list[Plage]:
    """RFC 9162 §2.1.3.1 PATH(index, D[taille]): the subtrees whose hashes make the audit path, leaf first."""
    _verifier_taille(taille)
    if not 0 <= index < taille:
        raise ValueError(f"feuille {index} hors d'un arbre de {taille} feuilles")
    plages: list[Plage] = []
    debut, fin = 0, taille
    while fin - debut > 1:
        k = _plus_grande_puissance_de_deux_sous(fin - debut)
        if index < debut + k:
            plages.append((debut + k, fin))
            fin = debut + k
        else:
            plages.append((debut, debut + k))
            debut += k
    plages.reverse()
    return plages


def plages_coherence(ancienne: int, nouvelle: int) -> list[Plage]:
    """RFC 9162 §2.1.4.1 PROOF(ancienne, D[nouvelle]) = SUBPROOF(ancienne, D[nouvelle], true), deepest first.

    Defined for 0 < ancienne <= nouvelle; equal sizes give an empty proof.
    """
    _verifier_taille(nouvelle)
    if not 0 < ancienne <= nouvelle:
        raise ValueError(f"pas de preuve de cohérence de {ancienne} à {nouvelle} feuilles")
    plages: list[Plage] = []
    debut, fin, racine_ancienne_connue = 0, nouvelle, True
    while fin != ancienne:  # the old tree's leaves in [debut, fin) are [debut, ancienne)
        k = _plus_grande_puissance_de_deux_sous(fin - debut)
        if ancienne - debut <= k:
            plages.append((debut + k, fin))
            fin = debut + k
        else:
            plages.append((debut, debut + k))
            debut += k
            racine_ancienne_connue = False
    if not racine_ancienne_connue:
        plages.append((debut, fin))  # SUBPROOF(m, D[m], false) = {MTH(D[m])}
    plages.reverse()
    return plages


# --- Computing from the fetched nodes ----------------------------------------------------------------------


def racine(taille: int, noeuds: LecteurDeNoeuds) -> bytes:
    """The root hash of the tree of ``taille`` leaves (RFC 9162 §2.1.1 MTH), from one read of its frontier."""
    if taille == 0:
        _verifier_taille(taille)
        return HASH_VIDE
    return _hashes_des_plages([(0, taille)], noeuds)[0]


def preuve_inclusion(index: int, taille: int, noeuds: LecteurDeNoeuds) -> list[bytes]:
    """RFC 9162 §2.1.3.1 audit path of leaf ``index`` in the tree of ``taille`` leaves, from one read."""
    return _hashes_des_plages(plages_inclusion(index, taille), noeuds)


def preuves_inclusion(indices: Sequence[int], taille: int, noeuds: LecteurDeNoeuds) -> list[list[bytes]]:
    """The audit paths of several leaves in the tree of ``taille`` leaves, from one read of all their nodes
    (a dossier's export: its proofs share their upper nodes, and a store answers one query, not one each)."""
    plages = [plages_inclusion(index, taille) for index in indices]
    hashes = _hashes_des_plages([plage for chemin in plages for plage in chemin], noeuds)
    preuves, debut = [], 0
    for chemin in plages:
        preuves.append(hashes[debut : debut + len(chemin)])
        debut += len(chemin)
    return preuves


def preuve_coherence(ancienne: int, nouvelle: int, noeuds: LecteurDeNoeuds) -> list[bytes]:
    """RFC 9162 §2.1.4.1 consistency proof from ``ancienne`` to ``nouvelle`` leaves, from one read."""
    return _hashes_des_plages(plages_coherence(ancienne, nouvelle), noeuds)


def _hashes_des_plages(plages: Sequence[Plage], noeuds: LecteurDeNoeuds) -> list[bytes]:
    decompositions = [_parfaits(plage) for plage in plages]
    coordonnees = list(dict.fromkeys(c for decomposition in decompositions for c in decomposition))
    lus = noeuds.lire(coordonnees)
    if len(lus) != len(coordonnees) or any(len(h) != TAILLE_HASH for h in lus):
        raise ValueError(f"le magasin a rendu {len(lus)} nœuds pour {len(coordonnees)} demandés, ou un hash tronqué")
    hashes = dict(zip(coordonnees, lus, strict=True))
    return [replier([hashes[c] for c in decomposition]) for decomposition in decompositions]


def replier(parfaits: Sequence[bytes]) -> bytes:
    """The MTH of a range from the hashes of its perfect subtrees, left to right (largest first).

    RFC 9162 splits a range at the largest power of two below its size, so its hash nests the perfect
    subtrees from the right: ``hash_noeud(p0, hash_noeud(p1, ... p_last))``.
    """
    if not parfaits:
        raise ValueError("aucun sous-arbre à replier")
    resultat = parfaits[-1]
    for parfait in reversed(parfaits[:-1]):
        resultat = hash_noeud(parfait, resultat)
    return resultat


def _coordonnees(plages: Sequence[Plage]) -> list[Coordonnee]:
    return list(dict.fromkeys(c for plage in plages for c in _parfaits(plage)))


def _parfaits(plage: Plage) -> list[Coordonnee]:
    """The perfect subtrees covering ``[debut, fin)``, left to right, each as large as its alignment allows.

    For the ranges RFC 9162 makes (``debut`` a multiple of a power of two at least ``fin - debut``) this is
    the binary decomposition of the size, largest first, which ``replier`` folds into the range's MTH.
    """
    debut, fin = plage
    coordonnees: list[Coordonnee] = []
    while debut < fin:
        niveau = (fin - debut).bit_length() - 1
        if debut:
            niveau = min(niveau, (debut & -debut).bit_length() - 1)  # a node starts at a multiple of its width
        coordonnees.append((niveau, debut >> niveau))
        debut += 1 << niveau
    return coordonnees


def _plus_grande_puissance_de_deux_sous(n: int) -> int:
    """RFC 9162's k: the largest power of two strictly smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _verifier_taille(taille: int) -> None:
    if taille < 0:
        raise ValueError(f"taille d'arbre négative : {taille}")
