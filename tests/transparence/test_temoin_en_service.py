"""A witness (``parcours temoin``) against the real service (uvicorn on a free port) on SQLite and PostgreSQL
(issue 20 §3): it cosigns the log's checkpoints as the log grows, on consistency proofs it checks; it refuses,
and keeps both signed notes as evidence, when the log shows it a history that contradicts the one it cosigned;
two runs at once on one state file take turns, so the state never goes back."""

import json
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from application.parcours import ParcoursApplication
from cli.main import main
from cli.temoin import ServiceDuJournal, lire_cle, temoigner
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.transparence.journal import CheckpointSigne
from infrastructure.transparence.note import CleDeVerification, verifier_note
from infrastructure.transparence.temoin import Etat, Temoin
from infrastructure.transparence.tenue import cle_du_journal, journal_a_jour, journal_pour
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.serveur import servi

NOM = "greffe.example/temoin"
ATTENTE_MAX = 30
"""Seconds after which a test gives up on an event that should have happened (a bound, never a sync)."""


@dataclass
class Service:
    """A running service, and the operator's hand on its store (the same database, another process would do)."""

    url: str
    reglages: Reglages
    application: ParcoursApplication
    premier: CheckpointSigne
    """The log's first checkpoint, of eight events, signed before the service started."""

    def enregistrer_et_signer(self, parcours: int = 1) -> CheckpointSigne:
        return enregistrer_et_signer(self.application, self.reglages, parcours)

    def checkpoints(self) -> list[CheckpointSigne]:
        return journal_pour(self.application).checkpoints()


@dataclass(frozen=True)
class Temoignage:
    """The witness's files: its key, and its state with the files beside it."""

    cle: Path
    etat: Path
    verification: CleDeVerification

    def arguments(self, service: Service) -> list[str]:
        journal = cle_du_journal(service.reglages).texte()
        return ["temoin", "cosigner", "--url", service.url, "--cle", str(self.cle), "--nom", NOM,
                "--journal", journal, "--etat", str(self.etat)]  # fmt: skip

    def lire_etat(self) -> Etat:
        return Etat.depuis_json(self.etat.read_text())

    def preuves(self) -> list[Path]:
        return sorted(self.etat.parent.glob(f"{self.etat.name}.*.json"))


@pytest.fixture
def temoin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Temoignage:
    """A witness whose key ``parcours temoin cle`` made; its state does not exist yet."""
    dossier = tmp_path / "temoin"
    dossier.mkdir()
    assert main(["temoin", "cle", "--nom", NOM, "--sortie", str(dossier / "cle.pem")]) == 0
    verification = CleDeVerification.lire(capsys.readouterr().out.splitlines()[0])
    return Temoignage(dossier / "cle.pem", dossier / "etat.json", verification)


def enregistrer_et_signer(application: ParcoursApplication, reglages: Reglages, parcours: int) -> CheckpointSigne:
    """``parcours`` more dossiers (four events each), then the log signed (``parcours audit checkpoint``)."""
    for _ in range(parcours):
        parcours_id = application.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
        application.informer_droits_devoirs(application.parcours(parcours_id), par())
    signe = journal_a_jour(application, reglages)
    assert signe is not None
    return signe


@contextmanager
def service_sur(reglages: Reglages) -> Iterator[Service]:
    """The service on a store of eight events whose log is signed before it starts: its runner, which signs a
    first checkpoint at once, then once an hour here, signs none of its own during the test."""
    reglages = reglages.model_copy(update={"intervalle_checkpoints_secondes": 3600})
    migrer(reglages)
    application = construire_application(reglages, HorlogeDeTest())
    try:
        premier = enregistrer_et_signer(application, reglages, parcours=2)
        with servi(reglages) as url:
            yield Service(url, reglages, application, premier)
    finally:
        application.close()


def sous_la_cle(reglages: Reglages, tmp_path: Path, temoin: Temoignage) -> Reglages:
    """The log's key and origin, shared by every store of a test, and the witness accepted."""
    return reglages.model_copy(
        update={
            "cle_signature": tmp_path / "cle-du-journal.pem",
            "cle_dev": tmp_path / "cle-dev.pem",
            "temoins": (temoin.verification.texte(),),
        }
    )


@pytest.fixture
def service(reglages_persistants: Reglages, tmp_path: Path, temoin: Temoignage) -> Iterator[Service]:
    with service_sur(sous_la_cle(reglages_persistants, tmp_path, temoin)) as service:
        yield service


