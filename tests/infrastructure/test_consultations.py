"""The consultations log (CNIL 2021 recommendation on logging): every noted read is written, newest
first, append-only in the database, purged past its retention (RGPD art. 5(1)(e)), and a failed
write is retried, never dropped. On memory, SQLite and PostgreSQL."""

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from infrastructure.consultations import (
    TABLE,
    Consultation,
    EcrivainArrete,
    EcrivainDeConsultations,
    JournalDesConsultations,
    creer_table_consultations,
    fichier_des_consultations,
    journal_pour,
    limite_de_retention,
)
from infrastructure.consultations_scellees import Entree
from infrastructure.reglages import Reglages, reglages_pour
from tests.infrastructure.traces import traces_capturees

PARCOURS = "3f1c2a9e-0000-4000-8000-000000000001"
AUTRE_PARCOURS = "3f1c2a9e-0000-4000-8000-000000000002"
MIDI = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def consultation(
    instant: datetime = MIDI,
    parcours_id: str = PARCOURS,
    motif: str | None = "rendez-vous de suivi",
    organisme: str | None = "FRANCE_TRAVAIL",
) -> Consultation:
    return Consultation(
        parcours_id=parcours_id,
        principal="agent-42",
        role="CONSEILLER",
        organisme=organisme,
        vue="GET /parcours/{parcours_id}/historique",
        motif=motif,
        consulte_le=instant,
    )


@pytest.fixture
def journal(reglages: Reglages) -> Iterator[JournalDesConsultations]:
    """The log of a migrated store (its table and trigger created, as ``parcours migrate`` does)."""
    creer_table_consultations(reglages)
    ouvert = journal_pour(reglages)
    yield ouvert
    ouvert.fermer()


@pytest.fixture
def ecrivain(journal: JournalDesConsultations) -> Iterator[EcrivainDeConsultations]:
    en_service = EcrivainDeConsultations(journal)
    yield en_service
    en_service.arreter()


def test_les_consultations_notees_sont_listees_apres_vider_la_plus_recente_d_abord(
    ecrivain: EcrivainDeConsultations, journal: JournalDesConsultations
) -> None:
    ancienne = consultation(MIDI - timedelta(days=2), motif=None, organisme=None)
    recente = consultation(MIDI + timedelta(microseconds=1))
    du_milieu = consultation(datetime(2025, 6, 2, 14, 0, tzinfo=timezone(timedelta(hours=2))))  # = MIDI
    for noter in (du_milieu, ancienne, consultation(MIDI, parcours_id=AUTRE_PARCOURS), recente):
        ecrivain.noter(noter)

    ecrivain.vider()

    assert journal.lister(PARCOURS) == [recente, du_milieu, ancienne]
    assert journal.lister(PARCOURS)[1].consulte_le.tzinfo == UTC
    assert journal.lister(PARCOURS, limite=1) == [recente]


def test_deux_consultations_au_meme_instant_sont_listees_la_derniere_notee_d_abord(
    journal: JournalDesConsultations,
) -> None:
    premiere, seconde = consultation(motif="premier"), consultation(motif="second")

    journal.ajouter([premiere, seconde])

    assert journal.lister(PARCOURS) == [seconde, premiere]


def test_un_lot_de_mille_consultations_est_ecrit_en_entier(
    ecrivain: EcrivainDeConsultations, journal: JournalDesConsultations
) -> None:
    notees = [consultation(MIDI + timedelta(seconds=rang)) for rang in range(1000)]
    for une in notees:
        ecrivain.noter(une)

    ecrivain.vider()

    assert journal.lister(PARCOURS, limite=5000) == notees[::-1]
    assert ecrivain.en_attente == 0


def test_arreter_ecrit_ce_qui_reste_puis_refuse_de_noter(journal: JournalDesConsultations) -> None:
    ecrivain = EcrivainDeConsultations(journal, taille_lot=500, periode=3600)  # nothing would trigger a batch
    for rang in range(10):
        ecrivain.noter(consultation(MIDI + timedelta(seconds=rang)))

    ecrivain.arreter()

    assert len(journal.lister(PARCOURS)) == 10
    with pytest.raises(EcrivainArrete):
        ecrivain.noter(consultation())


def test_purger_supprime_exactement_les_consultations_anterieures_a_la_limite(
    journal: JournalDesConsultations,
) -> None:
    limite = MIDI
    a_garder = [consultation(limite), consultation(limite + timedelta(days=1))]
    journal.ajouter(
        [consultation(limite - timedelta(days=400)), consultation(limite - timedelta(microseconds=1)), *a_garder]
    )

    purgees = journal.purger(limite.astimezone(timezone(timedelta(hours=2))))  # the same instant, in Paris

    assert purgees == 2
    assert journal.lister(PARCOURS) == a_garder[::-1]
    assert journal.purger(limite) == 0


