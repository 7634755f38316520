"""Rules of manquements, the contradictory procedure and sanctions (CT R.5412-1 to R.5412-8,
décret 2025-478; CASF L.262-37; Conseil constitutionnel 2023-858 DC)."""

from datetime import date
from decimal import Decimal

from domain.decision import Decision
from domain.erreurs import RegleEnfreinte
from domain.parametres import Bareme, Parametres
from domain.sanction import Procedure, Sanction, VoieDeRecours
from domain.vocabulaire import Allocation, NatureSanction, NiveauSanction, TypeAuteur, TypeAutorite, TypeManquement


class ManquementSansContrat(RegleEnfreinte):
    """Breaches of assiduity, participation or job search are breaches of a signed contract;
    without one, only the failure to draw it up can be found (CT R.5412-1)."""

    code = "manquement-sans-contrat"
    titre = "Manquement à un contrat d'engagement non signé"


class ManquementNonPoursuivable(RegleEnfreinte):
    """A procedure bears on breaches recorded in this parcours, each pursued once (CT R.5412-7)."""

    code = "manquement-non-poursuivable"
    titre = "Manquement non constaté ou déjà poursuivi"


class ProcedureInconnue(RegleEnfreinte):
    """The step names a contradictory procedure of this parcours (CT R.5412-7)."""

    code = "procedure-inconnue"
    titre = "Procédure contradictoire inconnue"


class ProcedureTerminee(RegleEnfreinte):
    """A procedure closed (motif légitime) or already decided takes no further observations,
    closing or sanction (CT R.5412-7)."""

    code = "procedure-terminee"
    titre = "Procédure contradictoire close ou déjà tranchée"


class SanctionPlusLourdeQueLEnvisagee(RegleEnfreinte):
    """The person defends against the sanction the notice announced: the decision cannot be heavier
    (CT R.5412-7; principe du contradictoire, CRPA L.121-1 and L.122-1)."""

    code = "sanction-plus-lourde-que-l-envisagee"
    titre = "Sanction plus lourde que la sanction envisagée"


class DecisionAvantFinContradictoire(RegleEnfreinte):
    """No decision before the period for observations ends (10 days from the certain date of
    receipt), unless the person's observations have been received (CT R.5412-7; CASF R.262-68)."""

    code = "decision-avant-fin-contradictoire"
    titre = "Décision avant la fin du contradictoire"


class SanctionAutomatique(RegleEnfreinte):
    """No sanction, nor any decision on a recours against one, is taken by a machine: sanctions are
    never automatic (Conseil constitutionnel 2023-858 DC; DESIGN §1.4)."""

    code = "sanction-automatique"
    titre = "Sanction décidée par un traitement automatisé"


class AutoriteIncompetente(RegleEnfreinte):
    """The autorité de sanction decides, and it is the body that funds the allowance: France Travail
    for ARE/ASS, the président du conseil départemental for the RSA, the mission locale for
    CEJ/PACEA (CT L.5412-1, L.5412-2; CASF L.262-37)."""

    code = "autorite-incompetente"
    titre = "Autorité de sanction incompétente"


class SanctionHorsBareme(RegleEnfreinte):
    """Level 1: suspension of at least 30 % for 1–2 months; level 2: suspension or suppression of at
    least 30 % for 1–4 months (décret 2025-478, CT R.5412-8)."""

    code = "sanction-hors-bareme"
    titre = "Sanction hors barème"


class Niveau2SansNiveau1(RegleEnfreinte):
    """Sanctions are gradual: the level-2 sanction answers persistence or repetition, after a level-1
    sanction for the same breach (décret 2025-478; Conseil constitutionnel 2023-858 DC)."""

    code = "niveau-2-sans-niveau-1"
    titre = "Sanction de niveau 2 sans sanction de niveau 1 préalable"


class SuppressionRsaSansAvisEquipePluridisciplinaire(RegleEnfreinte):
    """Suppressing the RSA needs the équipe pluridisciplinaire's opinion (CASF L.262-37, L.262-39)."""

    code = "suppression-rsa-sans-avis-ep"
    titre = "Suppression du RSA sans avis de l'équipe pluridisciplinaire"


class SanctionNonDecidee(RegleEnfreinte):
    """Only a decided sanction is notified, lifted or followed by a radiation (CT R.5412-7)."""

    code = "sanction-non-decidee"
    titre = "Sanction non décidée ou annulée"


class RadiationSansSuppressionTotale(RegleEnfreinte):
    """Radiation follows a notified total suppression, for the same duration (CT L.5412-1, R.5412-8)."""

    code = "radiation-sans-suppression-totale"
    titre = "Radiation sans suppression totale notifiée"


