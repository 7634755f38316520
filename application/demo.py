"""Plausible histories generated through the application's commands (issue 7, item 2): for newcomers, the
benchmarks and the indicators. Nothing is written around the application: every step is a command,
checked by the domain as in production, so a refused command is a bug of this generator.

Each person's life is a coroutine that yields its next step (a business instant, who acts, the command);
the steps of all lives are run in business-time order, the recording clock (``HorlogePilotee``) set to
each step's instant, so the store reads as the months went by. Deterministic for a given seed
(``random.Random(graine)``), parcours ids aside (``uuid4``: a second run on the same store adds to it).

Shares. Orders of magnitude from public figures, rounded, then assumptions (say so when you rely on them):
- RSA beneficiaries ~20 % of entries (17 % asking, 3 % partners): the 1.2 million automatic registrations
  of January 2025 (issue 7) against about 6 million registered people;
- young people sent by a mission locale ~20 %, people sent by a Cap emploi (BOE, handicap) ~8 %: the
  orders of magnitude of the under-26 and BOE shares among job seekers (DARES, Agefiph); the rest ask
  France Travail themselves, 10 % of them without orientation data;
- assumptions: départements 75, 93, 13, 59 and 69 in rough proportion to their job seekers, two or three
  bassins each; entries on working days over six months from ``depuis``; the declared data (activity,
  project, freins) by public; 15 % of the proposals a person validates are overridden (with a motive);
  half the R99 entretiens complete the data, which gives a new proposal; 10 % réorientation requests (60 %
  accepted); 15 % of contracts signed after the month; 14 % of parcours with a manquement, of which a
  fifth close on a motif légitime and the rest end in a sanction (a quarter avertissements), half of
  those contested (rejected, annulled or reformed), 30 % of the suspensions lifted; 30 % sorties.
With the shipped referential this gives (2,000 parcours, seed 7) a first proposal R99 for 46 %, R04 24 %,
R02 17 %, R03 8 %, R01 3 %, none (no data) 2 %; orientations decided by an agent 45 %, by the algorithm
alone 28 %, validated by an agent 27 %.

Shares are dealt exactly (largest remainders, then shuffled) rather than drawn, and once there are at least
as many parcours as kinds, every kind of history occurs at least once — so a small demo shows them all.
The recording clock follows the business dates: on a store already in use, a demo's events are recorded
in the past of the others (a demo store is for demos and benchmarks).
"""

import heapq
import random
from collections import Counter
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from application.orientation import Donnee
from application.parcours import ParcoursApplication, Resultat
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.contrat import Action, Contrat
from domain.decision import FUSEAU_METIER
from domain.diagnostic import Diagnostic, ItemDiagnostic
from domain.erreurs import RegleEnfreinte
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation, Referent
from domain.parcours import Parcours
from domain.regles.orientation import ORIENTEUR_PAR_MOTIF
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.valeur import ValeurInvalide
from domain.vocabulaire import (
    Allocation,
    CanalInscription,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NatureSanction,
    NiveauFrein,
    NiveauSanction,
    Organisme,
    SourceDonnee,
    ThemeDiagnostic,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)

BASSINS: dict[str, tuple[str, ...]] = {
    "75": ("Paris",),
    "93": ("Saint-Denis", "Montreuil", "Aulnay-sous-Bois"),
    "13": ("Marseille", "Aix-en-Provence", "Arles"),
    "59": ("Lille", "Roubaix-Tourcoing", "Valenciennes"),
    "69": ("Lyon", "Villefranche-sur-Saône"),
}
PARTS_DEPARTEMENTS = {"75": 0.20, "93": 0.22, "13": 0.22, "59": 0.24, "69": 0.12}
PARTS_PUBLICS = {
    MotifInscription.DEMANDE: 0.52,
    MotifInscription.DEMANDE_RSA: 0.17,
    MotifInscription.CONJOINT_RSA: 0.03,
    MotifInscription.SOLLICITATION_ML: 0.20,
    MotifInscription.SOLLICITATION_CAP_EMPLOI: 0.08,
}
PARTS_REORIENTATION = {"aucune": 0.90, "acceptee": 0.06, "refusee": 0.04}
PARTS_PROCEDURE = {
    "aucune": 0.86,
    "close": 0.03,
    "sanction": 0.055,
    "recours_rejet": 0.025,
    "recours_annulation": 0.015,
    "recours_reformation": 0.015,
}
PARTS_SORTIE = {
    None: 0.70,
    MotifSortie.EMPLOI_DURABLE: 0.13,
    MotifSortie.FORMATION: 0.06,
    MotifSortie.CESSATION_INSCRIPTION: 0.05,
    MotifSortie.DEMENAGEMENT: 0.03,
    MotifSortie.TRANSFERT: 0.02,
    MotifSortie.AUTRE: 0.01,
}
ETALEMENT_JOURS = 182
"""Entries spread over six months from ``depuis``."""

