"""``parcours audit ...`` and ``parcours consultations purge``: thin adapters over the audit trail
(chain verification, checkpoints, offline export verification, orientation replay) and the log purge."""

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from application.orientation import auditer as auditer_propositions
from domain.parcours import Parcours
from infrastructure.audit import signer_les_points, verifier
from infrastructure.cle_signature import cle_de_signature
from infrastructure.composition import construire_application
from infrastructure.consultations import journal_pour, limite_de_retention
from infrastructure.export import verifier_export
from infrastructure.reglages import ReglageInvalide, Reglages, reglages_pour
from infrastructure.transparence.tenue import cle_du_journal
from projections.projecteur import evenements


def auditer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.audit == "orientations":
        return auditer_orientations(reglages)
    if arguments.audit == "verifier-export":
        return verifier_un_export(arguments.fichier, arguments.cle_publique)
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
            point, checkpoint = signer_les_points(application, reglages)
            print(f"point de contrôle : position {point.position}, {point.hash_global}" if point else "rien à signer")
            print(checkpoint.note if checkpoint else "journal vide : rien à signer", end="")
            return 0
        divergences = verifier(application, reglages, arguments.parcours)
    finally:
        application.close()
    for divergence in divergences:
        print(f"DIVERGENCE {divergence}")
    print(f"vérification de la chaîne et du journal : {len(divergences)} divergence(s)")
    return 1 if divergences else 0


def verifier_un_export(fichier: Path, cle_publique: Path | None) -> int:
    """Without the database: the bundle's fingerprint, chain, readable fields and checkpoint."""
    paquet = json.loads(fichier.read_text(encoding="utf-8"))
    confiance = serialization.load_pem_public_key(cle_publique.read_bytes()) if cle_publique else None
    if confiance is not None and not isinstance(confiance, Ed25519PublicKey):
        raise ReglageInvalide(f"{cle_publique} n'est pas une clé publique Ed25519")
    decodeur = construire_application(reglages_pour("memory://"))  # its mapper reads the stored bytes
    try:
        ecarts = verifier_export(paquet, decodeur.mapper, confiance)
    finally:
        decodeur.close()
    for ecart in ecarts:
        print(f"ÉCART {ecart}")
    print(
        f"{fichier} : {len(paquet['evenements'])} événement(s), {len(ecarts)} écart(s), empreinte {paquet['empreinte']}"
    )
    return 1 if ecarts else 0


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
