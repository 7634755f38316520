"""Who may do what, and see which parcours: the one access policy of the API (OWASP API1, API5).

Roles gate commands (``ROLES_PAR_COMMANDE``); object-level access (``peut_voir``) decides which
parcours a caller sees at all. A parcours the caller may not see answers 404, exactly like an
unknown id, so that its existence does not leak.
"""

from enum import Enum

from application.principal import Principal, Role
from domain.inscription import Inscription
from domain.parcours import Parcours


class Commande(Enum):
    INSCRIRE = "inscrire"
    ORIENTER = "orienter"
    NOTIFIER_ORIENTATION = "notifier_orientation"
    TENIR_ENTRETIEN_ORIENTATION = "tenir_entretien_orientation"
    DESIGNER_REFERENT = "designer_referent"
    DEMANDER_REORIENTATION = "demander_reorientation"
    DECIDER_REORIENTATION = "decider_reorientation"
    REALISER_DIAGNOSTIC = "realiser_diagnostic"
    SIGNER_CONTRAT = "signer_contrat"
    METTRE_A_JOUR_CONTRAT = "mettre_a_jour_contrat"
    INFORMER_DROITS_DEVOIRS = "informer_droits_devoirs"
    REVOIR_DROITS_DEVOIRS = "revoir_droits_devoirs"
    CONSTATER_MANQUEMENT = "constater_manquement"
    OUVRIR_CONTRADICTOIRE = "ouvrir_contradictoire"
    RECEPTIONNER_AVIS = "receptionner_avis"
    PRESENTER_OBSERVATIONS = "presenter_observations"
    TENIR_AUDITION = "tenir_audition"
    CLORE_PROCEDURE = "clore_procedure"
    DECIDER_SANCTION = "decider_sanction"
    NOTIFIER_SANCTION = "notifier_sanction"
    LEVER_SUSPENSION = "lever_suspension"
    RADIER = "radier"
    INTRODUIRE_RECOURS = "introduire_recours"
    TRANCHER_RECOURS = "trancher_recours"
    RECTIFIER = "rectifier"
    SORTIR = "sortir"
    ROUVRIR = "rouvrir"


AGENTS = frozenset({Role.CONSEILLER, Role.REFERENT, Role.RESPONSABLE})
AUTORITE = frozenset({Role.AUTORITE_SANCTION})
LECTEURS_DE_TOUT = frozenset({Role.AUDITEUR, Role.ADMIN})
"""Auditors and administrators read every parcours; they write none."""

ROLES_PAR_COMMANDE: dict[Commande, frozenset[Role]] = {
    Commande.INSCRIRE: AGENTS | {Role.PARTENAIRE},
    Commande.ORIENTER: AGENTS,
    Commande.NOTIFIER_ORIENTATION: AGENTS,
    Commande.TENIR_ENTRETIEN_ORIENTATION: AGENTS,
    Commande.DESIGNER_REFERENT: AGENTS,
    Commande.DEMANDER_REORIENTATION: AGENTS,
    Commande.DECIDER_REORIENTATION: AGENTS,
    Commande.REALISER_DIAGNOSTIC: AGENTS,
    Commande.SIGNER_CONTRAT: AGENTS,
    Commande.METTRE_A_JOUR_CONTRAT: AGENTS,
    Commande.INFORMER_DROITS_DEVOIRS: AGENTS,
    Commande.REVOIR_DROITS_DEVOIRS: AGENTS,
    Commande.CONSTATER_MANQUEMENT: AGENTS,
    Commande.OUVRIR_CONTRADICTOIRE: AGENTS | AUTORITE,
    Commande.RECEPTIONNER_AVIS: AGENTS | AUTORITE,
    Commande.PRESENTER_OBSERVATIONS: AGENTS | {Role.PERSONNE},
    Commande.TENIR_AUDITION: AGENTS | AUTORITE,
    Commande.CLORE_PROCEDURE: AUTORITE,
    Commande.DECIDER_SANCTION: AUTORITE,
    Commande.NOTIFIER_SANCTION: AUTORITE,
    Commande.LEVER_SUSPENSION: AUTORITE,
    Commande.RADIER: AUTORITE,
    Commande.INTRODUIRE_RECOURS: AGENTS | {Role.PERSONNE},
    Commande.TRANCHER_RECOURS: AUTORITE,
    Commande.RECTIFIER: AGENTS | AUTORITE,
    Commande.SORTIR: AGENTS,
    Commande.ROUVRIR: AGENTS,
}
"""A person only presents observations and contests, on their own parcours; agents record the
steps of the accompaniment; the autorité de sanction alone decides on sanctions (DESIGN §5)."""


def peut_agir(principal: Principal, commande: Commande) -> bool:
    return principal.role in ROLES_PAR_COMMANDE[commande]


def peut_voir(principal: Principal, parcours: Parcours) -> bool:
    if principal.role in LECTEURS_DE_TOUT:
        return True
    if principal.role is Role.PERSONNE:
        return principal.parcours == parcours.id
    if principal.role in AGENTS | AUTORITE:
        if parcours.referent is not None and parcours.referent.id == principal.id:
            return True
        return principal.territoire == parcours.inscription.territoire.departement and (
            principal.organisme is parcours.organisme_responsable
        )
    return False


def peut_inscrire(principal: Principal, inscription: Inscription) -> bool:
    """An agent registers people of its own territory; a partner (e.g. the CAF flow) registers
    anywhere, then sees nothing of the parcours. Who follows the parcours next is ``peut_voir``."""
    if principal.role is Role.PARTENAIRE:
        return True
    return principal.territoire == inscription.territoire.departement
