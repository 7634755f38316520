"""For litigation and governance: who consulted a dossier, and the verifiable export of a parcours as
the system knew it on a date (JSON bundle or its PDF rendering)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from api.acces import LECTEURS_DE_TOUT
from api.dependances import (
    ApplicationDep,
    DroitsLus,
    LectureRequise,
    MotifConsultation,
    ParcoursLu,
    ParcoursVisible,
    PrincipalDep,
    ReglagesDep,
    RoleRequis,
    noter_la_consultation,
)
from api.modeles.bornes import Instant
from api.modeles.export import ExportParcours
from api.openapi import entete
from api.routes.reponses import LECTURE_RESTREINTE, REPONSES_COMMANDE, REPONSES_LECTURE
from application.parcours import ParcoursApplication
from application.principal import Role
from domain.competence import Lecture
from domain.identite import Identite
from domain.parcours import Parcours
from infrastructure.consultations import EcrivainDeConsultations
from infrastructure.export import exporter
from infrastructure.pdf import rendre_pdf

routeur = APIRouter(prefix="/parcours/{parcours_id}", tags=["audit"])


class ConsultationVue(BaseModel):
    """Une consultation du dossier : qui (identifiant, rôle, organisme), quelle vue, quand et pour quel motif
    déclaré."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "principal": "agent-42",
                    "role": "conseiller",
                    "organisme": "FRANCE_TRAVAIL",
                    "vue": "GET /parcours/{parcours_id}/historique",
                    "motif": "Préparation de l'entretien",
                    "consulte_le": "2025-06-03T09:12:00+00:00",
                }
            ]
        },
    )

    principal: str
    role: str
    organisme: str | None
    vue: str
    motif: str | None
    consulte_le: datetime


LECTEURS_DU_JOURNAL = RoleRequis(
    LECTEURS_DE_TOUT | {Role.PERSONNE}, "Le journal des consultations est ouvert à la personne et aux auditeurs."
)


@routeur.get(
    "/consultations",
    summary="Lire le journal des consultations",
    response_description="Les consultations du dossier, les plus récentes d'abord.",
    response_model=list[ConsultationVue],
    responses={**REPONSES_LECTURE, 403: REPONSES_COMMANDE[403]},
    dependencies=[Depends(LECTEURS_DU_JOURNAL)],
)
def lire_consultations(
    parcours: ParcoursVisible, appelant: PrincipalDep, request: Request, motif: MotifConsultation = None
) -> list[ConsultationVue]:
    """Qui a consulté ce dossier, quand, quelle vue et pour quel motif déclaré (`X-Motif-Consultation`) :
    pour la personne elle-même et pour les auditeurs (recommandation CNIL 2021 sur la journalisation)."""
    noter_la_consultation(request, appelant, parcours.id, motif)  # this very read is in the list it shows
    ecrivain: EcrivainDeConsultations = request.app.state.consultations
    ecrivain.vider()
    return [ConsultationVue.model_validate(c) for c in ecrivain.journal.lister(str(parcours.id))]


@routeur.get(
    "/export",
    summary="Exporter le dossier de preuve",
    dependencies=[Depends(LectureRequise(frozenset(Lecture), "Le dossier de preuve tient tout le parcours"))],
    responses={
        **REPONSES_LECTURE,
        403: LECTURE_RESTREINTE,
        422: REPONSES_COMMANDE[422],
        200: {
            "model": ExportParcours,
            "description": "Le dossier de preuve, en JSON (`format=json`) ou en PDF/A-3 qui le joint (`format=pdf`).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "headers": {"Content-Disposition": entete("Content-Disposition")},
        },
    },
)
def exporter_le_parcours(
    parcours: ParcoursLu,
    droits: DroitsLus,
    app: ApplicationDep,
    reglages: ReglagesDep,
    appelant: PrincipalDep,
    a_la_date: Annotated[
        Instant | None,
        Query(description="Tel que le système le connaissait à cette date d'enregistrement (par défaut : maintenant)."),
    ] = None,
    format_: Annotated[Literal["json", "pdf"], Query(alias="format")] = "json",
) -> Response:
    """Le dossier de preuve d'un parcours (format `parcours-export/2`) : chaque événement avec son rendu
    lisible, ses octets stockés, son numéro de feuille dans le journal de transparence et sa preuve
    d'inclusion ; un seul checkpoint signé du journal, avec les cosignatures de ses témoins ; les
    rectifications à côté de l'événement rectifié, les procédures de sanction et leurs délais,
    l'explication de l'orientation ; une attestation signée par la clé du journal, qui dit quelles
    versions forment le dossier ; l'empreinte du tout. Rien d'une autre personne n'y figure : de leurs
    événements, les preuves ne portent que des hash. En PDF, la même chose, lisible, l'empreinte sur chaque page.

    Vérifiable hors ligne, sans la base :
    `parcours audit verifier-export FICHIER.json --cle-journal CLE [--temoin CLE ...]`.
    Un organisme que le parcours a quitté (changement de département) l'obtient tel qu'il était
    enregistré à son départ.

    En PDF : un fichier PDF/A-3 (polices incorporées, structure balisée, en français) qui dit qui l'a
    demandé, la personne, la chronologie, chaque décision avec ses motifs et son fondement, les faits et
    preuves de chaque manquement, les procédures et leurs délais, les courriers, les preuves et la manière
    de les vérifier ; le JSON y est joint. Les deux formats se téléchargent comme un fichier
    (`Content-Disposition: attachment`)."""
    if (borne := droits.jusqu_a_version) is not None:  # a former body: the bundle as recorded when it left
        quitte_le = app.historique(parcours.id, jusqu_a_version=borne)[-1].timestamp
        a_la_date = min(a_la_date, quitte_le) if a_la_date else quitte_le
    paquet: dict[str, Any] = exporter(app, reglages, parcours.id, a_la_date, app.horloge())
    entetes = {"Content-Disposition": f'attachment; filename="parcours-{parcours.id}.{format_}"'}
    if format_ == "pdf":
        pdf = rendre_pdf(paquet, appelant, _identite(app, parcours))
        return Response(pdf, media_type="application/pdf", headers=entetes)
    return JSONResponse(paquet, headers=entetes)


def _identite(app: ParcoursApplication, parcours: Parcours) -> Identite | None:
    """The person's identity for the file's cover: whoever may read the whole parcours may read its person
    (``api.routes.personnes.visible``); none for a parcours without a person, or a person erased."""
    personne = app.personnes.trouver(parcours.personne_id) if parcours.personne_id else None
    return personne.identite if personne is not None and personne.effacee_le is None else None
