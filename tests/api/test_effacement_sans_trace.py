"""The proof of erasure (issue 18 §5; DESIGN §7): a person registered and followed through the API, their
name written in free texts, their dossier read and their name searched; then erased. After that, no
byte of their name or NIR in the store's bytes (the SQLite files, checkpointed; a ``pg_dump`` of the
test's schema; the search index included), in the views once they have folded the erasure, in the logs,
nor in the idempotency table; the audit chain still verifies, and the
parcours still loads with its legal facts. On SQLite and PostgreSQL."""

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from application.effacement import effacer_personne
from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.vocabulaire import FondementEffacement
from infrastructure.audit import verifier
from infrastructure.execution_projections import NOMS_DES_VUES
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from infrastructure.vues import dossier_des_vues
from tests.api.corps import CONTRAT, DIAGNOSTIC, DONNEES_EMPLOI, INSCRIPTION, le
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import nir

NOM, PRENOM = "Quillebœuf-Zarnowsky", "Oxilde"
NIR = nir(sexe=1, commune="187")
PERSONNE: dict[str, Any] = {
    "provenance": {"source": "declaration", "le": "2025-06-01"},
    "identite": {"nom_naissance": NOM, "prenoms": [PRENOM], "date_naissance": "1990-04-12", "sexe": "M"},
    "identifiants": [{"nature": "nir", "valeur": NIR}],
    "contact": {"courriel": "oxilde.zarnowsky@example.org"},
}
TRACES = (
    NOM.encode(),
    json.dumps(NOM)[1:-1].encode(),  # as JSON escapes it (``\\u0153``)
    b"Zarnowsky",
    b"ZARNOWSKY",
    b"zarnowsky",
    b"Oxilde",
    b"OXILDE",
    b"oxilde",
    NIR.encode(),
)
PG_DUMP = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
JURISTE = Principal(id="dpo-1", role=Role.CONSEILLER)


@pytest.fixture
def reglages_api(reglages_persistants: Reglages, tmp_path: Path) -> Reglages:
    """SQLite and PostgreSQL only: the stores whose bytes can be searched."""
    return reglages_persistants.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem"})


@pytest.fixture
def client(reglages_api: Reglages, horloge: HorlogeDeTest) -> Iterator[TestClient]:
    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    migrer(reglages_api)
    with TestClient(creer_app(reglages_api, horloge)) as client:
        yield client


def traces(octets: bytes) -> list[bytes]:
    return [trace for trace in TRACES if trace in octets]


def fichiers_sqlite(base: Path) -> bytes:
    """A SQLite database's files (``-wal`` and ``-shm`` included), its WAL checkpointed first."""
    with sqlite3.connect(base) as connexion:
        connexion.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return b"".join(f.read_bytes() for f in sorted(base.parent.iterdir()) if f.name.startswith(base.name))


def sauvegarde(reglages: Reglages, *options: str) -> bytes:
    commande = [PG_DUMP, f"--schema={reglages.schema_postgres}", *options, reglages.conninfo_postgres()]
    return subprocess.run(commande, check=True, capture_output=True, timeout=120).stdout


def octets_du_magasin(reglages: Reglages) -> bytes:
    """Everything but the views: the store's SQLite files, or a dump of the test's schema without the
    views' rows (events, keys, idempotency answers, consultations, search index...)."""
    if reglages.moteur == "sqlite":
        return fichiers_sqlite(reglages.chemin_sqlite)
    return sauvegarde(reglages, *(f"--exclude-table-data={reglages.schema_postgres}.{vue}*" for vue in NOMS_DES_VUES))


def octets_des_vues(reglages: Reglages) -> bytes:
    """The views' rows: their SQLite files, or a dump of their tables."""
    if reglages.moteur == "sqlite":
        return b"".join(fichiers_sqlite(f) for f in sorted(dossier_des_vues(reglages).glob("*.sqlite")))
    return sauvegarde(reglages, "--data-only", *(f"--table={reglages.schema_postgres}.{vue}*" for vue in NOMS_DES_VUES))


def lignes(reglages: Reglages, requete: str) -> list[tuple[Any, ...]]:
    if reglages.moteur == "sqlite":
        with sqlite3.connect(reglages.chemin_sqlite) as connexion:
            return connexion.execute(requete).fetchall()
    with psycopg.connect(reglages.conninfo_postgres()) as connexion:
        connexion.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(reglages.schema_postgres)))
        return connexion.execute(sql.SQL(requete)).fetchall()


def table_idempotence(reglages: Reglages) -> bytes:
    return repr(lignes(reglages, "SELECT * FROM parcours_reponses_idempotentes")).encode()


