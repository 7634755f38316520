"""The explanation of an algorithmic orientation decision, in plain French (CRPA L.311-3-1,
R.311-3-1-2), generated from the recorded events only: the proposal as stored (referential
version and hash, inputs, trace) and the decision that followed. Today's rules are never re-run,
so the explanation of a past decision never changes when a new referential version is published.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from domain.evenements import EvenementParcours
from domain.orientation import TraceRegle
from domain.parcours import Parcours
from domain.vocabulaire import ModeOrientation
from projections.libelles import AUTORITES, MODES, critere, date_fr, orientation_fr
from projections.vue import jour_metier

MENTION = (
    "Cette décision a été prise sur le fondement d'un traitement algorithmique. Vous pouvez obtenir la "
    "communication des règles qui le définissent et des principales caractéristiques de sa mise en œuvre "
    "(code des relations entre le public et l'administration, article L.311-3-1)."
)
VOIES_DE_RECOURS = (
    "Vous pouvez demander qu'un agent réexamine votre situation, et demander une réorientation à votre référent "
    "(code du travail, article L.5411-5-1 V).",
    "Vous pouvez contester la décision d'orientation par un recours administratif auprès de l'autorité qui l'a "
    "prise, dans les deux mois de sa notification, puis devant le tribunal administratif (CRPA L.411-2).",
    "Vous pouvez saisir le médiateur de France Travail ou le Défenseur des droits.",
)


@dataclass(frozen=True)
class Explication:
    """The four items of CRPA R.311-3-1-2, the L.311-3-1 mention and the remedies."""

    referentiel: str
    version: str
    empreinte: str
    proposee_le: str
    contribution: str
    """1° the degree and mode of the algorithm's contribution to the decision."""
    donnees: tuple[str, ...]
    """2° the data processed and their sources."""
    parametres: tuple[str, ...]
    """3° the parameters and, where relevant, their weights, as applied to the person."""
    operations: tuple[str, ...]
    """4° the operations performed by the processing."""
    mention: str = MENTION
    voies_de_recours: tuple[str, ...] = VOIES_DE_RECOURS

    @property
    def texte(self) -> str:
        """The whole, as communicated to the person."""
        sections = [
            f"Explication de la décision d'orientation (référentiel {self.referentiel} {self.version}, "
            f"empreinte {self.empreinte}, proposition du {self.proposee_le})",
            f"1° Contribution de l'algorithme à la décision : {self.contribution}",
            "2° Données traitées et leurs sources :\n" + "\n".join(f"- {d}" for d in self.donnees),
            "3° Paramètres appliqués à votre situation :\n" + "\n".join(f"- {p}" for p in self.parametres),
            "4° Opérations effectuées :\n" + "\n".join(f"- {o}" for o in self.operations),
            self.mention,
            "Vos droits :\n" + "\n".join(f"- {v}" for v in self.voies_de_recours),
        ]
        return "\n\n".join(sections)


def expliquer(historique: Sequence[EvenementParcours]) -> Explication | None:
    """The explanation of the last algorithmic proposal and of the decision that followed it, or
    None when the parcours never received a proposal."""
    propositions = [(i, e) for i, e in enumerate(historique) if isinstance(e, Parcours.OrientationProposee)]
    if not propositions:
        return None
    derniere, proposee = propositions[-1]
    decision = next((e for e in historique[derniere:] if isinstance(e, Parcours.Oriente)), None)
    proposition = proposee.proposition
    return Explication(
        referentiel=proposition.referentiel.id,
        version=proposition.referentiel.version,
        empreinte=proposition.referentiel.empreinte,
        proposee_le=date_fr(jour_metier(proposee)),
        contribution=contribution(proposee, decision),
        donnees=tuple(critere(c) for c in proposee.decision.criteres) or ("aucune donnée renseignée",),
        parametres=tuple(parametre(t) for t in proposition.trace),
        operations=operations(proposee),
    )


def contribution(proposee: Parcours.OrientationProposee, decision: Parcours.Oriente | None) -> str:
    proposition = proposee.proposition
    propose = (
        f"l'algorithme a proposé {orientation_fr(proposition.orientation)} (règle {proposition.regle})"
        if proposition.orientation
        else f"l'algorithme n'a pas trouvé d'orientation évidente (règle {proposition.regle}) : "
        "un entretien d'orientation est nécessaire"
    )
    if decision is None:
        return f"{propose} ; la décision n'est pas encore prise. L'algorithme propose, il ne décide pas seul."
    autorite = decision.decision.autorite
    par = f" ; décision de {AUTORITES[autorite.type]}" if autorite else ""
    if decision.mode is ModeOrientation.ALGORITHME_SEUL:
        return (
            f"{propose} ; la proposition a été confirmée sans intervention humaine, selon la politique de "
            f"l'autorité compétente, parce qu'elle était évidente et qu'aucune donnée sensible n'y a pesé{par}."
        )
    ecart = (
        f", autrement que proposé, pour le motif suivant : « {decision.decision.motif} »" if decision.divergence else ""
    )
    auteur = decision.decision.auteur
    agent = ", ".join(p for p in (auteur.nom or auteur.id, auteur.qualite) if p)  # named as the decision does (L.212-1)
    return (
        f"{propose} ; un agent ({agent}) a pris la décision "
        f"{MODES[decision.mode]}{ecart}{par}. L'algorithme a aidé la décision sans la prendre."
    )


def parametre(trace: TraceRegle) -> str:
    """One rule as applied: the rule in French, then each value read and what it gave."""
    lues = [f"{c.constat} : condition {resultat(c.resultat)}" for c in trace.conditions if c.constat]
    return " ; ".join([trace.explication, *lues])


def resultat(valeur: bool | None) -> str:
    return "non examinée" if valeur is None else ("remplie" if valeur else "non remplie")


def operations(proposee: Parcours.OrientationProposee) -> tuple[str, ...]:
    proposition = proposee.proposition
    examinees = ", ".join(t.regle for t in proposition.trace) or proposition.regle
    sensibles = [c.nom for c in proposee.decision.criteres if c.sensible]
    validation = (
        f"Une donnée sensible a été examinée ({', '.join(sensibles)}) : la proposition doit être validée par un "
        "agent (loi Informatique et libertés, article 47)."
        if proposition.donnee_sensible
        else (
            "La règle appliquée demande qu'un agent valide la proposition."
            if proposition.validation_humaine
            else "Aucune donnée sensible n'a été examinée ; l'autorité peut laisser l'algorithme confirmer seul."
        )
    )
    return (
        f"Les règles du référentiel {proposition.referentiel.version} ont été examinées dans l'ordre publié "
        f"({examinees}) ; la première dont toutes les conditions sont remplies s'applique. Aucune pondération : "
        "chaque condition est remplie ou non.",
        f"Règle appliquée : {proposition.regle}.",
        validation,
    )
