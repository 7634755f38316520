"""``python -m bench.pannes``: the service under faults loses no acknowledged event, doubles none,
leaves no idempotency key stuck, and its views end equal to a rebuild (issue 16).

    .venv/bin/python -m bench.pannes [--court] [--sortie FICHIER.json] [--journaux DOSSIER]

A black box driven as an operator drives it: a private PostgreSQL cluster (``bench.grappe``),
``parcours migrate``, ``parcours serve --workers 2`` following the views of one ``parcours projections
run``, tokens from ``parcours token``. Client threads take people through whole parcours, an
``Idempotency-Key`` on every command, a lost answer sent again with the same key (``bench.pannes_charge``).
Meanwhile, faults in turn, the load running: ``kill -9`` of an API worker, of the runner, of the whole
service, and PostgreSQL restarted ``fast`` then ``immediate``. Then the views are awaited at the store's
last position and the store, the views and the audit chain are checked (``bench.pannes_bilan``).
``--court`` is one fault of each kind in about half a minute (the suite runs it); the long form, six
rounds of them over several minutes. The exit code is 1 when any check fails.
"""

import argparse
import dataclasses
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from application.parcours import ParcoursApplication
from bench.grappe import Arret, Grappe, port_libre
from bench.pannes_bilan import (
    Magasin,
    attendre_les_vues,
    consultations_journalisees,
    doubles,
    lire_le_magasin,
    perdus,
    vues_differentes,
)
from bench.pannes_charge import Charge, enchainer
from bench.pannes_service import ServiceSousPannes, processus_mentionnant
from bench.tableau import Cible, Ligne, publier
from infrastructure.composition import construire_application
from infrastructure.execution_projections import NOMS_DES_VUES
from infrastructure.reglages import Reglages, reglages_pour

PANNES = ("worker", "projections", "postgres fast", "service", "postgres immediate")
"""The faults of one round, in this order."""
ZERO = Cible("≤", 0, "valeur")
"""The target of every check: nothing found."""


@dataclass(frozen=True)
class Options:
    clients: int = 8
    """Client threads, each taking one person at a time through a parcours."""
    parcours: int = 5000
    """At most this many people in all (the load otherwise runs until the last fault has passed)."""
    tours: int = 6
    """Rounds of ``PANNES``."""
    intervalle: float = 8.0
    """Seconds of load between the service's recovery from a fault and the next fault."""
    delai: float = 60.0
    """Seconds a command may take, retries included, before its key counts as stuck."""
    attente_vues: float = 120.0
    """Seconds the views may take to reach the store's last position at the end."""

    @classmethod
    def court(cls) -> "Options":
        return cls(clients=4, parcours=400, tours=1, intervalle=2.0, delai=15.0, attente_vues=60.0)


@dataclass(frozen=True)
class Resultat:
    lignes: list[Ligne]
    taille: dict[str, int]

    @property
    def reussi(self) -> bool:
        return all(ligne.atteinte is not False for ligne in self.lignes)


def injecter(panne: str, service: ServiceSousPannes, grappe: Grappe) -> bool:
    """Injects ``panne``; False if there was nothing to hit (no API worker running)."""
    if panne == "worker":
        return service.tuer_un_worker()
    if panne == "projections":
        service.tuer_les_projections()
    elif panne == "service":
        service.tuer_tout()
    else:
        mode: Arret = "fast" if panne.endswith("fast") else "immediate"
        grappe.redemarrer(mode)
    return True


def patienter(secondes: float, service: ServiceSousPannes) -> None:
    """``secondes`` of load, the supervisor making its rounds."""
    limite = time.monotonic() + secondes
    while time.monotonic() < limite:
        service.surveiller()
        time.sleep(0.1)


def piloter(service: ServiceSousPannes, grappe: Grappe, options: Options) -> tuple[Counter[str], list[float]]:
    """Every fault in turn, ``intervalle`` seconds of load apart; each fault's recovery time (to ``/ready``)."""
    faites: Counter[str] = Counter()
    reprises = []
    for panne in [p for _ in range(options.tours) for p in PANNES]:
        patienter(options.intervalle, service)
        debut = time.monotonic()
        faites[panne] += injecter(panne, service, grappe)
        service.attendre_pret()
        reprises.append(time.monotonic() - debut)
    patienter(options.intervalle, service)
    return faites, reprises


def jetons(service: ServiceSousPannes) -> dict[str, dict[str, str]]:
    """A conseillère of the agency and the sanction authority of France Travail, Paris."""
    return {
        "conseiller": service.jeton("conseiller", "agent-42", "--organisme", "FRANCE_TRAVAIL", "--territoire", "75",
                                    "--structure", "FT-75-012"),
        "autorite": service.jeton("autorite_sanction", "dr-idf", "--organisme", "FRANCE_TRAVAIL", "--territoire", "75"),
    }  # fmt: skip


