"""Issue 20: a dossier's export (``parcours-export/2``) against a forger who holds the JSON, the documented formulas
and every public piece of the log (checkpoints, proofs, other dossiers' exports), but neither the log's private key
nor a witness's. Each forgery is refused offline with a reason that names it; the genuine export passes.

One store per backend (SQLite, PostgreSQL), built once through the API: parcours A (a person's, so some of its
values are sealed) with a sanction of two months, parcours B, both in the log under checkpoint C1 that a witness
cosigned; then parcours C, so that the log grows past C1 into an uncosigned C2.
"""

import base64
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import Mapper, StoredEvent
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from application.parcours import ParcoursApplication
from application.principal import Role
from cli.main import main
from domain.evenements import EvenementParcours
from domain.vocabulaire import Organisme
from infrastructure.composition import construire_application
from infrastructure.export import (
    corps_attestation,
    empreinte_du_bundle,
    exporter,
    procedures_de,
    rectifications,
    rejouer,
    rendu,
)
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.transparence.arbre import hash_feuille, preuve_inclusion
from infrastructure.transparence.journal import CheckpointSigne, donnees_de_feuille
from infrastructure.transparence.note import (
    CleDeVerification,
    ajouter_signatures,
    decouper_note,
    signer_note,
)
from infrastructure.transparence.temoin import Etat, Temoin, examiner
from infrastructure.transparence.tenue import cle_du_journal, journal_a_jour, journal_pour
from infrastructure.verification_export import verifier_export
from tests.api.corps import CONTRAT, DIAGNOSTIC, DONNEES_EMPLOI, INSCRIPTION, MANQUEMENT, VOIES, le
from tests.api.test_personnes import PERSONNE
from tests.conftest import magasin
from tests.support.horloge import HorlogeDeTest

Bundle = dict[str, Any]
DEUX_MOIS = {"niveau": "niveau_1", "nature": "suspension", "allocation": "ARE", "taux": "30", "duree_mois": 2}
VERSION_SANCTION = 10
"""SanctionDecidee in parcours A: inscription, proposal, orientation, notification, diagnostic, contrat,
manquement, contradictoire, avis, décision, notification."""


@dataclass(frozen=True)
class Preuves:
    reglages: Reglages
    application: ParcoursApplication
    mapper: Mapper[Any]
    cle: CleDeVerification
    temoin: Temoin
    export: Bundle
    """A's export now, against C1."""
    export_avant_notification: Bundle
    """A's export as known before its sanction was notified, against C1 too."""
    export_b: Bundle
    c2: CheckpointSigne
    """The log's latest checkpoint, past C1, signed but not cosigned."""
    personne_id: str
    """The person A is about: their own aggregate's events are leaves of the log too."""

    @property
    def cle_temoin(self) -> CleDeVerification:
        return self.temoin.cle_de_verification()

    def ecarts(self, bundle: Any, temoins: list[CleDeVerification] | None = None) -> list[str]:
        """The reasons to refuse ``bundle``, the witness's cosignature required unless told otherwise."""
        return verifier_export(bundle, self.mapper, self.cle, [self.cle_temoin] if temoins is None else temoins)

    def copie(self, bundle: Bundle | None = None) -> Bundle:
        return cast(Bundle, json.loads(json.dumps(self.export if bundle is None else bundle)))


def refaire_empreinte(bundle: Bundle) -> Bundle:
    """The forger always recomputes the fingerprint: it is a checksum, not a proof."""
    bundle["empreinte"] = empreinte_du_bundle(bundle)
    return bundle


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def preuves(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preuves]:
    dossier = tmp_path_factory.mktemp("export")
    magasins = magasin(request.param, dossier, request)
    temoin = Temoin("temoin.greffe.example", Ed25519PrivateKey.generate())
    reglages = next(magasins).model_copy(
        update={
            "cle_dev": dossier / "cle-dev.pem",
            "cle_signature": dossier / "cle-signature.pem",
            "temoins": (temoin.cle_de_verification().texte(),),
        }
    )
    migrer(reglages)
    horloge = HorlogeDeTest()
    decodeur = construire_application(reglages_pour("memory://"))  # offline: nobody's key
    with TestClient(_creer_app(reglages, horloge)) as client:
        yield _construire(client, reglages, horloge, temoin, decodeur.mapper)
    decodeur.close()
    next(magasins, None)  # drops the PostgreSQL schema


