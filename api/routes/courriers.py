"""The letters the law requires (issue 21, item 2; docs/courriers.md): emit one from the events, read it again,
record the certain date it was received.

``{version}`` is the version of the parcours at which the letter's emission (``CourrierEmis``) was recorded,
which the emission's answer gives.
"""

import base64
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.acces import AGENTS, AUTORITE
from api.commandes import ExecuteurDep
from api.dependances import ApplicationDep, DroitsLus, ParcoursLu, ParcoursVisible
from api.modeles.bornes import NumeroDeVersion
from api.modeles.commandes import ConstaterRemise, EmettreCourrier
from api.modeles.commun import CommandeAcceptee
from api.openapi import entete
from api.problemes import Probleme
from api.routes.reponses import LECTURE_RESTREINTE, REPONSES_LECTURE, commande, reponse_probleme
from application.courriers import CourrierSuivi, courriers_suivis
from application.parcours import ParcoursApplication
from domain.competence import Lecture
from domain.vocabulaire import CanalCourrier, Destinataire, NatureCourrier, PreuveRemise
from infrastructure.courriers.lettre import nom_de_fichier
from projections.libelles import NATURES_COURRIER

routeur = APIRouter(prefix="/parcours/{parcours_id}/courriers", tags=["courriers"])

VersionDuCourrier = Annotated[
    NumeroDeVersion, Path(description="La version du parcours où l'émission du courrier est enregistrée.")
]
LECTURES: dict[NatureCourrier, Lecture] = {
    NatureCourrier.DECISION_ORIENTATION: Lecture.ORIENTATION,
    NatureCourrier.EXPLICATION_ALGORITHMIQUE: Lecture.ORIENTATION,
    NatureCourrier.AVIS_CONTRADICTOIRE: Lecture.PROCEDURES,
    NatureCourrier.DECISION_SANCTION: Lecture.PROCEDURES,
    NatureCourrier.DECISION_RECOURS: Lecture.PROCEDURES,
}
"""What a caller must read of the parcours to read a letter: what the letter says."""
ENVOI_IMPOSSIBLE: dict[int | str, Any] = {
    503: reponse_probleme(
        "Le canal n'a pas pris le courrier (`envoi-echoue`) ou n'est pas configuré (`canal-indisponible`) : rien "
        "n'a été enregistré ; renvoyer la même requête."
    )
}
PDF = {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}


@routeur.post(
    "",
    summary="Émettre un courrier",
    status_code=201,
    **commande(ParcoursApplication.emettre_courrier, AGENTS | AUTORITE, CommandeAcceptee, ENVOI_IMPOSSIBLE),
)
def emettre_courrier(
    parcours: ParcoursVisible, corps: EmettreCourrier, app: ApplicationDep, executeur: ExecuteurDep
) -> JSONResponse:
    """Rédige depuis les événements le courrier que la loi exige pour l'étape `version` (décision d'orientation,
    avis de procédure contradictoire, décision de sanction, décision sur recours, explication de la décision
    algorithmique), l'envoie par courriel ou par la poste, puis enregistre son émission avec l'empreinte SHA-256
    du PDF envoyé (`CourrierEmis`). Le destinataire est la personne, ou son représentant légal si elle est mineure
    ou protégée ; ni son nom ni son adresse ne sont enregistrés. L'agent compétent pour l'étape notifiée l'envoie :
    le décideur de l'orientation, l'autorité de sanction de la procédure. Le courrier se relit à
    `GET /parcours/{parcours_id}/courriers/{version}`, `version` étant celle de la réponse."""
    nature, version, canal = corps.nature, corps.version, corps.canal
    return executeur.executer(
        corps, lambda saisie: app.emettre_courrier(parcours, saisie, nature, version, canal), statut=201
    )


