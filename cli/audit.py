"""``parcours audit ...`` and ``parcours consultations purge``: thin adapters over the audit trail
(seals and transparency log verification, checkpoints, offline export verification, orientation replay) and the
log purge."""

import argparse
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from application.orientation import auditer as auditer_propositions
from domain.parcours import Parcours
from infrastructure.audit import verifier
from infrastructure.cle_signature import cle_de_signature
from infrastructure.composition import construire_application
from infrastructure.consultations import journal_pour, limite_de_retention
from infrastructure.reglages import ReglageInvalide, Reglages, reglages_pour
from infrastructure.transparence.note import TYPE_COSIGNATURE_V1, TYPE_ED25519, CleDeVerification, CleInvalide
from infrastructure.transparence.tenue import cle_du_journal, journal_a_jour
from infrastructure.verification_export import evenements_scelles, verifier_export
from projections.projecteur import evenements


def auditer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.audit == "orientations":
        return auditer_orientations(reglages)
    if arguments.audit == "verifier-export":
        return verifier_un_export(arguments.fichier, arguments.cle_journal, arguments.temoin)
    application = construire_application(reglages)
    try:
        if arguments.audit == "cle-publique":
            cle = cle_de_signature(reglages).public_key()
            print(
                cle.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
            )
            print(f"clé de vérification du journal (C2SP) : {cle_du_journal(reglages).texte()}")
            return 0
        if arguments.audit == "checkpoint":
            checkpoint = journal_a_jour(application, reglages)
            print(checkpoint.note if checkpoint else "journal vide : rien à signer", end="")
            return 0
        divergences = verifier(application, reglages, arguments.parcours)
    finally:
        application.close()
    for divergence in divergences:
        print(f"DIVERGENCE {divergence}")
    print(f"vérification des sceaux et du journal : {len(divergences)} divergence(s)")
    return 1 if divergences else 0


def verifier_un_export(fichier: Path, cle_journal: str, temoins: Sequence[str]) -> int:
    """Without the database: the bundle against the log's key and the witnesses required (``export.py``)."""
    try:
        paquet = json.loads(fichier.read_text(encoding="utf-8"))
    except (OSError, ValueError) as erreur:
        raise ReglageInvalide(f"{fichier} : dossier de preuve illisible ({erreur})") from None
    cle = cles_de_verification(cle_journal, TYPE_ED25519, "--cle-journal")
    if len(cle) != 1:
        raise ReglageInvalide(f"--cle-journal : une seule clé du journal attendue, {len(cle)} trouvée(s)")
    cles_temoins = [t for temoin in temoins for t in cles_de_verification(temoin, TYPE_COSIGNATURE_V1, "--temoin")]
    decodeur = construire_application(reglages_pour("memory://"))  # its mapper reads the stored bytes, no key
    try:
        ecarts = verifier_export(paquet, decodeur.mapper, cle[0], cles_temoins)
    finally:
        decodeur.close()
    for ecart in ecarts:
        print(f"ÉCART {ecart}")
    if not ecarts and (scelles := evenements_scelles(paquet)):
        versions = ", ".join(map(str, scelles))
        print(f"événement(s) {versions} : données personnelles scellées, vérifiées par l'attestation seule")
    nombre = len(paquet.get("evenements") or []) if isinstance(paquet, dict) else 0
    empreinte = paquet.get("empreinte") if isinstance(paquet, dict) else None
    temoins_requis = f", {len(cles_temoins)} témoin(s) requis" if cles_temoins else ""
    print(f"{fichier} : {nombre} événement(s){temoins_requis}, {len(ecarts)} écart(s), empreinte {empreinte}")
    return 1 if ecarts else 0


def cles_de_verification(valeur: str, type_signature: int, option: str) -> list[CleDeVerification]:
    """A C2SP verifier key (``nom+identifiant+clé``), or a file holding some, e.g. what ``parcours audit
    cle-publique`` prints: the keys of the type asked for that it holds, the rest ignored."""
    try:
        cles = [CleDeVerification.lire(valeur)]
    except CleInvalide:
        chemin = Path(valeur)
        if not chemin.is_file():
            raise ReglageInvalide(
                f"{option} : ni une clé de vérification (nom+identifiant+clé) ni un fichier"
            ) from None
        cles = [c for mot in chemin.read_text(encoding="utf-8").split() if (c := _cle_ou_rien(mot)) is not None]
        cles = [c for c in cles if c.type_signature == type_signature]
    if not cles or any(c.type_signature != type_signature for c in cles):
        attendu = "du journal (signature de notes)" if type_signature == TYPE_ED25519 else "de témoin (cosignature/v1)"
        raise ReglageInvalide(f"{option} : aucune clé {attendu} dans {valeur!r}")
    return cles


def _cle_ou_rien(texte: str) -> CleDeVerification | None:
    try:
        return CleDeVerification.lire(texte)
    except CleInvalide:
        return None


def purger_les_consultations(reglages: Reglages) -> None:
    registre = journal_pour(reglages)
    try:
        avant = limite_de_retention(datetime.now(UTC), reglages.retention_consultations_mois)
        print(f"consultations : {registre.purger(avant)} entrée(s) antérieure(s) au {avant:%d/%m/%Y} effacée(s)")
    finally:
        registre.fermer()


def auditer_orientations(reglages: Reglages) -> int:
    """Replays every recorded proposal; prints each difference; 1 if there is any, else 0."""
    application = construire_application(reglages)
    try:
        assert application.referentiels is not None  # construire_application always loads them
        propositions, ecarts = 0, 0
        for evenement in evenements(application):
            propositions += isinstance(evenement, Parcours.OrientationProposee)
            for trouve in auditer_propositions([evenement], application.referentiels):
                ecarts += 1
                print(f"ÉCART {trouve.parcours_id} v{trouve.version_parcours} ({trouve.referentiel}) : {trouve.detail}")
        print(f"audit des orientations : {propositions} proposition(s) rejouée(s), {ecarts} écart(s)")
        return 1 if ecarts else 0
    finally:
        application.close()
