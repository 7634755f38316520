"""Exactly once under faults: an idempotency key and its answer are written with the command's events.

Faults are injected where they hurt: after the commit (the answer never reaches the caller), in the
events' insert, in the key's insert, and as a connection that dies inside the transaction
(PostgreSQL triggers). Whatever failed, a retry with the same key either runs the command (nothing
had been recorded) or gets the first answer (everything had been), and never records it twice.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import PersistenceError
from fastapi.testclient import TestClient
from psycopg import sql

from api.commandes import Executeur
from application.idempotence import Idempotence
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.idempotence import TABLE, MagasinSql, magasin_pour
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.api.corps import INSCRIPTION
from tests.support.horloge import HorlogeDeTest

CLE = {"Idempotency-Key": "inscription-de-madame-x"}


def nombre_d_evenements(client: TestClient) -> int:
    """Events stored (not the last notification id: a PostgreSQL sequence keeps the ids a failed
    transaction took)."""
    return len(client.app.state.application.recorder.select_notifications(start=None, limit=1000))  # type: ignore[attr-defined]


@pytest.fixture
def client_postgres(
    reglages_postgres: Reglages, horloge: HorlogeDeTest, tmp_path: Path
) -> Iterator[tuple[TestClient, Reglages]]:
    """A client on PostgreSQL alone (where the triggers inject faults), with a conseillère's token."""
    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    reglages = reglages_postgres.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem"})
    migrer(reglages)
    conseillere = Revendications(
        sub="agent-42", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="75"
    )
    jeton = emettre_jeton_dev(reglages, conseillere)
    with TestClient(creer_app(reglages, horloge), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {jeton}"
        yield client, reglages


def executer_sql(reglages: Reglages, requete: str) -> None:
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        connexion.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(reglages.schema_postgres)))
        connexion.execute(requete.encode())


def piege(reglages: Reglages, table: str, corps: str) -> None:
    """A trigger on ``table`` that runs ``corps`` (PL/pgSQL) before each insert."""
    executer_sql(
        reglages,
        f"CREATE FUNCTION piege() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {corps} RETURN NEW; END $$; "
        f"CREATE TRIGGER piege BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION piege()",
    )


def desarmer(reglages: Reglages, table: str) -> None:
    executer_sql(reglages, f"DROP TRIGGER piege ON {table}; DROP FUNCTION piege()")


