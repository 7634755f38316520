"""The transparency log in public (issue 20): its latest signed checkpoint with the witnesses' cosignatures, the
consistency proof between two of its sizes, its verifier key, and the door through which witnesses hand their
cosignatures back. No token: nothing here is personal, a checkpoint is an origin, a size and a root, and a proof
a list of hashes. The formats are C2SP's (signed-note, tlog-checkpoint, tlog-cosignature), so that tools that
know nothing of this project read them.

A read never signs: ``GET /transparence/checkpoint`` serves the last checkpoint the log's runner signed (at
start, then whenever the log grew and ``PARCOURS_INTERVALLE_CHECKPOINTS_SECONDES`` have passed, or on
``parcours audit checkpoint``). Signing stays with the runner, so that anonymous reads make the service
neither write nor use its signing key.
"""

import base64
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from api.dependances import ProjectionsDep, ReglagesDep
from api.problemes import Probleme
from api.routes.reponses import REPONSES_COMMANDE
from infrastructure.transparence.arbre import preuve_coherence
from infrastructure.transparence.journal import CheckpointSigne
from infrastructure.transparence.note import (
    Checkpoint,
    CleDeVerification,
    LigneDeSignature,
    NoteInvalide,
    SignatureInvalide,
    ajouter_signatures,
    decouper_note,
)
from infrastructure.transparence.tenue import Journal, cle_du_journal
from infrastructure.transparence.verification import TAILLE_MAX

routeur = APIRouter(prefix="/transparence", tags=["journal de transparence"])


NOTE_EXEMPLE = (
    "parcours.localhost/journal\n8\nLXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=\n\n"
    "— parcours.localhost/journal PzdoCE3J85YNzkCaegmvSJ9gwHHIIq1mz6F44d0c29xxnKhThPEzEIl+o/aaGWlNLUC2So4M2DOV/iibmbru6"
    "HwO3gY=\n"
    "— greffe.example/temoin KrLeTwAAAABoPZJA55PZJAPyNBPkCRnjVio3Bl9meuNjw25nepj4WijHZMaO8LGdtEW0onENgm2V4+WHLidXz5cT9V"
    "F+rwUnEGJvAA==\n"
)
TEXTE = "text/plain"


def _texte(description: str, exemple: str) -> dict[str, Any]:
    return {"description": description, "content": {TEXTE: {"schema": {"type": "string"}, "example": exemple}}}


def _probleme(statut: int, description: str) -> dict[str, Any]:
    return {**REPONSES_COMMANDE[statut], "description": description}


@cache
def temoins_acceptes(cles: tuple[str, ...]) -> dict[tuple[str, bytes], CleDeVerification]:
    """The witnesses' verifier keys (``PARCOURS_TEMOINS``), by name and key id as signature lines name them."""
    return {(cle.nom, cle.identifiant): cle for cle in map(CleDeVerification.lire, cles)}


async def note_deposee(request: Request) -> str:
    """The request body as text (the note is UTF-8, signed-note says)."""
    try:
        return (await request.body()).decode()
    except UnicodeDecodeError:
        raise Probleme(400, "Le corps n'est pas du texte UTF-8.", "note-invalide") from None


NoteDeposee = Annotated[str, Depends(note_deposee)]


@routeur.get(
    "/checkpoint",
    summary="Lire le dernier checkpoint signé",
    response_class=PlainTextResponse,
    responses={
        200: _texte("Le dernier checkpoint signé, suivi des cosignatures reçues des témoins.", NOTE_EXEMPLE),
        404: _probleme(404, "Le journal n'a encore signé aucun checkpoint (`aucun-checkpoint`)."),
    },
)
def lire_le_checkpoint(projections: ProjectionsDep) -> PlainTextResponse:
    """Le dernier checkpoint signé du journal de transparence (C2SP tlog-checkpoint : origine, taille, racine),
    en note signée (C2SP signed-note) par la clé du journal (`GET /transparence/cle`), suivie des cosignatures
    que les témoins ont déposées (C2SP tlog-cosignature). Le service le signe au démarrage puis chaque fois que
    le journal a grandi, au plus une fois par `PARCOURS_INTERVALLE_CHECKPOINTS_SECONDES` ; une lecture ne signe
    jamais. Aucune donnée personnelle : rien que des empreintes."""
    dernier = projections.journal.dernier_checkpoint()
    if dernier is None:
        raise Probleme(404, "Le journal n'a encore signé aucun checkpoint.", "aucun-checkpoint")
    return PlainTextResponse(_cosigne(dernier))


