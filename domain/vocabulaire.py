"""Closed lists of the domain, in the words of the réseau pour l'emploi.

Plain ``Enum`` (not ``str`` mixins) so that persistence must name each of them explicitly
(a transcoding per enum) and a stored value always comes back as its enum member.
"""

from enum import Enum


class TypeAuteur(Enum):
    """Who or what took a step (DESIGN §1.2)."""

    CONSEILLER = "conseiller"
    PERSONNE = "personne"
    ALGORITHME = "algorithme"
    AUTORITE = "autorite"
    SYSTEME = "systeme"
    PARTENAIRE = "partenaire"

    @property
    def est_humain(self) -> bool:
        return self in (TypeAuteur.CONSEILLER, TypeAuteur.PERSONNE, TypeAuteur.AUTORITE)


class Organisme(Enum):
    """Organismes référents (CT L.5411-5-1 IV)."""

    FRANCE_TRAVAIL = "FRANCE_TRAVAIL"
    MISSION_LOCALE = "MISSION_LOCALE"
    CAP_EMPLOI = "CAP_EMPLOI"
    DEPARTEMENT = "DEPARTEMENT"


class TypeParcours(Enum):
    """The three parcours families (arrêté du 21 novembre 2024)."""

    EMPLOI = "EMPLOI"
    SOCIO_PROFESSIONNEL = "SOCIO_PROFESSIONNEL"
    SOCIAL = "SOCIAL"


class CanalInscription(Enum):
    EN_LIGNE = "en_ligne"
    GUICHET = "guichet"
    BORNE = "borne"
    PARTENAIRE = "partenaire"
    FLUX_CAF = "flux_caf"


class MotifInscription(Enum):
    """Why the person is registered (CT L.5411-1 since loi 2023-1196)."""

    DEMANDE = "demande"
    DEMANDE_RSA = "demande_rsa"
    CONJOINT_RSA = "conjoint_rsa"
    SOLLICITATION_ML = "sollicitation_ml"
    SOLLICITATION_CAP_EMPLOI = "sollicitation_cap_emploi"


class SourceDonnee(Enum):
    """Where a datum used in a decision comes from (CRPA R.311-3-1-2, 2°)."""

    DECLARATION = "declaration"
    FLUX_CAF = "flux_caf"
    API_PARTENAIRE = "api_partenaire"
    CONSEILLER = "conseiller"


class ModeOrientation(Enum):
    """How far the algorithm contributed to an orientation decision (CRPA R.311-3-1-2, 1°)."""

    ALGORITHME_SEUL = "algorithme_seul"
    ALGORITHME_VALIDE_PAR_AGENT = "algorithme_valide_par_agent"
    AGENT = "agent"


class ThemeDiagnostic(Enum):
    SANTE = "sante"
    LOGEMENT = "logement"
    MOBILITE = "mobilite"
    GARDE_ENFANT = "garde_enfant"
    AIDANT = "aidant"
    FINANCES = "finances"
    NUMERIQUE = "numerique"
    LANGUE = "langue"
    FORMATION = "formation"
    EMPLOI = "emploi"
    AUTRE = "autre"


class NiveauFrein(Enum):
    FORT = "fort"
    MOYEN = "moyen"
    SANS_IMPACT = "sans_impact"


class RaisonDispense(Enum):
    """Proven difficulties allowing zero hours of activity on the person's request (CT L.5411-6-1)."""

    SANTE = "sante"
    HANDICAP = "handicap"
    INVALIDITE = "invalidite"
    PARENT_ISOLE_SANS_GARDE = "parent_isole_sans_garde"


class TypeManquement(Enum):
    """Breaches of the contrat d'engagement (CT R.5412-1, décret 2025-478)."""

    CONTRAT = "contrat"  # not drawing up or not updating the contract
    ASSIDUITE = "assiduite"
    PARTICIPATION_ACTIVE = "participation_active"
    RECHERCHE_EMPLOI = "recherche_emploi"  # positive and repeated acts (R.5411-11)


class NiveauSanction(Enum):
    """Gradation of sanctions (décret 2025-478; Conseil constitutionnel 2023-858 DC)."""

    AVERTISSEMENT = "avertissement"
    NIVEAU_1 = "niveau_1"  # first breach: suspension
    NIVEAU_2 = "niveau_2"  # persistence or repetition: suspension or suppression


class NatureSanction(Enum):
    AVERTISSEMENT = "avertissement"
    SUSPENSION = "suspension"
    SUPPRESSION = "suppression"


class Allocation(Enum):
    """The allowance a sanction bears on; its funder is the competent authority."""

    ARE = "ARE"
    ASS = "ASS"
    RSA = "RSA"
    ALLOCATION_CEJ = "ALLOCATION_CEJ"
    ALLOCATION_PACEA = "ALLOCATION_PACEA"
    AUCUNE = "AUCUNE"


