"""Manquements, contradictoire, sanctions and recours (CT R.5412-1 to R.5412-8; CRPA L.411-2).

``{sid}`` is the id of a sanction procedure (a contradictoire and what follows it).
"""

from uuid import uuid4

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from api.acces import Commande
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, ParcoursVisible
from api.modeles.bornes import Identifiant
from api.modeles.commandes import (
    ConstaterManquement,
    DeciderSanction,
    IntroduireRecours,
    NotifierSanction,
    OuvrirContradictoire,
    ReceptionnerAvis,
    TenirAudition,
    TrancherRecours,
)
from api.modeles.commun import CommandeAcceptee, Contexte
from api.routes.reponses import commande

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["manquements, sanctions et recours"])


class ManquementConstate(CommandeAcceptee):
    manquement_id: str = Field(
        description="Identifiant du manquement, à citer à l'ouverture du contradictoire.",
        examples=["3f2a9c4e8b1d4f6a9e0c7b5d2a1f8e36"],
    )


class ProcedureOuverte(CommandeAcceptee):
    procedure_id: str = Field(
        description="Identifiant de la procédure de sanction ({sid} des étapes suivantes).",
        examples=["b7e41d2c9a5f4c08a3e6d1f290c4b857"],
    )


class RecoursIntroduit(CommandeAcceptee):
    recours_id: str = Field(
        description="Identifiant du recours ({rid} de sa décision).", examples=["d05c8e3a6b2f4917a8c4e1b9f37a2d60"]
    )


