"""Signed notes, checkpoints and cosignatures: byte for byte what Go's sumdb/note and the C2SP examples produce,
and nothing accepted that the specs refuse."""

import base64
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.transparence.note import (
    AucuneSignatureConnue,
    Checkpoint,
    CheckpointMalforme,
    CleDeVerification,
    CleInvalide,
    NoteInvalide,
    NoteMalformee,
    SignatureInvalide,
    ajouter_signatures,
    cosigner,
    decouper_note,
    message_cosignature,
    ouvrir_note,
    signer_checkpoint,
    signer_note,
    verifier_note,
)
from tests.transparence import vecteurs

MAINTENANT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PETER = CleDeVerification.lire(vecteurs.CLE_NEUMANN)
ENOCH = CleDeVerification.lire(vecteurs.CLE_ENOCH)
NOTE_PETER_ENOCH = f"{vecteurs.TEXTE_NEUMANN}\n{vecteurs.SIGNATURE_NEUMANN}{vecteurs.SIGNATURE_ENOCH}"


def cle_de_go(cle_privee: str) -> Ed25519PrivateKey:
    """Go's ``PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)``."""
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(cle_privee.split("+", 4)[4])[1:])


@pytest.fixture
def journal() -> tuple[Ed25519PrivateKey, CleDeVerification]:
    cle = Ed25519PrivateKey.generate()
    return cle, CleDeVerification.du_journal("parcours.example/journal", cle.public_key())


CHECKPOINT = Checkpoint("parcours.example/journal", 20852163, bytes(range(32)))


# --- Published vectors ------------------------------------------------------------------------------------


def test_signer_reproduit_la_note_de_go() -> None:
    note = signer_note(vecteurs.TEXTE_NEUMANN, "PeterNeumann", cle_de_go(vecteurs.CLE_PRIVEE_NEUMANN))
    assert note == f"{vecteurs.TEXTE_NEUMANN}\n{vecteurs.SIGNATURE_NEUMANN}"


def test_la_cle_de_verification_est_celle_de_go() -> None:
    publique = cle_de_go(vecteurs.CLE_PRIVEE_NEUMANN).public_key()
    assert CleDeVerification.du_journal("PeterNeumann", publique).texte() == vecteurs.CLE_NEUMANN


@pytest.mark.parametrize(
    "texte", [vecteurs.CLE_NEUMANN, vecteurs.CLE_ENOCH, vecteurs.CLE_SUMDB, vecteurs.CLE_COSIGNATAIRE_REMORA]
)
def test_les_cles_publiees_se_relisent_a_l_identique(texte: str) -> None:
    assert CleDeVerification.lire(texte).texte() == texte


def test_une_cle_de_temoin_a_son_propre_identifiant() -> None:
    remora = CleDeVerification.lire(vecteurs.CLE_COSIGNATAIRE_REMORA)  # its id is computed with type 0x04
    assert remora.type_signature == 0x04
    assert CleDeVerification(remora.nom, 0x01, remora.cle_publique).identifiant != remora.identifiant


def test_une_cle_alteree_est_refusee_comme_par_go() -> None:
    texte = vecteurs.CLE_NEUMANN
    n = len(texte)
    alterees = [texte[i:j] for i in range(n + 1) for j in range(i + 1, n + 1) if (i, j) != (0, n)]  # note_test.go
    alterees += [texte[:i] + chr(ord(texte[i]) + 1) + texte[i + 1 :] for i in range(len(texte))]
    alterees += [
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",  # key too long, id adjusted
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # unknown type, id adjusted
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # the spec's hex is lowercase
    ]
    for alteree in alterees:
        with pytest.raises(CleInvalide):
            CleDeVerification.lire(alteree)


def test_la_note_de_go_est_signee_par_les_seules_cles_connues() -> None:
    assert _signataires(NOTE_PETER_ENOCH, [PETER]) == ["PeterNeumann"]
    assert _signataires(NOTE_PETER_ENOCH, [PETER, ENOCH]) == ["PeterNeumann", "EnochRoot"]
    assert ouvrir_note(NOTE_PETER_ENOCH, [ENOCH])[0] == vecteurs.TEXTE_NEUMANN
    with pytest.raises(AucuneSignatureConnue):
        ouvrir_note(NOTE_PETER_ENOCH, [])