class TypeAutorite(Enum):
    """Bodies that decide orientations and sanctions (CT L.5411-5-1 II, L.5412-1; CASF L.262-37)."""

    FRANCE_TRAVAIL = "FRANCE_TRAVAIL"
    PRESIDENT_CONSEIL_DEPARTEMENTAL = "PRESIDENT_CONSEIL_DEPARTEMENTAL"
    MISSION_LOCALE = "MISSION_LOCALE"
    CAP_EMPLOI = "CAP_EMPLOI"


class Destinataire(Enum):
    """Who receives a notice: the person, or the legal representative of a minor or protected adult."""

    PERSONNE = "personne"
    REPRESENTANT_LEGAL = "representant_legal"


class Corbeille(Enum):
    """The worklists of conseillers and authorities (DOMAIN §7; ``projections.corbeilles``): what waits for
    a step, and by when where the law sets a deadline."""

    A_ORIENTER = "a_orienter"
    A_DIAGNOSTIQUER = "a_diagnostiquer"
    CONTRAT_A_SIGNER = "contrat_a_signer"
    CONTRADICTOIRE = "contradictoire"
    RECOURS = "recours"
    REVUE_DROITS_DEVOIRS = "revue_droits_devoirs"
    EXPLICATION = "explication"
    REEXAMEN_RSA = "reexamen_rsa"


class PalierRappel(Enum):
    """How near a deadline a reminder is given (issue 22, item 3): before it, or once it has passed."""

    PROCHE = "proche"
    DEPASSEE = "depassee"


class NatureCourrier(Enum):
    """The letters the law requires, each rendered from the step it notifies (DOMAIN §8; docs/courriers.md)."""

    DECISION_ORIENTATION = "decision_orientation"
    """The orientation decided (CT L.5411-5-1), with the L.311-3-1 mention when the algorithm proposed it."""
    AVIS_CONTRADICTOIRE = "avis_contradictoire"
    """The notice of the facts and of the sanction envisaged, with the ten days to answer (CT R.5412-7)."""
    DECISION_SANCTION = "decision_sanction"
    """The sanction decided, with its reasons and remedies (CRPA L.211-2, L.211-5; CJA R.421-5)."""
    DECISION_RECOURS = "decision_recours"
    """The decision on a recours against a sanction (CRPA L.411-2)."""
    EXPLICATION_ALGORITHMIQUE = "explication_algorithmique"
    """The explanation of an algorithmic decision (CRPA R.311-3-1-2)."""


class CanalCourrier(Enum):
    """How a letter leaves: by e-mail, or on paper through the printing service."""

    COURRIEL = "courriel"
    COURRIER = "courrier"


class PreuveRemise(Enum):
    """What establishes the date a letter reached its addressee (the certain date of receipt, CT R.5412-7)."""

    ACCUSE_RECEPTION_POSTAL = "accuse_reception_postal"
    """The signed notice of a registered letter: the day of its signature."""
    PREMIERE_PRESENTATION = "premiere_presentation"
    """A registered letter not collected: the day it was first presented, as the post attests."""
    ACCUSE_LECTURE = "accuse_lecture"
    """An electronic acknowledgement of reading (the person's e-mail client or space)."""
    REMISE_EN_MAIN_PROPRE = "remise_en_main_propre"
    """Handed over against a signature."""


class TypeRecours(Enum):
    MEDIATION_PREALABLE = "mediation_prealable"  # France Travail decisions (R.5312-47)
    RAPO = "rapo"  # RSA: recours administratif préalable obligatoire (R.262-88)
    CONTENTIEUX = "contentieux"


class IssueRecours(Enum):
    REJET = "rejet"
    ANNULATION = "annulation"
    REFORMATION = "reformation"


class MotifSortie(Enum):
    EMPLOI_DURABLE = "emploi_durable"
    FORMATION = "formation"
    CESSATION_INSCRIPTION = "cessation_inscription"
    RADIATION = "radiation"
    TRANSFERT = "transfert"
    DEMENAGEMENT = "demenagement"
    AUTRE = "autre"


class Statut(Enum):
    EN_COURS = "en_cours"
    SORTI = "sorti"


class FondementEffacement(Enum):
    """On which basis a person's data are erased; recorded in the erasure's decision."""

    FIN_DE_CONSERVATION = "fin_de_conservation"
    """The retention has run out (RGPD art. 5 1 e; CT R.5312-44 as reported)."""
    DECISION_DE_JUSTICE = "decision_de_justice"
    """A court ordered the erasure (RGPD art. 17 1 e: erasure to comply with a legal obligation)."""
    INJONCTION_CNIL = "injonction_cnil"
    """The CNIL ordered the erasure (RGPD art. 58 2 g)."""
    DEMANDE_FONDEE = "demande_fondee"
    """The person's request for erasure, judged founded (RGPD art. 17 1)."""
