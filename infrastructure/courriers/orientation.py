"""The orientation decision and the explanation of the algorithm's part in it (CT L.5411-5-1; CRPA L.311-3-1,
R.311-3-1-2), in the words of the events that recorded them."""

from dataclasses import replace

from application.courriers import CourrierARediger
from domain.parcours import Parcours
from domain.vocabulaire import Organisme
from infrastructure.courriers.lettre import (
    TRIBUNAL,
    Lettre,
    Section,
    Signataire,
    apres,
    avant,
    hors_nature,
    jour,
    le,
    mois,
    representation,
    signataire,
    titre_de,
)
from projections.explication import MENTION, Explication, expliquer
from projections.libelles import EVENEMENTS, MODES, ORGANISMES, PARCOURS, VERS, de


def decision_orientation(courrier: CourrierARediger) -> Lettre:
    """The decision (organisme, parcours type, référent if known), the contract to sign, the L.311-3-1 mention
    when the algorithm proposed, and the voies et délais de recours (CRPA L.411-2; CJA R.421-5)."""
    decision = courrier.rendue
    if not isinstance(decision, Parcours.Oriente | Parcours.Reoriente):
        raise hors_nature(courrier)
    qui = signataire(decision.decision, decision.orientation.organisme)
    sections = [
        Section(None, (*representation(courrier), *_decision(decision, qui.sujet))),
        Section("Votre accompagnement", (_referent(courrier, decision.orientation.organisme), _contrat(courrier))),
    ]
    if _proposee_par_l_algorithme(courrier):
        sections.append(Section("Une décision prise à l'aide d'un algorithme", _algorithme(courrier, qui)))
    sections.append(Section("Voies et délais de recours", _recours(courrier, qui)))
    titre = EVENEMENTS[type(decision)] if isinstance(decision, Parcours.Reoriente) else titre_de(courrier)
    return Lettre(titre, qui, tuple(sections))


def _decision(decision: Parcours.Oriente | Parcours.Reoriente, qui: str) -> tuple[str, ...]:
    o = decision.orientation
    structure = f" ({o.structure})" if o.structure else ""
    lignes = [
        f"Le {jour(decision.decision)}, {qui} a décidé de vous orienter vers {VERS[o.organisme]}{structure}, "
        f"dans un parcours {PARCOURS[o.type_parcours]} : c'est votre organisme référent (CT L.5411-5-1).",
    ]
    if isinstance(decision, Parcours.Oriente):
        lignes.append(f"Cette décision a été prise {MODES[decision.mode]}.")
    if decision.decision.motif:
        lignes.append(f"Motifs de la décision : {decision.decision.motif}")
    return tuple(lignes)


def _referent(courrier: CourrierARediger, organisme: Organisme) -> str:
    designes = apres(courrier, Parcours.ReferentDesigne)
    if not designes:
        return (
            f"Un référent unique vous sera désigné au sein {de(VERS[organisme])} ; il vous accompagnera (CT L.5411-6)."
        )
    referent = designes[-1].referent
    lieu = f"{referent.structure} ({ORGANISMES[referent.organisme]})" if referent.structure else VERS[organisme]
    return f"Votre référent unique, désigné le {jour(designes[-1].decision)}, exerce au sein de {lieu} (CT L.5411-6)."


def _contrat(courrier: CourrierARediger) -> str:
    notifiees = apres(courrier, Parcours.OrientationNotifiee)
    if notifiees:
        echeance = f"au plus tard le {le(notifiees[-1].date_limite_contrat)}"
    else:
        echeance = (
            f"dans un délai de {mois(courrier.parametres.delai_signature_contrat_mois)} à compter de la notification "
            "de cette décision"
        )
    return f"Vous signerez avec votre référent un contrat d'engagement {echeance} (CT L.5411-6, D.5411-14-1)."


def _proposee_par_l_algorithme(courrier: CourrierARediger) -> bool:
    """An algorithmic proposal preceded the decision since the last registration: CRPA L.311-3-1 applies, even
    when a person decided (R.311-3-1-2, 1°)."""
    precedents = courrier.evenements[: courrier.version_rendue - 1]
    inscriptions = [i for i, e in enumerate(precedents) if isinstance(e, Parcours.Inscrit | Parcours.Reouvert)]
    depuis = inscriptions[-1] if inscriptions else 0
    return any(isinstance(e, Parcours.OrientationProposee) for e in precedents[depuis:])


