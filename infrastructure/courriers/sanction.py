"""The letters of a sanction procedure: the notice of the contradictoire (CT R.5412-7), the sanction decision and
the decision on a recours (CRPA L.211-2, L.211-5, L.411-2; CJA R.421-5), from the procedure's events."""

from application.courriers import CourrierARediger
from domain.parcours import Parcours
from domain.regles.recours import voies_de_recours_d_une_sanction
from domain.sanction import Sanction
from domain.vocabulaire import IssueRecours, NatureSanction, TypeRecours
from infrastructure.courriers.lettre import (
    TRIBUNAL,
    Lettre,
    Section,
    de_la_procedure,
    de_type,
    hors_nature,
    jour,
    jours,
    le,
    mois,
    representation,
    signataire,
    titre_de,
    voies_de_recours,
)
from projections.libelles import (
    ISSUES,
    MANQUEMENTS,
    NOMS_ALLOCATIONS,
    RECOURS,
    majuscule,
    nombre_fr,
    pluriel,
    sanction_fr,
)

# --- the notice of the contradictoire ------------------------------------------------------------------------------


def avis_contradictoire(courrier: CourrierARediger) -> Lettre:
    """The facts and evidence of each breach, the sanction envisaged, the ten days to answer in writing or to be
    heard, assisted by a person of one's choice (CT R.5412-7)."""
    ouverture = courrier.rendue
    if not isinstance(ouverture, Parcours.ContradictoireOuvert):
        raise hors_nature(courrier)
    qui = signataire(ouverture.decision)
    delai = jours(courrier.parametres.delai_contradictoire_jours)
    sections = (
        Section(
            None,
            (
                *representation(courrier),
                f"{qui.nom} envisage de prononcer à votre égard une sanction, pour les manquements à vos engagements "
                "décrits ci-dessous. Avant toute décision, vous pouvez faire valoir vos observations (CT R.5412-7).",
            ),
        ),
        Section("Les faits qui vous sont reprochés", _manquements(courrier, ouverture)),
        Section("La sanction envisagée", _sanction(ouverture.sanction_envisagee)),
        Section(
            "Vos droits",
            (
                f"Vous disposez d'un délai de {delai} à compter de la réception de ce courrier pour présenter vos "
                f"observations écrites ou demander à être entendu(e) {qui.aupres} (CT R.5412-7).",
                "Vous pouvez vous faire assister, pour présenter vos observations ou lors de votre audition, par la "
                "personne de votre choix.",
                f"Aucune décision ne sera prise avant la fin de ce délai de {delai}, sauf si vous avez présenté vos "
                "observations avant son terme.",
                "Si un motif légitime explique les faits, faites-le connaître : la procédure sera alors close sans "
                "sanction. Une sanction n'est jamais automatique ; elle est proportionnée et prend fin dès que vous "
                "respectez à nouveau vos engagements.",
            ),
        ),
    )
    return Lettre(titre_de(courrier), qui, sections)


def _manquements(courrier: CourrierARediger, ouverture: Parcours.ContradictoireOuvert) -> tuple[str, ...]:
    constats = [
        e
        for e in courrier.evenements
        if isinstance(e, Parcours.ManquementConstate) and e.manquement_id in ouverture.manquements
    ]
    lignes: list[str] = []
    for numero, constat in enumerate(constats, 1):
        m = constat.manquement
        date_des_faits = f", faits du {le(m.date_des_faits)}" if m.date_des_faits else ""
        lignes.append(
            f"{numero}. {majuscule(MANQUEMENTS[m.type])}{date_des_faits} (constaté le {jour(constat.decision)})."
        )
        lignes.append(f"Faits : {m.faits}")
        if m.allocation is not None:
            lignes.append(f"Allocation concernée : {NOMS_ALLOCATIONS[m.allocation]}")
        lignes.append(
            "Pièces : " + (pluriel(len(m.preuves), "pièce") if m.preuves else "aucune pièce jointe au constat")
        )
        lignes += [f"- {preuve}" for preuve in m.preuves]
    return tuple(lignes)


