"""The ``parcours`` command line; each sub-command is a thin adapter over infrastructure."""

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from application.orientation import auditer as auditer_propositions
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.audit import signer_un_point, verifier
from infrastructure.composition import construire_application
from infrastructure.consultations import journal_pour, limite_de_retention
from infrastructure.execution_projections import etat_des_vues, suivre
from infrastructure.export import verifier_export
from infrastructure.jetons import ROLES_PAR_JETON, JetonInvalide, Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reconstruction import reconstruire
from infrastructure.referentiels import ErreurReferentiel, charger_orientation
from infrastructure.reglages import ReglageInvalide, Reglages, reglages_pour
from projections.projecteur import evenements


def analyseur() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parcours", description="parcours : dossiers du réseau pour l'emploi")
    commandes = parser.add_subparsers(dest="commande", required=True)
    commandes.add_parser("migrate", help="crée les tables et les déclencheurs d'immuabilité (idempotent)")
    serve = commandes.add_parser("serve", help="démarre l'API (SQLite dans var/ par défaut)")
    serve.add_argument("--hote", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    projections = commandes.add_parser("projections", help="les vues (dossier, journal) et leur retard")
    actions = projections.add_subparsers(dest="action", required=True)
    actions.add_parser("status", help="position et retard de chaque vue sur le journal des événements")
    actions.add_parser("run", help="suit un magasin PostgreSQL et tient les vues à jour (plusieurs possibles)")
    reconstruction = actions.add_parser("rebuild", help="reconstruit une vue depuis zéro, puis la substitue")
    reconstruction.add_argument("nom", help="dossier, journal ou corbeilles")
    audit = commandes.add_parser("audit", help="audits de l'historique")
    audits = audit.add_subparsers(dest="audit", required=True)
    audits.add_parser(
        "orientations", help="rejoue chaque proposition avec sa version et ses données ; code 1 au moindre écart"
    )
    verification = audits.add_parser(
        "verify", help="recalcule la chaîne d'intégrité depuis les événements stockés ; code 1 à la moindre divergence"
    )
    verification.add_argument("--parcours", type=UUID, help="ne vérifier que ce parcours")
    audits.add_parser("checkpoint", help="chaîne les derniers événements et signe un point de contrôle (Ed25519)")
    hors_ligne = audits.add_parser(
        "verifier-export", help="vérifie hors ligne un dossier de preuve (JSON) ; code 1 s'il a été modifié"
    )
    hors_ligne.add_argument("fichier", type=Path, help="le dossier exporté (GET /parcours/{id}/export)")
    hors_ligne.add_argument("--cle-publique", type=Path, help="clé publique Ed25519 de confiance (PEM)")
    consultations = commandes.add_parser("consultations", help="le journal des consultations")
    consultations.add_subparsers(dest="action", required=True).add_parser(
        "purge", help="efface les consultations plus anciennes que la durée de conservation"
    )
    token = commandes.add_parser("token", help="émet un jeton de développement (mode développement seulement)")
    token.add_argument("--role", required=True, choices=sorted(r.value for r in ROLES_PAR_JETON))
    token.add_argument("--organisme", choices=[o.value for o in Organisme])
    token.add_argument("--territoire", help="département, ex. 75")
    token.add_argument("--structure")
    token.add_argument("--sub", default="dev-1", help="identifiant de l'appelant")
    token.add_argument("--parcours", type=UUID, help="pour une personne : son parcours")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = analyseur().parse_args(argv)
    try:
        return executer(Reglages(), arguments)
    except ValidationError as erreur:
        # Never echo the input: a DATABASE_URL may carry a password.
        for detail in erreur.errors(include_input=False, include_url=False):
            print(f"parcours : réglage {'.'.join(map(str, detail['loc']))} : {detail['msg']}", file=sys.stderr)
        return 2
    except (ReglageInvalide, JetonInvalide, ErreurReferentiel) as erreur:
        print(f"parcours : {erreur}", file=sys.stderr)
        return 2


def executer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.commande == "migrate":
        for etape in migrer(reglages):
            print(f"ok : {etape}")
    elif arguments.commande == "serve":
        servir(reglages, arguments.hote, arguments.port)
    elif arguments.commande == "projections":
        projections(reglages, arguments)
    elif arguments.commande == "audit":
        return auditer(reglages, arguments)
    elif arguments.commande == "consultations":
        purger_les_consultations(reglages)
    else:
        print(jeton(reglages, arguments))
    return 0


def projections(reglages: Reglages, arguments: argparse.Namespace) -> None:
    if arguments.action == "run":
        arret = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: arret.set())
        print("projections : suivi du magasin (Ctrl-C pour arrêter)")
        try:
            suivre(reglages, arret)
        except KeyboardInterrupt:
            arret.set()
    elif arguments.action == "rebuild":
        print(f"{arguments.nom} : {reconstruire(reglages, arguments.nom)} événement(s) relus, vue substituée")
    else:
        for nom, position, retard in etat_des_vues(reglages):
            print(f"{nom:<10} position {position:>10}  retard {retard:>10} événement(s)")


def auditer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.audit == "orientations":
        return auditer_orientations(reglages)
    if arguments.audit == "verifier-export":
        return verifier_un_export(arguments.fichier, arguments.cle_publique)
    application = construire_application(reglages)
    try:
        if arguments.audit == "checkpoint":
            point = signer_un_point(application, reglages)
            print(f"point de contrôle : position {point.position}, {point.hash_global}" if point else "rien à signer")
            return 0
        divergences = verifier(application, reglages, arguments.parcours)
    finally:
        application.close()
    for divergence in divergences:
        print(f"DIVERGENCE {divergence}")
    print(f"vérification de la chaîne : {len(divergences)} divergence(s)")
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
            propositions += type(evenement).__name__ == "OrientationProposee"
            for trouve in auditer_propositions([evenement], application.referentiels):
                ecarts += 1
                print(f"ÉCART {trouve.parcours_id} v{trouve.version_parcours} ({trouve.referentiel}) : {trouve.detail}")
        print(f"audit des orientations : {propositions} proposition(s) rejouée(s), {ecarts} écart(s)")
        return 1 if ecarts else 0
    finally:
        application.close()


def jeton(reglages: Reglages, arguments: argparse.Namespace) -> str:
    revendications = Revendications(
        sub=arguments.sub,
        role=Role(arguments.role),
        organisme=Organisme(arguments.organisme) if arguments.organisme else None,
        territoire=arguments.territoire,
        structure=arguments.structure,
        parcours=arguments.parcours,
    )
    return emettre_jeton_dev(reglages, revendications)


def servir(reglages: Reglages, hote: str, port: int) -> None:
    import uvicorn  # noqa: PLC0415 - only the serve command needs the server

    charger_orientation(reglages.referentiels)  # a tampered referential stops here, with its message
    print(f"parcours sur {reglages.moteur} : documentation http://{hote}:{port}/docs")
    print("jeton de développement : parcours token --role conseiller --organisme FRANCE_TRAVAIL --territoire 75")
    uvicorn.run("api.app:app", host=hote, port=port, access_log=False)  # the JSON request log replaces it


if __name__ == "__main__":
    sys.exit(main())
