"""Governance indicators (DOMAIN §4): a per-parcours facts view, and the table computed from it by
territory × organisme × parcours type × month of entry, with statistical secrecy applied.

Facts hold dates and codes only, no personal data; the table holds aggregates only.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any, ClassVar

from domain.parametres import PARAMETRES_2025_1, Parametres
from domain.regles.orientation import organisme_responsable
from projections.secret import SEUIL_EFFECTIF, Cellule, secret_primaire, secret_secondaire, taux_publiable
from projections.vue import nom_evenement

NON_ORIENTE = "non_oriente"


@dataclass(frozen=True)
class LigneFaits:
    parcours_id: str
    departement: str
    organisme: str
    type_parcours: str
    mois: str
    inscrit_le: date
    rsa: bool = False
    oriente_le: date | None = None
    reorientations: int = 0
    divergence: bool = False
    mode: str | None = None
    date_limite_contrat: date | None = None
    diagnostic_le: date | None = None
    contrat_le: date | None = None
    sorti: bool = False
    procedures: int = 0
    closes_sans_sanction: int = 0
    sanctions: int = 0
    recours: int = 0
    recours_tranches: int = 0
    sanctions_annulees_ou_reformees: int = 0
    avertissements: int = 0
    sanctions_niveau_1: int = 0
    sanctions_niveau_2: int = 0
    suspensions: int = 0
    suspensions_levees: int = 0
    manquement_le: date | None = None
    premiere_sanction_le: date | None = None


class Faits:
    nom: ClassVar[str] = "faits"
    type_ligne: ClassVar[type[Any]] = LigneFaits

    def cle(self, evenement: Any) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneFaits | None, evenement: Any) -> LigneFaits | None:
        nom, jour = nom_evenement(evenement), evenement.decision.jour
        if nom == "Inscrit":
            inscription = evenement.inscription
            return LigneFaits(
                parcours_id=str(evenement.originator_id),
                departement=inscription.territoire.departement,
                organisme=organisme_responsable(inscription.motif, None).value,
                type_parcours=NON_ORIENTE,
                mois=jour.strftime("%Y-%m"),
                inscrit_le=jour,
                rsa=inscription.demande_rsa,
            )
        if ligne is None:
            return None
        if nom == "SanctionDecidee":
            return _sanction(ligne, evenement, jour)
        if nom in COMPTEURS:
            return replace(ligne, **{COMPTEURS[nom]: getattr(ligne, COMPTEURS[nom]) + 1})
        transition = TRANSITIONS.get(nom)
        return transition(ligne, evenement, jour) if transition else ligne


NIVEAUX = {"avertissement": "avertissements", "niveau_1": "sanctions_niveau_1", "niveau_2": "sanctions_niveau_2"}


def _sanction(ligne: LigneFaits, e: Any, jour: date) -> LigneFaits:
    sanction = e.sanction
    niveau = NIVEAUX[sanction.niveau.value]
    return replace(
        ligne,
        sanctions=ligne.sanctions + 1,
        suspensions=ligne.suspensions + (sanction.nature.value == "suspension"),
        premiere_sanction_le=ligne.premiere_sanction_le or jour,
        **{niveau: getattr(ligne, niveau) + 1},
    )


def _oriente(ligne: LigneFaits, e: Any, jour: date) -> LigneFaits:
    if ligne.oriente_le is not None:  # the first orientation measures the delay
        return ligne
    orientation = e.orientation
    return replace(
        ligne,
        organisme=orientation.organisme.value,
        type_parcours=orientation.type_parcours.value,
        oriente_le=jour,
        divergence=e.divergence,
        mode=e.mode.value,
    )


TRANSITIONS: dict[str, Callable[[LigneFaits, Any, date], LigneFaits]] = {
    "Oriente": _oriente,
    "OrientationNotifiee": lambda ligne, e, jour: (
        ligne if ligne.date_limite_contrat else replace(ligne, date_limite_contrat=e.date_limite_contrat)
    ),
    "DiagnosticRealise": lambda ligne, e, jour: ligne if ligne.diagnostic_le else replace(ligne, diagnostic_le=jour),
    "ContratSigne": lambda ligne, e, jour: ligne if ligne.contrat_le else replace(ligne, contrat_le=jour),
    "Sorti": lambda ligne, e, jour: replace(ligne, sorti=True),
    "Radie": lambda ligne, e, jour: replace(ligne, sorti=True),
    "Reouvert": lambda ligne, e, jour: replace(ligne, sorti=False),
    "ManquementConstate": lambda ligne, e, jour: ligne if ligne.manquement_le else replace(ligne, manquement_le=jour),
}
"""The first orientation, notification, diagnostic and contract date the delays; sorties the stock."""

COMPTEURS = {
    "Reoriente": "reorientations",
    "ContradictoireOuvert": "procedures",
    "ProcedureClose": "closes_sans_sanction",
    "SanctionContestee": "recours",
    "RecoursTranche": "recours_tranches",
    "SanctionAnnulee": "sanctions_annulees_ou_reformees",
    "SanctionReformee": "sanctions_annulees_ou_reformees",
    "SuspensionLevee": "suspensions_levees",
}
"""Events the indicators count, by the fact they increment."""


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
    dans_le_mois = [
        f for f in notifies if f.contrat_le and f.date_limite_contrat and f.contrat_le <= f.date_limite_contrat
    ]
    orientation = repartition([(f.oriente_le - f.inscrit_le).days for f in orientes if f.oriente_le])
    diagnostic = repartition([(f.diagnostic_le - f.inscrit_le).days for f in lignes if f.diagnostic_le])
    contrat = repartition([(f.contrat_le - f.diagnostic_le).days for f in lignes if f.contrat_le and f.diagnostic_le])
    procedures, sanctions = sum(f.procedures for f in lignes), sum(f.sanctions for f in lignes)
    terminees = sanctions + sum(f.closes_sans_sanction for f in lignes)
    return Indicateur(
        departement,
        organisme,
        type_parcours,
        mois,
        False,
        len(lignes),
        len(orientes),
        *orientation,
        taux_publiable(len(dans_le_mois), len(notifies)),
        taux_publiable(sum(f.divergence for f in orientes), len(orientes)),
        taux_publiable(sum(f.mode == "algorithme_seul" for f in orientes), len(orientes)),
        *diagnostic,
        *contrat,
        sum(f.sorti for f in lignes),
        procedures,
        taux_publiable(sum(f.closes_sans_sanction for f in lignes), terminees),
        taux_publiable(sum(f.recours for f in lignes), sanctions),
        taux_publiable(sum(f.sanctions_annulees_ou_reformees for f in lignes), sum(f.recours_tranches for f in lignes)),
        taux_publiable(sum(oriente_dans_le_delai_rsa(f) for f in lignes if f.rsa), sum(f.rsa for f in lignes)),
        taux_publiable(sum(f.reorientations > 0 for f in orientes), len(orientes)),
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
