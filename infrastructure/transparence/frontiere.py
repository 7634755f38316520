"""The appender: from new leaf hashes to the perfect-subtree nodes a writer stores, each once.

The *frontier* of a tree of ``taille`` leaves is its compact range: the perfect subtrees covering
``[0, taille)``, largest first (one per bit set in ``taille``). Appending a leaf adds the node ``(0, taille)``
and merges the two rightmost subtrees while they are of equal height, each merge giving the next perfect
node. So every node is computed once, from hashes already in hand, in O(log N) per leaf, and a log of N
leaves stores about 2N nodes (N leaves and N - popcount(N) interior nodes).

The frontier needs no table of its own: its nodes are stored nodes, the ones ``coordonnees_racine(taille)``
names, so a writer reloads it with ``Frontiere.lire``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Self

from infrastructure.transparence.arbre import (
    HASH_VIDE,
    TAILLE_HASH,
    Coordonnee,
    LecteurDeNoeuds,
    coordonnees_racine,
    hash_noeud,
    replier,
)


@dataclass(frozen=True, slots=True)
class Noeud:
    """A perfect-subtree node to store: the hash of leaves ``[index << niveau, (index + 1) << niveau)``."""

    niveau: int
    index: int
    hash: bytes


@dataclass(frozen=True)
class Frontiere:
    """The right edge of the tree: enough to append leaves and to compute the root with no read."""

    taille: int
    hashes: tuple[bytes, ...]
    """The perfect subtrees covering ``[0, taille)``, largest (leftmost) first."""

    def __post_init__(self) -> None:
        if self.taille < 0 or len(self.hashes) != self.taille.bit_count():
            raise ValueError(f"une frontière de {self.taille} feuilles a {self.taille.bit_count()} nœuds")
        if any(len(h) != TAILLE_HASH for h in self.hashes):
            raise ValueError("un nœud de la frontière n'est pas un hash SHA-256")

    @classmethod
    def vide(cls) -> Self:
        return cls(0, ())

    @classmethod
    def lire(cls, taille: int, noeuds: LecteurDeNoeuds) -> Self:
        """The frontier of a stored tree, from one read of its right-edge nodes."""
        return cls(taille, tuple(noeuds.lire(coordonnees_racine(taille))))

    def coordonnees(self) -> list[Coordonnee]:
        return coordonnees_racine(self.taille)

    def racine(self) -> bytes:
        """The tree's root hash (RFC 9162 MTH), the value a checkpoint signs."""
        return replier(self.hashes) if self.hashes else HASH_VIDE

    def noeuds(self) -> list[Noeud]:
        return [Noeud(n, i, h) for (n, i), h in zip(self.coordonnees(), self.hashes, strict=True)]


def ajouter(frontiere: Frontiere, feuilles: Iterable[bytes]) -> tuple[list[Noeud], Frontiere]:
    """Appends leaf hashes (``hash_feuille`` of each entry, in log order) to the tree.

    Returns the nodes that became perfect, to store (leaves first, then each merge, in order), and the new
    frontier. A batch of n leaves costs n + (number of merges) node hashes, at most 2n in all.
    """
    bord = frontiere.noeuds()
    nouveaux: list[Noeud] = []
    taille = frontiere.taille
    for feuille in feuilles:
        if len(feuille) != TAILLE_HASH:
            raise ValueError("une feuille s'ajoute par son hash SHA-256 (hash_feuille)")
        noeud = Noeud(0, taille, feuille)
        nouveaux.append(noeud)
        while bord and bord[-1].niveau == noeud.niveau:
            gauche = bord.pop()
            noeud = Noeud(noeud.niveau + 1, gauche.index >> 1, hash_noeud(gauche.hash, noeud.hash))
            nouveaux.append(noeud)
        bord.append(noeud)
        taille += 1
    return nouveaux, Frontiere(taille, tuple(n.hash for n in bord))


def noeuds_a_stocker(feuilles: Sequence[bytes]) -> list[Noeud]:
    """Every perfect node of a tree built from scratch: what a backfill of an existing store writes."""
    return ajouter(Frontiere.vide(), feuilles)[0]
