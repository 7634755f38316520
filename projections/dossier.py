"""The dossier view: one row per parcours, with what a UI header shows (DOMAIN §2, §7).

No personal data: identifiers, codes, dates and counters only (DESIGN §7).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, ClassVar

from domain.regles.orientation import organisme_responsable
from projections.vue import nom_evenement


@dataclass(frozen=True)
class LigneDossier:
    parcours_id: str
    version: int
    statut: str
    departement: str
    motif_inscription: str
    organisme: str
    type_parcours: str | None = None
    referent: str | None = None
    orientation_notifiee_le: date | None = None
    date_limite_contrat: date | None = None
    contrat_version: int | None = None
    heures_hebdo: int | None = None
    procedures_en_cours: tuple[str, ...] = ()
    radie_jusqu_au: date | None = None
    radiation_procedure: str | None = None
    dernier_evenement: str = ""
    modifie_le: datetime | None = None


class Dossier:
    nom: ClassVar[str] = "dossier"
    type_ligne: ClassVar[type[Any]] = LigneDossier

    def cle(self, evenement: Any) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneDossier | None, evenement: Any) -> LigneDossier | None:
        nom = nom_evenement(evenement)
        if nom in ("Inscrit", "Reouvert"):
            ligne = self._inscrit(ligne, evenement)
        elif ligne is None:
            return None  # a history always starts with Inscrit; nothing to fold onto
        else:
            transition: Transition = TRANSITIONS.get(nom, _inchange)
            ligne = transition(ligne, evenement)
        return replace(
            ligne, version=evenement.originator_version, dernier_evenement=nom, modifie_le=evenement.timestamp
        )

    @staticmethod
    def _inscrit(ligne: LigneDossier | None, e: Any) -> LigneDossier:
        inscription = e.inscription
        base = LigneDossier(
            parcours_id=str(e.originator_id),
            version=e.originator_version,
            statut="en_cours",
            departement=inscription.territoire.departement,
            motif_inscription=inscription.motif.value,
            organisme=organisme_responsable(inscription.motif, None).value,
        )
        if ligne is None:
            return base
        # A reopening keeps the procedures (remedies stay open) and starts the orientation again.
        return replace(
            base,
            procedures_en_cours=ligne.procedures_en_cours,
            radie_jusqu_au=ligne.radie_jusqu_au,
            radiation_procedure=ligne.radiation_procedure,
        )


def _inchange(ligne: LigneDossier, _: Any) -> LigneDossier:
    return ligne


def _oriente(ligne: LigneDossier, e: Any) -> LigneDossier:
    orientation = e.orientation
    return replace(
        ligne,
        organisme=orientation.organisme.value,
        type_parcours=orientation.type_parcours.value,
        orientation_notifiee_le=None,
        date_limite_contrat=None,
        contrat_version=None,
        heures_hebdo=None,
        referent=None if nom_evenement(e) == "Reoriente" else ligne.referent,
    )


def _notifie(ligne: LigneDossier, e: Any) -> LigneDossier:
    return replace(ligne, orientation_notifiee_le=e.notifiee_le, date_limite_contrat=e.date_limite_contrat)


def _contrat(ligne: LigneDossier, e: Any) -> LigneDossier:
    return replace(ligne, contrat_version=e.numero, heures_hebdo=e.contrat.heures_hebdo, date_limite_contrat=None)


def _procedure_ouverte(ligne: LigneDossier, e: Any) -> LigneDossier:
    return replace(ligne, procedures_en_cours=(*ligne.procedures_en_cours, e.procedure_id))


def _procedure_terminee(ligne: LigneDossier, e: Any) -> LigneDossier:
    restantes = tuple(p for p in ligne.procedures_en_cours if p != e.procedure_id)
    return replace(ligne, procedures_en_cours=restantes)


def _radiation(ligne: LigneDossier, procedure_id: str, jusqu_au: date | None) -> LigneDossier:
    """An annulment lifts the radiation its sanction caused; a reformation recomputes it."""
    if ligne.radiation_procedure != procedure_id:
        return ligne
    return replace(ligne, radie_jusqu_au=jusqu_au, radiation_procedure=procedure_id if jusqu_au else None)


Transition = Callable[[LigneDossier, Any], LigneDossier]

TRANSITIONS: dict[str, Transition] = {
    "Oriente": _oriente,
    "Reoriente": _oriente,
    "OrientationNotifiee": _notifie,
    "ReferentDesigne": lambda ligne, e: replace(ligne, referent=e.referent.id),
    "ContratSigne": _contrat,
    "ContratMisAJour": _contrat,
    "ContradictoireOuvert": _procedure_ouverte,
    "ProcedureClose": _procedure_terminee,
    "SanctionDecidee": _procedure_terminee,
    "Sorti": lambda ligne, e: replace(ligne, statut="sorti"),
    "Radie": lambda ligne, e: replace(
        ligne, statut="sorti", radie_jusqu_au=e.jusqu_au, radiation_procedure=e.procedure_id
    ),
    "SanctionAnnulee": lambda ligne, e: _radiation(ligne, e.procedure_id, None),
    "SanctionReformee": lambda ligne, e: _radiation(ligne, e.procedure_id, e.radiation_jusqu_au),
}
"""How each event changes the row; events not listed only bump version and last event."""