def test_une_signature_en_double_compte_une_fois() -> None:
    note = f"{vecteurs.TEXTE_NEUMANN}\n{vecteurs.SIGNATURE_NEUMANN * 2}{vecteurs.SIGNATURE_ENOCH * 2}"
    assert _signataires(note, [PETER]) == ["PeterNeumann"]


def test_une_signature_fausse_d_une_cle_connue_fait_refuser_toute_la_note() -> None:
    fausse = vecteurs.SIGNATURE_NEUMANN[:60] + "ABCD" + vecteurs.SIGNATURE_NEUMANN[60:]  # note_test.go
    note = f"{vecteurs.TEXTE_NEUMANN}\n{vecteurs.SIGNATURE_ENOCH}{fausse}"
    with pytest.raises(SignatureInvalide):
        ouvrir_note(note, [PETER, ENOCH])
    assert _signataires(note, [ENOCH]) == ["EnochRoot"]  # unknown to this reader: ignored, as signed-note says


@pytest.mark.parametrize(
    "note",
    [
        vecteurs.TEXTE_NEUMANN,
        vecteurs.TEXTE_NEUMANN + "\n",
        vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN[:-1],
        "\x01" + vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN,
        "\udcff" + vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN,
        vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN.replace("PeterNeumann", "Bad Name"),
        vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN + "Unexpected line.\n",
        vecteurs.TEXTE_NEUMANN + "\n" + vecteurs.SIGNATURE_NEUMANN * 101,
    ],
    ids=[
        "pas de signature",
        "ligne vide seule",
        "sans saut de ligne final",
        "caractère de contrôle",
        "pas de l'UTF-8",
        "nom avec espace",
        "ligne inattendue",
        "101 signatures",
    ],
)
def test_les_notes_malformees_de_go_sont_refusees(note: str) -> None:
    with pytest.raises(NoteMalformee):
        ouvrir_note(note, [PETER])


def test_le_checkpoint_du_checksum_database_de_go_se_verifie() -> None:
    checkpoint, signataires = verifier_note(vecteurs.CHECKPOINT_SUMDB, [CleDeVerification.lire(vecteurs.CLE_SUMDB)])
    assert (checkpoint.origine, checkpoint.taille) == ("go.sum database tree", 6476701)
    assert checkpoint.racine == base64.b64decode("mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=")
    assert [(s.cle.nom, s.horodatage) for s in signataires] == [("sum.golang.org", None)]


@pytest.mark.parametrize(
    ("avant", "apres"),
    [("6476701", "6476702"), ("mb8Q", "mb9Q"), ("tree\n", "tree\nextension\n"), ("go.sum", "go.Sum")],
    ids=["taille changée", "racine changée", "ligne ajoutée", "origine changée"],
)
def test_le_checkpoint_de_go_altere_est_refuse(avant: str, apres: str) -> None:
    note = vecteurs.CHECKPOINT_SUMDB.replace(avant, apres, 1)
    with pytest.raises(SignatureInvalide):
        verifier_note(note, [CleDeVerification.lire(vecteurs.CLE_SUMDB)])


def test_la_cosignature_de_l_exemple_c2sp_porte_l_heure_de_son_message() -> None:
    corps, lignes = decouper_note(vecteurs.CHECKPOINT_C2SP + vecteurs.LIGNE_COSIGNATURE_C2SP)
    temoin = lignes[1]
    assert temoin.nom == "witness.example.com/w1"
    assert len(temoin.signature) == 8 + 64
    assert int.from_bytes(temoin.signature[:8], "big") == vecteurs.HORODATAGE_C2SP
    assert message_cosignature(corps, vecteurs.HORODATAGE_C2SP).decode() == vecteurs.MESSAGE_COSIGNATURE_C2SP
    horodatee = base64.b64decode(vecteurs.COSIGNATURE_HORODATEE)  # formats' TestCoSigV1Timestamp
    assert int.from_bytes(horodatee[4:12], "big") == vecteurs.HORODATAGE_COSIGNATURE


# --- Checkpoints ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "checkpoint",
    [CHECKPOINT, Checkpoint("o", 0, bytes(32)), Checkpoint("log.example/x y", 2**64 - 1, bytes(32), ("ext 1", "2"))],
)
def test_un_checkpoint_se_relit_a_l_identique(checkpoint: Checkpoint) -> None:
    assert Checkpoint.lire(checkpoint.texte()) == checkpoint