def _sanction(sanction: Sanction) -> tuple[str, ...]:
    lignes = [f"{majuscule(sanction_fr(sanction))}."]
    if sanction.taux is not None:
        lignes.append(f"Taux : {nombre_fr(sanction.taux)} % de l'allocation")
    if sanction.duree_mois is not None:
        lignes.append(f"Durée : {mois(sanction.duree_mois)}")
    lignes.append(f"Allocation concernée : {NOMS_ALLOCATIONS[sanction.allocation]}")
    return tuple(lignes)


# --- the sanction decision -----------------------------------------------------------------------------------------


def decision_sanction(courrier: CourrierARediger) -> Lettre:
    """The sanction with its reasons in fact (the decision's motive) and in law (its articles), the procedure that
    preceded it, and the voies et délais de recours, the prior remedy first (CRPA L.211-2, L.211-5; CJA R.421-5)."""
    decidee = courrier.rendue
    if not isinstance(decidee, Parcours.SanctionDecidee | Parcours.SanctionReformee):
        raise hors_nature(courrier)
    qui = signataire(decidee.decision)
    reformee = isinstance(decidee, Parcours.SanctionReformee)
    origine = " sur recours, en remplacement de la sanction contestée," if reformee else ""
    sections = (
        Section(
            None,
            (
                *representation(courrier),
                f"Par décision du {jour(decidee.decision)}, {qui.sujet} a prononcé à votre égard{origine} la sanction "
                "suivante :",
                *_sanction(decidee.sanction),
                *_fin(decidee.sanction),
            ),
        ),
        Section("Les motifs de la décision", _motifs(courrier, decidee)),
        Section("Voies et délais de recours", _recours_de_la_sanction(courrier, decidee)),
    )
    return Lettre(titre_de(courrier), qui, sections)


def _fin(sanction: Sanction) -> tuple[str, ...]:
    if sanction.nature is NatureSanction.SUSPENSION:
        return ("La suspension prend fin dès que vous respectez à nouveau vos engagements (CT R.5412-8).",)
    return ()


def _motifs(
    courrier: CourrierARediger, decidee: Parcours.SanctionDecidee | Parcours.SanctionReformee
) -> tuple[str, ...]:
    d, pid = decidee.decision, decidee.procedure_id
    lignes = [f"En fait : {d.motif}" if d.motif else "En fait : aucun motif n'a été écrit."]
    lignes.append(f"En droit : {', '.join(d.fondement.articles)}.")
    evenements = courrier.evenements[: courrier.version_rendue]
    if ouvertures := de_la_procedure(evenements, Parcours.ContradictoireOuvert, pid):
        retenus = [
            f"{MANQUEMENTS[e.manquement.type]} (constaté le {jour(e.decision)})"
            for e in de_type(evenements, Parcours.ManquementConstate)
            if e.manquement_id in ouvertures[0].manquements
        ]
        lignes.append(f"Manquements retenus : {'; '.join(retenus)}.")
    if recus := de_la_procedure(evenements, Parcours.AvisContradictoireReceptionne, pid):
        lignes.append(f"L'avis de procédure contradictoire vous est parvenu le {le(recus[-1].recu_le)}.")
    if de_la_procedure(evenements, Parcours.ObservationsRecues, pid):
        lignes.append("Vos observations écrites ont été reçues et examinées.")
    if de_la_procedure(evenements, Parcours.AuditionTenue, pid):
        lignes.append("Vous avez été entendu(e) avant la décision.")
    if isinstance(decidee, Parcours.SanctionDecidee) and decidee.avis_equipe_pluridisciplinaire:
        lignes.append("La décision a été prise après avis de l'équipe pluridisciplinaire.")
    return tuple(lignes)


