"""``python -m bench``: every measure of issue 7 beside its reference, in one run, as one table.

    .venv/bin/python -m bench [--rapide] [--sortie bench/resultats/<date>[-rapide].json]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--parcours N] [--requetes N] [--profil]

Measured in a throwaway PostgreSQL database (created on the server ``--postgres`` names, dropped
at the end): pgbench's single-row inserts (the physical limit), the library's raw saves, the real
service over HTTP at 1, 4 and 16 clients, projections catch-up and rebuild, snapshot loads and the
API's memory. ``--rapide`` runs the same measures on small sizes (about a minute); the full run
takes about ten. Absolute numbers are noise from one machine to the next; the ratios are the result.

Benches that run on their own: ``bench.projections``, ``bench.import_massif``, ``bench.consultations``,
``bench.a_l_echelle``, ``bench.executeurs`` (docs/performance.md) and ``bench.pannes``, the service under
faults on a cluster of its own (docs/pannes.md).
"""

import argparse
import dataclasses
import json
import sys
from datetime import date
from pathlib import Path

from bench.harnais import Options, executer
from bench.tableau import rendre

RESULTATS = Path(__file__).resolve().parent / "resultats"


def options(argv: list[str] | None = None) -> tuple[Options, Path]:
    """The run's options and where to write its JSON."""
    arguments = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    arguments.add_argument("--rapide", action="store_true", help="petites tailles : un essai d'une minute")
    arguments.add_argument("--sortie", type=Path, help="fichier JSON (défaut : bench/resultats/<date>.json)")
    arguments.add_argument("--postgres", default=Options.postgres, help="serveur où créer la base jetable")
    arguments.add_argument("--parcours", type=int, help="parcours écrits pour les projections")
    arguments.add_argument("--requetes", type=int, help="lectures de la mesure de mémoire")
    arguments.add_argument("--profil", action="store_true", help="profil py-spy (SVG) de l'API à 16 clients")
    lus = arguments.parse_args(argv)
    choisies = Options.rapide(lus.postgres) if lus.rapide else Options(postgres=lus.postgres)
    sortie: Path = lus.sortie or RESULTATS / f"{date.today().isoformat()}{'-rapide' if lus.rapide else ''}.json"
    changees = {
        "parcours": lus.parcours,
        "requetes_memoire": lus.requetes,
        "profil": sortie.with_suffix(".profil.svg") if lus.profil else None,
    }
    return dataclasses.replace(choisies, **{k: v for k, v in changees.items() if v is not None}), sortie


def main(argv: list[str] | None = None) -> int:
    choisies, sortie = options(argv)
    resultat = executer(choisies)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat.json, ensure_ascii=False, indent=2) + "\n")
    print(f"\nparcours — banc d'essai du {resultat.json['date']} ({resultat.json['duree_s']:.0f} s)\n")
    print(rendre(resultat.lignes))
    print(f"\nrésultat : {sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