def _algorithme(courrier: CourrierARediger, qui: Signataire) -> tuple[str, ...]:
    delai = mois(courrier.parametres.delai_explication_mois)
    return (
        MENTION,
        "Vous pouvez demander l'explication de la part que l'algorithme a prise dans cette décision : les données "
        "utilisées et leur source, les règles appliquées à votre situation et les opérations effectuées. Faites "
        f"votre demande {qui.aupres}, ou faites-la depuis votre espace personnel en ligne (rubrique « explication "
        f"de mon orientation ») ; l'explication vous sera communiquée dans un délai de {delai} (CRPA R.311-3-1-2).",
    )


def _recours(courrier: CourrierARediger, qui: Signataire) -> tuple[str, ...]:
    delai = mois(courrier.parametres.delai_recours_mois)
    return (
        f"Si vous contestez cette décision, vous pouvez former un recours administratif {qui.aupres} dans un délai "
        f"de {delai} à compter de sa notification (CRPA L.411-2).",
        f"Vous pouvez aussi saisir le tribunal administratif dans un délai de {delai} à compter de la notification "
        "de cette décision ou, si vous avez formé un recours administratif, de la réponse qui lui est faite ; le "
        f"silence gardé pendant {delai} sur ce recours vaut rejet ({TRIBUNAL} ; CRPA L.231-4).",
        "Vous pouvez à tout moment demander une réorientation à votre référent (CT L.5411-5-1 V).",
    )


# --- the explanation -----------------------------------------------------------------------------------------------


def explication(courrier: CourrierARediger) -> Lettre:
    """The four items of CRPA R.311-3-1-2, as ``projections.explication`` builds them from the recorded decision,
    signed by the body that decided the orientation explained."""
    etape = courrier.rendue
    if not isinstance(etape, Parcours.ExplicationDemandee | Parcours.OrientationProposee):
        raise hors_nature(courrier)
    demandes = [
        e
        for e in [*avant(courrier, Parcours.ExplicationDemandee), etape]
        if isinstance(e, Parcours.ExplicationDemandee)
    ]
    intro = (
        f"Vous avez demandé le {jour(demandes[-1].decision)} l'explication de votre décision d'orientation, prise à "
        "l'aide d'un algorithme. La voici, établie à partir de la décision telle qu'elle a été enregistrée."
        if demandes
        else "Voici l'explication de votre décision d'orientation, prise à l'aide d'un algorithme, établie à partir "
        "de la décision telle qu'elle a été enregistrée."
    )
    texte = expliquer(courrier.evenements)
    corps = _sections(texte) if texte else [Section(None, ("Aucune proposition de l'algorithme n'est enregistrée.",))]
    sections = (Section(None, (*representation(courrier), intro)), *corps)
    return Lettre("Explication de votre orientation", _decideur(courrier), sections)


def _decideur(courrier: CourrierARediger) -> Signataire:
    """The body that decided the orientation explained. The explanation is no decision of its own, and whoever
    answers the request need not be the agent who decided: the service signs it (the agent who decided is named
    in its 1°, from the decision recorded)."""
    decisions = [e for e in courrier.evenements if isinstance(e, Parcours.Oriente | Parcours.Reoriente)]
    if not decisions:
        return Signataire(VERS[Organisme.FRANCE_TRAVAIL])
    return replace(signataire(decisions[-1].decision, decisions[-1].orientation.organisme), auteur=None)


def _sections(e: Explication) -> list[Section]:
    return [
        Section(
            "Le référentiel appliqué",
            (f"Référentiel {e.referentiel}, version {e.version}, proposition du {e.proposee_le}.",),
        ),
        Section("1° La contribution de l'algorithme à la décision", (e.contribution,)),
        Section("2° Les données traitées et leurs sources", tuple(f"- {d}" for d in e.donnees)),
        Section("3° Les paramètres appliqués à votre situation", tuple(f"- {p}" for p in e.parametres)),
        Section("4° Les opérations effectuées", tuple(f"- {o}" for o in e.operations)),
        Section("Vos droits", (e.mention, *(f"- {v}" for v in e.voies_de_recours))),
    ]
