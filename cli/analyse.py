"""The command line's parser, in French: argparse writes its usage, its headings and its errors in English
(its messages go through gettext, for which Python ships no French catalogue); this parser says them in French
for the operators who run ``parcours``."""

import argparse
import re
import sys
from typing import NoReturn

ERREURS = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"arguments requis : \1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"arguments inconnus : \1"),
    (re.compile(r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$"), r"\1 : choix invalide \2 (parmi \3)"),
    (re.compile(r"^argument (.*?): invalid (\w+) value: (.*)$"), r"\1 : valeur invalide \3"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"\1 : une valeur attendue"),
    (re.compile(r"^argument (.*?): (.*)$"), r"\1 : \2"),
)
"""argparse's error messages this service's commands can produce, and how they read in French."""


def en_francais(message: str) -> str:
    for motif, traduction in ERREURS:
        if motif.match(message):
            return motif.sub(traduction, message)
    return message


class Presentation(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)  # type: ignore[arg-type]


class Analyseur(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks French; its sub-commands' parsers are of the same kind."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Presentation)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--aide", "--help", action="help", help="affiche cette aide, puis s'arrête")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {en_francais(message)}\n")
