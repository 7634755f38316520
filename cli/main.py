"""The ``parcours`` command line; each sub-command is a thin adapter over infrastructure."""

import argparse
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from infrastructure.migrations import migrer
from infrastructure.reglages import ReglageInvalide, Reglages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parcours", description="parcours : dossiers du réseau pour l'emploi")
    commandes = parser.add_subparsers(dest="commande", required=True)
    commandes.add_parser("migrate", help="crée les tables et les déclencheurs d'immuabilité (idempotent)")
    arguments = parser.parse_args(argv)
    try:
        reglages = Reglages()
        if arguments.commande == "migrate":
            for etape in migrer(reglages):
                print(f"ok : {etape}")
    except (ReglageInvalide, ValidationError) as erreur:
        print(f"parcours : {erreur}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