@pytest.mark.parametrize(
    ("maintenant", "mois", "limite"),
    [
        (datetime(2025, 3, 31, 3, 30, tzinfo=UTC), 1, datetime(2025, 2, 28, 3, 30, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), 1, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2024, 2, 29, tzinfo=UTC), 12, datetime(2023, 2, 28, tzinfo=UTC)),
        (datetime(2025, 1, 15, tzinfo=UTC), 6, datetime(2024, 7, 15, tzinfo=UTC)),
        (datetime(2025, 6, 2, tzinfo=UTC), 36, datetime(2022, 6, 2, tzinfo=UTC)),
    ],
)
def test_la_limite_de_retention_est_le_meme_jour_n_mois_plus_tot_ou_la_fin_du_mois(
    maintenant: datetime, mois: int, limite: datetime
) -> None:
    assert limite_de_retention(maintenant, mois) == limite


def test_un_instant_sans_fuseau_est_refuse(journal: JournalDesConsultations) -> None:
    sans_fuseau = datetime(2025, 6, 2, 12, 0)

    with pytest.raises(ValueError, match="fuseau"):
        consultation(sans_fuseau)
    with pytest.raises(ValueError, match="fuseau"):
        journal.purger(sans_fuseau)


def executer_brut(reglages: Reglages, ordre: str) -> None:
    """Runs ``ordre`` as a plain SQL client would, outside the application."""
    if reglages.moteur == "sqlite":
        with sqlite3.connect(fichier_des_consultations(reglages)) as fichier:
            fichier.execute(ordre.format(table=TABLE))
        fichier.close()
        return
    requete = sql.SQL(ordre).format(table=sql.Identifier(reglages.schema_postgres, TABLE))
    with psycopg.connect(reglages.conninfo_postgres()) as serveur:
        serveur.execute(requete)


@pytest.mark.parametrize(
    "ordre", ["UPDATE {table} SET motif = 'autre motif'", "UPDATE {table} SET consulte_le = consulte_le"]
)
def test_la_base_refuse_de_modifier_une_consultation(reglages_persistants: Reglages, ordre: str) -> None:
    creer_table_consultations(reglages_persistants)
    creer_table_consultations(reglages_persistants)  # idempotent, as ``parcours migrate`` must be
    journal = journal_pour(reglages_persistants)
    journal.ajouter([consultation()])

    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.RestrictViolation), match="ajout seul"):
        executer_brut(reglages_persistants, ordre)

    assert journal.lister(PARCOURS) == [consultation()]
    journal.fermer()


def test_postgresql_refuse_aussi_de_vider_la_table(reglages_postgres: Reglages) -> None:
    creer_table_consultations(reglages_postgres)
    journal = journal_pour(reglages_postgres)
    journal.ajouter([consultation()])

    with pytest.raises(psycopg.errors.RestrictViolation, match="TRUNCATE"):
        executer_brut(reglages_postgres, "TRUNCATE {table}")

    assert journal.lister(PARCOURS) == [consultation()]
    journal.fermer()


def test_sur_sqlite_le_journal_a_son_propre_fichier_en_wal_cree_au_premier_usage(tmp_path: Path) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")

    journal = journal_pour(reglages)  # no migration: SQLite creates what it needs on first use
    journal.ajouter([consultation()])
    journal.fermer()

    assert fichier_des_consultations(reglages) == tmp_path / "parcours.consultations.sqlite"
    assert not reglages.chemin_sqlite.exists()  # the events file holds only events
    with sqlite3.connect(fichier_des_consultations(reglages)) as fichier:
        assert fichier.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    fichier.close()


class JournalQuiEchoue:
    """A log whose ``ajouter`` fails ``echecs`` times, then keeps what it is given."""

    def __init__(self, echecs: int) -> None:
        self.echecs = echecs
        self.appels = 0
        self.ecrites: list[Consultation] = []

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        self.appels += 1
        if self.echecs:
            self.echecs -= 1
            raise ConnectionError("base injoignable")
        self.ecrites.extend(consultations)

    def lister(self, parcours_id: str, limite: int = 200) -> list[Consultation]:
        return [c for c in self.ecrites if c.parcours_id == parcours_id][:limite]

    def purger(self, avant: datetime) -> int:
        return 0

    def entrees(self, apres: tuple[str, int] | None, limite: int) -> list[Entree]:
        return []

    def fermer(self) -> None:
        """Nothing to release."""


