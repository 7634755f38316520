"""The fault bench, short form (``python -m bench.pannes --court``): one fault of each kind under load on
a private cluster, then every check of issue 16 — nothing acknowledged lost, nothing applied twice,
no idempotency key stuck, every dossier read back with its last write, the views equal to a rebuild,
the audit chain whole, no process dying on its own, nothing left behind. The checks themselves are
shown to catch what they look for on a store made up for the purpose."""

from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

from bench.pannes import PANNES, Options, Resultat, executer
from bench.pannes_bilan import Magasin, Stocke, doubles, ecart, perdus
from bench.pannes_charge import Accuse, definitive
from bench.tableau import Ligne
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages


@pytest.fixture(scope="module")
def course() -> Resultat:
    """One short run for the whole module (about half a minute)."""
    return executer(Options.court())


def ligne(resultat: Resultat, cle: str) -> Ligne:
    return next(ligne for ligne in resultat.lignes if ligne.cle == f"pannes.{cle}")


def test_chaque_panne_frappe_une_charge_qui_avance(course: Resultat) -> None:
    assert ligne(course, "pannes").valeur == len(PANNES)
    assert ligne(course, "pannes").note == ", ".join(f"{panne} ×1" for panne in PANNES)
    assert ligne(course, "acquittees").valeur > 100
    assert ligne(course, "evenements").valeur > ligne(course, "acquittees").valeur  # an inscription writes three


@pytest.mark.parametrize(
    "verification",
    ["perdues", "doubles", "bloquees", "refusees", "refusees_enregistrees", "lectures", "audit", "sorties", "restes"],
)
def test_aucune_verification_ne_trouve_rien_a_redire(course: Resultat, verification: str) -> None:
    trouve = ligne(course, verification)
    assert trouve.valeur == 0, f"{trouve.mesure} : {trouve.valeur:.0f} — {trouve.note}"


def test_chaque_vue_egale_sa_reconstruction(course: Resultat) -> None:
    vues = ligne(course, "vues")
    assert vues.atteinte, f"{vues.mesure} : {vues.valeur:.0f} — {vues.note}"


def test_le_banc_echoue_des_qu_une_verification_echoue(course: Resultat) -> None:
    assert course.reussi == all(ligne.atteinte is not False for ligne in course.lignes)


def stocke(position: int, parcours: str, version: int, type_: str, cle: str | None) -> Stocke:
    return Stocke(position, parcours, version, type_, cle)


def magasin(*evenements: Stocke) -> Magasin:
    lu = Magasin()
    for evenement in evenements:
        lu.par_version[(evenement.parcours_id, evenement.version)] = evenement
        if evenement.cle:
            lu.par_cle[evenement.cle].append(evenement)
    return lu


def test_une_commande_acquittee_est_perdue_si_le_magasin_ne_la_tient_pas_ou_ailleurs() -> None:
    # given an inscription whose last event is the algorithm's (no key), and a diagnostic
    lu = magasin(stocke(1, "p", 1, "Inscrit", "k1"), stocke(2, "p", 2, "Oriente", None), stocke(3, "p", 3, "X", "k2"))

    # when acknowledgements are set against it
    trouves = perdus(
        [Accuse("k1", "inscription", "p", 2, 2), Accuse("k2", "diagnostic", "p", 3, 3),
         Accuse("k3", "contrat", "p", 4, 4), Accuse("k2", "diagnostic", "p", 3, 9)],
        lu,
    )  # fmt: skip

    # then the unknown key and the wrong position are lost, the others held
    assert [t.split(" : ")[0] for t in trouves] == ["contrat k3", "diagnostic k2"]


def test_une_cle_appliquee_deux_fois_est_vue_sur_deux_parcours_ou_par_un_type_repete() -> None:
    lu = magasin(
        stocke(1, "p", 1, "Inscrit", "k1"),
        stocke(2, "q", 1, "Inscrit", "k1"),
        stocke(3, "p", 2, "ManquementConstate", "k2"),
        stocke(4, "p", 3, "ManquementConstate", "k2"),
        stocke(5, "p", 4, "RecoursTranche", "k3"),
        stocke(6, "p", 5, "SanctionAnnulee", "k3"),
    )

    assert [d.split(" : ")[0] for d in doubles(lu)] == ["k1", "k2"]


def test_seule_la_reponse_d_une_requete_encore_en_cours_n_est_pas_definitive() -> None:
    def reponse(statut: int, type_: str = "") -> httpx.Response:
        return httpx.Response(statut, json={"type": type_}, headers={"content-type": "application/problem+json"})

    assert not definitive(reponse(409, "/erreurs/requete-en-cours"))
    assert not definitive(reponse(503, "/erreurs/projection-en-retard"))
    assert definitive(reponse(409, "/erreurs/decision-avant-fin-contradictoire"))
    assert definitive(reponse(201))


@pytest.fixture
def deux_tables(reglages_postgres: Reglages) -> Iterator[tuple[PostgresDatastore, Callable[[str, str], None]]]:
    """Tables ``a`` and ``b`` (a key, a JSONB document) in a fresh schema, and a way to add a row to one."""
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres)
    datastore = application.recorder.datastore  # type: ignore[attr-defined]
    assert isinstance(datastore, PostgresDatastore)
    with psycopg.connect(reglages_postgres.conninfo_postgres(), autocommit=True) as connexion:
        for table in ("a", "b"):
            connexion.execute(
                sql.SQL("CREATE TABLE {} (cle TEXT, donnees JSONB)").format(identifiant(datastore, table))
            )

        def inserer(table: str, donnees: str) -> None:
            requete = sql.SQL("INSERT INTO {} VALUES ('x', %s)").format(identifiant(datastore, table))
            connexion.execute(requete, [donnees])

        yield datastore, inserer
    application.close()


def identifiant(datastore: PostgresDatastore, table: str) -> sql.Identifier:
    return sql.Identifier(datastore.schema, table)


def test_deux_tables_ne_sont_egales_que_ligne_pour_ligne_doublons_compris(
    deux_tables: tuple[PostgresDatastore, Callable[[str, str], None]],
) -> None:
    datastore, inserer = deux_tables
    inserer("a", '{"n": 1, "m": 2}')
    inserer("a", '{"n": 1, "m": 2}')
    inserer("b", '{"m": 2, "n": 1}')
    assert ecart(datastore, "a", "b") == 1  # the same document, once against twice

    inserer("b", '{"m": 2, "n": 1}')
    assert ecart(datastore, "a", "b") == 0  # JSONB compares documents, not their text

    inserer("b", '{"m": 3, "n": 1}')
    assert ecart(datastore, "a", "b") == 1
