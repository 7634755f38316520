"""Sealed at write: every event the service appends is sealed in its transaction, on every write path, and a
row written by anyone without the key (a database superuser's INSERT, UPDATE, or a seal forged with another
key) is named by ``verifier_sceaux``. SQLite and PostgreSQL, through raw SQL as a superuser would write it."""

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from application.masse import partenaire, traiter_lot
from application.parcours import ParcoursApplication
from cli.donnees import importer
from infrastructure.composition import construire_application
from infrastructure.ecriture_groupee import EnregistreurGroupe, Envoi, File
from infrastructure.migrations import migrer, table_des_evenements
from infrastructure.reglages import Mode, ReglageInvalide, Reglages, reglages_pour
from infrastructure.sceaux import (
    INVALIDE,
    NON_SCELLE,
    ORPHELIN,
    TABLE_SCEAUX,
    Sceau,
    cle_de_sceau,
    fichier_de_cle_sceau,
    message,
    verifier_sceaux,
    verifier_sceaux_du_parcours,
)
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest

AUTRE_CLE = bytes(range(32))
"""A key that is not the service's: what a superuser without the secret would seal with."""


@pytest.fixture
def magasin(reglages_persistants: Reglages) -> Iterator[tuple[Reglages, ParcoursApplication]]:
    """Two parcours, eight events, written by the service on a migrated store."""
    migrer(reglages_persistants)
    app = construire_application(reglages_persistants, HorlogeDeTest())
    for _ in range(2):
        parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
        app.informer_droits_devoirs(app.parcours(parcours_id), par())
    yield reglages_persistants, app
    app.close()


def brut(reglages: Reglages, table: str, ordre: str, *parametres: Any, sans_declencheurs: bool = False) -> None:
    """Runs ``ordre`` (``{table}``, ``{position}``, ``?`` marks) as a superuser with a SQL client would, the
    immutability triggers first disabled if asked (an INSERT needs nothing of the kind)."""
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as fichier:
            if sans_declencheurs:
                for declencheur in ("update", "delete"):
                    fichier.execute(f"DROP TRIGGER IF EXISTS {table}_sans_{declencheur}")
            fichier.execute(ordre.format(table=table, position="rowid"), parametres)
        fichier.close()
        return
    cible = f'"{reglages.schema_postgres}".{table}'
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        if sans_declencheurs:
            serveur.execute(f"ALTER TABLE {cible} DISABLE TRIGGER USER")
        serveur.execute(ordre.format(table=cible, position="notification_id").replace("?", "%s"), parametres)


def id_brut(reglages: Reglages, identifiant: UUID) -> str:
    """An event id as the store keeps it: hex digits on SQLite (the library's choice), a uuid on PostgreSQL."""
    return identifiant.hex if reglages.moteur == "sqlite" else str(identifiant)


def id_a(app: ParcoursApplication, position: int) -> UUID:
    return UUID(str(a_la_position(app, position).originator_id))


def a_la_position(app: ParcoursApplication, position: int) -> StoredEvent:
    (notification,) = app.recorder.select_notifications(start=position, limit=1)
    return notification


def ecarts(reglages: Reglages, app: ParcoursApplication) -> list[tuple[str, int | None, str, int | None]]:
    return [
        (d.nature, d.position, d.parcours_id, d.version) for d in verifier_sceaux(app.recorder, cle_de_sceau(reglages))
    ]


def compter(reglages: Reglages, table: str) -> int:
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as fichier:
            (nombre,) = fichier.execute(f"SELECT count(*) FROM {table}").fetchone()
        fichier.close()
        return int(nombre)
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        ligne = serveur.execute(f'SELECT count(*) FROM "{reglages.schema_postgres}".{table}').fetchone()
    return int(ligne[0]) if ligne else 0


# --- written by the service: sealed ---------------------------------------------------------------------------


