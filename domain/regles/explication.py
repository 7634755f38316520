"""Rules of the right to an explanation of an algorithmic decision (CRPA L.311-3-1, R.311-3-1-2)."""

from domain.erreurs import RegleEnfreinte


class SansDecisionAlgorithmique(RegleEnfreinte):
    """The explanation covers a decision taken on the basis of an algorithm: the parcours must have
    received a proposal of the orientation algorithm (CRPA L.311-3-1)."""

    code = "sans-decision-algorithmique"
    titre = "Aucune décision fondée sur un algorithme à expliquer"


class ExplicationNonDemandee(RegleEnfreinte):
    """An explanation is communicated in answer to a pending request (CRPA R.311-3-1-2)."""

    code = "explication-non-demandee"
    titre = "Aucune demande d'explication en attente sous cet identifiant"


def verifier_decision_algorithmique(propositions: int) -> None:
    if propositions == 0:
        raise SansDecisionAlgorithmique("Ce parcours n'a reçu aucune proposition de l'algorithme d'orientation.")


def verifier_demande_en_attente(demande_id: str, en_attente: dict[str, object]) -> None:
    if demande_id not in en_attente:
        raise ExplicationNonDemandee(f"Aucune demande d'explication {demande_id!r} n'est en attente.")