T = TypeVar("T")
Vie = Generator["Pas", Resultat, None]
Etapes = Generator["Pas", Resultat, T]
"""Steps of a life that end with a value (e.g. the orientation decided), composed with ``yield from``."""


class HorlogePilotee:
    """The recording clock of a demo: set to each step's business instant, so the events are recorded as
    the months go by (and the as-of reads of the store make sense)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    @classmethod
    def au(cls, jour: date) -> "HorlogePilotee":
        return cls(datetime.combine(jour, time(8), FUSEAU_METIER))

    def __call__(self) -> datetime:
        return self.instant


@dataclass(frozen=True)
class Pas:
    """One step of a life: when, who, what (the command, given the request it is made with)."""

    instant: datetime
    principal: Principal
    nom: str
    commande: Callable[[Saisie], Resultat]
    motif: str | None = None


@dataclass(frozen=True)
class Personne:
    """A person and what will become of their parcours, dealt before the run."""

    numero: int
    inscription: Inscription
    age: int
    donnees: tuple[Donnee, ...]
    entree: datetime
    ecart: bool
    reorientation: str
    en_retard: bool
    procedure: str
    sortie: MotifSortie | None
    suspension_levee: bool


@dataclass
class BilanDemo:
    """The parcours generated, the events recorded by type, and the commands refused (a generator bug)."""

    parcours: list[UUID] = field(default_factory=list)
    evenements: Counter[str] = field(default_factory=Counter)
    refus: list[str] = field(default_factory=list)


def generer(
    app: ParcoursApplication, nombre: int, graine: int, depuis: date, horloge: HorlogePilotee | None = None
) -> BilanDemo:
    """Runs ``nombre`` lives step by step in business-time order; ``horloge``, if given, is the
    application's recording clock and follows the steps."""
    rng = random.Random(graine)
    bilan = BilanDemo()
    file: list[tuple[datetime, int, Vie, Pas]] = []
    for personne in personnes(rng, nombre, depuis):
        vie = Deroulement(app, rng, personne, bilan).vie()
        heapq.heappush(file, (personne.entree, personne.numero, vie, next(vie)))
    sequence = nombre
    while file:
        _, _, vie, pas = heapq.heappop(file)
        suivant = executer(app, vie, pas, horloge, bilan)
        if suivant is not None:
            sequence += 1
            heapq.heappush(file, (suivant.instant, sequence, vie, suivant))
    for parcours_id in bilan.parcours:
        bilan.evenements.update(type(e).__name__ for e in app.historique(parcours_id))
    return bilan


def executer(
    app: ParcoursApplication, vie: Vie, pas: Pas, horloge: HorlogePilotee | None, bilan: BilanDemo
) -> Pas | None:
    """Runs one step and returns the life's next one; a refusal ends the life and is reported."""
    if horloge is not None:
        horloge.instant = pas.instant
    try:
        resultat = pas.commande(Saisie(principal=pas.principal, effective_le=pas.instant, motif=pas.motif))
    except (RegleEnfreinte, ValeurInvalide) as erreur:
        bilan.refus.append(f"{pas.nom} le {pas.instant:%Y-%m-%d} : {erreur}")
        vie.close()
        return None
    try:
        return vie.send(resultat)
    except StopIteration:
        return None


# --- the population --------------------------------------------------------------------------------


