"""The Parcours aggregate: one person's parcours, from inscription to sortie (DOMAIN §2).

Each public method checks the rules (``domain.regles``) and adds the step's legal basis to the
decision; the ``@event`` method it calls only records, so a replay never re-checks. The
sanction procedure's state is a ``domain.sanction.Procedure`` value, replaced at each step.

Each event is a class declared just above the method that records it (``class Oriente(Event)``
with its fields, then ``@event(Oriente)``): the rest of the code names events by these classes,
gathered in ``domain.evenements``, never by strings. Each has an explicit, stable topic
(``parcours:<Nom>``) and its fields in the order of the method's parameters: moving or renaming
code never orphans a stored event nor changes its stored bytes (``tests/domain/test_catalogue.py``).

One class on purpose, and the one module over 400 lines: the library binds each ``@event`` to the
class that declares it, so the lifecycle cannot be split over base classes without duplicating
topics, and each event is declared beside its step. The rules themselves live in
``domain.regles``, one module per theme; this module only sequences them.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import horloge
from domain.competence import Situation, Transfert
from domain.contrat import Contrat
from domain.courrier import Pli
from domain.decision import Critere, Decision
from domain.delais import plus_jours, plus_mois
from domain.diagnostic import Diagnostic
from domain.evenement import EvenementDecide
from domain.identite import Representation
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation, PropositionOrientation, Referent
from domain.parametres import Parametres, VersionParametres
from domain.personnel import EFFACE
from domain.regles import competence as regles_competence
from domain.regles import contrat as regles_contrat
from domain.regles import courrier as regles_courrier
from domain.regles import etapes
from domain.regles import motivation as regles_motivation
from domain.regles import orientation as regles_orientation
from domain.regles import parcours as regles_parcours
from domain.regles import recours as regles_recours
from domain.regles import sanction as regles_sanction
from domain.regles import temps as regles_temps
from domain.regles.orientation import declare_rsa
from domain.regles.personne import verifier_representation
from domain.regles.sanction import MotifLegitimeNonPrecise, RadiationSansSuppressionTotale
from domain.sanction import Manquement, Procedure, Radiation, Recours, Sanction, VoieDeRecours
from domain.valeur import ValeurInvalide, verifier_stockable
from domain.vocabulaire import (
    Allocation,
    CanalCourrier,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifSortie,
    NatureCourrier,
    Organisme,
    PreuveRemise,
    SourceDonnee,
    Statut,
    TypeManquement,
    TypeRecours,
)


class Parcours(Aggregate):
    """One person's parcours. Holds only what the rules read; screens are served by projections."""

    TOPIC = "parcours:Parcours"
    class_version = 6
    """Snapshots: v2 keeps the business time of each step (``effets``), v3 the person (``personne_id``),
    v4 the RSA information and the radiations proposed (``rsa_informe_le``, ``radiations_proposees``),
    v5 the allowances breaches were found about (``allocations_en_cause``), v6 the moves
    (``transferts``, ``territoire_transfere``)."""

    class Event(EvenementDecide):
        """Base of the parcours events."""

        def apply(self, aggregate: Any) -> None:
            # Every event, recorded now or replayed, advances the business time of the steps it stands for.
            aggregate.effets = regles_temps.noter(
                aggregate.effets, type(self).__name__, vars(self), self.decision.effective_le
            )

    # The library takes an ``id`` annotation to mean: ids are given by the caller (the application).
    # State attributes are typed where ``__init__`` sets them: other class annotations would turn
    # the aggregate into a dataclass.
    id: UUID

    # --- inscription, sortie, réouverture -------------------------------------------------

    @staticmethod
    def upcast_v1_v2(etat: dict[str, Any]) -> None:
        """A snapshot taken before business times were kept: the steps it covers are unknown, so the
        steps that follow them are checked against the recording clock only."""
        etat["effets"] = {}

    @staticmethod
    def upcast_v2_v3(etat: dict[str, Any]) -> None:
        """A snapshot taken before parcours had a person: it had none."""
        etat["personne_id"] = None

    @staticmethod
    def upcast_v3_v4(etat: dict[str, Any]) -> None:
        """A snapshot taken before the RSA information and the radiation proposals were recorded: none was."""
        etat["rsa_informe_le"] = None
        etat["radiations_proposees"] = {}

    @staticmethod
    def upcast_v4_v5(etat: dict[str, Any]) -> None:
        """A snapshot taken before breaches named an allowance: none did."""
        etat["allocations_en_cause"] = {}

    @staticmethod
    def upcast_v5_v6(etat: dict[str, Any]) -> None:
        """A snapshot taken before parcours could move: it had not moved."""
        etat["transferts"] = []
        etat["territoire_transfere"] = None

    @classmethod
    def inscrire(
        cls, inscription: Inscription, decision: Decision, parcours_id: UUID, personne_id: UUID | None = None
    ) -> "Parcours":
        """Registration with the réseau pour l'emploi (CT L.5411-1), of a person (``domain.personne``)."""
        champs: dict[str, Any] = {
            "inscription": inscription,
            "decision": decision.fondee_sur("CT L.5411-1"),
            "personne_id": personne_id,
        }
        _dater("Inscrit", champs, {})
        return cls(id=parcours_id, **champs)  # type: ignore[call-arg]

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        """Every new event passes here, a replayed one never: its business time is checked against
        the recording clock and the steps it follows, a late entry is marked, and its content must be
        storable (DESIGN §1.7, §1.8)."""
        enregistre_le = _dater(event_class.__name__, kwargs, self.effets)
        super().trigger_event(event_class, timestamp=enregistre_le, **kwargs)

    class Inscrit(Event, Aggregate.Created):
        TOPIC = "parcours:Inscrit"
        class_version = 2
        """v2 names the person (``personne_id``), after the decision: the fields before keep their place."""
        inscription: Inscription
        decision: Decision
        personne_id: UUID | None

        @staticmethod
        def upcast_v1_v2(etat: dict[str, Any]) -> None:
            """Recorded before parcours had a person."""
            etat["personne_id"] = None

    # The library's creation event is the inscription: nothing else creates a parcours. Without this
    # name the library would declare a ``Parcours.Created`` of its own, never emitted.
    Created = Inscrit

    @event(Inscrit)
    def __init__(self, inscription: Inscription, decision: Decision, personne_id: UUID | None) -> None:
        self.statut: Statut = Statut.EN_COURS
        self.inscription: Inscription = inscription
        self.personne_id: UUID | None = personne_id
        """The person the parcours is about; None for a parcours registered before people were."""
        self.radiation: Radiation | None = None
        self.diagnostics: int = 0
        self.versions_contrat: int = 0
        self.droits_devoirs_informes: bool = False
        self.manquements: dict[str, TypeManquement] = {}
        self.procedures: dict[str, Procedure] = {}
        self.propositions: int = 0
        self.donnees_orientation: dict[str, Critere] = {}
        self.explications_attendues: dict[str, date] = {}
        self.effets: dict[str, datetime] = {}
        """The latest business time of each step, that the next steps may not precede (``regles.temps``)."""
        self.rsa_informe_le: date | None = None
        """The day the PCD received the information that RSA rights were opened (CASF D.262-65-2)."""
        self.radiations_proposees: dict[str, date] = {}
        """The procedures whose radiation the PCD proposed to France Travail, and when (CASF R.262-68)."""
        self.allocations_en_cause: dict[str, Allocation] = {}
        """The allowance each breach was found about: its sanction authority is seized of the parcours."""
        self.transferts: list[Transfert] = []
        """The départements the parcours left, each with the last version its former bodies read (a list:
        the stored form of a snapshot's state is then a plain JSON array)."""
        self.territoire_transfere: Territoire | None = None
        """Where the parcours moved to since its (re)inscription; None: where it was registered."""
        self._nouveau_depart()

    @property
    def organisme_responsable(self) -> Organisme:
        """Who is in charge now: the organisme référent, or before orientation the one deciding it."""
        return regles_orientation.organisme_responsable(self.inscription.motif, self.orientation)

    @property
    def territoire(self) -> Territoire:
        """Where the parcours is followed now: where it moved to, or where it was registered."""
        return self.territoire_transfere or self.inscription.territoire

    @property
    def situation(self) -> Situation:
        """What competence reads of this parcours (``domain.competence``)."""
        procedures = self.procedures.values()
        return Situation(
            parcours_id=self.id,
            departement=self.territoire.departement,
            motif=self.inscription.motif,
            rsa=self.inscription.demande_rsa
            or self.rsa_informe_le is not None
            or declare_rsa(self.donnees_orientation),
            rsa_informe_le=self.rsa_informe_le,
            organisme_referent=self.orientation.organisme if self.orientation else None,
            referent=self.referent.id if self.referent else None,
            allocations=frozenset(p.sanction_envisagee.allocation for p in procedures)
            | frozenset(p.sanction.allocation for p in procedures if p.sanction is not None)
            | frozenset(self.allocations_en_cause.values()),
            transferts=tuple(self.transferts),
        )

    def allocation_de(self, procedure_id: str) -> Allocation:
        """The allowance a procedure is about: its sanction's, else the one envisaged. An unknown
        procedure is refused as such, before anyone's competence for it is judged."""
        procedure = regles_sanction.verifier_procedure(self.procedures, procedure_id)
        return (procedure.sanction or procedure.sanction_envisagee).allocation

    def informer_droits_rsa(self, ouverts_le: date, informe_le: date, source: SourceDonnee, decision: Decision) -> None:
        """The PCD is informed that RSA rights were opened: the person is an RSA beneficiary, whom the
        PCD orients, and six weeks later France Travail may (CASF L.262-29, D.262-65-2). The first
        information of an open parcours starts the six weeks; a later one is recorded and changes nothing."""
        etapes.en_cours(self)
        regles_competence.verifier_information_rsa(ouverts_le, informe_le, decision.jour)
        self._droits_rsa_ouverts(
            ouverts_le=ouverts_le,
            informe_le=informe_le,
            source=source,
            decision=decision.fondee_sur("CASF L.262-29", "CASF D.262-65-2"),
        )

    class DroitsRsaOuverts(Event):
        TOPIC = "parcours:DroitsRsaOuverts"
        ouverts_le: date
        informe_le: date
        source: SourceDonnee
        decision: Decision

    @event(DroitsRsaOuverts)
    def _droits_rsa_ouverts(self, ouverts_le: date, informe_le: date, source: SourceDonnee, decision: Decision) -> None:
        if self.rsa_informe_le is None:
            self.rsa_informe_le = informe_le

    def _nouveau_depart(self) -> None:
        """A new registration or orientation starts the orientation and contract steps again;
        the history keeps the earlier ones."""
        self.proposition: PropositionOrientation | None = None
        self.orientation: Orientation | None = None
        self.orientation_notifiee: bool = False
        self.referent: Referent | None = None
        self.reorientation_demandee: bool = False
        self.contrat: Contrat | None = None

    def sortir(self, motif: MotifSortie, decision: Decision) -> None:
        """End of the parcours (CT L.5411-1, R.5411-17); radiation goes through ``radier``."""
        if etapes.deja_sorti(self):
            return
        etapes.en_cours(self)
        if motif is MotifSortie.RADIATION:
            raise RadiationSansSuppressionTotale("Une radiation suit une suppression totale notifiée.")
        self._sorti(motif=motif, decision=decision.fondee_sur("CT L.5411-1", "CT R.5411-17"))

    class Sorti(Event):
        TOPIC = "parcours:Sorti"
        motif: MotifSortie
        decision: Decision

    @event(Sorti)
    def _sorti(self, motif: MotifSortie, decision: Decision) -> None:
        self.statut = Statut.SORTI

    def rouvrir(self, inscription: Inscription, decision: Decision) -> None:
        """A new registration on the same parcours; during a radiation only to ask for the RSA (CT R.5412-5).
        In another département, the move is recorded first (``Transfere``)."""
        if etapes.deja_rouvert(self):
            return
        fin_radiation = self.radiation.jusqu_au if self.radiation else None
        jour = regles_temps.jour_le_plus_tot(decision, horloge.maintenant())
        regles_parcours.verifier_reinscription(inscription, fin_radiation, jour)
        if inscription.territoire.departement != self.territoire.departement:
            # Registering again elsewhere is a move: recorded as one, the former département's bodies
            # keep reading what they decided, as after any transfer.
            self._transfere(territoire=inscription.territoire, decision=decision.fondee_sur("CT R.5411-7"))
        self._reouvert(inscription=inscription, decision=decision.fondee_sur("CT L.5411-1", "CT R.5412-5"))

    class Reouvert(Event):
        TOPIC = "parcours:Reouvert"
        inscription: Inscription
        decision: Decision

    @event(Reouvert)
    def _reouvert(self, inscription: Inscription, decision: Decision) -> None:
        self.statut = Statut.EN_COURS
        self.inscription = inscription
        self.territoire_transfere = None
        self._nouveau_depart()

    def transferer(self, territoire: Territoire, decision: Decision) -> None:
        """The person moved to another département: the parcours goes with them, and every role with it
        (CT R.5411-7: the change is declared; CASF L.262-13: the RSA is the PCD's of residence). The
        référent named belonged to the former body: the new one designates another. The former bodies
        keep reading the parcours as it stood at the move, for litigation, and do nothing more."""
        etapes.en_cours(self)
        regles_competence.verifier_transfert(self.territoire, territoire)
        self._transfere(territoire=territoire, decision=decision.fondee_sur("CT R.5411-7", "CASF L.262-13"))

    class Transfere(Event):
        TOPIC = "parcours:Transfere"
        territoire: Territoire
        decision: Decision

    @event(Transfere)
    def _transfere(self, territoire: Territoire, decision: Decision) -> None:
        # Applied before the library sets the version: this event's version is the next one.
        self.transferts = [*self.transferts, Transfert(self.territoire.departement, self.version + 1)]
        self.territoire_transfere = territoire
        self.referent = None

    def rectifier(self, version_rectifiee: int, corrections: dict[str, str], decision: Decision) -> None:
        """Records the correction of an earlier event beside it; the event itself never changes (DESIGN §1.1)."""
        if not corrections:
            raise ValeurInvalide("rectification : au moins une correction attendue")
        regles_parcours.verifier_rectification(version_rectifiee, self.version, decision.motif)
        self._rectifie(version_rectifiee=version_rectifiee, corrections=dict(corrections), decision=decision)

    class EvenementRectifie(Event):
        TOPIC = "parcours:EvenementRectifie"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"corrections": {}}
        version_rectifiee: int
        corrections: dict[str, str]
        decision: Decision

    @event(EvenementRectifie)
    def _rectifie(self, version_rectifiee: int, corrections: dict[str, str], decision: Decision) -> None:
        pass

    # --- orientation ----------------------------------------------------------------------

    def proposer_orientation(self, proposition: PropositionOrientation, decision: Decision) -> None:
        """The algorithm applies the published referential and proposes (CT L.5411-5-1 III)."""
        etapes.en_cours(self)
        self._orientation_proposee(
            proposition=proposition, decision=decision.fondee_sur("CT L.5411-5-1 III", "CRPA L.311-3-1")
        )

    class OrientationProposee(Event):
        TOPIC = "parcours:OrientationProposee"
        proposition: PropositionOrientation
        decision: Decision

    @event(OrientationProposee)
    def _orientation_proposee(self, proposition: PropositionOrientation, decision: Decision) -> None:
        # The trace of every rule evaluated stays in the event, where the explanation and the audit read
        # it; the orientation rules read only the outcome. Kept here, each snapshot would carry it and
        # every load decode it again (a large share of a command's CPU, profiled).
        self.proposition = replace(proposition, trace=())
        self.propositions += 1
        self.donnees_orientation = {critere.nom: critere for critere in decision.criteres}

    def tenir_entretien_orientation(self, decision: Decision) -> None:
        """The short entretien d'orientation held when the proposal is not obvious (DOMAIN §2.2)."""
        etapes.en_cours(self)
        self._entretien_orientation_tenu(decision=decision.fondee_sur("CT L.5411-5-1"))

    class EntretienOrientationTenu(Event):
        TOPIC = "parcours:EntretienOrientationTenu"
        decision: Decision

    @event(EntretienOrientationTenu)
    def _entretien_orientation_tenu(self, decision: Decision) -> None:
        pass

    def orienter(self, orientation: Orientation, mode: ModeOrientation, decision: Decision) -> None:
        """The competent authority decides the orientation (CT L.5411-5-1 II); the mode says how far the
        algorithm contributed (rules in ``domain.regles.orientation``)."""
        etapes.en_cours(self)
        if self.orientation is not None and self.orientation.meme_que(orientation):
            return
        etapes.avant_orienter(self)
        regles_orientation.verifier_orientation_decidable(orientation, mode, self.proposition, decision)
        propose = self.proposition.orientation if self.proposition else None
        self._oriente(
            orientation=orientation,
            mode=mode,
            divergence=propose is not None and not orientation.meme_que(propose),
            decision=decision.fondee_sur("CT L.5411-5-1 II"),
        )

    class Oriente(Event):
        TOPIC = "parcours:Oriente"
        orientation: Orientation
        mode: ModeOrientation
        divergence: bool
        decision: Decision

    @event(Oriente)
    def _oriente(self, orientation: Orientation, mode: ModeOrientation, divergence: bool, decision: Decision) -> None:
        self.orientation = orientation

    def notifier_orientation(self, decision: Decision, parametres: Parametres) -> None:
        """Notification of the orientation; the month to sign the contract starts (CT D.5411-14-1)."""
        etapes.oriente(self, "Notification")
        if etapes.deja_notifiee(self):
            return
        delai = parametres.delai_signature_contrat_mois
        self._orientation_notifiee(
            notifiee_le=decision.jour,
            delai_contrat_mois=delai,
            date_limite_contrat=plus_mois(decision.jour, delai),
            parametres=parametres.version,
            decision=decision.fondee_sur("CT D.5411-14-1", "CRPA L.221-8"),
        )

    class OrientationNotifiee(Event):
        TOPIC = "parcours:OrientationNotifiee"
        notifiee_le: date
        delai_contrat_mois: int
        date_limite_contrat: date
        parametres: VersionParametres
        decision: Decision

    @event(OrientationNotifiee)
    def _orientation_notifiee(
        self,
        notifiee_le: date,
        delai_contrat_mois: int,
        date_limite_contrat: date,
        parametres: VersionParametres,
        decision: Decision,
    ) -> None:
        self.orientation_notifiee = True

    def designer_referent(self, referent: Referent, decision: Decision) -> None:
        """The single référent, within the organisme référent (CT L.5411-6)."""
        orientation = etapes.oriente(self, "Désignation du référent")
        regles_orientation.verifier_referent(referent, orientation)
        if referent == self.referent:
            return
        self._referent_designe(referent=referent, decision=decision.fondee_sur("CT L.5411-6"))

    class ReferentDesigne(Event):
        TOPIC = "parcours:ReferentDesigne"
        referent: Referent
        decision: Decision

    @event(ReferentDesigne)
    def _referent_designe(self, referent: Referent, decision: Decision) -> None:
        self.referent = referent

    def demander_reorientation(self, decision: Decision) -> None:
        """A réorientation request by the référent or the person, with a motive (CT L.5411-5-1 V)."""
        etapes.oriente(self, "Réorientation")
        regles_orientation.verifier_motif_reorientation(decision)
        if etapes.deja_demandee(self):
            return
        self._reorientation_demandee(decision=decision.fondee_sur("CT L.5411-5-1 V"))

    class ReorientationDemandee(Event):
        TOPIC = "parcours:ReorientationDemandee"
        decision: Decision

    @event(ReorientationDemandee)
    def _reorientation_demandee(self, decision: Decision) -> None:
        self.reorientation_demandee = True

    def reorienter(self, orientation: Orientation, decision: Decision) -> None:
        """Accepts the request: a new orientation, to be notified; the contract month restarts (D.5411-14-1)."""
        ancienne = etapes.avant_statuer_reorientation(self)
        self._reoriente(orientation=orientation, ancienne=ancienne, decision=decision.fondee_sur("CT L.5411-5-1 V"))

    class Reoriente(Event):
        TOPIC = "parcours:Reoriente"
        orientation: Orientation
        ancienne: Orientation
        decision: Decision

    @event(Reoriente)
    def _reoriente(self, orientation: Orientation, ancienne: Orientation, decision: Decision) -> None:
        self._nouveau_depart()
        self.orientation = orientation

    def refuser_reorientation(self, decision: Decision) -> None:
        """Refuses the request: an unfavourable decision, reasoned in law and in fact (CT L.5411-5-1 V;
        CRPA L.211-2, L.211-5)."""
        etapes.avant_statuer_reorientation(self)
        decision = decision.fondee_sur("CT L.5411-5-1 V", "CRPA L.211-2")
        regles_motivation.exiger_motivation(decision, "le refus de réorientation")
        self._reorientation_refusee(decision=decision)

    class ReorientationRefusee(Event):
        TOPIC = "parcours:ReorientationRefusee"
        decision: Decision

    @event(ReorientationRefusee)
    def _reorientation_refusee(self, decision: Decision) -> None:
        self.reorientation_demandee = False

    def reexaminer_situation(self, maintenu: bool, decision: Decision, parametres: Parametres) -> None:
        """The équipe pluridisciplinaire's review of an RSA beneficiary on a social path, six months (up
        to twelve) after the orientation (CASF L.262-31): the social path is maintained until the next
        review, or a réorientation towards employment follows (``reorienter``)."""
        etapes.avant_reexaminer(self)
        prochain = plus_mois(decision.jour, parametres.delai_reexamen_rsa_mois) if maintenu else None
        self._situation_reexaminee(
            maintenu=maintenu, prochain_reexamen_le=prochain, decision=decision.fondee_sur("CASF L.262-31")
        )

    class SituationReexaminee(Event):
        TOPIC = "parcours:SituationReexaminee"
        maintenu: bool
        prochain_reexamen_le: date | None
        decision: Decision

    @event(SituationReexaminee)
    def _situation_reexaminee(self, maintenu: bool, prochain_reexamen_le: date | None, decision: Decision) -> None:
        pass  # recorded for the worklist and the history; the orientation changes only by ``reorienter``

    # --- diagnostic, contrat, droits et devoirs --------------------------------------------

    def realiser_diagnostic(self, diagnostic: Diagnostic, decision: Decision) -> None:
        """A new version of the diagnostic global, drawn up with the person (CT L.5411-5-2)."""
        etapes.oriente(self, "Diagnostic")
        regles_contrat.verifier_diagnostic_conjoint(diagnostic)
        self._diagnostic_realise(
            numero=self.diagnostics + 1, diagnostic=diagnostic, decision=decision.fondee_sur("CT L.5411-5-2")
        )

    class DiagnosticRealise(Event):
        TOPIC = "parcours:DiagnosticRealise"
        numero: int
        diagnostic: Diagnostic
        decision: Decision

    @event(DiagnosticRealise)
    def _diagnostic_realise(self, numero: int, diagnostic: Diagnostic, decision: Decision) -> None:
        self.diagnostics = numero

    def signer_contrat(self, contrat: Contrat, decision: Decision, parametres: Parametres) -> None:
        """The contrat d'engagement, signed with the organisme référent once the orientation is notified."""
        etapes.en_cours(self)
        if self.contrat is not None and self.contrat == contrat:
            return
        orientation = etapes.avant_signer_contrat(self)
        self._verifier_contenu_contrat(contrat, orientation, parametres)
        self._contrat_signe(
            numero=self.versions_contrat + 1,
            contrat=contrat,
            decision=decision.fondee_sur("CT L.5411-6", "CT D.5411-14-1"),
        )

    class ContratSigne(Event):
        TOPIC = "parcours:ContratSigne"
        numero: int
        contrat: Contrat
        decision: Decision

    @event(ContratSigne)
    def _contrat_signe(self, numero: int, contrat: Contrat, decision: Decision) -> None:
        self.contrat = contrat
        self.versions_contrat = numero

    def mettre_a_jour_contrat(self, contrat: Contrat, decision: Decision, parametres: Parametres) -> None:
        """A new version of the signed contract (CT L.5411-6-2)."""
        orientation = etapes.avant_mettre_a_jour_contrat(self)
        if contrat == self.contrat:
            return
        self._verifier_contenu_contrat(contrat, orientation, parametres)
        self._contrat_mis_a_jour(
            numero=self.versions_contrat + 1, contrat=contrat, decision=decision.fondee_sur("CT L.5411-6-2")
        )

    class ContratMisAJour(Event):
        TOPIC = "parcours:ContratMisAJour"
        numero: int
        contrat: Contrat
        decision: Decision

    @event(ContratMisAJour)
    def _contrat_mis_a_jour(self, numero: int, contrat: Contrat, decision: Decision) -> None:
        self.contrat = contrat
        self.versions_contrat = numero

    def _verifier_contenu_contrat(self, contrat: Contrat, orientation: Orientation, parametres: Parametres) -> None:
        regles_contrat.verifier_organisme_du_contrat(contrat, orientation)
        regles_contrat.verifier_referent_du_contrat(contrat, self.referent)
        regles_contrat.verifier_heures(contrat, self.diagnostics > 0, parametres)

    def informer_droits_devoirs(self, decision: Decision) -> None:
        """The person is informed of their rights and duties (CT L.5411-6)."""
        etapes.en_cours(self)
        self._droits_devoirs_informes(decision=decision.fondee_sur("CT L.5411-6"))

    class DroitsDevoirsInformes(Event):
        TOPIC = "parcours:DroitsDevoirsInformes"
        decision: Decision

    @event(DroitsDevoirsInformes)
    def _droits_devoirs_informes(self, decision: Decision) -> None:
        self.droits_devoirs_informes = True

    def revoir_droits_devoirs(self, decision: Decision, parametres: Parametres) -> None:
        """The periodic review of rights and duties; the next one falls due (DOMAIN §2.6, §7)."""
        etapes.avant_revoir_droits_devoirs(self)
        delai = parametres.delai_revue_droits_devoirs_mois
        self._droits_devoirs_revus(
            delai_mois=delai,
            prochaine_revue_le=plus_mois(decision.jour, delai),
            parametres=parametres.version,
            decision=decision.fondee_sur("CT L.5411-6"),
        )

    class DroitsDevoirsRevus(Event):
        TOPIC = "parcours:DroitsDevoirsRevus"
        delai_mois: int
        prochaine_revue_le: date
        parametres: VersionParametres
        decision: Decision

    @event(DroitsDevoirsRevus)
    def _droits_devoirs_revus(
        self, delai_mois: int, prochaine_revue_le: date, parametres: VersionParametres, decision: Decision
    ) -> None:
        pass

    # --- explication des décisions algorithmiques ------------------------------------------------

    def demander_explication(self, demande_id: str, decision: Decision, parametres: Parametres) -> None:
        """The person asks how the algorithm contributed to their orientation; the answer is due
        within a month (CRPA L.311-3-1, R.311-3-1-2). Open after a sortie too: the right outlives it."""
        etapes.avant_demander_explication(self)
        if demande_id in self.explications_attendues:
            return
        delai = parametres.delai_explication_mois
        self._explication_demandee(
            demande_id=demande_id,
            delai_mois=delai,
            date_limite=plus_mois(decision.jour, delai),
            parametres=parametres.version,
            decision=decision.fondee_sur("CRPA L.311-3-1", "CRPA R.311-3-1-2"),
        )

    class ExplicationDemandee(Event):
        TOPIC = "parcours:ExplicationDemandee"
        demande_id: str
        delai_mois: int
        date_limite: date
        parametres: VersionParametres
        decision: Decision

    @event(ExplicationDemandee)
    def _explication_demandee(
        self, demande_id: str, delai_mois: int, date_limite: date, parametres: VersionParametres, decision: Decision
    ) -> None:
        self.explications_attendues = {**self.explications_attendues, demande_id: date_limite}

    def communiquer_explication(self, demande_id: str, explication: str, decision: Decision) -> None:
        """The explanation, as generated from the recorded decision, is communicated; its text is
        kept in the history as it was sent (CRPA R.311-3-1-2)."""
        etapes.avant_communiquer_explication(self, demande_id)
        jour = regles_temps.jour_le_plus_tard(decision, horloge.maintenant())
        self._explication_communiquee(
            demande_id=demande_id,
            explication=explication,
            dans_le_delai=jour <= self.explications_attendues[demande_id],
            decision=decision.fondee_sur("CRPA R.311-3-1-2"),
        )

    class ExplicationCommuniquee(Event):
        TOPIC = "parcours:ExplicationCommuniquee"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"explication": EFFACE}
        demande_id: str
        explication: str
        dans_le_delai: bool
        decision: Decision

    @event(ExplicationCommuniquee)
    def _explication_communiquee(
        self, demande_id: str, explication: str, dans_le_delai: bool, decision: Decision
    ) -> None:
        self.explications_attendues = {k: v for k, v in self.explications_attendues.items() if k != demande_id}

    # --- manquements, contradictoire, sanctions ---------------------------------------------

    def constater_manquement(self, manquement_id: str, manquement: Manquement, decision: Decision) -> None:
        """A breach is recorded with its facts and evidence (CT R.5412-1)."""
        etapes.en_cours(self)
        if manquement_id in self.manquements:
            return
        regles_sanction.verifier_manquement(manquement.type, self.contrat is not None)
        if manquement.date_des_faits is not None:
            regles_temps.verifier_date_declaree(manquement.date_des_faits, "manquement.date_des_faits", decision)
        self._manquement_constate(
            manquement_id=manquement_id, manquement=manquement, decision=decision.fondee_sur("CT R.5412-1")
        )

    class ManquementConstate(Event):
        TOPIC = "parcours:ManquementConstate"
        manquement_id: str
        manquement: Manquement
        decision: Decision

    @event(ManquementConstate)
    def _manquement_constate(self, manquement_id: str, manquement: Manquement, decision: Decision) -> None:
        self.manquements[manquement_id] = manquement.type
        if manquement.allocation is not None:
            self.allocations_en_cause[manquement_id] = manquement.allocation

    def ouvrir_contradictoire(
        self,
        procedure_id: str,
        manquements: tuple[str, ...],
        sanction_envisagee: Sanction,
        destinataire: Destinataire,
        decision: Decision,
        parametres: Parametres,
        representation: Representation | None = None,
    ) -> None:
        """Notice of the facts and the sanction envisaged, to the person or their legal representative (CT
        R.5412-7): a minor or a protected adult is notified through their representative, who must be
        designated first (``representation``: the person's, on the decision's day)."""
        etapes.en_cours(self)
        if procedure_id in self.procedures:
            return
        etapes.avant_ouvrir_contradictoire(self)
        if representation is not None and representation.requise:
            verifier_representation(True, representation.representant is not None, decision.jour)
            destinataire = Destinataire.REPRESENTANT_LEGAL
        regles_sanction.verifier_manquements_poursuivables(manquements, self.manquements, self.procedures)
        regles_sanction.verifier_bareme(sanction_envisagee, parametres)
        self._contradictoire_ouvert(
            procedure_id=procedure_id,
            manquements=tuple(manquements),
            sanction_envisagee=sanction_envisagee,
            destinataire=destinataire,
            decision=decision.fondee_sur("CT R.5412-7"),
        )

    class ContradictoireOuvert(Event):
        TOPIC = "parcours:ContradictoireOuvert"
        procedure_id: str
        manquements: tuple[str, ...]
        sanction_envisagee: Sanction
        destinataire: Destinataire
        decision: Decision

    @event(ContradictoireOuvert)
    def _contradictoire_ouvert(
        self,
        procedure_id: str,
        manquements: tuple[str, ...],
        sanction_envisagee: Sanction,
        destinataire: Destinataire,
        decision: Decision,
    ) -> None:
        self.procedures[procedure_id] = Procedure(
            id=procedure_id,
            manquements=manquements,
            types_manquement=tuple(self.manquements[m] for m in manquements),
            sanction_envisagee=sanction_envisagee,
            ouverte_le=decision.jour,
        )

    def receptionner_avis(self, procedure_id: str, recu_le: date, decision: Decision, parametres: Parametres) -> None:
        """The certain date of receipt of the notice starts the period for observations (CT R.5412-7)."""
        procedure = self._procedure_en_cours(procedure_id)
        if procedure.recue_le == recu_le:
            return
        ouverture = regles_temps.libelle(f"ouverture:{procedure_id}")
        regles_temps.verifier_date_declaree(recu_le, "recu_le", decision, procedure.ouverte_le, ouverture)
        delai = parametres.delai_contradictoire_jours
        self._avis_receptionne(
            procedure_id=procedure_id,
            recu_le=recu_le,
            delai_jours=delai,
            date_limite=plus_jours(recu_le, delai),
            parametres=parametres.version,
            decision=decision.fondee_sur("CT R.5412-7"),
        )

    class AvisContradictoireReceptionne(Event):
        TOPIC = "parcours:AvisContradictoireReceptionne"
        procedure_id: str
        recu_le: date
        delai_jours: int
        date_limite: date
        parametres: VersionParametres
        decision: Decision

    @event(AvisContradictoireReceptionne)
    def _avis_receptionne(
        self,
        procedure_id: str,
        recu_le: date,
        delai_jours: int,
        date_limite: date,
        parametres: VersionParametres,
        decision: Decision,
    ) -> None:
        self._changer(procedure_id, recue_le=recu_le, date_limite=date_limite)

    def recevoir_observations(self, procedure_id: str, decision: Decision) -> None:
        """Written observations of the person (CT R.5412-7)."""
        self._procedure_en_cours(procedure_id)
        self._observations_recues(procedure_id=procedure_id, decision=decision.fondee_sur("CT R.5412-7"))

    class ObservationsRecues(Event):
        TOPIC = "parcours:ObservationsRecues"
        procedure_id: str
        decision: Decision

    @event(ObservationsRecues)
    def _observations_recues(self, procedure_id: str, decision: Decision) -> None:
        self._changer(procedure_id, observations_recues=True)

    def tenir_audition(self, procedure_id: str, assistee_par: str | None, decision: Decision) -> None:
        """The person heard, assisted by a person of their choice (CT R.5412-7)."""
        self._procedure_en_cours(procedure_id)
        self._audition_tenue(
            procedure_id=procedure_id, assistee_par=assistee_par, decision=decision.fondee_sur("CT R.5412-7")
        )

    class AuditionTenue(Event):
        TOPIC = "parcours:AuditionTenue"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"assistee_par": EFFACE}
        procedure_id: str
        assistee_par: str | None
        decision: Decision

    @event(AuditionTenue)
    def _audition_tenue(self, procedure_id: str, assistee_par: str | None, decision: Decision) -> None:
        self._changer(procedure_id, observations_recues=True)

    def clore_procedure(self, procedure_id: str, decision: Decision) -> None:
        """A motif légitime closes the procedure without sanction (CT R.5412-7)."""
        if etapes.deja_close(self, procedure_id):
            return
        self._procedure_en_cours(procedure_id)
        if decision.motif is None:
            raise MotifLegitimeNonPrecise("Préciser le motif légitime qui clôt la procédure.")
        self._procedure_close(procedure_id=procedure_id, decision=decision.fondee_sur("CT R.5412-7"))

    class ProcedureClose(Event):
        TOPIC = "parcours:ProcedureClose"
        procedure_id: str
        decision: Decision

    @event(ProcedureClose)
    def _procedure_close(self, procedure_id: str, decision: Decision) -> None:
        self._changer(procedure_id, close_sans_sanction=True)

    def decider_sanction(
        self,
        procedure_id: str,
        sanction: Sanction,
        avis_equipe_pluridisciplinaire: bool,
        decision: Decision,
        parametres: Parametres,
    ) -> None:
        """The competent authority decides, proportionately and never automatically (CT R.5412-7, R.5412-8),
        stating its reasons in law and in fact (CRPA L.211-2, L.211-5)."""
        procedure = regles_sanction.verifier_procedure(self.procedures, procedure_id)
        if procedure.sanction == sanction:
            return
        self._procedure_en_cours(procedure_id)
        regles_sanction.verifier_decideur(decision, sanction)
        regles_sanction.verifier_bareme(sanction, parametres)
        regles_sanction.verifier_conforme_a_l_envisagee(sanction, procedure)
        regles_sanction.verifier_gradation(sanction, procedure, self.procedures)
        regles_sanction.verifier_avis_equipe(sanction, avis_equipe_pluridisciplinaire)
        regles_sanction.verifier_fin_contradictoire(
            procedure, decision.jour, regles_temps.jour_de(horloge.maintenant())
        )
        decision = decision.fondee_sur("CT R.5412-8", "décret 2025-478")
        regles_motivation.exiger_motivation(decision, "la sanction")
        self._sanction_decidee(
            procedure_id=procedure_id,
            sanction=sanction,
            avis_equipe_pluridisciplinaire=avis_equipe_pluridisciplinaire,
            parametres=parametres.version,
            decision=decision,
        )

    class SanctionDecidee(Event):
        TOPIC = "parcours:SanctionDecidee"
        procedure_id: str
        sanction: Sanction
        avis_equipe_pluridisciplinaire: bool
        parametres: VersionParametres
        decision: Decision

    @event(SanctionDecidee)
    def _sanction_decidee(
        self,
        procedure_id: str,
        sanction: Sanction,
        avis_equipe_pluridisciplinaire: bool,
        parametres: VersionParametres,
        decision: Decision,
    ) -> None:
        self._changer(procedure_id, sanction=sanction)

    def notifier_sanction(
        self, procedure_id: str, voies_de_recours: tuple[VoieDeRecours, ...], decision: Decision, parametres: Parametres
    ) -> None:
        """Notified with its reasons, legal basis and remedies; the recours period starts (CRPA L.211-2).
        Possible after a sortie: a decision taken before it must still reach the person."""
        etapes.avant_notifier_sanction(self, procedure_id)
        if etapes.deja_notifiee_sanction(self, procedure_id):
            return
        regles_sanction.verifier_voies_de_recours(voies_de_recours)
        delai = parametres.delai_recours_mois
        self._sanction_notifiee(
            procedure_id=procedure_id,
            notifiee_le=decision.jour,
            voies_de_recours=tuple(voies_de_recours),
            delai_recours_mois=delai,
            date_limite_recours=plus_mois(decision.jour, delai),
            parametres=parametres.version,
            decision=decision.fondee_sur("CRPA L.211-2", "CJA R.421-5"),
        )

    class SanctionNotifiee(Event):
        TOPIC = "parcours:SanctionNotifiee"
        procedure_id: str
        notifiee_le: date
        voies_de_recours: tuple[VoieDeRecours, ...]
        delai_recours_mois: int
        date_limite_recours: date
        parametres: VersionParametres
        decision: Decision

    @event(SanctionNotifiee)
    def _sanction_notifiee(
        self,
        procedure_id: str,
        notifiee_le: date,
        voies_de_recours: tuple[VoieDeRecours, ...],
        delai_recours_mois: int,
        date_limite_recours: date,
        parametres: VersionParametres,
        decision: Decision,
    ) -> None:
        self._changer(procedure_id, notifiee_le=notifiee_le, date_limite_recours=date_limite_recours)

    def lever_suspension(self, procedure_id: str, decision: Decision) -> None:
        """The suspension ends when the person complies: remobilisation (CT R.5412-8)."""
        etapes.avant_lever_suspension(self, procedure_id)
        if etapes.deja_levee(self, procedure_id):
            return
        self._suspension_levee(procedure_id=procedure_id, decision=decision.fondee_sur("CT R.5412-8"))

    class SuspensionLevee(Event):
        TOPIC = "parcours:SuspensionLevee"
        procedure_id: str
        decision: Decision

    @event(SuspensionLevee)
    def _suspension_levee(self, procedure_id: str, decision: Decision) -> None:
        self._changer(procedure_id, suspension_levee=True)

    def proposer_radiation(self, procedure_id: str, decision: Decision, parametres: Parametres) -> None:
        """The PCD proposes to France Travail the radiation that follows the total suppression of an RSA
        beneficiary's RSA (CASF R.262-68); France Travail records it (``radier``)."""
        if etapes.deja_proposee(self, procedure_id):
            return
        etapes.avant_proposer_radiation(self, procedure_id, parametres)
        self._radiation_proposee(procedure_id=procedure_id, decision=decision.fondee_sur("CASF R.262-68"))

    class RadiationProposee(Event):
        TOPIC = "parcours:RadiationProposee"
        procedure_id: str
        decision: Decision

    @event(RadiationProposee)
    def _radiation_proposee(self, procedure_id: str, decision: Decision) -> None:
        self.radiations_proposees = {**self.radiations_proposees, procedure_id: decision.jour}

    def radier(self, procedure_id: str, decision: Decision, parametres: Parametres) -> None:
        """A notified total suppression leads to radiation for the same duration (CT L.5412-1); after
        a suppression of the RSA, on the PCD's proposal (CASF R.262-68). A sanction: reasoned in law and
        in fact (CRPA L.211-2, L.211-5)."""
        if etapes.deja_radie(self, procedure_id):
            return
        sanction = etapes.avant_radier(self, procedure_id, parametres)
        decision = decision.fondee_sur("CT L.5412-1", "CT R.5412-5")
        regles_motivation.exiger_motivation(decision, "la radiation")
        debut = decision.jour
        self._radie(
            procedure_id=procedure_id,
            du=debut,
            jusqu_au=plus_mois(debut, sanction.duree_mois or 0),
            decision=decision,
        )

    class Radie(Event):
        TOPIC = "parcours:Radie"
        procedure_id: str
        du: date
        jusqu_au: date
        decision: Decision

    @event(Radie)
    def _radie(self, procedure_id: str, du: date, jusqu_au: date, decision: Decision) -> None:
        self.statut = Statut.SORTI
        self.radiation = Radiation(procedure_id=procedure_id, du=du, jusqu_au=jusqu_au)

    # --- recours ---------------------------------------------------------------------------

    def introduire_recours(
        self, procedure_id: str, recours_id: str, type_recours: TypeRecours, decision: Decision
    ) -> None:
        """A recours against a notified sanction in force; a late one is recorded and flagged, not
        refused. Open after a sortie: a decision cannot shield itself (CRPA L.411-2)."""
        procedure = etapes.avant_introduire_recours(self, procedure_id)
        if procedure.recours_numero(recours_id) is not None:
            return
        limite = procedure.date_limite_recours
        jour = regles_temps.jour_le_plus_tard(decision, horloge.maintenant())
        self._sanction_contestee(
            procedure_id=procedure_id,
            recours_id=recours_id,
            type_recours=type_recours,
            recu_le=decision.jour,
            hors_delai=limite is not None and jour > limite,
            decision=decision.fondee_sur("CRPA L.411-2", regles_recours.FONDEMENTS_RECOURS[type_recours]),
        )

    class SanctionContestee(Event):
        TOPIC = "parcours:SanctionContestee"
        procedure_id: str
        recours_id: str
        type_recours: TypeRecours
        recu_le: date
        hors_delai: bool
        decision: Decision

    @event(SanctionContestee)
    def _sanction_contestee(
        self,
        procedure_id: str,
        recours_id: str,
        type_recours: TypeRecours,
        recu_le: date,
        hors_delai: bool,
        decision: Decision,
    ) -> None:
        recours = Recours(id=recours_id, type=type_recours, recu_le=recu_le, hors_delai=hors_delai)
        self._changer(procedure_id, recours=(*self.procedures[procedure_id].recours, recours))

    def trancher_recours(
        self,
        procedure_id: str,
        recours_id: str,
        issue: IssueRecours,
        sanction_reformee: Sanction | None,
        decision: Decision,
        parametres: Parametres,
    ) -> None:
        """Decides a recours; an annulment or a reformation is a compensating event, never an erasure.
        A reformed sanction is a new decision, to be notified with its own remedies. A decision that keeps a
        sanction (rejet, réformation) is reasoned in law and in fact (CRPA L.211-2, L.211-5)."""
        procedure = regles_sanction.verifier_procedure(self.procedures, procedure_id)
        recours = procedure.recours_numero(recours_id)
        if recours is not None and recours.issue is issue:
            return
        etapes.avant_trancher_recours(self, procedure_id, recours_id)
        regles_recours.verifier_issue(issue, sanction_reformee)
        regles_sanction.verifier_decision_humaine(decision)
        if sanction_reformee is not None:
            regles_sanction.verifier_decideur(decision, sanction_reformee)
            regles_sanction.verifier_bareme(sanction_reformee, parametres)
            regles_recours.verifier_reformation(sanction_reformee, procedure.sanction)
        decision = decision.fondee_sur("CRPA L.411-2")
        if regles_recours.maintient_une_sanction(issue):
            regles_motivation.exiger_motivation(decision, "la décision sur recours qui maintient une sanction")
        self._recours_tranche(procedure_id=procedure_id, recours_id=recours_id, issue=issue, decision=decision)
        if issue is IssueRecours.ANNULATION:
            self._sanction_annulee(procedure_id=procedure_id, decision=decision)
        elif sanction_reformee is not None:
            self._sanction_reformee(
                procedure_id=procedure_id,
                sanction=sanction_reformee,
                radiation_jusqu_au=self._radiation_reformee(procedure_id, sanction_reformee, parametres),
                decision=decision,
            )

    def _radiation_reformee(self, procedure_id: str, sanction: Sanction, parametres: Parametres) -> date | None:
        """The radiation that follows the reformed sanction: same start, new duration, none if the
        sanction is no longer a total suppression."""
        radiation = self.radiation
        if radiation is None or radiation.procedure_id != procedure_id:
            return None
        if not regles_sanction.est_suppression_totale(sanction, parametres):
            return None
        return plus_mois(radiation.du, sanction.duree_mois or 0)

    class RecoursTranche(Event):
        TOPIC = "parcours:RecoursTranche"
        procedure_id: str
        recours_id: str
        issue: IssueRecours
        decision: Decision

    @event(RecoursTranche)
    def _recours_tranche(self, procedure_id: str, recours_id: str, issue: IssueRecours, decision: Decision) -> None:
        self.procedures[procedure_id] = self.procedures[procedure_id].avec_issue(recours_id, issue)

    class SanctionAnnulee(Event):
        TOPIC = "parcours:SanctionAnnulee"
        procedure_id: str
        decision: Decision

    @event(SanctionAnnulee)
    def _sanction_annulee(self, procedure_id: str, decision: Decision) -> None:
        self._changer(procedure_id, sanction_annulee=True)
        if self.radiation is not None and self.radiation.procedure_id == procedure_id:
            self.radiation = None

    class SanctionReformee(Event):
        TOPIC = "parcours:SanctionReformee"
        procedure_id: str
        sanction: Sanction
        radiation_jusqu_au: date | None
        decision: Decision

    @event(SanctionReformee)
    def _sanction_reformee(
        self, procedure_id: str, sanction: Sanction, radiation_jusqu_au: date | None, decision: Decision
    ) -> None:
        self._changer(procedure_id, sanction=sanction, notifiee_le=None, date_limite_recours=None)
        if self.radiation is not None and self.radiation.procedure_id == procedure_id:
            fin = radiation_jusqu_au
            self.radiation = replace(self.radiation, jusqu_au=fin) if fin is not None else None

    # --- courriers ---------------------------------------------------------------------------

    def destinataire_du_courrier(
        self, nature: NatureCourrier, rendue: "Parcours.Event | None", representation: Representation | None, jour: date
    ) -> Destinataire:
        """To whom the letter notifying ``rendue`` goes: the notice of a contradictoire to whom its opening named
        (CT R.5412-7), any other letter to the legal representative of a minor or protected adult (who must be
        designated) and else to the person. Refuses a step the letter does not notify. Nothing is recorded."""
        etape = regles_courrier.verifier_etape_rendue(nature, rendue, COURRIERS_RENDUS[nature])
        return self._destinataire(etape, representation, jour)

    def _destinataire(self, etape: Any, representation: Representation | None, jour: date) -> Destinataire:
        if isinstance(etape, Parcours.ContradictoireOuvert):
            return etape.destinataire
        if representation is not None and representation.requise:
            verifier_representation(True, representation.representant is not None, jour)
            return Destinataire.REPRESENTANT_LEGAL
        return Destinataire.PERSONNE

    def emettre_courrier(
        self,
        nature: NatureCourrier,
        rendue: "Parcours.Event | None",
        pli: Pli,
        representation: Representation | None,
        decision: Decision,
    ) -> None:
        """The letter the law requires for step ``rendue`` was sent (``pli``): recorded with the SHA-256 of its
        bytes, never its text nor its address (DOMAIN §8). Open after a sortie: a decision must reach the person.
        Each sending is recorded, a second one too (a letter lost, sent again)."""
        etape = regles_courrier.verifier_etape_rendue(nature, rendue, COURRIERS_RENDUS[nature])
        destinataire = self._destinataire(etape, representation, decision.jour)
        regles_courrier.verifier_apres_l_etape(decision, etape.decision.effective_le, "l'étape qu'il notifie")
        self._courrier_emis(
            nature=nature,
            version_rendue=etape.originator_version,
            lu_a_la_version=pli.lu_a_la_version,
            personne_version=pli.personne_version,
            empreinte=pli.empreinte,
            canal=pli.canal,
            destinataire=destinataire,
            reference=pli.reference,
            parametres=pli.parametres,
            decision=decision.fondee_sur(*regles_courrier.FONDEMENTS_COURRIER[nature]),
        )

    class CourrierEmis(Event):
        TOPIC = "parcours:CourrierEmis"
        nature: NatureCourrier
        version_rendue: int
        lu_a_la_version: int
        personne_version: int | None
        empreinte: str
        canal: CanalCourrier
        destinataire: Destinataire
        reference: str
        parametres: VersionParametres
        decision: Decision

    @event(CourrierEmis)
    def _courrier_emis(
        self,
        nature: NatureCourrier,
        version_rendue: int,
        lu_a_la_version: int,
        personne_version: int | None,
        empreinte: str,
        canal: CanalCourrier,
        destinataire: Destinataire,
        reference: str,
        parametres: VersionParametres,
        decision: Decision,
    ) -> None:
        pass

    def constater_remise(
        self,
        emis: "Parcours.Event | None",
        rendue: "Parcours.Event | None",
        remis_le: date,
        preuve: PreuveRemise,
        decision: Decision,
        parametres: Parametres,
        deja_remis_le: date | None = None,
    ) -> None:
        """The certain date the letter ``emis`` (which notified ``rendue``) reached its addressee, and what proves
        it (CT R.5412-7). The notice of a contradictoire still running with no receipt recorded also starts its
        ten days (``AvisContradictoireReceptionne``): the date is typed once. The same date again is a no-op."""
        if not isinstance(emis, Parcours.CourrierEmis):
            raise regles_courrier.CourrierInconnu("Aucun courrier émis à cette version du parcours.")
        if deja_remis_le == remis_le:
            return
        regles_courrier.verifier_date_de_remise(remis_le, decision, emis.decision.jour)
        self._courrier_remis(
            courrier_version=emis.originator_version,
            remis_le=remis_le,
            preuve=preuve,
            decision=decision.fondee_sur(*regles_courrier.FONDEMENT_REMISE),
        )
        if isinstance(rendue, Parcours.ContradictoireOuvert):
            procedure = self.procedures.get(rendue.procedure_id)
            en_cours = self.statut is Statut.EN_COURS and procedure is not None and procedure.en_cours
            if en_cours and procedure is not None and procedure.recue_le is None:
                self.receptionner_avis(procedure.id, remis_le, decision, parametres)

    class CourrierRemis(Event):
        TOPIC = "parcours:CourrierRemis"
        courrier_version: int
        remis_le: date
        preuve: PreuveRemise
        decision: Decision

    @event(CourrierRemis)
    def _courrier_remis(self, courrier_version: int, remis_le: date, preuve: PreuveRemise, decision: Decision) -> None:
        pass

    # --- procedure helpers -------------------------------------------------------------------

    def _procedure_en_cours(self, procedure_id: str) -> Procedure:
        return etapes.avant_conduire_procedure(self, procedure_id)

    def _changer(self, procedure_id: str, **changements: Any) -> None:
        self.procedures[procedure_id] = replace(self.procedures[procedure_id], **changements)


