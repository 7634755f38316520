"""Manquements, contradictoire, sanctions and recours (CT R.5412-1 to R.5412-8; CRPA L.411-2).

``{sid}`` is the id of a sanction procedure (a contradictoire and what follows it).
"""

from uuid import uuid4

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from api.acces import AGENTS, AUTORITE, PERSONNE
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
from application.parcours import ParcoursApplication

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["manquements, sanctions et recours"])


class ManquementConstate(CommandeAcceptee):
    """Le manquement est enregistré : son identifiant, la version du parcours et la position à attendre."""

    manquement_id: str = Field(
        description="Identifiant du manquement, à citer à l'ouverture du contradictoire.",
        examples=["3f2a9c4e8b1d4f6a9e0c7b5d2a1f8e36"],
    )


class ProcedureOuverte(CommandeAcceptee):
    """La procédure contradictoire est ouverte : son identifiant, la version du parcours et la position à
    attendre."""

    procedure_id: str = Field(
        description="Identifiant de la procédure de sanction ({sid} des étapes suivantes).",
        examples=["b7e41d2c9a5f4c08a3e6d1f290c4b857"],
    )


class RecoursIntroduit(CommandeAcceptee):
    """Le recours est enregistré : son identifiant, la version du parcours et la position à attendre."""

    recours_id: str = Field(
        description="Identifiant du recours ({rid} de sa décision).", examples=["d05c8e3a6b2f4917a8c4e1b9f37a2d60"]
    )


