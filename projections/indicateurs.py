"""Governance indicators (DOMAIN §4): a per-parcours facts view, and the table computed from it by
territory × organisme × parcours type × month of entry, with statistical secrecy applied.

Facts hold dates and codes only, no personal data; the table holds aggregates only.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

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
    oriente_le: date | None = None
    divergence: bool = False
    date_limite_contrat: date | None = None
    contrat_le: date | None = None


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
            )
        if ligne is None:
            return None
        if nom == "Oriente" and ligne.oriente_le is None:  # the first orientation measures the delay
            orientation = evenement.orientation
            return replace(
                ligne,
                organisme=orientation.organisme.value,
                type_parcours=orientation.type_parcours.value,
                oriente_le=jour,
                divergence=evenement.divergence,
            )
        if nom == "OrientationNotifiee" and ligne.date_limite_contrat is None:
            return replace(ligne, date_limite_contrat=evenement.date_limite_contrat)
        if nom == "ContratSigne" and ligne.contrat_le is None:
            return replace(ligne, contrat_le=jour)
        return ligne


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


@dataclass(frozen=True)
class Marge:
    """Entries per département and month, a total published beside the cells."""

    departement: str
    mois: str
    secret: bool
    entrees: int | None


def calculer(faits: Iterable[LigneFaits]) -> tuple[list[Indicateur], list[Marge]]:
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
    return [indicateur(c, groupes[(c.cle[0], c.cle[1], c.cle[2], c.cle[3])]) for c in cellules], marges


def indicateur(cellule: Cellule, lignes: list[LigneFaits]) -> Indicateur:
    departement, organisme, type_parcours, mois = cellule.cle
    if cellule.secret:
        return Indicateur(departement, organisme, type_parcours, mois, True, *([None] * 7))
    delais = [(f.oriente_le - f.inscrit_le).days for f in lignes if f.oriente_le]
    quantiles = statistics.quantiles(delais, n=20, method="inclusive") if len(delais) > 1 else delais * 19
    notifies = [f for f in lignes if f.date_limite_contrat]
    dans_le_mois = [
        f for f in notifies if f.contrat_le and f.date_limite_contrat and f.contrat_le <= f.date_limite_contrat
    ]
    return Indicateur(
        departement=departement,
        organisme=organisme,
        type_parcours=type_parcours,
        mois=mois,
        secret=False,
        entrees=len(lignes),
        orientes=len(delais),
        delai_orientation_jours_mediane=statistics.median(delais) if delais else None,
        delai_orientation_jours_p75=quantiles[14] if delais else None,
        delai_orientation_jours_p90=quantiles[17] if delais else None,
        part_contrats_dans_le_mois=taux_publiable(len(dans_le_mois), len(notifies)),
        taux_divergence=taux_publiable(sum(f.divergence for f in lignes if f.oriente_le), len(delais)),
    )
