"""The consultations log sealed at creation (CNIL délibération 2021-122: traces sealed when written,
append-only for the application), so that ``parcours audit verify`` names an entry written, changed or
removed by anyone without the service's key.

Each log instance (one per process) is a writer with an id of its own and numbers its entries 1, 2, 3…
in the order it commits them. Each row carries its writer, its rank, the instant of the writer's
previous entry, and an HMAC-SHA256 seal over all of it and the entry's stored fields, made with the
key that seals the events (``PARCOURS_CLE_SCEAU``, held by the service, not by the database). Hence:

- an entry changed, or inserted without the key, fails its seal (``consultation non scellée``,
  ``sceau invalide``); one copied is a second entry at the same rank (``consultation en double``);
- an entry deleted leaves a gap in its writer's ranks. The purge deletes, by date, the entries past
  their retention only: a gap is the purge's when the entry before it (whose instant the next entry
  carries, sealed) had outlived the retention; otherwise it is named (``consultation supprimée``).

What it does not see: a writer's very last entries deleted before any later entry of the same writer
is written (nothing after them carries their trace). The database's trigger refuses UPDATE to any
client that did not disable it.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from infrastructure.divergence import Divergence

if TYPE_CHECKING:  # the log's module builds on this one
    from infrastructure.consultations import Consultation

DOMAINE = "parcours:consultation:v1"
NON_SCELLEE = "consultation non scellée"
INVALIDE = "consultation au sceau invalide"
DOUBLON = "consultation en double"
SUPPRIMEE = "consultation supprimée"


@dataclass(frozen=True)
class Entree:
    """A consultation as the log stores it: the entry, its writer and rank, the instant of the writer's
    previous entry (None for its first), and the seal (None: a row written without one)."""

    consultation: "Consultation"
    ecrivain: str | None
    rang: int | None
    precedent_le: datetime | None
    sceau: bytes | None


def message(consultation: "Consultation", ecrivain: str, rang: int, precedent_le: datetime | None) -> bytes:
    """The sealed bytes: canonical JSON (a list: no field can spill into another)."""
    c, avant = consultation, None if precedent_le is None else precedent_le.isoformat(timespec="microseconds")
    le = c.consulte_le.isoformat(timespec="microseconds")
    champs = [DOMAINE, ecrivain, rang, avant, c.parcours_id, c.principal, c.role, c.organisme, c.vue, c.motif, le]
    return json.dumps(champs, ensure_ascii=False, separators=(",", ":")).encode()


def sceller(cle: bytes, consultation: "Consultation", ecrivain: str, rang: int, precedent_le: datetime | None) -> bytes:
    return hmac.digest(cle, message(consultation, ecrivain, rang, precedent_le), hashlib.sha256)


class Numeroteur:
    """One writer's ranks: the next ones are handed out for a batch and kept only once it is committed, so
    that a batch the database refused leaves no gap."""

    def __init__(self, ecrivain: str) -> None:
        self.ecrivain = ecrivain
        self.dernier_rang = 0
        self.dernier_le: datetime | None = None

    def entrees(self, cle: bytes, consultations: Sequence["Consultation"]) -> list[Entree]:
        rang, precedent, entrees = self.dernier_rang, self.dernier_le, []
        for c in consultations:
            rang += 1
            entrees.append(Entree(c, self.ecrivain, rang, precedent, sceller(cle, c, self.ecrivain, rang, precedent)))
            precedent = c.consulte_le
        return entrees

    def engager(self, entrees: Sequence[Entree]) -> None:
        """The batch is committed: the next one follows it."""
        if entrees:
            self.dernier_rang, self.dernier_le = entrees[-1].rang or 0, entrees[-1].consultation.consulte_le


class EntreesLisibles(Protocol):
    def entrees(self, apres: tuple[str, int] | None, limite: int) -> list[Entree]:
        """Every stored entry in (writer, rank) order, after ``apres``; rows without a writer first."""


def verifier_consultations(
    journal: EntreesLisibles, cle: bytes, limite_de_retention: datetime, taille_page: int = 1000
) -> Iterator[Divergence]:
    """Every entry against its seal, and every writer's ranks for gaps the purge does not explain."""
    precedente: Entree | None = None
    apres: tuple[str, int] | None = None
    while page := journal.entrees(apres, taille_page):
        for entree in page:
            yield from _examiner(entree, precedente, cle, limite_de_retention)
            precedente = entree
        dernier = page[-1]
        apres = (dernier.ecrivain or "", dernier.rang or 0)
        if dernier.ecrivain is None:  # unsealed rows have no order to page by: they all came in this page
            apres = ("", 0)


def _examiner(entree: Entree, precedente: Entree | None, cle: bytes, limite: datetime) -> Iterator[Divergence]:
    c = entree.consultation
    if entree.ecrivain is None or entree.rang is None or entree.sceau is None:
        yield _divergence(NON_SCELLEE, entree, "écrite sans sceau (hors du service, ou avant les sceaux)")
        return
    attendu = sceller(cle, c, entree.ecrivain, entree.rang, entree.precedent_le)
    if not hmac.compare_digest(attendu, bytes(entree.sceau)):
        yield _divergence(INVALIDE, entree, "ses champs ne correspondent plus à son sceau")
        return
    meme_ecrivain = precedente is not None and precedente.ecrivain == entree.ecrivain
    attendu_rang = (precedente.rang or 0) + 1 if meme_ecrivain and precedente else 1
    if meme_ecrivain and precedente and precedente.rang == entree.rang:
        yield _divergence(DOUBLON, entree, "une autre entrée porte déjà ce rang")
    elif entree.rang > attendu_rang and not (entree.precedent_le is not None and entree.precedent_le < limite):
        manquants = f"rangs {attendu_rang} à {entree.rang - 1}"
        yield _divergence(SUPPRIMEE, entree, f"{manquants} de cet écrivain manquent, dans leur durée de conservation")


def _divergence(nature: str, entree: Entree, detail: str) -> Divergence:
    c = entree.consultation
    ou = f"écrivain {entree.ecrivain or '?'} rang {entree.rang or '?'}, consultée le {c.consulte_le:%d/%m/%Y}"
    return Divergence(nature, None, c.parcours_id, None, f"{ou} : {detail}")