def personnes(rng: random.Random, nombre: int, depuis: date) -> list[Personne]:
    """The people, their public and their fate dealt by exact shares."""
    publics = distribuer(rng, nombre, PARTS_PUBLICS)
    departements = distribuer(rng, nombre, PARTS_DEPARTEMENTS)
    ecarts = distribuer(rng, nombre, {True: 0.15, False: 0.85})
    reorientations = distribuer(rng, nombre, PARTS_REORIENTATION)
    retards = distribuer(rng, nombre, {True: 0.15, False: 0.85})
    procedures = distribuer(rng, nombre, PARTS_PROCEDURE)
    sorties = distribuer(rng, nombre, PARTS_SORTIE)
    levees = distribuer(rng, nombre, {True: 0.30, False: 0.70})
    resultat = []
    for numero in range(nombre):
        motif, departement = publics[numero], departements[numero]
        entree = heure_ouvree(rng, depuis + timedelta(days=rng.randrange(ETALEMENT_JOURS)))
        age = rng.randint(16, 25) if motif is MotifInscription.SOLLICITATION_ML else rng.randint(18, 64)
        inscription = Inscription(motif, canal(rng, motif), Territoire(departement, rng.choice(BASSINS[departement])))
        resultat.append(
            Personne(
                numero=numero,
                inscription=inscription,
                age=age,
                donnees=donnees_orientation(rng, motif, age, entree.date()),
                entree=entree,
                ecart=ecarts[numero],
                reorientation=reorientations[numero],
                en_retard=retards[numero],
                procedure=procedures[numero],
                sortie=sorties[numero],
                suspension_levee=levees[numero],
            )
        )
    return resultat


def distribuer(rng: random.Random, nombre: int, parts: Mapping[T, float]) -> list[T]:
    """``nombre`` values in the given shares (largest remainders), each kind at least once if there is room."""
    exacts = {valeur: part * nombre for valeur, part in parts.items()}
    comptes = {valeur: int(exact) for valeur, exact in exacts.items()}
    restes = sorted(parts, key=lambda valeur: comptes[valeur] - exacts[valeur])
    for valeur in restes[: nombre - sum(comptes.values())]:
        comptes[valeur] += 1
    if nombre >= len(parts):
        for valeur in (v for v in parts if parts[v] > 0 and comptes[v] == 0):
            comptes[valeur] += 1
            comptes[max(comptes, key=lambda v: comptes[v])] -= 1
    valeurs = [valeur for valeur, compte in comptes.items() for _ in range(compte)]
    rng.shuffle(valeurs)
    return valeurs


def canal(rng: random.Random, motif: MotifInscription) -> CanalInscription:
    """RSA requests mostly come by the CAF flow, mission locale and Cap emploi ones by their partner API."""
    if motif in (MotifInscription.DEMANDE_RSA, MotifInscription.CONJOINT_RSA):
        return CanalInscription.FLUX_CAF if rng.random() < 0.85 else CanalInscription.GUICHET
    if motif is not MotifInscription.DEMANDE:
        return CanalInscription.PARTENAIRE
    return rng.choices(
        (CanalInscription.EN_LIGNE, CanalInscription.GUICHET, CanalInscription.BORNE), weights=(70, 20, 10)
    )[0]


NIVEAUX_FORMATION = ("AFS", "CP4", "CFG", "C3A", "C12", "NV5", "NV4", "NV3", "NV2", "NV1")
FREINS: dict[str, tuple[float, float]] = {
    "logement": (0.03, 0.05),
    "mobilite": (0.02, 0.08),
    "garde_enfant": (0.02, 0.05),
    "aidant": (0.01, 0.02),
    "sante": (0.03, 0.04),
}
"""Per frein: the chance it is declared strong, then moderate (tripled for RSA beneficiaries)."""


