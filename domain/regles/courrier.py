"""Rules of the letters the law requires (DOMAIN §8): each renders one recorded step of its kind, is sent no
earlier than that step, and its receipt is dated between its sending and the step that records it.

A letter is rendered from the events (``infrastructure/courriers``); its emission (``CourrierEmis``) records the
SHA-256 of the very bytes sent, so that the letter a person holds can be proved to be the one sent; its receipt
(``CourrierRemis``) records the certain date the law counts from (CT R.5412-7).
"""

from datetime import date, datetime

from domain.decision import FUSEAU_METIER, Decision
from domain.erreurs import RegleEnfreinte
from domain.evenement import EvenementDecide
from domain.regles.temps import DateMetierAvantEtapePrecedente, verifier_date_declaree
from domain.valeur import ValeurInvalide
from domain.vocabulaire import NatureCourrier


class CourrierSansEtapeAdequate(RegleEnfreinte):
    """A letter notifies one recorded step of its kind: the orientation decision (CT L.5411-5-1; CRPA L.221-8),
    the opening of the contradictoire (CT R.5412-7), the sanction decision (CRPA L.211-2), the decision on a
    recours (CRPA L.411-2), the request for an explanation or the proposal explained (CRPA R.311-3-1-2)."""

    code = "courrier-sans-etape-adequate"
    titre = "Courrier sans l'étape qu'il notifie"


class CourrierInconnu(RegleEnfreinte):
    """Only a letter the parcours emitted can be received: its receipt is the certain date the law's deadlines
    count from (CT R.5412-7; CRPA L.411-2)."""

    code = "courrier-inconnu"
    titre = "Courrier inconnu"


FONDEMENTS_COURRIER: dict[NatureCourrier, tuple[str, ...]] = {
    NatureCourrier.DECISION_ORIENTATION: ("CT L.5411-5-1", "CRPA L.221-8"),
    NatureCourrier.AVIS_CONTRADICTOIRE: ("CT R.5412-7", "CRPA L.122-1"),
    NatureCourrier.DECISION_SANCTION: ("CRPA L.211-2", "CRPA L.211-5", "CJA R.421-5"),
    NatureCourrier.DECISION_RECOURS: ("CRPA L.411-2", "CRPA L.211-2", "CJA R.421-5"),
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: ("CRPA L.311-3-1", "CRPA R.311-3-1-2"),
}
"""The articles that require each letter: added to the emission's legal basis."""
FONDEMENT_REMISE = ("CT R.5412-7", "CRPA L.112-1")
"""The certain date of receipt (CT R.5412-7) and the proof of an electronic receipt (CRPA L.112-1 ff.)."""

EMPREINTE = 64
"""A SHA-256 written in lower-case hexadecimal: 64 characters."""


def verifier_etape_rendue(
    nature: NatureCourrier, rendue: EvenementDecide | None, admises: tuple[type[EvenementDecide], ...]
) -> EvenementDecide:
    """The step the letter renders: recorded, and of a kind this letter notifies."""
    if rendue is None or not isinstance(rendue, admises):
        raise CourrierSansEtapeAdequate(
            "L'étape désignée n'est pas de celles que ce courrier notifie : choisissez la version de l'étape "
            "(décision d'orientation, ouverture du contradictoire, décision de sanction, décision sur recours, "
            "demande d'explication) que le courrier porte à la connaissance de la personne."
        )
    return rendue


def verifier_apres_l_etape(decision: Decision, etape: datetime, quoi: str) -> None:
    """A letter is sent no earlier than the step it notifies (DESIGN §1.7)."""
    if decision.effective_le < etape:
        raise DateMetierAvantEtapePrecedente(
            f"Le courrier prend effet le {_instant(decision.effective_le)}, avant {quoi} ({_instant(etape)})."
        )


def verifier_empreinte(empreinte: str) -> None:
    """The SHA-256 of the bytes sent, in lower-case hexadecimal: what proves a copy is the letter sent."""
    if len(empreinte) != EMPREINTE or any(c not in "0123456789abcdef" for c in empreinte):
        raise ValeurInvalide("empreinte : SHA-256 en hexadécimal minuscule attendu (64 caractères)")


def verifier_date_de_remise(remis_le: date, decision: Decision, emis_le: date) -> None:
    """The receipt is dated no later than the step recording it, and no earlier than the sending."""
    verifier_date_declaree(remis_le, "remis_le", decision, emis_le, "l'émission du courrier")


def _instant(instant: datetime) -> str:
    return instant.astimezone(FUSEAU_METIER).isoformat(timespec="minutes")
