"""The transparency log's public endpoints (issue 20 §3): the latest checkpoint with its cosignatures, the
consistency proofs, the log's key, and the witnesses' cosignatures, refused unless an accepted witness signed
the very checkpoint the log signed. On every store; the witness's own program is tested against a real server
in ``tests/transparence/test_temoin_en_service.py``."""

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from httpx import Response
from pydantic import ValidationError

from application.parcours import ParcoursApplication
from infrastructure.reglages import Reglages
from infrastructure.transparence.arbre import HASH_VIDE
from infrastructure.transparence.journal import CheckpointSigne
from infrastructure.transparence.note import (
    Checkpoint,
    CleDeVerification,
    ajouter_signatures,
    cosigner,
    decouper_note,
    signer_checkpoint,
    verifier_note,
)
from infrastructure.transparence.tenue import journal_a_jour, journal_pour
from infrastructure.transparence.verification import verifier_coherence
from tests.support import faits
from tests.support.demandes import par

TEMOIN = "greffe.example/temoin"
CLE_TEMOIN = Ed25519PrivateKey.generate()
INCONNU = Ed25519PrivateKey.generate()
MAINTENANT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def reglages_api(reglages: Reglages, tmp_path: Path) -> Reglages:
    """The service accepts one witness's cosignatures."""
    temoin = CleDeVerification.du_temoin(TEMOIN, CLE_TEMOIN.public_key()).texte()
    return reglages.model_copy(
        update={"cle_dev": tmp_path / "cle-dev.pem", "cle_signature": tmp_path / "cle.pem", "temoins": (temoin,)}
    )


def application(client: TestClient) -> ParcoursApplication:
    app: ParcoursApplication = client.app.state.application  # type: ignore[attr-defined]
    return app


def enregistrer_et_signer(client: TestClient, reglages: Reglages, parcours: int = 2) -> CheckpointSigne:
    """``parcours`` more dossiers (four events each), then the log signed as ``parcours audit checkpoint`` does."""
    app = application(client)
    for _ in range(parcours):
        parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
        app.informer_droits_devoirs(app.parcours(parcours_id), par())
    signe = journal_a_jour(app, reglages)
    assert signe is not None
    return signe


def cle_du_journal(client: TestClient) -> CleDeVerification:
    return CleDeVerification.lire(client.get("/transparence/cle").text.strip())


def cosigne(note: str, cle: Ed25519PrivateKey = CLE_TEMOIN, nom: str = TEMOIN) -> str:
    """The log's note with a witness's cosignature line after the log's signature."""
    return ajouter_signatures(note, [cosigner(decouper_note(note)[0], nom, cle, MAINTENANT)])


def deposer(client: TestClient, note: str) -> Response:
    reponse: Response = client.post(
        "/transparence/cosignatures", content=note.encode(), headers={"Content-Type": "text/plain"}
    )
    return reponse


def probleme(reponse: Response, statut: int, code: str) -> None:
    assert (reponse.status_code, reponse.headers["content-type"]) == (statut, "application/problem+json"), reponse.text
    assert reponse.json()["type"] == f"/erreurs/{code}"


def test_un_journal_vide_n_a_pas_de_checkpoint(client: TestClient) -> None:
    probleme(client.get("/transparence/checkpoint"), 404, "aucun-checkpoint")


