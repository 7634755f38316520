"""Finding a person at the scale of a region (issue 18 §3): name search p99 over 1,000,000 persons on
PostgreSQL (target ≤ 50 ms) and identifier search p99 (target ≤ 10 ms), each beside its floor measured
in the same run: reading one row of the index by primary key, reading one aggregate's events.

    .venv/bin/python -m bench.recherche_personnes [--personnes 1000000] [--requetes 1000] [--inscrits 2000]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

The index is filled by COPY (its dictionary by the statement triggers, as a catch-up's batches do).
Names: 40 % drawn from faker's 400 French surnames (the common ones: 2,500 persons each), 60 % made of
three syllables of thirty (27,000 rarer names: the long tail), one or two first names from faker's lists,
a birth date over sixty years. Queries are drawn from the persons indexed: a surname alone, a surname and
first name, a surname with one typo (a letter replaced, removed, added or two swapped), a surname and birth
date. Identifier search reads a person by NIR through the application (landmark, then person, unsealed)
in an events table padded to as many rows as there are persons. Everything runs in a throwaway database.
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import uuid4

import psycopg
from faker.providers.person.fr_FR import Provider as Prenoms
from psycopg import sql

from bench.base import base_jetable, url_de_base
from bench.instantanes import INSCRIPTION
from bench.projections import AGENT
from bench.tableau import Cible, Ligne, rendre
from cli.demo.identites import identites
from domain.identite import NatureIdentifiant, normaliser_nom
from domain.regles.personne import ParcoursDejaOuvert
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer, table_des_evenements
from infrastructure.recherche_personnes import TABLE, recherche_pour
from infrastructure.recherche_personnes_postgres import RecherchePostgres
from infrastructure.reglages import Reglages, reglages_pour

SCHEMA = "recherche"
SYLLABES = (
    "ber", "du", "mar", "tin", "lo", "pon", "ri", "cha", "vel", "net", "go", "sa", "mo", "ran", "di",
    "fe", "lu", "ca", "pi", "tou", "ge", "vi", "ro", "le", "na", "bou", "sel", "mi", "ja", "ko",
)  # fmt: skip
LETTRES = "abcdefghijklmnopqrstuvwxyz"
CIBLE_NOM_MS = 50
CIBLE_IDENTIFIANT_MS = 10


@dataclass(frozen=True)
class Indexee:
    nom: str
    prenom: str
    naissance: date


def personnes(nombre: int, alea: random.Random) -> Iterator[Indexee]:
    prenoms = [*Prenoms.first_names_male, *Prenoms.first_names_female]
    for _ in range(nombre):
        if alea.random() < 0.4:
            nom = alea.choice(Prenoms.last_names)
        else:
            nom = "".join(alea.choice(SYLLABES) for _ in range(3)).capitalize()
        naissance = date(1950, 1, 1) + timedelta(days=alea.randrange(60 * 365))
        yield Indexee(nom, alea.choice(prenoms), naissance)


def charger(reglages: Reglages, nombre: int, alea: random.Random) -> list[Indexee]:
    """``nombre`` rows by COPY; returns a sample of 10,000 of them to draw the queries from."""
    echantillon: list[Indexee] = []
    table = sql.Identifier(reglages.schema_postgres, TABLE)
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        colonnes = "personne_id, noms, date_naissance, code_insee, libelle, parcours_id, position"
        with connexion.cursor().copy(sql.SQL(f"COPY {{}} ({colonnes}) FROM STDIN").format(table)) as flux:
            for rang, une in enumerate(personnes(nombre, alea)):
                noms = f"{normaliser_nom(une.nom)} {normaliser_nom(une.prenom)}"
                flux.write_row((uuid4(), noms, une.naissance, "93066", f"{une.prenom} {une.nom}", uuid4(), rang))
                if rang % max(1, nombre // 10_000) == 0:
                    echantillon.append(une)
        connexion.execute(sql.SQL("ANALYZE {}").format(table))
    return echantillon


def une_faute(nom: str, alea: random.Random) -> str:
    mot, i = nom.lower(), alea.randrange(len(nom) - 1)
    return alea.choice([
        mot[:i] + alea.choice(LETTRES) + mot[i + 1 :],
        mot[:i] + mot[i + 1 :],
        mot[:i] + alea.choice(LETTRES) + mot[i:],
        mot[:i] + mot[i + 1] + mot[i] + mot[i + 2 :],
    ])  # fmt: skip


def centiles(mesure: Callable[[], object], fois: int) -> tuple[float, float]:
    """p50 and p99 of ``mesure`` in ms."""
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        mesure()
        durees.append((time.perf_counter() - debut) * 1000)
    rangs = statistics.quantiles(durees, n=100)
    return rangs[49], rangs[98]


def recherches(reglages: Reglages, echantillon: list[Indexee], requetes: int, alea: random.Random) -> list[Ligne]:
    application = construire_application(reglages)
    index = recherche_pour(application)
    tirees = iter(alea.choice(echantillon) for _ in range(10 * requetes))
    cas: dict[str, Callable[[], object]] = {
        "nom seul": lambda: index.chercher(next(tirees).nom),
        "nom et prénom": lambda: index.chercher(f"{(p := next(tirees)).nom} {p.prenom}"),
        "nom avec une faute": lambda: index.chercher(une_faute(next(tirees).nom, alea)),
        "nom et date de naissance": lambda: index.chercher((p := next(tirees)).nom, date_naissance=p.naissance),
    }
    assert isinstance(index, RecherchePostgres)
    ids = [ligne[0] for ligne in index.lignes(f"SELECT personne_id FROM {index.table} LIMIT 1000")]
    plancher = centiles(
        lambda: index.lignes(f"SELECT * FROM {index.table} WHERE personne_id = ?", alea.choice(ids)), requetes
    )
    lignes = [Ligne("plancher_nom", "lecture d'une ligne de l'index par clé (p99)", plancher[1], "ms")]
    for nom, mesure in cas.items():
        p50, p99 = centiles(mesure, requetes)
        lignes.append(
            Ligne(
                f"nom_{nom}",
                f"recherche par {nom} (p99 ; p50 {p50:.1f} ms)",
                p99,
                "ms",
                plancher[1],
                "plancher_nom",
                Cible("≤", CIBLE_NOM_MS, "valeur"),
            )
        )
    application.close()
    return lignes


def remplir_les_evenements(reglages: Reglages, table: str, nombre: int) -> None:
    """``nombre`` events of made-up aggregates, so that a read by id searches a table of that size."""
    cible = sql.Identifier(reglages.schema_postgres, table)
    etat = b"x" * 300
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as connexion:
        with connexion.cursor().copy(
            sql.SQL("COPY {} (originator_id, originator_version, topic, state) FROM STDIN").format(cible)
        ) as flux:
            for _ in range(nombre):
                flux.write_row((uuid4(), 1, "bench:Remplissage", etat))
        connexion.execute(sql.SQL("ANALYZE {}").format(cible))


def par_identifiant(
    reglages: Reglages, inscrits: int, remplissage: int, requetes: int, alea: random.Random
) -> list[Ligne]:
    """Persons registered through the application, then read back by NIR among ``remplissage`` events."""
    application = construire_application(reglages)
    fiches = identites(inscrits, graine=18, au=date(2026, 1, 5))
    for fiche in fiches:
        try:
            application.inscrire(AGENT, INSCRIPTION, uuid4(), personne=fiche)
        except ParcoursDejaOuvert:  # the generator drew an identity twice: found, as it should be
            continue
    remplir_les_evenements(reglages, table_des_evenements(application), remplissage)
    nirs = [i for fiche in fiches for i in fiche.identifiants if i.nature is NatureIdentifiant.NIR]
    reperes = [application.personnes.repere_d_identifiant(nir) for nir in nirs]
    plancher = centiles(lambda: application.recorder.select_events(alea.choice(reperes)), requetes)
    p50, p99 = centiles(lambda: trouvee(application.personnes.par_identifiant(alea.choice(nirs))), requetes)
    application.close()
    return [
        Ligne("plancher_identifiant", "lecture des événements d'un agrégat par id (p99)", plancher[1], "ms"),
        Ligne(
            "identifiant", f"recherche par NIR : repère puis personne déchiffrée (p99 ; p50 {p50:.1f} ms)", p99, "ms",
            plancher[1], "plancher_identifiant", Cible("≤", CIBLE_IDENTIFIANT_MS, "valeur"),
        ),
    ]  # fmt: skip


def trouvee(personne: object) -> None:
    if personne is None:
        raise RuntimeError("une personne inscrite n'est pas retrouvée par son NIR")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--personnes", type=int, default=1_000_000)
    arguments.add_argument("--requetes", type=int, default=1_000)
    arguments.add_argument("--inscrits", type=int, default=1_000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = arguments.parse_args()
    alea = random.Random(18)
    with base_jetable(options.postgres) as url:
        reglages = reglages_pour(url_de_base(options.postgres, url.rsplit("/", 1)[1], SCHEMA))
        migrer(reglages)
        debut = time.perf_counter()
        echantillon = charger(reglages, options.personnes, alea)
        chargement = time.perf_counter() - debut
        lignes = recherches(reglages, echantillon, options.requetes, alea)
        print(rendre(lignes), flush=True)
        lignes += par_identifiant(reglages, options.inscrits, options.personnes, options.requetes, alea)
    print(
        f"recherche de personnes, {options.personnes:,} personnes ({date.today().isoformat()}, "
        f"index chargé en {chargement:.0f} s)".replace(",", " ")
    )
    print(rendre(lignes))


if __name__ == "__main__":
    main()
