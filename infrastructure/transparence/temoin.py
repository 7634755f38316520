"""The witness: an outside body (a court registry, a département) that cosigns the log's checkpoints only if
each extends the last one it cosigned, so that the log cannot show two different histories to two readers.

Pure logic, following the checks of c2sp.org/tlog-witness (``add-checkpoint``): the caller keeps one ``Etat``
per log origin (a small JSON document), passes it with the log's new signed checkpoint and a consistency
proof, and stores the new state it gets back before handing out the cosignature line. Reading the state,
examining and writing it back must be one atomic step (a lock on the file): otherwise two requests could
both pass and the stored size go back (tlog-witness describes the race).
"""

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Self

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.transparence.arbre import HASH_VIDE
from infrastructure.transparence.note import (
    TYPE_ED25519,
    Checkpoint,
    CleDeVerification,
    NoteInvalide,
    base64_strict,
    cosigner,
    decouper_note,
    verifier_note,
)
from infrastructure.transparence.verification import verifier_coherence

FORMAT = "parcours-temoin/v1"


class EtatIllisible(ValueError):
    """The state document is not one this code wrote: the witness stops rather than forget what it cosigned."""


@dataclass(frozen=True)
class Etat:
    """What a witness remembers of one log: the last checkpoint it cosigned, and the log's signed note of it,
    kept as evidence should the log later sign a checkpoint that contradicts it."""

    origine: str
    taille: int = 0
    racine: bytes = HASH_VIDE
    note: str | None = None
    """The log-signed note, as received; None only before the first cosignature (size 0)."""

    def __post_init__(self) -> None:
        Checkpoint(self.origine, self.taille, self.racine)  # the same limits as a checkpoint
        if self.taille == 0 and self.racine != HASH_VIDE:
            raise EtatIllisible("l'arbre vide a pour racine le hash de la chaîne vide")
        if self.note is None and self.taille:
            raise EtatIllisible("un état au-delà de l'arbre vide garde la note signée du journal")
        if self.note is not None and _resume(Checkpoint.lire(decouper_note(self.note)[0])) != _resume(self):
            raise EtatIllisible("la note gardée ne porte pas le checkpoint de l'état")

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.origine, self.taille, self.racine)

    def vers_json(self) -> str:
        contenu = {"format": FORMAT, "origine": self.origine, "taille": self.taille}
        return json.dumps({**contenu, "racine": base64.b64encode(self.racine).decode(), "note": self.note})

    @classmethod
    def depuis_json(cls, texte: str) -> Self:
        """The state written by ``vers_json``, checked field by field."""
        try:
            document = json.loads(texte)
            if not isinstance(document, dict) or set(document) != {"format", "origine", "taille", "racine", "note"}:
                raise EtatIllisible("champs inattendus")
            origine, taille, racine, note = (document[c] for c in ("origine", "taille", "racine", "note"))
            if document["format"] != FORMAT or not isinstance(origine, str) or type(taille) is not int:
                raise EtatIllisible(f"format, origine ou taille invalide (format attendu : {FORMAT})")
            if not isinstance(racine, str) or not (note is None or isinstance(note, str)):
                raise EtatIllisible("racine ou note invalide")
            return cls(origine, taille, base64_strict(racine), note)
        except EtatIllisible:
            raise
        except ValueError as erreur:  # JSON, base64, checkpoint or note malformed
            raise EtatIllisible(f"état du témoin illisible : {erreur}") from erreur


@dataclass(frozen=True)
class Temoin:
    """The witness's identity: its key name and its private key (cosignatures are type 0x04)."""

    nom: str
    cle: Ed25519PrivateKey

    def cle_de_verification(self) -> CleDeVerification:
        """What the witness publishes, so that readers of the log can check its cosignatures."""
        return CleDeVerification.du_temoin(self.nom, self.cle.public_key())


class Cosignature(NamedTuple):
    etat: Etat
    """The state to store before handing out ``ligne``."""
    ligne: str
    """The signature line to append to the log's note (``note.ajouter_signatures``)."""


class Refus(Exception):
    """Why the witness does not cosign. ``str()`` is the message for people; ``statut`` the tlog-witness HTTP
    status an API would answer with."""

    statut = 422


class OrigineInconnue(Refus):
    statut = 404


class SignatureDuJournalInvalide(Refus):
    """The note is not signed by the log's key, or is malformed: nothing in it can be believed."""

    statut = 403


class TailleAncienneDifferente(Refus):
    """The log built its proof from a size the witness has not cosigned; it should retry from ``taille_connue``."""

    statut = 409

    def __init__(self, taille_connue: int, taille_annoncee: int) -> None:
        super().__init__(f"le témoin a cosigné l'arbre de {taille_connue} feuilles, pas de {taille_annoncee}")
        self.taille_connue = taille_connue


