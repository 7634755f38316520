"""Who may do what, and see which parcours: the one access policy of the API (OWASP API1, API5).

Roles gate commands (the role sets below, named by each command route beside it); object-level
access (``peut_voir``) decides which parcours a caller sees at all. A parcours the caller may not
see answers 404, exactly like an unknown id, so that its existence does not leak.
"""

from dataclasses import dataclass
from uuid import UUID

from api.problemes import Probleme
from application.principal import Principal, Role
from domain.inscription import Inscription
from domain.parcours import Parcours
from projections.stockage import Perimetre

AGENTS = frozenset({Role.CONSEILLER, Role.REFERENT, Role.RESPONSABLE})
AUTORITE = frozenset({Role.AUTORITE_SANCTION})
PERSONNE = frozenset({Role.PERSONNE})
PARTENAIRE = frozenset({Role.PARTENAIRE})
LECTEURS_DE_TOUT = frozenset({Role.AUDITEUR, Role.ADMIN})
"""Auditors and administrators read every parcours; they write none. Each command route names the
roles that may run it, once, in its decorator (``commande()``, ``api/routes/reponses.py``): a person
only presents observations, contests and asks for explanations, on their own parcours; agents record
the steps of the accompaniment; the autorité de sanction alone decides on sanctions (DESIGN §5)."""


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
        return rattachement.parcours_id in {principal.parcours, *principal.parcours_siens}
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
