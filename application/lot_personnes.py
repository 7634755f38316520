"""The persons of one bulk-import batch (issue 18): each line finds its person as an inscription does
(``Personnes.inscrire``), and the lines of one batch see each other's changes before anything is saved.

A batch is saved in one transaction (``application.masse``), so a person registered by line 3 is not in
the store when line 40 names them again: without a memory of the batch, line 40 would register them a
second time. ``PersonnesDuLot`` keeps what the lines kept so far (persons, landmarks, parcours, with
their pending events) and reads them from there before the store. Each read gives a copy, and a line's
aggregates replace the kept ones only once the line is accepted: a line refused halfway (its person's
parcours is open, the referential refuses its data) leaves nothing of itself in the batch.

Round trips are paid per batch, not per line (``prelire``): the landmarks every line may name are read
in one query (their ids are known before reading), then the persons they list in another, their keys
in a third; the keys of the batch's new persons and parcours are written in one transaction before the
batch's events (``a_enregistrer``).
"""

from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.lecture_groupee import lire_agregats
from application.personnes import Personnes
from application.trousseau import Cle, Trousseau
from domain.identite import FichePersonne
from domain.parcours import Parcours
from domain.repere import Repere


class TrousseauDuLot:
    """The application's key store, whose new keys wait for the batch's save to be written together."""

    def __init__(self, trousseau: Trousseau) -> None:
        self.trousseau = trousseau
        self.nouvelles: dict[UUID, list[UUID]] = {}
        """Each new person of the batch, with the parcours to link to their key."""

    def creer(self, personne_id: UUID) -> None:
        self.nouvelles.setdefault(personne_id, [])

    def rattacher(self, porteur_id: UUID, personne_id: UUID) -> None:
        if personne_id in self.nouvelles:
            self.nouvelles[personne_id].append(porteur_id)
        else:
            self.trousseau.rattacher(porteur_id, personne_id)

    def ecrire(self) -> None:
        """The batch's new keys, in one transaction (before its events: the mapper seals with them)."""
        if self.nouvelles:
            self.trousseau.creer_en_lot(self.nouvelles)
            self.nouvelles = {}

    def creer_en_lot(self, porteurs: Mapping[UUID, Sequence[UUID]]) -> None:
        self.trousseau.creer_en_lot(porteurs)

    def precharger(self, porteur_ids: Iterable[UUID]) -> set[UUID]:
        return self.trousseau.precharger(porteur_ids)

    def cle(self, porteur_id: UUID) -> Cle | None:
        return self.trousseau.cle(porteur_id)

    def effacer(self, personne_id: UUID) -> int:
        return self.trousseau.effacer(personne_id)

    def empreinte(self, texte: str) -> str:
        return self.trousseau.empreinte(texte)

    def fermer(self) -> None:
        """The application's key store stays open: the application closes it."""


class PersonnesDuLot(Personnes):
    """``Personnes`` over the store and what the batch's accepted lines changed (read first, copied)."""

    def __init__(self, personnes: Personnes) -> None:
        ouvert = personnes.trousseau_ouvert
        self.cles = TrousseauDuLot(ouvert) if ouvert is not None else None
        super().__init__(personnes.repository, self.cles)
        self.gardes: dict[UUID, Aggregate] = {}
        self.lus: dict[UUID, Any] = {}
        """Landmarks and persons read ahead for the whole batch (None: no such aggregate then)."""

    def prelire(self, fiches: Iterable[FichePersonne]) -> None:
        """Reads at once every landmark these fiches may name, then the persons they list (and their keys)."""
        ids = {r for fiche in fiches for r in self._reperes_possibles(fiche)}
        if not ids:
            return
        self.lus.update(lire_agregats(self.repository, sorted(ids)))
        listes = {p for r in self.lus.values() if isinstance(r, Repere) for p in r.personnes} - set(self.lus)
        if listes and self.cles is not None:
            self.cles.precharger(listes)
        self.lus.update(lire_agregats(self.repository, sorted(listes)))

    def _reperes_possibles(self, fiche: FichePersonne) -> list[UUID]:
        return [*map(self.repere_d_identifiant, fiche.identifiants), self.repere_d_etat_civil(fiche.identite)]

    def _agregat(self, agregat_id: UUID, version: int | None = None) -> Any:
        if version is None and agregat_id in self.gardes:
            return deepcopy(self.gardes[agregat_id])
        if version is None and agregat_id in self.lus:
            return deepcopy(self.lus[agregat_id])
        return super()._agregat(agregat_id, version)

    def parcours(self, parcours_id: UUID) -> Parcours:
        garde = self.gardes.get(parcours_id)
        return deepcopy(garde) if isinstance(garde, Parcours) else super().parcours(parcours_id)

    def garder(self, agregats: Iterable[Aggregate]) -> None:
        """A line accepted: its aggregates, with their pending events, are the batch's from now on."""
        for agregat in agregats:
            self.gardes[agregat.id] = agregat

    def a_enregistrer(self) -> list[Aggregate]:
        """Every aggregate the batch changed, once each, in the order the lines first changed them; the
        keys of its new persons and parcours are written first, in one transaction."""
        if self.cles is not None:
            self.cles.ecrire()
        return list(self.gardes.values())
