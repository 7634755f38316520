"""The ``parcours`` command line; each sub-command is a thin adapter over infrastructure."""

import argparse
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, cast
from uuid import UUID

import psycopg
import structlog
from pydantic import ValidationError
from pydantic_settings import SettingsError

from application.masse import FORMATS, LOT_MAXIMUM
from application.principal import Role
from cli import audit, conservation, donnees, rappels, temoin, webhooks
from cli.analyse import Analyseur
from domain.vocabulaire import Organisme
from infrastructure import journalisation
from infrastructure.cle_maitre import CleIndechiffrable
from infrastructure.composition import construire_application
from infrastructure.demarrage import raison, verifier_le_magasin
from infrastructure.execution_projections import NOMS_DES_VUES, rapport_des_vues, suivre
from infrastructure.idempotence import magasin_pour
from infrastructure.jetons import ROLES_PAR_JETON, JetonInvalide, Revendications, emettre_jeton_dev
from infrastructure.journalisation import configuration_uvicorn
from infrastructure.migrations import migrer, verifier_la_version
from infrastructure.reconstruction import reconstruire
from infrastructure.referentiels import ErreurReferentiel, charger_orientation
from infrastructure.reglages import Mode, ReglageInvalide, Reglages
from infrastructure.reglages_erreurs import messages
from infrastructure.trousseau import trousseau_pour

if TYPE_CHECKING:
    import uvicorn

journal = structlog.get_logger("parcours.cli")


def analyseur() -> argparse.ArgumentParser:
    parser = Analyseur(prog="parcours", description="parcours : dossiers du réseau pour l'emploi")
    parser.add_argument(
        "--version",
        action="version",
        version=f"parcours {version('parcours')}",
        help="affiche la version, puis s'arrête",
    )
    # Typed as the plain parser the modules declare their commands on; each is an ``Analyseur`` all the same.
    commandes = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]", parser.add_subparsers(dest="commande", required=True)
    )
    commandes.add_parser("migrate", help="crée les tables et les déclencheurs d'immuabilité (idempotent)")
    serve = commandes.add_parser("serve", help="démarre l'API (SQLite dans var/ par défaut)")
    serve.add_argument("--hote", default="127.0.0.1", help="l'adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=donnees.entier(1, 65535), default=8000, help="le port d'écoute (8000)")
    serve.add_argument(
        "--workers",
        type=donnees.entier(1, 64),
        default=1,
        help="processus de l'API (1 ; sur PostgreSQL, avec PARCOURS_PROJECTIONS=externes et `projections run`)",
    )
    projections = commandes.add_parser("projections", help=f"les vues ({', '.join(NOMS_DES_VUES)}) et leur retard")
    actions = projections.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "status", help="position et retard de chaque vue, et où elle est bloquée ; code 1 si une vue est bloquée"
    )
    suivi = actions.add_parser("run", help="suit un magasin PostgreSQL et tient les vues à jour (plusieurs possibles)")
    suivi.add_argument(
        "--vue",
        action="append",
        choices=NOMS_DES_VUES,
        help="n'appliquer que cette vue (répétable ; toutes par défaut) : un processus par vue, chacune à son rythme",
    )
    reconstruction = actions.add_parser("rebuild", help="reconstruit une vue depuis zéro, puis la substitue")
    reconstruction.add_argument("nom", help=", ".join(NOMS_DES_VUES))
    audit = commandes.add_parser("audit", help="audits de l'historique")
    audits = audit.add_subparsers(dest="audit", required=True)
    audits.add_parser(
        "orientations", help="rejoue chaque proposition avec sa version et ses données ; code 1 au moindre écart"
    )
    verification = audits.add_parser(
        "verify",
        help="vérifie les sceaux, le journal de transparence et ses checkpoints, le journal des consultations ; "
        "code 1 à la moindre divergence",
    )
    verification.add_argument("--parcours", type=UUID, help="ne vérifier que ce parcours")
    audits.add_parser("checkpoint", help="journalise les derniers événements et signe un checkpoint (C2SP, Ed25519)")
    audits.add_parser("cle-publique", help="la clé publique (PEM et C2SP) qui vérifie les checkpoints, à publier")
    hors_ligne = audits.add_parser(
        "verifier-export", help="vérifie hors ligne un dossier de preuve (JSON) ; code 1 s'il a été modifié"
    )
    hors_ligne.add_argument("fichier", type=Path, help="le dossier exporté (GET /parcours/{id}/export)")
    hors_ligne.add_argument(
        "--cle-journal",
        required=True,
        help="clé de vérification du journal (C2SP nom+identifiant+clé, donnée par `parcours audit cle-publique`), "
        "ou un fichier qui la contient",
    )
    hors_ligne.add_argument(
        "--temoin",
        action="append",
        default=[],
        help="clé d'un témoin dont la cosignature du checkpoint est exigée, ou un fichier de clés (répétable)",
    )
    consultations = commandes.add_parser("consultations", help="le journal des consultations")
    consultations.add_subparsers(dest="action", required=True).add_parser(
        "purge", help="efface les consultations plus anciennes que la durée de conservation"
    )
    idempotence = commandes.add_parser("idempotence", help="les clés d'idempotence des commandes")
    idempotence.add_subparsers(dest="action", required=True).add_parser(
        "purge", help="oublie les clés plus anciennes que PARCOURS_IDEMPOTENCE_HEURES (24 h par défaut)"
    )
    conservation.declarer(commandes)
    rappels.declarer(commandes)
    webhooks.declarer(commandes)
    temoin.declarer(commandes)
    cles = commandes.add_parser("cles", help="les clés des personnes")
    cles.add_subparsers(dest="action", required=True).add_parser(
        "rotation",
        help="renveloppe sous PARCOURS_CLE_MAITRE les clés enveloppées par PARCOURS_CLE_MAITRE_PRECEDENTE",
    )
    importation = commandes.add_parser(
        "import", help="inscrit en masse les personnes d'un flux (CAF, partenaire) : une par ligne, par lots"
    )
    importation.add_argument("fichier", type=Path, help="lignes JSON ou CSV ; refus dans <fichier>.refus.jsonl")
    importation.add_argument("--format", choices=FORMATS, help="par défaut d'après l'extension (.csv, sinon jsonl)")
    importation.add_argument(
        "--lot", type=donnees.entier(1, LOT_MAXIMUM), default=200, help="lignes par transaction (200 ; au plus 250)"
    )
    importation.add_argument("--partenaire", default="flux-caf", help="l'auteur des inscriptions (rôle partenaire)")
    importation.add_argument(
        "--processus", type=donnees.entier(1, 16), help="processus d'import sur PostgreSQL (2 par défaut)"
    )
    demonstration = commandes.add_parser(
        "demo", help="génère des parcours plausibles par les commandes de l'application"
    )
    demonstration.add_argument("--parcours", type=donnees.entier(1, 10_000_000), required=True, help="combien")
    demonstration.add_argument("--graine", type=int, default=42, help="même graine, mêmes histoires")
    demonstration.add_argument("--depuis", type=donnees.jour, default=date(2025, 1, 6), help="AAAA-MM-JJ")
    jeton_dev = commandes.add_parser("token", help="émet un jeton de développement (mode développement seulement)")
    options_du_jeton(jeton_dev)
    return parser