def donnees_orientation(rng: random.Random, motif: MotifInscription, age: int, jour: date) -> tuple[Donnee, ...]:
    """What the person, the CAF or the partner tells about them, each with an allowed source."""
    if motif is MotifInscription.DEMANDE and rng.random() < 0.10:
        return ()
    rsa = motif in (MotifInscription.DEMANDE_RSA, MotifInscription.CONJOINT_RSA)
    collecte = jour - timedelta(days=rng.randint(0, 3))

    def donnee(nom: str, valeur: bool | int | str, source: SourceDonnee = SourceDonnee.DECLARATION) -> Donnee:
        return Donnee(nom, valeur, source, collecte)

    donnees = [donnee("age", age, SourceDonnee.FLUX_CAF if rsa else SourceDonnee.DECLARATION)]
    if rsa:
        donnees.append(donnee("beneficiaire_rsa", True, SourceDonnee.FLUX_CAF))
    if motif is MotifInscription.SOLLICITATION_ML:
        donnees.append(donnee("sollicitation_mission_locale", True, SourceDonnee.API_PARTENAIRE))
    if motif is MotifInscription.SOLLICITATION_CAP_EMPLOI:
        donnees += [donnee("sollicitation_cap_emploi", True, SourceDonnee.API_PARTENAIRE), donnee("boe", True)]
    activite = rng.random() < {MotifInscription.SOLLICITATION_ML: 0.35}.get(motif, 0.45 if rsa else 0.8)
    donnees.append(donnee("activite_recente_24_mois", activite))
    projet = rng.choices(("oui", "non", "a_evaluer"), weights=(30, 40, 30) if rsa else (75, 10, 15))[0]
    donnees += [donnee("capacite_a_se_projeter", projet), donnee("niveau_formation", rng.choice(NIVEAUX_FORMATION))]
    for cle, (fort, moyen) in FREINS.items():
        tirage = rng.random() / (3 if rsa else 1)
        niveau = "fort" if tirage < fort else "moyen" if tirage < fort + moyen else "sans_impact"
        if cle != "sante" or niveau != "sans_impact":  # health, a sensitive datum, is told only when it weighs
            donnees.append(donnee(f"freins.{cle}", niveau))
    return tuple(donnees)


