"""Rules of contestation (CT R.5312-47; CASF R.262-88 to R.262-92; CRPA L.411-2)."""

from domain.erreurs import RegleEnfreinte
from domain.sanction import Procedure, Recours, Sanction, VoieDeRecours
from domain.vocabulaire import Allocation, IssueRecours, TypeRecours


class RecoursSansDecisionNotifiee(RegleEnfreinte):
    """A recours is directed against a decision that was notified (CRPA L.411-2, R.421-1 CJA)."""

    code = "recours-sans-decision-notifiee"
    titre = "Recours sans décision notifiée"


class RecoursInconnu(RegleEnfreinte):
    """Only a recours introduced and not yet decided can be decided (CASF R.262-89)."""

    code = "recours-inconnu"
    titre = "Recours inconnu ou déjà tranché"


class IssueRecoursIncoherente(RegleEnfreinte):
    """A réformation states the sanction that replaces the contested one; a rejet or an annulation
    states none (CRPA L.411-2; CJA L.911-1)."""

    code = "issue-recours-incoherente"
    titre = "Issue du recours incohérente avec la sanction indiquée"


class ReformationAggravante(RegleEnfreinte):
    """A remedy introduced by the person cannot worsen their situation: a reformation may only lighten
    the sanction (interdiction de la reformatio in pejus, principe général du droit public)."""

    code = "reformation-aggravante"
    titre = "Réformation aggravant la sanction contestée"


FONDEMENTS_RECOURS: dict[TypeRecours, str] = {
    TypeRecours.MEDIATION_PREALABLE: "CT R.5312-47",
    TypeRecours.RAPO: "CASF R.262-88",
    TypeRecours.CONTENTIEUX: "CJA R.421-1",
}
"""The text that opens each kind of remedy."""

RECOURS_PREALABLES: dict[Allocation, VoieDeRecours | None] = {
    Allocation.RSA: VoieDeRecours(TypeRecours.RAPO, "le président du conseil départemental", 2),
    Allocation.ARE: VoieDeRecours(TypeRecours.MEDIATION_PREALABLE, "le médiateur régional de France Travail", 2),
    Allocation.ASS: VoieDeRecours(TypeRecours.MEDIATION_PREALABLE, "le médiateur régional de France Travail", 2),
    Allocation.AUCUNE: VoieDeRecours(TypeRecours.MEDIATION_PREALABLE, "le médiateur régional de France Travail", 2),
    Allocation.ALLOCATION_CEJ: None,
    Allocation.ALLOCATION_PACEA: None,
}
"""The prior remedy the law makes compulsory before the court, by allowance: the RAPO to the PCD for the RSA
(CASF R.262-88), the mediation for France Travail's decisions (CT R.5312-47); none for the mission locale's
allowances, whose decisions go straight to the court. The delay is replaced by the parameters' own."""
TRIBUNAL = VoieDeRecours(TypeRecours.CONTENTIEUX, "le tribunal administratif", 2)


def voies_de_recours_d_une_sanction(allocation: Allocation, delai_recours_mois: int) -> tuple[VoieDeRecours, ...]:
    """The remedies against a sanction on ``allocation``, each within ``delai_recours_mois`` (CRPA L.411-2; CJA
    R.421-1, R.421-5): what a sanction letter states when its notification has not recorded its own."""
    prealable = RECOURS_PREALABLES.get(allocation)
    voies = (prealable, TRIBUNAL) if prealable is not None else (TRIBUNAL,)
    return tuple(VoieDeRecours(v.type, v.instance, delai_recours_mois) for v in voies)


def verifier_decision_notifiee(procedure: Procedure) -> None:
    if not procedure.sanction_en_vigueur or procedure.notifiee_le is None:
        raise RecoursSansDecisionNotifiee(f"Aucune décision notifiée dans la procédure « {procedure.id} ».")


def verifier_recours_pendant(procedure: Procedure, recours_id: str) -> Recours:
    recours = procedure.recours_numero(recours_id)
    if recours is None or recours.issue is not None:
        raise RecoursInconnu(f"Aucun recours « {recours_id} » en attente de décision.")
    return recours


def verifier_reformation(sanction_reformee: Sanction, contestee: Sanction | None) -> None:
    if contestee is None or sanction_reformee.plus_lourde_que(contestee):
        raise ReformationAggravante("La sanction réformée ne peut pas être plus lourde que la sanction contestée.")


def maintient_une_sanction(issue: IssueRecours) -> bool:
    """A rejet keeps the contested sanction and a réformation puts another in its place: both go against the
    person, who must be told why (CRPA L.211-2, L.211-5); an annulment grants the recours."""
    return issue is not IssueRecours.ANNULATION


def verifier_issue(issue: IssueRecours, sanction_reformee: Sanction | None) -> None:
    if (issue is IssueRecours.REFORMATION) != (sanction_reformee is not None):
        raise IssueRecoursIncoherente(
            "Une réformation indique la sanction qui remplace la sanction contestée ; "
            "un rejet ou une annulation n'en indique aucune."
        )
