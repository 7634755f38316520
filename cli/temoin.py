"""``parcours temoin``: a witness of the transparency log, run by a body outside the service (the CNE, a
département, a court registry) on its own machine, with its own Ed25519 key and its own state file.

``cosigner`` fetches the log's latest checkpoint and the consistency proof from the size last cosigned, has
``infrastructure.transparence.temoin.examiner`` judge them, stores the new state, then hands the cosignature to
the service. Reading the state, examining and writing it back are one step under an exclusive lock of a file
beside the state (``flock``), so that two runs at once cannot move it backwards (tlog-witness describes the
race); the state is replaced whole (a temporary file, then ``os.replace``). A refusal, a contradiction above
all, is kept as evidence beside the state (both signed notes), and nothing is cosigned.
"""

import argparse
import base64
import fcntl
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.transparence.note import (
    TYPE_ED25519,
    Checkpoint,
    CleDeVerification,
    CleInvalide,
    NoteInvalide,
    ajouter_signatures,
    base64_strict,
    decouper_note,
    nom_valide,
)
from infrastructure.transparence.temoin import (
    Etat,
    EtatIllisible,
    PreuveDeCoherenceInvalide,
    Refus,
    SignatureDuJournalInvalide,
    Temoin,
    examiner,
)

ERREUR = 2
"""Exit code when the witness could not run (key, state, network): nothing was judged."""
REFUS = 1
"""Exit code when the witness judged and refused, or the service refused its cosignature."""


class TemoinEmpeche(Exception):
    """The witness cannot run (unreadable key or state, service unreachable); the message is French."""


class ServiceRefuse(Exception):
    """The service refused the cosignature (its problem's ``detail`` is the message)."""


class CosignatureRefusee(Exception):
    """The witness examined and refused; ``preuve`` is the evidence file kept beside the state."""

    def __init__(self, refus: Refus, preuve: Path) -> None:
        super().__init__(str(refus))
        self.refus, self.preuve = refus, preuve


