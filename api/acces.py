"""Who may do what, and see which parcours: the one access policy of the API (OWASP API1, API5).

Roles gate commands (``ROLES_PAR_COMMANDE``); object-level access (``peut_voir``) decides which
parcours a caller sees at all. A parcours the caller may not see answers 404, exactly like an
unknown id, so that its existence does not leak.
"""

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from api.problemes import Probleme
from application.principal import Principal, Role
from domain.inscription import Inscription
from domain.parcours import Parcours
from projections.stockage import Perimetre


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
    COMPLETER_DONNEES_ORIENTATION = "completer_donnees_orientation"
    DEMANDER_EXPLICATION = "demander_explication"
    COMMUNIQUER_EXPLICATION = "communiquer_explication"


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
    Commande.COMPLETER_DONNEES_ORIENTATION: AGENTS,
    Commande.DEMANDER_EXPLICATION: AGENTS | {Role.PERSONNE},
    Commande.COMMUNIQUER_EXPLICATION: AGENTS,
}
"""A person only presents observations and contests, on their own parcours; agents record the
steps of the accompaniment; the autorité de sanction alone decides on sanctions (DESIGN §5)."""


def peut_agir(principal: Principal, commande: Commande) -> bool:
    return principal.role in ROLES_PAR_COMMANDE[commande]


@dataclass(frozen=True)
class Rattachement:
    """What object-level access reads of a parcours: where it is followed, by which organisme, by whom."""

    parcours_id: UUID
    departement: str
    organisme: str
    referent: str | None

    @classmethod
    def du_parcours(cls, parcours: Parcours) -> "Rattachement":
        referent = parcours.referent.id if parcours.referent else None
        departement = parcours.inscription.territoire.departement
        return cls(parcours.id, departement, parcours.organisme_responsable.value, referent)


def peut_voir(principal: Principal, rattachement: Rattachement) -> bool:
    """A person sees their own parcours; an agent or authority those of its organisme in its
    territory, and those it is référent of; auditors and administrators every one."""
    if principal.role in LECTEURS_DE_TOUT:
        return True
    if principal.role is Role.PERSONNE:
        return principal.parcours == rattachement.parcours_id
    if principal.role in AGENTS | AUTORITE:
        if rattachement.referent is not None and rattachement.referent == principal.id:
            return True
        organisme = principal.organisme.value if principal.organisme else None
        return (principal.territoire, organisme) == (rattachement.departement, rattachement.organisme)
    return False


def perimetre(principal: Principal) -> Perimetre | None:
    """``peut_voir`` for a worklist, as the filter its SQL applies; None: every entry."""
    if principal.role in LECTEURS_DE_TOUT:
        return None
    if principal.role not in AGENTS | AUTORITE:
        raise Probleme(403, "Les corbeilles sont réservées aux agents, aux autorités et aux auditeurs.")
    organisme = principal.organisme.value if principal.organisme else None
    return Perimetre(organisme=organisme, departement=principal.territoire, referent=principal.id)


def peut_inscrire(principal: Principal, inscription: Inscription) -> bool:
    """An agent registers people of its own territory; a partner (e.g. the CAF flow) registers
    anywhere, then sees nothing of the parcours. Who follows the parcours next is ``peut_voir``."""
    if principal.role is Role.PARTENAIRE:
        return True
    return principal.territoire == inscription.territoire.departement
