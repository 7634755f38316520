"""The parcours application: one method per command, and the queries (current, at a version, as of a date).

Each command takes the parcours its caller loaded (the API's access check, a test, the demo), lets
the aggregate check and record, then saves; it returns the new version and the store position
(notification id) so that readers can wait for it. A write that came in between the load and the
save is caught at save (optimistic concurrency). Only an inscription, which has no parcours yet,
makes its own.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, StoredEvent, Transcoder, Transcoding

from application.courriers import (
    ACTES_COURRIER,
    CourrierRendu,
    Courriers,
    Expediteur,
    Redacteur,
    etape_de,
    procedure_de,
)
from application.erreurs import EcritureConcurrente, VersionPerimee
from application.orientation import Donnee, completer, proposer
from application.personnes import Personnes
from application.saisie import Saisie
from application.trousseau import Trousseau
from domain.competence import Acte, Attribution, Delegation, Situation, roles
from domain.contrat import Contrat
from domain.decision import Decision
from domain.diagnostic import Diagnostic
from domain.horloge import Horloge, horloge_systeme, sous_horloge
from domain.identite import FichePersonne
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation, Referent
from domain.parametres import PARAMETRES_2025_1, Parametres, parametres_en_version
from domain.parcours import Parcours
from domain.referentiel import Referentiels
from domain.regles.competence import verifier_competence
from domain.regles.courrier import CourrierInconnu
from domain.regles.parcours import ParcoursNonInscrit
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.valeur import relecture
from domain.vocabulaire import (
    Allocation,
    CanalCourrier,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifSortie,
    NatureCourrier,
    PreuveRemise,
    SourceDonnee,
    TypeRecours,
)


@dataclass(frozen=True)
class Resultat:
    """What a command returns: the parcours, its new version, and the store position to wait for."""

    parcours_id: UUID
    version: int
    position: int | None
    nouveaux: int = 0
    """Events appended by the command (0 when the outcome had already been reached)."""
    personne_id: UUID | None = None
    """The person the parcours is about, for an inscription."""


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
        trousseau: Trousseau | None = None,
        mapper: Callable[[Transcoder], Mapper[UUID]] | None = None,
        delegations: Sequence[Delegation] = (),
        redacteur: Redacteur | None = None,
        expediteur: Expediteur | None = None,
    ) -> None:
        """``trousseau`` keeps each person's key; ``mapper`` (built on the application's transcoder)
        seals their personal fields with it; ``redacteur`` and ``expediteur`` render and send the letters
        (``infrastructure/composition.py`` gives them all)."""
        self.horloge = horloge
        self.parametres = parametres
        self.referentiels = referentiels
        """The published orientation referential; without it, no algorithmic proposal is made."""
        self.delegations = tuple(delegations)
        """The conventions by which départements delegate orientation or accompaniment (``domain.competence``)."""
        self.apres_enregistrement: list[Callable[[int], None]] = []
        """Told the new store position after each save (e.g. to wake the projections): ``annoncer``."""
        self._transcodings = tuple(transcodings)
        self._mapper = mapper
        super().__init__(env)
        self.personnes = Personnes(self.repository, trousseau)
        self.courriers = Courriers(self.personnes, redacteur, expediteur)

    def construct_mapper(self) -> Mapper[UUID]:
        if self._mapper is not None:
            return self._mapper(self.construct_transcoder())
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=MapperDeRelecture)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in self._transcodings:
            transcoder.register(transcoding)

    def close(self) -> None:
        super().close()
        if self.personnes.trousseau_ouvert is not None:
            self.personnes.trousseau_ouvert.fermer()

    # --- queries ---------------------------------------------------------------------------

    def parcours(self, parcours_id: UUID, version: int | None = None) -> Parcours:
        """The parcours now, or as it stood at a version."""
        parcours = self.trouver(parcours_id, version)
        if parcours is None:
            raise ParcoursNonInscrit(f"Aucun parcours {parcours_id} (à la version {version}).")
        return parcours

    def trouver(self, parcours_id: UUID, version: int | None = None) -> Parcours | None:
        """The parcours now, or as it stood at a version; None when no parcours has that id."""
        try:
            parcours: Parcours = self.repository.get(parcours_id, version=version)
        except AggregateNotFoundError:
            return None
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

    def annoncer(self, position: int) -> None:
        """Tells the observers (``apres_enregistrement``) that the store reached ``position`` by a save here."""
        for abonne in self.apres_enregistrement:
            abonne(position)

    # --- inscription, sortie, réouverture, rectification -------------------------------------

    def inscrire(
        self,
        saisie: Saisie,
        inscription: Inscription,
        parcours_id: UUID | None = None,
        donnees: Sequence[Donnee] = (),
        personne: FichePersonne | None = None,
    ) -> Resultat:
        """Registers a person: a new parcours (CT L.5411-1), whose id carries no personal data; the
        orientation algorithm proposes at once, on the data given (CT L.5411-5-1 III). The person is
        looked for first (``application.personnes``): a known person's closed parcours is reopened
        (CT R.5412-5 applies to it), an open one refuses the inscription. Two inscriptions of one person
        at once: the second fails on a landmark the first posed, and is run again, finding the person."""
        if personne is None:
            with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
                decision = saisie.decision(self.horloge())
                parcours = Parcours.inscrire(inscription, decision, parcours_id or uuid4())
                self._proposer(parcours, donnees, decision)
                return self._sauver(parcours, saisie)
        try:
            return self._inscrire_personne(saisie, inscription, parcours_id or uuid4(), donnees, personne)
        except EcritureConcurrente:
            return self._inscrire_personne(saisie, inscription, parcours_id or uuid4(), donnees, personne)

    def _inscrire_personne(
        self,
        saisie: Saisie,
        inscription: Inscription,
        parcours_id: UUID,
        donnees: Sequence[Donnee],
        fiche: FichePersonne,
    ) -> Resultat:
        with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
            decision = saisie.decision(self.horloge())
            faite = self.personnes.inscrire(fiche, inscription, decision, parcours_id, donnees, self.referentiels)
            resultat = self._sauver(faite.parcours, saisie, faite.personne, *faite.reperes)
            return replace(resultat, personne_id=faite.personne.id)

    def sortir(self, parcours: Parcours, saisie: Saisie, motif: MotifSortie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.sortir(motif, decision)
        return self._enregistrer(parcours, saisie)

    def rouvrir(
        self, parcours: Parcours, saisie: Saisie, inscription: Inscription, donnees: Sequence[Donnee] = ()
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.rouvrir(inscription, decision)
            self._proposer(parcours, completer(parcours.donnees_orientation.values(), donnees), decision)
        return self._enregistrer(parcours, saisie)

    def rectifier(
        self, parcours: Parcours, saisie: Saisie, version_rectifiee: int, corrections: dict[str, str]
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER, Acte.ORIENTER, Acte.SANCTIONNER) as decision:
            parcours.rectifier(version_rectifiee, corrections, decision)
        return self._enregistrer(parcours, saisie)

    def transferer(self, parcours: Parcours, saisie: Saisie, territoire: Territoire) -> Resultat:
        """The organisme référent records the person's move: every role goes to the new département."""
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.transferer(territoire, decision)
        return self._enregistrer(parcours, saisie)

    def informer_droits_rsa(
        self, parcours: Parcours, saisie: Saisie, ouverts_le: date, informe_le: date, source: SourceDonnee
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.INFORMER_DROITS_RSA) as decision:
            parcours.informer_droits_rsa(ouverts_le, informe_le, source, decision)
        return self._enregistrer(parcours, saisie)

    # --- orientation ----------------------------------------------------------------------

    def completer_donnees_orientation(self, parcours: Parcours, saisie: Saisie, donnees: Sequence[Donnee]) -> Resultat:
        """New or corrected inputs: the algorithm proposes again, with the version in force that day."""
        with self._etape(parcours, saisie, Acte.ORIENTER, Acte.ACCOMPAGNER) as decision:
            self._proposer(parcours, completer(parcours.donnees_orientation.values(), donnees), decision)
        return self._enregistrer(parcours, saisie)

    def _proposer(self, parcours: Parcours, donnees: Sequence[Donnee], decision: Decision) -> None:
        """The algorithm proposes once it has data to read: without any, the person is oriented
        after an entretien (the ``a_orienter`` worklist), as R99 would say."""
        if self.referentiels is not None and donnees:
            proposer(parcours, self.referentiels, donnees, decision.effective_le)

    def tenir_entretien_orientation(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.tenir_entretien_orientation(decision)
        return self._enregistrer(parcours, saisie)

    def orienter(self, parcours: Parcours, saisie: Saisie, orientation: Orientation, mode: ModeOrientation) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.orienter(orientation, mode, decision)
        return self._enregistrer(parcours, saisie)

    def notifier_orientation(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.notifier_orientation(decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def designer_referent(self, parcours: Parcours, saisie: Saisie, referent: Referent) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.designer_referent(referent, decision)
        return self._enregistrer(parcours, saisie)

    def demander_reorientation(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER, Acte.AGIR_EN_PERSONNE) as decision:
            parcours.demander_reorientation(decision)
        return self._enregistrer(parcours, saisie)

    def reorienter(self, parcours: Parcours, saisie: Saisie, orientation: Orientation) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.reorienter(orientation, decision)
        return self._enregistrer(parcours, saisie)

    def refuser_reorientation(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.refuser_reorientation(decision)
        return self._enregistrer(parcours, saisie)

    def reexaminer_situation(self, parcours: Parcours, saisie: Saisie, maintenu: bool) -> Resultat:
        with self._etape(parcours, saisie, Acte.REEXAMINER) as decision:
            parcours.reexaminer_situation(maintenu, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def demander_explication(self, parcours: Parcours, saisie: Saisie, demande_id: str | None = None) -> Resultat:
        with self._etape(parcours, saisie, Acte.AGIR_EN_PERSONNE, Acte.ACCOMPAGNER, Acte.ORIENTER) as decision:
            parcours.demander_explication(demande_id or uuid4().hex, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def communiquer_explication(
        self, parcours: Parcours, saisie: Saisie, demande_id: str, explication: str
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.ORIENTER) as decision:
            parcours.communiquer_explication(demande_id, explication, decision)
        return self._enregistrer(parcours, saisie)

    # --- diagnostic, contrat, droits et devoirs --------------------------------------------

    def realiser_diagnostic(self, parcours: Parcours, saisie: Saisie, diagnostic: Diagnostic) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.realiser_diagnostic(diagnostic, decision)
        return self._enregistrer(parcours, saisie)

    def signer_contrat(self, parcours: Parcours, saisie: Saisie, contrat: Contrat) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.signer_contrat(contrat, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def mettre_a_jour_contrat(self, parcours: Parcours, saisie: Saisie, contrat: Contrat) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.mettre_a_jour_contrat(contrat, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def informer_droits_devoirs(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.informer_droits_devoirs(decision)
        return self._enregistrer(parcours, saisie)

    def revoir_droits_devoirs(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER) as decision:
            parcours.revoir_droits_devoirs(decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    # --- manquements, contradictoire, sanctions, recours ------------------------------------

    def constater_manquement(
        self, parcours: Parcours, saisie: Saisie, manquement: Manquement, manquement_id: str | None = None
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.ACCOMPAGNER, Acte.SANCTIONNER) as decision:
            parcours.constater_manquement(manquement_id or uuid4().hex, manquement, decision)
        return self._enregistrer(parcours, saisie)

    def ouvrir_contradictoire(
        self,
        parcours: Parcours,
        saisie: Saisie,
        manquements: tuple[str, ...],
        sanction_envisagee: Sanction,
        destinataire: Destinataire,
        procedure_id: str | None = None,
    ) -> Resultat:
        ident = procedure_id or uuid4().hex
        with self._etape(parcours, saisie, Acte.SANCTIONNER, allocation=sanction_envisagee.allocation) as decision:
            personne = self.personnes.trouver(parcours.personne_id) if parcours.personne_id else None
            representation = personne.representation_au(decision.jour) if personne else None
            parcours.ouvrir_contradictoire(
                ident, manquements, sanction_envisagee, destinataire, decision, self.parametres, representation
            )
        return self._enregistrer(parcours, saisie)

    def receptionner_avis(self, parcours: Parcours, saisie: Saisie, procedure_id: str, recu_le: date) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.receptionner_avis(procedure_id, recu_le, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def recevoir_observations(self, parcours: Parcours, saisie: Saisie, procedure_id: str) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, Acte.AGIR_EN_PERSONNE, procedure=procedure_id) as decision:
            parcours.recevoir_observations(procedure_id, decision)
        return self._enregistrer(parcours, saisie)

    def tenir_audition(
        self, parcours: Parcours, saisie: Saisie, procedure_id: str, assistee_par: str | None = None
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.tenir_audition(procedure_id, assistee_par, decision)
        return self._enregistrer(parcours, saisie)

    def clore_procedure(self, parcours: Parcours, saisie: Saisie, procedure_id: str) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.clore_procedure(procedure_id, decision)
        return self._enregistrer(parcours, saisie)

    def decider_sanction(
        self,
        parcours: Parcours,
        saisie: Saisie,
        procedure_id: str,
        sanction: Sanction,
        avis_equipe_pluridisciplinaire: bool = False,
    ) -> Resultat:
        """The autorité decides (CT R.5412-1 to R.5412-8); the rules are the aggregate's."""
        with self._etape(parcours, saisie, Acte.SANCTIONNER, allocation=sanction.allocation) as decision:
            parcours.decider_sanction(procedure_id, sanction, avis_equipe_pluridisciplinaire, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def notifier_sanction(
        self, parcours: Parcours, saisie: Saisie, procedure_id: str, voies_de_recours: tuple[VoieDeRecours, ...]
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.notifier_sanction(procedure_id, voies_de_recours, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def lever_suspension(self, parcours: Parcours, saisie: Saisie, procedure_id: str) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.lever_suspension(procedure_id, decision)
        return self._enregistrer(parcours, saisie)

    def proposer_radiation(self, parcours: Parcours, saisie: Saisie, procedure_id: str) -> Resultat:
        with self._etape(parcours, saisie, Acte.PROPOSER_RADIATION, procedure=procedure_id) as decision:
            parcours.proposer_radiation(procedure_id, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def radier(self, parcours: Parcours, saisie: Saisie, procedure_id: str) -> Resultat:
        with self._etape(parcours, saisie, Acte.RADIER, procedure=procedure_id) as decision:
            parcours.radier(procedure_id, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    def introduire_recours(
        self,
        parcours: Parcours,
        saisie: Saisie,
        procedure_id: str,
        type_recours: TypeRecours,
        recours_id: str | None = None,
    ) -> Resultat:
        with self._etape(
            parcours, saisie, Acte.AGIR_EN_PERSONNE, Acte.ACCOMPAGNER, Acte.SANCTIONNER, procedure=procedure_id
        ) as decision:
            parcours.introduire_recours(procedure_id, recours_id or uuid4().hex, type_recours, decision)
        return self._enregistrer(parcours, saisie)

    def trancher_recours(
        self,
        parcours: Parcours,
        saisie: Saisie,
        procedure_id: str,
        recours_id: str,
        issue: IssueRecours,
        sanction_reformee: Sanction | None = None,
    ) -> Resultat:
        with self._etape(parcours, saisie, Acte.SANCTIONNER, procedure=procedure_id) as decision:
            parcours.trancher_recours(procedure_id, recours_id, issue, sanction_reformee, decision, self.parametres)
        return self._enregistrer(parcours, saisie)

    # --- courriers -------------------------------------------------------------------------------

    def emettre_courrier(
        self,
        parcours: Parcours,
        saisie: Saisie,
        nature: NatureCourrier,
        version_rendue: int,
        canal: CanalCourrier | None = None,
    ) -> Resultat:
        """Renders from the events the letter notifying the step at ``version_rendue``, sends it, then records
        its emission with the SHA-256 of its bytes. Sent before it is recorded: a letter recorded as sent has
        left; a write in between is recorded over, as the letter is."""
        evenements = tuple(self.historique(parcours.id, jusqu_a_version=parcours.version))
        rendue = etape_de(evenements, version_rendue)
        acte, procedure = ACTES_COURRIER[nature], procedure_de(rendue)
        with self._etape(parcours, saisie, acte, procedure=procedure) as decision:
            personne = self.courriers.personne(parcours)
            representation = personne.representation_au(decision.jour) if personne else None
            destinataire = parcours.destinataire_du_courrier(nature, rendue, representation, decision.jour)
            courrier = self.courriers.a_rediger(
                parcours, nature, version_rendue, evenements, destinataire, personne, decision.effective_le,
                self.parametres,
            )  # fmt: skip
            pli = self.courriers.expedier(courrier, canal)
            parcours.emettre_courrier(nature, rendue, pli, representation, decision)
        try:
            return self._sauver(parcours, saisie)
        except EcritureConcurrente:
            parcours = self.parcours(parcours.id)
            with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
                parcours.emettre_courrier(nature, rendue, pli, representation, decision)
            return self._sauver(parcours, saisie)

    def courrier(self, parcours: Parcours, version: int) -> CourrierRendu:
        """The letter emitted at ``version``, rendered again from the events and the person's record as they
        were read when it was sent; ``conforme`` says whether its SHA-256 is the one recorded."""
        emis = etape_de(tuple(self.historique(parcours.id, jusqu_a_version=version)), version)
        if not isinstance(emis, Parcours.CourrierEmis):
            raise CourrierInconnu(f"Aucun courrier émis à la version {version} du parcours.")
        evenements = tuple(self.historique(parcours.id, jusqu_a_version=emis.lu_a_la_version))
        personne = self.courriers.personne(parcours, emis.personne_version) if emis.personne_version else None
        courrier = self.courriers.a_rediger(
            parcours, emis.nature, emis.version_rendue, evenements, emis.destinataire, personne,
            emis.decision.effective_le, parametres_en_version(emis.parametres),
        )  # fmt: skip
        return CourrierRendu(emis, self.courriers.rediger(courrier))

    def constater_remise(
        self, parcours: Parcours, saisie: Saisie, version: int, remis_le: date, preuve: PreuveRemise
    ) -> Resultat:
        """The certain date the letter emitted at ``version`` reached its addressee (CT R.5412-7)."""
        evenements = tuple(self.historique(parcours.id, jusqu_a_version=parcours.version))
        emis = etape_de(evenements, version)
        if not isinstance(emis, Parcours.CourrierEmis):
            raise CourrierInconnu(f"Aucun courrier émis à la version {version} du parcours.")
        rendue = etape_de(evenements, emis.version_rendue)
        remises = [
            e.remis_le for e in evenements if isinstance(e, Parcours.CourrierRemis) and e.courrier_version == version
        ]
        acte, procedure = ACTES_COURRIER[emis.nature], procedure_de(rendue)
        with self._etape(parcours, saisie, acte, procedure=procedure) as decision:
            deja = remises[-1] if remises else None
            parcours.constater_remise(emis, rendue, remis_le, preuve, decision, self.parametres, deja)
        return self._enregistrer(parcours, saisie)

    # --- what every command does around its step ------------------------------------------------

    def roles(self, situation: Situation, le: date) -> tuple[Attribution, ...]:
        """Who holds which legal role in a parcours on day ``le`` (``domain.competence``)."""
        delai = timedelta(weeks=self.parametres.delai_orientation_rsa_semaines)
        return roles(situation, le, delai, self.delegations)

    @contextmanager
    def _etape(
        self,
        parcours: Parcours,
        saisie: Saisie,
        *actes: Acte,
        allocation: Allocation | None = None,
        procedure: str | None = None,
    ) -> Iterator[Decision]:
        """The step's decision envelope, under the application's clock, once the body acting is found
        competent, on the step's business day, for one of ``actes`` (``domain.regles.competence``),
        then the caller's expected version (``If-Match``) checked against the parcours it loaded: a
        body that may not act learns that first, whatever version it read. A step of a ``procedure``
        is judged on its allowance (an unknown procedure is refused first, as such)."""
        if procedure is not None:
            allocation = parcours.allocation_de(procedure)
        with sous_horloge(self.horloge, self.parametres.tolerance_horloge):
            decision = saisie.decision(self.horloge())
            situation = parcours.situation.concernant(allocation)
            attributions = self.roles(situation, decision.jour)
            verifier_competence(situation, attributions, decision.auteur, actes, allocation)
            attendue = saisie.version_attendue
            if attendue is not None and attendue != parcours.version:
                raise VersionPerimee(attendue, parcours.version)
            yield decision

    def _enregistrer(self, parcours: Parcours, saisie: Saisie) -> Resultat:
        """Saves the step; a write that came in since the parcours was loaded makes it stale for a
        caller that named its version (412), concurrent for one that did not (409)."""
        try:
            return self._sauver(parcours, saisie)
        except EcritureConcurrente:
            if saisie.version_attendue is None:
                raise
            raise VersionPerimee(saisie.version_attendue, self.parcours(parcours.id).version) from None

    def _sauver(self, parcours: Parcours, saisie: Saisie, *autres: Aggregate) -> Resultat:
        """Saves the new events (of the parcours, and of the person and landmarks a command also
        changed, in one transaction); the caller's idempotency key and answer go into the same
        transaction (``infrastructure/idempotence.py``), so a retry can never run the command twice."""
        try:
            recordings = self.save(parcours, *autres, idempotence=saisie.idempotence)
        except IntegrityError as erreur:
            raise EcritureConcurrente(
                f"Le parcours {parcours.id} a changé pendant la commande : rien n'a été enregistré."
            ) from erreur
        position = recordings[-1].notification.id if recordings else self.recorder.max_notification_id()
        if recordings:
            self.annoncer(recordings[-1].notification.id)
        return Resultat(parcours_id=parcours.id, version=parcours.version, position=position, nouveaux=len(recordings))