class RetourEnArriere(Refus):
    """A checkpoint smaller than one already cosigned: a log only grows."""

    statut = 400

    def __init__(self, connu: Checkpoint, recu: Checkpoint) -> None:
        super().__init__(f"retour en arrière : {recu.taille} feuilles après en avoir cosigné {connu.taille}")
        self.taille_connue = connu.taille
        self.connu, self.recu = connu, recu


class ArbreVideInvalide(Refus):
    """RFC 9162: the root of the empty tree is the hash of the empty string, and nothing else."""


class PreuveDeCoherenceInvalide(Refus):
    """The proof does not show that the new tree extends the one cosigned (or a proof where none is due)."""


class Contradiction(Refus):
    """Two checkpoints of the same size and different roots, both signed by the log: the log showed two
    histories. Both signed notes are kept here as evidence; anyone with the log's public key can check them."""

    def __init__(self, connu: Checkpoint, recu: Checkpoint, note_connue: str | None, note_recue: str) -> None:
        super().__init__(
            f"contradiction : le journal {recu.origine} a signé deux racines différentes pour {recu.taille} feuilles"
        )
        self.connu, self.recu = connu, recu
        self.note_connue, self.note_recue = note_connue, note_recue


def origine_de(note: str) -> str:
    """The origin a note claims, unverified: to pick the state and the log key to examine it with."""
    try:
        return Checkpoint.lire(decouper_note(note)[0]).origine
    except NoteInvalide as erreur:
        raise SignatureDuJournalInvalide(f"note illisible : {erreur}") from erreur


def examiner(
    etat: Etat,
    note: str,
    preuve_coherence: Sequence[bytes],
    cle_du_journal: CleDeVerification,
    temoin: Temoin,
    maintenant: datetime,
    *,
    ancienne_taille: int | None = None,
) -> Cosignature:
    """Cosigns the log's new checkpoint if it extends the one last cosigned, or raises the ``Refus`` saying why.

    ``preuve_coherence`` goes from ``etat.taille`` to the new size (empty from the empty tree or for the same
    size). ``ancienne_taille`` is the size the log says its proof starts from (tlog-witness's ``old`` line),
    if it says one. The same checkpoint again is cosigned again, with the new time: a cosignature states
    the largest tree seen *as of* its time.
    """
    if cle_du_journal.type_signature != TYPE_ED25519:
        raise ValueError("la clé du journal signe des notes (type 0x01), pas des cosignatures")
    if (origine := origine_de(note)) != etat.origine:
        raise OrigineInconnue(f"le témoin ne suit pas le journal {origine}")
    try:
        recu, _ = verifier_note(note, [cle_du_journal])
    except NoteInvalide as erreur:
        raise SignatureDuJournalInvalide(f"checkpoint refusé : {erreur}") from erreur
    if ancienne_taille is not None and ancienne_taille != etat.taille:
        raise TailleAncienneDifferente(etat.taille, ancienne_taille)
    _verifier_extension(etat, note, recu, preuve_coherence)
    ligne = cosigner(recu.texte(), temoin.nom, temoin.cle, maintenant)
    return Cosignature(Etat(recu.origine, recu.taille, recu.racine, note), ligne)


def _verifier_extension(etat: Etat, note: str, recu: Checkpoint, preuve: Sequence[bytes]) -> None:
    """tlog-witness add-checkpoint: the checks between the cosigned state and the new checkpoint."""
    connu = etat.checkpoint()
    if recu.taille == 0 and recu.racine != HASH_VIDE:
        raise ArbreVideInvalide("un arbre vide a pour racine le hash de la chaîne vide")
    if recu.taille < connu.taille:
        raise RetourEnArriere(connu, recu)
    if recu.taille == connu.taille and recu.racine != connu.racine:
        raise Contradiction(connu, recu, etat.note, note)
    if connu.taille in (0, recu.taille) and preuve:
        raise PreuveDeCoherenceInvalide("aucune preuve n'est due depuis l'arbre vide ou pour la même taille")
    if 0 < connu.taille < recu.taille and not verifier_coherence(
        connu.taille, recu.taille, connu.racine, recu.racine, preuve
    ):
        raise PreuveDeCoherenceInvalide(
            f"la preuve ne montre pas que l'arbre de {recu.taille} feuilles prolonge celui de {connu.taille}"
        )


def _resume(x: Checkpoint | Etat) -> tuple[str, int, bytes]:
    return x.origine, x.taille, x.racine
