"""The French vocabulary of parcours: the one place where a code of the domain gets its words.

Every value of every closed list of the domain (``VOCABULAIRE``), every event type of the catalogues
(``EVENEMENTS``), every rule a command may break (``regles``, read from each rule's own ``titre``), the roles
of the callers and the worklists have their label here, and nowhere else: the journal's sentences, the
orientation's explanation, the litigation file (``infrastructure/pdf.py``) and the OpenAPI's enum
descriptions (``api/openapi.py``) all read them from this module, and a test fails when a code is added
without its label (``tests/projections/test_libelles.py``).

Beside the labels, the forms a sentence needs (with an article, a preposition: ``VERS``, ``AUTORITES``,
``ALLOCATIONS``...), the French dates, and the pieces of sentences built from them. Plain values in, text
out; no event is read here.
"""

import importlib
import pkgutil
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import domain.regles
from domain.competence import Acte, Fonction, Lecture, Qualite
from domain.decision import FUSEAU_METIER, Autorite, Critere, Fondement
from domain.erreurs import RegleEnfreinte
from domain.evenements import CATALOGUE, CATALOGUE_PERSONNE, CATALOGUE_RAPPEL, CATALOGUE_REPERE
from domain.identite import NatureIdentifiant, QualiteRepresentant
from domain.orientation import Orientation
from domain.parcours import Parcours
from domain.personne import Personne
from domain.rappel import Rappel
from domain.repere import Repere
from domain.sanction import Sanction
from domain.vocabulaire import (
    Allocation,
    CanalCourrier,
    CanalInscription,
    Corbeille,
    Destinataire,
    FondementEffacement,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NatureCourrier,
    NatureSanction,
    NiveauFrein,
    NiveauSanction,
    Organisme,
    PalierRappel,
    PreuveRemise,
    RaisonDispense,
    SourceDonnee,
    Statut,
    ThemeDiagnostic,
    TypeAuteur,
    TypeAutorite,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)

# --- the label of each code -----------------------------------------------------------------------------------

