"""The person's rights and duties, deadlines and consultations, in plain French (« en clair »).

Every number comes from the ``Parametres`` in force, never from a literal here, and each text names the
articles it rests on. Plain values in (the parcours' state, the views' rows), texts out.
"""

from datetime import date

from api.modeles.moi import ConsultationMoi, EcheanceMoi, TexteEnClair
from domain.parametres import Parametres
from domain.parcours import Parcours
from infrastructure.consultations import Consultation
from projections import corbeilles as c
from projections.corbeilles import LigneCorbeilles
from projections.libelles import ORGANISMES, ROLES, VERS, date_fr, nombre_fr, orientation_fr, sanction_fr

ECHEANCES: dict[str, tuple[str, tuple[str, ...]]] = {
    c.A_ORIENTER: ("Votre orientation est en cours de décision par l'organisme compétent.", ("CT L.5411-5-1",)),
    c.A_DIAGNOSTIQUER: ("Réaliser votre diagnostic global avec votre conseiller.", ("CT L.5411-5-2",)),
    c.CONTRAT_A_SIGNER: ("Signer votre contrat d'engagement avec votre conseiller.", ("CT D.5411-14-1",)),
    c.CONTRADICTOIRE: (
        "Présenter vos observations sur le manquement qui vous est reproché, par écrit ou lors d'un entretien.",
        ("CT R.5412-7",),
    ),
    c.RECOURS: ("Votre recours contre une sanction est en cours d'examen.", ("CRPA L.411-2",)),
    c.REVUE_DROITS_DEVOIRS: ("Faire le point sur vos droits et devoirs avec votre conseiller.", ()),
    c.EXPLICATION: (
        "Recevoir l'explication de la décision d'orientation que vous avez demandée.",
        ("CRPA R.311-3-1-2",),
    ),
    c.REEXAMEN_RSA: (
        "Votre situation sera réexaminée avec vous pour voir si un accompagnement vers l'emploi vous convient.",
        ("CASF L.262-31",),
    ),
}
DEFINIS = {"autorite_sanction"}
"""The roles the person reads with a definite article (one authority decides, many conseillers follow)."""


def role_fr(code: str) -> str:
    """A caller's role as the person reads it, from the one vocabulary: « un conseiller », « l'autorité de
    sanction »."""
    libelle = ROLES.get(code)
    if libelle is None:
        return code
    return f"l'{libelle}" if code in DEFINIS else f"un {libelle}"


VUES = {
    "/personnes": "votre fiche (identité et coordonnées)",
    "/historique": "l'historique de votre dossier",
    "/journal": "la chronologie de votre dossier",
    "/etat": "votre dossier complet",
    "/export": "l'export de votre dossier",
    "/consultations": "la liste des consultations de votre dossier",
    "/explication": "l'explication de votre orientation",
}


def echeances(ligne: LigneCorbeilles | None, parcours: Parcours, aujourd_hui: date) -> list[EcheanceMoi]:
    """What the worklists wait for on the parcours, said to the person; then each sanction notified
    that may still be contested (CRPA L.411-2), from the parcours' own state."""
    dues = [
        EcheanceMoi(texte=texte, depuis=e.depuis, echeance=e.echeance, fondement=list(fondement))
        for e in (ligne.entrees if ligne else ())
        if e.liste in ECHEANCES
        for texte, fondement in [ECHEANCES[e.liste]]
    ]
    for procedure in parcours.procedures.values():
        limite, notifiee_le, sanction = procedure.date_limite_recours, procedure.notifiee_le, procedure.sanction
        if not (procedure.sanction_en_vigueur and sanction and notifiee_le and limite) or procedure.recours:
            continue
        if aujourd_hui <= limite:
            texte = f"Contester, si vous le souhaitez, la sanction décidée ({sanction_fr(sanction)})."
            dues.append(EcheanceMoi(texte=texte, depuis=notifiee_le, echeance=limite, fondement=["CRPA L.411-2"]))
    return sorted(dues, key=lambda e: (e.echeance or date.max, e.depuis))


def droits(parcours: Parcours, p: Parametres) -> list[TexteEnClair]:
    """The person's rights and duties on this parcours, as the law and its parameters of the day say."""
    return [_accompagnement(parcours), _contrat(parcours, p), _manquement(parcours, p), _recours(p), *_autres(p)]


def _accompagnement(parcours: Parcours) -> TexteEnClair:
    if parcours.orientation is None:
        texte = "Votre orientation n'est pas encore décidée : l'organisme compétent vous la notifiera."
    else:
        texte = f"Vous êtes accompagné par {orientation_fr(parcours.orientation, VERS)}."
        if parcours.referent is not None:
            texte += " Un référent unique vous suit ; il est nommé dans votre contrat d'engagement."
    return TexteEnClair(titre="Votre accompagnement", texte=texte, fondement=["CT L.5411-5-1"])


