"""The explanation of an algorithmic orientation names the agent who decided, as the decision does (CRPA L.212-1,
R.311-3-1-2, 1°); for a decision that recorded no name, it is the text it always was: the offline verifier of an
export re-derives it from the events and compares it with the one the bundle holds."""

import hashlib
from dataclasses import replace

from domain.vocabulaire import ModeOrientation
from projections.explication import expliquer
from tests.support import faits
from tests.support.scenario import SANCTION_NOTIFIEE, _pas, given, inscrit, notifie, propose

MARIE = replace(faits.CONSEILLER, nom="Marie Dupont", qualite="conseillère en insertion professionnelle")


def test_l_explication_nomme_l_agent_qui_a_pris_la_decision_et_sa_qualite() -> None:
    oriente = _pas(
        faits.decision(auteur=MARIE),
        lambda p, d: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, d),
    )

    explication = expliquer(given(inscrit(), propose(), oriente, notifie()).passe)

    assert explication is not None
    assert "un agent (Marie Dupont, conseillère en insertion professionnelle) a pris la décision" in (
        explication.contribution
    )
    assert "agent-42" not in explication.texte


def test_l_explication_d_une_decision_sans_nom_est_le_texte_d_avant() -> None:
    explication = expliquer(given(*SANCTION_NOTIFIEE).passe)

    assert explication is not None
    assert "un agent (agent-42) a pris la décision" in explication.contribution
    assert (
        hashlib.sha256(explication.texte.encode()).hexdigest()
        == "cbe0cd889e4b44666f8f765f25718342b870daebcc8256f478eec0e7cd8517ad"
    )
