"""The witness cosigns a checkpoint only if it extends the last one it cosigned, and says why otherwise."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.transparence.arbre import HASH_VIDE, preuve_coherence, racine
from infrastructure.transparence.note import (
    Checkpoint,
    CleDeVerification,
    ajouter_signatures,
    signer_checkpoint,
    verifier_note,
)
from infrastructure.transparence.temoin import (
    ArbreVideInvalide,
    Contradiction,
    Etat,
    EtatIllisible,
    OrigineInconnue,
    PreuveDeCoherenceInvalide,
    RetourEnArriere,
    SignatureDuJournalInvalide,
    TailleAncienneDifferente,
    Temoin,
    examiner,
    origine_de,
)
from tests.transparence import reference
from tests.transparence.reference import MagasinEnMemoire

ORIGINE = "parcours.example/journal"
MAINTENANT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CLE_JOURNAL = Ed25519PrivateKey.generate()
JOURNAL = CleDeVerification.du_journal(ORIGINE, CLE_JOURNAL.public_key())
TEMOIN = Temoin("greffe.example/temoin", Ed25519PrivateKey.generate())
ARBRE = MagasinEnMemoire(reference.feuilles_distinctes(40))


def note(taille: int, arbre: MagasinEnMemoire = ARBRE, origine: str = ORIGINE) -> str:
    """The log's signed checkpoint of its tree at ``taille`` leaves."""
    return signer_checkpoint(Checkpoint(origine, taille, racine(taille, arbre)), ORIGINE, CLE_JOURNAL)


def apres(taille: int) -> Etat:
    """A witness that has cosigned the log's tree of ``taille`` leaves."""
    return examiner(Etat(ORIGINE), note(taille), [], JOURNAL, TEMOIN, MAINTENANT).etat


def test_le_premier_checkpoint_est_cosigne_sans_preuve() -> None:
    etat, ligne = examiner(Etat(ORIGINE), note(12), [], JOURNAL, TEMOIN, MAINTENANT)
    assert (etat.origine, etat.taille, etat.racine, etat.note) == (ORIGINE, 12, racine(12, ARBRE), note(12))
    _, signataires = verifier_note(ajouter_signatures(note(12), [ligne]), [JOURNAL, TEMOIN.cle_de_verification()])
    assert [(s.cle, s.horodatage) for s in signataires] == [
        (JOURNAL, None),
        (TEMOIN.cle_de_verification(), int(MAINTENANT.timestamp())),
    ]


def test_un_arbre_qui_grandit_est_cosigne_sur_preuve_de_coherence() -> None:
    cosignature = examiner(apres(5), note(31), preuve_coherence(5, 31, ARBRE), JOURNAL, TEMOIN, MAINTENANT)
    assert (cosignature.etat.taille, cosignature.etat.racine) == (31, racine(31, ARBRE))


def test_le_meme_checkpoint_est_cosigne_de_nouveau_a_l_heure_nouvelle() -> None:
    plus_tard = MAINTENANT + timedelta(hours=1)
    etat, ligne = examiner(apres(12), note(12), [], JOURNAL, TEMOIN, plus_tard, ancienne_taille=12)
    assert etat == apres(12)
    _, signataires = verifier_note(note(12) + ligne, [TEMOIN.cle_de_verification()])
    assert signataires[0].horodatage == int(plus_tard.timestamp())


def test_un_journal_qui_reecrit_son_passe_n_obtient_pas_de_cosignature() -> None:
    reecrit = MagasinEnMemoire([b"autre histoire", *reference.feuilles_distinctes(40)[1:]])
    with pytest.raises(PreuveDeCoherenceInvalide, match="prolonge"):
        examiner(apres(5), note(12, reecrit), preuve_coherence(5, 12, reecrit), JOURNAL, TEMOIN, MAINTENANT)


@pytest.mark.parametrize(
    "preuve",
    [
        [],
        preuve_coherence(6, 12, ARBRE),
        preuve_coherence(5, 12, ARBRE)[:-1],
        [*preuve_coherence(5, 12, ARBRE), HASH_VIDE],
    ],
    ids=["aucune", "depuis une autre taille", "tronquée", "allongée"],
)
def test_une_preuve_de_coherence_fausse_est_refusee(preuve: list[bytes]) -> None:
    with pytest.raises(PreuveDeCoherenceInvalide) as refus:
        examiner(apres(5), note(12), preuve, JOURNAL, TEMOIN, MAINTENANT)
    assert refus.value.statut == 422


@pytest.mark.parametrize(("connue", "recue"), [(0, 7), (7, 7)], ids=["depuis l'arbre vide", "même taille"])
def test_une_preuve_la_ou_aucune_n_est_due_est_refusee(connue: int, recue: int) -> None:
    etat = apres(connue) if connue else Etat(ORIGINE)
    with pytest.raises(PreuveDeCoherenceInvalide, match="aucune preuve"):
        examiner(etat, note(recue), [HASH_VIDE], JOURNAL, TEMOIN, MAINTENANT)