def test_le_texte_d_un_checkpoint_suit_tlog_checkpoint() -> None:
    corps = vecteurs.CHECKPOINT_C2SP.split("\n\n")[0] + "\n"
    assert Checkpoint.lire(corps).texte() == corps


@pytest.mark.parametrize(
    "texte",
    [
        "origine\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "origine\n12\n",
        "\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n+1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n١٢\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n18446744073709551616\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "origine\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n",
        "origine\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "Log\n123\nYmFuYW5hcw==\n",
        "origine\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\nextension\n",
        "origine\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nex\ttension\n",
    ],
    ids=[
        "sans saut de ligne final",
        "deux lignes",
        "origine vide",
        "zéro en tête",
        "taille négative",
        "signe plus",
        "chiffres non ASCII",
        "taille au-delà de 2^64 - 1",
        "base64 non canonique",
        "base64 sans remplissage",
        "racine de 7 octets",
        "ligne d'extension vide",
        "caractère de contrôle",
    ],
)
def test_un_checkpoint_malforme_est_refuse(texte: str) -> None:
    with pytest.raises(CheckpointMalforme):
        Checkpoint.lire(texte)


def test_un_checkpoint_signe_se_verifie(journal: tuple[Ed25519PrivateKey, CleDeVerification]) -> None:
    cle, verificateur = journal
    note = signer_checkpoint(CHECKPOINT, verificateur.nom, cle)
    checkpoint, signataires = verifier_note(note, [verificateur])
    assert checkpoint == CHECKPOINT
    assert [s.cle for s in signataires] == [verificateur]


# --- Tampering --------------------------------------------------------------------------------------------


def test_une_cle_de_meme_nom_ne_vaut_pas_la_cle_du_journal(
    journal: tuple[Ed25519PrivateKey, CleDeVerification],
) -> None:
    cle, verificateur = journal
    usurpee = signer_checkpoint(CHECKPOINT, verificateur.nom, Ed25519PrivateKey.generate())
    with pytest.raises(AucuneSignatureConnue):  # another key id: an unknown key, ignored
        verifier_note(usurpee, [verificateur])
    vraie_ligne = signer_checkpoint(CHECKPOINT, verificateur.nom, cle).split("\n\n")[1]
    _, signataires = verifier_note(usurpee + vraie_ligne, [verificateur])
    assert [s.cle for s in signataires] == [verificateur]


def test_une_signature_d_une_autre_cle_sous_l_identifiant_du_journal_est_refusee(
    journal: tuple[Ed25519PrivateKey, CleDeVerification],
) -> None:
    _, verificateur = journal
    autre = Ed25519PrivateKey.generate().sign(CHECKPOINT.texte().encode())
    ligne = f"— {verificateur.nom} {base64.b64encode(verificateur.identifiant + autre).decode()}\n"
    with pytest.raises(SignatureInvalide):
        verifier_note(f"{CHECKPOINT.texte()}\n{ligne}", [verificateur])


@pytest.mark.parametrize(
    "alterer",
    [
        lambda note: note[:-3] + "\n",
        lambda note: note[:-5] + "\n",
        lambda note: note[:-9] + "\n",
        lambda note: note[: note.rindex(" ") + 1] + "!" + note[note.rindex(" ") + 1 :],
        lambda note: note.replace("\n\n", "\n\n\n"),
    ],
    ids=["tronquée hors base64", "tronquée de 4 caractères", "tronquée de 8", "base64 invalide", "deux lignes vides"],
)
def test_une_ligne_de_signature_alteree_est_refusee(
    journal: tuple[Ed25519PrivateKey, CleDeVerification], alterer: Callable[[str], str]
) -> None:
    cle, verificateur = journal
    note = signer_checkpoint(CHECKPOINT, verificateur.nom, cle)
    with pytest.raises(NoteInvalide):
        verifier_note(alterer(note), [verificateur])


def test_deux_cles_de_confiance_indistinctes_sont_refusees() -> None:
    class CleSansIdentifiantPropre(CleDeVerification):
        @property
        def identifiant(self) -> bytes:
            return b"\x00\x00\x00\x00"

    cles = [CleSansIdentifiantPropre("journal", 1, bytes(32)), CleSansIdentifiantPropre("journal", 1, bytes([1] * 32))]
    with pytest.raises(CleInvalide, match="même nom"):
        ouvrir_note(NOTE_PETER_ENOCH, cles)


