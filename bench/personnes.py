"""The cost of sealing personal data (issue 18, target ≤ 10 %): the same commands and the same catch-up
with the sealing mapper (``infrastructure/scellement.py``) and with the plain one, same run, same store.

    .venv/bin/python -m bench.personnes --personnes 2000 [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

In a throwaway database (``bench.base.base_jetable``), one schema per mapper. Commands: each person
registered through ``inscrire`` (found first by their landmarks, then the person, the landmarks and the
parcours saved; CAF data, so the algorithm proposes), one transaction each, the API's path. Catch-up:
every event of the store read by pages of 500 and decoded, what bounds every view's catch-up
(``docs/performance.md``), the page's keys read ahead as the projections' reader does. The plain mapper
still gives each person a key (the key table is written the same): what differs is AES-GCM on each
personal field and the key lookups.
"""

import argparse
import random
import time
from datetime import date, datetime

from application.masse import partenaire
from application.orientation import Donnee
from application.parcours import ParcoursApplication
from application.saisie import Saisie
from bench.base import base_jetable, url_de_base
from bench.tableau import Cible, Ligne, publier, reference
from cli.demo.identites import GenerateurIdentites
from cli.demo.population import Personne, personnes
from domain.identite import FichePersonne
from domain.vocabulaire import SourceDonnee
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import reglages_pour
from infrastructure.scellement import MapperScellant
from infrastructure.transcodings import transcodings

PAGE = 500
CIBLE = Cible("≤", 1.10)
"""Sealing costs at most 10 % more time than writing and reading in clear."""


def application(url: str, scellee: bool) -> ParcoursApplication:
    reglages = reglages_pour(url)
    migrer(reglages)
    app = construire_application(reglages)
    if scellee:
        return app
    return ParcoursApplication(
        env=reglages.environnement_persistance() | {"CREATE_TABLE": "n"},
        referentiels=app.referentiels,
        trousseau=app.personnes.trousseau,
        transcodings=transcodings(),
    )


def commandes(app: ParcoursApplication, gens: list[tuple[FichePersonne, Personne]]) -> float:
    """Milliseconds per inscription of a person, one by one."""
    auteur = partenaire("flux-caf")
    debut = time.perf_counter()
    for fiche, personne in gens:
        donnees = (Donnee("beneficiaire_rsa", True, SourceDonnee.FLUX_CAF, personne.entree.date()),)
        saisie = Saisie(principal=auteur, effective_le=personne.entree)
        app.inscrire(saisie, personne.inscription, donnees=donnees, personne=fiche)
    return (time.perf_counter() - debut) * 1000 / len(gens)


def rattrapage(app: ParcoursApplication) -> tuple[float, int]:
    """Microseconds per event read and decoded, by pages, from the start of the store; how many."""
    mapper, position, lus = app.mapper, 0, 0
    debut = time.perf_counter()
    while page := app.recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False):
        if isinstance(mapper, MapperScellant):
            mapper.precharger(page)
        lus += len([mapper.to_domain_event(n) for n in page])
        position = page[-1].id
    return (time.perf_counter() - debut) * 1e6 / max(lus, 1), lus


def mesurer(url: str, nombre: int) -> list[Ligne]:
    depuis = date(2025, 1, 6)
    generateur = GenerateurIdentites(11, depuis)
    gens = personnes(random.Random(11), nombre * 2, depuis)
    lots = [[(generateur.fiche(p.inscription.territoire.departement, p.age), p) for p in gens[i::2]] for i in (0, 1)]
    resultats: dict[bool, tuple[float, float, int]] = {}
    for scellee, lot in ((False, lots[0]), (True, lots[1])):
        app = application(url_de_base(url, url.rsplit("/", 1)[-1], "scelle" if scellee else "clair"), scellee)
        par_commande = commandes(app, lot)
        app.close()
        relue = application(url_de_base(url, url.rsplit("/", 1)[-1], "scelle" if scellee else "clair"), scellee)
        par_evenement, lus = rattrapage(relue)
        relue.close()
        resultats[scellee] = (par_commande, par_evenement, lus)
    clair_cmd = Ligne("personnes.clair.commande", "inscrire une personne, en clair", resultats[False][0], "ms")
    clair_rat = Ligne("personnes.clair.rattrapage", "lire + décoder un événement, en clair", resultats[False][1], "µs")
    return [
        clair_cmd,
        Ligne("personnes.scelle.commande", "inscrire une personne, scellée", resultats[True][0], "ms",
              *reference(clair_cmd), cible=CIBLE),
        clair_rat,
        Ligne("personnes.scelle.rattrapage", "lire + décoder un événement, scellé", resultats[True][1], "µs",
              *reference(clair_rat), cible=CIBLE,
              note=f"{resultats[True][2]} événements relus par pages de {PAGE} ({resultats[False][2]} en clair)"),
    ]  # fmt: skip


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--personnes", type=int, default=2000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = arguments.parse_args()
    debut = datetime.now()
    with base_jetable(options.postgres) as url:
        lignes = mesurer(url, options.personnes)
    publier(f"scellement : {options.personnes} personnes, PostgreSQL", debut, lignes, None, {})


if __name__ == "__main__":
    main()