def _creer_app(reglages: Reglages, horloge: HorlogeDeTest) -> Any:
    from api.app import creer_app  # noqa: PLC0415 - built on the store of the test

    return creer_app(reglages, horloge)


def _construire(
    client: TestClient, reglages: Reglages, horloge: HorlogeDeTest, temoin: Temoin, mapper: Mapper[Any]
) -> Preuves:
    def jeton(role: Role, sub: str) -> dict[str, str]:
        revendications = Revendications(sub=sub, role=role, organisme=Organisme.FRANCE_TRAVAIL, territoire="75")
        return {"Authorization": f"Bearer {emettre_jeton_dev(reglages, revendications)}"}

    conseillere, autorite = jeton(Role.CONSEILLER, "agent-42"), jeton(Role.AUTORITE_SANCTION, "dr-idf")

    def envoyer(chemin: str, corps: Mapping[str, object], entetes: dict[str, str] = conseillere) -> Any:
        if "effective_le" in corps:
            horloge.aller_au(str(corps["effective_le"])[:10])
        reponse = client.post(chemin, json=corps, headers=entetes)
        assert reponse.status_code in (200, 201), reponse.text
        return reponse.json()

    inscrit = envoyer("/parcours", {**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, "personne": PERSONNE})
    a = f"/parcours/{inscrit['parcours_id']}"
    b = f"/parcours/{envoyer('/parcours', INSCRIPTION)['parcours_id']}"
    envoyer(f"{a}/orientation/notification", le("2025-06-03"))
    envoyer(f"{a}/diagnostic", DIAGNOSTIC)
    envoyer(f"{a}/contrat", CONTRAT)
    manquement = envoyer(f"{a}/manquements", MANQUEMENT)["manquement_id"]
    sid = envoyer(f"{a}/sanctions", {"manquements": [manquement], "sanction_envisagee": DEUX_MOIS})["procedure_id"]
    envoyer(f"{a}/sanctions/{sid}/reception-avis", {"recu_le": "2025-07-01", **le("2025-07-01")})
    decision = {"sanction": DEUX_MOIS, "motif": "Absences répétées sans justificatif", **le("2025-07-15")}
    envoyer(f"{a}/sanctions/{sid}/decision", decision, autorite)
    avant_notification = horloge.avancer(hours=1)
    envoyer(f"{a}/sanctions/{sid}/notification", {**VOIES, **le("2025-07-16")}, autorite)
    application: ParcoursApplication = client.app.state.application  # type: ignore[attr-defined]
    _cosigner(application, reglages, temoin)
    envoyer("/parcours", INSCRIPTION)
    c2 = journal_a_jour(application, reglages)
    assert c2 is not None

    def exporter_(chemin: str, **params: str) -> Bundle:
        reponse = client.get(f"{chemin}/export", params=params, headers=conseillere)
        assert reponse.status_code == 200, reponse.text
        return cast(Bundle, reponse.json())

    return Preuves(
        reglages=reglages,
        application=application,
        mapper=mapper,
        cle=cle_du_journal(reglages),
        temoin=temoin,
        export=exporter_(a),
        export_avant_notification=exporter_(a, a_la_date=avant_notification.isoformat()),
        export_b=exporter_(b),
        c2=c2,
        personne_id=inscrit["personne_id"],
    )


def _cosigner(application: ParcoursApplication, reglages: Reglages, temoin: Temoin) -> None:
    """C1: the log brought up to date and signed, then cosigned by the witness (as it would over tlog-witness)."""
    signe = journal_a_jour(application, reglages)
    assert signe is not None
    maintenant = datetime.now(UTC)
    cosignature = examiner(Etat(reglages.origine_journal), signe.note, [], cle_du_journal(reglages), temoin, maintenant)
    journal_pour(application).ajouter_cosignature(signe.taille, temoin.nom, cosignature.ligne, maintenant.isoformat())


# --- Forger's tools: the documented formulas ------------------------------------------------------------------


def feuille_de_l_export(bundle: Mapping[str, Any], evenement: Mapping[str, Any]) -> str:
    octets = base64.b64decode(evenement["stockage"]["etat"])
    donnees = donnees_de_feuille(bundle["parcours_id"], evenement["version"], evenement["stockage"]["topic"], octets)
    return base64.b64encode(hash_feuille(donnees)).decode()


