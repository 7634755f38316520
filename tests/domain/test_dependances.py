"""The domain imports only the standard library, itself, and ``eventsourcing.domain`` (DESIGN §2).

import-linter checks the layers and the frameworks; it cannot name a sub-package of an external
package, so this test guards the one library module the domain may use.
"""

import ast
import sys
from pathlib import Path

DOMAINE = Path(__file__).parents[2] / "domain"


def modules_importes(fichier: Path) -> set[str]:
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    noms: set[str] = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms.update(alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.level == 0:
            noms.add(noeud.module)
    return noms


def est_permis(module: str) -> bool:
    racine = module.split(".", maxsplit=1)[0]
    return racine == "domain" or module == "eventsourcing.domain" or racine in sys.stdlib_module_names


def test_le_domaine_n_importe_que_la_bibliotheque_standard_et_eventsourcing_domain() -> None:
    fichiers = sorted(DOMAINE.rglob("*.py"))
    assert fichiers, "the domain package has modules"
    interdits = {f"{f.relative_to(DOMAINE)}: {m}" for f in fichiers for m in modules_importes(f) if not est_permis(m)}
    assert interdits == set()


def test_le_garde_repere_un_import_interdit() -> None:
    assert not est_permis("eventsourcing.persistence")
    assert not est_permis("fastapi")
    assert est_permis("eventsourcing.domain")