def test_chaque_evenement_ecrit_par_le_service_est_scelle_et_la_verification_ne_trouve_rien(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin

    assert compter(reglages, TABLE_SCEAUX) == compter(reglages, table_des_evenements(app)) == 8
    assert ecarts(reglages, app) == []
    premier = id_a(app, 1)
    assert list(verifier_sceaux_du_parcours(app.recorder, cle_de_sceau(reglages), premier)) == []


def test_la_migration_scelle_une_fois_les_evenements_d_avant_les_sceaux(reglages_persistants: Reglages) -> None:
    migrer(reglages_persistants)
    app = construire_application(reglages_persistants, HorlogeDeTest())
    app.recorder.sceau = None  # type: ignore[attr-defined]  # a store written before the seals existed
    app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI)
    avant = [d.nature for d in verifier_sceaux(app.recorder, cle_de_sceau(reglages_persistants))]

    etapes = migrer(reglages_persistants)
    app.recorder.sceau = Sceau(cle_de_sceau(reglages_persistants))  # type: ignore[attr-defined]
    app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI)

    assert len(avant) >= 2
    assert avant == [NON_SCELLE] * len(avant)
    assert f"sceaux des événements ({len(avant)} événements antérieurs scellés)" in etapes
    assert ecarts(reglages_persistants, app) == []
    assert "sceaux des événements (0 événements antérieurs scellés)" in migrer(reglages_persistants)
    app.close()