def forger_les_octets(p: Preuves, bundle: Bundle, version: int, remplacer: Callable[[bytes], bytes]) -> Bundle:
    """The issue's forgery, done whole: the stored bytes changed, then the leaf hash, the readable rendering,
    the procedures and the fingerprint recomputed from them; the real checkpoint kept."""
    evenement = bundle["evenements"][version - 1]
    octets = remplacer(base64.b64decode(evenement["stockage"]["etat"]))
    assert octets != base64.b64decode(evenement["stockage"]["etat"])
    evenement["stockage"]["etat"] = base64.b64encode(octets).decode()
    evenement["feuille"]["hash"] = feuille_de_l_export(bundle, evenement)
    decodes = [_decoder(p, bundle, e) for e in bundle["evenements"]]
    rectifie_par = rectifications(decodes)
    for exporte, decode in zip(bundle["evenements"], decodes, strict=True):
        exporte.update(rendu(decode, rectifie_par))
    bundle["procedures"] = procedures_de(rejouer(decodes))
    return refaire_empreinte(bundle)


def _decoder(p: Preuves, bundle: Mapping[str, Any], exporte: Mapping[str, Any]) -> EvenementParcours:
    stocke = StoredEvent(
        UUID(bundle["parcours_id"]),
        exporte["version"],
        exporte["stockage"]["topic"],
        base64.b64decode(exporte["stockage"]["etat"]),
    )
    return cast(EvenementParcours, p.mapper.to_domain_event(stocke))


def resigner_l_attestation(bundle: Bundle, cle: Ed25519PrivateKey) -> Bundle:
    """An attestation saying what the forged bundle holds, signed by a key of the forger's under the log's name."""
    feuilles = [
        (e["version"], e["feuille"]["indice"], base64.b64decode(feuille_de_l_export(bundle, e)))
        for e in bundle["evenements"]
    ]
    bundle["attestation"] = signer_note(corps_attestation(bundle, feuilles), bundle["journal"]["origine"], cle)
    return refaire_empreinte(bundle)


def deux_mois_en_quatre(octets: bytes) -> bytes:
    return octets.replace(b'"duree_mois":2', b'"duree_mois":4')


def lignes_de_signature(note: str) -> list[str]:
    corps, _ = decouper_note(note)
    return note[len(corps) + 1 :].splitlines(keepends=True)


def avec_lignes(note: str, lignes: list[str]) -> str:
    corps, _ = decouper_note(note)
    return f"{corps}\n{''.join(lignes)}"


def un_seul(ecarts: list[str], fragment: str) -> None:
    assert any(fragment in e for e in ecarts), ecarts


# --- The genuine export ----------------------------------------------------------------------------------------


def test_le_dossier_authentique_tient_avec_et_sans_temoin_exige(preuves: Preuves) -> None:
    assert preuves.ecarts(preuves.export) == []
    assert preuves.ecarts(preuves.export, temoins=[]) == []
    assert preuves.ecarts(preuves.export_avant_notification) == []
    assert preuves.ecarts(preuves.export_b) == []


def test_la_preuve_porte_sur_le_dernier_checkpoint_cosigne_et_non_sur_le_plus_recent(preuves: Preuves) -> None:
    journal = preuves.export["journal"]

    assert journal["taille"] < preuves.c2.taille
    assert preuves.temoin.nom in journal["checkpoint"]
    sans_temoins = preuves.reglages.model_copy(update={"temoins": ()})
    parcours_id = UUID(preuves.export["parcours_id"])
    recent = exporter(preuves.application, sans_temoins, parcours_id, None, datetime.now(UTC))
    assert recent["journal"]["taille"] == journal_pour(preuves.application).tete()[0] >= preuves.c2.taille
    assert preuves.ecarts(recent, temoins=[]) == []
    un_seul(preuves.ecarts(recent), f"témoin {preuves.temoin.nom} : aucune cosignature du checkpoint")


def test_rien_d_une_autre_personne_ne_figure_dans_le_dossier(preuves: Preuves) -> None:
    texte = json.dumps(preuves.export)
    autres = [e["stockage"]["etat"] for e in preuves.export_b["evenements"]]

    assert preuves.export_b["parcours_id"] not in texte
    assert not any(etat in texte for etat in autres)
    assert {e["feuille"]["hash"] for e in preuves.export_b["evenements"]}.isdisjoint(
        e["feuille"]["hash"] for e in preuves.export["evenements"]
    )


