"""docs/api.md's table of the roles and acts is the one ``domain.competence`` applies (issue 19):
rendered here from the function's data, it must stand in the document as is."""

import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from domain.competence import ACTES, LECTURES, Fonction
from domain.regles.competence import ARTICLES

DOC = Path(__file__).parents[2] / "docs" / "api.md"


def codes(valeurs: Iterable[Enum]) -> str:
    return ", ".join(f"`{v.value}`" for v in sorted(valeurs, key=lambda v: str(v.value)))


def tableau_des_roles() -> str:
    lignes = ["| legal role | acts | reads |", "| --- | --- | --- |"]
    lignes += [f"| `{f.value}` | {codes(ACTES[f])} | {codes(LECTURES[f])} |" for f in Fonction]
    return "\n".join(lignes)


def tableau_des_actes() -> str:
    lignes = ["| act | article named in a refusal |", "| --- | --- |"]
    lignes += [f"| `{acte.value}` | {article} |" for acte, article in ARTICLES.items()]
    return "\n".join(lignes)


def entre(balise: str) -> str:
    trouve = re.search(rf"<!-- {balise}: [^\n]*-->\n(.*?)\n<!-- /{balise} -->", DOC.read_text(), re.S)
    assert trouve is not None, f"docs/api.md: no <!-- {balise}: … --> block"
    return trouve[1]


def test_la_table_des_roles_de_la_documentation_est_celle_du_domaine() -> None:
    assert entre("roles") == tableau_des_roles()


def test_la_table_des_actes_de_la_documentation_est_celle_du_domaine() -> None:
    assert entre("actes") == tableau_des_actes()