def test_une_reponse_perdue_apres_l_enregistrement_est_rendue_au_rejeu(
    client_sans_exceptions: TestClient, conseillere: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_sans_exceptions
    repondre = Executeur._reponse
    perdues = iter([True])

    def perdre_la_premiere(self: Executeur, *args: Any, **kwargs: Any) -> Any:
        if next(perdues, False):
            raise ConnectionResetError("le processus meurt après la validation")
        return repondre(self, *args, **kwargs)

    monkeypatch.setattr(Executeur, "_reponse", perdre_la_premiere)
    perdue = client.post("/parcours", json=INSCRIPTION, headers={**conseillere, **CLE})
    apres_la_panne = nombre_d_evenements(client)

    rejeu = client.post("/parcours", json=INSCRIPTION, headers={**conseillere, **CLE})

    assert (perdue.status_code, apres_la_panne) == (500, 1)
    assert rejeu.status_code == 201
    assert rejeu.headers["Idempotent-Replayed"] == "true"
    assert rejeu.json()["version"] == 1
    assert rejeu.headers["Location"] == f"/parcours/{rejeu.json()['parcours_id']}"
    assert nombre_d_evenements(client) == 1
    assert client.get(rejeu.headers["Location"], headers=conseillere).status_code == 200


def test_la_meme_cle_envoyee_deux_fois_en_meme_temps_n_inscrit_qu_une_fois(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    def inscrire(_: int) -> tuple[int, str]:
        reponse = client.post("/parcours", json=INSCRIPTION, headers={**conseillere, **CLE})
        return reponse.status_code, reponse.json()["parcours_id"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        reponses = list(pool.map(inscrire, range(4)))

    assert {statut for statut, _ in reponses} == {201}
    assert len({parcours for _, parcours in reponses}) == 1
    assert nombre_d_evenements(client) == 1


def test_une_panne_a_l_ecriture_de_la_cle_n_enregistre_pas_les_evenements(
    client_postgres: tuple[TestClient, Reglages],
) -> None:
    client, reglages = client_postgres
    piege(reglages, TABLE, "RAISE EXCEPTION 'panne injectée';")

    en_panne = client.post("/parcours", json=INSCRIPTION, headers=CLE)
    sans_rien = nombre_d_evenements(client)
    desarmer(reglages, TABLE)
    reprise = client.post("/parcours", json=INSCRIPTION, headers=CLE)

    assert (en_panne.status_code, sans_rien) == (500, 0)
    assert reprise.status_code == 201
    assert "Idempotent-Replayed" not in reprise.headers
    assert nombre_d_evenements(client) == 1


def test_une_panne_a_l_ecriture_des_evenements_ne_garde_pas_la_cle(
    client_postgres: tuple[TestClient, Reglages],
) -> None:
    client, reglages = client_postgres
    piege(reglages, "parcours_events", "RAISE EXCEPTION 'panne injectée';")

    en_panne = client.post("/parcours", json=INSCRIPTION, headers=CLE)
    cle_gardee = client.app.state.idempotence.lire("agent-42", CLE["Idempotency-Key"])  # type: ignore[attr-defined]
    desarmer(reglages, "parcours_events")
    reprise = client.post("/parcours", json=INSCRIPTION, headers=CLE)

    assert (en_panne.status_code, cle_gardee) == (500, None)
    assert reprise.status_code == 201
    assert nombre_d_evenements(client) == 1


def test_une_connexion_coupee_pendant_la_transaction_n_enregistre_qu_une_fois(
    client_postgres: tuple[TestClient, Reglages],
) -> None:
    """The server ends the writer's connection inside the transaction, once: the library retries the
    insert on a new connection, and the command is recorded once, with its key."""
    client, reglages = client_postgres
    executer_sql(reglages, "CREATE SEQUENCE coupures")  # a sequence is not rolled back: it counts every try
    coupures = f"{reglages.schema_postgres}.coupures"
    piege(reglages, TABLE, f"IF nextval('{coupures}') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;")

    premiere = client.post("/parcours", json=INSCRIPTION, headers=CLE)
    rejeu = client.post("/parcours", json=INSCRIPTION, headers=CLE)

    assert premiere.status_code == 201
    assert (rejeu.status_code, rejeu.headers["Idempotent-Replayed"]) == (201, "true")
    assert nombre_d_evenements(client) == 1


def test_une_cle_expiree_est_oubliee_puis_purgee(reglages_persistants: Reglages, horloge: HorlogeDeTest) -> None:
    from infrastructure.composition import construire_application  # noqa: PLC0415

    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    magasin = magasin_pour(application.recorder, timedelta(hours=24))
    assert isinstance(magasin, MagasinSql)
    for cle in ("vieille", "recente"):
        magasin.memoriser(Idempotence("agent-42", cle, "empreinte", 409, '{"status": 409}'))
    with magasin.datastore.transaction(commit=True) as curseur:
        curseur.execute(magasin.sql(f"UPDATE {magasin.table} SET cree_le = ? WHERE cle = ?"), ("2000-01-01", "vieille"))

    purgees = magasin.purger()

    assert purgees == 1
    assert magasin.lire("agent-42", "vieille") is None
    assert magasin.lire("agent-42", "recente") is not None
    application.close()


def test_la_migration_reprend_les_reponses_de_l_ancienne_table(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    from infrastructure.composition import construire_application  # noqa: PLC0415

    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    magasin = magasin_pour(application.recorder)
    assert isinstance(magasin, MagasinSql)
    with magasin.datastore.transaction(commit=True) as curseur:
        curseur.execute(
            f"CREATE TABLE {magasin.ancienne} (principal TEXT NOT NULL, cle TEXT NOT NULL, empreinte TEXT NOT NULL, "
            "jeton TEXT NOT NULL, statut INTEGER, corps TEXT, cree_le TEXT NOT NULL, PRIMARY KEY (principal, cle))"
        )
        for cle, statut, corps in (("finie", 200, '{"version": 3}'), ("bloquee", None, None)):
            curseur.execute(
                magasin.sql(f"INSERT INTO {magasin.ancienne} VALUES (?, ?, 'e', 'j', ?, ?, '2999-01-01')"),
                ("agent-42", cle, statut, corps),
            )
    application.close()

    etapes = migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    magasin = magasin_pour(application.recorder)

    assert any("1 réponses reprises" in etape for etape in etapes)
    assert magasin.lire("agent-42", "bloquee") is None  # a stuck reservation of the old design is gone
    finie = magasin.lire("agent-42", "finie")
    assert finie is not None
    assert finie.contenu() == {"version": 3}
    assert isinstance(magasin, MagasinSql)
    with (
        pytest.raises(PersistenceError),
        magasin.datastore.transaction(commit=False) as curseur,
    ):  # the old table is gone
        curseur.execute(f"SELECT 1 FROM {magasin.ancienne}")
    application.close()


def test_parcours_idempotence_purge_oublie_les_cles_expirees(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main  # noqa: PLC0415
    from infrastructure.composition import construire_application  # noqa: PLC0415

    migrer(reglages_persistants)
    application = construire_application(reglages_persistants)
    magasin = magasin_pour(application.recorder)
    assert isinstance(magasin, MagasinSql)
    magasin.memoriser(Idempotence("agent-42", "vieille", "empreinte", 409, "{}"))
    with magasin.datastore.transaction(commit=True) as curseur:
        curseur.execute(magasin.sql(f"UPDATE {magasin.table} SET cree_le = ?"), ("2000-01-01",))
    application.close()
    monkeypatch.setenv("DATABASE_URL", reglages_persistants.database_url)

    assert main(["idempotence", "purge"]) == 0

    assert capsys.readouterr().out == "idempotence : 1 clé(s) expirée(s) oubliée(s)\n"


def test_un_magasin_qui_ne_repond_pas_donne_503_a_renvoyer_avec_la_meme_cle(
    client_postgres: tuple[TestClient, Reglages],
) -> None:
    """Every try of the insert loses its connection (as during a database restart), past the
    library's retries: the command answers 503 ``magasin-indisponible``, nothing kept; the same key
    then runs it."""
    client, reglages = client_postgres
    piege(reglages, "parcours_events", "PERFORM pg_terminate_backend(pg_backend_pid());")

    en_panne = client.post("/parcours", json=INSCRIPTION, headers=CLE)
    desarmer(reglages, "parcours_events")
    reprise = client.post("/parcours", json=INSCRIPTION, headers=CLE)

    assert en_panne.status_code == 503
    assert en_panne.headers["content-type"] == "application/problem+json"
    assert (en_panne.json()["type"], en_panne.headers["Retry-After"]) == ("/erreurs/magasin-indisponible", "1")
    assert reprise.status_code == 201
    assert "Idempotent-Replayed" not in reprise.headers
    assert nombre_d_evenements(client) == 1


def test_un_refus_trouve_sous_sa_cle_la_reponse_d_un_jumeau_garde_avant_lui_et_la_rend(
    client: TestClient, conseillere: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first try committed (step and key) but its answer was lost; the retry, which missed the key
    (as when both run at once), is refused as stale by the first try's own write: it answers what the
    key holds, the first try's success, not a 412."""
    parcours = client.post("/parcours", json=INSCRIPTION, headers=conseillere).json()["parcours_id"]
    entetes = {**conseillere, "If-Match": '"1"', "Idempotency-Key": "information-1"}
    premiere = client.post(f"/parcours/{parcours}/droits-devoirs/information", json={}, headers=entetes)
    magasin = client.app.state.idempotence  # type: ignore[attr-defined]
    lire = magasin.lire
    manquees = iter([True])
    monkeypatch.setattr(magasin, "lire", lambda *a: None if next(manquees, False) else lire(*a))

    jumeau = client.post(f"/parcours/{parcours}/droits-devoirs/information", json={}, headers=entetes)

    assert premiere.status_code == 200
    assert (jumeau.status_code, jumeau.headers["Idempotent-Replayed"]) == (200, "true")
    assert jumeau.json() == premiere.json()


def test_une_cle_expiree_rencontree_est_libre_avant_toute_purge(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    from infrastructure.composition import construire_application  # noqa: PLC0415

    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    magasin = magasin_pour(application.recorder, timedelta(hours=24))
    assert isinstance(magasin, MagasinSql)
    magasin.memoriser(Idempotence("agent-42", "vieille", "ancienne", 409, '{"status": 409}'))
    magasin.ecrire(f"UPDATE {magasin.table} SET cree_le = ? WHERE cle = ?", "2000-01-01", "vieille")

    oubliee = magasin.lire("agent-42", "vieille")
    magasin.memoriser(Idempotence("agent-42", "vieille", "nouvelle", 409, '{"status": 409}'))

    assert oubliee is None
    relue = magasin.lire("agent-42", "vieille")
    assert relue is not None
    assert relue.empreinte == "nouvelle"
    application.close()