class MotifLegitimeNonPrecise(RegleEnfreinte):
    """A procedure closes without sanction on a motif légitime, which is stated (CT R.5412-7)."""

    code = "motif-legitime-non-precise"
    titre = "Motif légitime non précisé"


class NotificationSansVoiesDeRecours(RegleEnfreinte):
    """A sanction is notified with its reasons, legal basis and the remedies open against it
    (CRPA L.211-2, L.211-5; CJA R.421-5)."""

    code = "notification-sans-voies-de-recours"
    titre = "Notification sans les voies et délais de recours"


class AucuneSuspensionEnVigueur(RegleEnfreinte):
    """Only a suspension in force ends when the person complies ("remobilisation", CT R.5412-8)."""

    code = "aucune-suspension-en-vigueur"
    titre = "Aucune suspension en vigueur"


class RadiationSansProposition(RegleEnfreinte):
    """After the suppression of the RSA, France Travail radiates the beneficiary on the proposal of the
    président du conseil départemental (CASF R.262-68)."""

    code = "radiation-sans-proposition"
    titre = "Radiation sans proposition du président du conseil départemental"


AUTORITES_COMPETENTES: dict[Allocation, frozenset[TypeAutorite]] = {
    Allocation.ARE: frozenset({TypeAutorite.FRANCE_TRAVAIL}),
    Allocation.ASS: frozenset({TypeAutorite.FRANCE_TRAVAIL}),
    Allocation.RSA: frozenset({TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL}),
    Allocation.ALLOCATION_CEJ: frozenset({TypeAutorite.MISSION_LOCALE}),
    Allocation.ALLOCATION_PACEA: frozenset({TypeAutorite.MISSION_LOCALE}),
    Allocation.AUCUNE: frozenset(TypeAutorite),
}
"""Who funds which allowance, hence who may sanction on it (DOMAIN §1)."""


def verifier_manquement(type_manquement: TypeManquement, contrat_signe: bool) -> None:
    if type_manquement is not TypeManquement.CONTRAT and not contrat_signe:
        raise ManquementSansContrat(
            f"Manquement « {type_manquement.value} » : aucun contrat d'engagement n'a été signé."
        )


def verifier_manquements_poursuivables(
    manquements: tuple[str, ...], constates: dict[str, TypeManquement], procedures: dict[str, Procedure]
) -> None:
    deja_poursuivis = {m for p in procedures.values() for m in p.manquements}
    if not manquements:
        raise ManquementNonPoursuivable("Une procédure porte sur au moins un manquement constaté.")
    for manquement in manquements:
        if manquement not in constates:
            raise ManquementNonPoursuivable(f"Aucun manquement « {manquement} » constaté dans ce parcours.")
        if manquement in deja_poursuivis:
            raise ManquementNonPoursuivable(f"Le manquement « {manquement} » fait déjà l'objet d'une procédure.")


def verifier_procedure(procedures: dict[str, Procedure], procedure_id: str) -> Procedure:
    try:
        return procedures[procedure_id]
    except KeyError:
        raise ProcedureInconnue(f"Aucune procédure « {procedure_id} » dans ce parcours.") from None


def verifier_procedure_en_cours(procedure: Procedure) -> None:
    if not procedure.en_cours:
        raise ProcedureTerminee(f"La procédure « {procedure.id} » est close.")


def verifier_fin_contradictoire(procedure: Procedure, jour: date, jour_enregistrement: date) -> None:
    """The period must have run on both clocks: the decision's business day and the day it is recorded."""
    if procedure.observations_recues:
        return
    if procedure.date_limite is None or min(jour, jour_enregistrement) <= procedure.date_limite:
        echeance = procedure.date_limite.isoformat() if procedure.date_limite else "inconnue (réception non établie)"
        raise DecisionAvantFinContradictoire(
            f"Le délai d'observations court jusqu'au {echeance} et aucune observation n'a été reçue "
            f"(décision prenant effet le {jour.isoformat()}, enregistrée le {jour_enregistrement.isoformat()})."
        )


def verifier_decision_humaine(decision: Decision) -> None:
    if not decision.auteur.type.est_humain:
        raise SanctionAutomatique("Une sanction est décidée par une autorité, jamais par un traitement automatisé.")


def verifier_decideur(decision: Decision, sanction: Sanction) -> None:
    verifier_decision_humaine(decision)
    if decision.auteur.type is not TypeAuteur.AUTORITE:
        raise AutoriteIncompetente("Une sanction est décidée par l'autorité de sanction.")
    competentes = AUTORITES_COMPETENTES[sanction.allocation]
    if decision.autorite is None or decision.autorite.type not in competentes:
        nommees = ", ".join(sorted(a.value for a in competentes))
        raise AutoriteIncompetente(f"Sanction sur {sanction.allocation.value} : autorité compétente {nommees}.")


