"""Who may do what, and see which parcours: the one access policy of the API (OWASP API1, API5).

Roles gate commands (the role sets below, named by each command route beside it); object-level
access (``peut_voir``) decides which parcours a caller sees at all, from the legal roles the bodies
hold in it (``domain.competence``): the same function the domain's competence rule applies to every
command, so that visibility never contradicts competence. A parcours the caller may not see answers
404, exactly like an unknown id, so that its existence does not leak; a visible parcours where the
caller is not competent for a command answers 403 naming the article (``incompetence``).
"""

from datetime import date

from api.problemes import Probleme
from application.parcours import ParcoursApplication
from application.principal import QUALITES, Principal, Role
from domain.competence import Droits, Intervenant, Qualite, droits
from domain.decision import FUSEAU_METIER
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


def intervenant(principal: Principal) -> Intervenant:
    """The caller in the terms of competence: capacity, body (organisme and département), its parcours."""
    siens = frozenset(p for p in (principal.parcours, *principal.parcours_siens) if p is not None)
    return Intervenant(QUALITES.get(principal.role, Qualite.AUCUNE), principal.organe(), principal.id, siens)


def aujourd_hui(app: ParcoursApplication) -> date:
    return app.horloge().astimezone(FUSEAU_METIER).date()


def droits_sur(app: ParcoursApplication, principal: Principal, parcours: Parcours) -> Droits:
    """What the caller may do and read in this parcours today: the one function of the domain
    (``domain.competence``) that the competence rule applies to every command."""
    situation = parcours.situation
    return droits(situation, app.roles(situation, aujourd_hui(app)), intervenant(principal))


def peut_voir(app: ParcoursApplication, principal: Principal, parcours: Parcours) -> bool:
    """A person sees their own parcours; a body those it holds a legal role in (orientation
    decider, organisme référent and its référent, an allowance's sanction authority, France Travail
    for a radiation, the PCD for an RSA beneficiary); auditors and administrators every one."""
    return droits_sur(app, principal, parcours).voit


def perimetre(principal: Principal, jour: date) -> Perimetre | None:
    """``peut_voir`` for a worklist on day ``jour``, as the filter its SQL applies (the entries carry the
    bodies that hold a role in their parcours, from ``domain.competence.roles``); None: every entry."""
    if principal.role in LECTEURS_DE_TOUT:
        return None
    if principal.role not in AGENTS | AUTORITE:
        raise Probleme(403, "Les corbeilles sont réservées aux agents, aux autorités et aux auditeurs.")
    organisme = principal.organisme.value if principal.organisme else None
    return Perimetre(organisme=organisme, departement=principal.territoire, referent=principal.id, jour=jour)


def peut_inscrire(principal: Principal, inscription: Inscription) -> bool:
    """An agent registers people of its own territory; a partner (e.g. the CAF flow) registers
    anywhere, then sees nothing of the parcours. Who follows the parcours next is ``peut_voir``."""
    if principal.role is Role.PARTENAIRE:
        return True
    return principal.territoire == inscription.territoire.departement
