"""What only one engine of the person search promises (``infrastructure/recherche_personnes_sql.py``
and ``_postgres.py``):
an erased name is gone from the bytes the engine keeps (SQLite's file, its FTS5 shadow tables included;
PostgreSQL's dump and table files), and PostgreSQL finds candidates through its indexes, never by
reading the whole table."""

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.recherche_personnes import LignePersonne, recherche_pour
from infrastructure.recherche_personnes_postgres import RecherchePostgres
from infrastructure.reglages import Reglages, reglages_pour

ZEBULON = LignePersonne(uuid4(), "quixotte zebulon", None, None, "Zébulon QUIXOTTE", uuid4(), 1)
"""A person whose name shares no trigram with the others': any of its trigrams found is a leftover."""
TRACES = (b"quixotte", b"QUIXOTTE", b"zebulon", "Zébulon".encode(), b"xot", b"uix", b"bul", b"ebu")
PG_DUMP = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"


def voisins(nombre: int) -> Iterator[LignePersonne]:
    for rang in range(nombre):
        yield LignePersonne(uuid4(), f"martin paul{rang}", None, None, "Martin Paul", None, 1)


def remplir(application: ParcoursApplication) -> None:
    recherche = recherche_pour(application)
    for ligne in [*voisins(200), ZEBULON]:
        recherche.indexer(ligne)


def octets_sqlite(dossier: Path) -> bytes:
    return b"".join(fichier.read_bytes() for fichier in sorted(dossier.iterdir()) if fichier.is_file())


def test_sur_sqlite_le_nom_efface_ne_reste_ni_dans_la_table_ni_dans_les_trigrammes(tmp_path: Path) -> None:
    reglages = reglages_pour(f"sqlite:///{tmp_path / 'parcours.sqlite'}")
    migrer(reglages)
    application = construire_application(reglages)
    remplir(application)
    application.close()  # the last connection checkpoints the WAL into the file
    avant = [trace for trace in TRACES if trace in octets_sqlite(tmp_path)]

    application = construire_application(reglages)
    recherche_pour(application).effacer(ZEBULON.personne_id, position=2)
    application.close()

    assert avant == list(TRACES)  # the search sees the file's bytes, the FTS5 index's included
    assert [trace for trace in TRACES if trace in octets_sqlite(tmp_path)] == []
    application = construire_application(reglages)
    assert recherche_pour(application).chercher("quixotte").resultats == []
    assert len(recherche_pour(application).chercher("martin", limite=500).resultats) == 200
    application.close()


@pytest.fixture
def postgres(reglages_postgres: Reglages) -> Iterator[ParcoursApplication]:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres)
    yield application
    application.close()


def sauvegarde(reglages: Reglages) -> bytes:
    """``pg_dump --data-only`` of the store's schema."""
    commande = [PG_DUMP, "--data-only", f"--schema={reglages.schema_postgres}", reglages.conninfo_postgres()]
    return subprocess.run(commande, check=True, capture_output=True, timeout=60).stdout


TABLES = ("recherche_personnes", "recherche_personnes_dictionnaire", "recherche_personnes_variantes")


def fichier_de_la_table(reglages: Reglages) -> bytes:
    """The index's tables' files as the server holds them, once VACUUM FULL has rewritten them and
    CHECKPOINT has written their pages. A plain VACUUM frees a dead row's space without zeroing it: its
    bytes stay in the page until a later row covers them (docs/personnes.md, « Effacement »)."""
    fichiers = b""
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        for nom in TABLES:
            connexion.execute(sql.SQL("VACUUM FULL {}").format(sql.Identifier(reglages.schema_postgres, nom)))
        connexion.execute("CHECKPOINT")
        for nom in TABLES:
            qualifie = f'"{reglages.schema_postgres}".{nom}'
            ligne = connexion.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", (qualifie,)).fetchone()
            assert ligne is not None
            fichiers += bytes(ligne[0])
    return fichiers


