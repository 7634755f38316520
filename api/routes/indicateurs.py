"""Governance indicators (DOMAIN §4), aggregates only, statistical secrecy applied before they leave."""

import csv
import io
from dataclasses import asdict, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.acces import AGENTS, AUTORITE, LECTEURS_DE_TOUT
from api.dependances import PositionLue, ProjectionsDep, RoleRequis, attendre_la_position
from api.modeles.bornes import Departement, Jour
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE
from domain.decision import FUSEAU_METIER
from infrastructure.execution_projections import ProjectionsEnProcessus
from projections.faits import LigneFaits, faits_connus_avant
from projections.indicateurs import calculer
from projections.projecteur import evenements
from projections.repartitions import TABLEAUX, ecarts_par_regle, recours_par_autorite, repartitions

routeur = APIRouter(prefix="/indicateurs", tags=["indicateurs"])
LECTEURS = RoleRequis(
    AGENTS | AUTORITE | LECTEURS_DE_TOUT, "Les indicateurs sont réservés aux agents, aux autorités et aux auditeurs."
)


class IndicateurVue(BaseModel):
    """Une cellule des indicateurs ; `secret` retient toutes les valeurs (une cellule masquée n'est jamais
    montrée à zéro)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "departement": "75",
                    "organisme": "FRANCE_TRAVAIL",
                    "type_parcours": "EMPLOI",
                    "mois": "2025-06",
                    "secret": False,
                    "entrees": 80,
                    "orientes": 78,
                    "delai_orientation_jours_mediane": 11,
                    "delai_orientation_jours_p75": 14,
                    "delai_orientation_jours_p90": 21,
                    "part_contrats_dans_le_mois": 0.83,
                    "taux_divergence": 0.05,
                    "part_algorithme_seul": 0.41,
                    "delai_diagnostic_jours_mediane": 24,
                    "delai_diagnostic_jours_p75": 31,
                    "delai_diagnostic_jours_p90": 45,
                    "delai_diagnostic_contrat_jours_mediane": 6,
                    "delai_diagnostic_contrat_jours_p75": 12,
                    "delai_diagnostic_contrat_jours_p90": 20,
                    "sortis": 9,
                    "procedures": 4,
                    "part_procedures_closes_sans_sanction": None,
                    "taux_contestation": None,
                    "taux_infirmation": None,
                    "part_rsa_orientes_dans_le_delai": None,
                    "taux_reorientation": 0.03,
                    "attente_diagnostic_0_15_jours": 5,
                    "attente_diagnostic_16_30_jours": 3,
                    "attente_diagnostic_31_60_jours": 1,
                    "attente_diagnostic_plus_60_jours": 0,
                    "avertissements": 1,
                    "sanctions_niveau_1": 2,
                    "sanctions_niveau_2": 0,
                    "delai_manquement_sanction_jours_mediane": 21,
                    "delai_manquement_sanction_jours_p75": 24,
                    "delai_manquement_sanction_jours_p90": 30,
                }
            ]
        },
    )

    departement: str
    organisme: str
    type_parcours: str
    mois: str
    secret: bool
    entrees: int | None
    orientes: int | None
    delai_orientation_jours_mediane: float | None
    delai_orientation_jours_p75: float | None
    delai_orientation_jours_p90: float | None
    part_contrats_dans_le_mois: float | None = Field(description="Publié sur au moins 60 contrats attendus.")
    taux_divergence: float | None = Field(description="Orientations décidées autrement que proposé.")
    part_algorithme_seul: float | None = Field(
        default=None, description="Orientations confirmées par l'algorithme seul."
    )
    delai_diagnostic_jours_mediane: float | None = None
    delai_diagnostic_jours_p75: float | None = None
    delai_diagnostic_jours_p90: float | None = None
    delai_diagnostic_contrat_jours_mediane: float | None = None
    delai_diagnostic_contrat_jours_p75: float | None = None
    delai_diagnostic_contrat_jours_p90: float | None = None
    sortis: int | None = None
    procedures: int | None = Field(default=None, description="Procédures contradictoires ouvertes.")
    part_procedures_closes_sans_sanction: float | None = None
    taux_contestation: float | None = Field(default=None, description="Recours par sanction décidée.")
    taux_infirmation: float | None = Field(default=None, description="Annulations et réformations par recours tranché.")
    part_rsa_orientes_dans_le_delai: float | None = Field(
        default=None, description="Bénéficiaires du RSA orientés dans les 6 semaines (CASF D.262-65-2)."
    )
    taux_reorientation: float | None = Field(default=None, description="Parcours orientés puis réorientés.")
    attente_diagnostic_0_15_jours: int | None = Field(
        default=None, description="En attente de diagnostic, par ancienneté."
    )
    attente_diagnostic_16_30_jours: int | None = None
    attente_diagnostic_31_60_jours: int | None = None
    attente_diagnostic_plus_60_jours: int | None = None
    avertissements: int | None = None
    sanctions_niveau_1: int | None = None
    sanctions_niveau_2: int | None = None
    part_suspensions_levees: float | None = Field(default=None, description="Suspensions levées par remobilisation.")
    delai_manquement_sanction_jours_mediane: float | None = None
    delai_manquement_sanction_jours_p75: float | None = None
    delai_manquement_sanction_jours_p90: float | None = None
    explications_demandees: int | None = Field(default=None, description="Explications de l'algorithme demandées.")
    part_explications_dans_le_mois: float | None = Field(
        default=None, description="Explications communiquées dans le mois de la demande (CRPA R.311-3-1-2)."
    )


class MargeVue(BaseModel):
    """Une marge des indicateurs (par département et par mois) ; `secret` retient l'effectif."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{"departement": "75", "mois": "2025-06", "secret": False, "entrees": 107}]},
    )

    departement: str
    mois: str
    secret: bool
    entrees: int | None