def _dater(nom: str, champs: dict[str, Any], effets: dict[str, datetime]) -> datetime:
    """Checks the business time of new event ``nom`` against the recording clock and the steps it
    follows, marks a late entry in its decision, refuses what no store could hold; returns the
    recording time."""
    enregistre_le = horloge.maintenant()
    decision: Decision = champs["decision"]
    regles_temps.verifier_date_metier(decision, enregistre_le, horloge.tolerance())
    regles_temps.verifier_ordre(nom, champs, effets, decision.effective_le)
    retard = regles_temps.saisie_tardive_jours(decision, enregistre_le)
    if retard != decision.saisie_tardive_jours:
        champs["decision"] = replace(decision, saisie_tardive_jours=retard)
    verifier_stockable(champs, nom)
    return enregistre_le


COURRIERS_RENDUS: dict[NatureCourrier, tuple[type[Parcours.Event], ...]] = {
    NatureCourrier.DECISION_ORIENTATION: (Parcours.Oriente, Parcours.Reoriente),
    NatureCourrier.AVIS_CONTRADICTOIRE: (Parcours.ContradictoireOuvert,),
    NatureCourrier.DECISION_SANCTION: (Parcours.SanctionDecidee, Parcours.SanctionReformee),
    NatureCourrier.DECISION_RECOURS: (Parcours.RecoursTranche,),
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: (Parcours.ExplicationDemandee, Parcours.OrientationProposee),
}
"""The steps each letter notifies (``CourrierEmis.version_rendue`` is one of them)."""
