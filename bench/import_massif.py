"""Bulk inscription throughput (``parcours import``), on SQLite and PostgreSQL, against the target of
issue 7: 2,000 inscriptions with their orientation proposals per second (1.2 million in 10 minutes).

    .venv/bin/python -m bench.import_massif --lignes 20000 [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Three files in JSON lines, drawn from the demo's population (``cli.demo``: same territories and
dates): the CAF's automatic flow (RSA requests with what the CAF knows: RSA, age — the 1.2 million of
January 2025), the same flow naming each line's person (synthetic identities, found first: the
deduplication of issue 18, whose target is still 2,000/s on PostgreSQL), and a mixed public with the
data people declare (every rule of the referential fires,
R99 traces are the longest), which costs more per line.
The import runs as the command does (``cli.donnees.importer``, batches of 200), on PostgreSQL with one
and with two worker processes, in a throwaway schema dropped at the end. For reference, the same lines
registered one by one with ``ParcoursApplication.inscrire`` (one transaction each) on a sample.
"""

import argparse
import contextlib
import io
import json
import random
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from uuid import uuid4

import psycopg
from psycopg import sql

from application.lecture_ligne import LigneValide, lire
from application.masse import partenaire
from application.orientation import Donnee
from application.saisie import Saisie
from bench.tableau import Cible, Ligne, publier, reference
from cli.demo.identites import GenerateurIdentites, fiche_en_json
from cli.demo.population import Personne, personnes
from cli.donnees import importer
from domain.identite import FichePersonne
from domain.vocabulaire import CanalInscription, MotifInscription, SourceDonnee
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages, reglages_pour

CIBLE = 2000
"""Inscriptions per second (issue 7)."""
AVEC_PERSONNES = "flux CAF avec personnes"
EXECUTIONS = 3
"""Runs per file and store at most: the reference one by one, the import with one then two processes."""


def ligne(personne: Personne, caf: bool = False, fiche: FichePersonne | None = None) -> str:
    """A person as a partner sends them (``reference``: the partner's own line id); ``caf``: as the CAF's
    automatic flow does, an RSA request with what the CAF knows (RSA, age), nothing declared yet."""
    inscription = personne.inscription
    donnees = personne.donnees
    if caf:
        rsa = Donnee("beneficiaire_rsa", True, SourceDonnee.FLUX_CAF, personne.entree.date())
        age = Donnee("age", max(personne.age, 18), SourceDonnee.FLUX_CAF, personne.entree.date())
        motif = MotifInscription.CONJOINT_RSA if personne.numero % 7 == 0 else MotifInscription.DEMANDE_RSA
        inscription = replace(inscription, motif=motif, canal=CanalInscription.FLUX_CAF)
        donnees = (rsa, age)
    return json.dumps(
        {
            "motif": inscription.motif.value,
            "canal": inscription.canal.value,
            "territoire": {"departement": inscription.territoire.departement, "bassin": inscription.territoire.bassin},
            "effective_le": personne.entree.isoformat(),
            "donnees_orientation": [
                {"nom": d.nom, "valeur": d.valeur, "source": d.source.value, "collecte_le": d.collecte_le.isoformat()}
                for d in donnees
            ],
            "reference": f"caf-{personne.numero}",
            **({} if fiche is None else {"personne": fiche_en_json(fiche)}),
        },
        ensure_ascii=False,
    )


def ecrire_flux(chemin: Path, nombre: int, caf: bool = False, graine: int = 7) -> Path:
    """One file for every run: each import adds new parcours for the same lines."""
    gens = personnes(random.Random(graine), nombre, date(2025, 1, 6))
    chemin.write_text("".join(ligne(personne, caf) + "\n" for personne in gens), encoding="utf-8")
    return chemin


def ecrire_flux_identifie(dossier: Path, nombre: int, graine: int = 7) -> list[Path]:
    """The CAF flow naming each line's person (synthetic, ``cli.demo.identites``), whom the import looks
    for first; one file per run, of other persons (a person already registered would be refused)."""
    depuis = date(2025, 1, 6)
    generateur = GenerateurIdentites(graine, depuis)
    gens = personnes(random.Random(graine), nombre * EXECUTIONS, depuis)
    chemins = []
    for rang in range(EXECUTIONS):
        part = gens[rang * nombre : (rang + 1) * nombre]
        fiches = [generateur.fiche(p.inscription.territoire.departement, p.age) for p in part]
        chemin = dossier / f"caf-personnes-{rang}.jsonl"
        chemin.write_text("".join(ligne(p, True, f) + "\n" for p, f in zip(part, fiches, strict=True)), "utf-8")
        chemins.append(chemin)
    return chemins