def test_le_checkpoint_servi_est_celui_que_la_cle_du_journal_signe(client: TestClient, reglages_api: Reglages) -> None:
    signe = enregistrer_et_signer(client, reglages_api)

    reponse = client.get("/transparence/checkpoint")

    assert (reponse.status_code, reponse.headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert reponse.text == signe.note
    checkpoint, _ = verifier_note(reponse.text, [cle_du_journal(client)])
    assert (checkpoint.origine, checkpoint.taille) == (reglages_api.origine_journal, 8)


def test_la_preuve_de_coherence_montre_que_le_journal_prolonge_son_passe(
    client: TestClient, reglages_api: Reglages
) -> None:
    avant = enregistrer_et_signer(client, reglages_api)
    apres = enregistrer_et_signer(client, reglages_api, parcours=1)
    cle = cle_du_journal(client)
    ancien, _ = verifier_note(avant.note, [cle])
    nouveau, _ = verifier_note(apres.note, [cle])

    reponse = client.get("/transparence/coherence", params={"ancienne": 8, "nouvelle": 12})

    assert reponse.status_code == 200
    preuve = [base64.b64decode(ligne, validate=True) for ligne in reponse.text.splitlines()]
    assert verifier_coherence(8, 12, ancien.racine, nouveau.racine, preuve)
    assert client.get("/transparence/coherence", params={"ancienne": 12, "nouvelle": 12}).text == ""


@pytest.mark.parametrize(
    ("parametres", "statut", "code"),
    [
        ({"ancienne": 9, "nouvelle": 8}, 400, "tailles-invalides"),
        ({"ancienne": 1, "nouvelle": 9}, 400, "tailles-invalides"),
        ({"ancienne": 0, "nouvelle": 8}, 422, "donnees-invalides"),
        ({"ancienne": -1, "nouvelle": 8}, 422, "donnees-invalides"),
        ({"ancienne": "un", "nouvelle": 8}, 422, "donnees-invalides"),
        ({"ancienne": 1, "nouvelle": 2**64}, 422, "donnees-invalides"),
        ({"nouvelle": 8}, 422, "donnees-invalides"),
    ],
)
def test_des_tailles_sans_preuve_possible_sont_un_probleme(
    client: TestClient, reglages_api: Reglages, parametres: dict[str, object], statut: int, code: str
) -> None:
    enregistrer_et_signer(client, reglages_api)
    probleme(client.get("/transparence/coherence", params=parametres), statut, code)


def test_un_temoin_accepte_depose_sa_cosignature_que_le_service_sert_ensuite(
    client: TestClient, reglages_api: Reglages
) -> None:
    signe = enregistrer_et_signer(client, reglages_api)

    depose = deposer(client, cosigne(client.get("/transparence/checkpoint").text))
    redepose = deposer(client, cosigne(signe.note))

    assert (depose.status_code, redepose.status_code) == (201, 200)
    servi = client.get("/transparence/checkpoint").text
    assert servi == depose.text == redepose.text
    temoin = CleDeVerification.du_temoin(TEMOIN, CLE_TEMOIN.public_key())
    _, signataires = verifier_note(servi, [cle_du_journal(client), temoin])
    assert [(s.cle, s.horodatage) for s in signataires] == [
        (cle_du_journal(client), None),
        (temoin, int(MAINTENANT.timestamp())),
    ]
    assert [c.cosignatures for c in journal_pour(application(client)).checkpoints()] == [
        (servi.splitlines()[-1] + "\n",)
    ]


def test_la_cosignature_d_un_temoin_que_le_service_ne_connait_pas_est_refusee(
    client: TestClient, reglages_api: Reglages
) -> None:
    signe = enregistrer_et_signer(client, reglages_api)

    probleme(deposer(client, cosigne(signe.note, INCONNU)), 403, "temoin-inconnu")
    probleme(deposer(client, cosigne(signe.note, INCONNU, nom="autre.example/temoin")), 403, "temoin-inconnu")
    assert journal_pour(application(client)).checkpoints()[0].cosignatures == ()


def test_une_cosignature_contrefaite_est_refusee(client: TestClient, reglages_api: Reglages) -> None:
    signe = enregistrer_et_signer(client, reglages_api)
    autre = Checkpoint(reglages_api.origine_journal, 8, HASH_VIDE)
    emprunte = cosigner(autre.texte(), TEMOIN, CLE_TEMOIN, MAINTENANT)  # the witness's line, from another text

    probleme(deposer(client, ajouter_signatures(signe.note, [emprunte])), 403, "cosignature-invalide")
    assert journal_pour(application(client)).checkpoints()[0].cosignatures == ()


def test_une_cosignature_d_un_checkpoint_que_le_journal_n_a_pas_signe_est_refusee(
    client: TestClient, reglages_api: Reglages
) -> None:
    enregistrer_et_signer(client, reglages_api)
    faux_journal = Ed25519PrivateKey.generate()
    origine = reglages_api.origine_journal

    autre_racine = signer_checkpoint(Checkpoint(origine, 8, HASH_VIDE), origine, faux_journal)
    autre_taille = signer_checkpoint(Checkpoint(origine, 7, HASH_VIDE), origine, faux_journal)
    au_dela = signer_checkpoint(Checkpoint(origine, 9, HASH_VIDE), origine, faux_journal)

    probleme(deposer(client, cosigne(autre_racine)), 409, "checkpoint-different")
    probleme(deposer(client, cosigne(autre_taille)), 404, "checkpoint-inconnu")
    probleme(deposer(client, cosigne(au_dela)), 404, "checkpoint-inconnu")
    assert [c.cosignatures for c in journal_pour(application(client)).checkpoints()] == [()]


@pytest.mark.parametrize(
    "corps",
    [b"", b"pas une note\n", "parcours.localhost/journal\n8\nracine\n\n— x eA==\n".encode(), b"\xff\xfe\n\n"],
)
def test_un_corps_qui_n_est_pas_un_checkpoint_signe_est_refuse(client: TestClient, corps: bytes) -> None:
    reponse = client.post("/transparence/cosignatures", content=corps, headers={"Content-Type": "text/plain"})
    probleme(reponse, 400, "note-invalide")


def test_la_cle_du_journal_est_sa_cle_de_verification_c2sp(client: TestClient, reglages_api: Reglages) -> None:
    signe = enregistrer_et_signer(client, reglages_api)

    reponse = client.get("/transparence/cle")

    assert (reponse.status_code, reponse.text.count("\n")) == (200, 1)
    cle = CleDeVerification.lire(reponse.text.strip())
    assert cle.nom == reglages_api.origine_journal
    verifier_note(signe.note, [cle])


def test_une_cle_de_temoin_illisible_arrete_le_demarrage() -> None:
    with pytest.raises(ValidationError, match="PARCOURS_TEMOINS : clé de témoin illisible"):
        Reglages(temoins=("greffe.example/temoin+pas-une-cle",))