def options_du_jeton(token: argparse.ArgumentParser) -> None:
    token.add_argument("--role", required=True, choices=sorted(r.value for r in ROLES_PAR_JETON))
    token.add_argument("--organisme", choices=[o.value for o in Organisme])
    token.add_argument("--territoire", help="département, ex. 75")
    token.add_argument("--structure")
    token.add_argument("--sub", default="dev-1", help="identifiant de l'appelant")
    token.add_argument("--parcours", type=UUID, help="pour une personne : son parcours")
    token.add_argument("--prenom", help="given_name : prénom de l'agent, mentionné dans ses décisions (CRPA L.212-1)")
    token.add_argument("--nom", help="family_name : nom de l'agent, mentionné dans ses décisions")
    token.add_argument("--qualite", help="qualité de l'agent, ex. « conseillère en insertion professionnelle »")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = analyseur().parse_args(argv)
    if arguments.commande == "temoin":  # run by an outside body, on its machine: none of the service's settings
        return temoin.executer(arguments)
    journalisation.configurer()  # a command's log lines, a runner's progress among them, are JSON too
    try:
        return executer(Reglages(), arguments)
    except (ValidationError, SettingsError) as erreur:
        for message in messages(erreur):
            print(f"parcours : {message}", file=sys.stderr)
        return 2
    except (ReglageInvalide, JetonInvalide, ErreurReferentiel, CleIndechiffrable) as erreur:
        print(f"parcours : {erreur}", file=sys.stderr)
        return 2
    except psycopg.OperationalError as erreur:  # the store went away while the command ran
        print(f"parcours : DATABASE_URL : PostgreSQL ne répond pas ({raison(erreur)})", file=sys.stderr)
        return 2


def executer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    """Runs the command named; its exit code (0 when it has none of its own)."""
    return COMMANDES[arguments.commande](reglages, arguments) or 0


def migrer_et_dire(reglages: Reglages, _arguments: argparse.Namespace) -> None:
    verifier_le_magasin(reglages)
    for etape in migrer(reglages):
        print(f"ok : {etape}")


def importer(reglages: Reglages, arguments: argparse.Namespace) -> int:
    format_ = arguments.format or ("csv" if arguments.fichier.suffix.lower() == ".csv" else "jsonl")
    return donnees.importer(
        reglages, arguments.fichier, format_, arguments.lot, arguments.partenaire, arguments.processus
    )


def projections(reglages: Reglages, arguments: argparse.Namespace) -> int:
    if arguments.action == "run":
        arret = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: arret.set())
        try:
            suivre(reglages, arret, vues=arguments.vue or NOMS_DES_VUES)
        except KeyboardInterrupt:
            arret.set()
    elif arguments.action == "rebuild":
        print(f"{arguments.nom} : {reconstruire(reglages, arguments.nom)} événement(s) relus, vue substituée")
    else:
        return etat_des_projections(reglages)
    return 0


