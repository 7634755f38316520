"""``parcours audit verify`` for the transparency log: the log recomputed from the stored events.

Every leaf is recomputed from the event the store holds at its position, in store order, and compared
with the stored leaf; the tree is rebuilt from the stored leaves (a frontier: constant memory for any
size), so that whoever edited an event and its leaf together is still caught at the checkpoint, whose
signed root the store no longer gives. Each checkpoint's signature is checked with the log's key, and
the consistency proof the service would serve between two successive checkpoints is checked as a
witness would check it.
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any

from eventsourcing.persistence import StoredEvent

from infrastructure.divergence import Divergence
from infrastructure.transparence.arbre import preuve_coherence, preuve_inclusion
from infrastructure.transparence.frontiere import Frontiere, ajouter
from infrastructure.transparence.journal import CheckpointSigne, Feuille, feuille_de
from infrastructure.transparence.note import CleDeVerification, NoteInvalide, verifier_note
from infrastructure.transparence.tenue import Journal
from infrastructure.transparence.verification import verifier_coherence, verifier_inclusion


def feuilles(journal: Journal, taille_page: int = 1000) -> Iterator[tuple[Feuille, bytes]]:
    """Every leaf in log order, with its stored hash (one read of the nodes per page)."""
    apres = -1
    while page := journal.feuilles(apres=apres, limite=taille_page):
        yield from zip(page, journal.lire([(0, f.indice) for f in page]), strict=True)
        apres = page[-1].indice


def verifier_le_journal(notifications: Iterable[Any], journal: Journal, cle: CleDeVerification) -> Iterator[Divergence]:
    """Every divergence between the stored events, the log's leaves and its signed checkpoints."""
    checkpoints = journal.checkpoints()
    racines = dict(_racines_signees(checkpoints, cle))
    yield from (d for d in racines.values() if isinstance(d, Divergence))
    frontiere = Frontiere.vide()
    magasin = Magasin(iter(notifications))
    for feuille, stockee in feuilles(journal):
        evenement, ecarts = magasin.evenement_de(feuille)
        yield from ecarts
        if evenement is not None and feuille_de(evenement) != stockee:
            yield _divergence("événement modifié", feuille, "ses octets ne donnent plus la feuille du journal")
        # The tree is rebuilt from the stored leaves: an event changed alone is named above, once; one
        # changed with its leaf no longer gives the root the checkpoint signed.
        frontiere = ajouter(frontiere, [stockee])[1]
        signee = racines.get(frontiere.taille)
        if isinstance(signee, bytes) and signee != frontiere.racine():
            yield Divergence(
                "point de contrôle contredit", feuille.position, "*", None,
                f"le magasin ne redonne plus la racine signée à {frontiere.taille} feuilles",
            )  # fmt: skip
    yield from _couverts(checkpoints, frontiere.taille)
    yield from _coherences(checkpoints, racines, journal)


class Magasin:
    """The stored events in store order, read once, alongside the leaves."""

    def __init__(self, evenements: Iterator[Any]) -> None:
        self._evenements = evenements
        self._suivant: Any | None = next(evenements, None)

    def evenement_de(self, feuille: Feuille) -> tuple[Any | None, list[Divergence]]:
        """The stored event at the leaf's position; the events passed on the way are outside the log."""
        ecarts = []
        while self._suivant is not None and self._suivant.id < feuille.position:
            ecarts.append(_hors_journal(self._suivant))
            self._suivant = next(self._evenements, None)
        evenement = self._suivant
        if evenement is None or evenement.id > feuille.position:
            ecarts.append(_divergence("événement supprimé", feuille, "absent du magasin"))
            return None, ecarts  # the event read ahead is the next leaf's to judge
        self._suivant = next(self._evenements, None)
        identite = (str(evenement.originator_id), evenement.originator_version)
        if identite != (feuille.parcours_id, feuille.version):
            ecarts.append(_divergence("ordre ou identité modifiés", feuille, f"le magasin tient {identite}"))
        return evenement, ecarts


def _hors_journal(evenement: Any) -> Divergence:
    return Divergence(
        "événement inséré hors journal", evenement.id, str(evenement.originator_id), evenement.originator_version,
        f"{evenement.topic} entre deux feuilles du journal",
    )  # fmt: skip