class RepartitionVue(BaseModel):
    """Une modalité d'une répartition ; `secret` retient l'effectif (jamais montré à zéro)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "tableau": "reorientations",
                    "departement": "75",
                    "mois": "2025-09",
                    "modalite": "FRANCE_TRAVAIL>DEPARTEMENT",
                    "secret": False,
                    "effectif": 14,
                }
            ]
        },
    )

    tableau: str = Field(json_schema_extra={"enum": list(TABLEAUX)})
    departement: str
    mois: str
    modalite: str = Field(description="La modalité ; pour les réorientations « ORIGINE>DESTINATION ».")
    secret: bool
    effectif: int | None


class RecoursParAutoriteVue(BaseModel):
    """Les recours contre les sanctions d'une autorité : contestations et infirmations (secret statistique
    respecté)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "departement": "75",
                    "autorite": "FRANCE_TRAVAIL",
                    "secret": False,
                    "sanctions": 240,
                    "taux_contestation": 0.12,
                    "taux_infirmation": 0.25,
                }
            ]
        },
    )

    departement: str
    autorite: str = Field(description="Le type d'autorité qui a décidé les sanctions.")
    secret: bool
    sanctions: int | None
    taux_contestation: float | None = Field(description="Recours par sanction décidée.")
    taux_infirmation: float | None = Field(description="Annulations et réformations par recours tranché.")