def _recours_de_la_sanction(
    courrier: CourrierARediger, decidee: Parcours.SanctionDecidee | Parcours.SanctionReformee
) -> tuple[str, ...]:
    """The remedies the notification recorded, else those the law gives for the allowance, within the parameters'
    delay."""
    notifiees = de_la_procedure(
        courrier.evenements[courrier.version_rendue :], Parcours.SanctionNotifiee, decidee.procedure_id
    )
    if notifiees:
        voies, limite = (
            notifiees[0].voies_de_recours,
            f" Vous pouvez l'exercer jusqu'au {le(notifiees[0].date_limite_recours)}.",
        )
    else:
        voies = voies_de_recours_d_une_sanction(decidee.sanction.allocation, courrier.parametres.delai_recours_mois)
        limite = ""
    apres_le_recours = "à compter de la décision prise sur votre recours préalable, ou du rejet né du silence gardé"
    paragraphes = voies_de_recours(voies, apres_le_recours, courrier.parametres.delai_recours_mois)
    return (paragraphes[0] + limite, *paragraphes[1:]) if paragraphes else ()


# --- the decision on a recours -------------------------------------------------------------------------------------


def decision_recours(courrier: CourrierARediger) -> Lettre:
    """The outcome of a recours against a sanction, its reasons when it keeps a sanction, and the court after it."""
    tranche = courrier.rendue
    if not isinstance(tranche, Parcours.RecoursTranche):
        raise hors_nature(courrier)
    qui = signataire(tranche.decision)
    contestations = [
        e
        for e in de_la_procedure(courrier.evenements, Parcours.SanctionContestee, tranche.procedure_id)
        if e.recours_id == tranche.recours_id
    ]
    introduit = (
        f"Vous avez formé le {le(contestations[0].recu_le)} un recours ({RECOURS[contestations[0].type_recours]}) "
        "contre la sanction prononcée à votre égard."
        if contestations
        else "Vous avez formé un recours contre la sanction prononcée à votre égard."
    )
    sections = (
        Section(
            None,
            (
                *representation(courrier),
                introduit,
                f"Par décision du {jour(tranche.decision)}, {qui.sujet} a statué sur ce recours : "
                f"{ISSUES[tranche.issue]}.",
                *_issue(courrier, tranche),
            ),
        ),
        Section("Les motifs de la décision", _motifs_du_recours(tranche)),
        Section("Voies et délais de recours", _recours_apres(courrier, contestations)),
    )
    return Lettre("Décision sur votre recours", qui, sections)


def _issue(courrier: CourrierARediger, tranche: Parcours.RecoursTranche) -> tuple[str, ...]:
    pid = tranche.procedure_id
    if tranche.issue is IssueRecours.ANNULATION:
        return ("La sanction est annulée : elle ne produit plus aucun effet.",)
    if tranche.issue is IssueRecours.REFORMATION:
        reformees = de_la_procedure(courrier.evenements[courrier.version_rendue :], Parcours.SanctionReformee, pid)
        if reformees:
            return (
                "La sanction contestée est remplacée par la sanction suivante :",
                *_sanction(reformees[0].sanction),
                "Cette nouvelle sanction vous sera notifiée avec ses propres voies et délais de recours.",
            )
        return ("La sanction contestée est remplacée par une sanction moins lourde, qui vous sera notifiée.",)
    decidees = de_la_procedure(courrier.evenements[: courrier.version_rendue], Parcours.SanctionDecidee, pid)
    maintenue = f" : {sanction_fr(decidees[-1].sanction)}" if decidees else ""
    return (f"La sanction contestée est maintenue{maintenue}.",)


def _motifs_du_recours(tranche: Parcours.RecoursTranche) -> tuple[str, ...]:
    d = tranche.decision
    fait = f"En fait : {d.motif}" if d.motif else "En fait : aucun motif n'a été écrit (décision favorable)."
    return (fait, f"En droit : {', '.join(d.fondement.articles)}.")


def _recours_apres(courrier: CourrierARediger, contestations: list[Parcours.SanctionContestee]) -> tuple[str, ...]:
    delai = mois(courrier.parametres.delai_recours_mois)
    if contestations and contestations[0].type_recours is TypeRecours.CONTENTIEUX:
        return ("Ce jugement peut faire l'objet d'un appel dans les conditions qu'il indique.",)
    return (
        f"Vous pouvez contester cette décision devant le tribunal administratif dans un délai de {delai} à compter de "
        f"sa notification ({TRIBUNAL}).",
    )