def mesurer_import(reglages: Reglages, flux: Path, processus: int) -> float:
    """Inscriptions per second of the command itself (its own summary goes to a buffer)."""
    debut = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = importer(reglages, flux, "jsonl", 200, "flux-caf", processus)
    duree = time.perf_counter() - debut
    if code != 0:
        raise RuntimeError(f"l'import a refusé des lignes (code {code}) : voir {flux}.refus.jsonl")
    return sum(1 for _ in flux.open(encoding="utf-8")) / duree


def mesurer_un_par_un(reglages: Reglages, flux: Path, nombre: int) -> float:
    """The same lines through ``inscrire``, one transaction each (the API's path)."""
    application = construire_application(reglages)
    auteur = partenaire("flux-caf")
    with flux.open(encoding="utf-8") as texte:
        lues = [lire(numero, brut, application.referentiels) for numero, brut in enumerate(texte, 1)]
    lignes = [valide for valide in lues if isinstance(valide, LigneValide)][:nombre]
    debut = time.perf_counter()
    for valide in lignes:
        saisie = Saisie(principal=auteur, effective_le=valide.effective_le)
        application.inscrire(saisie, valide.inscription, donnees=valide.donnees, personne=valide.personne)
    duree = time.perf_counter() - debut
    application.close()
    return len(lignes) / duree


def mesurer(moteur: str, reglages: Reglages, flux: dict[str, list[Path]], processus: tuple[int, ...]) -> list[Ligne]:
    """Per file: ``inscrire`` one by one on 2,000 lines (the reference), then the import with each
    number of worker processes; the target bears on the PostgreSQL rates."""
    migrer(reglages)
    lignes: list[Ligne] = []
    for profil, chemins in flux.items():
        cle = f"{moteur}.{'caf_personnes' if profil == AVEC_PERSONNES else profil.split()[-1].lower()}"
        un_par_un = Ligne(f"{cle}.un_par_un", f"{moteur} : inscrire un par un, {profil}", 0, "inscr./s")
        un_par_un = replace(un_par_un, valeur=mesurer_un_par_un(reglages, chemins[0], 2000))
        lignes.append(un_par_un)
        for execution, nombre in enumerate(processus, 1):
            lignes.append(
                Ligne(
                    f"{cle}.import.{nombre}",
                    f"{moteur} : import {profil}, {nombre} processus",
                    mesurer_import(reglages, chemins[execution], nombre),
                    "inscr./s",
                    *reference(un_par_un),
                    cible=Cible("≥", CIBLE, "valeur") if moteur == "postgres" else None,
                )
            )
    return lignes


NOTE = (
    "lots de 200 lignes (une transaction chacun) ; avec 2 processus, le temps compte le démarrage des "
    "processus (environ 0,7 s) ; ratio : import / inscrire un par un sur le même magasin"
)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--lignes", type=int, default=20_000)
    arguments.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON des mesures (facultatif)")
    options = arguments.parse_args()
    debut = datetime.now()
    lignes: list[Ligne] = []
    with tempfile.TemporaryDirectory() as dossier:
        flux = {
            "flux CAF": [ecrire_flux(Path(dossier) / "caf.jsonl", options.lignes, caf=True)] * EXECUTIONS,
            AVEC_PERSONNES: ecrire_flux_identifie(Path(dossier), options.lignes),
            "public mixte": [ecrire_flux(Path(dossier) / "mixte.jsonl", options.lignes)] * EXECUTIONS,
        }
        lignes += mesurer("sqlite", reglages_pour(f"sqlite:///{Path(dossier) / 'bench.sqlite'}"), flux, (1,))
        schema = f"bench_{uuid4().hex[:8]}"
        try:
            lignes += mesurer("postgres", reglages_pour(f"{options.postgres}?schema={schema}"), flux, (1, 2))
        finally:
            with psycopg.connect(options.postgres, autocommit=True) as connexion:
                connexion.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    lignes[-1] = replace(lignes[-1], note=NOTE)
    titre = f"import massif : {options.lignes} lignes par fichier"
    publier(titre, debut, lignes, options.sortie, {"lignes": options.lignes})


if __name__ == "__main__":
    main()
