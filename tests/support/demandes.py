"""Principals and requests for application tests."""

from datetime import date

from application.principal import Principal, Role
from application.saisie import Saisie
from domain.vocabulaire import Organisme
from tests.support import faits

CONSEILLERE = Principal(
    id="agent-42", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, structure="FT-75-012", territoire="75"
)
PERSONNE = Principal(id="personne-1", role=Role.PERSONNE)
SYSTEME = Principal(id="parcours", role=Role.SYSTEME)
ALGORITHME = Principal(id="orientation@2025.1", role=Role.ALGORITHME)
AUTORITE = Principal(
    id="dr-idf", role=Role.AUTORITE_SANCTION, organisme=Organisme.FRANCE_TRAVAIL, structure="FT-DR-IDF", territoire="75"
)
AUDITRICE = Principal(id="audit-1", role=Role.AUDITEUR)


def agent(
    organisme: Organisme = Organisme.FRANCE_TRAVAIL, departement: str = "75", role: Role = Role.CONSEILLER
) -> Principal:
    """An agent (or, by ``role``, an authority) of ``organisme`` in ``departement``."""
    return Principal(
        id=f"{organisme.value.lower()}-{departement}-{role.value}",
        role=role,
        organisme=organisme,
        structure=f"{organisme.value}-{departement}",
        territoire=departement,
    )


def par(principal: Principal = CONSEILLERE, jour: date | None = None, **champs: object) -> Saisie:
    """A request by ``principal``, effective on ``jour`` (the application's clock if None)."""
    effective_le = faits.le(jour) if jour else None
    return Saisie(principal=principal, effective_le=effective_le, **champs)  # type: ignore[arg-type]
