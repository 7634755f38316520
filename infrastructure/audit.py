"""``parcours audit verify`` and the checkpoints: the chain and the transparency log recomputed from the
stored events, every recorded checkpoint checked against the trusted key, the chain and the log, new
checkpoints signed."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from application.parcours import ParcoursApplication
from infrastructure.chaine import Chaineur, Maillon, verifier_le_magasin, verifier_le_parcours
from infrastructure.cle_signature import cle_de_signature
from infrastructure.consultations import journal_pour as journal_des_consultations
from infrastructure.consultations import limite_de_retention
from infrastructure.consultations_scellees import verifier_consultations
from infrastructure.divergence import Divergence
from infrastructure.points_de_controle import PointDeControle, signature_valide, signer
from infrastructure.reglages import Reglages
from infrastructure.sceaux import cle_de_sceau, verifier_sceaux, verifier_sceaux_du_parcours
from infrastructure.stockage_chaine import ChaineEnMemoire, ChaineSql, chaine_pour
from infrastructure.transparence.controle import verifier_le_journal, verifier_le_parcours_au_journal
from infrastructure.transparence.journal import CheckpointSigne
from infrastructure.transparence.tenue import cle_du_journal, journal_a_jour, journal_pour

Stockage = ChaineSql | ChaineEnMemoire


def notifications(recorder: ApplicationRecorder, taille_page: int = 1000) -> Iterator[Any]:
    """Every stored event in store order, with its position and stored bytes."""
    position = 0
    while page := recorder.select_notifications(start=position, limit=taille_page, inclusive_of_start=False):
        yield from page
        position = page[-1].id


def maillons(stockage: Stockage, taille_page: int = 1000) -> Iterator[Maillon]:
    position = 0
    while page := stockage.maillons(apres=position, limite=taille_page):
        yield from page
        position = page[-1].position


def verifier(application: ParcoursApplication, reglages: Reglages, parcours_id: UUID | None = None) -> list[Divergence]:
    """Every divergence between the stored events, their seals, their chain, the transparency log and the signed
    checkpoints."""
    stockage = chaine_pour(application)
    journal = journal_pour(application)
    if parcours_id is not None:
        stockes = application.recorder.select_events(parcours_id)
        return [
            *verifier_sceaux_du_parcours(application.recorder, cle_de_sceau(reglages), parcours_id),
            *verifier_le_parcours(stockes, stockage.maillons_du_parcours(str(parcours_id))),
            *verifier_le_parcours_au_journal(stockes, journal, cle_du_journal(reglages)),
        ]
    scelles = list(verifier_sceaux(application.recorder, cle_de_sceau(reglages)))
    ecarts = list(verifier_le_magasin(notifications(application.recorder), maillons(stockage)))
    au_journal = verifier_le_journal(notifications(application.recorder), journal, cle_du_journal(reglages))
    return scelles + ecarts + list(verifier_points(stockage, reglages)) + list(au_journal) + consultations(reglages)


def consultations(reglages: Reglages) -> list[Divergence]:
    """The consultations log against its seals (kept apart from the events, on its own datastore)."""
    registre = journal_des_consultations(reglages)
    try:
        limite = limite_de_retention(datetime.now(UTC), reglages.retention_consultations_mois)
        return list(verifier_consultations(registre, cle_de_sceau(reglages), limite))
    finally:
        registre.fermer()


def verifier_points(stockage: Stockage, reglages: Reglages) -> Iterator[Divergence]:
    """Each checkpoint is signed by the trusted key and matches the chain at its position."""
    confiance = cle_de_signature(reglages).public_key()
    for point in stockage.points_de_controle():
        lien = next(iter(stockage.maillons(apres=point.position - 1, limite=1)), None)
        if not signature_valide(point, confiance):
            yield _point(point, "signature invalide ou clé inconnue")
        elif lien is None or lien.position != point.position:
            yield _point(point, "la chaîne n'a plus de maillon à cette position")
        elif lien.hash_global != point.hash_global:
            yield _point(point, f"tête signée {point.hash_global}, chaîne {lien.hash_global}")


def _point(point: PointDeControle, detail: str) -> Divergence:
    return Divergence("point de contrôle contredit", point.position, "*", None, f"signé le {point.signe_le} : {detail}")


def signer_les_points(
    application: ParcoursApplication, reglages: Reglages
) -> tuple[PointDeControle | None, CheckpointSigne | None]:
    """On demand: the chain's head and the transparency log, each caught up then signed."""
    return signer_un_point(application, reglages), journal_a_jour(application, reglages)


def signer_un_point(application: ParcoursApplication, reglages: Reglages) -> PointDeControle | None:
    """Chains what is recorded, then signs the head (None when nothing is chained yet)."""
    stockage = chaine_pour(application)
    Chaineur(application, stockage).rattraper()
    tete = stockage.tete()
    if tete is None:
        return None
    point = signer(cle_de_signature(reglages), tete, datetime.now(UTC))
    stockage.ajouter_point(point)
    return point
