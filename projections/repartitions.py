"""The breakdowns published beside the indicators table (DOMAIN §4), statistical secrecy applied:
entries by motif, channel and characteristics, exits by motif, orientations by mode, the
réorientations matrix (origin → destination), remedies by sanctioning authority, and the
override rate by rule and referential version.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from projections.faits import FaitSanction, LigneFaits
from projections.indicateurs import taux_de_recours
from projections.secret import Cellule, secret_primaire, secret_secondaire, taux_publiable


@dataclass(frozen=True)
class Repartition:
    """How many of a département's month fall in one modality of a table (``None`` when secret)."""

    tableau: str
    departement: str
    mois: str
    modalite: str
    secret: bool
    effectif: int | None


def _mois(jour: date) -> str:
    return jour.strftime("%Y-%m")


TABLEAUX: dict[str, Callable[[LigneFaits], Iterable[tuple[str, str]]]] = {
    "entrees_par_motif": lambda f: [(f.mois, f.motif)],
    "entrees_par_canal": lambda f: [(f.mois, f.canal)],
    "entrees_par_tranche_age": lambda f: [(f.mois, f.tranche_age)],
    "entrees_par_rsa": lambda f: [(f.mois, "oui" if f.rsa else "non")],
    "entrees_par_handicap": lambda f: [(f.mois, f.handicap)],
    "entrees_par_niveau_formation": lambda f: [(f.mois, f.niveau_formation)],
    "sorties_par_motif": lambda f: [(f.sortie_mois, f.sortie_motif)] if f.sortie_mois and f.sortie_motif else [],
    "orientations_par_mode": lambda f: [(_mois(f.oriente_le), f.mode)] if f.oriente_le and f.mode else [],
    "reorientations": lambda f: [(r.mois, f"{r.origine}>{r.destination}") for r in f.reorientations],
}
"""Each table: the (month, modality) pairs one parcours contributes, counted by département.
Entries count in their month of entry, exits, orientations and réorientations in their own month."""


def repartitions(faits: Iterable[LigneFaits]) -> list[Repartition]:
    comptes = Counter(
        (tableau, fait.departement, mois, modalite)
        for fait in faits
        for tableau, paires in TABLEAUX.items()
        for mois, modalite in paires(fait)
    )
    cellules = secret_primaire(Cellule(cle, effectif) for cle, effectif in sorted(comptes.items()))
    # A table's total for a département and month is known (the entries margin, or another
    # table), so a lone hidden modality would be recovered by subtraction: hide a second one.
    cellules = secret_secondaire(cellules, [lambda c: c.cle[:3]])
    return [
        Repartition(tableau, departement, mois, modalite, c.secret, None if c.secret else c.effectif)
        for c in cellules
        for tableau, departement, mois, modalite in [c.cle]
    ]


@dataclass(frozen=True)
class RecoursParAutorite:
    """Sanctions decided by one kind of authority in a département, and what their remedies became."""

    departement: str
    autorite: str
    secret: bool
    sanctions: int | None
    taux_contestation: float | None
    taux_infirmation: float | None


def recours_par_autorite(faits: Iterable[LigneFaits]) -> list[RecoursParAutorite]:
    groupes: dict[tuple[str, str], list[FaitSanction]] = defaultdict(list)
    for fait in faits:
        for sanction in fait.sanctions:
            groupes[(fait.departement, sanction.autorite)].append(sanction)
    cellules = secret_primaire(Cellule(cle, len(sanctions)) for cle, sanctions in sorted(groupes.items()))
    # The sanctions of a département are published by level in the table: same protection.
    cellules = secret_secondaire(cellules, [lambda c: c.cle[0]])
    return [_par_autorite(c, groupes[(c.cle[0], c.cle[1])]) for c in cellules]


def _par_autorite(cellule: Cellule, sanctions: list[FaitSanction]) -> RecoursParAutorite:
    departement, autorite = cellule.cle
    if cellule.secret:
        return RecoursParAutorite(departement, autorite, True, None, None, None)
    return RecoursParAutorite(departement, autorite, False, len(sanctions), *taux_de_recours(sanctions))


@dataclass(frozen=True)
class EcartsParRegle:
    """First orientations decided after a proposal of one rule of one referential version: how
    often the decision departed from it, and how often a sensitive input was among the data
    (algorithm accountability, CRPA L.311-3-1; LIL art. 47). National: a rule is the same everywhere."""

    referentiel: str
    regle: str
    secret: bool
    orientations: int | None
    taux_divergence: float | None
    part_donnee_sensible: float | None


def ecarts_par_regle(faits: Iterable[LigneFaits]) -> list[EcartsParRegle]:
    groupes: dict[tuple[str, str], list[LigneFaits]] = defaultdict(list)
    for fait in faits:
        if fait.oriente_le and fait.referentiel and fait.regle_proposee:
            groupes[(fait.referentiel, fait.regle_proposee)].append(fait)
    cellules = secret_primaire(Cellule(cle, len(lignes)) for cle, lignes in sorted(groupes.items()))
    cellules = secret_secondaire(cellules, [lambda c: c.cle[0]])
    return [_ecarts(c, groupes[(c.cle[0], c.cle[1])]) for c in cellules]


def _ecarts(cellule: Cellule, lignes: list[LigneFaits]) -> EcartsParRegle:
    referentiel, regle = cellule.cle
    if cellule.secret:
        return EcartsParRegle(referentiel, regle, True, None, None, None)
    divergences, sensibles = sum(f.divergence for f in lignes), sum(f.donnee_sensible for f in lignes)
    return EcartsParRegle(
        referentiel,
        regle,
        False,
        len(lignes),
        taux_publiable(divergences, len(lignes)),
        taux_publiable(sensibles, len(lignes)),
    )