@routeur.post(
    "/manquements",
    summary="Constater un manquement",
    status_code=201,
    **commande(ParcoursApplication.constater_manquement, AGENTS, ManquementConstate),
)
def constater_manquement(
    parcours: ParcoursVisible, corps: ConstaterManquement, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Constate un manquement, avec les faits et les preuves (CT R.5412-1)."""
    manquement, ident = corps.manquement.vers_domaine(), uuid4().hex
    return executeur.executer(
        corps,
        lambda saisie: app.constater_manquement(parcours, saisie, manquement, ident),
        statut=201,
        cree={"manquement_id": ident},
    )


@routeur.post(
    "/sanctions",
    summary="Ouvrir la procédure contradictoire",
    status_code=201,
    **commande(ParcoursApplication.ouvrir_contradictoire, AGENTS | AUTORITE, ProcedureOuverte),
)
def ouvrir_contradictoire(
    parcours: ParcoursVisible, corps: OuvrirContradictoire, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Ouvre le contradictoire : avis des faits et de la sanction envisagée, à la personne ou à son représentant."""
    envisagee, ident = corps.sanction_envisagee.vers_domaine(), uuid4().hex
    manquements, destinataire = tuple(corps.manquements), corps.destinataire
    return executeur.executer(
        corps,
        lambda saisie: app.ouvrir_contradictoire(parcours, saisie, manquements, envisagee, destinataire, ident),
        statut=201,
        cree={"procedure_id": ident},
    )


@routeur.post(
    "/sanctions/{sid}/reception-avis",
    summary="Enregistrer la réception de l'avis",
    **commande(ParcoursApplication.receptionner_avis, AGENTS | AUTORITE),
)
def receptionner_avis(
    sid: Identifiant, parcours: ParcoursVisible, corps: ReceptionnerAvis, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre la date certaine de réception de l'avis : les 10 jours d'observations courent."""
    return executeur.executer(corps, lambda saisie: app.receptionner_avis(parcours, saisie, sid, corps.recu_le))


@routeur.post(
    "/sanctions/{sid}/observations",
    summary="Enregistrer les observations de la personne",
    **commande(ParcoursApplication.recevoir_observations, AGENTS | PERSONNE),
)
def presenter_observations(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre les observations écrites de la personne (dans le motif)."""
    return executeur.executer(corps, lambda saisie: app.recevoir_observations(parcours, saisie, sid))


@routeur.post(
    "/sanctions/{sid}/audition",
    summary="Enregistrer l'audition de la personne",
    **commande(ParcoursApplication.tenir_audition, AGENTS | AUTORITE),
)
def tenir_audition(
    sid: Identifiant, parcours: ParcoursVisible, corps: TenirAudition, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Enregistre l'audition de la personne, assistée de la personne de son choix."""
    return executeur.executer(corps, lambda saisie: app.tenir_audition(parcours, saisie, sid, corps.assistee_par))


@routeur.post(
    "/sanctions/{sid}/cloture",
    summary="Clore la procédure sans sanction",
    **commande(ParcoursApplication.clore_procedure, AUTORITE),
)
def clore_procedure(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Clôt la procédure sans sanction pour un motif légitime (à préciser dans le motif)."""
    return executeur.executer(corps, lambda saisie: app.clore_procedure(parcours, saisie, sid))


@routeur.post(
    "/sanctions/{sid}/decision",
    summary="Décider la sanction",
    **commande(ParcoursApplication.decider_sanction, AUTORITE),
)
def decider_sanction(
    sid: Identifiant, parcours: ParcoursVisible, corps: DeciderSanction, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Décide la sanction : l'autorité seule, après le contradictoire, jamais plus lourde que l'envisagée.
    La sanction est motivée en droit et en fait (CRPA, art. L.211-2 et L.211-5) : le `motif` énonce les faits
    reprochés et ce qui les établit ; sans lui, la commande est refusée (`decision-defavorable-non-motivee`)."""
    sanction, avis = corps.sanction.vers_domaine(), corps.avis_equipe_pluridisciplinaire
    return executeur.executer(corps, lambda saisie: app.decider_sanction(parcours, saisie, sid, sanction, avis))


@routeur.post(
    "/sanctions/{sid}/notification",
    summary="Notifier la sanction",
    **commande(ParcoursApplication.notifier_sanction, AUTORITE),
)
def notifier_sanction(
    sid: Identifiant, parcours: ParcoursVisible, corps: NotifierSanction, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Notifie la décision avec ses motifs et ses voies de recours : le délai de recours court."""
    voies = tuple(v.vers_domaine() for v in corps.voies_de_recours)
    return executeur.executer(corps, lambda saisie: app.notifier_sanction(parcours, saisie, sid, voies))


@routeur.post(
    "/sanctions/{sid}/levee-suspension",
    summary="Lever la suspension",
    **commande(ParcoursApplication.lever_suspension, AUTORITE),
)
def lever_suspension(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Lève la suspension : la personne s'est remobilisée (CT R.5412-8)."""
    return executeur.executer(corps, lambda saisie: app.lever_suspension(parcours, saisie, sid))


@routeur.post(
    "/sanctions/{sid}/proposition-radiation",
    summary="Proposer la radiation",
    **commande(ParcoursApplication.proposer_radiation, AUTORITE),
)
def proposer_radiation(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Propose à France Travail la radiation qui suit la suppression du RSA : le président du conseil
    départemental propose, France Travail radie (CASF R.262-68). Acte préparatoire, la proposition n'a pas à
    être motivée ; la radiation elle-même le sera."""
    return executeur.executer(corps, lambda saisie: app.proposer_radiation(parcours, saisie, sid))


@routeur.post(
    "/sanctions/{sid}/radiation", summary="Radier la personne", **commande(ParcoursApplication.radier, AUTORITE)
)
def radier(
    sid: Identifiant, parcours: ParcoursVisible, corps: Contexte, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Radie pour la durée d'une suppression totale notifiée (CT L.5412-1) ; après la suppression du RSA,
    sur la proposition du président du conseil départemental (CASF R.262-68). La radiation est motivée en
    droit et en fait (CRPA, art. L.211-2 et L.211-5) : le `motif` énonce les faits qui la fondent ; sans lui,
    la commande est refusée (`decision-defavorable-non-motivee`)."""
    return executeur.executer(corps, lambda saisie: app.radier(parcours, saisie, sid))


@routeur.post(
    "/sanctions/{sid}/recours",
    summary="Introduire un recours",
    status_code=201,
    **commande(ParcoursApplication.introduire_recours, AGENTS | PERSONNE, RecoursIntroduit),
)
def introduire_recours(
    sid: Identifiant, parcours: ParcoursVisible, corps: IntroduireRecours, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Conteste une sanction notifiée ; un recours tardif est enregistré et signalé, jamais refusé."""
    ident, type_recours = uuid4().hex, corps.type_recours
    return executeur.executer(
        corps,
        lambda saisie: app.introduire_recours(parcours, saisie, sid, type_recours, ident),
        statut=201,
        cree={"recours_id": ident},
    )


@routeur.post(
    "/sanctions/{sid}/recours/{rid}/decision",
    summary="Trancher un recours",
    **commande(ParcoursApplication.trancher_recours, AUTORITE),
)
def trancher_recours(
    sid: Identifiant,
    rid: Identifiant,
    parcours: ParcoursVisible,
    corps: TrancherRecours,
    app: ApplicationDep,
    executeur: ExecuteurDep,
) -> JSONResponse:
    """Tranche le recours : rejet, annulation ou réformation (jamais plus lourde), par événements compensatoires.
    Un rejet ou une réformation maintient une sanction : la décision est motivée en droit et en fait (CRPA,
    art. L.211-2 et L.211-5), le `motif` énonce les faits qui la fondent ; sans lui, la commande est refusée
    (`decision-defavorable-non-motivee`). Une annulation peut être motivée, sans obligation."""
    reformee = corps.sanction_reformee.vers_domaine() if corps.sanction_reformee else None
    return executeur.executer(
        corps, lambda saisie: app.trancher_recours(parcours, saisie, sid, rid, corps.issue, reformee)
    )
