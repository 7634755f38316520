"""The reasons of unfavourable individual decisions (CRPA L.211-2, L.211-5).

A decision that inflicts a sanction (L.211-2, 2°), refuses what the person asked, or rejects the mandatory
administrative recours against a sanction (8°) states in writing the considerations of law and of fact it rests
on (L.211-5), so that the person can understand it and contest it. Here: in law, the decision's
``fondement`` (the aggregate adds each step's own articles to what the caller gave); in fact, its ``motif``,
which only the one who decides can write.

No length is required of the facts: the law asks for facts, not for a number of characters, and a threshold
would be both arbitrary and easily padded; whether the facts suffice is for the person and the judge to weigh,
with the text in hand. The envelope already refuses a blank motif (``Decision``); a motif holding no word at
all ("-", "…", "?") states no fact and is refused here.

Favourable decisions (an annulment on recours, the closing of a procedure on a motif légitime, an accepted
réorientation) are not held to this rule; they may carry a motif all the same, and the closing requires its
own (``MotifLegitimeNonPrecise``). A radiation proposed by the PCD is a preparatory act, not the decision:
the radiation itself, recorded by France Travail, states its reasons.
"""

from domain.decision import Decision
from domain.erreurs import RegleEnfreinte

ARTICLES = "CRPA, art. L.211-2 et L.211-5"
"""How the refusal names the articles, for people."""


class DecisionNonMotivee(RegleEnfreinte):
    """An unfavourable individual decision (a sanction, the refusal of a réorientation, a recours decision that
    keeps a sanction — rejet or réformation —, a radiation) states in writing the considerations of law and of
    fact it rests on: its legal basis and, in its motive, the facts (CRPA L.211-2, L.211-5)."""

    code = "decision-defavorable-non-motivee"
    titre = "Décision défavorable non motivée"


def enonce_des_faits(motif: str | None) -> bool:
    """The motive states something: at least one word (a letter), not only blanks, digits or punctuation."""
    return motif is not None and any(caractere.isalpha() for caractere in motif)


def exiger_motivation(decision: Decision, acte: str) -> None:
    """Refuses ``decision`` unless it is reasoned in law and in fact; called once the step's own legal basis is
    added. ``acte`` names the decision for the person reading the refusal (« la sanction », « la radiation »)."""
    if not decision.fondement.articles:
        raise DecisionNonMotivee(
            f"Décision défavorable non motivée en droit ({acte}) : le fondement cite les articles sur lesquels "
            f"repose la décision ({ARTICLES})."
        )
    if not enonce_des_faits(decision.motif):
        raise DecisionNonMotivee(
            f"Décision défavorable non motivée en fait ({acte}) : le motif énonce les faits sur lesquels repose "
            f"la décision ({ARTICLES})."
        )