def test_la_ligne_de_commande_verifie_hors_ligne_avec_le_temoin_exige(
    preuves: Preuves, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fichier = tmp_path / "a.json"
    fichier.write_text(json.dumps(preuves.export), encoding="utf-8")
    forge = tmp_path / "forge.json"
    forge.write_text(json.dumps(forger_les_octets(preuves, preuves.copie(), VERSION_SANCTION, deux_mois_en_quatre)))
    cles = ["--cle-journal", preuves.cle.texte(), "--temoin", preuves.cle_temoin.texte()]
    journal_comme_temoin = ["--cle-journal", preuves.cle.texte(), "--temoin", preuves.cle.texte()]

    assert main(["audit", "verifier-export", str(fichier), *cles]) == 0
    assert "données personnelles scellées, vérifiées par l'attestation seule" in capsys.readouterr().out
    assert main(["audit", "verifier-export", str(forge), *cles]) == 1
    assert main(["audit", "verifier-export", str(fichier), *journal_comme_temoin]) == 2


# --- What the bytes say ----------------------------------------------------------------------------------------


def test_la_falsification_de_l_issue_deux_mois_devenus_quatre_tous_hash_recalcules(preuves: Preuves) -> None:
    forge = forger_les_octets(preuves, preuves.copie(), VERSION_SANCTION, deux_mois_en_quatre)
    assert "pendant 4 mois" in forge["procedures"][0]["sanction"]  # everything readable says four months

    ecarts = preuves.ecarts(forge)
    resignee = preuves.ecarts(resigner_l_attestation(forge, Ed25519PrivateKey.generate()))

    un_seul(ecarts, f"événement n° {VERSION_SANCTION} : la preuve d'inclusion de la feuille")
    un_seul(ecarts, "attestation : « feuilles sha256:")
    un_seul(ecarts, "attestation : « lisible sha256:")
    un_seul(resignee, f"événement n° {VERSION_SANCTION} : la preuve d'inclusion de la feuille")
    un_seul(resignee, "attestation : non signée par la clé du journal")


def test_des_octets_changes_sans_recalculer_la_feuille(preuves: Preuves) -> None:
    forge = preuves.copie()
    evenement = forge["evenements"][VERSION_SANCTION - 1]
    evenement["stockage"]["etat"] = base64.b64encode(
        deux_mois_en_quatre(base64.b64decode(evenement["stockage"]["etat"]))
    ).decode()

    un_seul(
        preuves.ecarts(refaire_empreinte(forge)),
        f"événement n° {VERSION_SANCTION} : ses octets stockés ne donnent pas le hash de feuille annoncé",
    )


def test_la_duree_changee_dans_le_seul_rendu_lisible(preuves: Preuves) -> None:
    forge = preuves.copie()
    forge["evenements"][VERSION_SANCTION - 1]["donnees"]["sanction"]["duree_mois"] = 4
    forge["procedures"][0]["sanction"] = forge["procedures"][0]["sanction"].replace("2 mois", "4 mois")

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    un_seul(ecarts, f"événement n° {VERSION_SANCTION} : donnees diffère(nt) des octets stockés")
    un_seul(ecarts, "procédures de sanction : diffèrent de celles que rejouent les événements")
    un_seul(ecarts, "attestation : « lisible sha256:")


def test_un_motif_scelle_change_n_echappe_pas_a_l_attestation(preuves: Preuves) -> None:
    """The motive is sealed under the person's key: offline, the bytes cannot say it; the attestation can."""
    forge = preuves.copie()
    forge["evenements"][VERSION_SANCTION - 1]["motif"] = "Aucun manquement constaté"

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    assert len(ecarts) == 1
    assert ecarts[0].startswith("attestation : « lisible sha256:")


def test_l_explication_changee(preuves: Preuves) -> None:
    forge = preuves.copie()
    forge["explication"]["texte"] = forge["explication"]["texte"].replace("France Travail", "le Département")

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    un_seul(ecarts, "explication de l'orientation : diffère de celle que donnent les événements")


# --- Which events make the dossier ------------------------------------------------------------------------------


def test_un_evenement_retire(preuves: Preuves) -> None:
    au_milieu, a_la_fin = preuves.copie(), preuves.copie()
    del au_milieu["evenements"][4]
    del a_la_fin["evenements"][-1]

    milieu, fin = preuves.ecarts(refaire_empreinte(au_milieu)), preuves.ecarts(refaire_empreinte(a_la_fin))

    un_seul(milieu, "ne se suivent pas de 1 à")
    un_seul(milieu, "attestation : « evenements 11 » attesté, le document donne « evenements 10 »")
    un_seul(fin, "attestation : « evenements 11 » attesté, le document donne « evenements 10 »")


def test_un_evenement_ajoute_avec_sa_preuve_valide(preuves: Preuves) -> None:
    """Known before the notification, the dossier had ten events; the eleventh, added with its genuine proof
    against the same checkpoint, is refused by the attestation alone."""
    forge = preuves.copie(preuves.export_avant_notification)
    assert forge["journal"] == preuves.export["journal"]
    forge["evenements"].append(preuves.copie()["evenements"][-1])

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    un_seul(ecarts, "attestation : « evenements 10 » attesté, le document donne « evenements 11 »")
    assert not any(e.startswith("événement") for e in ecarts)


def test_deux_evenements_intervertis(preuves: Preuves) -> None:
    forge = preuves.copie()
    evenements = forge["evenements"]
    evenements[1], evenements[2] = evenements[2], evenements[1]

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    un_seul(ecarts, "les versions [1, 3, 2, 4")
    un_seul(ecarts, "attestation : « feuilles sha256:")


@given(ordre=st.permutations(range(11)))
@settings(max_examples=20, deadline=None)
def test_tout_autre_ordre_des_evenements_est_refuse(preuves: Preuves, ordre: list[int]) -> None:
    forge = preuves.copie()
    forge["evenements"] = [forge["evenements"][i] for i in ordre]

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    assert (ecarts == []) == (ordre == sorted(ordre))


def test_les_evenements_d_un_autre_parcours_avec_leurs_preuves_valides(preuves: Preuves) -> None:
    assert preuves.export_b["journal"] == preuves.export["journal"]  # B's proofs hold against the same checkpoint
    un_evenement, tout = preuves.copie(), preuves.copie(preuves.export_b)
    un_evenement["evenements"][0] = preuves.copie(preuves.export_b)["evenements"][0]
    tout["parcours_id"] = preuves.export["parcours_id"]

    un_seul(
        preuves.ecarts(refaire_empreinte(un_evenement)),
        "événement n° 1 : ses octets stockés ne donnent pas le hash de feuille annoncé",
    )
    ecarts = preuves.ecarts(refaire_empreinte(tout))
    un_seul(ecarts, "événement n° 1 : ses octets stockés ne donnent pas le hash de feuille annoncé")
    un_seul(ecarts, f"attestation : « parcours {preuves.export_b['parcours_id']} » attesté")


def test_les_evenements_de_la_personne_avec_leurs_preuves_valides_ne_font_pas_un_parcours(preuves: Preuves) -> None:
    """The person's own aggregate is in the log too: its events prove their inclusion, and are no parcours."""
    forge = preuves.copie()
    journal, taille = journal_pour(preuves.application), forge["journal"]["taille"]
    stockes = preuves.application.recorder.select_events(UUID(preuves.personne_id))
    feuilles = journal.feuilles_du_parcours(preuves.personne_id)
    forge["parcours_id"] = preuves.personne_id
    forge["evenements"] = []
    for stocke, feuille in zip(stockes, feuilles, strict=True):
        etat = {"topic": stocke.topic, "etat": base64.b64encode(stocke.state).decode()}
        evenement = {"version": stocke.originator_version, "stockage": etat}
        preuve = [base64.b64encode(h).decode() for h in preuve_inclusion(feuille.indice, taille, journal)]
        evenement["feuille"] = {
            "indice": feuille.indice,
            "hash": feuille_de_l_export(forge, evenement),
            "preuve": preuve,
        }
        forge["evenements"].append(evenement)

    ecarts = preuves.ecarts(refaire_empreinte(forge))

    un_seul(ecarts, "événement n° 1 : ses octets ne se lisent pas comme un événement de parcours")
    un_seul(ecarts, f"attestation : « parcours {preuves.export['parcours_id']} » attesté")
    assert not any("preuve d'inclusion" in e for e in ecarts)


@pytest.mark.parametrize(
    ("champ", "valeur", "raison"),
    [
        ("evenements", "tous", "document mal formé : aucun événement"),
        ("journal", None, "document mal formé : journal"),
        ("parcours_id", "../../etc", "document mal formé : parcours_id"),
        ("attestation", 42, "document mal formé : attestation"),
        ("format", "parcours-export/1", "format inconnu : 'parcours-export/1'"),
    ],
)
def test_un_document_mal_forme_est_refuse_sans_exception(
    preuves: Preuves, champ: str, valeur: object, raison: str
) -> None:
    forge = preuves.copie()
    forge[champ] = valeur

    un_seul(preuves.ecarts(forge), raison)


@pytest.mark.parametrize(
    ("chemin", "valeur"),
    [(("feuille", "hash"), "pas du base64"), (("feuille", "preuve"), ["QQ=="]), (("stockage", "etat"), 7), ((), [])],
)
def test_un_evenement_mal_forme_est_nomme(preuves: Preuves, chemin: tuple[str, ...], valeur: object) -> None:
    forge = preuves.copie()
    if chemin:
        forge["evenements"][2][chemin[0]][chemin[1]] = valeur
    else:
        forge["evenements"][2] = valeur

    un_seul(preuves.ecarts(forge), "événement à la place 3 : mal formé")


# --- The inclusion proofs ----------------------------------------------------------------------------------------


def _avec_preuve(p: Preuves, version: int, preuve: list[bytes], indice: int | None = None) -> list[str]:
    forge = p.copie()
    feuille = forge["evenements"][version - 1]["feuille"]
    feuille["preuve"] = [base64.b64encode(h).decode() for h in preuve]
    if indice is not None:
        feuille["indice"] = indice
    return p.ecarts(refaire_empreinte(forge))


def _preuve(p: Preuves, indice: int, taille: int) -> list[bytes]:
    return preuve_inclusion(indice, taille, journal_pour(p.application))


@pytest.mark.parametrize("taille", ["plus_petite", "plus_grande"])
def test_une_preuve_pour_une_autre_taille_d_arbre(preuves: Preuves, taille: str) -> None:
    version = 4
    indice = preuves.export["evenements"][version - 1]["feuille"]["indice"]
    autre = indice + 1 if taille == "plus_petite" else preuves.c2.taille
    assert autre != preuves.export["journal"]["taille"]

    un_seul(_avec_preuve(preuves, version, _preuve(preuves, indice, autre)), "événement n° 4 : la preuve d'inclusion")


def test_la_preuve_de_la_feuille_voisine(preuves: Preuves) -> None:
    version = 4
    indice, taille = preuves.export["evenements"][version - 1]["feuille"]["indice"], preuves.export["journal"]["taille"]
    voisine = indice ^ 1
    assert voisine < taille

    un_seul(_avec_preuve(preuves, version, _preuve(preuves, voisine, taille)), "événement n° 4 : la preuve d'inclusion")
    un_seul(
        _avec_preuve(preuves, version, _preuve(preuves, voisine, taille), indice=voisine),
        f"événement n° 4 : la preuve d'inclusion de la feuille {voisine}",
    )


@pytest.mark.parametrize("forme", ["vide", "tronquee", "allongee"])
def test_une_preuve_vide_tronquee_ou_allongee(preuves: Preuves, forme: str) -> None:
    feuille = preuves.export["evenements"][3]["feuille"]
    vraie = [base64.b64decode(h) for h in feuille["preuve"]]
    preuve = {"vide": [], "tronquee": vraie[:-1], "allongee": [*vraie, vraie[0]]}[forme]

    un_seul(_avec_preuve(preuves, 4, preuve), "événement n° 4 : la preuve d'inclusion")


def test_un_checkpoint_plus_recent_vraiment_signe_avec_des_preuves_recalculees(preuves: Preuves) -> None:
    """Every proof holds against C2, a genuine checkpoint of the log; the witness never cosigned it, and the
    attestation names C1."""
    forge = preuves.copie()
    checkpoint = decouper_note(preuves.c2.note)[0].splitlines()
    forge["journal"] = {
        "origine": checkpoint[0],
        "taille": preuves.c2.taille,
        "racine": checkpoint[2],
        "checkpoint": preuves.c2.note,
    }
    for evenement in forge["evenements"]:
        preuve = _preuve(preuves, evenement["feuille"]["indice"], preuves.c2.taille)
        evenement["feuille"]["preuve"] = [base64.b64encode(h).decode() for h in preuve]

    avec_temoin, sans_temoin = preuves.ecarts(refaire_empreinte(forge)), preuves.ecarts(forge, temoins=[])

    un_seul(avec_temoin, f"témoin {preuves.temoin.nom} : aucune cosignature du checkpoint")
    un_seul(sans_temoin, "attestation : « checkpoint ")
    assert not any(e.startswith("événement") for e in sans_temoin)


# --- The checkpoint's signatures ---------------------------------------------------------------------------------


def _avec_checkpoint(p: Preuves, note: str, temoins: list[CleDeVerification] | None = None) -> list[str]:
    forge = p.copie()
    forge["journal"]["checkpoint"] = note
    return p.ecarts(refaire_empreinte(forge), temoins)


def test_un_checkpoint_signe_par_une_autre_cle_sous_le_nom_du_journal(preuves: Preuves) -> None:
    corps, _ = decouper_note(preuves.export["journal"]["checkpoint"])
    note = signer_note(corps, preuves.cle.nom, Ed25519PrivateKey.generate())

    ecarts = _avec_checkpoint(preuves, note)

    assert ecarts[0].startswith(f"checkpoint : non signé par la clé du journal {preuves.cle.nom}")


def test_un_checkpoint_sans_la_signature_du_journal(preuves: Preuves) -> None:
    note = preuves.export["journal"]["checkpoint"]
    lignes = lignes_de_signature(note)
    cosignature_seule = avec_lignes(note, [ligne for ligne in lignes if preuves.temoin.nom in ligne])
    corps, _ = decouper_note(note)

    un_seul(_avec_checkpoint(preuves, cosignature_seule), "aucune signature d'une clé de confiance")
    un_seul(_avec_checkpoint(preuves, corps), "checkpoint : non signé par la clé du journal")


def test_la_cosignature_retiree_quand_le_temoin_est_exige(preuves: Preuves) -> None:
    note = preuves.export["journal"]["checkpoint"]
    sans = avec_lignes(note, [ligne for ligne in lignes_de_signature(note) if preuves.temoin.nom not in ligne])

    assert _avec_checkpoint(preuves, sans, temoins=[]) == []
    assert _avec_checkpoint(preuves, sans) == [f"témoin {preuves.temoin.nom} : aucune cosignature du checkpoint"]


def test_une_cosignature_forgee(preuves: Preuves) -> None:
    note = preuves.export["journal"]["checkpoint"]
    journal, cosignature = lignes_de_signature(note)
    nom, encodee = cosignature[2:].split()
    octets = bytearray(base64.b64decode(encodee))
    octets[-1] ^= 1
    alteree = avec_lignes(note, [journal, f"— {nom} {base64.b64encode(octets).decode()}\n"])
    faux_temoin = Temoin(preuves.temoin.nom, Ed25519PrivateKey.generate())
    usurpee = avec_lignes(note, [journal])
    usurpee = ajouter_signatures(
        usurpee, [examiner(Etat(preuves.cle.nom), usurpee, [], preuves.cle, faux_temoin, datetime.now(UTC)).ligne]
    )

    assert _avec_checkpoint(preuves, alteree)[0].startswith(f"témoin {preuves.temoin.nom} : cosignature invalide")
    assert _avec_checkpoint(preuves, usurpee) == [f"témoin {preuves.temoin.nom} : aucune cosignature du checkpoint"]


def test_les_cles_ne_se_substituent_pas_l_une_a_l_autre(preuves: Preuves) -> None:
    """The log's key given as a witness's would vouch for the log by its own signature; a witness's key given as
    the log's would take the cosignature for the log's signature."""
    inconnu = Temoin("autre.temoin.example", Ed25519PrivateKey.generate()).cle_de_verification()
    temoin_pour_journal = verifier_export(preuves.export, preuves.mapper, preuves.cle_temoin)

    un_seul(preuves.ecarts(preuves.export, temoins=[preuves.cle]), "n'est pas une clé de cosignature")
    un_seul(preuves.ecarts(preuves.export, temoins=[inconnu]), "témoin autre.temoin.example : aucune cosignature")
    un_seul(temoin_pour_journal, f"clé du journal : {preuves.temoin.nom} est une clé de cosignature")


def test_la_taille_ou_la_racine_affichees_ne_sont_pas_celles_du_checkpoint(preuves: Preuves) -> None:
    forge = preuves.copie()
    forge["journal"]["taille"] += 1

    un_seul(preuves.ecarts(refaire_empreinte(forge)), "checkpoint : l'origine, la taille ou la racine affichées")


# --- The attestation ---------------------------------------------------------------------------------------------


def test_l_attestation_modifiee_ou_resignee_par_une_autre_cle(preuves: Preuves) -> None:
    modifiee, resignee = preuves.copie(), preuves.copie()
    modifiee["attestation"] = modifiee["attestation"].replace("evenements 11\n", "evenements 12\n")
    corps, _ = decouper_note(preuves.export["attestation"])
    resignee["attestation"] = signer_note(corps, preuves.cle.nom, Ed25519PrivateKey.generate())

    un_seul(preuves.ecarts(refaire_empreinte(modifiee)), "attestation : non signée par la clé du journal")
    un_seul(preuves.ecarts(refaire_empreinte(modifiee)), "est fausse")
    un_seul(preuves.ecarts(refaire_empreinte(resignee)), "aucune signature d'une clé de confiance")


def test_la_date_de_connaissance_changee(preuves: Preuves) -> None:
    forge = preuves.copie(preuves.export_avant_notification)
    forge["a_la_date"] = None

    un_seul(preuves.ecarts(refaire_empreinte(forge)), "attestation : « a-la-date 2025-07-15T13:00:00+00:00 » attesté")


# --- Any byte of any base64 field --------------------------------------------------------------------------------


def _champs_base64(bundle: Bundle) -> list[tuple[Callable[[Bundle], str], Callable[[Bundle, str], None]]]:
    """Every base64 field of the bundle, as a getter and a setter."""

    def champ(*chemin: Any) -> tuple[Callable[[Bundle], str], Callable[[Bundle, str], None]]:
        def lire(b: Bundle) -> str:
            valeur: Any = b
            for cle in chemin:
                valeur = valeur[cle]
            return cast(str, valeur)

        def ecrire(b: Bundle, texte: str) -> None:
            valeur: Any = b
            for cle in chemin[:-1]:
                valeur = valeur[cle]
            valeur[chemin[-1]] = texte

        return lire, ecrire

    champs = [champ("journal", "racine")]
    for i, evenement in enumerate(bundle["evenements"]):
        champs += [champ("evenements", i, "stockage", "etat"), champ("evenements", i, "feuille", "hash")]
        champs += [champ("evenements", i, "feuille", "preuve", j) for j in range(len(evenement["feuille"]["preuve"]))]
    return champs + [_signature(cle, rang) for cle in ("journal", "attestation") for rang in range(2)]


def _signature(cle: str, rang: int) -> tuple[Callable[[Bundle], str], Callable[[Bundle, str], None]]:
    """The base64 of a note's ``rang``-th signature line (the checkpoint's: the log's, then the witness's)."""

    def note(b: Bundle) -> str:
        return cast(str, b["journal"]["checkpoint"] if cle == "journal" else b["attestation"])

    def lire(b: Bundle) -> str:
        lignes = lignes_de_signature(note(b))
        return lignes[min(rang, len(lignes) - 1)].split()[-1]

    def ecrire(b: Bundle, texte: str) -> None:
        lignes = lignes_de_signature(note(b))
        r = min(rang, len(lignes) - 1)
        lignes[r] = f"{lignes[r].rsplit(' ', 1)[0]} {texte}\n"
        if cle == "journal":
            b["journal"]["checkpoint"] = avec_lignes(note(b), lignes)
        else:
            b["attestation"] = avec_lignes(note(b), lignes)

    return lire, ecrire


@given(donnees=st.data())
@settings(max_examples=60, deadline=None)
def test_tout_bit_change_dans_tout_champ_base64_est_refuse(preuves: Preuves, donnees: st.DataObject) -> None:
    forge = preuves.copie()
    lire, ecrire = donnees.draw(st.sampled_from(_champs_base64(forge)))
    octets = bytearray(base64.b64decode(lire(forge)))
    rang = donnees.draw(st.integers(0, len(octets) - 1))
    octets[rang] ^= 1 << donnees.draw(st.integers(0, 7))
    ecrire(forge, base64.b64encode(octets).decode())

    assert preuves.ecarts(refaire_empreinte(forge)) != []