def test_sur_postgresql_le_nom_efface_n_est_plus_dans_la_sauvegarde_ni_dans_le_fichier_de_la_table(
    reglages_postgres: Reglages, postgres: ParcoursApplication
) -> None:
    remplir(postgres)
    avant = sauvegarde(reglages_postgres) + fichier_de_la_table(reglages_postgres)

    recherche_pour(postgres).effacer(ZEBULON.personne_id, position=2)

    apres = sauvegarde(reglages_postgres) + fichier_de_la_table(reglages_postgres)
    assert b"quixotte" in avant
    assert b"QUIXOTTE" in avant
    assert [trace for trace in TRACES[:4] if trace in apres] == []
    assert str(ZEBULON.personne_id).encode() in apres  # the tombstone keeps the id and position


SYLLABES = ("ber", "du", "mar", "tin", "lo", "pon", "ri", "cha", "vel", "net", "go", "sa")


def charger(reglages: Reglages, nombre: int) -> None:
    """``nombre`` rows of made-up names, by COPY, then ANALYZE (as autovacuum would after a load)."""
    table = sql.Identifier(reglages.schema_postgres, "recherche_personnes")
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        with connexion.cursor().copy(
            sql.SQL("COPY {} (personne_id, noms, date_naissance, code_insee, libelle, position) FROM STDIN").format(
                table
            )
        ) as flux:
            for rang in range(nombre):
                nom = "".join(SYLLABES[(rang // 12**k) % 12] for k in range(3))
                flux.write_row(
                    (uuid4(), f"{nom} paul", f"19{rang % 90 + 10}-0{rang % 9 + 1}-1{rang % 9}", "93066", nom, rang)
                )
        connexion.execute(sql.SQL("ANALYZE {}").format(table))


def plan(reglages: Reglages, requete: str, parametres: list[object]) -> str:
    """The plan of the search for a page of 20 (its LIMIT's parameter added)."""
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        lignes = connexion.execute(f"EXPLAIN {requete}".replace("?", "%s"), [*parametres, 21]).fetchall()
    return "\n".join(str(ligne[0]) for ligne in lignes)


def test_sur_postgresql_la_recherche_passe_par_les_index(
    reglages_postgres: Reglages, postgres: ParcoursApplication
) -> None:
    recherche = recherche_pour(postgres)
    assert isinstance(recherche, RecherchePostgres)
    charger(reglages_postgres, 100_000)

    proches = recherche.mots_proches(["bertinlo", "paul"])
    par_nom = plan(reglages_postgres, *recherche.requete(proches, None, None, None))
    par_nom_et_date = plan(reglages_postgres, *recherche.requete(proches, date(1990, 5, 17), None, None))

    assert proches == [{"bertinlo": 1.0, "bertingo": 1 - 1 / 8}, {"paul": 1.0}]  # ber-tin-go: one edit
    assert "recherche_personnes_par_mot" in par_nom
    assert "Seq Scan" not in par_nom
    assert "Index" in par_nom_et_date
    assert "Seq Scan" not in par_nom_et_date


def test_sur_postgresql_le_dictionnaire_compte_les_mots_des_lignes_corrigees_et_effacees(
    reglages_postgres: Reglages, postgres: ParcoursApplication
) -> None:
    recherche, paul, lea = recherche_pour(postgres), uuid4(), uuid4()
    recherche.indexer(LignePersonne(paul, "martin paul", None, None, "Paul Martin", None, 1))
    recherche.indexer(LignePersonne(lea, "martin lea lea", None, None, "Léa Martin", None, 1))

    recherche.indexer(LignePersonne(paul, "durand paul", None, None, "Paul Durand", None, 2))
    recherche.effacer(lea, position=3)

    schema = reglages_postgres.schema_postgres
    with psycopg.connect(reglages_postgres.conninfo_postgres()) as connexion:
        comptes: dict[str, int] = dict(
            connexion.execute(f'SELECT mot, nombre FROM "{schema}".recherche_personnes_dictionnaire')
        )
        variantes = {mot for (mot,) in connexion.execute(f'SELECT mot FROM "{schema}".recherche_personnes_variantes')}
    assert comptes == {"durand": 1, "paul": 1}
    assert variantes == {"durand", "paul"}
    assert [t.personne_id for t in recherche.chercher("durant").resultats] == [paul]
