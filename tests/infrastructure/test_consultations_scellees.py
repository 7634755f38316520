"""The consultations log sealed at creation (CNIL délibération 2021-122): what the service writes verifies;
what a database superuser changes, inserts, copies or deletes with raw SQL, triggers disabled, is named;
the purge of entries past their retention is not. SQLite and PostgreSQL."""

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import sql

from infrastructure.consultations import (
    TABLE,
    Consultation,
    EcrivainDeConsultations,
    JournalDesConsultations,
    creer_table_consultations,
    fichier_des_consultations,
    journal_pour,
)
from infrastructure.consultations_scellees import (
    DOUBLON,
    INVALIDE,
    NON_SCELLEE,
    SUPPRIMEE,
    verifier_consultations,
)
from infrastructure.reglages import Reglages, reglages_pour
from infrastructure.sceaux import cle_de_sceau

PARCOURS = "3f1c2a9e-0000-4000-8000-000000000001"
DEBUT = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
LIMITE = datetime(2026, 6, 1, tzinfo=UTC)
"""The retention's cutoff the verification is given: entries consulted before it may have been purged."""


def consultation(instant: datetime, motif: str | None = "rendez-vous de suivi") -> Consultation:
    return Consultation(
        PARCOURS, "agent-42", "CONSEILLER", "FRANCE_TRAVAIL", "GET /parcours/{parcours_id}", motif, instant
    )


@pytest.fixture
def journal(reglages_persistants: Reglages) -> Iterator[JournalDesConsultations]:
    """Five entries written by the service, an hour apart, after two that outlived their retention."""
    creer_table_consultations(reglages_persistants)
    ouvert = journal_pour(reglages_persistants)
    anciennes = [consultation(LIMITE - timedelta(days=10 - n)) for n in range(2)]
    ouvert.ajouter(anciennes)
    ouvert.ajouter([consultation(DEBUT + timedelta(hours=n)) for n in range(5)])
    yield ouvert
    ouvert.fermer()


def brut(reglages: Reglages, ordre: str) -> None:
    """``ordre`` run as a superuser would, the append-only trigger out of the way."""
    if reglages.moteur == "sqlite":
        with sqlite3.connect(fichier_des_consultations(reglages)) as fichier:
            fichier.execute(f"DROP TRIGGER IF EXISTS {TABLE}_sans_update")
            fichier.execute(ordre.format(table=TABLE))
        fichier.close()
        return
    table = sql.Identifier(reglages.schema_postgres, TABLE).as_string()
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        serveur.execute("SET session_replication_role = replica")  # triggers off, as a superuser can
        serveur.execute(ordre.format(table=table))


def divergences(reglages: Reglages, journal: JournalDesConsultations) -> list[tuple[str, str]]:
    trouvees = verifier_consultations(journal, cle_de_sceau(reglages), LIMITE, taille_page=2)
    return [(d.nature, d.detail.split(",")[0]) for d in trouvees]


def test_ce_que_le_service_ecrit_se_verifie_et_la_purge_ne_laisse_aucun_ecart(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    assert divergences(reglages_persistants, journal) == []

    assert journal.purger(LIMITE) == 2

    assert divergences(reglages_persistants, journal) == []


def test_une_consultation_modifiee_en_sql_brut_est_nommee(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    brut(reglages_persistants, "UPDATE {table} SET motif = 'autre motif' WHERE rang = 4")

    assert divergences(reglages_persistants, journal) == [(INVALIDE, "écrivain " + ecrivain(journal) + " rang 4")]


def test_une_consultation_inseree_sans_la_cle_est_nommee_non_scellee(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    colonnes = "parcours_id, principal, role, organisme, vue, motif, consulte_le"
    brut(reglages_persistants, f"INSERT INTO {{table}} ({colonnes}) SELECT {colonnes} FROM {{table}} WHERE rang = 3")

    assert [nature for nature, _ in divergences(reglages_persistants, journal)] == [NON_SCELLEE]


def test_une_consultation_copiee_avec_son_sceau_est_nommee_en_double(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    colonnes = "parcours_id, principal, role, organisme, vue, motif, consulte_le, ecrivain, rang, precedent_le, sceau"
    brut(reglages_persistants, f"INSERT INTO {{table}} ({colonnes}) SELECT {colonnes} FROM {{table}} WHERE rang = 3")

    assert divergences(reglages_persistants, journal) == [(DOUBLON, "écrivain " + ecrivain(journal) + " rang 3")]


def test_une_consultation_supprimee_dans_sa_duree_de_conservation_est_nommee(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    brut(reglages_persistants, "DELETE FROM {table} WHERE rang IN (4, 5)")

    assert divergences(reglages_persistants, journal) == [(SUPPRIMEE, "écrivain " + ecrivain(journal) + " rang 6")]


def test_des_consultations_recentes_supprimees_avec_les_anciennes_sont_nommees(
    reglages_persistants: Reglages, journal: JournalDesConsultations
) -> None:
    brut(reglages_persistants, "DELETE FROM {table} WHERE rang <= 3")  # the two purgeable, and one too many

    assert [nature for nature, _ in divergences(reglages_persistants, journal)] == [SUPPRIMEE]


def test_un_lot_que_la_base_refuse_ne_laisse_pas_de_trou_dans_les_rangs(reglages_postgres: Reglages) -> None:
    creer_table_consultations(reglages_postgres)
    journal = journal_pour(reglages_postgres)
    ecrivain_ = EcrivainDeConsultations(journal)
    for n, motif in enumerate(["avant", "un \x00 que PostgreSQL refuse", "après"]):
        ecrivain_.noter(consultation(DEBUT + timedelta(minutes=n), motif))
    ecrivain_.arreter()

    assert len(journal.lister(PARCOURS)) == 3
    assert divergences(reglages_postgres, journal) == []
    journal.fermer()


def test_un_journal_cree_avant_les_sceaux_les_recoit_et_ses_anciennes_entrees_sont_nommees(tmp_path: object) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path}/parcours.sqlite")
    with sqlite3.connect(fichier_des_consultations(reglages)) as fichier:
        fichier.execute(
            f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, parcours_id TEXT NOT NULL, principal TEXT NOT NULL, "
            "role TEXT NOT NULL, organisme TEXT, vue TEXT NOT NULL, motif TEXT, consulte_le TEXT NOT NULL)"
        )
        fichier.execute(
            f"INSERT INTO {TABLE} (parcours_id, principal, role, organisme, vue, motif, consulte_le) "
            f"VALUES ('{PARCOURS}', 'agent-1', 'CONSEILLER', NULL, 'GET /parcours', NULL, '{DEBUT.isoformat()}')"
        )
    fichier.close()

    journal = journal_pour(reglages)  # on SQLite, opened = migrated
    journal.ajouter([consultation(DEBUT + timedelta(hours=1))])

    assert [nature for nature, _ in divergences(reglages, journal)] == [NON_SCELLEE]
    assert len(journal.lister(PARCOURS)) == 2
    journal.fermer()


def ecrivain(journal: JournalDesConsultations) -> str:
    premiere = journal.entrees(None, 1)[0]
    assert premiere.ecrivain is not None
    return premiere.ecrivain