def verifier_bareme(sanction: Sanction, parametres: Parametres) -> None:
    baremes: dict[NiveauSanction, Bareme] = {
        NiveauSanction.NIVEAU_1: parametres.bareme_niveau_1,
        NiveauSanction.NIVEAU_2: parametres.bareme_niveau_2,
    }
    bareme = baremes.get(sanction.niveau)
    if bareme is None:
        return
    taux, duree = sanction.taux or Decimal(0), sanction.duree_mois or 0  # set for every level but avertissement
    hors_bareme = (
        taux < bareme.taux_minimum
        or not bareme.duree_min_mois <= duree <= bareme.duree_max_mois
        or (sanction.niveau is NiveauSanction.NIVEAU_1 and sanction.nature is not NatureSanction.SUSPENSION)
    )
    if hors_bareme:
        raise SanctionHorsBareme(
            f"{sanction.niveau.value} : au moins {bareme.taux_minimum} % pendant "
            f"{bareme.duree_min_mois} à {bareme.duree_max_mois} mois"
            + (", en suspension" if sanction.niveau is NiveauSanction.NIVEAU_1 else "")
            + "."
        )


def verifier_conforme_a_l_envisagee(sanction: Sanction, procedure: Procedure) -> None:
    if sanction.plus_lourde_que(procedure.sanction_envisagee):
        raise SanctionPlusLourdeQueLEnvisagee(
            "La sanction décidée est plus lourde que celle annoncée dans l'avis du contradictoire."
        )


def verifier_gradation(sanction: Sanction, procedure: Procedure, procedures: dict[str, Procedure]) -> None:
    if sanction.niveau is not NiveauSanction.NIVEAU_2:
        return
    deja_sanctionnes = {
        t
        for p in procedures.values()
        if p.sanction_en_vigueur and p.sanction is not None and p.sanction.niveau is NiveauSanction.NIVEAU_1
        for t in p.types_manquement
    }
    if not deja_sanctionnes.intersection(procedure.types_manquement):
        raise Niveau2SansNiveau1("Aucune sanction de niveau 1 en vigueur pour ce même manquement.")


def verifier_avis_equipe(sanction: Sanction, avis_equipe_pluridisciplinaire: bool) -> None:
    suppression_rsa = sanction.allocation is Allocation.RSA and sanction.nature is NatureSanction.SUPPRESSION
    if suppression_rsa and not avis_equipe_pluridisciplinaire:
        raise SuppressionRsaSansAvisEquipePluridisciplinaire(
            "La suppression du RSA requiert l'avis de l'équipe pluridisciplinaire."
        )


def verifier_sanction_decidee(procedure: Procedure) -> Sanction:
    if procedure.sanction is None or procedure.sanction_annulee:
        raise SanctionNonDecidee(f"Aucune sanction en vigueur dans la procédure « {procedure.id} ».")
    return procedure.sanction


def verifier_voies_de_recours(voies_de_recours: tuple[VoieDeRecours, ...]) -> None:
    if not voies_de_recours:
        raise NotificationSansVoiesDeRecours("La notification mentionne les voies et délais de recours.")


def verifier_suspension_en_vigueur(procedure: Procedure) -> None:
    sanction = verifier_sanction_decidee(procedure)
    if sanction.nature is not NatureSanction.SUSPENSION:
        raise AucuneSuspensionEnVigueur(f"La procédure « {procedure.id} » n'a pas abouti à une suspension.")


def est_suppression_totale(sanction: Sanction, parametres: Parametres) -> bool:
    return (
        sanction.nature is NatureSanction.SUPPRESSION
        and sanction.taux is not None
        and sanction.taux >= parametres.taux_suppression_totale
    )


def verifier_proposition_radiation(sanction: Sanction, proposee: bool) -> None:
    if sanction.allocation is Allocation.RSA and not proposee:
        raise RadiationSansProposition(
            "La radiation d'un bénéficiaire du RSA après suppression du RSA est prononcée sur proposition "
            "du président du conseil départemental : aucune proposition enregistrée pour cette procédure "
            "(CASF R.262-68)."
        )


def verifier_radiation(procedure: Procedure, parametres: Parametres) -> Sanction:
    sanction = verifier_sanction_decidee(procedure)
    if procedure.notifiee_le is None or not est_suppression_totale(sanction, parametres):
        raise RadiationSansSuppressionTotale("La radiation suit une suppression totale notifiée.")
    return sanction