class CourrierVue(BaseModel):
    """Un courrier émis, tel qu'un écran de conseiller le liste : quoi, à qui, par quel canal, quand, son
    empreinte SHA-256 et sa réception."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 5,
                    "nature": "avis_contradictoire",
                    "libelle": "avis de procédure contradictoire",
                    "destinataire": "personne",
                    "canal": "courrier",
                    "envoye_le": "2025-06-20T09:00:00+00:00",
                    "empreinte": "9f2c0d8e5b7a41c3e6d1f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1",
                    "remis_le": None,
                    "preuve_de_remise": None,
                }
            ]
        }
    )

    version: int = Field(description="La version du parcours où son émission est enregistrée.")
    nature: NatureCourrier
    libelle: str = Field(description="La nature du courrier, en français.")
    destinataire: Destinataire
    canal: CanalCourrier
    envoye_le: datetime
    empreinte: str = Field(description="SHA-256 (hexadécimal) du PDF envoyé.")
    remis_le: date | None = Field(description="La date certaine de réception, si elle est enregistrée.")
    preuve_de_remise: PreuveRemise | None


@routeur.get(
    "",
    summary="Lister les courriers émis",
    response_description="Les courriers, dans l'ordre de leur émission.",
    response_model=list[CourrierVue],
    responses={**REPONSES_LECTURE, 403: LECTURE_RESTREINTE},
)
def lister_courriers(parcours: ParcoursLu, droits: DroitsLus, app: ApplicationDep) -> list[CourrierVue]:
    """Les courriers que le parcours a émis, dans l'ordre de leur envoi, chacun avec sa date certaine de réception
    quand elle est enregistrée (sans elle, aucun délai ne court) : ceux dont votre rôle requiert la lecture."""
    suivis = courriers_suivis(app.historique(parcours.id, jusqu_a_version=parcours.version))
    return [_vue(s) for s in suivis if LECTURES[s.emis.nature] in droits.lectures]


def _vue(suivi: CourrierSuivi) -> CourrierVue:
    emis = suivi.emis
    return CourrierVue(
        version=suivi.version,
        nature=emis.nature,
        libelle=NATURES_COURRIER[emis.nature],
        destinataire=emis.destinataire,
        canal=emis.canal,
        envoye_le=emis.decision.effective_le,
        empreinte=emis.empreinte,
        remis_le=suivi.remis_le,
        preuve_de_remise=suivi.preuve,
    )


@routeur.get(
    "/{version}",
    summary="Lire un courrier émis (PDF)",
    response_class=Response,
    responses={
        200: {
            "description": "Le courrier, tel qu'il a été envoyé (PDF/A-3).",
            "headers": {"Content-Disposition": entete("Content-Disposition")},
            **PDF,
        },
        **REPONSES_LECTURE,
        403: LECTURE_RESTREINTE,
        409: reponse_probleme(
            "Aucun courrier émis à cette version (`courrier-inconnu`), ou le courrier rendu à nouveau n'a plus "
            "l'empreinte enregistrée (`courrier-non-reproductible`)."
        ),
    },
)
def lire_courrier(version: VersionDuCourrier, parcours: ParcoursLu, droits: DroitsLus, app: ApplicationDep) -> Response:
    """Le courrier émis à la version `version`, rédigé à nouveau depuis les événements et la fiche de la personne
    telles qu'elles étaient lues à son envoi : les mêmes octets, donc la même empreinte SHA-256, que le courrier
    envoyé (en-tête `Repr-Digest`, RFC 9530). Si l'empreinte diffère (données personnelles effacées depuis, version
    du logiciel qui rédige autrement), le courrier n'est pas servi : c'est l'empreinte enregistrée qui fait foi."""
    rendu = app.courrier(parcours, version)
    if LECTURES[rendu.emis.nature] not in droits.lectures:
        raise Probleme(
            403, "Ce courrier : votre rôle dans ce parcours n'en requiert pas la lecture.", "lecture-restreinte"
        )
    if not rendu.conforme:
        raise Probleme(
            409,
            "Le courrier rédigé à nouveau n'a pas l'empreinte enregistrée à son envoi (données personnelles effacées, "
            f"ou rédaction changée depuis) ; l'empreinte enregistrée est {rendu.emis.empreinte}.",
            "courrier-non-reproductible",
        )
    empreinte = base64.b64encode(bytes.fromhex(rendu.empreinte)).decode()
    entetes = {
        "Content-Disposition": f'attachment; filename="{nom_de_fichier(rendu.emis.nature)}"',
        "Repr-Digest": f"sha-256=:{empreinte}:",
    }
    return Response(rendu.pdf, media_type="application/pdf", headers=entetes)


@routeur.post(
    "/{version}/reception",
    summary="Enregistrer la réception d'un courrier",
    **commande(ParcoursApplication.constater_remise, AGENTS | AUTORITE),
)
def constater_remise(
    version: VersionDuCourrier, parcours: ParcoursVisible, corps: ConstaterRemise, app: ApplicationDep,
    executeur: ExecuteurDep,
) -> JSONResponse:  # fmt: skip
    """Enregistre la date certaine de réception du courrier émis à la version `version` et ce qui l'établit (accusé
    de réception, première présentation, accusé de lecture, remise en main propre) : `CourrierRemis`. Pour un avis
    de procédure contradictoire en cours dont la réception n'est pas encore enregistrée, la même commande fait courir
    les 10 jours d'observations (`AvisContradictoireReceptionne`) : la date n'est saisie qu'une fois."""
    remis_le, preuve = corps.remis_le, corps.preuve
    return executeur.executer(corps, lambda saisie: app.constater_remise(parcours, saisie, version, remis_le, preuve))
