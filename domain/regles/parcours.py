"""Rules of the parcours as a whole: inscription first, nothing after sortie, radiation, rectification."""

from datetime import date

from domain.erreurs import RegleEnfreinte
from domain.inscription import Inscription
from domain.vocabulaire import Statut


class ParcoursNonInscrit(RegleEnfreinte):
    """No step before inscription: every parcours starts with the person's registration (CT L.5411-1)."""

    code = "parcours-non-inscrit"
    titre = "Parcours sans inscription"


class ParcoursSorti(RegleEnfreinte):
    """After a sortie nothing happens but a reopening (CT L.5411-1, R.5411-17). Stay open: the
    notification of a sanction decided before, the remedies against it (recours) and the
    rectification of an error — a sortie, notably a radiation, cannot block the right to contest
    (CRPA L.410-1; Conseil constitutionnel 2023-858 DC)."""

    code = "parcours-sorti"
    titre = "Parcours clos par une sortie"


class ReinscriptionPendantRadiation(RegleEnfreinte):
    """A person under radiation cannot register again before its end, except to ask for the RSA (CT R.5412-5)."""

    code = "reinscription-pendant-radiation"
    titre = "Réinscription pendant une radiation"


class EvenementARectifierInconnu(RegleEnfreinte):
    """A rectification references an earlier event of the same parcours; nothing is ever edited (DESIGN §1.1)."""

    code = "evenement-a-rectifier-inconnu"
    titre = "Événement à rectifier absent du parcours"


class RectificationNonMotivee(RegleEnfreinte):
    """A rectification says what was wrong and why, so that a reader of the history can weigh it
    (CRPA L.211-2; RGPD art. 16, right to rectification)."""

    code = "rectification-non-motivee"
    titre = "Rectification sans motif"


class DroitsDevoirsNonInformes(RegleEnfreinte):
    """The review of rights and duties follows the information given at the start (CT L.5411-6; DOMAIN §2.6)."""

    code = "droits-devoirs-non-informes"
    titre = "Point sur les droits et devoirs sans information préalable"


def verifier_en_cours(statut: Statut) -> None:
    if statut is Statut.SORTI:
        raise ParcoursSorti("Le parcours est clos : seule une réouverture est possible.")


def verifier_reinscription(inscription: Inscription, radiation_jusqu_au: date | None, jour: date) -> None:
    if radiation_jusqu_au is not None and jour < radiation_jusqu_au and not inscription.demande_rsa:
        raise ReinscriptionPendantRadiation(
            f"La personne est radiée jusqu'au {radiation_jusqu_au.isoformat()} : "
            "seule une demande de RSA permet une nouvelle inscription avant cette date."
        )


def verifier_rectification(version_rectifiee: int, version_courante: int, motif: str | None) -> None:
    if not 1 <= version_rectifiee <= version_courante:
        raise EvenementARectifierInconnu(
            f"Aucun événement n° {version_rectifiee} dans ce parcours (dernier : n° {version_courante})."
        )
    if motif is None:
        raise RectificationNonMotivee("Une rectification indique son motif.")
