"""What a caller enters with a command beside its content: who acts and what they say of the step.

Named ``Saisie`` (what is entered), not ``Demande``: a *demande* is a word of the domain (a demande
d'explication, de réorientation, d'inscription), and this envelope is none of them."""

from dataclasses import dataclass
from datetime import datetime

from application.idempotence import Idempotence
from application.principal import Principal
from domain.decision import Critere, Decision, Fondement, ReferenceReferentiel


@dataclass(frozen=True)
class Saisie:
    """The acting principal (verified by the caller, never read from a body), the optional
    expected version (optimistic concurrency) and the decision's motive, business time, extra
    legal basis and criteria, and the idempotency key if any. The authority, if any, is the
    principal's; the domain adds each step's own articles."""

    principal: Principal
    version_attendue: int | None = None
    motif: str | None = None
    effective_le: datetime | None = None
    articles: tuple[str, ...] = ()
    referentiel: ReferenceReferentiel | None = None
    criteres: tuple[Critere, ...] = ()
    idempotence: Idempotence | None = None
    """Kept with the events, in their transaction, when the caller sent an ``Idempotency-Key``."""

    def decision(self, maintenant: datetime) -> Decision:
        """The decision envelope; business time defaults to the application's clock."""
        return Decision(
            auteur=self.principal.auteur(),
            effective_le=self.effective_le or maintenant,
            fondement=Fondement(articles=self.articles, referentiel=self.referentiel),
            motif=self.motif,
            criteres=self.criteres,
            autorite=self.principal.autorite(),
        )
