"""Rules of orientation and réorientation (CT L.5411-5-1; CRPA L.311-3-1; LIL art. 47)."""

from collections.abc import Mapping

from domain.decision import Critere, Decision
from domain.erreurs import RegleEnfreinte
from domain.orientation import Orientation, PropositionOrientation, Referent
from domain.vocabulaire import ModeOrientation, MotifInscription, Organisme, TypeAuteur


class AlgorithmeSeulAvecDonneeSensible(RegleEnfreinte):
    """A decision based solely on automated processing must not use sensitive data (health,
    handicap): any proposal that used a sensitive input needs human validation (LIL art. 47,
    RGPD art. 22)."""

    code = "algorithme-seul-avec-donnee-sensible"
    titre = "Décision automatique fondée sur une donnée sensible"


class ValidationHumaineRequise(RegleEnfreinte):
    """The referential's rule that fired asks a person to validate its proposal: the algorithm
    alone may not confirm it (CT L.5411-5-1 III; the published referential)."""

    code = "validation-humaine-requise"
    titre = "Proposition à faire valider par un agent"


class ModeOrientationIncoherent(RegleEnfreinte):
    """``algorithme_seul`` is applied by the system on the competent authority's policy; the other
    modes are a person's decision, recorded with the validating agent (LIL art. 47; CRPA R.311-3-1-2, 1°)."""

    code = "mode-orientation-incoherent"
    titre = "Mode d'orientation incohérent avec l'auteur de la décision"


class PropositionAbsente(RegleEnfreinte):
    """An orientation said to come from the algorithm must match a proposal that gave one; when the
    proposal asks for an entretien d'orientation, a person decides (CRPA L.311-3-1; DOMAIN §2.2)."""

    code = "proposition-absente"
    titre = "Orientation sans proposition correspondante de l'algorithme"


class DivergenceSansMotif(RegleEnfreinte):
    """A conseiller may decide differently from the proposal, with a motive (DOMAIN §2.2; CRPA L.211-2)."""

    code = "divergence-sans-motif"
    titre = "Orientation différente de la proposition, sans motif"


class OrientationDejaDecidee(RegleEnfreinte):
    """Once decided, an orientation changes only through a réorientation: request, then decision (CT L.5411-5-1)."""

    code = "orientation-deja-decidee"
    titre = "Orientation déjà décidée"


class OrientationNonDecidee(RegleEnfreinte):
    """This step needs a decided orientation: notification, référent, diagnostic (CT L.5411-5-1, L.5411-5-2)."""

    code = "orientation-non-decidee"
    titre = "Orientation non encore décidée"


class ReferentHorsOrganisme(RegleEnfreinte):
    """The single référent belongs to the organisme référent of the orientation (CT L.5411-6)."""

    code = "referent-hors-organisme"
    titre = "Référent extérieur à l'organisme référent"


class ReorientationNonDemandee(RegleEnfreinte):
    """A réorientation is decided on a request, by the référent or the person (CT L.5411-5-1 V)."""

    code = "reorientation-non-demandee"
    titre = "Réorientation sans demande préalable"


class ReorientationSansMotif(RegleEnfreinte):
    """A réorientation request, by the référent or the person, states its motive (CT L.5411-5-1 V). Its
    refusal is an unfavourable decision, reasoned as every such decision is (``DecisionNonMotivee``)."""

    code = "reorientation-sans-motif"
    titre = "Demande de réorientation sans motif"


ORIENTEUR_PAR_MOTIF: dict[MotifInscription, Organisme] = {
    MotifInscription.DEMANDE: Organisme.FRANCE_TRAVAIL,
    MotifInscription.DEMANDE_RSA: Organisme.DEPARTEMENT,
    MotifInscription.CONJOINT_RSA: Organisme.DEPARTEMENT,
    MotifInscription.SOLLICITATION_ML: Organisme.MISSION_LOCALE,
    MotifInscription.SOLLICITATION_CAP_EMPLOI: Organisme.CAP_EMPLOI,
}
"""Who decides the orientation (CT L.5411-5-1 II): France Travail by default, the président du
conseil départemental for RSA beneficiaries, the mission locale or Cap emploi for the people who
come to them."""


def declare_rsa(donnees: Mapping[str, Critere]) -> bool:
    """The orientation data say the person receives the RSA (``beneficiaire_rsa``): the PCD orients
    them whatever the motif of their inscription (CT L.5411-5-1 II)."""
    critere = donnees.get("beneficiaire_rsa")
    return critere is not None and critere.valeur is True


def organisme_responsable(motif: MotifInscription, orientation: Orientation | None) -> Organisme:
    """The organisme in charge of a parcours: the organisme référent once oriented, before that
    the one that decides the orientation (CT L.5411-5-1 II and IV)."""
    return orientation.organisme if orientation is not None else ORIENTEUR_PAR_MOTIF[motif]


def verifier_mode(mode: ModeOrientation, decision: Decision) -> None:
    auteur = decision.auteur.type
    if mode is ModeOrientation.ALGORITHME_SEUL:
        coherent = auteur in (TypeAuteur.ALGORITHME, TypeAuteur.SYSTEME)
    else:
        coherent = auteur.est_humain
    if not coherent:
        raise ModeOrientationIncoherent(
            "Le mode « algorithme seul » est appliqué par le système ; les autres modes sont "
            f"décidés par une personne (auteur : {decision.auteur.type.value})."
        )


def verifier_orientation_decidable(
    orientation: Orientation,
    mode: ModeOrientation,
    proposition: PropositionOrientation | None,
    decision: Decision,
) -> None:
    verifier_mode(mode, decision)
    propose = proposition.orientation if proposition is not None else None
    if mode is ModeOrientation.AGENT:
        if propose is not None and not orientation.meme_que(propose) and decision.motif is None:
            raise DivergenceSansMotif("L'orientation décidée diffère de la proposition : un motif est requis.")
        return
    if propose is None or not orientation.meme_que(propose):
        raise PropositionAbsente(
            "Aucune proposition de l'algorithme ne donne cette orientation : "
            "la décision revient à un agent (mode « agent »)."
        )
    if mode is not ModeOrientation.ALGORITHME_SEUL or proposition is None:
        return
    if proposition.donnee_sensible:
        raise AlgorithmeSeulAvecDonneeSensible(
            "La proposition repose sur une donnée sensible : une validation humaine est requise."
        )
    if proposition.validation_humaine:
        raise ValidationHumaineRequise(
            f"La règle {proposition.regle} du référentiel {proposition.referentiel.version} demande "
            "qu'un agent valide sa proposition."
        )


def verifier_orientation_decidee(orientation: Orientation | None, etape: str) -> Orientation:
    if orientation is None:
        raise OrientationNonDecidee(f"{etape} : aucune orientation n'a été décidée.")
    return orientation


def verifier_referent(referent: Referent, orientation: Orientation) -> None:
    if referent.organisme is not orientation.organisme:
        raise ReferentHorsOrganisme(
            f"Le référent relève de {referent.organisme.value}, l'organisme référent est {orientation.organisme.value}."
        )


def verifier_motif_reorientation(decision: Decision) -> None:
    if decision.motif is None:
        raise ReorientationSansMotif("Une demande de réorientation indique son motif.")