def test_un_checkpoint_plus_petit_est_un_retour_en_arriere() -> None:
    with pytest.raises(RetourEnArriere) as refus:
        examiner(apres(12), note(5), [], JOURNAL, TEMOIN, MAINTENANT)
    assert (refus.value.taille_connue, refus.value.recu.taille) == (12, 5)


def test_deux_racines_pour_la_meme_taille_sont_une_contradiction_prouvee() -> None:
    fourche = MagasinEnMemoire([b"autre histoire", *reference.feuilles_distinctes(40)[1:]])
    with pytest.raises(Contradiction) as refus:
        examiner(apres(12), note(12, fourche), [], JOURNAL, TEMOIN, MAINTENANT)
    preuves = [verifier_note(n, [JOURNAL])[0] for n in (refus.value.note_connue or "", refus.value.note_recue)]
    assert preuves == [refus.value.connu, refus.value.recu]  # both signed by the log: anyone can check
    assert preuves[0].taille == preuves[1].taille
    assert preuves[0].racine != preuves[1].racine


def test_l_arbre_vide_n_a_qu_une_racine() -> None:
    vide = signer_checkpoint(Checkpoint(ORIGINE, 0, HASH_VIDE), ORIGINE, CLE_JOURNAL)
    assert examiner(Etat(ORIGINE), vide, [], JOURNAL, TEMOIN, MAINTENANT).etat.note == vide
    faux = signer_checkpoint(Checkpoint(ORIGINE, 0, racine(1, ARBRE)), ORIGINE, CLE_JOURNAL)
    with pytest.raises(ArbreVideInvalide):
        examiner(Etat(ORIGINE), faux, [], JOURNAL, TEMOIN, MAINTENANT)


def test_une_note_que_le_journal_n_a_pas_signee_est_refusee() -> None:
    usurpee = signer_checkpoint(Checkpoint(ORIGINE, 12, racine(12, ARBRE)), ORIGINE, Ed25519PrivateKey.generate())
    for texte in (usurpee, note(12).replace("12\n", "13\n", 1), "pas une note"):
        with pytest.raises(SignatureDuJournalInvalide) as refus:
            examiner(Etat(ORIGINE), texte, [], JOURNAL, TEMOIN, MAINTENANT)
        assert refus.value.statut == 403


def test_un_journal_que_le_temoin_ne_suit_pas_est_inconnu() -> None:
    autre = note(3, origine="autre.example/journal")
    assert origine_de(autre) == "autre.example/journal"
    with pytest.raises(OrigineInconnue):
        examiner(Etat(ORIGINE), autre, [], JOURNAL, TEMOIN, MAINTENANT)


def test_une_preuve_depuis_une_taille_non_cosignee_dit_la_taille_connue() -> None:
    with pytest.raises(TailleAncienneDifferente) as refus:
        examiner(apres(5), note(12), preuve_coherence(6, 12, ARBRE), JOURNAL, TEMOIN, MAINTENANT, ancienne_taille=6)
    assert (refus.value.taille_connue, refus.value.statut) == (5, 409)


def test_la_cle_d_un_temoin_ne_peut_pas_servir_de_cle_du_journal() -> None:
    with pytest.raises(ValueError, match="type 0x01"):
        examiner(Etat(ORIGINE), note(3), [], TEMOIN.cle_de_verification(), TEMOIN, MAINTENANT)


# --- The state file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("etat", [Etat(ORIGINE), apres(12)], ids=["avant tout", "après une cosignature"])
def test_l_etat_se_relit_de_son_json(etat: Etat) -> None:
    assert Etat.depuis_json(etat.vers_json()) == etat


@pytest.mark.parametrize(
    "alterer",
    [
        lambda d: {k: v for k, v in d.items() if k != "note"},
        lambda d: {**d, "format": "autre/v2"},
        lambda d: {**d, "taille": True},
        lambda d: {**d, "taille": "12"},
        lambda d: {**d, "racine": d["racine"][:-2]},
        lambda d: {**d, "taille": 13},
        lambda d: {**d, "note": None},
        lambda d: {**d, "note": "pas une note"},
        lambda d: [d],
    ],
    ids=["champ manquant", "autre format", "taille booléenne", "taille texte", "racine tronquée",
         "taille qui n'est pas celle de la note", "note perdue", "note illisible", "pas un objet"],
)  # fmt: skip
def test_un_etat_altere_est_illisible(alterer: Callable[[dict[str, object]], object]) -> None:
    with pytest.raises(EtatIllisible):
        Etat.depuis_json(json.dumps(alterer(json.loads(apres(12).vers_json()))))


def test_un_etat_qui_n_est_pas_du_json_est_illisible() -> None:
    with pytest.raises(EtatIllisible):
        Etat.depuis_json("{")