def _contrat(parcours: Parcours, p: Parametres) -> TexteEnClair:
    regle = (
        f"Le contrat prévoit au moins {p.heures_hebdo_minimum} heures d'activité par semaine ; ce nombre peut être "
        "réduit pour des raisons tenant à votre situation, ou ramené à zéro à votre demande pour des difficultés "
        "avérées (santé, handicap, invalidité, parent isolé sans solution de garde)."
    )
    contrat = parcours.contrat
    if contrat is None:
        debut = (
            f"Vous signerez avec votre conseiller un contrat d'engagement, dans le délai de "
            f"{p.delai_signature_contrat_mois} mois qui suit la notification de votre orientation."
        )
    else:
        objectifs = "".join(f"\n- {o}" for o in contrat.objectifs)
        debut = (
            f"Vous avez signé un contrat d'engagement avec {ORGANISMES[contrat.organisme]} : "
            f"{contrat.heures_hebdo} heures d'activité par semaine.{' Objectifs :' + objectifs if objectifs else ''}\n"
            "Vous vous engagez à suivre les actions prévues, à venir aux rendez-vous et à rechercher activement "
            "un emploi ou une formation ; votre conseiller s'engage à vous accompagner."
        )
    return TexteEnClair(
        titre="Votre contrat d'engagement",
        texte=f"{debut}\n{regle}",
        fondement=["CT L.5411-6", "CT L.5411-6-1", "CT D.5411-14-1"],
    )


def _manquement(parcours: Parcours, p: Parametres) -> TexteEnClair:
    n1, n2 = p.bareme_niveau_1, p.bareme_niveau_2
    texte = (
        "Avant toute sanction, vous recevez un avis qui expose les faits reprochés et la sanction envisagée. "
        f"Vous avez {p.delai_contradictoire_jours} jours à compter de sa réception pour présenter vos observations, "
        "par écrit ou lors d'un entretien, en vous faisant assister de la personne de votre choix. "
        "Aucune sanction n'est décidée par une machine : une personne de l'autorité compétente décide, par écrit "
        "et en motivant sa décision.\n"
        f"Sanctions possibles : un avertissement ; une suspension d'au moins {nombre_fr(n1.taux_minimum)} % de "
        f"l'allocation pendant {n1.duree_min_mois} à {n1.duree_max_mois} mois ; en cas de manquement répété, "
        f"une suspension ou une suppression d'au moins {nombre_fr(n2.taux_minimum)} % pendant "
        f"{n2.duree_min_mois} à {n2.duree_max_mois} mois."
    )
    for procedure in parcours.procedures.values():
        if procedure.en_cours:
            jusqu = f", observations jusqu'au {date_fr(procedure.date_limite)}" if procedure.date_limite else ""
            texte += f"\nUne procédure est en cours : {sanction_fr(procedure.sanction_envisagee, 'envisagé')}{jusqu}."
    return TexteEnClair(
        titre="Si un manquement vous est reproché",
        texte=texte,
        fondement=["CT R.5411-11", "CT R.5412-7", "CRPA L.122-1", "décret 2025-478"],
    )


def _recours(p: Parametres) -> TexteEnClair:
    texte = (
        f"Vous pouvez contester une décision qui vous concerne dans les {p.delai_recours_mois} mois qui suivent "
        "sa notification : par un recours auprès de l'autorité qui l'a prise, puis devant le tribunal "
        "administratif. Pour le RSA, un recours administratif préalable auprès du président du conseil "
        "départemental est obligatoire avant le tribunal."
    )
    return TexteEnClair(
        titre="Contester une décision", texte=texte, fondement=["CRPA L.411-2", "CASF R.262-88", "CJA R.421-1"]
    )


def _autres(p: Parametres) -> list[TexteEnClair]:
    algorithme = (
        "Si un algorithme a contribué à la décision d'orientation, vous pouvez en demander l'explication : les "
        f"données utilisées, les règles appliquées à votre situation ; réponse dans les {p.delai_explication_mois} "
        "mois. Une personne peut toujours réexaminer la décision."
    )
    donnees = (
        "Vous pouvez demander la rectification de données inexactes vous concernant ; la réponse vous est "
        f"donnée dans les {p.delai_reponse_rectification_mois} mois. Vous pouvez savoir qui a consulté votre "
        "dossier, quand et pourquoi."
    )
    return [
        TexteEnClair(titre="Décision prise avec un algorithme", texte=algorithme, fondement=[
            "CRPA L.311-3-1", "CRPA R.311-3-1-2", "RGPD art. 22"
        ]),
        TexteEnClair(titre="Vos données", texte=donnees, fondement=["RGPD art. 12", "RGPD art. 15", "RGPD art. 16"]),
    ]  # fmt: skip


def consultation(entree: Consultation) -> ConsultationMoi:
    """Who opened the file, as the log has it: organisme, role, date, view and motive; the agent's own
    account id is not shown (it names nobody to the person, and is an agent's identifier)."""
    organisme = next((texte for o, texte in ORGANISMES.items() if o.value == entree.organisme), entree.organisme)
    vue = next((texte for fin, texte in VUES.items() if fin in entree.vue), "votre dossier")
    return ConsultationMoi(
        organisme=organisme,
        role=role_fr(entree.role),
        vue=vue,
        motif=entree.motif,
        consulte_le=entree.consulte_le,
    )