def charger(
    service: ServiceSousPannes,
    entetes: dict[str, dict[str, str]],
    options: Options,
    charge: Charge,
    pendant: Callable[[], None],
) -> None:
    """Runs the clients while ``pendant`` runs (the faults), then lets each finish its person."""
    arret = threading.Event()

    def un_client() -> None:
        try:
            enchainer(service.url, entetes, options.delai, arret, options.parcours, charge)
        except Exception as erreur:  # a bug of the bench itself: reported, never a silent thread
            with charge.verrou:
                charge.refus[threading.current_thread().name] = f"erreur du banc : {erreur!r}"

    fils = [threading.Thread(target=un_client, name=f"client-{n}") for n in range(options.clients)]
    for fil in fils:
        fil.start()
    try:
        pendant()
    finally:
        arret.set()
        for fil in fils:
            while fil.is_alive():
                fil.join(timeout=0.1)
                service.surveiller()


@dataclass
class Deroulement:
    """What happened while the service ran, for the checks and the table."""

    charge: Charge
    pannes: Counter[str]
    reprises: list[float]
    sorties: list[str]
    positions: dict[str, int]


def executer(options: Options, journaux: Path | None = None) -> Resultat:
    """The whole bench on a cluster of its own, removed at the end with every process it started."""
    with Grappe() as grappe, tempfile.TemporaryDirectory(prefix="parcours-pannes-") as dossier:
        service = ServiceSousPannes(grappe.url, Path(dossier), port_libre())
        try:
            deroulement = derouler(service, grappe, options)
        finally:
            service.arreter()
            if journaux is not None:
                garder_les_journaux(service, grappe, journaux)
        reglages = reglages_pour(service.database_url)
        application = construire_application(reglages)
        try:
            resultat = verifier(service, application, reglages, deroulement)
        finally:
            application.close()
    restes = service.restes() + [f"postgres {pid}" for pid in processus_mentionnant(str(grappe.dossier))]
    restes += [f"{grappe.dossier} existe encore"] if grappe.dossier.exists() else []
    reste = Ligne("pannes.restes", "restes après l'arrêt (processus, port, grappe)", len(restes), "", cible=ZERO,
                  note=_exemples(restes))  # fmt: skip
    return dataclasses.replace(resultat, lignes=[*resultat.lignes, reste])


def derouler(service: ServiceSousPannes, grappe: Grappe, options: Options) -> Deroulement:
    """Migrates, starts the service, runs the load through the faults, then awaits the views."""
    service.migrer()
    entetes = jetons(service)  # creates the token key before the workers read it
    service.demarrer()
    charge, pannes, reprises = Charge(), Counter[str](), list[float]()

    def faire_les_pannes() -> None:
        faites, durees = piloter(service, grappe, options)
        pannes.update(faites)
        reprises.extend(durees)

    charger(service, entetes, options, charge, faire_les_pannes)
    reglages = reglages_pour(service.database_url)
    application = construire_application(reglages)
    try:
        positions = attendre_les_vues(application, reglages, options.attente_vues, service.surveiller)
    finally:
        application.close()
    sorties = [f"{s.processus} (code {s.code})" for s in service.sorties]
    return Deroulement(charge, pannes, reprises, sorties, positions)


def garder_les_journaux(service: ServiceSousPannes, grappe: Grappe, journaux: Path) -> None:
    journaux.mkdir(parents=True, exist_ok=True)
    for journal in (service.api.journal, service.projections.journal, grappe.journal):
        if journal.exists():
            shutil.copy(journal, journaux / journal.name)


def _exemples(textes: list[str], combien: int = 3) -> str:
    return "; ".join(textes[:combien]) + (f"; … (+{len(textes) - combien})" if len(textes) > combien else "")


def verifier(
    service: ServiceSousPannes, application: ParcoursApplication, reglages: Reglages, fait: Deroulement
) -> Resultat:
    """Reads the store, rebuilds the views and runs ``parcours audit verify``: the table of the run."""
    magasin = lire_le_magasin(application)
    etat = lignes_de_l_etat(service, application, reglages, fait, magasin)
    lignes = [*lignes_des_commandes(fait, magasin), *etat, *lignes_des_delais(fait)]
    return Resultat(lignes, {"parcours": fait.charge.parcours, "evenements": magasin.evenements})


