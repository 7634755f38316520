"""An optional flame graph of the API process under the heaviest load, with py-spy if installed.

py-spy samples a running process from outside (no code change, little overhead in non-blocking
mode); it is not a dependency of the project: ``pip install py-spy`` where it is wanted.
"""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def py_spy() -> str | None:
    """py-spy on the PATH or beside the running interpreter (a venv's bin/)."""
    voisin = Path(sys.executable).parent / "py-spy"
    return shutil.which("py-spy") or (str(voisin) if voisin.exists() else None)


@contextmanager
def profiler(pid: int, secondes: float, fichier: Path) -> Iterator[str]:
    """Records ``pid`` for ``secondes`` into an SVG flame graph; yields what happened, in words."""
    executable = py_spy()
    if executable is None:
        yield "py-spy introuvable : pas de profil (pip install py-spy)"
        return
    fichier.parent.mkdir(parents=True, exist_ok=True)
    commande = [executable, "record", "--nonblocking", "-p", str(pid), "-d", str(max(1, int(secondes)))]
    enregistreur = subprocess.Popen(
        [*commande, "-o", str(fichier)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    yield f"profil py-spy : {fichier}"
    try:
        _, erreurs = enregistreur.communicate(timeout=secondes + 30)
    except subprocess.TimeoutExpired:
        enregistreur.kill()
        return
    if enregistreur.returncode:
        print(f"py-spy a échoué : {erreurs.strip()[-500:]}", file=sys.stderr)
