"""A second, naive reading of RFC 9162 §2.1 over a list of leaves, and a store of nodes in memory.

The reference recurses on the leaves exactly as the RFC's definitions do (MTH, PATH, SUBPROOF), with none of
the node bookkeeping of ``arbre``: if both agree on every size, neither is likely to be wrong in the same way.
"""

import hashlib
from collections.abc import Sequence

from infrastructure.transparence.arbre import Coordonnee, hash_feuille, hash_noeud
from infrastructure.transparence.frontiere import noeuds_a_stocker


def mth(feuilles: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.1 MTH over the leaf inputs."""
    if not feuilles:
        return hashlib.sha256(b"").digest()
    if len(feuilles) == 1:
        return hash_feuille(feuilles[0])
    k = _k(len(feuilles))
    return hash_noeud(mth(feuilles[:k]), mth(feuilles[k:]))


def path(m: int, feuilles: Sequence[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    if len(feuilles) == 1:
        return []
    k = _k(len(feuilles))
    if m < k:
        return [*path(m, feuilles[:k]), mth(feuilles[k:])]
    return [*path(m - k, feuilles[k:]), mth(feuilles[:k])]


def proof(m: int, feuilles: Sequence[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    return _subproof(m, feuilles, connu=True)


def _subproof(m: int, feuilles: Sequence[bytes], connu: bool) -> list[bytes]:
    if m == len(feuilles):
        return [] if connu else [mth(feuilles)]
    k = _k(len(feuilles))
    if m <= k:
        return [*_subproof(m, feuilles[:k], connu), mth(feuilles[k:])]
    return [*_subproof(m - k, feuilles[k:], False), mth(feuilles[:k])]


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def feuilles_distinctes(n: int) -> list[bytes]:
    """Leaf inputs that all differ, so that no two nodes of the tree have the same hash."""
    return [f"événement {i}".encode() for i in range(n)]


class MagasinEnMemoire:
    """What a database table of nodes would hold, filled by the appender; counts the reads it answers."""

    def __init__(self, feuilles: Sequence[bytes]) -> None:
        self.noeuds = {(n.niveau, n.index): n.hash for n in noeuds_a_stocker([hash_feuille(f) for f in feuilles])}
        self.lectures: list[list[Coordonnee]] = []

    def lire(self, coordonnees: Sequence[Coordonnee]) -> list[bytes]:
        self.lectures.append(list(coordonnees))
        return [self.noeuds[c] for c in coordonnees]