def cles_enveloppees(reglages: Reglages) -> bytes:
    """The person's wrapped key (one person in the store), as the store's bytes hold it: raw in the SQLite
    file, in hexadecimal in a dump."""
    (cle,) = {bytes(ligne[0]) for ligne in lignes(reglages, "SELECT cle_enveloppee FROM parcours_cles")}
    return cle if reglages.moteur == "sqlite" else cle.hex().encode()


def suivre(client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest) -> tuple[UUID, UUID]:
    """Registers the person, orients, signs a contract and records a breach whose texts name them,
    then closes the parcours; every command with an Idempotency-Key."""
    inscrit = client.post(
        "/parcours",
        json={**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI, "personne": PERSONNE},
        headers={**conseillere, "Idempotency-Key": "inscription-1"},
    )
    assert inscrit.status_code == 201, inscrit.text
    parcours = f"/parcours/{inscrit.json()['parcours_id']}"

    def envoyer(chemin: str, corps: Mapping[str, object], rang: int) -> None:
        if "effective_le" in corps:
            horloge.aller_au(str(corps["effective_le"])[:10])
        entetes = {**conseillere, "Idempotency-Key": f"commande-{rang}"}
        reponse = client.post(f"{parcours}{chemin}", json=corps, headers=entetes)
        assert reponse.status_code in (200, 201), reponse.text

    contrat = json.loads(json.dumps(CONTRAT))
    contrat["contrat"]["objectifs"] = [f"Emploi de cariste pour M. {NOM}"]
    faits = {"type": "assiduite", "faits": f"{PRENOM} {NOM} absent, NIR {NIR}", "preuves": [f"émargement {NOM}"]}
    envoyer("/orientation/notification", {**le("2025-06-03"), "motif": f"Vu avec {PRENOM} {NOM}"}, 1)
    envoyer("/diagnostic", DIAGNOSTIC, 2)
    envoyer("/contrat", contrat, 3)
    envoyer("/manquements", {"manquement": faits, "motif": f"Signalé pour {NOM}"}, 4)
    envoyer("/sortie", {"motif_sortie": "emploi_durable", "motif": f"{NOM} a trouvé un emploi", **le("2025-07-20")}, 5)
    return UUID(inscrit.json()["parcours_id"]), UUID(inscrit.json()["personne_id"])


def test_apres_l_effacement_ni_le_nom_ni_le_nir_ne_restent_et_la_preuve_tient(
    client: TestClient,
    reglages_api: Reglages,
    conseillere: dict[str, str],
    horloge: HorlogeDeTest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parcours_id, personne_id = suivre(client, conseillere, horloge)
    dossier = client.get(f"/parcours/{parcours_id}", headers=conseillere)
    trouvee = client.get("/personnes/recherche/par-nom", params={"nom": "Zarnowsky"}, headers=conseillere)
    fiche = client.get(f"/personnes/{personne_id}", headers=conseillere)
    assert fiche.json()["identifiants"][0]["valeur"] == NIR  # the person was there, readable
    app: ParcoursApplication = client.app.state.application  # type: ignore[attr-defined]
    cle_enveloppee = cles_enveloppees(reglages_api)
    assert cle_enveloppee in octets_du_magasin(reglages_api)  # the search sees the store's bytes
    assert NOM.encode() in octets_des_vues(reglages_api)  # and the views', which show the name
    avant = [(type(e).__name__, e.decision.effective_le, e.decision.fondement) for e in app.historique(parcours_id)]

    effacement = effacer_personne(
        app,
        personne_id,
        Saisie(JURISTE),
        FondementEffacement.DEMANDE_FONDEE,
        client.app.state.idempotence,  # type: ignore[attr-defined]
    )

    apres = [(type(e).__name__, e.decision.effective_le, e.decision.fondement) for e in app.historique(parcours_id)]
    assert effacement.cles == 2
    assert apres == avant  # every legal fact stays: the steps, their dates and their bases
    parcours = app.parcours(parcours_id)
    assert (parcours.statut.value, parcours.versions_contrat, len(parcours.manquements)) == ("sorti", 1, 1)
    assert verifier(app, reglages_api) == []
    logs = capsys.readouterr()
    assert traces((logs.out + logs.err).encode()) == []
    assert traces(table_idempotence(reglages_api)) == []
    assert (trouvee.status_code, dossier.status_code) == (200, 200)
    assert client.get("/personnes", params={"nature": "nir", "valeur": NIR}, headers=conseillere).json() == []
    rattrapees = client.get(
        f"/parcours/{parcours_id}", params={"position_min": effacement.position}, headers=conseillere
    )
    assert rattrapees.status_code == 200, rattrapees.text  # the views have folded the erasure
    assert traces(octets_des_vues(reglages_api)) == []
    octets = octets_du_magasin(reglages_api)
    assert traces(octets) == []  # the search index included, fed by the persons view
    assert cle_enveloppee not in octets  # nor the key that opened the sealed texts
