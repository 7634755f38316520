"""Group commit on PostgreSQL: concurrent saves share one transaction, each keeps its own outcome.

The library's own ApplicationRecorder conformance suite runs against it too (a suite we did not write).
"""

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from application.idempotence import Idempotence
from infrastructure.composition import construire_application
from infrastructure.ecriture_groupee import EnregistreurGroupe, Envoi, File
from infrastructure.idempotence import MagasinSql
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour
from tests.conftest import BASE_DE_TEST, SERVEUR_POSTGRES, creer_base_de_test

URL = SERVEUR_POSTGRES.rsplit("/", 1)[0] + f"/{BASE_DE_TEST}"


def datastore(schema: str) -> PostgresDatastore:
    creer_base_de_test()
    with psycopg.connect(URL, autocommit=True) as connexion:
        connexion.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    env = reglages_pour(URL).environnement_persistance()
    return PostgresDatastore(
        env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_USER"],
        env["POSTGRES_PASSWORD"], schema=schema,
    )  # fmt: skip


def supprimer(schema: str) -> None:
    with psycopg.connect(URL, autocommit=True) as connexion:
        connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


class TestConformite(ApplicationRecorderTestCase[EnregistreurGroupe]):
    def setUp(self) -> None:
        self.schema = f"groupe_{uuid4().hex[:10]}"
        self.datastores: list[PostgresDatastore] = []

    def tearDown(self) -> None:
        for ouvert in self.datastores:
            ouvert.close()
        supprimer(self.schema)

    def create_recorder(self) -> EnregistreurGroupe:
        self.datastores.append(datastore(self.schema))
        enregistreur = EnregistreurGroupe(self.datastores[-1])
        enregistreur.create_table()
        return enregistreur


@dataclass
class FileObservee(File):
    """Says when a save has joined the queue, so that a test can hold the writer's turn until all have."""

    arrivees: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def ajouter(self, envoi: Envoi) -> None:
        super().ajouter(envoi)
        self.arrivees.release()


class Observe(EnregistreurGroupe):
    """Counts the saves written together, transaction by transaction."""

    def __init__(self, ouvert: PostgresDatastore) -> None:
        super().__init__(ouvert)
        self.file = self._file = FileObservee()
        self.groupes: list[int] = []

    def _ecrire(self, groupe: list[Envoi]) -> None:
        self.groupes.append(len(groupe))
        super()._ecrire(groupe)


@pytest.fixture
def enregistreur() -> Iterator[Observe]:
    schema = f"groupe_{uuid4().hex[:10]}"
    ouvert = datastore(schema)
    observe = Observe(ouvert)
    observe.create_table()
    yield observe
    ouvert.close()
    supprimer(schema)


def evenement(originator_id: UUID, version: int = 1) -> StoredEvent:
    return StoredEvent(originator_id=originator_id, originator_version=version, topic="t", state=b"{}")


def ensemble(
    enregistreur: Observe, saves: list[list[StoredEvent]], cles: Sequence[Idempotence | None] = ()
) -> list[Future[Sequence[int] | None]]:
    """Given saves queued while another writer holds the turn, when the turn is free, their futures."""
    executeur = ThreadPoolExecutor(max_workers=len(saves))
    cles = list(cles) or [None] * len(saves)
    with enregistreur._tour:
        futurs = [
            executeur.submit(enregistreur.insert_events, s, idempotence=c) for s, c in zip(saves, cles, strict=True)
        ]
        for _ in saves:
            assert enregistreur.file.arrivees.acquire(timeout=10)
    executeur.shutdown(wait=True)
    return futurs


def test_les_saves_concurrentes_partagent_une_transaction(enregistreur: Observe) -> None:
    saves = [[evenement(uuid4()), evenement(uuid4())] for _ in range(5)] + [[evenement(uuid4())]]

    futurs = ensemble(enregistreur, saves)

    assert enregistreur.groupes == [6]  # one transaction, one lock, one commit
    ids = [list(f.result() or ()) for f in futurs]
    assert [len(i) for i in ids] == [len(s) for s in saves]
    tous = [n for i in ids for n in i]
    assert tous == list(range(tous[0], tous[0] + 11))  # issued in queue order, without a gap
    attendues = [(e.originator_id, n) for s, i in zip(saves, ids, strict=True) for e, n in zip(s, i, strict=True)]
    notifications = enregistreur.select_notifications(start=None, limit=20)
    assert [(n.originator_id, n.id) for n in notifications] == attendues


def test_un_etat_part_en_binaire_et_revient_octet_pour_octet(enregistreur: Observe) -> None:
    etat = '{"motif":"guillemets \\" et antislash \\\\, accents é, « » — \\u00e9"}'.encode()
    ecrit = StoredEvent(originator_id=uuid4(), originator_version=1, topic="t", state=etat)

    enregistreur.insert_events([ecrit])

    assert "%b" in enregistreur.insert_events_statement.as_string()
    (relu,) = enregistreur.select_events(ecrit.originator_id)
    assert relu.state == etat


