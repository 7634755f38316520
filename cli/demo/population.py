"""The demo's population: who enters, where, with which data, and what will become of each parcours,
dealt before the run.

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
"""

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from application.orientation import Donnee
from application.principal import Principal, Role
from domain.decision import FUSEAU_METIER
from domain.identite import FichePersonne
from domain.inscription import Inscription, Territoire
from domain.regles.orientation import ORIENTEUR_PAR_MOTIF
from domain.vocabulaire import CanalInscription, MotifInscription, MotifSortie, Organisme, SourceDonnee

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
    fiche: FichePersonne | None = None
    """Who they are (``cli.demo.identites``), given by the run: the inscription finds them first."""


T = TypeVar("T")


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


PRENOMS = (
    ("Marie", True), ("Karim", False), ("Sophie", True), ("Thomas", False), ("Nadia", True), ("Julien", False),
    ("Claire", True), ("Mehdi", False), ("Aïcha", True), ("Nicolas", False), ("Hélène", True), ("Stéphane", False),
)  # fmt: skip
NOMS = ("Dupont", "Martin", "Benali", "Moreau", "Lefèvre", "Nguyen", "Garcia", "Roux", "Diallo", "Fontaine", "Petit")
"""The demo's agents are named, with their capacity, as their decisions must say (CRPA L.212-1): made-up names,
dealt from the agent's identifier (not drawn from the run's ``rng``, whose draws make the histories)."""

QUALITES: dict[tuple[Role, Organisme | None], tuple[str, str]] = {
    (Role.AUTORITE_SANCTION, Organisme.DEPARTEMENT): (
        "directeur de l'insertion, par délégation du président du conseil départemental",
        "directrice de l'insertion, par délégation du président du conseil départemental",
    ),
    (Role.AUTORITE_SANCTION, Organisme.MISSION_LOCALE): (
        "directeur de la mission locale",
        "directrice de la mission locale",
    ),
    (Role.AUTORITE_SANCTION, Organisme.CAP_EMPLOI): ("directeur du Cap emploi", "directrice du Cap emploi"),
    (Role.AUTORITE_SANCTION, None): (
        "directeur territorial, par délégation du directeur général",
        "directrice territoriale, par délégation du directeur général",
    ),
    (Role.REFERENT, None): ("référent de parcours", "référente de parcours"),
    (Role.RESPONSABLE, None): ("responsable d'équipe", "responsable d'équipe"),
    (Role.CONSEILLER, Organisme.DEPARTEMENT): ("travailleur social", "travailleuse sociale"),
    (Role.CONSEILLER, None): ("conseiller en insertion professionnelle", "conseillère en insertion professionnelle"),
}
"""The capacity an agent of the demo signs in, masculine then feminine, by role and, where it differs, body."""


def qualite(role: Role, organisme: Organisme, feminin: bool) -> str:
    masculin_feminin = QUALITES.get((role, organisme)) or QUALITES[(role, None)]
    return masculin_feminin[feminin]


def principal(role: Role, organisme: Organisme, departement: str, nom: str) -> Principal:
    """A member of the organisme's structure in the département, e.g. ``cd-93-autorite`` (the PCD), named with
    their capacity."""
    sigle = SIGLES[organisme]
    structure = f"{sigle}-{departement}"
    ident = f"{structure.lower()}-{nom}"
    numero = zlib.crc32(ident.encode())
    prenom, feminin = PRENOMS[numero % len(PRENOMS)]
    return Principal(
        ident,
        role,
        organisme,
        structure,
        territoire=departement,
        nom=f"{prenom} {NOMS[numero // len(PRENOMS) % len(NOMS)]}",
        qualite=qualite(role, organisme, feminin),
    )


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