@routeur.get(
    "/coherence",
    summary="Lire une preuve de cohérence",
    response_class=PlainTextResponse,
    responses={
        200: _texte(
            "La preuve de cohérence : une empreinte SHA-256 en base64 par ligne (vide pour deux tailles égales).",
            "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=\nPiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=\n",
        ),
        400: _probleme(400, "L'ancienne taille dépasse la nouvelle, ou la nouvelle dépasse le journal."),
        422: _probleme(422, "Une taille manque, n'est pas un entier, ou est hors de 1..2^64-1."),
    },
)
def lire_une_preuve_de_coherence(
    projections: ProjectionsDep,
    ancienne: Annotated[int, Query(ge=1, le=TAILLE_MAX, description="La taille du plus petit arbre (≥ 1).")],
    nouvelle: Annotated[int, Query(ge=1, le=TAILLE_MAX, description="La taille du plus grand arbre.")],
) -> PlainTextResponse:
    """La preuve de cohérence (RFC 9162 §2.1.4) que l'arbre de `nouvelle` feuilles prolonge celui de `ancienne`
    feuilles : ce qu'un témoin vérifie avant de cosigner un checkpoint plus grand que le dernier qu'il a cosigné.
    Une empreinte en base64 par ligne, comme les envoie C2SP tlog-witness."""
    journal = projections.journal
    taille = journal.tete()[0]
    if ancienne > nouvelle:
        detail = f"L'ancienne taille ({ancienne}) dépasse la nouvelle ({nouvelle})."
        raise Probleme(400, detail, "tailles-invalides", taille=taille)
    if nouvelle > taille:
        detail = f"Le journal ne compte que {taille} feuille(s) : pas d'arbre de {nouvelle} feuilles."
        raise Probleme(400, detail, "tailles-invalides", taille=taille)
    preuve = preuve_coherence(ancienne, nouvelle, journal)
    return PlainTextResponse("".join(f"{base64.b64encode(h).decode()}\n" for h in preuve))


@routeur.get(
    "/cle",
    summary="Lire la clé publique du journal",
    response_class=PlainTextResponse,
    responses={
        200: _texte(
            "La clé de vérification du journal (C2SP signed-note : nom+identifiant+clé).",
            "parcours.localhost/journal+3f376808+AZj2Xw48AUVstYrpeHIBUEmkBzHJ5LDtwliRkrCSxi+C\n",
        )
    },
)
def lire_la_cle(reglages: ReglagesDep) -> PlainTextResponse:
    """La clé publique qui vérifie les checkpoints du journal, en clé de vérification C2SP (`nom+id+clé`) :
    celle que les témoins et les vérificateurs reçoivent, à comparer à celle que l'exploitant publie."""
    return PlainTextResponse(f"{cle_du_journal(reglages).texte()}\n")


