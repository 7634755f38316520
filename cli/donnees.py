"""``parcours import`` and ``parcours demo``: files, worker processes and reports around
``application.masse`` and ``cli.demo``.

The import streams the file in batches (never the whole file in memory). On PostgreSQL it spreads the
batches over worker processes, each with its own application: reading a line, evaluating the referential
and encoding the events cost more CPU than the insert, which the library serialises anyway with its table
lock, so while one worker's batch is inserted the other builds the next (measured on 2 cores: +50 to
75 %). SQLite and the memory store keep one process (one writer; a memory store is not shared between
processes).
"""

import argparse
import csv
import json
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing.util import Finalize
from pathlib import Path
from typing import IO

from application.lecture_ligne import Brut, Refus
from application.masse import Inscrite, ResultatLot, partenaire, traiter_lot
from application.parcours import ParcoursApplication
from application.principal import Principal
from cli.demo.generateur import HorlogePilotee, generer
from infrastructure.composition import construire_application
from infrastructure.reglages import Reglages

Lot = list[tuple[int, Brut]]
Envoi = tuple[Lot, "Future[ResultatLot]"]


def entier(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argument type: an integer within bounds, refused in French."""

    def lire(texte: str) -> int:
        try:
            valeur = int(texte)
        except ValueError:
            raise argparse.ArgumentTypeError(f"entier attendu, reçu « {texte} »") from None
        if not minimum <= valeur <= maximum:
            raise argparse.ArgumentTypeError(f"entre {minimum} et {maximum} attendu, reçu {valeur}")
        return valeur

    return lire


def jour(texte: str) -> date:
    """An argument type: a day written AAAA-MM-JJ."""
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date AAAA-MM-JJ attendue, reçu « {texte} »") from None


# --- import -------------------------------------------------------------------------------------


def importer(
    reglages: Reglages, fichier: Path, format_: str, lot: int, auteur: str, processus: int | None = None
) -> int:
    """Imports the file; prints the summary; 0 if every line was recorded, 1 if some were refused,
    2 if the import stopped on a batch that could not be saved (the lines after it were not read)."""
    if not fichier.is_file():
        print(f"parcours : fichier introuvable : {fichier}", file=sys.stderr)
        return 2
    debut = time.perf_counter()
    processus = processus_pour(reglages, processus)
    with Rapport(fichier) as rapport:
        lots = decouper(lire_le_fichier(fichier, format_), lot)
        try:
            if processus == 1:
                en_processus(reglages, partenaire(auteur), lots, rapport)
            else:
                en_parallele(reglages, partenaire(auteur), processus, lots, rapport)
        except (UnicodeDecodeError, csv.Error) as erreur:  # the batches read before are recorded and reported
            rapport.interruption = f"fichier illisible après la ligne n° {rapport.derniere_lue} : {erreur}"
    rapport.resumer(time.perf_counter() - debut)
    if rapport.interruption is not None:
        return 2
    return 1 if rapport.refusees else 0


def processus_pour(reglages: Reglages, demandes: int | None) -> int:
    """Two workers by default on PostgreSQL (what a 2-core machine measured best); one writer elsewhere."""
    if reglages.moteur != "postgres":
        return 1
    return max(1, demandes if demandes is not None else 2)


def lire_le_fichier(fichier: Path, format_: str) -> Iterator[tuple[int, Brut]]:
    """Each line with its number in the file; blank JSON lines are skipped."""
    with fichier.open(encoding="utf-8-sig", newline="") as flux:
        if format_ == "csv":
            yield from enregistrements_csv(flux)
            return
        for numero, texte in enumerate(flux, 1):
            if texte.strip():
                yield numero, texte


def enregistrements_csv(flux: IO[str]) -> Iterator[tuple[int, Brut]]:
    """CSV records keyed by the header's columns; ``;`` or ``,``, as the header uses."""
    entete = flux.readline()
    separateur = ";" if entete.count(";") > entete.count(",") else ","
    colonnes = next(csv.reader([entete], delimiter=separateur), [])
    lecteur = csv.DictReader(flux, fieldnames=colonnes, delimiter=separateur, restkey="", restval="")
    for enregistrement in lecteur:
        # The header is line 1; extra cells land under "" and the line is refused for them.
        yield lecteur.line_num + 1, {cle: _texte(valeur) for cle, valeur in enregistrement.items()}


def _texte(valeur: str | list[str] | None) -> str:
    return ";".join(valeur) if isinstance(valeur, list) else (valeur or "")


def decouper(lignes: Iterable[tuple[int, Brut]], taille: int) -> Iterator[Lot]:
    iterateur = iter(lignes)
    while lot := list(islice(iterateur, taille)):
        yield lot


def en_processus(reglages: Reglages, auteur: Principal, lots: Iterable[Lot], rapport: "Rapport") -> None:
    application = construire_application(reglages)
    try:
        for lot in lots:
            futur: Future[ResultatLot] = Future()
            try:
                futur.set_result(traiter_lot(application, lot, auteur))
            except Exception as erreur:  # the batch's transaction did not happen: reported, then stop
                futur.set_exception(erreur)
            if not rapport.recevoir((lot, futur)):
                return
    finally:
        application.close()


def en_parallele(
    reglages: Reglages, auteur: Principal, processus: int, lots: Iterable[Lot], rapport: "Rapport"
) -> None:
    """Batches handed to ``processus`` workers, a few ahead of the reports, which keep the file's order.
    After a failed batch nothing more is sent, and the batches already sent are still reported."""
    contexte = multiprocessing.get_context("spawn")  # nothing inherited: each worker opens its own store
    with ProcessPoolExecutor(processus, mp_context=contexte, initializer=_ouvrir, initargs=(reglages, auteur)) as pool:
        envoyes: deque[Envoi] = deque()
        try:
            for lot in lots:
                envoyes.append((lot, pool.submit(_traiter, lot)))
                while len(envoyes) > 2 * processus:
                    if not rapport.recevoir(envoyes.popleft()):
                        return
        finally:
            while envoyes:
                rapport.recevoir(envoyes.popleft())


_travail: tuple[ParcoursApplication, Principal] | None = None


def _ouvrir(reglages: Reglages, auteur: Principal) -> None:
    """In a worker: its own application, closed when the worker ends."""
    global _travail  # noqa: PLW0603 - one application per worker process, opened once
    application = construire_application(reglages)
    Finalize(application, application.close, exitpriority=10)
    _travail = (application, auteur)


def _traiter(lot: Lot) -> ResultatLot:
    if _travail is None:
        raise RuntimeError("processus d'import non initialisé")
    return traiter_lot(_travail[0], lot, _travail[1])


@dataclass
class Rapport:
    """The two files beside the input: ``.refus.jsonl`` (every line not recorded, with its number and
    why) and ``.inscrits.jsonl`` (every line recorded, with its reference and its parcours id)."""

    fichier: Path
    lues: int = 0
    inscrites: int = 0
    refusees: int = 0
    lots: int = 0
    derniere_lue: int = 0
    interruption: str | None = None
    _sorties: list[IO[str]] = field(default_factory=list)

    @property
    def chemin_refus(self) -> Path:
        return self.fichier.with_name(self.fichier.name + ".refus.jsonl")

    @property
    def chemin_inscrits(self) -> Path:
        return self.fichier.with_name(self.fichier.name + ".inscrits.jsonl")

    def __enter__(self) -> "Rapport":
        self._sorties = [
            self.chemin_refus.open("w", encoding="utf-8"),
            self.chemin_inscrits.open("w", encoding="utf-8"),
        ]
        return self

    def __exit__(self, *_: object) -> None:
        for sortie in self._sorties:
            sortie.close()

    def recevoir(self, envoi: Envoi) -> bool:
        """Writes a batch's outcome; False once a batch has failed (the caller stops sending)."""
        lot, futur = envoi
        self.derniere_lue = max(self.derniere_lue, lot[-1][0])
        try:
            resultat = futur.result()
        except Exception as erreur:  # any failure of the store: the batch is reported as not recorded
            self._echec(lot, erreur)
            return False
        self.lots += 1
        self.lues += resultat.lues
        self.inscrites += len(resultat.inscrites)
        self.refusees += len(resultat.refus)
        refus, inscrits = self._sorties
        refus.writelines(_refus(r) for r in resultat.refus)
        inscrits.writelines(_inscrit(i) for i in resultat.inscrites)
        return self.interruption is None

    def _echec(self, lot: Lot, erreur: Exception) -> None:
        self.interruption = self.interruption or f"{type(erreur).__name__} : {erreur}"
        motif = f"non enregistrée : le lot des lignes {lot[0][0]} à {lot[-1][0]} a échoué ({type(erreur).__name__})"
        self.lues += len(lot)
        self.refusees += len(lot)
        self._sorties[0].writelines(
            _ligne(ligne=numero, reference=None, code="lot-non-enregistre", motif=motif) for numero, _ in lot
        )

    def resumer(self, duree: float) -> None:
        debit = f"{self.inscrites / duree if duree > 0 else 0:,.0f}".replace(",", "\u202f")
        print(
            f"import de {self.fichier} : {self.lues} ligne(s) lue(s), {self.inscrites} inscription(s) enregistrée(s) "
            f"en {self.lots} lot(s), {self.refusees} refusée(s) ; {duree:.1f} s ({debit} inscriptions/s)"
        )
        print(f"refus : {self.chemin_refus} ; parcours ouverts : {self.chemin_inscrits}")
        if self.interruption is not None:
            print(
                f"parcours : import interrompu ({self.interruption}) ; lecture arrêtée après la ligne n° "
                f"{self.derniere_lue} : les lignes suivantes ne sont ni enregistrées ni listées",
                file=sys.stderr,
            )


def _ligne(**champs: object) -> str:
    return json.dumps(champs, ensure_ascii=False) + "\n"


def _refus(refus: Refus) -> str:
    """A refused line; ``parcours_id`` only when the line's person has an open parcours the importer sees."""
    ouvert = {"parcours_id": str(refus.parcours_id)} if refus.parcours_id else {}
    return _ligne(ligne=refus.numero, reference=refus.reference, code=refus.code, motif=refus.motif, **ouvert)


def _inscrit(inscrite: Inscrite) -> str:
    """A recorded line: its parcours, and for a line naming its person, who, whether their closed
    parcours was reopened, and the probable duplicates flagged for a human."""
    personne = (
        {}
        if inscrite.personne_id is None
        else {
            "personne_id": str(inscrite.personne_id),
            "reouvert": inscrite.reouvert,
            "doublons_probables": [str(d) for d in inscrite.doublons],
        }
    )
    return _ligne(
        ligne=inscrite.numero, reference=inscrite.reference, parcours_id=str(inscrite.parcours_id), **personne
    )


# --- demo ---------------------------------------------------------------------------------------


def demo(reglages: Reglages, nombre: int, graine: int, depuis: date) -> int:
    """Generates ``nombre`` histories through the application, its recording clock driven along their
    business dates; prints what was recorded; 1 if the generator saw a command refused (a bug)."""
    horloge = HorlogePilotee.au(depuis)
    application = construire_application(reglages, horloge)
    try:
        bilan = generer(application, nombre, graine, depuis, horloge)
    finally:
        application.close()
    total = sum(bilan.evenements.values())
    print(f"démo (graine {graine}) : {len(bilan.parcours)} parcours, {total} événement(s)")
    for nom, nombre_ in sorted(bilan.evenements.items(), key=lambda paire: (-paire[1], paire[0])):
        print(f"  {nom:<32} {nombre_:>8}")
    for refus in bilan.refus:
        print(f"parcours : commande refusée par le générateur : {refus}", file=sys.stderr)
    return 1 if bilan.refus else 0
