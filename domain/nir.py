"""The NIR (numéro d'inscription au répertoire, « numéro de sécurité sociale ») and its control key.

Its 15 characters, as the INSEE writes them: sex (1, 2; 3, 4, 7, 8 for numbers being assigned or
temporary), year and month of birth, département (``2A``/``2B`` for Corsica), commune, order number
of the birth in that commune and month (``001``-``999``), then the key: 97 minus the 13 first
characters' number modulo 97, Corsica's ``2A`` and ``2B`` counted as ``19`` and ``18``. The key
catches any single wrong digit (97 is prime and divides no ``d * 10**k`` with ``0 < d < 10``).
"""

import re

from domain.valeur import ValeurInvalide

_NIR = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}[0-9]{2}")
_SEPARATEURS = re.compile(r"[\s.]")


def cle_nir(treize: str) -> int:
    """The control key of the NIR's 13 first characters (1 to 97)."""
    return 97 - int(treize.upper().replace("2A", "19").replace("2B", "18")) % 97


def normaliser_nir(valeur: str) -> str:
    """The NIR's 15 characters, without spaces or dots; ``ValeurInvalide`` when malformed or when
    its control key is wrong."""
    nir = _SEPARATEURS.sub("", valeur).upper()
    if len(nir) != 15:
        raise ValeurInvalide("nir : 15 caractères attendus (13 chiffres et la clé)")
    if not _NIR.fullmatch(nir):
        raise ValeurInvalide("nir : format invalide")
    if cle_nir(nir[:13]) != int(nir[13:]):
        raise ValeurInvalide("nir : clé de contrôle erronée")
    return nir