@routeur.post(
    "/cosignatures",
    summary="Déposer une cosignature",
    response_class=PlainTextResponse,
    status_code=201,
    responses={
        201: _texte("Cosignature enregistrée ; le checkpoint tel que le service le sert désormais.", NOTE_EXEMPLE),
        200: _texte("Ce témoin avait déjà cosigné ce checkpoint : rien de changé.", NOTE_EXEMPLE),
        400: _probleme(400, "Le corps n'est pas une note signée portant un checkpoint (`note-invalide`)."),
        403: _probleme(
            403,
            "Aucune cosignature d'un témoin accepté (`temoin-inconnu`), ou une cosignature qui ne se vérifie pas "
            "(`cosignature-invalide`).",
        ),
        404: _probleme(404, "Le journal n'a signé aucun checkpoint de cette taille (`checkpoint-inconnu`)."),
        409: _probleme(409, "Le journal a signé un autre checkpoint de cette taille (`checkpoint-different`)."),
        413: REPONSES_COMMANDE[413],
    },
)
def deposer_une_cosignature(note: NoteDeposee, projections: ProjectionsDep, reglages: ReglagesDep) -> PlainTextResponse:
    """Un témoin dépose sa cosignature (C2SP tlog-cosignature, `cosignature/v1`). Corps `text/plain` : le
    checkpoint cosigné, c'est-à-dire la note que sert `GET /transparence/checkpoint` suivie de la ligne de
    cosignature du témoin. Seuls comptent les témoins dont l'exploitant a déclaré la clé (`PARCOURS_TEMOINS`) ;
    le texte du checkpoint doit être, octet pour octet, celui que le journal a signé pour cette taille. Une
    cosignature par témoin et par checkpoint est gardée : la déposer de nouveau ne change rien (200)."""
    corps, cosignatures = _cosignatures_des_temoins(note, reglages.temoins)
    journal = projections.journal
    signe = _checkpoint_signe(journal, Checkpoint.lire(corps).taille)
    if decouper_note(signe.note)[0] != corps:
        detail = f"Le journal a signé un autre checkpoint de {signe.taille} feuilles que celui cosigné."
        raise Probleme(409, detail, "checkpoint-different")
    deja = {(ligne.nom, ligne.identifiant) for ligne in decouper_note(_cosigne(signe))[1]}
    nouvelles = {cle: ligne for cle, ligne in cosignatures.items() if (cle.nom, cle.identifiant) not in deja}
    recu_le = datetime.now(UTC).isoformat()
    for cle, ligne in nouvelles.items():
        journal.ajouter_cosignature(signe.taille, cle.texte(), ligne, recu_le)
    servi = journal.checkpoint(signe.taille) or signe
    return PlainTextResponse(_cosigne(servi), status_code=201 if nouvelles else 200)


def _cosignatures_des_temoins(note: str, temoins: tuple[str, ...]) -> tuple[str, dict[CleDeVerification, str]]:
    """The checkpoint's text, read strictly, and each accepted witness's signature line, verified.

    Lines of other keys (the log's own signature among them) are ignored, as signed-note says; a line of an
    accepted witness that does not verify rejects the whole note.
    """
    try:
        corps, lignes = decouper_note(note)
        Checkpoint.lire(corps)
    except NoteInvalide as erreur:
        raise Probleme(400, f"Note refusée : {erreur}.", "note-invalide") from erreur
    brutes = note[len(corps) + 1 : -1].split("\n")  # the lines as sent, in the order decouper_note read them
    acceptes = temoins_acceptes(temoins)
    trouvees: dict[CleDeVerification, str] = {}
    for brute, ligne in zip(brutes, lignes, strict=True):
        if (cle := acceptes.get((ligne.nom, ligne.identifiant))) is not None:
            _verifier(cle, corps, ligne)
            trouvees.setdefault(cle, f"{brute}\n")
    if not trouvees:
        detail = "La note ne porte la cosignature d'aucun témoin que ce service accepte (PARCOURS_TEMOINS)."
        raise Probleme(403, detail, "temoin-inconnu")
    return corps, trouvees


def _verifier(cle: CleDeVerification, corps: str, ligne: LigneDeSignature) -> None:
    try:
        cle.verifier(corps, ligne.signature)
    except SignatureInvalide as erreur:
        raise Probleme(403, f"Cosignature refusée : {erreur}.", "cosignature-invalide") from erreur


def _checkpoint_signe(journal: Journal, taille: int) -> CheckpointSigne:
    signe = journal.checkpoint(taille)
    if signe is None:
        raise Probleme(404, f"Le journal n'a signé aucun checkpoint de {taille} feuilles.", "checkpoint-inconnu")
    return signe


def _cosigne(signe: CheckpointSigne) -> str:
    """The log's signed note with the witnesses' cosignature lines after its own signature."""
    return ajouter_signatures(signe.note, signe.cosignatures)
