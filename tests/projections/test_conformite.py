"""The library's own TrackingRecorder conformance suite, run against our views (a suite we did not write)."""

from uuid import uuid4

import psycopg
from eventsourcing.persistence import TrackingRecorder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import TrackingRecorderTestCase
from psycopg import sql

from infrastructure.reglages import reglages_pour
from projections.stockage import VuePostgres, VueSQLite
from tests.conftest import creer_base_de_test


class TestVueSQLite(TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        vue = VueSQLite(SQLiteDatastore(":memory:"), "vue_conformite")
        vue.create_table()
        return vue


class TestVuePostgres(TrackingRecorderTestCase):
    def setUp(self) -> None:
        self.schema = f"conformite_{uuid4().hex[:10]}"
        self.url = creer_base_de_test()  # created here too: this case may run before any pytest fixture
        with psycopg.connect(self.url, autocommit=True) as connexion:
            connexion.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))
        self.datastores: list[PostgresDatastore] = []

    def tearDown(self) -> None:
        for datastore in self.datastores:
            datastore.close()
        with psycopg.connect(self.url, autocommit=True) as connexion:
            connexion.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(self.schema)))

    def create_recorder(self) -> TrackingRecorder:
        env = reglages_pour(self.url).environnement_persistance()
        datastore = PostgresDatastore(
            env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_USER"],
            env["POSTGRES_PASSWORD"], schema=self.schema,
        )  # fmt: skip
        self.datastores.append(datastore)
        vue = VuePostgres(datastore, "vue_conformite")
        vue.create_table()
        return vue