# --- Cosignatures -----------------------------------------------------------------------------------------


def test_une_cosignature_se_verifie_avec_la_cle_du_temoin_et_porte_son_heure() -> None:
    cle = Ed25519PrivateKey.generate()
    temoin = CleDeVerification.du_temoin("greffe.example/temoin", cle.public_key())
    ligne = cosigner(CHECKPOINT.texte(), temoin.nom, cle, MAINTENANT)
    _, signataires = verifier_note(f"{CHECKPOINT.texte()}\n{ligne}", [temoin])
    assert [(s.cle, s.horodatage) for s in signataires] == [(temoin, int(MAINTENANT.timestamp()))]


def test_une_cosignature_suit_la_disposition_de_tlog_cosignature() -> None:
    cle = Ed25519PrivateKey.generate()
    temoin = CleDeVerification.du_temoin("greffe.example/temoin", cle.public_key())
    octets = base64.b64decode(cosigner(CHECKPOINT.texte(), temoin.nom, cle, MAINTENANT).split(" ")[2])
    horodatage = int(MAINTENANT.timestamp())
    assert octets[:4] == temoin.identifiant
    assert octets[4:12] == horodatage.to_bytes(8, "big")
    message = f"cosignature/v1\ntime {horodatage}\n{CHECKPOINT.texte()}".encode()
    cle.public_key().verify(octets[12:], message)  # raises if the signed message is not the spec's


def test_une_cosignature_dont_l_heure_est_changee_est_refusee() -> None:
    cle = Ed25519PrivateKey.generate()
    temoin = CleDeVerification.du_temoin("greffe.example/temoin", cle.public_key())
    octets = base64.b64decode(cosigner(CHECKPOINT.texte(), temoin.nom, cle, MAINTENANT).split(" ")[2])
    avancee = octets[:4] + (int.from_bytes(octets[4:12], "big") + 1).to_bytes(8, "big") + octets[12:]
    with pytest.raises(SignatureInvalide):
        verifier_note(f"{CHECKPOINT.texte()}\n— {temoin.nom} {base64.b64encode(avancee).decode()}\n", [temoin])


def test_une_cosignature_n_est_pas_une_signature_du_journal_de_meme_cle() -> None:
    cle = Ed25519PrivateKey.generate()
    nom = "greffe.example/temoin"
    ligne = cosigner(CHECKPOINT.texte(), nom, cle, MAINTENANT)
    with pytest.raises(AucuneSignatureConnue):  # type 0x01 and type 0x04 keys have different ids
        verifier_note(f"{CHECKPOINT.texte()}\n{ligne}", [CleDeVerification.du_journal(nom, cle.public_key())])


def test_on_ne_cosigne_que_le_texte_d_un_checkpoint(journal: tuple[Ed25519PrivateKey, CleDeVerification]) -> None:
    cle, verificateur = journal
    with pytest.raises(CheckpointMalforme):
        cosigner(signer_checkpoint(CHECKPOINT, verificateur.nom, cle), "temoin", cle, MAINTENANT)
    with pytest.raises(ValueError, match="fuseau"):
        cosigner(CHECKPOINT.texte(), "temoin", cle, datetime(2026, 1, 1))


def test_les_cosignatures_s_ajoutent_a_la_note_une_fois(journal: tuple[Ed25519PrivateKey, CleDeVerification]) -> None:
    cle, verificateur = journal
    note = signer_checkpoint(CHECKPOINT, verificateur.nom, cle)
    cle_temoin = Ed25519PrivateKey.generate()
    temoin = CleDeVerification.du_temoin("greffe.example/temoin", cle_temoin.public_key())
    ligne = cosigner(CHECKPOINT.texte(), temoin.nom, cle_temoin, MAINTENANT)
    cosignee = ajouter_signatures(note, [ligne, ligne])
    assert cosignee == note + ligne
    assert _signataires(cosignee, [verificateur, temoin]) == [verificateur.nom, temoin.nom]
    with pytest.raises(NoteMalformee):
        ajouter_signatures(note, [ligne + ligne])


def _signataires(note: str, cles: list[CleDeVerification]) -> list[str]:
    return [s.cle.nom for s in ouvrir_note(note, cles)[1]]