ORGANISMES = {
    Organisme.FRANCE_TRAVAIL: "France Travail",
    Organisme.MISSION_LOCALE: "mission locale",
    Organisme.CAP_EMPLOI: "Cap emploi",
    Organisme.DEPARTEMENT: "conseil départemental",
}
PARCOURS = {
    TypeParcours.EMPLOI: "emploi",
    TypeParcours.SOCIO_PROFESSIONNEL: "socio-professionnel",
    TypeParcours.SOCIAL: "social",
}
TYPES_AUTEUR = {
    TypeAuteur.CONSEILLER: "conseiller",
    TypeAuteur.PERSONNE: "personne concernée",
    TypeAuteur.ALGORITHME: "algorithme",
    TypeAuteur.AUTORITE: "autorité",
    TypeAuteur.SYSTEME: "système",
    TypeAuteur.PARTENAIRE: "partenaire",
}
TYPES_AUTORITE = {
    TypeAutorite.FRANCE_TRAVAIL: "France Travail",
    TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL: "président du conseil départemental",
    TypeAutorite.MISSION_LOCALE: "mission locale",
    TypeAutorite.CAP_EMPLOI: "Cap emploi",
}
MODES_ORIENTATION = {
    ModeOrientation.ALGORITHME_SEUL: "algorithme seul",
    ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT: "proposition de l'algorithme validée par un agent",
    ModeOrientation.AGENT: "décision d'un agent",
}
CANAUX_INSCRIPTION = {
    CanalInscription.EN_LIGNE: "en ligne",
    CanalInscription.GUICHET: "guichet",
    CanalInscription.BORNE: "borne",
    CanalInscription.PARTENAIRE: "partenaire",
    CanalInscription.FLUX_CAF: "flux CAF",
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
NIVEAUX_SANCTION = {
    NiveauSanction.AVERTISSEMENT: "avertissement",
    NiveauSanction.NIVEAU_1: "premier manquement (niveau 1)",
    NiveauSanction.NIVEAU_2: "manquement persistant ou réitéré (niveau 2)",
}
NATURES = {
    NatureSanction.AVERTISSEMENT: "avertissement",
    NatureSanction.SUSPENSION: "suspension",
    NatureSanction.SUPPRESSION: "suppression",
}
NOMS_ALLOCATIONS = {
    Allocation.ARE: "ARE (allocation d'aide au retour à l'emploi)",
    Allocation.ASS: "ASS (allocation de solidarité spécifique)",
    Allocation.RSA: "RSA (revenu de solidarité active)",
    Allocation.ALLOCATION_CEJ: "allocation du contrat d'engagement jeune",
    Allocation.ALLOCATION_PACEA: "allocation PACEA",
    Allocation.AUCUNE: "aucune allocation",
}
NOMS_DESTINATAIRES = {Destinataire.PERSONNE: "personne", Destinataire.REPRESENTANT_LEGAL: "représentant légal"}
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
STATUTS = {Statut.EN_COURS: "en cours", Statut.SORTI: "sorti"}
NATURES_COURRIER = {
    NatureCourrier.DECISION_ORIENTATION: "décision d'orientation",
    NatureCourrier.AVIS_CONTRADICTOIRE: "avis de procédure contradictoire",
    NatureCourrier.DECISION_SANCTION: "décision de sanction",
    NatureCourrier.DECISION_RECOURS: "décision sur recours",
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: "explication de la décision algorithmique",
}
CANAUX_COURRIER = {CanalCourrier.COURRIEL: "courrier électronique", CanalCourrier.COURRIER: "courrier postal"}
PREUVES_REMISE = {
    PreuveRemise.ACCUSE_RECEPTION_POSTAL: "accusé de réception postal",
    PreuveRemise.PREMIERE_PRESENTATION: "première présentation du pli recommandé",
    PreuveRemise.ACCUSE_LECTURE: "accusé de lecture électronique",
    PreuveRemise.REMISE_EN_MAIN_PROPRE: "remise en main propre",
}
FONDEMENTS_EFFACEMENT = {
    FondementEffacement.FIN_DE_CONSERVATION: "fin de la durée de conservation",
    FondementEffacement.DECISION_DE_JUSTICE: "décision de justice",
    FondementEffacement.INJONCTION_CNIL: "injonction de la CNIL",
    FondementEffacement.DEMANDE_FONDEE: "demande d'effacement fondée",
}
ACTES = {
    Acte.ORIENTER: "orienter",
    Acte.ACCOMPAGNER: "accompagner",
    Acte.SANCTIONNER: "sanctionner",
    Acte.PROPOSER_RADIATION: "proposer une radiation",
    Acte.RADIER: "radier",
    Acte.REEXAMINER: "réexaminer la situation d'un bénéficiaire du RSA",
    Acte.INFORMER_DROITS_RSA: "informer de l'ouverture des droits au RSA",
    Acte.AGIR_EN_PERSONNE: "agir en personne",
}
LECTURES = {
    Lecture.CADRE: "cadre du parcours",
    Lecture.ORIENTATION: "orientation",
    Lecture.DIAGNOSTIC: "diagnostic",
    Lecture.CONTRAT: "contrat d'engagement",
    Lecture.PROCEDURES: "procédures de sanction",
}
FONCTIONS = {
    Fonction.DECIDEUR_ORIENTATION: "décideur de l'orientation",
    Fonction.ORGANISME_REFERENT: "organisme référent",
    Fonction.AUTORITE_SANCTION: "autorité de sanction",
    Fonction.TENEUR_DE_LISTE: "teneur de la liste des demandeurs d'emploi",
    Fonction.PRESIDENT_RSA: "président du conseil départemental pour le RSA",
}
QUALITES = {
    Qualite.AGENT: "agent",
    Qualite.AUTORITE: "autorité de sanction",
    Qualite.PERSONNE: "personne concernée",
    Qualite.CONTROLE: "contrôle",
    Qualite.PARTENAIRE: "partenaire",
    Qualite.AUCUNE: "aucune qualité",
}
NATURES_IDENTIFIANT = {
    NatureIdentifiant.NIR: "numéro d'inscription au répertoire (NIR)",
    NatureIdentifiant.FRANCE_TRAVAIL: "identifiant France Travail",
    NatureIdentifiant.CAF: "numéro d'allocataire CAF",
    NatureIdentifiant.MSA: "numéro d'allocataire MSA",
    NatureIdentifiant.IMILO: "identifiant i-milo",
    NatureIdentifiant.EXTERNE: "identifiant d'un organisme",
    NatureIdentifiant.COMPTE: "compte d'identité numérique",
}
QUALITES_REPRESENTANT = {
    QualiteRepresentant.PARENT: "parent",
    QualiteRepresentant.TUTEUR: "tuteur",
    QualiteRepresentant.CURATEUR: "curateur",
    QualiteRepresentant.MANDATAIRE: "mandataire",
}
CORBEILLES = {
    Corbeille.A_ORIENTER: "orientation à décider",
    Corbeille.A_DIAGNOSTIQUER: "diagnostic à réaliser",
    Corbeille.CONTRAT_A_SIGNER: "contrat à signer",
    Corbeille.CONTRADICTOIRE: "procédure contradictoire en cours",
    Corbeille.RECOURS: "recours à trancher",
    Corbeille.REVUE_DROITS_DEVOIRS: "revue des droits et devoirs",
    Corbeille.EXPLICATION: "explication à communiquer",
    Corbeille.REEXAMEN_RSA: "réexamen d'un bénéficiaire du RSA",
}
PALIERS_RAPPEL = {
    PalierRappel.PROCHE: "échéance proche",
    PalierRappel.DEPASSEE: "échéance dépassée",
}

VOCABULAIRE: Mapping[type[Enum], Mapping[Any, str]] = {
    Organisme: ORGANISMES,
    TypeParcours: PARCOURS,
    TypeAuteur: TYPES_AUTEUR,
    TypeAutorite: TYPES_AUTORITE,
    ModeOrientation: MODES_ORIENTATION,
    CanalInscription: CANAUX_INSCRIPTION,
    MotifInscription: MOTIFS_INSCRIPTION,
    MotifSortie: MOTIFS_SORTIE,
    SourceDonnee: SOURCES,
    ThemeDiagnostic: THEMES,
    NiveauFrein: FREINS,
    RaisonDispense: DISPENSES,
    TypeManquement: MANQUEMENTS,
    NiveauSanction: NIVEAUX_SANCTION,
    NatureSanction: NATURES,
    Allocation: NOMS_ALLOCATIONS,
    Destinataire: NOMS_DESTINATAIRES,
    TypeRecours: RECOURS,
    IssueRecours: ISSUES,
    Statut: STATUTS,
    NatureCourrier: NATURES_COURRIER,
    CanalCourrier: CANAUX_COURRIER,
    PreuveRemise: PREUVES_REMISE,
    FondementEffacement: FONDEMENTS_EFFACEMENT,
    Acte: ACTES,
    Lecture: LECTURES,
    Fonction: FONCTIONS,
    Qualite: QUALITES,
    NatureIdentifiant: NATURES_IDENTIFIANT,
    QualiteRepresentant: QUALITES_REPRESENTANT,
    Corbeille: CORBEILLES,
    PalierRappel: PALIERS_RAPPEL,
}
"""Every closed list of the domain (and the worklists), each value with its label."""

ROLES = {
    "conseiller": "conseiller",
    "referent": "référent",
    "responsable": "responsable d'équipe",
    "autorite_sanction": "autorité de sanction",
    "auditeur": "auditeur",
    "personne": "personne concernée",
    "admin": "administrateur",
    "partenaire": "partenaire",
    "algorithme": "algorithme",
    "systeme": "système",
}
"""The callers' roles (``application.principal.Role``, DESIGN §5), by the code tokens and authors carry."""


def libelle(valeur: Enum) -> str:
    """The label of a code of the domain."""
    return VOCABULAIRE[type(valeur)][valeur]


def libelle_code(liste: type[Enum], code: Any) -> str:
    """The label of ``code`` as a bundle or a row stores it (the enum's value); a code this version does not
    know (written by a later one) is shown as it is, never dropped."""
    try:
        return VOCABULAIRE[liste][liste(code)]
    except (KeyError, ValueError):
        return "non renseigné" if code is None else str(code)


def valeur_code(valeur: object) -> str:
    """A value as a decision's criteria store it: a code of the domain by its label when no closed list reads
    it otherwise (``sans_impact`` is « sans impact »), anything else as ``valeur_fr`` says it."""
    if isinstance(valeur, str):
        libelles = {liste[code]: None for liste in VOCABULAIRE.values() for code in liste if code.value == valeur}
        if len(libelles) == 1:
            return next(iter(libelles))
    return valeur_fr(valeur)


def role_fr(code: str | None) -> str:
    return ROLES.get(code, code) if code else "rôle non renseigné"


# --- the label of each event type ------------------------------------------------------------------------------

EVENEMENTS: Mapping[type, str] = {
    Parcours.Inscrit: "Inscription",
    Parcours.Sorti: "Sortie du parcours",
    Parcours.Reouvert: "Réouverture du parcours",
    Parcours.Transfere: "Transfert vers un autre département",
    Parcours.EvenementRectifie: "Rectification d'une étape",
    Parcours.DroitsRsaOuverts: "Ouverture des droits au RSA",
    Parcours.OrientationProposee: "Proposition d'orientation par l'algorithme",
    Parcours.EntretienOrientationTenu: "Entretien d'orientation",
    Parcours.Oriente: "Décision d'orientation",
    Parcours.OrientationNotifiee: "Notification de l'orientation",
    Parcours.ReferentDesigne: "Désignation du référent",
    Parcours.ReorientationDemandee: "Demande de réorientation",
    Parcours.Reoriente: "Décision de réorientation",
    Parcours.ReorientationRefusee: "Refus de la réorientation demandée",
    Parcours.SituationReexaminee: "Réexamen de la situation d'un bénéficiaire du RSA",
    Parcours.DiagnosticRealise: "Diagnostic global",
    Parcours.ContratSigne: "Signature du contrat d'engagement",
    Parcours.ContratMisAJour: "Mise à jour du contrat d'engagement",
    Parcours.DroitsDevoirsInformes: "Information sur les droits et devoirs",
    Parcours.DroitsDevoirsRevus: "Revue des droits et devoirs",
    Parcours.ManquementConstate: "Constat d'un manquement",
    Parcours.ContradictoireOuvert: "Avis de procédure contradictoire adressé",
    Parcours.AvisContradictoireReceptionne: "Réception de l'avis de procédure contradictoire",
    Parcours.ObservationsRecues: "Observations écrites de la personne",
    Parcours.AuditionTenue: "Audition de la personne",
    Parcours.ProcedureClose: "Clôture de la procédure sans sanction",
    Parcours.SanctionDecidee: "Décision de sanction",
    Parcours.SanctionNotifiee: "Notification de la sanction",
    Parcours.SuspensionLevee: "Levée de la suspension",
    Parcours.RadiationProposee: "Proposition de radiation",
    Parcours.Radie: "Radiation",
    Parcours.SanctionContestee: "Recours contre la sanction",
    Parcours.RecoursTranche: "Décision sur le recours",
    Parcours.SanctionAnnulee: "Annulation de la sanction",
    Parcours.SanctionReformee: "Réformation de la sanction",
    Parcours.ExplicationDemandee: "Demande d'explication de la décision algorithmique",
    Parcours.ExplicationCommuniquee: "Communication de l'explication",
    Parcours.CourrierEmis: "Envoi d'un courrier",
    Parcours.CourrierRemis: "Remise d'un courrier à son destinataire",
    Personne.PersonneEnregistree: "Enregistrement de la personne",
    Personne.IdentiteCorrigee: "Correction de l'identité",
    Personne.IdentifiantAjoute: "Ajout d'un identifiant",
    Personne.ContactModifie: "Modification des coordonnées",
    Personne.RepresentantDesigne: "Désignation d'un représentant légal",
    Personne.ParcoursRattache: "Rattachement d'un parcours à la personne",
    Personne.DoublonSignale: "Signalement d'un doublon possible",
    Personne.PersonneFusionnee: "Fusion de deux fiches de la même personne",
    Personne.FusionAnnulee: "Annulation d'une fusion",
    Personne.PersonneAbsorbee: "Fiche absorbée par une autre",
    Personne.AbsorptionAnnulee: "Annulation d'une absorption",
    Personne.RectificationDemandee: "Demande de rectification des données",
    Personne.RectificationRepondue: "Réponse à la demande de rectification",
    Personne.DonneesEffacees: "Effacement des données personnelles",
    Repere.ReperePose: "Pose d'un repère de recherche",
    Repere.PersonneAjoutee: "Ajout d'une personne à un repère",
    Repere.PersonneRetiree: "Retrait d'une personne d'un repère",
    Rappel.EcheanceRappelee: "Rappel d'une échéance",
}
"""Every event of the catalogues (``domain.evenements``): what the law's step is called."""
EVENEMENTS_PAR_NOM: Mapping[str, str] = {type_.__name__: texte for type_, texte in EVENEMENTS.items()}
COMMANDES: Mapping[str, str] = {
    "transferer": "Transférer le parcours dans un autre département",
    "informer_droits_rsa": "Informer de l'ouverture des droits au RSA",
    "sortir": "Clore le parcours",
    "rouvrir": "Rouvrir le parcours",
    "rectifier": "Rectifier un événement",
    "completer_donnees_orientation": "Compléter les données d'orientation",
    "tenir_entretien_orientation": "Tenir l'entretien d'orientation",
    "orienter": "Décider l'orientation",
    "notifier_orientation": "Notifier l'orientation",
    "designer_referent": "Désigner le référent",
    "demander_reorientation": "Demander une réorientation",
    "accepter_reorientation": "Accepter la réorientation",
    "refuser_reorientation": "Refuser la réorientation",
    "reexaminer_situation": "Réexaminer la situation (RSA)",
    "demander_explication": "Demander l'explication de la décision algorithmique",
    "communiquer_explication": "Communiquer l'explication",
    "realiser_diagnostic": "Réaliser le diagnostic global",
    "signer_contrat": "Signer le contrat d'engagement",
    "mettre_a_jour_contrat": "Mettre à jour le contrat d'engagement",
    "informer_droits_devoirs": "Informer des droits et devoirs",
    "revoir_droits_devoirs": "Revoir les droits et devoirs",
    "constater_manquement": "Constater un manquement",
    "ouvrir_contradictoire": "Ouvrir la procédure contradictoire",
    "receptionner_avis": "Enregistrer la réception de l'avis",
    "presenter_observations": "Présenter des observations",
    "tenir_audition": "Tenir l'audition",
    "clore_procedure": "Clore la procédure sans sanction",
    "decider_sanction": "Décider la sanction",
    "notifier_sanction": "Notifier la sanction",
    "lever_suspension": "Lever la suspension",
    "proposer_radiation": "Proposer la radiation",
    "radier": "Radier",
    "introduire_recours": "Contester la sanction",
    "trancher_recours": "Trancher le recours",
}
"""What each command of a parcours is called, by its stable name (``domain.actions``): the actions a dossier offers."""
CATALOGUES: tuple[type, ...] = (*CATALOGUE, *CATALOGUE_PERSONNE, *CATALOGUE_REPERE, *CATALOGUE_RAPPEL)
ETAPE_INCONNUE = "Étape d'un type que cette version ne connaît pas"


def evenement_fr(nom: str | None) -> str:
    """The label of an event type by the name rows and exports carry (``domain.evenements.nom``)."""
    return EVENEMENTS_PAR_NOM.get(nom or "", ETAPE_INCONNUE)


# --- the label of each rule ------------------------------------------------------------------------------------


def regles() -> dict[str, str]:
    """Every rule of the domain (``domain.regles``), by its stable code, with its French title: the title is
    written once, on the rule itself (``RegleEnfreinte.titre``), and read from there."""
    for module in pkgutil.iter_modules(domain.regles.__path__):
        importlib.import_module(f"domain.regles.{module.name}")
    return {
        regle.code: regle.titre for regle in _sous_classes(RegleEnfreinte) if regle.__module__.startswith("domain.")
    }


def regle_fr(code: str) -> str:
    return regles().get(code, code)


def _sous_classes(classe: type[RegleEnfreinte]) -> list[type[RegleEnfreinte]]:
    return [c for s in classe.__subclasses__() for c in (s, *_sous_classes(s))]


# --- the forms a sentence needs --------------------------------------------------------------------------------

VERS = {
    Organisme.FRANCE_TRAVAIL: "France Travail",
    Organisme.MISSION_LOCALE: "la mission locale",
    Organisme.CAP_EMPLOI: "Cap emploi",
    Organisme.DEPARTEMENT: "le conseil départemental",
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
ALLOCATIONS = {
    Allocation.ARE: "l'ARE",
    Allocation.ASS: "l'ASS",
    Allocation.RSA: "le RSA",
    Allocation.ALLOCATION_CEJ: "l'allocation CEJ",
    Allocation.ALLOCATION_PACEA: "l'allocation PACEA",
}
DESTINATAIRES = {Destinataire.PERSONNE: "à la personne", Destinataire.REPRESENTANT_LEGAL: "au représentant légal"}
PAR_CANAL = {CanalCourrier.COURRIEL: "par courrier électronique", CanalCourrier.COURRIER: "par voie postale"}


def de(groupe: str) -> str:
    """« de » before a noun phrase of ``VERS`` or ``AUTORITES``: « du président du conseil départemental »,
    « de la mission locale », « de France Travail »."""
    if groupe.startswith("le "):
        return f"du {groupe[3:]}"
    if groupe.startswith("les "):
        return f"des {groupe[4:]}"
    return f"d'{groupe}" if groupe[:1].lower() in "aeiouyéèh" else f"de {groupe}"


def majuscule(texte: str) -> str:
    """The first letter in upper case, as a heading or a sentence begins."""
    return texte[:1].upper() + texte[1:]


def autorite(a: Autorite) -> str:
    return f"{a.type.value} {a.id}"


def fondement(f: Fondement) -> tuple[str, ...]:
    if f.referentiel is None:
        return f.articles
    r = f.referentiel
    appliquees = f" ({', '.join(r.regles)})" if r.regles else ""
    return (*f.articles, f"référentiel {r.id} {r.version}{appliquees}")


def critere(c: Critere) -> str:
    sensible = " — donnée sensible" if c.sensible else ""
    return f"{c.nom} = {valeur_fr(c.valeur)} ({SOURCES[c.source]}, {date_fr(c.collecte_le)}){sensible}"


# --- dates and numbers ------------------------------------------------------------------------------------------

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def date_longue_fr(jour: date) -> str:
    """« 1er juin 2025 », « 3 juin 2025 »."""
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


def horodatage_fr(instant: datetime) -> str:
    """« 3 juin 2025 à 11 h 12 », in French legal time (Europe/Paris); a naive instant is UTC."""
    local = (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(FUSEAU_METIER)
    return f"{date_longue_fr(local.date())} à {local.hour} h {local.minute:02d}"


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


# --- pieces of sentences ----------------------------------------------------------------------------------------


def orientation_fr(o: Orientation, organismes: Mapping[Organisme, str] = ORGANISMES) -> str:
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
