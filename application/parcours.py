"""The parcours application: one method per command, and the queries (current, at a version, as of a date).

Each command loads the parcours, lets the aggregate check and record, then saves; it returns the
new version and the store position (notification id) so that readers can wait for it.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, StoredEvent, Transcoding

from application.demande import Demande
from application.erreurs import EcritureConcurrente, VersionPerimee
from application.orientation import Donnee, completer, proposer
from domain.contrat import Contrat
from domain.decision import Decision
from domain.diagnostic import Diagnostic
from domain.horloge import Horloge, horloge_systeme, sous_horloge
from domain.inscription import Inscription
from domain.orientation import Orientation, Referent
from domain.parametres import PARAMETRES_2025_1, Parametres
from domain.parcours import Parcours
from domain.referentiel import Referentiels
from domain.regles.parcours import ParcoursNonInscrit
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.valeur import relecture
from domain.vocabulaire import Destinataire, IssueRecours, ModeOrientation, MotifSortie, TypeRecours

Commande = Callable[[Parcours, Decision], None]
_DEJA_CHARGE: ContextVar[Parcours | None] = ContextVar("parcours_deja_charge", default=None)


@dataclass(frozen=True)
class Resultat:
    """What a command returns: the parcours, its new version, and the store position to wait for."""

    parcours_id: UUID
    version: int
    position: int | None
    nouveaux: int = 0
    """Events appended by the command (0 when the outcome had already been reached)."""


class MapperDeRelecture(Mapper[UUID]):
    """Reads events and snapshots back under ``domain.valeur.relecture``: a value stored before a
    content limit existed still loads (events are never rewritten); its shape is still checked."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        with relecture():
            return super().to_domain_event(stored_event)


INTERVALLE_INSTANTANES = 10
"""A snapshot every 10 events: loading a parcours replays at most 9 events after its snapshot, so a
long history costs no more than a short one (measured in bench/instantanes.py)."""