def _racines_signees(
    checkpoints: Sequence[CheckpointSigne], cle: CleDeVerification
) -> Iterator[tuple[int, bytes | Divergence]]:
    for signe in checkpoints:
        try:
            checkpoint, _ = verifier_note(signe.note, [cle])
        except NoteInvalide as erreur:
            yield signe.taille, _point(signe, f"signature ou forme invalide ({erreur})")
            continue
        if checkpoint.taille != signe.taille or checkpoint.origine != cle.nom:
            yield signe.taille, _point(signe, "la note signée ne dit pas cette taille ou ce journal")
        else:
            yield signe.taille, checkpoint.racine


def _couverts(checkpoints: Sequence[CheckpointSigne], taille: int) -> Iterator[Divergence]:
    for signe in checkpoints:
        if signe.taille > taille:
            yield _point(signe, f"le journal n'a plus que {taille} feuilles (fin coupée)")


def _coherences(
    checkpoints: Sequence[CheckpointSigne], racines: dict[int, bytes | Divergence], journal: Journal
) -> Iterator[Divergence]:
    """Each checkpoint extends the one before, by the proof the service serves from its stored nodes."""
    signes = [(s, r) for s in checkpoints if isinstance(r := racines.get(s.taille), bytes)]
    for (avant, racine_avant), (apres, racine_apres) in pairwise(signes):
        try:
            preuve = preuve_coherence(avant.taille, apres.taille, journal)
        except ValueError:
            preuve = []
        if not verifier_coherence(avant.taille, apres.taille, racine_avant, racine_apres, preuve):
            yield _point(apres, f"n'étend pas le point de contrôle de {avant.taille} feuilles")


def verifier_le_parcours_au_journal(
    evenements: Sequence[StoredEvent], journal: Journal, cle: CleDeVerification
) -> Iterator[Divergence]:
    """One parcours' events against their leaves, and each leaf's inclusion in the latest signed
    checkpoint that covers it (nothing of other parcours is read but the proofs' hashes)."""
    par_version = {e.originator_version: e for e in evenements}
    dernier = journal.dernier_checkpoint()
    signe = verifier_note(dernier.note, [cle])[0] if dernier is not None else None
    leurs = journal.feuilles_du_parcours(str(evenements[0].originator_id)) if evenements else []
    stockees = journal.lire([(0, f.indice) for f in leurs])
    for feuille, stockee in zip(leurs, stockees, strict=True):
        evenement = par_version.pop(feuille.version, None)
        if evenement is None:
            yield _divergence("événement supprimé", feuille, "absent du magasin")
            continue
        if feuille_de(evenement) != stockee:
            yield _divergence("événement modifié", feuille, "ses octets ne donnent plus la feuille du journal")
        elif signe is not None and feuille.indice < signe.taille:
            preuve = preuve_inclusion(feuille.indice, signe.taille, journal)
            if not verifier_inclusion(stockee, feuille.indice, signe.taille, preuve, signe.racine):
                yield _divergence("point de contrôle contredit", feuille, "sa preuve d'inclusion échoue")
    dans_le_journal = max((f.version for f in leurs), default=0)
    for version in sorted(v for v in par_version if v < dans_le_journal):
        yield _hors_journal_du_parcours(par_version[version])


def _hors_journal_du_parcours(evenement: StoredEvent) -> Divergence:
    return Divergence(
        "événement inséré hors journal", None, str(evenement.originator_id), evenement.originator_version,
        f"{evenement.topic} absent du journal",
    )  # fmt: skip


def _divergence(nature: str, feuille: Feuille, detail: str) -> Divergence:
    return Divergence(
        nature, feuille.position, feuille.parcours_id, feuille.version, f"feuille {feuille.indice} : {detail}"
    )


def _point(signe: CheckpointSigne, detail: str) -> Divergence:
    return Divergence(
        "point de contrôle contredit",
        None,
        "*",
        None,
        f"checkpoint de {signe.taille} feuilles signé le {signe.signe_le} : {detail}",
    )
