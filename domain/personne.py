"""The Personne aggregate: who a parcours is about, known once across all their parcours (DESIGN §7).

A person is an aggregate of their own, linked to their parcours: identity, identifiers, contact and legal
representative change on their own schedule (a corrected birth name, a new address) and are read by
every parcours of the person, while a parcours holds only what its rules read. A person has at most one
open parcours, the latest of ``parcours`` (its own state says whether it is open); earlier ones stay, closed.

Every field of these events that says something of the person is declared personal (``PERSONNELS``):
the store seals it with the person's own key, so that erasing the key (``effacer``) leaves the events in
place, unreadable, and every proof over their bytes still verifiable. Nothing here is ever snapshotted:
a snapshot would hold the person's state in clear.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain import horloge
from domain.decision import Decision
from domain.evenement import EvenementDecide
from domain.identite import (
    MAJORITE,
    Contact,
    FichePersonne,
    Identifiant,
    Identite,
    RepresentantLegal,
    Representation,
    age_au,
)
from domain.personnel import EFFACE
from domain.regles import personne as regles
from domain.regles import temps as regles_temps
from domain.valeur import verifier_stockable


class Personne(Aggregate):
    """A person known to the réseau pour l'emploi; ``None`` fields once their data were erased."""

    TOPIC = "personne:Personne"

    class Event(EvenementDecide):
        """Base of the person's events."""

    id: UUID

    @classmethod
    def enregistrer(cls, fiche: FichePersonne, decision: Decision, personne_id: UUID) -> "Personne":
        """A person registered with their first inscription (CT L.5411-1; CT R.5411-2 for what is asked)."""
        fiche.identite.exiger_plausible(horloge.maintenant().date())
        regles_temps.verifier_date_metier(decision, horloge.maintenant(), horloge.tolerance())
        champs: dict[str, Any] = {
            "identite": fiche.identite,
            "identifiants": fiche.identifiants,
            "contact": fiche.contact,
            "representant": fiche.representant,
            "decision": decision.fondee_sur("CT L.5411-1", "CT R.5411-2"),
        }
        verifier_stockable(champs, "PersonneEnregistree")
        return cls(id=personne_id, **champs)  # type: ignore[call-arg]

    class PersonneEnregistree(Event, Aggregate.Created):
        TOPIC = "personne:PersonneEnregistree"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {
            "identite": None,
            "identifiants": (),
            "contact": None,
            "representant": None,
        }
        identite: Identite | None
        identifiants: tuple[Identifiant, ...]
        contact: Contact | None
        representant: RepresentantLegal | None
        decision: Decision

    Created = PersonneEnregistree

    @event(PersonneEnregistree)
    def __init__(
        self,
        identite: Identite | None,
        identifiants: tuple[Identifiant, ...],
        contact: Contact | None,
        representant: RepresentantLegal | None,
        decision: Decision,
    ) -> None:
        self.identite: Identite | None = identite
        self.identifiants: dict[str, Identifiant] = {i.cle: i for i in identifiants}
        self.contact: Contact | None = contact
        self.representant: RepresentantLegal | None = representant
        self.parcours: list[UUID] = []
        """Every parcours of the person, the latest last; only the latest may be open."""
        self.doublons: dict[UUID, bool] = {}
        """Probable duplicates flagged for a human: other person -> still to be examined."""
        self.fusionnee_dans: UUID | None = None
        self.absorbees: dict[UUID, tuple[UUID, ...]] = {}
        """Records merged into this one -> their parcours, read as this person's until the merge is undone."""
        self.rectifications: dict[str, bool] = {}
        """Rectification requests: id -> answered."""
        self.effacee_le: datetime | None = None

    def _ecrire(self, event_class: Any, **champs: Any) -> None:
        """Every change: nothing once erased, a business time the recording clock allows, storable content."""
        regles.verifier_non_effacee(self.effacee_le)
        regles_temps.verifier_date_metier(champs["decision"], horloge.maintenant(), horloge.tolerance())
        verifier_stockable(champs, event_class.__name__)
        self.trigger_event(event_class, **champs)

    # --- what the person is ------------------------------------------------------------------------

    def corriger_identite(self, identite: Identite, decision: Decision) -> None:
        """A corrected identity, on a document or the source's record (RGPD art. 16)."""
        identite.exiger_plausible(horloge.maintenant().date())
        if identite == self.identite:
            return
        self._ecrire(self.IdentiteCorrigee, identite=identite, decision=decision.fondee_sur("RGPD art. 16"))

    class IdentiteCorrigee(Event):
        TOPIC = "personne:IdentiteCorrigee"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"identite": None}
        identite: Identite | None
        decision: Decision

    @event(IdentiteCorrigee)
    def _identite_corrigee(self, identite: Identite | None, decision: Decision) -> None:
        self.identite = identite

    def ajouter_identifiant(self, identifiant: Identifiant, decision: Decision) -> None:
        """A further identifier (a numéro allocataire, an account): one of each kind and issuer."""
        if identifiant.cle in self.identifiants:
            return
        regles.verifier_identifiant_nouveau(identifiant, self.identifiants.values())
        self._ecrire(self.IdentifiantAjoute, identifiant=identifiant, decision=decision)

    class IdentifiantAjoute(Event):
        TOPIC = "personne:IdentifiantAjoute"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"identifiant": None}
        identifiant: Identifiant | None
        decision: Decision

    @event(IdentifiantAjoute)
    def _identifiant_ajoute(self, identifiant: Identifiant | None, decision: Decision) -> None:
        if identifiant is not None:
            self.identifiants[identifiant.cle] = identifiant

    def changer_contact(self, contact: Contact, decision: Decision) -> None:
        if contact == self.contact:
            return
        self._ecrire(self.ContactModifie, contact=contact, decision=decision)

    class ContactModifie(Event):
        TOPIC = "personne:ContactModifie"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"contact": None}
        contact: Contact | None
        decision: Decision

    @event(ContactModifie)
    def _contact_modifie(self, contact: Contact | None, decision: Decision) -> None:
        self.contact = contact

    def designer_representant(self, representant: RepresentantLegal, decision: Decision) -> None:
        """The legal representative of a minor (Code civil art. 388-1-1) or a protected adult (art. 440)."""
        if representant == self.representant:
            return
        self._ecrire(self.RepresentantDesigne, representant=representant, decision=decision)

    class RepresentantDesigne(Event):
        TOPIC = "personne:RepresentantDesigne"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"representant": None}
        representant: RepresentantLegal | None
        decision: Decision

    @event(RepresentantDesigne)
    def _representant_designe(self, representant: RepresentantLegal | None, decision: Decision) -> None:
        self.representant = representant

    # --- the person's parcours -------------------------------------------------------------------

    def rattacher_parcours(self, parcours_id: UUID, parcours_ouvert: UUID | None, decision: Decision) -> None:
        """A new parcours of the person: at most one open at a time (CT L.5411-1). Which one is open is
        the parcours' own state (a sortie or a radiation closes it there): the application reads it."""
        if parcours_id in self.parcours:
            return
        regles.verifier_sans_parcours_ouvert(parcours_ouvert)
        self._ecrire(self.ParcoursRattache, parcours_id=parcours_id, decision=decision)

    class ParcoursRattache(Event):
        TOPIC = "personne:ParcoursRattache"
        parcours_id: UUID
        decision: Decision

    @event(ParcoursRattache)
    def _parcours_rattache(self, parcours_id: UUID, decision: Decision) -> None:
        self.parcours.append(parcours_id)

    # --- age and representation --------------------------------------------------------------------

    def age_au(self, jour: date) -> int | None:
        """Full years on the decision's day; None when the birth date is unknown (erased)."""
        return age_au(self.identite.date_naissance, jour) if self.identite is not None else None

    def representation_au(self, jour: date) -> Representation:
        """A minor, or an adult under a protection measure, acts through their legal representative."""
        age = self.age_au(jour)
        mineure = age is not None and age < MAJORITE
        protegee = self.representant is not None and self.representant.mesure_protection
        nom = self.representant.nom_affiche if self.representant is not None else None
        return Representation(requise=mineure or protegee, representant=nom)

    # --- duplicates and merges ----------------------------------------------------------------------

    def signaler_doublon(self, autre_id: UUID, decision: Decision) -> None:
        """A probable duplicate (same birth name, first name and birth date, another NIR): for a human to
        examine, never merged silently."""
        if autre_id in self.doublons or autre_id == self.id:
            return
        self._ecrire(self.DoublonSignale, autre_id=autre_id, decision=decision)

    class DoublonSignale(Event):
        TOPIC = "personne:DoublonSignale"
        autre_id: UUID
        decision: Decision

    @event(DoublonSignale)
    def _doublon_signale(self, autre_id: UUID, decision: Decision) -> None:
        self.doublons[autre_id] = True

    def fusionner_dans(self, autre_id: UUID, parcours_ouvert: UUID | None, decision: Decision) -> None:
        """This record is the same person as ``autre_id``, which is kept: every search and inscription
        that finds this one goes to the other. Reversible (``annuler_fusion``)."""
        regles.verifier_fusion(self.id, autre_id, self.fusionnee_dans, parcours_ouvert)
        self._ecrire(self.PersonneFusionnee, dans=autre_id, decision=decision)

    class PersonneFusionnee(Event):
        TOPIC = "personne:PersonneFusionnee"
        dans: UUID
        decision: Decision

    @event(PersonneFusionnee)
    def _personne_fusionnee(self, dans: UUID, decision: Decision) -> None:
        self.fusionnee_dans = dans
        self.doublons[dans] = False

    def annuler_fusion(self, decision: Decision) -> None:
        regles.verifier_fusionnee(self.fusionnee_dans)
        self._ecrire(self.FusionAnnulee, decision=decision)

    class FusionAnnulee(Event):
        TOPIC = "personne:FusionAnnulee"
        decision: Decision

    @event(FusionAnnulee)
    def _fusion_annulee(self, decision: Decision) -> None:
        self.fusionnee_dans = None

    def absorber(self, absorbee: "Personne", decision: Decision) -> None:
        """The record ``absorbee`` was merged into this one: its parcours are read as this person's (their
        record, their own space, who may see them), until the merge is undone."""
        if absorbee.id in self.absorbees:
            return
        parcours = tuple(absorbee.parcours_lies)
        self._ecrire(self.PersonneAbsorbee, absorbee=absorbee.id, parcours=parcours, decision=decision)

    class PersonneAbsorbee(Event):
        TOPIC = "personne:PersonneAbsorbee"
        absorbee: UUID
        parcours: tuple[UUID, ...]
        decision: Decision

    @event(PersonneAbsorbee)
    def _personne_absorbee(self, absorbee: UUID, parcours: tuple[UUID, ...], decision: Decision) -> None:
        self.absorbees[absorbee] = parcours

    def rendre(self, absorbee_id: UUID, decision: Decision) -> None:
        """The merge of ``absorbee_id`` into this record undone: its parcours are its own again."""
        if absorbee_id not in self.absorbees:
            return
        self._ecrire(self.AbsorptionAnnulee, absorbee=absorbee_id, decision=decision)

    class AbsorptionAnnulee(Event):
        TOPIC = "personne:AbsorptionAnnulee"
        absorbee: UUID
        decision: Decision

    @event(AbsorptionAnnulee)
    def _absorption_annulee(self, absorbee: UUID, decision: Decision) -> None:
        del self.absorbees[absorbee]

    @property
    def parcours_lies(self) -> list[UUID]:
        """The person's parcours and those of the records merged into theirs (their own first)."""
        return [
            *self.parcours,
            *(p for parcours in self.absorbees.values() for p in parcours if p not in self.parcours),
        ]

    # --- rectification requested by the person (RGPD art. 16) ----------------------------------------

    def demander_rectification(self, demande_id: str, objet: str, decision: Decision) -> None:
        if demande_id in self.rectifications:
            return
        self._ecrire(
            self.RectificationDemandee, demande_id=demande_id, objet=objet, decision=decision.fondee_sur("RGPD art. 16")
        )

    class RectificationDemandee(Event):
        TOPIC = "personne:RectificationDemandee"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"objet": EFFACE}
        demande_id: str
        objet: str
        decision: Decision

    @event(RectificationDemandee)
    def _rectification_demandee(self, demande_id: str, objet: str, decision: Decision) -> None:
        self.rectifications[demande_id] = False

    def repondre_rectification(self, demande_id: str, acceptee: bool, reponse: str, decision: Decision) -> None:
        """The answer, within one month (RGPD art. 12 §3); an accepted request is followed by the correction."""
        regles.verifier_rectification_ouverte(demande_id, self.rectifications)
        self._ecrire(
            self.RectificationRepondue,
            demande_id=demande_id,
            acceptee=acceptee,
            reponse=reponse,
            decision=decision.fondee_sur("RGPD art. 12", "RGPD art. 16"),
        )

    class RectificationRepondue(Event):
        TOPIC = "personne:RectificationRepondue"
        PERSONNELS: ClassVar[Mapping[str, Any]] = {"reponse": EFFACE}
        demande_id: str
        acceptee: bool
        reponse: str
        decision: Decision

    @event(RectificationRepondue)
    def _rectification_repondue(self, demande_id: str, acceptee: bool, reponse: str, decision: Decision) -> None:
        self.rectifications[demande_id] = True

    # --- erasure -------------------------------------------------------------------------------------

    def effacer(self, parcours_ouvert: UUID | None, decision: Decision) -> None:
        """The person's data are erased at the end of their retention (the processing's decree; CT
        R.5312-44 as reported, a versioned parameter): this event says when, on which basis and by whom;
        then the key is deleted, and every personal field of every event of the person reads as erased."""
        if self.effacee_le is not None:
            return
        regles.verifier_sans_parcours_ouvert(parcours_ouvert)
        self._ecrire(self.DonneesEffacees, parcours=tuple(self.parcours), decision=decision)

    class DonneesEffacees(Event):
        TOPIC = "personne:DonneesEffacees"
        parcours: tuple[UUID, ...]
        decision: Decision

    @event(DonneesEffacees)
    def _donnees_effacees(self, parcours: tuple[UUID, ...], decision: Decision) -> None:
        self.effacee_le = decision.effective_le