def declarer(commandes: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    temoin = commandes.add_parser("temoin", help="témoin du journal de transparence, tenu hors du service")
    actions = temoin.add_subparsers(dest="action", required=True)
    cle = actions.add_parser("cle", help="crée la clé du témoin et affiche sa clé de vérification, à remettre")
    cle.add_argument("--nom", required=True, help="nom de la clé, ex. greffe.tj-paris.fr/temoin")
    cle.add_argument("--sortie", type=Path, required=True, help="fichier PEM à créer (0600, jamais écrasé)")
    cosigner = actions.add_parser(
        "cosigner", help="cosigne le dernier checkpoint s'il prolonge le précédent ; code 1 au moindre refus"
    )
    cosigner.add_argument("--url", required=True, help="adresse du service, ex. https://parcours.example.fr")
    cosigner.add_argument("--cle", type=Path, required=True, help="clé du témoin (PEM, `parcours temoin cle`)")
    cosigner.add_argument("--nom", required=True, help="nom de la clé du témoin, tel que donné à `temoin cle`")
    cosigner.add_argument("--journal", required=True, help="clé de vérification du journal (nom+id+clé)")
    cosigner.add_argument("--etat", type=Path, required=True, help="état du témoin (JSON), créé au premier passage")


def executer(arguments: argparse.Namespace) -> int:
    try:
        if arguments.action == "cle":
            print(creer_cle(arguments.nom, arguments.sortie).texte())
            print(f"à remettre à l'exploitant du service (PARCOURS_TEMOINS) ; clé privée : {arguments.sortie}")
            return 0
        temoin = Temoin(arguments.nom, lire_cle(arguments.cle))
        with httpx.Client(base_url=arguments.url, timeout=30) as client:
            note = temoigner(ServiceDuJournal(client), temoin, cle_du_journal(arguments.journal), arguments.etat)
    except (TemoinEmpeche, OSError) as erreur:  # OSError: the state's folder, its lock or its evidence
        print(f"témoin : {erreur}", file=sys.stderr)
        return ERREUR
    except CosignatureRefusee as refus:
        print(f"témoin : REFUS, rien n'est cosigné : {refus}", file=sys.stderr)
        print(f"témoin : preuve gardée dans {refus.preuve} (les notes signées par le journal)", file=sys.stderr)
        return REFUS
    except ServiceRefuse as refus:
        print(f"témoin : checkpoint cosigné, mais le service refuse la cosignature : {refus}", file=sys.stderr)
        return REFUS
    print(f"témoin : cosigné\n{note}", end="")
    return 0


# --- The witness's key ----------------------------------------------------------------------------------------


def creer_cle(nom: str, sortie: Path) -> CleDeVerification:
    """A new Ed25519 key in a PEM file only its owner reads; an existing file is never overwritten."""
    if not nom_valide(nom):
        raise TemoinEmpeche(f"nom de clé invalide : {nom!r} (vide, espace ou « + »)")
    cle = Ed25519PrivateKey.generate()
    pem = cle.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        descripteur = os.open(sortie, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise TemoinEmpeche(f"{sortie} existe déjà : une clé de témoin n'est jamais écrasée") from None
    with os.fdopen(descripteur, "wb") as fichier:
        fichier.write(pem)
    return Temoin(nom, cle).cle_de_verification()


def lire_cle(chemin: Path) -> Ed25519PrivateKey:
    try:
        cle = serialization.load_pem_private_key(chemin.read_bytes(), password=None)
    except (OSError, ValueError) as erreur:
        raise TemoinEmpeche(f"clé du témoin illisible : {chemin} ({erreur})") from erreur
    if not isinstance(cle, Ed25519PrivateKey):
        raise TemoinEmpeche(f"{chemin} n'est pas une clé Ed25519")
    return cle


def cle_du_journal(texte: str) -> CleDeVerification:
    try:
        cle = CleDeVerification.lire(texte.strip())
    except CleInvalide as erreur:
        raise TemoinEmpeche(f"clé du journal illisible : {erreur}") from erreur
    if cle.type_signature != TYPE_ED25519:
        raise TemoinEmpeche("la clé du journal est une clé de témoin (type 0x04), pas celle qui signe le journal")
    return cle


# --- The log's service -------------------------------------------------------------------------------------------


class ServiceDuJournal:
    """The log's public endpoints (``/transparence``), over HTTP."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def checkpoint(self) -> str:
        """The latest checkpoint, with the cosignatures the service holds (the witness reads only the log's)."""
        return self._texte(self._lire("/transparence/checkpoint", {}))

    def coherence(self, ancienne: int, nouvelle: int) -> list[bytes]:
        reponse = self._lire("/transparence/coherence", {"ancienne": ancienne, "nouvelle": nouvelle})
        try:
            return [base64_strict(ligne) for ligne in self._texte(reponse).splitlines()]
        except ValueError as erreur:
            raise PreuveDeCoherenceInvalide(f"preuve de cohérence illisible : {erreur}") from erreur

    def deposer(self, note: str) -> None:
        entetes = {"Content-Type": "text/plain; charset=utf-8"}
        try:
            reponse = self.client.post("/transparence/cosignatures", content=note.encode(), headers=entetes)
        except httpx.HTTPError as erreur:
            raise ServiceRefuse(f"service injoignable : {erreur}") from erreur
        if reponse.status_code not in (200, 201):
            raise ServiceRefuse(_detail(reponse))

    def _lire(self, chemin: str, parametres: dict[str, int]) -> httpx.Response:
        try:
            reponse = self.client.get(chemin, params=parametres)
        except httpx.HTTPError as erreur:
            raise TemoinEmpeche(f"service injoignable ({chemin}) : {erreur}") from erreur
        if reponse.status_code != 200:
            raise TemoinEmpeche(f"{chemin} : {_detail(reponse)}")
        return reponse

    @staticmethod
    def _texte(reponse: httpx.Response) -> str:
        try:
            return reponse.content.decode()
        except UnicodeDecodeError:
            raise SignatureDuJournalInvalide("réponse du service qui n'est pas du texte UTF-8") from None


def _detail(reponse: httpx.Response) -> str:
    try:
        return f"{reponse.status_code} {reponse.json()['detail']}"
    except (ValueError, KeyError, TypeError):
        return f"{reponse.status_code} {reponse.text[:200]}"


# --- One run ---------------------------------------------------------------------------------------------------


def temoigner(
    service: ServiceDuJournal,
    temoin: Temoin,
    cle_du_journal: CleDeVerification,
    chemin_etat: Path,
    en_attente: Callable[[], None] | None = None,
    maintenant: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> str:
    """Cosigns the log's latest checkpoint if it extends the one last cosigned, stores the new state, then hands
    the cosigned note to the service and returns it; raises ``CosignatureRefusee`` otherwise."""
    with verrou(chemin_etat, en_attente or _annoncer_l_attente):
        etat = lire_etat(chemin_etat, cle_du_journal.nom)
        note, preuve = "", []
        try:
            note = service.checkpoint()
            taille = taille_annoncee(note)
            if 0 < etat.taille < taille:
                preuve = service.coherence(etat.taille, taille)
            cosignature = examiner(etat, note, preuve, cle_du_journal, temoin, maintenant())
        except Refus as refus:
            preuve_gardee = garder_la_preuve(chemin_etat, etat, note, preuve, refus, maintenant())
            raise CosignatureRefusee(refus, preuve_gardee) from refus
        ecrire_etat(chemin_etat, cosignature.etat)
    cosignee = ajouter_signatures(note, [cosignature.ligne])
    service.deposer(cosignee)
    return cosignee


def taille_annoncee(note: str) -> int:
    """The size a note claims, unverified: to ask for the proof that ``examiner`` then checks."""
    try:
        return Checkpoint.lire(decouper_note(note)[0]).taille
    except NoteInvalide as erreur:
        raise SignatureDuJournalInvalide(f"note illisible : {erreur}") from erreur


@contextmanager
def verrou(chemin_etat: Path, en_attente: Callable[[], None]) -> Iterator[None]:
    """An exclusive lock on ``<state>.verrou`` for the whole run; ``en_attente`` is told if another run holds it."""
    with open(chemin_etat.with_name(f"{chemin_etat.name}.verrou"), "a") as fichier:
        try:
            fcntl.flock(fichier, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            en_attente()
            fcntl.flock(fichier, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fichier, fcntl.LOCK_UN)


def _annoncer_l_attente() -> None:
    print("témoin : un autre passage tient l'état ; attente de sa fin", file=sys.stderr)


def lire_etat(chemin: Path, origine: str) -> Etat:
    """The stored state, or the empty tree of ``origine`` before the first cosignature."""
    try:
        return Etat.depuis_json(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Etat(origine)
    except (OSError, UnicodeDecodeError, EtatIllisible) as erreur:
        raise TemoinEmpeche(f"état illisible ({chemin}) : le témoin s'arrête plutôt qu'oublier : {erreur}") from erreur


def ecrire_etat(chemin: Path, etat: Etat) -> None:
    """Replaces the state whole and durably: a crash leaves the old state or the new, never half of one."""
    descripteur, provisoire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}.")
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8") as fichier:
            fichier.write(etat.vers_json())
            fichier.flush()
            os.fsync(fichier.fileno())
        os.replace(provisoire, chemin)
    except BaseException:
        Path(provisoire).unlink(missing_ok=True)
        raise
    dossier = os.open(chemin.parent, os.O_RDONLY)
    try:
        os.fsync(dossier)  # the rename itself
    finally:
        os.close(dossier)


def garder_la_preuve(
    chemin_etat: Path, etat: Etat, note: str, preuve: list[bytes], refus: Refus, maintenant: datetime
) -> Path:
    """The evidence of a refusal, beside the state: the note last cosigned and the one refused, both signed by
    the log, so that anyone holding its public key can check them (a contradiction needs nothing else)."""
    constate = maintenant.astimezone(UTC)
    nom = f"{chemin_etat.name}.{type(refus).__name__.lower()}-{constate:%Y%m%dT%H%M%S%fZ}.json"
    chemin = chemin_etat.with_name(nom)
    contenu = {
        "refus": type(refus).__name__,
        "message": str(refus),
        "constate_le": constate.isoformat(),
        "origine": etat.origine,
        "note_cosignee": etat.note,
        "note_recue": note,
        "preuve_coherence": [base64.b64encode(h).decode() for h in preuve],
    }
    with open(chemin, "x", encoding="utf-8") as fichier:
        json.dump(contenu, fichier, ensure_ascii=False, indent=2)
    return chemin