def test_la_cle_du_temoin_n_est_lisible_que_par_lui_et_jamais_ecrasee(
    temoin: Temoignage, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stat.S_IMODE(temoin.cle.stat().st_mode) == 0o600
    assert temoin.verification == Temoin(NOM, lire_cle(temoin.cle)).cle_de_verification()

    assert main(["temoin", "cle", "--nom", NOM, "--sortie", str(temoin.cle)]) == 2
    assert "jamais écrasée" in capsys.readouterr().err
    assert temoin.verification == Temoin(NOM, lire_cle(temoin.cle)).cle_de_verification()


def test_le_temoin_cosigne_le_premier_checkpoint_puis_le_suivant_sur_preuve_de_coherence(
    service: Service, temoin: Temoignage
) -> None:
    assert main(temoin.arguments(service)) == 0
    assert (temoin.lire_etat().taille, temoin.lire_etat().note) == (8, service.premier.note)

    suivant = service.enregistrer_et_signer()
    assert main(temoin.arguments(service)) == 0

    assert (temoin.lire_etat().taille, temoin.lire_etat().note) == (12, suivant.note)
    servi = httpx.get(f"{service.url}/transparence/checkpoint").text
    checkpoint, signataires = verifier_note(servi, [cle_du_journal(service.reglages), temoin.verification])
    assert checkpoint.taille == 12
    assert [s.cle for s in signataires] == [cle_du_journal(service.reglages), temoin.verification]
    assert [(c.taille, len(c.cosignatures)) for c in service.checkpoints()] == [(8, 1), (12, 1)]
    assert temoin.preuves() == []


def test_deux_histoires_sous_la_meme_cle_sont_une_contradiction_que_le_temoin_ne_cosigne_pas(
    service: Service, temoin: Temoignage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log's key and origin on a second store (a fork, or a copy restored and written to): the same size,
    another root. The witness that cosigned the first sees the second and refuses, evidence in hand."""
    assert main(temoin.arguments(service)) == 0
    etat_avant = temoin.etat.read_bytes()
    autre = sous_la_cle(reglages_pour(f"sqlite:///{tmp_path / 'autre.sqlite'}"), tmp_path, temoin)

    with service_sur(autre) as fourche:
        code = main(temoin.arguments(fourche))
        cosignatures_de_la_fourche = [c.cosignatures for c in fourche.checkpoints()]

    assert code == 1
    assert "contradiction" in capsys.readouterr().err
    assert temoin.etat.read_bytes() == etat_avant
    assert cosignatures_de_la_fourche == [()]
    [preuve] = temoin.preuves()
    contenu = json.loads(preuve.read_text())
    assert (contenu["refus"], contenu["note_cosignee"], contenu["note_recue"]) == (
        "Contradiction",
        service.premier.note,
        fourche.premier.note,
    )
    connu, _ = verifier_note(contenu["note_cosignee"], [cle_du_journal(service.reglages)])
    recu, _ = verifier_note(contenu["note_recue"], [cle_du_journal(service.reglages)])
    assert connu.taille == recu.taille
    assert connu.racine != recu.racine


class ServiceRetenu(ServiceDuJournal):
    """The service, but the run stops once it has read the checkpoint, until the test lets it go on."""

    def __init__(self, client: httpx.Client) -> None:
        super().__init__(client)
        self.lu, self.reprendre = threading.Event(), threading.Event()

    def checkpoint(self) -> str:
        note = super().checkpoint()
        self.lu.set()
        assert self.reprendre.wait(ATTENTE_MAX)
        return note


def test_deux_passages_simultanes_sur_un_etat_passent_l_un_apres_l_autre_et_l_etat_ne_recule_pas(
    service: Service, temoin: Temoignage
) -> None:
    """Without the lock, the second run would cosign 12 and the first, resumed, write 8 over it."""
    identite = Temoin(NOM, lire_cle(temoin.cle))
    journal = cle_du_journal(service.reglages)
    bloque = threading.Event()

    def passage(service_du_journal: ServiceDuJournal, en_attente: Callable[[], None]) -> str:
        return temoigner(service_du_journal, identite, journal, temoin.etat, en_attente)

    with httpx.Client(base_url=service.url, timeout=ATTENTE_MAX) as client, ThreadPoolExecutor(2) as fils:
        retenu = ServiceRetenu(client)
        premier: Future[str] = fils.submit(passage, retenu, lambda: None)
        assert retenu.lu.wait(ATTENTE_MAX)  # the first run holds the state, with the checkpoint of 8 in hand
        service.enregistrer_et_signer()
        second: Future[str] = fils.submit(passage, ServiceDuJournal(client), bloque.set)
        assert bloque.wait(ATTENTE_MAX)  # the second waits for the lock
        retenu.reprendre.set()
        cosignees = [verifier_note(f.result(ATTENTE_MAX), [journal])[0].taille for f in (premier, second)]

    assert cosignees == [8, 12]
    assert temoin.lire_etat().taille == 12
    assert [(c.taille, len(c.cosignatures)) for c in service.checkpoints()] == [(8, 1), (12, 1)]
