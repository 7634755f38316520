"""Governance indicators (DOMAIN §4): the table computed from the facts view by territory ×
organisme × parcours type × month of entry, with statistical secrecy applied. Aggregates only.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, timedelta

from domain.parametres import PARAMETRES_2025_1, Parametres
from projections.faits import FaitSanction, LigneFaits
from projections.secret import SEUIL_EFFECTIF, Cellule, secret_primaire, secret_secondaire, taux_publiable


@dataclass(frozen=True)
class Indicateur:
    """One published cell; when ``secret``, every value is withheld (never shown as zero)."""

    departement: str
    organisme: str
    type_parcours: str
    mois: str
    secret: bool
    entrees: int | None
    orientes: int | None
    delai_orientation_jours_mediane: float | None
    delai_orientation_jours_p75: float | None
    delai_orientation_jours_p90: float | None
    part_contrats_dans_le_mois: float | None
    taux_divergence: float | None
    part_algorithme_seul: float | None
    delai_diagnostic_jours_mediane: float | None
    delai_diagnostic_jours_p75: float | None
    delai_diagnostic_jours_p90: float | None
    delai_diagnostic_contrat_jours_mediane: float | None
    delai_diagnostic_contrat_jours_p75: float | None
    delai_diagnostic_contrat_jours_p90: float | None
    sortis: int | None
    procedures: int | None
    part_procedures_closes_sans_sanction: float | None
    taux_contestation: float | None
    taux_infirmation: float | None
    part_rsa_orientes_dans_le_delai: float | None
    taux_reorientation: float | None
    attente_diagnostic_0_15_jours: int | None
    attente_diagnostic_16_30_jours: int | None
    attente_diagnostic_31_60_jours: int | None
    attente_diagnostic_plus_60_jours: int | None
    avertissements: int | None
    sanctions_niveau_1: int | None
    sanctions_niveau_2: int | None
    part_suspensions_levees: float | None
    delai_manquement_sanction_jours_mediane: float | None
    delai_manquement_sanction_jours_p75: float | None
    delai_manquement_sanction_jours_p90: float | None
    explications_demandees: int | None
    part_explications_dans_le_mois: float | None


@dataclass(frozen=True)
class Marge:
    """Entries per département and month, a total published beside the cells."""

    departement: str
    mois: str
    secret: bool
    entrees: int | None


def calculer(faits: Iterable[LigneFaits], au: date) -> tuple[list[Indicateur], list[Marge]]:
    """The table; ``au`` is the day the waiting times are measured on (waits for a diagnostic)."""
    groupes: dict[tuple[str, str, str, str], list[LigneFaits]] = defaultdict(list)
    for fait in faits:
        groupes[(fait.departement, fait.organisme, fait.type_parcours, fait.mois)].append(fait)
    cellules = secret_primaire(Cellule(cle, len(lignes)) for cle, lignes in sorted(groupes.items()))
    # The month's total per département is published: a lone hidden cell in it would be recovered
    # by subtraction, hence the secondary secrecy on that margin.
    cellules = secret_secondaire(cellules, [lambda c: (c.cle[0], c.cle[3])])
    totaux: dict[tuple[str, str], int] = defaultdict(int)
    for cle, lignes in groupes.items():
        totaux[(cle[0], cle[3])] += len(lignes)
    marges = [
        Marge(departement, mois, total < SEUIL_EFFECTIF, None if total < SEUIL_EFFECTIF else total)
        for (departement, mois), total in sorted(totaux.items())
    ]
    return [indicateur(c, groupes[(c.cle[0], c.cle[1], c.cle[2], c.cle[3])], au) for c in cellules], marges


def indicateur(cellule: Cellule, lignes: list[LigneFaits], au: date) -> Indicateur:
    departement, organisme, type_parcours, mois = cellule.cle
    if cellule.secret:
        nombre_de_valeurs = len(fields(Indicateur)) - 5
        return Indicateur(departement, organisme, type_parcours, mois, True, *([None] * nombre_de_valeurs))
    orientes = [f for f in lignes if f.oriente_le]
    notifies = [f for f in lignes if f.date_limite_contrat]
    orientation = repartition([(f.oriente_le - f.inscrit_le).days for f in orientes if f.oriente_le])
    diagnostic = repartition([(f.diagnostic_le - f.inscrit_le).days for f in lignes if f.diagnostic_le])
    contrat = repartition([(f.contrat_le - f.diagnostic_le).days for f in lignes if f.contrat_le and f.diagnostic_le])
    sanctions = [s for f in lignes for s in f.sanctions]
    terminees = len(sanctions) + sum(f.closes_sans_sanction for f in lignes)
    return Indicateur(
        departement,
        organisme,
        type_parcours,
        mois,
        False,
        len(lignes),
        len(orientes),
        *orientation,
        taux_publiable(sum(map(signe_dans_le_mois, notifies)), len(notifies)),
        taux_publiable(sum(f.divergence for f in orientes), len(orientes)),
        taux_publiable(sum(f.mode == "algorithme_seul" for f in orientes), len(orientes)),
        *diagnostic,
        *contrat,
        sum(f.sorti for f in lignes),
        sum(f.procedures for f in lignes),
        taux_publiable(sum(f.closes_sans_sanction for f in lignes), terminees),
        *taux_de_recours(sanctions),
        taux_publiable(sum(oriente_dans_le_delai_rsa(f) for f in lignes if f.rsa), sum(f.rsa for f in lignes)),
        taux_publiable(sum(bool(f.reorientations) for f in orientes), len(orientes)),
        *attentes_de_diagnostic(lignes, au),
        sum(f.avertissements for f in lignes),
        sum(f.sanctions_niveau_1 for f in lignes),
        sum(f.sanctions_niveau_2 for f in lignes),
        taux_publiable(sum(f.suspensions_levees for f in lignes), sum(f.suspensions for f in lignes)),
        *repartition(
            [
                (f.premiere_sanction_le - f.manquement_le).days
                for f in lignes
                if f.premiere_sanction_le and f.manquement_le
            ]
        ),
        sum(f.explications_demandees for f in lignes),
        taux_publiable(
            sum(f.explications_dans_le_delai for f in lignes), sum(f.explications_demandees for f in lignes)
        ),
    )


TRANCHES_D_ATTENTE = ((0, 15), (16, 30), (31, 60), (61, None))
"""Age bands of the wait for a diagnostic, in days (DOMAIN §4)."""


def attentes_de_diagnostic(lignes: list[LigneFaits], au: date) -> tuple[int, int, int, int]:
    """How many oriented parcours, still open, wait for their diagnostic on ``au``, by age band."""
    attentes = [(au - f.oriente_le).days for f in lignes if f.oriente_le and not f.diagnostic_le and not f.sorti]
    jeunes, moyennes, anciennes, tres_anciennes = (
        sum(debut <= a and (fin is None or a <= fin) for a in attentes) for debut, fin in TRANCHES_D_ATTENTE
    )
    return jeunes, moyennes, anciennes, tres_anciennes


def taux_de_recours(sanctions: list[FaitSanction]) -> tuple[float | None, float | None]:
    """Contest rate (remedies per sanction) and reversal rate (annulled or reformed per remedy decided)."""
    recours, tranches = sum(s.recours for s in sanctions), sum(s.recours_tranches for s in sanctions)
    return taux_publiable(recours, len(sanctions)), taux_publiable(sum(s.infirmee for s in sanctions), tranches)


def oriente_dans_le_delai_rsa(fait: LigneFaits, parametres: Parametres = PARAMETRES_2025_1) -> bool:
    """Oriented within the weeks the PCD has for an RSA beneficiary (CASF D.262-65-2)."""
    delai = timedelta(weeks=parametres.delai_orientation_rsa_semaines)
    return fait.oriente_le is not None and fait.oriente_le - fait.inscrit_le <= delai


def signe_dans_le_mois(fait: LigneFaits) -> bool:
    """Signed by the deadline of the month that the notification opened (CT D.5411-14-1)."""
    return bool(fait.contrat_le and fait.date_limite_contrat and fait.contrat_le <= fait.date_limite_contrat)


def repartition(jours: list[int]) -> tuple[float | None, float | None, float | None]:
    """Median, 75th and 90th percentiles of delays in days (None when there is none)."""
    if not jours:
        return None, None, None
    if len(jours) == 1:
        return float(jours[0]), float(jours[0]), float(jours[0])
    vingtiles = statistics.quantiles(jours, n=20, method="inclusive")
    return float(statistics.median(jours)), vingtiles[14], vingtiles[17]
