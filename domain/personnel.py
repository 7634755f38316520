"""Which fields hold personal data, and what a reader sees of them once the person is erased (DESIGN §7).

A value object or an event declares its personal fields in ``PERSONNELS``: field name -> what stands in
for it once the person's key is erased. The store seals each such field with the person's key (the
mapper, ``infrastructure/scellement.py``); the domain only names them, once, beside the field. What is
not declared stays in clear: codes, dates, legal bases, ids and authors, which the proof and the
indicators read after erasure.
"""

from collections.abc import Mapping
from typing import Any

EFFACE = "[donnée effacée]"
"""What a personal text reads as once its person was erased."""


def personnels(classe: type[Any]) -> Mapping[str, Any]:
    """The personal fields a class declares, with their erased stand-ins (none by default)."""
    declares: Mapping[str, Any] = getattr(classe, "PERSONNELS", {})
    return declares
