"""The letters the law requires, rendered from the events and sent (issue 21, item 2; docs/courriers.md).

Two ports, which ``infrastructure`` implements and ``infrastructure/composition.py`` wires in:

- a ``Redacteur`` renders a letter as a PDF from what ``CourrierARediger`` holds (the parcours' events as read
  when it was sent, the person's record at its version, the letter's date and parameters): the same inputs always
  give the same bytes, so the SHA-256 its emission records proves which letter was sent;
- an ``Expediteur`` sends it (by e-mail, or to the printing service that posts it) and acknowledges it.

``Courriers`` gathers what a letter needs from the store: the step it notifies, the person read through their
key (personal data: in the letter and its envelope, never in an event, an id or a log), the addressee's
coordinates and the channel. The person's record gives no consent to electronic mail nor a preferred channel
(``domain.identite.Contact``): a letter goes by e-mail when its addressee has an address and the service can send
e-mail, else by post, unless the caller chooses.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID, uuid4

from application.personnes import Personnes
from domain.competence import Acte
from domain.courrier import Pli
from domain.erreurs import RegleEnfreinte
from domain.identite import Adresse, Contact, Identite, RepresentantLegal
from domain.parametres import Parametres
from domain.parcours import Parcours
from domain.personne import Personne
from domain.vocabulaire import CanalCourrier, Destinataire, NatureCourrier, PreuveRemise

ACTES_COURRIER: dict[NatureCourrier, Acte] = {
    NatureCourrier.DECISION_ORIENTATION: Acte.ORIENTER,
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: Acte.ORIENTER,
    NatureCourrier.AVIS_CONTRADICTOIRE: Acte.SANCTIONNER,
    NatureCourrier.DECISION_SANCTION: Acte.SANCTIONNER,
    NatureCourrier.DECISION_RECOURS: Acte.SANCTIONNER,
}
"""Who sends a letter: whoever may take the step it notifies (``domain.competence``)."""


class CoordonneesManquantes(RegleEnfreinte):
    """A letter goes where its addressee can receive it: a postal address for the post, an e-mail address for
    e-mail; a person whose data were erased, or a parcours without a person, has none (CT R.5412-7: a notice
    whose receipt cannot be established starts no deadline)."""

    code = "coordonnees-manquantes"
    titre = "Coordonnées du destinataire manquantes"


class EnvoiImpossible(Exception):
    """The channel could not take the letter (not configured, server unreachable): nothing is recorded, the
    command can be sent again. ``code`` is the problem type (``canal-indisponible``, ``envoi-echoue``)."""

    def __init__(self, message: str, code: str = "envoi-echoue") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Coordonnees:
    """Whom and where a letter reaches: personal data, for the envelope only."""

    nom: str
    courriel: str | None
    adresse: Adresse | None


@dataclass(frozen=True)
class CourrierARediger:
    """Everything a letter is rendered from, and nothing else: re-read from the store, the same letter."""

    parcours_id: UUID
    nature: NatureCourrier
    version_rendue: int
    evenements: tuple[Parcours.Event, ...]
    """The parcours' events as read when the letter was sent (up to ``Pli.lu_a_la_version``)."""
    destinataire: Destinataire
    identite: Identite | None
    contact: Contact | None
    representant: RepresentantLegal | None
    personne_version: int | None
    date: datetime
    """The letter's date: the business time of its emission."""
    parametres: Parametres

    @property
    def rendue(self) -> Parcours.Event:
        """The step the letter notifies."""
        return self.evenements[self.version_rendue - 1]

    @property
    def coordonnees(self) -> Coordonnees | None:
        """The addressee's: the legal representative's or the person's; None when unknown or erased."""
        if self.destinataire is Destinataire.REPRESENTANT_LEGAL:
            r = self.representant
            return None if r is None else Coordonnees(_nom(r.prenoms, r.nom), r.contact.courriel, r.contact.adresse)
        if self.identite is None:
            return None
        nom = _nom(self.identite.prenoms, self.identite.nom_usage or self.identite.nom_naissance)
        contact = self.contact
        return Coordonnees(nom, contact.courriel if contact else None, contact.adresse if contact else None)


def _nom(prenoms: tuple[str, ...], nom: str) -> str:
    return " ".join((*prenoms, nom.upper()))


class Redacteur(Protocol):
    def rediger(self, courrier: CourrierARediger) -> bytes:
        """The letter as a PDF: the same ``courrier`` always gives the same bytes."""


@dataclass(frozen=True)
class Envoi:
    """A letter to send: ``reference`` names the sending everywhere (an e-mail's Message-ID, a file's name) and
    holds nothing personal."""

    reference: str
    canal: CanalCourrier
    nature: NatureCourrier
    pdf: bytes
    empreinte: str
    coordonnees: Coordonnees


@dataclass(frozen=True)
class Accuse:
    """What the channel acknowledged: the reference under which it took the letter."""

    reference: str


class Expediteur(Protocol):
    @property
    def canaux(self) -> frozenset[CanalCourrier]:
        """The channels this service can send by."""

    def envoyer(self, envoi: Envoi) -> Accuse:
        """Sends the letter, or raises ``EnvoiImpossible``."""


