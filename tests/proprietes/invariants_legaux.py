"""The law, read over a whole history, independently of the aggregate's code.

Each check walks the events in order and keeps only what it needs. It restates the rules from
DOMAIN.md rather than calling ``domain.regles``, so a wrong rule in the domain cannot vouch for
itself.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from domain.parametres import Parametres
from domain.vocabulaire import Allocation, ModeOrientation, NatureSanction, NiveauSanction, TypeAuteur, TypeAutorite

APRES_SORTIE = {
    "Reouvert",
    "SanctionNotifiee",
    "SanctionContestee",
    "RecoursTranche",
    "SanctionAnnulee",
    "SanctionReformee",
    "EvenementRectifie",
    "ExplicationDemandee",
    "ExplicationCommuniquee",
    "CourrierEmis",
    "CourrierRemis",
}
"""What may still happen once a parcours is closed: reopening, notifying a decision taken before,
remedies, rectification, the letters that carry them."""

PARIS = ZoneInfo("Europe/Paris")

COMPETENCE = {
    Allocation.ARE: TypeAutorite.FRANCE_TRAVAIL,
    Allocation.ASS: TypeAutorite.FRANCE_TRAVAIL,
    Allocation.RSA: TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL,
    Allocation.ALLOCATION_CEJ: TypeAutorite.MISSION_LOCALE,
    Allocation.ALLOCATION_PACEA: TypeAutorite.MISSION_LOCALE,
}


@dataclass
class Procedure:
    types: set[Any]
    envisagee: Any
    limite: date | None = None
    observations: bool = False
    sanction: Any = None
    en_vigueur: bool = False
    limite_recours: date | None = None


@dataclass
class Lecture:
    sorti: bool = False
    proposition_sensible: bool = False
    proposition: Any = None
    organisme: Any = None
    notifiee: bool = False
    diagnostic: bool = False
    manquements: dict[str, Any] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    propositions: int = 0
    explications: dict[str, Any] = field(default_factory=dict)


def jour_enregistre(e: Any) -> date:
    """The French day an event was recorded on."""
    jour: date = e.timestamp.astimezone(PARIS).date()
    return jour


DEFAVORABLES = {"SanctionDecidee", "ReorientationRefusee", "Radie", "SanctionReformee"}
"""Unfavourable individual decisions, with the recours decisions that keep a sanction (a rejet, beside these)."""


def verifier_historique(historique: list[Any], parametres: Parametres) -> None:
    lecture = Lecture()
    for evenement in historique:
        nom = type(evenement).__name__
        assert not lecture.sorti or nom in APRES_SORTIE, f"{nom} après la sortie (CT L.5411-1)"
        verifier_motivation(nom, evenement)
        verifier_evenement(lecture, nom, evenement, parametres)


def verifier_motivation(nom: str, e: Any) -> None:
    """CRPA L.211-2, L.211-5: an unfavourable decision states its reasons in law (articles) and in fact (words)."""
    if nom in DEFAVORABLES or (nom == "RecoursTranche" and e.issue.value in ("rejet", "reformation")):
        assert e.decision.fondement.articles, f"{nom} sans fondement en droit"
        motif = e.decision.motif or ""
        assert any(c.isalpha() for c in motif), f"{nom} sans motif en fait"


def verifier_evenement(lecture: Lecture, nom: str, e: Any, parametres: Parametres) -> None:
    if nom in ("Inscrit", "Reouvert"):
        lecture.sorti, lecture.organisme, lecture.notifiee, lecture.proposition = False, None, False, None
    elif nom in ("Sorti", "Radie"):
        lecture.sorti = True
    elif nom in ("ExplicationDemandee", "ExplicationCommuniquee"):
        verifier_explication(lecture, nom, e)
    elif nom == "OrientationProposee":
        lecture.propositions += 1
        lecture.proposition = e.proposition
        lecture.proposition_sensible = e.proposition.donnee_sensible or e.proposition.validation_humaine
    elif nom == "Oriente":
        verifier_orientation(lecture, e)
        lecture.organisme, lecture.notifiee = e.orientation.organisme, False
    elif nom == "Reoriente":
        lecture.organisme, lecture.notifiee = e.orientation.organisme, False
    elif nom == "OrientationNotifiee":
        lecture.notifiee = True
    elif nom == "DiagnosticRealise":
        lecture.diagnostic = True
    elif nom in ("ContratSigne", "ContratMisAJour"):
        verifier_contrat(lecture, e.contrat, parametres)
    else:
        verifier_procedure(lecture, nom, e)


def verifier_orientation(lecture: Lecture, e: Any) -> None:
    humain = e.decision.auteur.type.est_humain
    if e.mode is ModeOrientation.ALGORITHME_SEUL:
        assert not humain, "algorithme seul : appliqué par le système"
        assert not lecture.proposition_sensible, "algorithme seul sur une proposition à valider (LIL art. 47)"
    else:
        assert humain, "une validation ou une décision d'agent est humaine"
    propose = lecture.proposition.orientation if lecture.proposition else None
    if e.mode is not ModeOrientation.AGENT:
        assert propose is not None, "décision algorithmique sans proposition"
        assert propose.organisme is e.orientation.organisme, "décision algorithmique différente de la proposition"
    elif propose is not None and propose.organisme is not e.orientation.organisme:
        assert e.decision.motif, "divergence sans motif"


def verifier_contrat(lecture: Lecture, contrat: Any, parametres: Parametres) -> None:
    assert lecture.notifiee, "contrat avant la notification de l'orientation (D.5411-14-1)"
    assert contrat.organisme is lecture.organisme, "contrat hors de l'organisme référent (L.5411-6)"
    heures = contrat.heures_hebdo
    if heures == 0:
        assert contrat.dispense is not None, "zéro heure sans dispense"
        assert contrat.dispense.demandee_par_la_personne, "zéro heure sans demande de la personne"
    elif heures < parametres.heures_hebdo_minimum:
        assert contrat.justification_reduction, "réduction d'heures non motivée"
        assert lecture.diagnostic, "réduction d'heures sans diagnostic"


def verifier_explication(lecture: Lecture, nom: str, e: Any) -> None:
    """CRPA R.311-3-1-2: an explanation of an algorithmic decision, within the month of its request."""
    if nom == "ExplicationDemandee":
        assert lecture.propositions > 0, "explication sans décision algorithmique"
        assert e.date_limite == plus_un_mois(e.decision.jour), "délai d'explication mal calculé"
        lecture.explications[e.demande_id] = e.date_limite
    else:
        limite = lecture.explications.pop(e.demande_id)
        assert e.dans_le_delai == (max(e.decision.jour, jour_enregistre(e)) <= limite), (
            "délai d'explication mal apprécié"
        )


def plus_un_mois(jour: date) -> date:
    """The same day next month, or that month's last day (restated, not the domain's helper)."""
    annee, mois = (jour.year + 1, 1) if jour.month == 12 else (jour.year, jour.month + 1)
    return jour.replace(year=annee, month=mois, day=min(jour.day, calendar.monthrange(annee, mois)[1]))


def verifier_procedure(lecture: Lecture, nom: str, e: Any) -> None:
    if nom == "ManquementConstate":
        lecture.manquements[e.manquement_id] = e.manquement.type
    elif nom == "ContradictoireOuvert":
        types = {lecture.manquements[m] for m in e.manquements}
        lecture.procedures[e.procedure_id] = Procedure(types=types, envisagee=e.sanction_envisagee)
    elif nom == "AvisContradictoireReceptionne":
        lecture.procedures[e.procedure_id].limite = e.date_limite
    elif nom in ("ObservationsRecues", "AuditionTenue"):
        lecture.procedures[e.procedure_id].observations = True
    elif nom in ("SanctionDecidee", "SanctionReformee"):
        procedure = lecture.procedures[e.procedure_id]
        if nom == "SanctionDecidee":
            verifier_sanction(lecture, procedure, e)
        else:
            assert not plus_lourde(e.sanction, procedure.sanction), "réformation aggravante (reformatio in pejus)"
        lecture.procedures[e.procedure_id].sanction = e.sanction
        lecture.procedures[e.procedure_id].en_vigueur = True
        lecture.procedures[e.procedure_id].limite_recours = None  # a new decision, to be notified
    elif nom == "SanctionNotifiee":
        lecture.procedures[e.procedure_id].limite_recours = e.date_limite_recours
    elif nom == "SanctionAnnulee":
        lecture.procedures[e.procedure_id].en_vigueur = False
    elif nom == "SanctionContestee":
        procedure = lecture.procedures[e.procedure_id]
        assert procedure.limite_recours is not None, "recours contre une décision non notifiée"
        assert e.hors_delai == (max(e.recu_le, jour_enregistre(e)) > procedure.limite_recours), (
            "retard du recours mal calculé (sur l'une ou l'autre horloge)"
        )


def verifier_sanction(lecture: Lecture, procedure: Procedure, e: Any) -> None:
    jour = min(e.decision.jour, jour_enregistre(e))  # the period must have run on both clocks
    assert procedure.sanction is None, "deux décisions pour une procédure"
    assert procedure.observations or (procedure.limite is not None and jour > procedure.limite), (
        "sanction avant la fin du contradictoire (R.5412-7)"
    )
    assert e.decision.auteur.type.est_humain, "sanction automatique (CC 2023-858 DC)"
    sanction = e.sanction
    assert not plus_lourde(sanction, procedure.envisagee), "sanction plus lourde que l'envisagée (R.5412-7)"
    assert e.decision.auteur.type is TypeAuteur.AUTORITE, "décidée par l'autorité de sanction"
    competente = COMPETENCE.get(sanction.allocation)
    assert competente is None or (e.decision.autorite and e.decision.autorite.type is competente), "autorité"
    if sanction.allocation is Allocation.RSA and sanction.nature is NatureSanction.SUPPRESSION:
        assert e.avis_equipe_pluridisciplinaire, "suppression du RSA sans avis de l'EP (L.262-37)"
    if sanction.niveau is NiveauSanction.NIVEAU_2:
        niveau_1 = [
            p
            for p in lecture.procedures.values()
            if p.en_vigueur and p.sanction.niveau is NiveauSanction.NIVEAU_1 and p.types & procedure.types
        ]
        assert niveau_1, "niveau 2 sans niveau 1 pour le même manquement"


NIVEAUX = [NiveauSanction.AVERTISSEMENT, NiveauSanction.NIVEAU_1, NiveauSanction.NIVEAU_2]
NATURES = [NatureSanction.AVERTISSEMENT, NatureSanction.SUSPENSION, NatureSanction.SUPPRESSION]


def plus_lourde(a: Any, b: Any) -> bool:
    """Restated from DOMAIN §2.7: heavier on any count, or on another allowance."""
    return (
        a.allocation is not b.allocation
        or NIVEAUX.index(a.niveau) > NIVEAUX.index(b.niveau)
        or NATURES.index(a.nature) > NATURES.index(b.nature)
        or (a.taux or 0) > (b.taux or 0)
        or (a.duree_mois or 0) > (b.duree_mois or 0)
    )
