"""French labels of the domain's codes, and the pieces of sentences built from them: what the journal,
the explanation of an algorithmic decision and the litigation export say in words. Plain values in,
text out; no event is read here.
"""

from datetime import date
from decimal import Decimal

from domain.decision import Autorite, Critere, Fondement
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


def nombre_fr(valeur: Decimal) -> str:
    return f"{valeur.normalize():f}".replace(".", ",")


def valeur_fr(valeur: object) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, date):
        return date_fr(valeur)
    if isinstance(valeur, Decimal):
        return nombre_fr(valeur)
    return "non renseignée" if valeur is None else str(valeur)


def pluriel(nombre: int, mot: str) -> str:
    return f"{nombre} {mot}{'s' if nombre > 1 else ''}"


def orientation_fr(o: Orientation, organismes: dict[Organisme, str] = ORGANISMES) -> str:
    """E.g. "France Travail, parcours emploi"; with ``VERS``, the organisme takes its article."""
    structure = f" ({o.structure})" if o.structure else ""
    return f"{organismes[o.organisme]}{structure}, parcours {PARCOURS[o.type_parcours]}"


def sanction_fr(s: Sanction, participe: str = "") -> str:
    """E.g. "suspension de 30 % pendant 1 mois envisagée sur l'ARE"; the participle agrees with the nature."""
    mots: list[str] = [NATURES[s.nature]]
    if s.taux is not None:
        mots.append(f"de {nombre_fr(s.taux)} %")
    if s.duree_mois is not None:
        mots.append(f"pendant {s.duree_mois} mois")
    if participe:
        mots.append(participe if s.nature is NatureSanction.AVERTISSEMENT else f"{participe}e")
    if s.allocation in ALLOCATIONS:
        mots.append(f"sur {ALLOCATIONS[s.allocation]}")
    return " ".join(mots)