class EcartsParRegleVue(BaseModel):
    """Pour une règle du référentiel, combien d'orientations s'écartent de sa proposition (secret statistique
    respecté)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "referentiel": "2025.1",
                    "regle": "R04",
                    "secret": False,
                    "orientations": 1200,
                    "taux_divergence": 0.04,
                    "part_donnee_sensible": 0.0,
                }
            ]
        },
    )

    referentiel: str = Field(description="La version du référentiel d'orientation.")
    regle: str
    secret: bool
    orientations: int | None = Field(description="Premières orientations décidées après une proposition de la règle.")
    taux_divergence: float | None = Field(description="Décisions différentes de la proposition (taux d'écart).")
    part_donnee_sensible: float | None = Field(description="Propositions où une donnée sensible a été examinée.")


class Indicateurs(BaseModel):
    """Les indicateurs : les cellules, les marges, les répartitions, les recours par autorité et les écarts par
    règle."""

    mesure: Literal["avec_le_recul", "connu_au"] = Field(
        description="Avec le recul (tout ce qui est enregistré, à sa date métier) ou tel que connu au jour "
        "`connu_au` (seuls les événements enregistrés jusque-là)."
    )
    connu_au: date | None = Field(
        description="Le jour de la lecture « tel que connu » ; absent avec le recul.", examples=["2025-07-01"]
    )
    cellules: list[IndicateurVue]
    marges: list[MargeVue] = Field(description="Entrées par département et mois (secret secondaire appliqué).")
    repartitions: list[RepartitionVue] = Field(
        description="Entrées par motif, canal, tranche d'âge, RSA, handicap et niveau de formation ; sorties par "
        "motif ; orientations par mode ; matrice des réorientations (origine > destination)."
    )
    recours_par_autorite: list[RecoursParAutoriteVue]
    ecarts_par_regle: list[EcartsParRegleVue] = Field(
        description="Redevabilité de l'algorithme : taux d'écart par règle et version du référentiel (national)."
    )


Table = Literal["cellules", "marges", "repartitions", "recours_par_autorite", "ecarts_par_regle"]


EN_CSV = {
    "content": {"text/csv": {"schema": {"type": "string"}}},
    "headers": {
        "Content-Disposition": {
            "description": 'En CSV seulement : `attachment; filename="indicateurs-<table>.csv"`.',
            "schema": {"type": "string"},
        }
    },
}


@routeur.get(
    "",
    summary="Lire les indicateurs",
    response_description="Les indicateurs, en JSON ou une table en CSV.",
    response_model=Indicateurs,
    responses={**REPONSES_LECTURE, 403: REPONSES_COMMANDE[403], 200: EN_CSV},
    dependencies=[Depends(LECTEURS)],
)
def lire_indicateurs(
    position_min: PositionLue,
    projections: ProjectionsDep,
    departement: Annotated[Departement | None, Query(examples=["75"])] = None,
    mois: Annotated[str | None, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2025-06"])] = None,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    table: Annotated[Table, Query(description="En CSV : la table à télécharger.")] = "cellules",
    au: Annotated[
        Jour | None, Query(description="Jour où se mesurent les attentes (par défaut : aujourd'hui, ou `connu_au`).")
    ] = None,
    connu_au: Annotated[
        Jour | None,
        Query(
            description="Tel que connu à la fin de ce jour (heure de Paris) : rejoue le journal des événements "
            "enregistrés jusque-là (lecture lourde, pour l'audit)."
        ),
    ] = None,
) -> Indicateurs | Response:
    """Les indicateurs par territoire × organisme × type de parcours × mois d'entrée : effectifs,
    délais (médiane, p75, p90), contrats signés dans le mois, écarts à la proposition, sanctions et
    recours ; les répartitions des entrées, des sorties, des orientations par mode, la matrice des
    réorientations et les recours par autorité. Cellules de moins de 11 personnes et taux sur moins
    de 60 non publiés ; secret secondaire sur les marges."""
    attendre_la_position(projections, position_min)
    faits = lire_faits(projections, connu_au, departement)
    jour = au or connu_au or projections.application.horloge().astimezone(FUSEAU_METIER).date()
    cellules, marges = calculer(faits, jour)
    tables: dict[str, list[Any]] = {
        "cellules": [c for c in cellules if mois is None or c.mois == mois],
        "marges": [m for m in marges if mois is None or m.mois == mois],
        "repartitions": [r for r in repartitions(faits) if mois is None or r.mois == mois],
        "recours_par_autorite": recours_par_autorite(faits),
        "ecarts_par_regle": ecarts_par_regle(faits),
    }
    if format_ == "csv":
        entetes = {"Content-Disposition": f'attachment; filename="indicateurs-{table}.csv"'}
        return Response(en_csv(tables[table]), media_type="text/csv; charset=utf-8", headers=entetes)
    return Indicateurs.model_validate(
        {"mesure": "connu_au" if connu_au else "avec_le_recul", "connu_au": connu_au, **tables}
    )


def lire_faits(projections: ProjectionsEnProcessus, connu_au: date | None, departement: str | None) -> list[LigneFaits]:
    """With hindsight, the facts view (one département's rows only, filtered by the store: a
    département reads its share of a national table, not the whole); as known on a day, the facts
    folded from the events recorded by the end of that day (Paris time)."""
    if connu_au is None:
        ou = {"departement": departement} if departement else None
        faits: list[LigneFaits] = projections.projecteurs["faits"].toutes_les_lignes(ou)
        return faits
    fin_du_jour = datetime.combine(connu_au + timedelta(days=1), time(), tzinfo=FUSEAU_METIER)
    return [
        f
        for f in faits_connus_avant(evenements(projections.application), fin_du_jour)
        if departement in (None, f.departement)
    ]


def en_csv(lignes: list[Any]) -> str:
    """One row per line, for a French spreadsheet: ``;`` between cells, ``oui``/``non``, decimal commas, a
    byte-order mark so that the UTF-8 is recognised; a withheld value reads ``secret``, never 0 or empty."""
    tampon = io.StringIO()
    if not lignes:
        return ""
    tampon.write("\ufeff")
    ecrivain = csv.DictWriter(tampon, fieldnames=[f.name for f in fields(lignes[0])], delimiter=";")
    ecrivain.writeheader()
    for ligne in lignes:
        secret = getattr(ligne, "secret", False)
        ecrivain.writerow({k: "secret" if secret and v is None else cellule(v) for k, v in asdict(ligne).items()})
    return tampon.getvalue()


def cellule(valeur: Any) -> Any:
    """A value as a French spreadsheet reads it."""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float | Decimal):
        return str(valeur).replace(".", ",")
    return valeur
