"""Bodies of the commands: the step's content beside the common context (motive, business time, basis).

Each body carries one whole example, valid against its model. FastAPI leaves null values out of the
OpenAPI document, so examples give optional fields a value or leave them out, never null.
"""

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.modeles.bornes import Entier, Identifiant, Jour, Libelle, NumeroDeVersion
from api.modeles.commun import Contexte, DonneesOrientation, exemples
from api.modeles.personne import FichePersonneModele
from api.modeles.valeurs import (
    ContratModele,
    DiagnosticModele,
    InscriptionModele,
    ManquementModele,
    OrientationModele,
    ReferentModele,
    SanctionModele,
    TerritoireModele,
    VoieDeRecoursModele,
)
from domain.vocabulaire import (
    CanalCourrier,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifSortie,
    NatureCourrier,
    PreuveRemise,
    SourceDonnee,
    TypeRecours,
)


class Inscrire(Contexte):
    """Le corps de `inscrire` : l'inscription, les données d'orientation et la personne."""

    model_config = exemples(
        {
            "inscription": {
                "motif": "demande",
                "canal": "en_ligne",
                "territoire": {"departement": "75", "bassin": "Paris"},
            },
            "motif": "Demande d'inscription déposée en ligne",
            "effective_le": "2025-05-20T09:15:00+02:00",
            "fondement": [],
            "donnees_orientation": [
                {"nom": "age", "valeur": 34, "source": "declaration", "collecte_le": "2025-05-20"},
                {
                    "nom": "activite_recente_24_mois",
                    "valeur": True,
                    "source": "declaration",
                    "collecte_le": "2025-05-20",
                },
                {
                    "nom": "capacite_a_se_projeter",
                    "valeur": "oui",
                    "source": "declaration",
                    "collecte_le": "2025-05-20",
                },
                {
                    "nom": "freins.mobilite",
                    "valeur": "sans_impact",
                    "source": "declaration",
                    "collecte_le": "2025-05-20",
                },
            ],
        }
    )

    inscription: InscriptionModele
    donnees_orientation: DonneesOrientation = Field(default_factory=list)
    personne: FichePersonneModele | None = Field(
        default=None,
        description="La personne inscrite : elle est d'abord recherchée (NIR, identifiants, puis nom, prénom et "
        "date de naissance) ; connue, son parcours clos est rouvert ; son âge est alors calculé depuis sa date de "
        "naissance.",
    )


class Sortir(Contexte):
    """Le corps de `sortir` : le motif de sortie."""

    model_config = exemples(
        {
            "motif_sortie": "emploi_durable",
            "motif": "CDI de cariste signé, prise de poste le 5 janvier 2026",
            "effective_le": "2025-12-29T09:00:00+01:00",
            "fondement": [],
        }
    )

    motif_sortie: MotifSortie = Field(examples=[MotifSortie.EMPLOI_DURABLE])


class Rouvrir(Contexte):
    """Le corps de `rouvrir` : la nouvelle inscription et ses données d'orientation."""

    model_config = exemples(
        {
            "inscription": {
                "motif": "demande",
                "canal": "guichet",
                "territoire": {"departement": "75", "bassin": "Paris"},
            },
            "motif": "Radiation terminée le 19 décembre 2025 : nouvelle inscription à l'agence",
            "effective_le": "2025-12-22T10:00:00+01:00",
            "fondement": [],
        }
    )

    inscription: InscriptionModele
    donnees_orientation: DonneesOrientation = Field(default_factory=list)


class Transferer(Contexte):
    """Le corps de `transferer` : le territoire où la personne a déménagé."""

    model_config = exemples(
        {
            "territoire": {"departement": "13", "bassin": "Marseille"},
            "motif": "Déménagement déclaré le 28 juin : nouvelle adresse à Marseille",
            "effective_le": "2025-07-01T09:00:00+02:00",
            "fondement": [],
        }
    )

    territoire: TerritoireModele = Field(
        description="Le nouveau territoire de la personne : le parcours et tous les rôles passent aux organismes de "
        "ce département ; les anciens gardent la lecture du parcours tel qu'il était à leur départ (CT R.5411-7)."
    )


class ReexaminerSituation(Contexte):
    """Le corps de `reexaminer_situation` : l'orientation est-elle maintenue."""

    model_config = exemples(
        {
            "maintenu": True,
            "motif": "Équipe pluridisciplinaire du 9 décembre : freins de logement forts, parcours social maintenu",
            "effective_le": "2025-12-09T14:00:00+01:00",
            "fondement": [],
        }
    )

    maintenu: StrictBool = Field(
        description="Le parcours social est maintenu jusqu'au prochain réexamen (six mois plus tard) ; sinon, une "
        "réorientation vers un organisme d'insertion professionnelle suit (CASF L.262-31).",
        examples=[True],
    )