def lignes_des_commandes(fait: Deroulement, magasin: Magasin) -> list[Ligne]:
    """What the clients sent and got back, set against the store."""
    charge = fait.charge
    refusees_enregistrees = [f"{refus} {cle}" for cle, refus in charge.refus.items() if magasin.par_cle.get(cle)]
    bloquees = [f"{etape} {cle}{' (enregistrée)' * bool(magasin.par_cle.get(cle))}"
                for cle, etape in charge.bloquees.items()]  # fmt: skip
    return [
        Ligne("pannes.pannes", "pannes injectées", sum(fait.pannes.values()), "",
              note=", ".join(f"{panne} ×{n}" for panne, n in fait.pannes.items())),
        Ligne("pannes.commandes", "commandes envoyées", charge.envoyees, "",
              note=f"{charge.tentatives} tentatives HTTP ; {charge.parcours} personnes, {charge.termines} au bout"),
        Ligne("pannes.rejeux", "réponses perdues, renvoyées avec la même clé", sum(charge.perdues.values()), "",
              note=", ".join(f"{cause} ×{n}" for cause, n in charge.perdues.most_common())),
        Ligne("pannes.acquittees", "commandes acquittées (2xx)", len(charge.accuses), "",
              reference=charge.envoyees, reference_cle="pannes.commandes"),
        Ligne("pannes.refusees", "commandes refusées (4xx)", len(charge.refus), "", cible=ZERO,
              note=_exemples(list(charge.refus.values()))),
        Ligne("pannes.refusees_enregistrees", "refusées pourtant enregistrées", len(refusees_enregistrees), "",
              cible=ZERO, note=_exemples(refusees_enregistrees)),
        Ligne("pannes.bloquees", "clés sans réponse définitive (bloquées)", len(bloquees), "", cible=ZERO,
              note=_exemples(bloquees)),
        Ligne("pannes.lectures", "dossiers relus sans leur dernière écriture", len(charge.lectures_en_echec), "",
              cible=ZERO, note=_exemples(charge.lectures_en_echec) or f"{charge.lectures} lectures (position_min)"),
    ]  # fmt: skip


def lignes_des_delais(fait: Deroulement) -> list[Ligne]:
    """How long the service took to come back, and a command to get its answer."""
    return [
        Ligne("pannes.reprise", "reprise la plus lente (jusqu'à /ready)", max(fait.reprises, default=0.0), "s"),
        Ligne("pannes.attente", "attente la plus longue d'une commande", fait.charge.attente_maximale, "s",
              note="de son premier envoi à sa réponse définitive, rejeux compris"),
    ]  # fmt: skip


def lignes_de_l_etat(
    service: ServiceSousPannes,
    application: ParcoursApplication,
    reglages: Reglages,
    fait: Deroulement,
    magasin: Magasin,
) -> list[Ligne]:
    """What the service left in the database, and how its processes behaved."""
    manquants, deux_fois = perdus(fait.charge.accuses, magasin), doubles(magasin)
    en_retard = [f"{nom} à {position}" for nom, position in fait.positions.items() if position < magasin.fin]
    differentes = vues_differentes(application, reglages)
    egales = len([nom for nom in NOMS_DES_VUES if not any(d.startswith(f"{nom} ") for d in differentes)])
    audit = service.cli("audit", "verify")
    divergences = audit.stdout.count("DIVERGENCE") or int(audit.returncode != 0)
    return [
        Ligne("pannes.evenements", "événements stockés", magasin.evenements, ""),
        Ligne("pannes.perdues", "acquittées absentes du magasin (perdues)", len(manquants), "", cible=ZERO,
              note=_exemples(manquants)),
        Ligne("pannes.doubles", "commandes appliquées deux fois", len(deux_fois), "", cible=ZERO,
              note=_exemples(deux_fois)),
        Ligne("pannes.consultations", "dossiers relus dont la lecture est journalisée",
              consultations_journalisees(reglages, fait.charge.relus), "", reference=len(fait.charge.relus),
              note="une lecture encore en file meurt avec son worker (kill -9)"),
        Ligne("pannes.vues", f"vues égales à une reconstruction (sur {len(NOMS_DES_VUES)})", egales, "",
              cible=Cible("≥", len(NOMS_DES_VUES), "valeur"), note=_exemples(differentes + en_retard, 5)),
        Ligne("pannes.audit", "divergences de `parcours audit verify`", divergences, "", cible=ZERO,
              note=_exemples(audit.stdout.splitlines()[-3:] if audit.returncode else [])),
        Ligne("pannes.sorties", "processus sortis d'eux-mêmes (relancés)", len(fait.sorties), "", cible=ZERO,
              note=_exemples([f"{n} × {s}" for s, n in Counter(fait.sorties).items()])),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m bench.pannes", description=__doc__.split("\\n")[0])
    arguments.add_argument("--court", action="store_true", help="une panne de chaque sorte, une demi-minute")
    arguments.add_argument("--clients", type=int, help="clients simultanés (8 ; 4 en --court)")
    arguments.add_argument("--tours", type=int, help="tours des cinq pannes (6 ; 1 en --court)")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    arguments.add_argument("--journaux", type=Path, help="dossier où garder les journaux du service et du serveur")
    lus = arguments.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleanup runs: processes killed, cluster removed
    options = Options.court() if lus.court else Options()
    changees = {"clients": lus.clients, "tours": lus.tours}
    options = dataclasses.replace(options, **{k: v for k, v in changees.items() if v is not None})
    debut = datetime.now()
    resultat = executer(options, lus.journaux)
    titre = f"pannes{' (court)' if lus.court else ''} : {options.clients} clients, {options.tours} tour(s) de pannes"
    publier(titre, debut, resultat.lignes, lus.sortie, {**resultat.taille, "clients": options.clients})
    print(f"\n{'tout tient' if resultat.reussi else 'ÉCHEC : au moins une vérification manquée'}")
    return 0 if resultat.reussi else 1


if __name__ == "__main__":
    sys.exit(main())