@dataclass(frozen=True)
class CourrierRendu:
    """A letter sent, rendered again from its events: its bytes and whether they are those it was sent with."""

    emis: Parcours.CourrierEmis
    pdf: bytes

    @property
    def empreinte(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def conforme(self) -> bool:
        return self.empreinte == self.emis.empreinte


def etape_de(evenements: tuple[Parcours.Event, ...], version: int) -> Parcours.Event | None:
    """The step recorded at ``version``, or None."""
    return evenements[version - 1] if 1 <= version <= len(evenements) else None


PROCEDURALES = (
    Parcours.ContradictoireOuvert,
    Parcours.SanctionDecidee,
    Parcours.SanctionReformee,
    Parcours.RecoursTranche,
)
"""The steps of a sanction procedure a letter may notify."""


def procedure_de(etape: Parcours.Event | None) -> str | None:
    """The sanction procedure a step belongs to, for the competence of its letter (its allowance's authority)."""
    if isinstance(etape, PROCEDURALES):
        return etape.procedure_id
    return None


def choisir_canal(
    demande: CanalCourrier | None, coordonnees: Coordonnees | None, disponibles: frozenset[CanalCourrier]
) -> CanalCourrier:
    """The caller's choice; else e-mail when the addressee has an address and the service sends e-mail; else post."""
    if demande is not None:
        return demande
    if coordonnees is not None and coordonnees.courriel and CanalCourrier.COURRIEL in disponibles:
        return CanalCourrier.COURRIEL
    return CanalCourrier.COURRIER


def verifier_coordonnees(canal: CanalCourrier, coordonnees: Coordonnees | None) -> Coordonnees:
    if coordonnees is None:
        raise CoordonneesManquantes(
            "Le destinataire du courrier n'est pas connu (aucune personne rattachée, données effacées, ou "
            "représentant légal non désigné)."
        )
    if canal is CanalCourrier.COURRIEL and not coordonnees.courriel:
        raise CoordonneesManquantes(
            "Le destinataire n'a pas d'adresse électronique : envoyez le courrier par la poste."
        )
    if canal is CanalCourrier.COURRIER and coordonnees.adresse is None:
        raise CoordonneesManquantes("Le destinataire n'a pas d'adresse postale connue.")
    return coordonnees


class Courriers:
    """Renders and sends the letters of the parcours; the application records them."""

    def __init__(self, personnes: Personnes, redacteur: Redacteur | None, expediteur: Expediteur | None) -> None:
        self.personnes = personnes
        self.redacteur = redacteur
        self.expediteur = expediteur

    def personne(self, parcours: Parcours, version: int | None = None) -> Personne | None:
        """The person the parcours is about, as their record stood at ``version`` (None: now)."""
        return self.personnes.trouver(parcours.personne_id, version) if parcours.personne_id else None

    def a_rediger(
        self,
        parcours: Parcours,
        nature: NatureCourrier,
        version_rendue: int,
        evenements: tuple[Parcours.Event, ...],
        destinataire: Destinataire,
        personne: Personne | None,
        date: datetime,
        parametres: Parametres,
    ) -> CourrierARediger:
        lisible = personne is not None and personne.effacee_le is None
        return CourrierARediger(
            parcours_id=parcours.id,
            nature=nature,
            version_rendue=version_rendue,
            evenements=evenements,
            destinataire=destinataire,
            identite=personne.identite if lisible and personne else None,
            contact=personne.contact if lisible and personne else None,
            representant=personne.representant if lisible and personne else None,
            personne_version=personne.version if personne is not None else None,
            date=date,
            parametres=parametres,
        )

    def rediger(self, courrier: CourrierARediger) -> bytes:
        if self.redacteur is None:
            raise EnvoiImpossible("Aucun rédacteur de courriers n'est configuré.", "canal-indisponible")
        return self.redacteur.rediger(courrier)

    def expedier(self, courrier: CourrierARediger, demande: CanalCourrier | None) -> Pli:
        """Renders the letter and sends it; what its emission records. Refused before anything leaves when the
        addressee cannot be reached by the channel; ``EnvoiImpossible`` when the channel fails."""
        expediteur = self.expediteur
        disponibles = expediteur.canaux if expediteur is not None else frozenset()
        canal = choisir_canal(demande, courrier.coordonnees, disponibles)
        coordonnees = verifier_coordonnees(canal, courrier.coordonnees)
        if expediteur is None or canal not in disponibles:
            raise EnvoiImpossible(
                f"Le service n'est pas configuré pour envoyer par {canal.value}.", "canal-indisponible"
            )
        pdf = self.rediger(courrier)
        empreinte = hashlib.sha256(pdf).hexdigest()
        accuse = expediteur.envoyer(Envoi(uuid4().hex, canal, courrier.nature, pdf, empreinte, coordonnees))
        return Pli(
            empreinte=empreinte,
            canal=canal,
            reference=accuse.reference,
            lu_a_la_version=len(courrier.evenements),
            personne_version=courrier.personne_version,
            parametres=courrier.parametres.version,
        )


@dataclass(frozen=True)
class CourrierSuivi:
    """A letter the parcours emitted, and its receipt once recorded (None: not yet, so no deadline counts from it)."""

    version: int
    emis: Parcours.CourrierEmis
    remis_le: date | None
    preuve: PreuveRemise | None


def courriers_suivis(evenements: Sequence[object]) -> list[CourrierSuivi]:
    """The letters of a history, in the order they were sent, each with its first recorded receipt."""
    remises: dict[int, Parcours.CourrierRemis] = {}
    for e in evenements:
        if isinstance(e, Parcours.CourrierRemis):
            remises.setdefault(e.courrier_version, e)
    return [
        CourrierSuivi(e.originator_version, e, r.remis_le if r else None, r.preuve if r else None)
        for e in evenements
        if isinstance(e, Parcours.CourrierEmis)
        for r in [remises.get(e.originator_version)]
    ]