@routeur.post("/manquements", status_code=201, **commande(Commande.CONSTATER_MANQUEMENT, ManquementConstate))
def constater_manquement(
    parcours: ParcoursVisible, corps: ConstaterManquement, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Constate un manquement, avec les faits et les preuves (CT R.5412-1)."""
    manquement, ident = corps.manquement.vers_domaine(), uuid4().hex
    return executeur.executer(
        Commande.CONSTATER_MANQUEMENT,
        corps,
        lambda d: app.constater_manquement(parcours.id, d, manquement, ident),
        statut=201,
        cree={"manquement_id": ident},
    )


@routeur.post("/sanctions", status_code=201, **commande(Commande.OUVRIR_CONTRADICTOIRE, ProcedureOuverte))
def ouvrir_contradictoire(
    parcours: ParcoursVisible, corps: OuvrirContradictoire, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Ouvre le contradictoire : avis des faits et de la sanction envisagée, à la personne ou à son représentant."""
    envisagee, ident = corps.sanction_envisagee.vers_domaine(), uuid4().hex
    manquements = tuple(corps.manquements)
    return executeur.executer(
        Commande.OUVRIR_CONTRADICTOIRE,
        corps,
        lambda d: app.ouvrir_contradictoire(parcours.id, d, manquements, envisagee, corps.destinataire, ident),
        statut=201,
        cree={"procedure_id": ident},
    )


@routeur.post("/sanctions/{sid}/reception-avis", **commande(Commande.RECEPTIONNER_AVIS))
def receptionner_avis(
    sid: Identifiant, parcours: ParcoursVisible, corps: ReceptionnerAvis, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre la date certaine de réception de l'avis : les 10 jours d'observations courent."""
    return executeur.executer(
        Commande.RECEPTIONNER_AVIS, corps, lambda d: app.receptionner_avis(parcours.id, d, sid, corps.recu_le)
    )


@routeur.post("/sanctions/{sid}/observations", **commande(Commande.PRESENTER_OBSERVATIONS))
def presenter_observations(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre les observations écrites de la personne (dans le motif)."""
    return executeur.executer(
        Commande.PRESENTER_OBSERVATIONS, corps, lambda d: app.recevoir_observations(parcours.id, d, sid)
    )


@routeur.post("/sanctions/{sid}/audition", **commande(Commande.TENIR_AUDITION))
def tenir_audition(
    sid: Identifiant, parcours: ParcoursVisible, corps: TenirAudition, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre l'audition de la personne, assistée de la personne de son choix."""
    return executeur.executer(
        Commande.TENIR_AUDITION, corps, lambda d: app.tenir_audition(parcours.id, d, sid, corps.assistee_par)
    )


@routeur.post("/sanctions/{sid}/cloture", **commande(Commande.CLORE_PROCEDURE))
def clore_procedure(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Clôt la procédure sans sanction pour un motif légitime (à préciser dans le motif)."""
    return executeur.executer(Commande.CLORE_PROCEDURE, corps, lambda d: app.clore_procedure(parcours.id, d, sid))


@routeur.post("/sanctions/{sid}/decision", **commande(Commande.DECIDER_SANCTION))
def decider_sanction(
    sid: Identifiant, parcours: ParcoursVisible, corps: DeciderSanction, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Décide la sanction : l'autorité seule, après le contradictoire, jamais plus lourde que l'envisagée."""
    sanction = corps.sanction.vers_domaine()
    return executeur.executer(
        Commande.DECIDER_SANCTION,
        corps,
        lambda d: app.decider_sanction(parcours.id, d, sid, sanction, corps.avis_equipe_pluridisciplinaire),
    )


@routeur.post("/sanctions/{sid}/notification", **commande(Commande.NOTIFIER_SANCTION))
def notifier_sanction(
    sid: Identifiant, parcours: ParcoursVisible, corps: NotifierSanction, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Notifie la décision avec ses motifs et ses voies de recours : le délai de recours court."""
    voies = tuple(v.vers_domaine() for v in corps.voies_de_recours)
    return executeur.executer(
        Commande.NOTIFIER_SANCTION, corps, lambda d: app.notifier_sanction(parcours.id, d, sid, voies)
    )


@routeur.post("/sanctions/{sid}/levee-suspension", **commande(Commande.LEVER_SUSPENSION))
def lever_suspension(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Lève la suspension : la personne s'est remobilisée (CT R.5412-8)."""
    return executeur.executer(Commande.LEVER_SUSPENSION, corps, lambda d: app.lever_suspension(parcours.id, d, sid))


@routeur.post("/sanctions/{sid}/radiation", **commande(Commande.RADIER))
def radier(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Radie pour la durée d'une suppression totale notifiée (CT L.5412-1)."""
    return executeur.executer(Commande.RADIER, corps, lambda d: app.radier(parcours.id, d, sid))


@routeur.post("/sanctions/{sid}/recours", status_code=201, **commande(Commande.INTRODUIRE_RECOURS, RecoursIntroduit))
def introduire_recours(
    sid: Identifiant, parcours: ParcoursVisible, corps: IntroduireRecours, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Conteste une sanction notifiée ; un recours tardif est enregistré et signalé, jamais refusé."""
    ident = uuid4().hex
    return executeur.executer(
        Commande.INTRODUIRE_RECOURS,
        corps,
        lambda d: app.introduire_recours(parcours.id, d, sid, corps.type_recours, ident),
        statut=201,
        cree={"recours_id": ident},
    )


@routeur.post("/sanctions/{sid}/recours/{rid}/decision", **commande(Commande.TRANCHER_RECOURS))
def trancher_recours(
    sid: Identifiant,
    rid: Identifiant,
    parcours: ParcoursVisible,
    corps: TrancherRecours,
    app: ApplicationDep,
    executeur: ExecuteurDep,
) -> JSONResponse:
    """Tranche le recours : rejet, annulation ou réformation (jamais plus lourde), par événements compensatoires."""
    reformee = corps.sanction_reformee.vers_domaine() if corps.sanction_reformee else None
    return executeur.executer(
        Commande.TRANCHER_RECOURS,
        corps,
        lambda d: app.trancher_recours(parcours.id, d, sid, rid, corps.issue, reformee),
    )