def etat_des_projections(reglages: Reglages) -> int:
    """Prints each view's position and lag, and where a view is stuck; 1 if one is (for monitoring)."""
    bloquees = 0
    for etat in rapport_des_vues(reglages):
        ligne = f"{etat.nom:<10} position {etat.position:>10}  retard {etat.retard:>10} événement(s)"
        if (blocage := etat.blocage) is not None:
            bloquees += 1
            ligne += (
                f"  BLOQUÉE à la position {blocage.position} ({blocage.topic}) depuis "
                f"{blocage.depuis.isoformat(timespec='seconds')} : {blocage.erreur}"
            )
        print(ligne)
    if bloquees:
        print("débloquer une vue : docs/projections.md, « Débloquer une vue »", file=sys.stderr)
    return 1 if bloquees else 0


def purger_les_cles(reglages: Reglages) -> None:
    application = construire_application(reglages)
    try:
        duree = timedelta(hours=reglages.idempotence_heures)
        print(f"idempotence : {magasin_pour(application.recorder, duree).purger()} clé(s) expirée(s) oubliée(s)")
    finally:
        application.close()


def renvelopper_les_cles(reglages: Reglages) -> None:
    trousseau = trousseau_pour(reglages)
    try:
        nombre = trousseau.renvelopper()
        print(f"clés : {nombre} clé(s) renveloppée(s) sous la clé maîtresse de version {reglages.cle_maitre_version}")
    finally:
        trousseau.fermer()


def jeton(reglages: Reglages, arguments: argparse.Namespace) -> str:
    revendications = Revendications(
        sub=arguments.sub,
        role=Role(arguments.role),
        organisme=Organisme(arguments.organisme) if arguments.organisme else None,
        territoire=arguments.territoire,
        structure=arguments.structure,
        parcours=arguments.parcours,
        given_name=arguments.prenom,
        family_name=arguments.nom,
        qualite=arguments.qualite,
    )
    return emettre_jeton_dev(reglages, revendications)


def servir(reglages: Reglages, hote: str, port: int, workers: int = 1) -> None:
    import uvicorn  # noqa: PLC0415 - only the serve command needs the server
    from uvicorn.supervisors import Multiprocess  # noqa: PLC0415

    charger_orientation(reglages.referentiels)  # a tampered referential stops here, with its message
    verifier_le_magasin(reglages)  # a store out of reach stops here, in one line, not in the workers
    verifier_la_version(reglages)  # a schema this release does not know, or not migrated yet: one line too
    journalisation.configurer()  # stdout holds JSON lines only, uvicorn's included (log_config)
    jeton = "parcours token --role conseiller --organisme FRANCE_TRAVAIL --territoire 75"
    journal.info(
        "service_demarre", moteur=reglages.moteur, mode=reglages.mode.value, workers=workers,
        documentation=f"http://{hote}:{port}/docs",
        jeton_de_developpement=jeton if reglages.mode is Mode.DEVELOPPEMENT else None,
    )  # fmt: skip
    # The JSON request log replaces uvicorn's access log.
    journaux = configuration_uvicorn()
    if workers == 1:
        uvicorn.run("api.app:app", host=hote, port=port, access_log=False, log_config=journaux)
        return
    config = uvicorn.Config("api.app:app", host=hote, port=port, access_log=False, log_config=journaux, workers=workers)
    Multiprocess(config, sockets=[ecoute_tcp(config)]).run()


def ecoute_tcp(config: "uvicorn.Config") -> socket.socket:
    """The workers' listening socket, opened again from its descriptor so that it says it is TCP.
    uvicorn binds it without ``proto=IPPROTO_TCP``; asyncio then leaves Nagle's algorithm on for every
    connection accepted, and each keep-alive request waits for the client's delayed ACK (uvicorn issue
    3149; measured here, ``GET /health`` p50 44 ms with 2 workers against 1.9 ms with one)."""
    lie = config.bind_socket()
    ecoute = socket.socket(fileno=lie.detach())  # family, type and protocol read back from the kernel
    ecoute.set_inheritable(True)
    return ecoute


COMMANDES: dict[str, Callable[[Reglages, argparse.Namespace], int | None]] = {
    "migrate": migrer_et_dire,
    "serve": lambda reglages, a: servir(reglages, a.hote, a.port, a.workers),
    "projections": projections,
    "audit": audit.auditer,
    "consultations": lambda reglages, _a: audit.purger_les_consultations(reglages),
    "idempotence": lambda reglages, _a: purger_les_cles(reglages),
    "rappels": rappels.donner,
    "webhooks": webhooks.executer,
    "donnees": lambda reglages, a: conservation.purger_les_donnees(reglages, a.a_blanc, a.au),
    "cles": lambda reglages, _a: renvelopper_les_cles(reglages),
    "import": importer,
    "demo": lambda reglages, a: donnees.demo(reglages, a.parcours, a.graine, a.depuis),
    "token": lambda reglages, a: print(jeton(reglages, a)),
}
"""Each command of ``parcours`` (but ``temoin``, run with none of the service's settings) and what runs it."""


if __name__ == "__main__":
    sys.exit(main())
