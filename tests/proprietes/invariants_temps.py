"""Business time read over a whole history, independently of the aggregate's code (DESIGN §1.7).

Restated from docs/evenements.md ("Temps métier et temps d'enregistrement") in the order the law
sets the steps, not from ``domain.regles.temps``'s tables, so a wrong table cannot vouch for itself:

- no business time later than its recording time plus the tolerance;
- no step before the step it follows (the steps are named below, each in its own words);
- a receipt within the procedure and no later than the step that states it;
- a late entry says by how many days it is late.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.vocabulaire import TypeManquement

PARIS = ZoneInfo("Europe/Paris")

APRES_LA_PROCEDURE_OUVERTE = {"AvisContradictoireReceptionne", "ObservationsRecues", "AuditionTenue"}
APRES_TOUTE_LA_PROCEDURE = {
    "ProcedureClose",
    "SanctionDecidee",
    "SanctionNotifiee",
    "SuspensionLevee",
    "Radie",
    "SanctionContestee",
    "RecoursTranche",
    "SanctionAnnulee",
    "SanctionReformee",
}
APRES_TOUT_LE_PARCOURS = {"Sorti", "Radie", "Reouvert"}


@dataclass
class Chronologie:
    """The business times a later step may not precede."""

    inscription: datetime | None = None
    episode: datetime | None = None
    toutes: list[datetime] = field(default_factory=list)
    orientation_preparee: datetime | None = None
    orientation: datetime | None = None
    notification: datetime | None = None
    reorientation: datetime | None = None
    diagnostic: datetime | None = None
    contrat: datetime | None = None
    droits_devoirs: datetime | None = None
    premiere_proposition: datetime | None = None
    manquements: dict[str, datetime] = field(default_factory=dict)
    ouvertures: dict[str, datetime] = field(default_factory=dict)
    procedures: dict[str, list[datetime]] = field(default_factory=dict)
    explications: dict[str, datetime] = field(default_factory=dict)


def verifier_temps(historique: list[Any], tolerance: timedelta) -> None:
    chrono = Chronologie()
    for evenement in historique:
        nom, effet = type(evenement).__name__, evenement.decision.effective_le
        assert effet <= evenement.timestamp + tolerance, f"{nom} prend effet après son enregistrement"
        retard = (jour(evenement.timestamp) - jour(effet)).days
        assert evenement.decision.saisie_tardive_jours == max(0, retard), f"{nom} : retard de saisie mal noté"
        for precedente, etape in precedentes(chrono, nom, evenement):
            assert precedente is None or effet >= precedente, f"{nom} avant {etape}"
        if nom == "AvisContradictoireReceptionne":
            ouverte = chrono.ouvertures[evenement.procedure_id]
            assert jour(ouverte) <= evenement.recu_le <= jour(effet), "avis reçu hors de la procédure"
        noter(chrono, nom, evenement, effet)


def precedentes(c: Chronologie, nom: str, e: Any) -> list[tuple[datetime | None, str]]:
    """The business times event ``nom`` may not precede, each with the step's name."""
    attendues: list[tuple[datetime | None, str]] = [(c.inscription, "l'inscription")]
    if nom in APRES_TOUT_LE_PARCOURS:
        attendues.append((max(c.toutes, default=None), "une étape déjà enregistrée"))
    if nom in APRES_LA_PROCEDURE_OUVERTE:
        attendues.append((c.ouvertures.get(e.procedure_id), "l'ouverture de la procédure"))
    if nom in APRES_TOUTE_LA_PROCEDURE:
        attendues.append((max(c.procedures.get(e.procedure_id, []), default=None), "une étape de la procédure"))
    par_etape: dict[str, list[tuple[datetime | None, str]]] = {
        "OrientationProposee": [(c.episode, "l'inscription en cours")],
        "EntretienOrientationTenu": [(c.episode, "l'inscription en cours")],
        "Oriente": [(c.episode, "l'inscription en cours"), (c.orientation_preparee, "la proposition ou l'entretien")],
        "OrientationNotifiee": [(c.orientation, "l'orientation notifiée")],
        "ReferentDesigne": [(c.orientation, "l'orientation")],
        "ReorientationDemandee": [(c.orientation, "l'orientation"), (c.reorientation, "la réorientation")],
        "Reoriente": [(c.reorientation, "la demande de réorientation")],
        "ReorientationRefusee": [(c.reorientation, "la demande de réorientation")],
        "DiagnosticRealise": [(c.orientation, "l'orientation"), (c.diagnostic, "le diagnostic précédent")],
        "ContratSigne": [(c.notification, "la notification de l'orientation")],
        "ContratMisAJour": [(c.contrat, "le contrat")],
        "DroitsDevoirsInformes": [(c.episode, "l'inscription en cours")],
        "DroitsDevoirsRevus": [(c.droits_devoirs, "l'information sur les droits et devoirs")],
        "ExplicationDemandee": [(c.premiere_proposition, "la décision algorithmique")],
        "ExplicationCommuniquee": [(c.explications.get(getattr(e, "demande_id", "")), "la demande d'explication")],
    }
    attendues += par_etape.get(nom, [])
    if nom == "ManquementConstate":
        attendues.append((c.episode, "l'inscription en cours"))
        if e.manquement.type is not TypeManquement.CONTRAT:
            attendues.append((c.contrat, "le contrat dont c'est un manquement"))
    if nom == "ContradictoireOuvert":
        attendues += [(c.manquements.get(m), f"le constat de {m}") for m in e.manquements]
    return attendues


def noter(c: Chronologie, nom: str, e: Any, effet: datetime) -> None:
    c.toutes.append(effet)
    procedure = getattr(e, "procedure_id", None)
    if procedure is not None:
        c.procedures.setdefault(procedure, []).append(effet)
    if nom == "Inscrit":
        c.inscription = effet
    if nom in ("Inscrit", "Reouvert"):
        c.episode = effet
    elif nom in ("OrientationProposee", "EntretienOrientationTenu"):
        c.orientation_preparee = effet
        if nom == "OrientationProposee" and c.premiere_proposition is None:
            c.premiere_proposition = effet
    elif nom in ("Oriente", "Reoriente"):
        c.orientation = effet
        c.reorientation = effet if nom == "Reoriente" else c.reorientation
    elif nom in ("ReorientationDemandee", "ReorientationRefusee"):
        c.reorientation = effet
    else:
        noter_suite(c, nom, e, effet)


def noter_suite(c: Chronologie, nom: str, e: Any, effet: datetime) -> None:
    if nom == "OrientationNotifiee":
        c.notification = effet
    elif nom == "DiagnosticRealise":
        c.diagnostic = effet
    elif nom in ("ContratSigne", "ContratMisAJour"):
        c.contrat = effet
    elif nom in ("DroitsDevoirsInformes", "DroitsDevoirsRevus"):
        c.droits_devoirs = effet
    elif nom == "ManquementConstate":
        c.manquements[e.manquement_id] = effet
    elif nom == "ContradictoireOuvert":
        c.ouvertures[e.procedure_id] = effet
    elif nom == "ExplicationDemandee":
        c.explications[e.demande_id] = effet


def jour(instant: datetime) -> Any:
    return instant.astimezone(PARIS).date()