class InformerDroitsRsa(Contexte):
    """Le corps de `informer_droits_rsa` : l'ouverture du droit au RSA, quand et par qui l'information est
    venue."""

    model_config = exemples(
        {
            "ouverts_le": "2025-05-28",
            "informe_le": "2025-06-02",
            "source": "flux_caf",
            "motif": "Flux quotidien de la CAF : ouverture du droit au RSA",
            "effective_le": "2025-06-02T06:00:00+02:00",
            "fondement": [],
        }
    )

    ouverts_le: Jour = Field(description="Date d'ouverture des droits au RSA.", examples=["2025-05-28"])
    informe_le: Jour = Field(
        description="Date à laquelle le président du conseil départemental en a reçu l'information : les six "
        "semaines après lesquelles France Travail peut orienter courent de ce jour (CASF D.262-65-2).",
        examples=["2025-06-02"],
    )
    source: SourceDonnee = Field(default=SourceDonnee.FLUX_CAF, examples=[SourceDonnee.FLUX_CAF])


class CompleterDonneesOrientation(Contexte):
    """Le corps de `completer_donnees_orientation` : les données d'orientation ajoutées ou corrigées."""

    model_config = exemples(
        {
            "donnees": [
                {"nom": "freins.logement", "valeur": "fort", "source": "conseiller", "collecte_le": "2025-06-05"}
            ],
            "motif": "Situation de logement précisée en entretien",
            "effective_le": "2025-06-05T10:00:00+02:00",
            "fondement": [],
        }
    )

    donnees: DonneesOrientation = Field(min_length=1)


class Rectifier(Contexte):
    """Le corps de `rectifier` : la version rectifiée et ses corrections."""

    model_config = exemples(
        {
            "version_rectifiee": 2,
            "corrections": {"criteres.age": "35"},
            "motif": "Âge mal repris de la déclaration : date de naissance vérifiée sur pièce",
            "effective_le": "2025-05-22T11:00:00+02:00",
            "fondement": [],
        }
    )

    version_rectifiee: NumeroDeVersion = Field(description="Numéro de l'événement rectifié.", examples=[2])
    corrections: dict[Identifiant, Libelle] = Field(
        min_length=1, max_length=20, description="Champ → valeur corrigée.", examples=[{"criteres.age": "31"}]
    )


class Orienter(Contexte):
    """Le corps de `orienter` : l'orientation décidée et la part de l'algorithme dans la décision."""

    model_config = exemples(
        {
            "orientation": {"type_parcours": "EMPLOI", "organisme": "FRANCE_TRAVAIL", "structure": "FT-75-012"},
            "mode": "agent",
            "motif": "Entretien d'orientation : activité récente, projet de cariste, aucun frein",
            "effective_le": "2025-05-27T10:00:00+02:00",
            "fondement": ["arrêté du 21/11/2024"],
        }
    )

    orientation: OrientationModele
    mode: ModeOrientation = Field(examples=[ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT])


class DesignerReferent(Contexte):
    """Le corps de `designer_referent` : le référent unique désigné."""

    model_config = exemples(
        {
            "referent": {"id": "agent-42", "organisme": "FRANCE_TRAVAIL", "structure": "FT-75-012"},
            "motif": "Conseillère de l'agence qui a mené l'entretien d'orientation",
            "effective_le": "2025-06-03T10:30:00+02:00",
            "fondement": [],
        }
    )

    referent: ReferentModele


class Reorienter(Contexte):
    """Le corps de `accepter_reorientation` : la nouvelle orientation."""

    model_config = exemples(
        {
            "orientation": {
                "type_parcours": "SOCIO_PROFESSIONNEL",
                "organisme": "FRANCE_TRAVAIL",
                "structure": "FT-75-012",
            },
            "motif": "Freins de logement et de mobilité forts révélés par le nouveau diagnostic",
            "effective_le": "2025-09-15T10:00:00+02:00",
            "fondement": [],
        }
    )

    orientation: OrientationModele


