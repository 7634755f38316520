"""The dossier view: one row per parcours, with what a UI header shows (DOMAIN §2, §7).

No personal data: identifiers, codes, dates and counters only (DESIGN §7). The person is named by
their id; their name is read in the persons view (``projections/personnes.py``) when a dossier is shown.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, ClassVar

from domain.evenements import EvenementParcours, nom
from domain.parcours import Parcours
from domain.regles.orientation import organisme_responsable
from projections.vue import Aiguillage


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
    personne_id: str | None = None
    """The person the parcours is about (``Inscrit`` v2); None for a parcours registered before issue 18."""


class Dossier:
    nom: ClassVar[str] = "dossier"
    type_ligne: ClassVar[type[Any]] = LigneDossier

    def cle(self, evenement: EvenementParcours) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneDossier | None, evenement: EvenementParcours) -> LigneDossier | None:
        if isinstance(evenement, (Parcours.Inscrit, Parcours.Reouvert)):
            ligne = _inscrit(evenement, ligne)
        elif ligne is None:
            return None  # a history always starts with Inscrit; nothing to fold onto
        elif transition := TRANSITIONS.pour(evenement):
            ligne = transition(evenement, ligne)
        return replace(
            ligne,
            version=evenement.originator_version,
            dernier_evenement=nom(evenement),
            modifie_le=evenement.timestamp,
        )


def _inscrit(e: Parcours.Inscrit | Parcours.Reouvert, ligne: LigneDossier | None) -> LigneDossier:
    inscription = e.inscription
    base = LigneDossier(
        parcours_id=str(e.originator_id),
        version=e.originator_version,
        statut="en_cours",
        departement=inscription.territoire.departement,
        motif_inscription=inscription.motif.value,
        organisme=organisme_responsable(inscription.motif, None).value,
        personne_id=str(e.personne_id) if isinstance(e, Parcours.Inscrit) and e.personne_id else None,
    )
    if ligne is None:
        return base
    # A reopening keeps the procedures (remedies stay open) and starts the orientation again.
    return replace(
        base,
        procedures_en_cours=ligne.procedures_en_cours,
        radie_jusqu_au=ligne.radie_jusqu_au,
        radiation_procedure=ligne.radiation_procedure,
        personne_id=ligne.personne_id,
    )


def _oriente(e: Parcours.Oriente | Parcours.Reoriente, ligne: LigneDossier) -> LigneDossier:
    orientation = e.orientation
    return replace(
        ligne,
        organisme=orientation.organisme.value,
        type_parcours=orientation.type_parcours.value,
        orientation_notifiee_le=None,
        date_limite_contrat=None,
        contrat_version=None,
        heures_hebdo=None,
        referent=None if isinstance(e, Parcours.Reoriente) else ligne.referent,
    )


def _notifie(e: Parcours.OrientationNotifiee, ligne: LigneDossier) -> LigneDossier:
    return replace(ligne, orientation_notifiee_le=e.notifiee_le, date_limite_contrat=e.date_limite_contrat)


def _contrat(e: Parcours.ContratSigne | Parcours.ContratMisAJour, ligne: LigneDossier) -> LigneDossier:
    return replace(ligne, contrat_version=e.numero, heures_hebdo=e.contrat.heures_hebdo, date_limite_contrat=None)


def _procedure_ouverte(e: Parcours.ContradictoireOuvert, ligne: LigneDossier) -> LigneDossier:
    return replace(ligne, procedures_en_cours=(*ligne.procedures_en_cours, e.procedure_id))


def _procedure_terminee(e: Parcours.ProcedureClose | Parcours.SanctionDecidee, ligne: LigneDossier) -> LigneDossier:
    restantes = tuple(p for p in ligne.procedures_en_cours if p != e.procedure_id)
    return replace(ligne, procedures_en_cours=restantes)


def _radiation(ligne: LigneDossier, procedure_id: str, jusqu_au: date | None) -> LigneDossier:
    """An annulment lifts the radiation its sanction caused; a reformation recomputes it."""
    if ligne.radiation_procedure != procedure_id:
        return ligne
    return replace(ligne, radie_jusqu_au=jusqu_au, radiation_procedure=procedure_id if jusqu_au else None)


T = Aiguillage[[LigneDossier], LigneDossier]
TRANSITIONS = T(
    T.quand(Parcours.Oriente, _oriente),
    T.quand(Parcours.Reoriente, _oriente),
    T.quand(Parcours.OrientationNotifiee, _notifie),
    T.quand(Parcours.ReferentDesigne, lambda e, ligne: replace(ligne, referent=e.referent.id)),
    T.quand(Parcours.ContratSigne, _contrat),
    T.quand(Parcours.ContratMisAJour, _contrat),
    T.quand(Parcours.ContradictoireOuvert, _procedure_ouverte),
    T.quand(Parcours.ProcedureClose, _procedure_terminee),
    T.quand(Parcours.SanctionDecidee, _procedure_terminee),
    T.quand(Parcours.Sorti, lambda e, ligne: replace(ligne, statut="sorti")),
    # A move: followed in the new département, by a référent its organisme will designate.
    T.quand(Parcours.Transfere, lambda e, ligne: replace(ligne, departement=e.territoire.departement, referent=None)),
    T.quand(
        Parcours.Radie,
        lambda e, ligne: replace(ligne, statut="sorti", radie_jusqu_au=e.jusqu_au, radiation_procedure=e.procedure_id),
    ),
    T.quand(Parcours.SanctionAnnulee, lambda e, ligne: _radiation(ligne, e.procedure_id, None)),
    T.quand(Parcours.SanctionReformee, lambda e, ligne: _radiation(ligne, e.procedure_id, e.radiation_jusqu_au)),
    a_part=(Parcours.Inscrit, Parcours.Reouvert),
    ignore=(
        Parcours.EvenementRectifie,
        Parcours.DroitsRsaOuverts,
        Parcours.RadiationProposee,
        Parcours.OrientationProposee,
        Parcours.EntretienOrientationTenu,
        Parcours.ReorientationDemandee,
        Parcours.ReorientationRefusee,
        Parcours.SituationReexaminee,
        Parcours.DiagnosticRealise,
        Parcours.DroitsDevoirsInformes,
        Parcours.DroitsDevoirsRevus,
        Parcours.ManquementConstate,
        Parcours.AvisContradictoireReceptionne,
        Parcours.ObservationsRecues,
        Parcours.AuditionTenue,
        Parcours.SanctionNotifiee,
        Parcours.SuspensionLevee,
        Parcours.SanctionContestee,
        Parcours.RecoursTranche,
        Parcours.ExplicationDemandee,
        Parcours.ExplicationCommuniquee,
        Parcours.CourrierEmis,
        Parcours.CourrierRemis,
    ),
)
"""How each event changes the row; an ignored event only bumps version and last event. ``Inscrit``
and ``Reouvert`` start the row (``Dossier.evoluer``)."""