def heure_ouvree(rng: random.Random, jour: date) -> datetime:
    """A working day (a weekend moves to Monday), between 8:30 and 17:30 in French time."""
    while jour.weekday() >= 5:
        jour += timedelta(days=1)
    minutes = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
    return datetime.combine(jour, time(minutes // 60, minutes % 60), FUSEAU_METIER)


# --- the principals ---------------------------------------------------------------------------------

SIGLES = {
    Organisme.FRANCE_TRAVAIL: "FT",
    Organisme.DEPARTEMENT: "CD",
    Organisme.MISSION_LOCALE: "ML",
    Organisme.CAP_EMPLOI: "CAP",
}


def principal(role: Role, organisme: Organisme, departement: str, nom: str) -> Principal:
    """A member of the organisme's structure in the département, e.g. ``cd-93-autorite`` (the PCD)."""
    sigle = SIGLES[organisme]
    structure = f"{sigle}-{departement}"
    return Principal(f"{structure.lower()}-{nom}", role, organisme, structure, territoire=departement)


def agent(rng: random.Random, organisme: Organisme, departement: str) -> Principal:
    """One of the four conseillers of the organisme in the département."""
    return principal(Role.CONSEILLER, organisme, departement, f"conseiller-{rng.randint(1, 4)}")


def inscripteur(rng: random.Random, inscription: Inscription) -> Principal:
    """Who records the inscription: the CAF flow, a partner's API, the online portal or a conseiller."""
    partenaires = {
        CanalInscription.FLUX_CAF: "flux-caf",
        CanalInscription.EN_LIGNE: "portail-inscription",
        CanalInscription.BORNE: "portail-inscription",
        CanalInscription.PARTENAIRE: f"api-{SIGLES[ORIENTEUR_PAR_MOTIF[inscription.motif]].lower()}",
    }
    if inscription.canal in partenaires:
        return Principal(id=partenaires[inscription.canal], role=Role.PARTENAIRE)
    return agent(rng, Organisme.FRANCE_TRAVAIL, inscription.territoire.departement)


# --- a life -------------------------------------------------------------------------------------------

ALLOCATIONS = {
    MotifInscription.DEMANDE: Allocation.ARE,
    MotifInscription.DEMANDE_RSA: Allocation.RSA,
    MotifInscription.CONJOINT_RSA: Allocation.RSA,
    MotifInscription.SOLLICITATION_ML: Allocation.ALLOCATION_CEJ,
    MotifInscription.SOLLICITATION_CAP_EMPLOI: Allocation.ARE,
}
"""The allowance a sanction would bear on; its funder sanctions (DOMAIN §1)."""
FINANCEURS = {
    Allocation.ARE: Organisme.FRANCE_TRAVAIL,
    Allocation.RSA: Organisme.DEPARTEMENT,
    Allocation.ALLOCATION_CEJ: Organisme.MISSION_LOCALE,
}
VOIES = {
    Allocation.ARE: VoieDeRecours(TypeRecours.MEDIATION_PREALABLE, "Médiateur régional de France Travail", 2),
    Allocation.RSA: VoieDeRecours(TypeRecours.RAPO, "Président du conseil départemental", 2),
    Allocation.ALLOCATION_CEJ: VoieDeRecours(TypeRecours.CONTENTIEUX, "Tribunal administratif", 2),
}
APRES_ENTRETIEN = {
    Organisme.FRANCE_TRAVAIL: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.FRANCE_TRAVAIL),
    Organisme.DEPARTEMENT: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.DEPARTEMENT),
    Organisme.MISSION_LOCALE: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.MISSION_LOCALE),
    Organisme.CAP_EMPLOI: Orientation(TypeParcours.EMPLOI, Organisme.CAP_EMPLOI),
}
"""What the deciding organisme chooses after an entretien d'orientation, when the data stay inconclusive."""
CONSTAT_ENTRETIEN: dict[str, bool | int | str] = {"activite_recente_24_mois": True, "capacite_a_se_projeter": "oui"}
"""What the entretien establishes when it completes the data."""
MOTIFS = {
    "données complétées": "Situation précisée en entretien d'orientation",
    "orientation après entretien": "Orientation décidée à l'issue de l'entretien d'orientation",
    "orientation différente": "La situation observée en entretien appelle un autre accompagnement que celui proposé",
    "demande de réorientation": "Le diagnostic fait apparaître des besoins qui relèvent d'un autre accompagnement",
    "refus de réorientation": "L'accompagnement en cours répond aux besoins relevés ; à revoir au prochain point",
    "observations": "Absences dues à des rendez-vous médicaux, certificats joints",
    "clôture": "Motif légitime : absences justifiées par des soins",
    "recours": "La personne conteste la sanction",
    "levée": "Remobilisation : la personne a repris ses démarches",
    "recours_rejet": "Les absences ne sont pas justifiées : la sanction est confirmée",
    "recours_annulation": "Le manquement n'est pas établi par les pièces du dossier",
    "recours_reformation": "Sanction ramenée à un mois au vu de la reprise des démarches",
}
"""The motive a person gives for the steps that need one (réorientation, divergence, clôture, recours...)."""
ISSUES = {
    "recours_rejet": IssueRecours.REJET,
    "recours_annulation": IssueRecours.ANNULATION,
    "recours_reformation": IssueRecours.REFORMATION,
}


def autre(orientation: Orientation) -> Orientation:
    """A different orientation, as a conseiller overriding a proposal or a réorientation would choose."""
    if orientation.type_parcours is TypeParcours.EMPLOI:
        return Orientation(TypeParcours.SOCIO_PROFESSIONNEL, orientation.organisme)
    if orientation.organisme is Organisme.DEPARTEMENT and orientation.type_parcours is TypeParcours.SOCIAL:
        return Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.DEPARTEMENT)
    return Orientation(TypeParcours.EMPLOI, Organisme.FRANCE_TRAVAIL)