class RealiserDiagnostic(Contexte):
    """Le corps de `realiser_diagnostic` : la nouvelle version du diagnostic global."""

    model_config = exemples(
        {
            "diagnostic": {
                "items": [
                    {"theme": "mobilite", "niveau": "moyen", "source": "conseiller"},
                    {"theme": "numerique", "niveau": "sans_impact", "source": "declaration"},
                ],
                "realise_avec_la_personne": True,
            },
            "motif": "Diagnostic global réalisé en entretien avec la personne",
            "effective_le": "2025-06-05T14:00:00+02:00",
            "fondement": [],
        }
    )

    diagnostic: DiagnosticModele


class SignerContrat(Contexte):
    """Le corps de `signer_contrat` : le contrat d'engagement signé."""

    model_config = exemples(
        {
            "contrat": {
                "organisme": "FRANCE_TRAVAIL",
                "referent": "agent-42",
                "objectifs": ["Retrouver un emploi de cariste"],
                "actions": [
                    {"libelle": "Atelier CV", "echeance": "2025-07-01"},
                    {"libelle": "Formation CACES R489 catégorie 3", "echeance": "2025-09-30"},
                ],
                "heures_hebdo": 15,
            },
            "motif": "Contrat signé par la personne et sa conseillère",
            "effective_le": "2025-06-10T10:00:00+02:00",
            "fondement": [],
        }
    )

    contrat: ContratModele


class ConstaterManquement(Contexte):
    """Le corps de `constater_manquement` : le manquement, ses faits et ses preuves."""

    model_config = exemples(
        {
            "manquement": {
                "type": "assiduite",
                "faits": "Absence sans justificatif aux ateliers CV des 17, 19 et 24 juin 2025",
                "preuves": ["Feuilles d'émargement des ateliers", "Convocation du 12 juin 2025"],
                "date_des_faits": "2025-06-24",
            },
            "motif": "Relance du 25 juin 2025 restée sans réponse",
            "effective_le": "2025-06-26T11:00:00+02:00",
            "fondement": [],
        }
    )

    manquement: ManquementModele


class OuvrirContradictoire(Contexte):
    """Le corps de `ouvrir_contradictoire` : les manquements, la sanction envisagée et le destinataire de
    l'avis."""

    model_config = exemples(
        {
            "manquements": ["3f2a9c4e8b1d4f6a9e0c7b5d2a1f8e36"],
            "sanction_envisagee": {
                "niveau": "niveau_1",
                "nature": "suspension",
                "allocation": "ARE",
                "taux": "30",
                "duree_mois": 1,
            },
            "destinataire": "personne",
            "motif": "Premier manquement à l'obligation d'assiduité",
            "effective_le": "2025-06-27T10:00:00+02:00",
            "fondement": ["décret 2025-478"],
        }
    )

    manquements: list[Identifiant] = Field(min_length=1, max_length=20, examples=[["3f2a9c4e8b1d4f6a9e0c7b5d2a1f8e36"]])
    sanction_envisagee: SanctionModele
    destinataire: Destinataire = Field(default=Destinataire.PERSONNE, examples=[Destinataire.PERSONNE])


class ReceptionnerAvis(Contexte):
    """Le corps de `receptionner_avis` : la date certaine de réception de l'avis."""

    model_config = exemples(
        {
            "recu_le": "2025-07-01",
            "motif": "Avis de réception de la lettre recommandée",
            "effective_le": "2025-07-02T09:00:00+02:00",
            "fondement": [],
        }
    )

    recu_le: Jour = Field(description="Date certaine de réception de l'avis.", examples=["2025-07-01"])


class TenirAudition(Contexte):
    """Le corps de `tenir_audition` : qui assistait la personne."""

    model_config = exemples(
        {
            "assistee_par": "Un proche",
            "motif": "La personne reconnaît les absences et ne fait valoir aucun motif légitime",
            "effective_le": "2025-07-09T15:00:00+02:00",
            "fondement": ["CRPA L.122-1"],
        }
    )

    assistee_par: Libelle | None = Field(default=None, examples=["Un proche"])


class DeciderSanction(Contexte):
    """Le corps de `decider_sanction` : la sanction décidée et l'avis de l'équipe pluridisciplinaire."""

    model_config = exemples(
        {
            "sanction": {
                "niveau": "niveau_1",
                "nature": "suspension",
                "allocation": "ARE",
                "taux": "30",
                "duree_mois": 1,
            },
            "avis_equipe_pluridisciplinaire": False,
            "motif": "Absences répétées non justifiées, sans motif légitime après l'audition",
            "effective_le": "2025-07-15T10:00:00+02:00",
            "fondement": [],
        }
    )

    sanction: SanctionModele
    avis_equipe_pluridisciplinaire: bool = Field(
        default=False, description="Avis de l'EP recueilli (RSA).", examples=[False]
    )


