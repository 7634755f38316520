"""Rules of the diagnostic and the contrat d'engagement (CT L.5411-5-2, L.5411-6 to L.5411-6-1, D.5411-14-1)."""

from domain.contrat import Contrat
from domain.diagnostic import Diagnostic
from domain.erreurs import RegleEnfreinte
from domain.orientation import Orientation, Referent
from domain.parametres import Parametres


class DiagnosticSansLaPersonne(RegleEnfreinte):
    """The diagnostic global is drawn up by the organisme référent jointly with the person (CT L.5411-5-2)."""

    code = "diagnostic-sans-la-personne"
    titre = "Diagnostic global réalisé sans la personne"


class ContratAvecUnAutreReferent(RegleEnfreinte):
    """The contract names the single référent designated for the person (CT L.5411-6)."""

    code = "contrat-avec-un-autre-referent"
    titre = "Contrat avec un autre référent que le référent unique"


class ContratAvantNotification(RegleEnfreinte):
    """The contract follows the notified orientation: its month to be signed runs from the
    notification (CT L.5411-6, D.5411-14-1)."""

    code = "contrat-avant-notification"
    titre = "Contrat avant la notification de l'orientation"


class ContratHorsOrganismeReferent(RegleEnfreinte):
    """The contract is drawn up with the organisme référent of the orientation (CT L.5411-6)."""

    code = "contrat-hors-organisme-referent"
    titre = "Contrat signé hors de l'organisme référent"


class HeuresReduitesSansMotif(RegleEnfreinte):
    """At least 15 hours of activity a week, lowered (not to zero) only for reasons found in the
    diagnostic and stated (CT L.5411-6, L.5411-5-2)."""

    code = "heures-reduites-sans-motif"
    titre = "Durée hebdomadaire d'activité réduite sans motif"


class DispenseNonRecevable(RegleEnfreinte):
    """Zero hours only on the person's request for a proven difficulty: health, handicap,
    invalidity, or a lone parent without childcare for a child under 12 (CT L.5411-6-1)."""

    code = "dispense-non-recevable"
    titre = "Dispense d'heures d'activité non recevable"


class ContratNonSigne(RegleEnfreinte):
    """A contract is updated only once signed; an update is a new version (CT L.5411-6-2)."""

    code = "contrat-non-signe"
    titre = "Mise à jour sans contrat d'engagement signé"


class ContratDejaSigne(RegleEnfreinte):
    """A signed contract changes by an update, a new version that keeps the earlier ones (CT L.5411-6-2)."""

    code = "contrat-deja-signe"
    titre = "Contrat d'engagement déjà signé"


def verifier_diagnostic_conjoint(diagnostic: Diagnostic) -> None:
    if not diagnostic.realise_avec_la_personne:
        raise DiagnosticSansLaPersonne("Le diagnostic se fait avec la personne.")


def verifier_referent_du_contrat(contrat: Contrat, referent: Referent | None) -> None:
    if referent is not None and contrat.referent != referent.id:
        raise ContratAvecUnAutreReferent(
            f"Le contrat nomme « {contrat.referent} », le référent désigné est « {referent.id} »."
        )


def verifier_contrat_apres_notification(orientation_notifiee: bool) -> None:
    if not orientation_notifiee:
        raise ContratAvantNotification("L'orientation n'a pas encore été notifiée à la personne.")


def verifier_organisme_du_contrat(contrat: Contrat, orientation: Orientation) -> None:
    if contrat.organisme is not orientation.organisme:
        raise ContratHorsOrganismeReferent(
            f"Le contrat est signé avec {contrat.organisme.value}, "
            f"l'organisme référent est {orientation.organisme.value}."
        )


def verifier_heures(contrat: Contrat, diagnostic_realise: bool, parametres: Parametres) -> None:
    if contrat.heures_hebdo >= parametres.heures_hebdo_minimum:
        return
    if contrat.heures_hebdo == 0:
        dispense = contrat.dispense
        if dispense is None or not dispense.demandee_par_la_personne:
            raise DispenseNonRecevable(
                "Zéro heure d'activité n'est possible qu'à la demande de la personne, pour une difficulté avérée."
            )
        return
    if contrat.justification_reduction is None or not diagnostic_realise:
        raise HeuresReduitesSansMotif(
            f"{contrat.heures_hebdo} h par semaine : en dessous de {parametres.heures_hebdo_minimum} h, "
            "la réduction doit être motivée par le diagnostic."
        )


def verifier_contrat_signe(contrat: Contrat | None) -> Contrat:
    if contrat is None:
        raise ContratNonSigne("Aucun contrat d'engagement en cours à mettre à jour.")
    return contrat