def test_un_lot_de_l_import_massif_est_scelle_sur_chaque_magasin(
    app: ParcoursApplication, reglages: Reglages, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au("2025-06-02")
    lignes = [(n, ligne_caf(f"caf-{n}")) for n in range(1, 6)]

    lot = traiter_lot(app, lignes, partenaire("flux-caf"))

    assert len(lot.inscrites) == 5
    assert list(verifier_sceaux(app.recorder, cle_de_sceau(reglages), taille_page=3)) == []
    assert (app.recorder.max_notification_id() or 0) >= 10  # each inscription and its proposal, at least


def test_l_import_en_deux_processus_scelle_avec_la_cle_du_service(
    reglages_postgres: Reglages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrer(reglages_postgres)
    flux = tmp_path / "caf.jsonl"
    flux.write_text("".join(ligne_caf(f"caf-{n}") + "\n" for n in range(40)), encoding="utf-8")

    assert importer(reglages_postgres, flux, "jsonl", 10, "flux-caf", processus=2) == 0

    app = construire_application(reglages_postgres)
    try:
        assert compter(reglages_postgres, TABLE_SCEAUX) == compter(reglages_postgres, table_des_evenements(app)) >= 40
        assert ecarts(reglages_postgres, app) == []
    finally:
        app.close()


def ligne_caf(reference: str) -> str:
    """A line of the CAF's flow: an RSA request, nothing declared yet."""
    donnees = [{"nom": "beneficiaire_rsa", "valeur": True, "source": "flux_caf", "collecte_le": "2025-06-01"}]
    return json.dumps({
        "motif": "demande_rsa", "canal": "flux_caf", "territoire": {"departement": "93", "bassin": None},
        "effective_le": "2025-06-02T08:00:00+02:00", "donnees_orientation": donnees, "reference": reference,
    })  # fmt: skip


class Fiche(Aggregate):
    """Any aggregate, saved by the application as a parcours is."""

    @event("Notee")
    def noter(self, texte: str) -> None:
        self.texte = texte


@dataclass
class FileObservee(File):
    """Says when a save has joined the queue, so that the test holds the writer's turn until all have."""

    arrivees: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def ajouter(self, envoi: Envoi) -> None:
        super().ajouter(envoi)
        self.arrivees.release()


def test_les_saves_concurrentes_d_un_groupe_et_de_son_repli_sont_toutes_scellees(
    reglages_postgres: Reglages, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrer(reglages_postgres)
    app = construire_application(reglages_postgres)
    recorder = app.recorder
    assert isinstance(recorder, EnregistreurGroupe)
    groupes: list[int] = []
    ecrire: Callable[[list[Envoi]], None] = recorder._ecrire

    def compter_les_groupes(groupe: list[Envoi]) -> None:
        groupes.append(len(groupe))
        ecrire(groupe)

    monkeypatch.setattr(recorder, "_ecrire", compter_les_groupes)
    recorder._file = file = FileObservee()
    deja = Fiche()
    app.save(deja)
    assert file.arrivees.acquire(timeout=10)
    perimee: Fiche = app.repository.get(deja.id)
    deja.noter("écrite")
    perimee.noter("périmée")  # the same version: one of the two is stale
    saves = [Fiche() for _ in range(12)] + [deja, perimee]

    executeur = ThreadPoolExecutor(max_workers=len(saves))
    with recorder._tour:  # given every save queued while another writer holds the turn
        futurs: list[Future[Any]] = [executeur.submit(app.save, fiche) for fiche in saves]
        for _ in saves:
            assert file.arrivees.acquire(timeout=10)
    executeur.shutdown(wait=True)

    try:
        assert groupes[1:] == [14] + [1] * 14  # the group failed on the stale save, then one save per transaction
        echecs = [f for f in futurs if f.exception() is not None]
        assert [type(f.exception()) for f in echecs] == [IntegrityError]
        recorder.insert_events([StoredEvent(uuid4(), 1, "t", b"{}")], tracking=Tracking("ailleurs", 1))
        assert compter(reglages_postgres, TABLE_SCEAUX) == compter(reglages_postgres, table_des_evenements(app)) == 15
        assert ecarts(reglages_postgres, app) == []  # the stale save left no seal behind
    finally:
        app.close()


# --- written without the key: named ----------------------------------------------------------------------------


def test_une_ligne_inseree_en_sql_brut_est_nommee_non_scellee(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    table, copie, premier = table_des_evenements(app), uuid4(), id_a(app, 1)
    copier = (
        "INSERT INTO {table} (originator_id, originator_version, topic, state) "
        "SELECT ?, ?, topic, state FROM {table} WHERE {position} = 1"
    )

    brut(reglages, table, copier, id_brut(reglages, copie), 1)  # a new parcours
    brut(reglages, table, copier, id_brut(reglages, premier), 99)  # a later event of an existing one

    assert [(nature, parcours, version) for nature, _, parcours, version in ecarts(reglages, app)] == [
        (NON_SCELLE, str(copie), 1),
        (NON_SCELLE, str(premier), 99),
    ]
    assert [d.nature for d in verifier_sceaux_du_parcours(app.recorder, cle_de_sceau(reglages), premier)] == [
        NON_SCELLE
    ]


def test_un_etat_modifie_en_sql_brut_est_nomme_sceau_invalide(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    cinquieme = a_la_position(app, 5)
    nouveau = (
        "CAST(substr(state, 1, 9) || X'20' || substr(state, 11) AS BLOB)"
        if reglages.moteur == "sqlite"
        else "overlay(state placing '\\x20'::bytea from 10 for 1)"
    )

    brut(reglages, table_des_evenements(app), f"UPDATE {{table}} SET state = {nouveau} WHERE {{position}} = 5",
         sans_declencheurs=True)  # fmt: skip

    assert ecarts(reglages, app) == [(INVALIDE, 5, str(cinquieme.originator_id), cinquieme.originator_version)]


def test_un_sceau_fait_avec_une_autre_cle_est_invalide(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    table, intrus = table_des_evenements(app), uuid4()
    copie = StoredEvent(intrus, 1, a_la_position(app, 2).topic, a_la_position(app, 2).state)
    brut(reglages, table, "INSERT INTO {table} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
         id_brut(reglages, intrus), 1, copie.topic, copie.state)  # fmt: skip

    brut(reglages, TABLE_SCEAUX, "INSERT INTO {table} (parcours_id, version, sceau) VALUES (?, ?, ?)",
         str(intrus), 1, Sceau(AUTRE_CLE).de(copie))  # fmt: skip

    assert [(nature, parcours) for nature, _, parcours, _ in ecarts(reglages, app)] == [(INVALIDE, str(intrus))]


def test_un_sceau_deplace_sur_un_autre_evenement_est_invalide_et_celui_qu_il_quitte_n_est_plus_scelle(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    premier, deuxieme = a_la_position(app, 1), a_la_position(app, 2)
    place = "WHERE parcours_id = ? AND version = ?"

    brut(reglages, TABLE_SCEAUX, f"DELETE FROM {{table}} {place}", str(deuxieme.originator_id),
         deuxieme.originator_version, sans_declencheurs=True)  # fmt: skip
    brut(reglages, TABLE_SCEAUX, f"UPDATE {{table}} SET version = ? {place}", deuxieme.originator_version,
         str(premier.originator_id), premier.originator_version, sans_declencheurs=True)  # fmt: skip

    assert ecarts(reglages, app) == [
        (NON_SCELLE, 1, str(premier.originator_id), premier.originator_version),
        (INVALIDE, 2, str(deuxieme.originator_id), deuxieme.originator_version),
    ]


def test_le_sceau_d_un_evenement_supprime_est_nomme_orphelin(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    troisieme = a_la_position(app, 3)

    brut(reglages, table_des_evenements(app), "DELETE FROM {table} WHERE {position} = 3", sans_declencheurs=True)

    parcours, version = str(troisieme.originator_id), troisieme.originator_version
    assert ecarts(reglages, app) == [(ORPHELIN, None, parcours, version)]
    (seul,) = verifier_sceaux_du_parcours(app.recorder, cle_de_sceau(reglages), UUID(parcours))
    assert (seul.nature, seul.parcours_id, seul.version) == (ORPHELIN, parcours, version)


def test_avec_une_autre_cle_rien_n_est_reconnu(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    _, app = magasin

    divergences = list(verifier_sceaux(app.recorder, AUTRE_CLE))

    assert [d.nature for d in divergences] == [INVALIDE] * 8


# --- the message and the key ---------------------------------------------------------------------------------------

texte = st.text(max_size=12)


@given(st.tuples(texte, st.integers(-(2**63), 2**63 - 1), texte, st.binary(max_size=8)),
       st.tuples(texte, st.integers(-(2**63), 2**63 - 1), texte, st.binary(max_size=8)))  # fmt: skip
def test_deux_evenements_differents_n_ont_jamais_le_meme_message(
    un: tuple[str, int, str, bytes], autre: tuple[str, int, str, bytes]
) -> None:
    if un != autre:
        assert message(*un) != message(*autre)
    assert message("ab", 1, "c", b"") != message("a", 1, "bc", b"")  # length-prefixed: no shifting a boundary


def test_la_production_refuse_de_demarrer_sans_cle_de_sceau(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PARCOURS_CLE_SCEAU", raising=False)
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": [{"kty": "EC", "crv": "P-256", "x": "", "y": ""}]}', encoding="utf-8")
    with pytest.raises(ValidationError, match="PARCOURS_CLE_SCEAU est requise en production"):
        Reglages(mode=Mode.PRODUCTION, jwks_fichier=jwks)

    sans_cle = reglages_pour("memory://").model_copy(update={"mode": Mode.PRODUCTION, "cle_sceau": None})
    with pytest.raises(ReglageInvalide, match="PARCOURS_CLE_SCEAU est requise en production"):
        cle_de_sceau(sans_cle)


def test_en_developpement_la_cle_est_creee_une_fois_a_cote_du_magasin(tmp_path: Path) -> None:
    sqlite = Reglages(database_url=f"sqlite:///{tmp_path / 'p.sqlite'}", cle_sceau=None)

    cle = cle_de_sceau(sqlite)

    assert fichier_de_cle_sceau(sqlite) == tmp_path / "p.cle-sceau"
    assert (fichier_de_cle_sceau(sqlite).stat().st_mode & 0o777, len(cle)) == (0o600, 32)
    assert cle_de_sceau(sqlite) == cle