def test_une_version_deja_prise_n_echoue_que_pour_sa_save(enregistreur: Observe) -> None:
    deja = uuid4()
    enregistreur.insert_events([evenement(deja)])
    enregistreur.groupes.clear()
    premiere, perimee, troisieme = [evenement(uuid4())], [evenement(deja), evenement(deja, 2)], [evenement(uuid4())]

    futurs = ensemble(enregistreur, [premiere, perimee, troisieme])

    assert enregistreur.groupes == [3, 1, 1, 1]  # the group failed whole, then one save per transaction
    assert len(futurs[0].result() or ()) == 1
    with pytest.raises(IntegrityError):
        futurs[1].result()
    assert len(futurs[2].result() or ()) == 1
    assert [e.originator_version for e in enregistreur.select_events(deja)] == [1]  # nothing of the stale save
    assert len(enregistreur.select_notifications(start=None, limit=10)) == 3


def test_chaque_cle_d_idempotence_est_ecrite_avec_sa_save_et_une_cle_prise_n_echoue_que_pour_elle(
    enregistreur: Observe,
) -> None:
    magasin = MagasinSql(enregistreur.datastore)
    enregistreur.insert_events([evenement(uuid4())], idempotence=Idempotence("agent", "prise", "e", 201))
    enregistreur.groupes.clear()
    saves = [[evenement(uuid4()), evenement(uuid4())], [evenement(uuid4())], [evenement(uuid4())]]
    cles = [Idempotence("agent", c, "e", 201, '{"n": 1}') for c in ("a", "prise", "c")]

    futurs = ensemble(enregistreur, saves, cles)

    assert enregistreur.groupes == [3, 1, 1, 1]  # the taken key failed the group, then one save per transaction
    with pytest.raises(IntegrityError):
        futurs[1].result()
    for cle, save, futur in ((cles[0], saves[0], futurs[0]), (cles[2], saves[2], futurs[2])):
        garde = magasin.lire("agent", cle.cle)
        assert garde is not None
        assert garde.contenu() == {
            "parcours_id": str(save[-1].originator_id), "version": 1, "position": list(futur.result() or ())[-1],
            "n": 1,
        }  # fmt: skip
    assert save_ecrite(enregistreur, saves[1][0]) is False


def save_ecrite(enregistreur: Observe, evenement: StoredEvent) -> bool:
    return bool(enregistreur.select_events(evenement.originator_id))


def test_un_groupe_ne_depasse_pas_la_taille_maximale() -> None:
    file = File()
    for taille in (150, 40, 30, 300):
        file.ajouter(Envoi([evenement(uuid4(), v) for v in range(1, taille + 1)]))

    assert [len(e.evenements) for e in file.prendre(200)] == [150, 40]
    assert [len(e.evenements) for e in file.prendre(200)] == [30]
    assert [len(e.evenements) for e in file.prendre(200)] == [300]  # a save larger than a group goes alone


class Fiche(Aggregate):
    """Any aggregate: the application saves it as it saves a parcours (with ``tracking=None``)."""


def test_l_application_sur_postgresql_ecrit_par_groupes(reglages_postgres: Reglages) -> None:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres)
    try:
        assert isinstance(application.recorder, EnregistreurGroupe)
        application.recorder._file = file = FileObservee()

        application.save(Fiche())

        assert file.arrivees.acquire(blocking=False)  # the save went through the queue
        assert len(application.recorder.select_notifications(start=None, limit=5)) == 1
    finally:
        application.close()


Save = tuple[int, int, int]
"""A save in a property example: which aggregate (0 to 2, or 3 for a new one), the version it starts at
(1 to 3), and how many events it holds (1 or 2)."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 3), st.integers(1, 2)), min_size=1, max_size=8))
def test_dans_tout_groupe_chaque_save_a_son_issue_et_rien_n_est_ecrit_a_moitie(
    enregistreur: Observe, saves: list[Save]
) -> None:
    existants = [uuid4() for _ in range(3)]  # given three aggregates at version 1
    enregistreur.insert_events([evenement(a) for a in existants])
    ids = [*existants, uuid4()]
    demandes = [[evenement(ids[a], v) for v in range(depart, depart + n)] for a, depart, n in saves]

    futurs = ensemble(enregistreur, demandes)

    reussies = [d for d, f in zip(demandes, futurs, strict=True) if f.exception() is None]
    for demande, futur in zip(demandes, futurs, strict=True):
        if futur.exception() is not None:
            assert isinstance(futur.exception(), IntegrityError)
            deja = {(e.originator_id, e.originator_version) for r in reussies for e in r}
            deja |= {(a, 1) for a in existants}
            assert any((e.originator_id, e.originator_version) in deja for e in demande)  # it was stale
    stockes = {a: [e.originator_version for e in enregistreur.select_events(a)] for a in ids}
    for agregat, versions in stockes.items():
        attendues = sorted([1] if agregat in existants else [])
        attendues = sorted(
            attendues + [e.originator_version for r in reussies for e in r if e.originator_id == agregat]
        )
        assert versions == attendues  # the successful saves whole, nothing of the others