class ParcoursApplication(Application[UUID]):
    name = "parcours"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Parcours: INTERVALLE_INSTANTANES}

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        horloge: Horloge = horloge_systeme,
        parametres: Parametres = PARAMETRES_2025_1,
        transcodings: Sequence[Transcoding] = (),
        referentiels: Referentiels | None = None,
    ) -> None:
        self.horloge = horloge
        self.parametres = parametres
        self.referentiels = referentiels
        """The published orientation referential; without it, no algorithmic proposal is made."""
        self.apres_enregistrement: list[Callable[[int], None]] = []
        """Told the new store position after each save (e.g. to wake the projections)."""
        self._transcodings = tuple(transcodings)
        super().__init__(env)

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=MapperDeRelecture)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in self._transcodings:
            transcoder.register(transcoding)

    # --- queries ---------------------------------------------------------------------------

    def parcours(self, parcours_id: UUID, version: int | None = None) -> Parcours:
        """The parcours now, or as it stood at a version."""
        try:
            parcours: Parcours = self.repository.get(parcours_id, version=version)
        except AggregateNotFoundError:
            raise ParcoursNonInscrit(f"Aucun parcours {parcours_id} (à la version {version}).") from None
        return parcours

    def parcours_au(self, parcours_id: UUID, instant: datetime) -> Parcours:
        """The parcours as the system knew it at a recording instant (what was known then)."""
        connus = self.historique(parcours_id, au=instant)
        if not connus:
            raise ParcoursNonInscrit(f"Aucun parcours {parcours_id} enregistré au {instant.isoformat()}.")
        return self.parcours(parcours_id, version=connus[-1].originator_version)

    def historique(
        self, parcours_id: UUID, *, jusqu_a_version: int | None = None, au: datetime | None = None
    ) -> list[Parcours.Event]:
        """Every event of the parcours with its decision envelope, in order; up to a version or a
        recording instant."""
        evenements = cast(list[Parcours.Event], list(self.events.get(parcours_id, lte=jusqu_a_version)))
        if au is not None:
            evenements = [e for e in evenements if e.timestamp <= au]
        return evenements

    # --- inscription, sortie, réouverture, rectification -------------------------------------

    def inscrire(
        self,
        demande: Demande,
        inscription: Inscription,
        parcours_id: UUID | None = None,
        donnees: Sequence[Donnee] = (),
    ) -> Resultat:
        """Registers a person: a new parcours (CT L.5411-1), whose id carries no personal data; the
        orientation algorithm proposes at once, on the data given (CT L.5411-5-1 III)."""
        with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
            decision = demande.decision(self.horloge())
            parcours = Parcours.inscrire(inscription, decision, parcours_id or uuid4())
            self._proposer(parcours, donnees, decision)
            return self._enregistrer(parcours, demande)

    def sortir(self, parcours_id: UUID, demande: Demande, motif: MotifSortie) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.sortir(motif, d))

    def rouvrir(
        self, parcours_id: UUID, demande: Demande, inscription: Inscription, donnees: Sequence[Donnee] = ()
    ) -> Resultat:
        def rouvrir(parcours: Parcours, decision: Decision) -> None:
            parcours.rouvrir(inscription, decision)
            self._proposer(parcours, completer(parcours.donnees_orientation.values(), donnees), decision)

        return self._executer(parcours_id, demande, rouvrir)

    def rectifier(
        self, parcours_id: UUID, demande: Demande, version_rectifiee: int, corrections: dict[str, str]
    ) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.rectifier(version_rectifiee, corrections, d))

    # --- orientation ----------------------------------------------------------------------

    def completer_donnees_orientation(self, parcours_id: UUID, demande: Demande, donnees: Sequence[Donnee]) -> Resultat:
        """New or corrected inputs: the algorithm proposes again, with the version in force that day."""
        return self._executer(
            parcours_id, demande, lambda p, d: self._proposer(p, completer(p.donnees_orientation.values(), donnees), d)
        )

    def _proposer(self, parcours: Parcours, donnees: Sequence[Donnee], decision: Decision) -> None:
        """The algorithm proposes once it has data to read: without any, the person is oriented
        after an entretien (the ``a_orienter`` worklist), as R99 would say."""
        if self.referentiels is not None and donnees:
            proposer(parcours, self.referentiels, donnees, decision.effective_le)

    def tenir_entretien_orientation(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.tenir_entretien_orientation(d))

    def orienter(
        self, parcours_id: UUID, demande: Demande, orientation: Orientation, mode: ModeOrientation
    ) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.orienter(orientation, mode, d))

    def notifier_orientation(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.notifier_orientation(d, self.parametres))

    def designer_referent(self, parcours_id: UUID, demande: Demande, referent: Referent) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.designer_referent(referent, d))

    def demander_reorientation(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.demander_reorientation(d))

    def reorienter(self, parcours_id: UUID, demande: Demande, orientation: Orientation) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.reorienter(orientation, d))

    def refuser_reorientation(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.refuser_reorientation(d))

    def demander_explication(self, parcours_id: UUID, demande: Demande, demande_id: str | None = None) -> Resultat:
        ident = demande_id or uuid4().hex
        return self._executer(parcours_id, demande, lambda p, d: p.demander_explication(ident, d, self.parametres))

    def communiquer_explication(
        self, parcours_id: UUID, demande: Demande, demande_id: str, explication: str
    ) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.communiquer_explication(demande_id, explication, d))

    # --- diagnostic, contrat, droits et devoirs --------------------------------------------

    def realiser_diagnostic(self, parcours_id: UUID, demande: Demande, diagnostic: Diagnostic) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.realiser_diagnostic(diagnostic, d))

    def signer_contrat(self, parcours_id: UUID, demande: Demande, contrat: Contrat) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.signer_contrat(contrat, d, self.parametres))

    def mettre_a_jour_contrat(self, parcours_id: UUID, demande: Demande, contrat: Contrat) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.mettre_a_jour_contrat(contrat, d, self.parametres))

    def informer_droits_devoirs(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.informer_droits_devoirs(d))

    def revoir_droits_devoirs(self, parcours_id: UUID, demande: Demande) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.revoir_droits_devoirs(d, self.parametres))

    # --- manquements, contradictoire, sanctions, recours ------------------------------------

    def constater_manquement(
        self, parcours_id: UUID, demande: Demande, manquement: Manquement, manquement_id: str | None = None
    ) -> Resultat:
        ident = manquement_id or uuid4().hex
        return self._executer(parcours_id, demande, lambda p, d: p.constater_manquement(ident, manquement, d))

    def ouvrir_contradictoire(
        self,
        parcours_id: UUID,
        demande: Demande,
        manquements: tuple[str, ...],
        sanction_envisagee: Sanction,
        destinataire: Destinataire,
        procedure_id: str | None = None,
    ) -> Resultat:
        ident = procedure_id or uuid4().hex
        return self._executer(
            parcours_id,
            demande,
            lambda p, d: p.ouvrir_contradictoire(
                ident, manquements, sanction_envisagee, destinataire, d, self.parametres
            ),
        )

    def receptionner_avis(self, parcours_id: UUID, demande: Demande, procedure_id: str, recu_le: date) -> Resultat:
        return self._executer(
            parcours_id, demande, lambda p, d: p.receptionner_avis(procedure_id, recu_le, d, self.parametres)
        )

    def recevoir_observations(self, parcours_id: UUID, demande: Demande, procedure_id: str) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.recevoir_observations(procedure_id, d))

    def tenir_audition(
        self, parcours_id: UUID, demande: Demande, procedure_id: str, assistee_par: str | None = None
    ) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.tenir_audition(procedure_id, assistee_par, d))

    def clore_procedure(self, parcours_id: UUID, demande: Demande, procedure_id: str) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.clore_procedure(procedure_id, d))

    def decider_sanction(
        self,
        parcours_id: UUID,
        demande: Demande,
        procedure_id: str,
        sanction: Sanction,
        avis_equipe_pluridisciplinaire: bool = False,
    ) -> Resultat:
        return self._executer(
            parcours_id,
            demande,
            lambda p, d: p.decider_sanction(procedure_id, sanction, avis_equipe_pluridisciplinaire, d, self.parametres),
        )

    def notifier_sanction(
        self, parcours_id: UUID, demande: Demande, procedure_id: str, voies_de_recours: tuple[VoieDeRecours, ...]
    ) -> Resultat:
        return self._executer(
            parcours_id, demande, lambda p, d: p.notifier_sanction(procedure_id, voies_de_recours, d, self.parametres)
        )

    def lever_suspension(self, parcours_id: UUID, demande: Demande, procedure_id: str) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.lever_suspension(procedure_id, d))

    def radier(self, parcours_id: UUID, demande: Demande, procedure_id: str) -> Resultat:
        return self._executer(parcours_id, demande, lambda p, d: p.radier(procedure_id, d, self.parametres))

    def introduire_recours(
        self,
        parcours_id: UUID,
        demande: Demande,
        procedure_id: str,
        type_recours: TypeRecours,
        recours_id: str | None = None,
    ) -> Resultat:
        ident = recours_id or uuid4().hex
        return self._executer(
            parcours_id, demande, lambda p, d: p.introduire_recours(procedure_id, ident, type_recours, d)
        )

    def trancher_recours(
        self,
        parcours_id: UUID,
        demande: Demande,
        procedure_id: str,
        recours_id: str,
        issue: IssueRecours,
        sanction_reformee: Sanction | None = None,
    ) -> Resultat:
        return self._executer(
            parcours_id,
            demande,
            lambda p, d: p.trancher_recours(procedure_id, recours_id, issue, sanction_reformee, d, self.parametres),
        )

    # --- the one path of every command ------------------------------------------------------

    @contextmanager
    def a_partir_de(self, parcours: Parcours | None) -> Iterator[None]:
        """Commands run in this block start from ``parcours``, loaded by the caller a moment ago (the
        API's access check), instead of loading it a second time. A write that came in between is
        caught at save, as any concurrent write is (optimistic concurrency)."""
        jeton = _DEJA_CHARGE.set(parcours)
        try:
            yield
        finally:
            _DEJA_CHARGE.reset(jeton)

    def _executer(self, parcours_id: UUID, demande: Demande, commande: Commande) -> Resultat:
        with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
            charge = _DEJA_CHARGE.get()
            parcours = charge if charge is not None and charge.id == parcours_id else self.parcours(parcours_id)
            attendue = demande.version_attendue
            if attendue is not None and attendue != parcours.version:
                raise VersionPerimee(attendue, parcours.version)
            commande(parcours, demande.decision(self.horloge()))
            try:
                return self._enregistrer(parcours, demande)
            except EcritureConcurrente:
                if attendue is None:
                    raise
                # The caller named a version: another writer got there first, so it is stale.
                raise VersionPerimee(attendue, self.parcours(parcours_id).version) from None

    def _enregistrer(self, parcours: Parcours, demande: Demande) -> Resultat:
        """Saves the new events; the caller's idempotency key and answer go into the same transaction
        (``infrastructure/idempotence.py``), so a retry can never run the command twice."""
        try:
            recordings = self.save(parcours, idempotence=demande.idempotence)
        except IntegrityError as erreur:
            raise EcritureConcurrente(
                f"Le parcours {parcours.id} a changé pendant la commande : rien n'a été enregistré."
            ) from erreur
        position = recordings[-1].notification.id if recordings else self.recorder.max_notification_id()
        if recordings:
            for abonne in self.apres_enregistrement:
                abonne(recordings[-1].notification.id)
        return Resultat(parcours_id=parcours.id, version=parcours.version, position=position, nouveaux=len(recordings))