class NotifierSanction(Contexte):
    """Le corps de `notifier_sanction` : les voies de recours que la notification indique."""

    model_config = exemples(
        {
            "voies_de_recours": [
                {
                    "type": "mediation_prealable",
                    "instance": "Médiateur régional de France Travail Île-de-France",
                    "delai_mois": 2,
                },
                {"type": "contentieux", "instance": "Tribunal administratif de Paris", "delai_mois": 2},
            ],
            "motif": "Décision notifiée par lettre recommandée, avec ses motifs",
            "effective_le": "2025-07-16T10:00:00+02:00",
            "fondement": [],
        }
    )

    voies_de_recours: list[VoieDeRecoursModele] = Field(min_length=1, max_length=5)


class IntroduireRecours(Contexte):
    """Le corps de `introduire_recours` : la voie de recours choisie."""

    model_config = exemples(
        {
            "type_recours": "mediation_prealable",
            "motif": "La personne conteste la suspension : absences liées à un déménagement",
            "effective_le": "2025-08-01T10:00:00+02:00",
            "fondement": [],
        }
    )

    type_recours: TypeRecours = Field(examples=[TypeRecours.MEDIATION_PREALABLE])


class TrancherRecours(Contexte):
    """Le corps de `trancher_recours` : l'issue du recours et, en cas de réformation, la sanction réformée."""

    model_config = exemples(
        {
            "issue": "rejet",
            "motif": "Le déménagement est postérieur aux absences constatées",
            "effective_le": "2025-09-01T10:00:00+02:00",
            "fondement": [],
        },
        {
            "issue": "reformation",
            "sanction_reformee": {
                "niveau": "avertissement",
                "nature": "avertissement",
                "allocation": "ARE",
            },
            "motif": "Premier manquement : un avertissement suffit",
            "effective_le": "2025-09-01T10:00:00+02:00",
            "fondement": [],
        },
    )

    issue: IssueRecours = Field(examples=[IssueRecours.REJET])
    sanction_reformee: SanctionModele | None = None


ValeurSimulee = StrictBool | Entier | Identifiant


class Simulation(BaseModel):
    """Le corps de `simuler_orientation` : les données auxquelles appliquer le référentiel."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "entrees": {
                        "age": 24,
                        "activite_recente_24_mois": False,
                        "freins": {"mobilite": "moyen", "logement": "moyen"},
                    }
                }
            ]
        },
    )

    entrees: dict[Identifiant, ValeurSimulee | dict[Identifiant, Identifiant]] = Field(
        max_length=50, description="Les données, nommées comme au catalogue ; une table (freins) par clé."
    )


class EmettreCourrier(Contexte):
    """Le corps de `emettre_courrier` : la nature du courrier, l'étape qu'il notifie (sa version) et le canal."""

    model_config = exemples(
        {
            "nature": "decision_orientation",
            "version": 3,
            "motif": "Notification de la décision d'orientation",
            "effective_le": "2025-06-03T10:00:00+02:00",
            "fondement": [],
        }
    )

    nature: NatureCourrier = Field(
        description="Le courrier que la loi exige : décision d'orientation, avis de procédure contradictoire, décision "
        "de sanction, décision sur recours, explication de la décision algorithmique.",
        examples=[NatureCourrier.DECISION_ORIENTATION],
    )
    version: NumeroDeVersion = Field(
        description="La version de l'étape que le courrier notifie (la décision, l'ouverture du contradictoire, la "
        "demande d'explication…), lue dans l'historique du parcours.",
        examples=[3],
    )
    canal: CanalCourrier | None = Field(
        default=None,
        description="Imposer le canal ; par défaut le courriel si le destinataire a une adresse électronique et que "
        "le service envoie des courriels, sinon la poste.",
        examples=[None],
    )


class ConstaterRemise(Contexte):
    """Le corps de `constater_remise` : la date certaine de réception du courrier et ce qui l'établit."""

    model_config = exemples(
        {
            "remis_le": "2025-06-26",
            "preuve": "accuse_reception_postal",
            "motif": "Avis de réception signé retourné par La Poste",
            "effective_le": "2025-06-27T09:00:00+02:00",
            "fondement": [],
        }
    )

    remis_le: Jour = Field(description="Date certaine de réception du courrier (CT R.5412-7).", examples=["2025-06-26"])
    preuve: PreuveRemise = Field(
        description="Ce qui établit cette date.", examples=[PreuveRemise.ACCUSE_RECEPTION_POSTAL]
    )
