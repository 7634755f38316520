"""RFC 9162 verifiers of inclusion and consistency proofs: what a client, an auditor or a witness runs.

They need nothing but hashes, and say only yes or no: a proof from outside is hostile until it checks out,
so anything out of shape (a size out of range, a hash of the wrong length, a proof too long or too short
for its sizes) is a no, never an exception. Verifiers that once accepted bad proofs did so by skipping
one of these checks; the tests in ``tests/transparence`` try each.
"""

import hmac
from collections.abc import Sequence

from infrastructure.transparence.arbre import TAILLE_HASH, hash_noeud

TAILLE_MAX = (1 << 64) - 1
"""Tree sizes are unsigned 64-bit integers in every C2SP format (checkpoints, tlog-witness)."""


def verifier_inclusion(hash_feuille: bytes, index: int, taille: int, preuve: Sequence[bytes], racine: bytes) -> bool:
    """RFC 9162 §2.1.3.2: the leaf hash ``hash_feuille`` is at ``index`` in the tree of ``taille`` leaves whose
    root is ``racine``, by the audit path ``preuve``."""
    if not (_tailles_valides(index, taille) and _hashes_valides(hash_feuille, racine, *preuve)) or index >= taille:
        return False
    fn, sn, r = index, taille - 1, hash_feuille
    for p in preuve:
        if sn == 0:  # the path is longer than the tree is high
            return False
        if fn & 1 or fn == sn:
            r = hash_noeud(p, r)
            fn, sn = _monter_tant_que_pair(fn, sn)  # on the right edge, levels with no sibling are skipped
        else:
            r = hash_noeud(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(r, racine)


def verifier_coherence(
    ancienne: int, nouvelle: int, racine_ancienne: bytes, racine_nouvelle: bytes, preuve: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: the tree of ``nouvelle`` leaves rooted at ``racine_nouvelle`` extends the tree of
    ``ancienne`` leaves rooted at ``racine_ancienne``, by the consistency proof ``preuve``.

    RFC 9162 defines proofs for 0 < ancienne <= nouvelle only: from the empty tree there is nothing to prove,
    and a caller that accepted any root there would vouch for a root nobody checked, so 0 is refused here (a
    witness handles its first checkpoint itself). Equal sizes need an empty proof and equal roots.
    """
    if not (_tailles_valides(ancienne, nouvelle) and _hashes_valides(racine_ancienne, racine_nouvelle, *preuve)):
        return False
    if ancienne == 0 or ancienne > nouvelle:
        return False
    if ancienne == nouvelle:
        return not preuve and hmac.compare_digest(racine_ancienne, racine_nouvelle)
    if not preuve:
        return False
    return _verifier_chemin_coherence(ancienne, nouvelle, racine_ancienne, racine_nouvelle, preuve)


def _verifier_chemin_coherence(
    ancienne: int, nouvelle: int, racine_ancienne: bytes, racine_nouvelle: bytes, preuve: Sequence[bytes]
) -> bool:
    """Steps 2 to 7 of RFC 9162 §2.1.4.2, for 0 < ancienne < nouvelle and a non-empty proof."""
    chemin = list(preuve)
    if ancienne & (ancienne - 1) == 0:  # the old tree is perfect: its root is the proof's unstated first node
        chemin.insert(0, racine_ancienne)
    fn, sn = ancienne - 1, nouvelle - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = chemin[0]
    for c in chemin[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = hash_noeud(c, fr), hash_noeud(c, sr)
            fn, sn = _monter_tant_que_pair(fn, sn)
        else:
            sr = hash_noeud(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(fr, racine_ancienne) and hmac.compare_digest(sr, racine_nouvelle)


def _monter_tant_que_pair(fn: int, sn: int) -> tuple[int, int]:
    """ "If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0"."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def _tailles_valides(*tailles: int) -> bool:
    return all(isinstance(t, int) and not isinstance(t, bool) and 0 <= t <= TAILLE_MAX for t in tailles)


def _hashes_valides(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == TAILLE_HASH for h in hashes)