@dataclass
class Deroulement:
    """One person's parcours, step after step, each step's business instant after the previous one."""

    app: ParcoursApplication
    rng: random.Random
    personne: Personne
    bilan: BilanDemo
    parcours_id: UUID = field(init=False)
    instant: datetime = field(init=False)
    notifiee_le: date = field(init=False)

    def __post_init__(self) -> None:
        self.parcours_id = UUID(int=0)  # known once the inscription is recorded
        self.instant = self.personne.entree
        self.notifiee_le = self.instant.date()

    @property
    def departement(self) -> str:
        return self.personne.inscription.territoire.departement

    def lu(self) -> Parcours:
        """The parcours as it stands, which the next command starts from."""
        return self.app.parcours(self.parcours_id)

    def pas(self, jours: tuple[int, int], qui: Principal, nom: str, commande: Callable[[Saisie], Resultat]) -> Pas:
        """The next step, between ``jours`` days after the previous one, in working hours; with its motive."""
        jour = self.instant.date() + timedelta(days=self.rng.randint(*jours))
        self.instant = max(heure_ouvree(self.rng, jour), self.instant + timedelta(minutes=5))
        return Pas(self.instant, qui, nom, commande, MOTIFS.get(nom))

    def vie(self) -> Vie:
        app, personne, lu = self.app, self.personne, self.lu
        inscrire = lambda d: app.inscrire(d, personne.inscription, donnees=personne.donnees)  # noqa: E731
        resultat = yield Pas(self.instant, inscripteur(self.rng, personne.inscription), "inscription", inscrire)
        self.parcours_id = pid = resultat.parcours_id
        self.bilan.parcours.append(pid)
        decideur = agent(self.rng, ORIENTEUR_PAR_MOTIF[personne.inscription.motif], self.departement)
        orientation = yield from self.orienter(decideur)
        referent = yield from self.notifier_et_designer(decideur, orientation)
        yield from self.diagnostiquer(referent)
        if personne.reorientation != "aucune":
            orientation, referent = yield from self.reorienter(orientation, referent)
        yield from self.contractualiser(orientation, referent)
        if personne.procedure != "aucune":
            yield from self.sanctionner(referent)
        elif self.rng.random() < 0.5:
            yield self.pas(
                (150, 190), referent, "point droits et devoirs", lambda d: app.revoir_droits_devoirs(lu(), d)
            )
        if personne.sortie is not None:
            motif = personne.sortie
            yield self.pas((10, 90), referent, "sortie", lambda d: app.sortir(lu(), d, motif))

    # --- orientation

    def orienter(self, decideur: Principal) -> Etapes[Orientation]:
        """Confirmed by the algorithm alone, validated or overridden by a conseiller, or decided after an entretien."""
        parcours = self.app.parcours(self.parcours_id)
        if parcours.orientation is not None:
            return parcours.orientation
        if parcours.proposition is None or parcours.proposition.orientation is None:
            return (yield from self.apres_entretien(decideur))
        return (yield from self.decider(decideur, parcours.proposition.orientation))

    def apres_entretien(self, decideur: Principal) -> Etapes[Orientation]:
        """Half the entretiens complete the data, and the algorithm proposes again; otherwise, or if it still
        cannot, the conseiller decides."""
        app, pid, lu = self.app, self.parcours_id, self.lu
        yield self.pas((3, 20), decideur, "entretien d'orientation", lambda d: app.tenir_entretien_orientation(lu(), d))
        if self.rng.random() < 0.5:
            jour = self.instant.date()
            constat = [Donnee(nom, valeur, SourceDonnee.CONSEILLER, jour) for nom, valeur in CONSTAT_ENTRETIEN.items()]
            completer = lambda d: app.completer_donnees_orientation(lu(), d, constat)  # noqa: E731
            yield self.pas((0, 0), decideur, "données complétées", completer)
            parcours = app.parcours(pid)
            if parcours.orientation is not None:
                return parcours.orientation
            if parcours.proposition is not None and parcours.proposition.orientation is not None:
                return (yield from self.decider(decideur, parcours.proposition.orientation))
        orientation = APRES_ENTRETIEN[ORIENTEUR_PAR_MOTIF[self.personne.inscription.motif]]
        orienter = lambda d: app.orienter(lu(), d, orientation, ModeOrientation.AGENT)  # noqa: E731
        yield self.pas((0, 0), decideur, "orientation après entretien", orienter)
        return orientation

    def decider(self, decideur: Principal, proposee: Orientation) -> Etapes[Orientation]:
        """The conseiller validates the proposal or, for some, decides otherwise with a motive."""
        app, lu = self.app, self.lu
        if self.personne.ecart:
            orientation, mode, nom = autre(proposee), ModeOrientation.AGENT, "orientation différente"
        else:
            orientation, mode, nom = proposee, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, "validation"
        yield self.pas((2, 20), decideur, nom, lambda d: app.orienter(lu(), d, orientation, mode))
        return orientation

    def notifier_et_designer(self, decideur: Principal, orientation: Orientation) -> Etapes[Principal]:
        """The orientation notified (the contract's month starts), then a référent of the organisme designated."""
        app, lu = self.app, self.lu
        yield self.pas((0, 5), decideur, "notification de l'orientation", lambda d: app.notifier_orientation(lu(), d))
        self.notifiee_le = self.instant.date()
        referent = principal(
            Role.REFERENT, orientation.organisme, self.departement, f"referent-{self.rng.randint(1, 6)}"
        )
        designe = Referent(referent.id, orientation.organisme, referent.structure)
        designateur = agent(self.rng, orientation.organisme, self.departement)
        yield self.pas(
            (0, 3), designateur, "désignation du référent", lambda d: app.designer_referent(lu(), d, designe)
        )
        return referent

    def reorienter(self, orientation: Orientation, referent: Principal) -> Etapes[tuple[Orientation, Principal]]:
        """A request by the référent, then accepted (a new orientation, notified, a new référent) or refused."""
        app, lu = self.app, self.lu
        yield self.pas((2, 10), referent, "demande de réorientation", lambda d: app.demander_reorientation(lu(), d))
        decideur = agent(self.rng, orientation.organisme, self.departement)
        if self.personne.reorientation == "refusee":
            yield self.pas((3, 15), decideur, "refus de réorientation", lambda d: app.refuser_reorientation(lu(), d))
            return orientation, referent
        nouvelle = autre(orientation)
        yield self.pas((3, 15), decideur, "réorientation", lambda d: app.reorienter(lu(), d, nouvelle))
        return nouvelle, (yield from self.notifier_et_designer(decideur, nouvelle))

    # --- diagnostic, contrat

    def diagnostiquer(self, referent: Principal) -> Etapes[None]:
        app, rng, lu = self.app, self.rng, self.lu
        themes = rng.sample(list(ThemeDiagnostic), rng.randint(1, 3))
        items = tuple(ItemDiagnostic(t, rng.choice(list(NiveauFrein)), SourceDonnee.CONSEILLER) for t in themes)
        diagnostic = Diagnostic(items=items, realise_avec_la_personne=True)
        yield self.pas((1, 5), referent, "diagnostic", lambda d: app.realiser_diagnostic(lu(), d, diagnostic))

    def contractualiser(self, orientation: Orientation, referent: Principal) -> Etapes[None]:
        """Signed within the month of the notification, or late; the person informed of their rights and duties."""
        app, lu = self.app, self.lu
        delai = self.rng.randint(35, 60) if self.personne.en_retard else self.rng.randint(8, 28)
        cible = self.notifiee_le + timedelta(days=delai)
        jours = max(1, (cible - self.instant.date()).days)
        social = orientation.type_parcours is TypeParcours.SOCIAL
        contrat = Contrat(
            organisme=orientation.organisme,
            referent=referent.id,
            objectifs=("Lever les freins relevés au diagnostic" if social else "Retrouver un emploi durable",),
            actions=(Action("Premier point d'étape avec le référent", cible + timedelta(days=30)),),
            heures_hebdo=8 if social else self.rng.choice((15, 15, 20)),
            justification_reduction="Freins relevés au diagnostic (santé, logement)" if social else None,
        )
        yield self.pas((jours, jours), referent, "signature du contrat", lambda d: app.signer_contrat(lu(), d, contrat))
        yield self.pas((0, 0), referent, "droits et devoirs", lambda d: app.informer_droits_devoirs(lu(), d))

    # --- manquement, contradictoire, sanction, recours

    def sanctionner(self, referent: Principal) -> Etapes[None]:
        """A breach, the contradictory procedure, then closing on a motif légitime or a sanction decided and
        notified by the authority that funds the allowance (the PCD for the RSA), perhaps contested, perhaps
        lifted by remobilisation."""
        app, pid, personne, lu = self.app, self.parcours_id, self.personne, self.lu
        allocation = ALLOCATIONS[personne.inscription.motif]
        autorite = principal(Role.AUTORITE_SANCTION, FINANCEURS[allocation], self.departement, "autorite")
        type_ = self.rng.choice((TypeManquement.ASSIDUITE, TypeManquement.PARTICIPATION_ACTIVE))
        manquement = Manquement(type_, "Absent à trois ateliers collectifs sans prévenir", ("feuilles d'émargement",))
        yield self.pas((30, 90), referent, "manquement", lambda d: app.constater_manquement(lu(), d, manquement, "m1"))
        envisagee = Sanction(NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, Decimal(30), 2)
        a_qui = Destinataire.REPRESENTANT_LEGAL if personne.age < 18 else Destinataire.PERSONNE
        ouvrir = lambda d: app.ouvrir_contradictoire(lu(), d, ("m1",), envisagee, a_qui, "p1")  # noqa: E731
        yield self.pas((2, 10), autorite, "contradictoire", ouvrir)
        recu = lambda d: app.receptionner_avis(lu(), d, "p1", d.effective_le.astimezone(FUSEAU_METIER).date())  # noqa: E731
        yield self.pas((2, 5), autorite, "réception de l'avis", recu)
        observations = personne.procedure == "close" or self.rng.random() < 0.4
        if observations:
            interesse = Principal(id=f"personne-{personne.numero}", role=Role.PERSONNE, parcours=pid)
            yield self.pas((3, 9), interesse, "observations", lambda d: app.recevoir_observations(lu(), d, "p1"))
        if personne.procedure == "close":
            yield self.pas((2, 7), autorite, "clôture", lambda d: app.clore_procedure(lu(), d, "p1"))
            return
        sanction = self.sanction_decidee(allocation)
        # Without observations, the authority waits for the end of the 10 days counted from the receipt.
        jours = (3, 10) if observations else (11, 20)
        yield self.pas(jours, autorite, "sanction", lambda d: app.decider_sanction(lu(), d, "p1", sanction))
        yield from self.notifier(autorite, allocation)
        if personne.procedure in ISSUES:
            yield from self.contester(autorite, allocation)
        suspendue = sanction.nature is NatureSanction.SUSPENSION and personne.procedure != "recours_annulation"
        if suspendue and personne.suspension_levee:
            yield self.pas((15, 40), autorite, "levée", lambda d: app.lever_suspension(lu(), d, "p1"))

    def sanction_decidee(self, allocation: Allocation) -> Sanction:
        """A first breach: an avertissement or a level-1 suspension; two months when a reformation will
        lighten it to one."""
        reformee = self.personne.procedure == "recours_reformation"
        if not reformee and self.rng.random() < 0.25:
            return Sanction(NiveauSanction.AVERTISSEMENT, NatureSanction.AVERTISSEMENT, allocation)
        mois = 2 if reformee else self.rng.choice((1, 2))
        return Sanction(NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, Decimal(30), mois)

    def notifier(self, autorite: Principal, allocation: Allocation) -> Etapes[None]:
        app, lu, voies = self.app, self.lu, (VOIES[allocation],)
        yield self.pas((0, 3), autorite, "notification", lambda d: app.notifier_sanction(lu(), d, "p1", voies))

    def contester(self, autorite: Principal, allocation: Allocation) -> Etapes[None]:
        """A recours by the person (one in ten late: recorded and flagged), then the authority's decision; a
        reformed sanction is notified again."""
        app, pid, personne, lu = self.app, self.parcours_id, self.personne, self.lu
        interesse = Principal(id=f"personne-{personne.numero}", role=Role.PERSONNE, parcours=pid)
        type_recours = VOIES[allocation].type
        introduire = lambda d: app.introduire_recours(lu(), d, "p1", type_recours, "r1")  # noqa: E731
        yield self.pas((65, 80) if self.rng.random() < 0.1 else (5, 50), interesse, "recours", introduire)
        issue = ISSUES[personne.procedure]
        reformee = None
        if issue is IssueRecours.REFORMATION:
            reformee = Sanction(NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, Decimal(30), 1)
        trancher = lambda d: app.trancher_recours(lu(), d, "p1", "r1", issue, reformee)  # noqa: E731
        yield self.pas((20, 55), autorite, personne.procedure, trancher)
        if reformee is not None:
            yield from self.notifier(autorite, allocation)
