"""Statistical secrecy for published tables (DOMAIN §4), applied before anything leaves the API.

- a count under ``SEUIL_EFFECTIF`` (11) is hidden (primary secrecy);
- a rate whose denominator is under ``SEUIL_TAUX`` (60) is not published;
- secondary secrecy: in every group whose total is published (a margin), a single hidden cell
  could be recovered by subtraction, so the smallest other cell of the group is hidden too;
- a hidden cell is marked secret, never shown as zero.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace

SEUIL_EFFECTIF = 11
SEUIL_TAUX = 60


@dataclass(frozen=True)
class Cellule:
    cle: tuple[str, ...]
    effectif: int
    secret: bool = False


def secret_primaire(cellules: Iterable[Cellule]) -> list[Cellule]:
    return [replace(c, secret=c.secret or c.effectif < SEUIL_EFFECTIF) for c in cellules]


def secret_secondaire(cellules: list[Cellule], marges: Iterable[Callable[[Cellule], Hashable]]) -> list[Cellule]:
    """Hides, in each margin group holding exactly one hidden cell, the smallest published one;
    repeats until no group (of any margin) exposes a lone hidden cell."""
    cellules = list(cellules)
    change = True
    while change:
        change = False
        for marge in marges:
            groupes: dict[Hashable, list[int]] = defaultdict(list)
            for i, cellule in enumerate(cellules):
                groupes[marge(cellule)].append(i)
            for indices in groupes.values():
                caches = [i for i in indices if cellules[i].secret]
                visibles = [i for i in indices if not cellules[i].secret]
                if len(caches) == 1 and visibles:
                    plus_petite = min(visibles, key=lambda i: (cellules[i].effectif, cellules[i].cle))
                    cellules[plus_petite] = replace(cellules[plus_petite], secret=True)
                    change = True
    return cellules


def taux_publiable(numerateur: int, denominateur: int) -> float | None:
    """A rate, or None (not published) when its denominator is too small."""
    if denominateur < SEUIL_TAUX:
        return None
    return round(numerateur / denominateur, 4)
