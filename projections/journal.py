"""The journal view: one row per event, in plain French — the timeline of a parcours (DOMAIN §5).

Each row says what happened (``texte``), who took the step, for which authority, on what basis
and with which inputs (DESIGN §1.2). The sentence is built from the event's structured fields
only; the free-text motive stays in its own column. Rows hold case data (criteria values,
diagnostic themes, motive): they live in the view, whose columns can be blanked (DESIGN §7),
and never go to logs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from domain.decision import Autorite, Critere, Decision, Fondement
from domain.orientation import Orientation
from domain.sanction import Sanction
from domain.vocabulaire import (
    Allocation,
    CanalInscription,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NatureSanction,
    NiveauFrein,
    Organisme,
    RaisonDispense,
    SourceDonnee,
    ThemeDiagnostic,
    TypeAuteur,
    TypeAutorite,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)
from projections.vue import nom_evenement


@dataclass(frozen=True)
class LigneJournal:
    parcours_id: str
    version: int
    type: str
    texte: str
    auteur_type: str | None
    auteur_id: str | None
    auteur_organisme: str | None
    autorite: str | None
    fondement: tuple[str, ...]
    criteres: tuple[str, ...]
    motif: str | None
    effective_le: datetime
    enregistre_le: datetime


class Journal:
    nom: ClassVar[str] = "journal"
    type_ligne: ClassVar[type[Any]] = LigneJournal
    ajout_seul: ClassVar[bool] = True

    def cle(self, evenement: Any) -> str | None:
        # Zero-padded so that rows sorted by key come in version order.
        return f"{evenement.originator_id}:{evenement.originator_version:010d}"

    def evoluer(self, ligne: LigneJournal | None, evenement: Any) -> LigneJournal | None:
        if ligne is not None:
            return ligne  # append-only: an event is written once and its row never changes
        decision: Decision | None = getattr(evenement, "decision", None)
        auteur = decision.auteur if decision else None
        return LigneJournal(
            parcours_id=str(evenement.originator_id),
            version=evenement.originator_version,
            type=nom_evenement(evenement),
            texte=texte(evenement),
            auteur_type=auteur.type.value if auteur else None,
            auteur_id=auteur.id if auteur else None,
            auteur_organisme=auteur.organisme if auteur else None,
            autorite=autorite(decision.autorite) if decision and decision.autorite else None,
            fondement=fondement(decision.fondement) if decision else (),
            criteres=tuple(critere(c) for c in decision.criteres) if decision else (),
            motif=decision.motif if decision else None,
            effective_le=decision.effective_le if decision else evenement.timestamp,
            enregistre_le=evenement.timestamp,
        )


def texte(evenement: Any) -> str:
    """What happened, in one French sentence; an event this module does not know reads as its name."""
    nom = nom_evenement(evenement)
    phrase = TEXTES.get(nom)
    return phrase(evenement) if phrase else nom


def autorite(a: Autorite) -> str:
    return f"{a.type.value} {a.id}"


def fondement(f: Fondement) -> tuple[str, ...]:
    if f.referentiel is None:
        return f.articles
    r = f.referentiel
    regles = f" ({', '.join(r.regles)})" if r.regles else ""
    return (*f.articles, f"référentiel {r.id} {r.version}{regles}")


def critere(c: Critere) -> str:
    sensible = " — donnée sensible" if c.sensible else ""
    return f"{c.nom} = {valeur_fr(c.valeur)} ({SOURCES[c.source]}, {date_fr(c.collecte_le)}){sensible}"


# --- French labels ------------------------------------------------------------------------------

ORGANISMES = {
    Organisme.FRANCE_TRAVAIL: "France Travail",
    Organisme.MISSION_LOCALE: "mission locale",
    Organisme.CAP_EMPLOI: "Cap emploi",
    Organisme.DEPARTEMENT: "conseil départemental",
}
VERS = {
    Organisme.FRANCE_TRAVAIL: "France Travail",
    Organisme.MISSION_LOCALE: "la mission locale",
    Organisme.CAP_EMPLOI: "Cap emploi",
    Organisme.DEPARTEMENT: "le conseil départemental",
}
PARCOURS = {
    TypeParcours.EMPLOI: "emploi",
    TypeParcours.SOCIO_PROFESSIONNEL: "socio-professionnel",
    TypeParcours.SOCIAL: "social",
}
AUTEURS = {
    TypeAuteur.CONSEILLER: "un conseiller",
    TypeAuteur.PERSONNE: "la personne",
    TypeAuteur.ALGORITHME: "l'algorithme",
    TypeAuteur.AUTORITE: "l'autorité",
    TypeAuteur.SYSTEME: "le système",
    TypeAuteur.PARTENAIRE: "un partenaire",
}
AUTORITES = {
    TypeAutorite.FRANCE_TRAVAIL: "France Travail",
    TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL: "le président du conseil départemental",
    TypeAutorite.MISSION_LOCALE: "la mission locale",
    TypeAutorite.CAP_EMPLOI: "Cap emploi",
}
MODES = {
    ModeOrientation.ALGORITHME_SEUL: "par l'algorithme seul",
    ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT: "sur proposition de l'algorithme validée par un agent",
    ModeOrientation.AGENT: "par un agent",
}
CANAUX = {
    CanalInscription.EN_LIGNE: "en ligne",
    CanalInscription.GUICHET: "au guichet",
    CanalInscription.BORNE: "sur borne",
    CanalInscription.PARTENAIRE: "par un partenaire",
    CanalInscription.FLUX_CAF: "par le flux CAF",
}
MOTIFS_INSCRIPTION = {
    MotifInscription.DEMANDE: "demande de la personne",
    MotifInscription.DEMANDE_RSA: "demande de RSA",
    MotifInscription.CONJOINT_RSA: "conjoint d'un demandeur de RSA",
    MotifInscription.SOLLICITATION_ML: "sollicitation d'une mission locale",
    MotifInscription.SOLLICITATION_CAP_EMPLOI: "sollicitation d'un Cap emploi",
}
MOTIFS_SORTIE = {
    MotifSortie.EMPLOI_DURABLE: "emploi durable",
    MotifSortie.FORMATION: "entrée en formation",
    MotifSortie.CESSATION_INSCRIPTION: "cessation d'inscription",
    MotifSortie.RADIATION: "radiation",
    MotifSortie.TRANSFERT: "transfert",
    MotifSortie.DEMENAGEMENT: "déménagement",
    MotifSortie.AUTRE: "autre motif",
}
SOURCES = {
    SourceDonnee.DECLARATION: "déclaration",
    SourceDonnee.FLUX_CAF: "flux CAF",
    SourceDonnee.API_PARTENAIRE: "API partenaire",
    SourceDonnee.CONSEILLER: "conseiller",
}
THEMES = {
    ThemeDiagnostic.SANTE: "santé",
    ThemeDiagnostic.LOGEMENT: "logement",
    ThemeDiagnostic.MOBILITE: "mobilité",
    ThemeDiagnostic.GARDE_ENFANT: "garde d'enfant",
    ThemeDiagnostic.AIDANT: "aidant",
    ThemeDiagnostic.FINANCES: "finances",
    ThemeDiagnostic.NUMERIQUE: "numérique",
    ThemeDiagnostic.LANGUE: "langue",
    ThemeDiagnostic.FORMATION: "formation",
    ThemeDiagnostic.EMPLOI: "emploi",
    ThemeDiagnostic.AUTRE: "autre",
}
FREINS = {NiveauFrein.FORT: "frein fort", NiveauFrein.MOYEN: "frein moyen", NiveauFrein.SANS_IMPACT: "sans impact"}
DISPENSES = {
    RaisonDispense.SANTE: "santé",
    RaisonDispense.HANDICAP: "handicap",
    RaisonDispense.INVALIDITE: "invalidité",
    RaisonDispense.PARENT_ISOLE_SANS_GARDE: "parent isolé sans solution de garde",
}
MANQUEMENTS = {
    TypeManquement.CONTRAT: "contrat non établi ou non actualisé",
    TypeManquement.ASSIDUITE: "assiduité",
    TypeManquement.PARTICIPATION_ACTIVE: "participation active",
    TypeManquement.RECHERCHE_EMPLOI: "recherche d'emploi",
}
NATURES = {
    NatureSanction.AVERTISSEMENT: "avertissement",
    NatureSanction.SUSPENSION: "suspension",
    NatureSanction.SUPPRESSION: "suppression",
}
ALLOCATIONS = {
    Allocation.ARE: "l'ARE",
    Allocation.ASS: "l'ASS",
    Allocation.RSA: "le RSA",
    Allocation.ALLOCATION_CEJ: "l'allocation CEJ",
    Allocation.ALLOCATION_PACEA: "l'allocation PACEA",
}
DESTINATAIRES = {Destinataire.PERSONNE: "à la personne", Destinataire.REPRESENTANT_LEGAL: "au représentant légal"}
RECOURS = {
    TypeRecours.MEDIATION_PREALABLE: "médiation préalable",
    TypeRecours.RAPO: "RAPO",
    TypeRecours.CONTENTIEUX: "contentieux",
}
ISSUES = {
    IssueRecours.REJET: "rejet",
    IssueRecours.ANNULATION: "annulation de la sanction",
    IssueRecours.REFORMATION: "réformation de la sanction",
}


# --- pieces of sentences ------------------------------------------------------------------------


def date_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def _nombre(valeur: Decimal) -> str:
    return f"{valeur.normalize():f}".replace(".", ",")


def valeur_fr(valeur: object) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, date):
        return date_fr(valeur)
    if isinstance(valeur, Decimal):
        return _nombre(valeur)
    return "non renseignée" if valeur is None else str(valeur)


def _pluriel(nombre: int, mot: str) -> str:
    return f"{nombre} {mot}{'s' if nombre > 1 else ''}"


def orientation_fr(o: Orientation, organismes: dict[Organisme, str] = ORGANISMES) -> str:
    """E.g. "France Travail, parcours emploi"; with ``VERS``, the organisme takes its article."""
    structure = f" ({o.structure})" if o.structure else ""
    return f"{organismes[o.organisme]}{structure}, parcours {PARCOURS[o.type_parcours]}"


def _inscription(e: Any) -> str:
    i = e.inscription
    bassin = f", bassin {i.territoire.bassin}" if i.territoire.bassin else ""
    return f"{CANAUX[i.canal]} ({MOTIFS_INSCRIPTION[i.motif]}), département {i.territoire.departement}{bassin}"


def auteur_fr(e: Any) -> str:
    return AUTEURS[e.decision.auteur.type]


def decideur_fr(e: Any) -> str:
    """The competent authority when the decision names it, otherwise its author."""
    autorite = e.decision.autorite
    return AUTORITES[autorite.type] if autorite else auteur_fr(e)


def sanction_fr(s: Sanction, participe: str = "") -> str:
    """E.g. "suspension de 30 % pendant 1 mois envisagée sur l'ARE"; the participle agrees with the nature."""
    mots: list[str] = [NATURES[s.nature]]
    if s.taux is not None:
        mots.append(f"de {_nombre(s.taux)} %")
    if s.duree_mois is not None:
        mots.append(f"pendant {s.duree_mois} mois")
    if participe:
        mots.append(participe if s.nature is NatureSanction.AVERTISSEMENT else f"{participe}e")
    if s.allocation in ALLOCATIONS:
        mots.append(f"sur {ALLOCATIONS[s.allocation]}")
    return " ".join(mots)


def _contrat(e: Any) -> str:
    c = e.contrat
    if c.dispense is not None:
        precision = f" (dispense : {DISPENSES[c.dispense.raison]})"
    elif c.justification_reduction:
        precision = " (durée réduite et motivée)"
    else:
        precision = ""
    return f"(version {e.numero}) : {c.heures_hebdo} h par semaine{precision}"


# --- one sentence per event -------------------------------------------------------------------


def _oriente(e: Any) -> str:
    ecart = " (écart avec la proposition)" if e.divergence else ""
    return f"Orienté vers {orientation_fr(e.orientation, VERS)}, {MODES[e.mode]}{ecart}"


def _orientation_proposee(e: Any) -> str:
    p = e.proposition
    proposee = orientation_fr(p.orientation) if p.orientation else "entretien d'orientation nécessaire"
    validation = (
        " ; donnée sensible : validation par un agent requise"
        if p.donnee_sensible
        else (" ; validation par un agent requise" if p.validation_humaine and p.orientation else "")
    )
    referentiel = f"référentiel {p.referentiel.id} {p.referentiel.version}"
    return f"Orientation proposée par l'algorithme, {referentiel}, règle {p.regle} : {proposee}{validation}"


def _diagnostic(e: Any) -> str:
    items = "; ".join(f"{THEMES[i.theme]}, {FREINS[i.niveau]}" for i in e.diagnostic.items)
    avec = " avec la personne" if e.diagnostic.realise_avec_la_personne else ""
    return f"Diagnostic global réalisé{avec} (version {e.numero}) : {items}"


def _manquement(e: Any) -> str:
    m = e.manquement
    details = [f"faits du {date_fr(m.date_des_faits)}"] if m.date_des_faits else []
    if m.preuves:
        details.append(_pluriel(len(m.preuves), "preuve"))
    return f"Manquement constaté : {MANQUEMENTS[m.type]}" + (f" ({', '.join(details)})" if details else "")


def _observations(e: Any) -> str:
    if e.decision.auteur.type is TypeAuteur.PERSONNE:
        return "Observations écrites reçues de la personne"
    return f"Observations écrites de la personne enregistrées par {auteur_fr(e)}"


def _sanction_notifiee(e: Any) -> str:
    voies = ", ".join(dict.fromkeys(RECOURS[v.type] for v in e.voies_de_recours))
    limite = date_fr(e.date_limite_recours)
    return f"Sanction notifiée le {date_fr(e.notifiee_le)} : recours possible jusqu'au {limite} ({voies})"


def _sanction_reformee(e: Any) -> str:
    radiation = f", radiation jusqu'au {date_fr(e.radiation_jusqu_au)}" if e.radiation_jusqu_au else ""
    return f"Sanction réformée sur recours : {sanction_fr(e.sanction)}{radiation} ; nouvelle notification à faire"


Phrase = Callable[[Any], str]

TEXTES: dict[str, Phrase] = {
    "Inscrit": lambda e: f"Inscription {_inscription(e)}",
    "Sorti": lambda e: f"Sortie du parcours : {MOTIFS_SORTIE[e.motif]}",
    "Reouvert": lambda e: f"Parcours rouvert par une nouvelle inscription {_inscription(e)}",
    "EvenementRectifie": lambda e: (
        f"Rectification de l'événement n° {e.version_rectifiee}, "
        f"{'champs corrigés' if len(e.corrections) > 1 else 'champ corrigé'} : {', '.join(e.corrections)}"
    ),
    "OrientationProposee": _orientation_proposee,
    "EntretienOrientationTenu": lambda e: f"Entretien d'orientation tenu par {auteur_fr(e)}",
    "Oriente": _oriente,
    "OrientationNotifiee": lambda e: (
        f"Orientation notifiée le {date_fr(e.notifiee_le)} : contrat à signer au plus tard le "
        f"{date_fr(e.date_limite_contrat)}"
    ),
    "ReferentDesigne": lambda e: (
        f"Référent désigné : {e.referent.id} ({ORGANISMES[e.referent.organisme]}"
        f"{', ' + e.referent.structure if e.referent.structure else ''})"
    ),
    "ReorientationDemandee": lambda e: f"Réorientation demandée par {auteur_fr(e)}",
    "Reoriente": lambda e: (
        f"Réorienté vers {orientation_fr(e.orientation, VERS)}, par {auteur_fr(e)} "
        f"(auparavant {orientation_fr(e.ancienne)})"
    ),
    "ReorientationRefusee": lambda e: f"Demande de réorientation refusée par {auteur_fr(e)}",
    "DiagnosticRealise": _diagnostic,
    "ContratSigne": lambda e: f"Contrat d'engagement signé {_contrat(e)}",
    "ContratMisAJour": lambda e: f"Contrat d'engagement mis à jour {_contrat(e)}",
    "DroitsDevoirsInformes": lambda e: "Personne informée de ses droits et devoirs",
    "DroitsDevoirsRevus": lambda e: f"Droits et devoirs revus : prochaine revue le {date_fr(e.prochaine_revue_le)}",
    "ManquementConstate": _manquement,
    "ContradictoireOuvert": lambda e: (
        f"Contradictoire ouvert : {sanction_fr(e.sanction_envisagee, 'envisagé')}, avis {DESTINATAIRES[e.destinataire]}"
    ),
    "AvisContradictoireReceptionne": lambda e: (
        f"Avis reçu le {date_fr(e.recu_le)} : observations possibles jusqu'au {date_fr(e.date_limite)}"
    ),
    "ObservationsRecues": _observations,
    "AuditionTenue": lambda e: (
        "Audition tenue : personne entendue "
        + ("avec l'assistance d'une personne de son choix" if e.assistee_par else "sans assistance")
    ),
    "ProcedureClose": lambda e: f"Procédure close sans sanction, motif légitime reconnu par {decideur_fr(e)}",
    "SanctionDecidee": lambda e: (
        f"Sanction décidée par {decideur_fr(e)} : {sanction_fr(e.sanction)}"
        + (", après avis de l'équipe pluridisciplinaire" if e.avis_equipe_pluridisciplinaire else "")
    ),
    "SanctionNotifiee": _sanction_notifiee,
    "SuspensionLevee": lambda e: "Suspension levée : la personne s'est remobilisée",
    "Radie": lambda e: f"Radiation du {date_fr(e.du)} au {date_fr(e.jusqu_au)} à la suite d'une suppression totale",
    "SanctionContestee": lambda e: (
        f"Recours introduit{' hors délai' if e.hors_delai else ''} ({RECOURS[e.type_recours]})"
    ),
    "RecoursTranche": lambda e: f"Recours tranché par {decideur_fr(e)} : {ISSUES[e.issue]}",
    "SanctionAnnulee": lambda e: "Sanction annulée sur recours",
    "SanctionReformee": _sanction_reformee,
    "ExplicationDemandee": lambda e: (
        f"Explication de la décision algorithmique demandée par {auteur_fr(e)} : réponse due au plus tard le "
        f"{date_fr(e.date_limite)}"
    ),
    "ExplicationCommuniquee": lambda e: (
        f"Explication communiquée par {auteur_fr(e)}" + ("" if e.dans_le_delai else ", hors du délai d'un mois")
    ),
}
"""One sentence per event type; ``texte`` falls back to the name for any other."""