def test_un_echec_d_ecriture_garde_les_consultations_et_un_lot_suivant_les_ecrit() -> None:
    journal = JournalQuiEchoue(echecs=1)
    ecrivain = EcrivainDeConsultations(journal, periode=0.01)
    notees = [consultation(MIDI + timedelta(seconds=rang)) for rang in range(3)]

    with traces_capturees() as journaux:
        for une in notees:
            ecrivain.noter(une)
        ecrivain.vider()

    assert journal.ecrites == notees
    assert journal.appels == 2
    assert [(j["event"], j["log_level"], j.get("nombre"), j.get("essai")) for j in journaux] == [
        ("ecriture_des_consultations_en_echec", "error", 3, 1),
        ("ecriture_des_consultations_retablie", "info", None, None),
    ]
    ecrivain.arreter()


def test_vider_signale_ce_qui_n_est_pas_ecrit_et_rien_n_est_perdu_quand_la_base_revient() -> None:
    journal = JournalQuiEchoue(echecs=10**6)
    ecrivain = EcrivainDeConsultations(journal, periode=0.001)
    ecrivain.noter(consultation())

    with pytest.raises(TimeoutError, match="1 consultations"):
        ecrivain.vider(delai=0.05)

    journal.echecs = 0
    ecrivain.arreter()
    assert journal.ecrites == [consultation()]


def test_une_consultation_que_la_base_refuse_ne_retient_pas_les_autres_et_s_ecrit_assainie(
    ecrivain: EcrivainDeConsultations, journal: JournalDesConsultations, reglages: Reglages
) -> None:
    avant, nul, apres = (
        consultation(MIDI),
        consultation(MIDI + timedelta(seconds=1), motif="a\x00b"),
        consultation(MIDI + timedelta(seconds=2)),
    )

    with traces_capturees() as journaux:
        for une in (avant, nul, apres):
            ecrivain.noter(une)
        ecrivain.vider()

    assert [c.motif for c in journal.lister(PARCOURS)] == ["rendez-vous de suivi", "a\ufffdb", "rendez-vous de suivi"]
    assert ecrivain.en_attente == 0
    if reglages.moteur == "postgres":  # its text cannot hold NUL: the entry is isolated, then written without it
        assert [(j["event"], j.get("rang"), j.get("parcours")) for j in journaux] == [
            ("lot_de_consultations_refuse", None, None),
            ("consultation_assainie", 1, PARCOURS),
        ]
    assert "a\x00b" not in repr(journaux)  # logged by rank and parcours, never by content


class JournalQuiRefuse(JournalQuiEchoue):
    """A log that refuses, for their data, the entries whose motive holds « refusé »."""

    def ajouter(self, consultations: Sequence[Consultation]) -> None:
        if any("refusé" in (c.motif or "") for c in consultations):
            raise ValueError("valeur refusée")
        super().ajouter(consultations)


def test_une_consultation_refusee_meme_assainie_est_ecartee_et_les_autres_ecrites() -> None:
    journal = JournalQuiRefuse(echecs=0)
    ecrivain = EcrivainDeConsultations(journal)
    notees = [consultation(MIDI + timedelta(seconds=rang), motif=m) for rang, m in enumerate(["a", "refusé", "c"])]

    with traces_capturees() as journaux:
        for une in notees:
            ecrivain.noter(une)
        ecrivain.vider()
    ecrivain.arreter()

    assert (journal.ecrites, ecrivain.ecartees, ecrivain.en_attente) == ([notees[0], notees[2]], 1, 0)
    assert [(j["event"], j.get("rang")) for j in journaux] == [
        ("lot_de_consultations_refuse", None),
        ("consultation_ecartee", 1),
    ]


def test_arreter_ecrit_ce_que_la_base_revenue_accepte_sans_attendre_la_fin_du_repli() -> None:
    journal = JournalQuiEchoue(echecs=3)
    ecrivain = EcrivainDeConsultations(journal, periode=3600)  # only the stop triggers the batch
    ecrivain.noter(consultation())

    ecrivain.arreter(delai=10)

    assert (journal.ecrites, journal.appels) == ([consultation()], 4)


def test_une_entree_ecrite_par_un_autre_client_se_relit_sans_faire_echouer_le_journal(tmp_path: Path) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")
    journal = journal_pour(reglages)
    journal.ajouter([consultation()])
    executer_brut(
        reglages,
        "INSERT INTO {table} (parcours_id, principal, role, vue, motif, consulte_le) "
        f"VALUES ('{PARCOURS}', 'agent-7', 'conseiller', 'GET /parcours', 'tab\tet\x01bip', '2025-06-03T08:00:00')",
    )

    lues = journal.lister(PARCOURS)

    assert [(c.motif, c.consulte_le) for c in lues] == [
        ("tab\tet\ufffdbip", datetime(2025, 6, 3, 8, tzinfo=UTC)),  # no offset: the log's zone, UTC
        ("rendez-vous de suivi", MIDI),
    ]
    journal.fermer()
