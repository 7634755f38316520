"""The published orientation referential, and copies of its directory to tamper with."""

import re
import shutil
from pathlib import Path

import pytest

from domain.referentiel import Referentiel, Referentiels
from infrastructure.referentiels import REGISTRE, charger_orientation, empreinte
from infrastructure.reglages import RACINE_DES_REFERENTIELS

PUBLIE = charger_orientation(RACINE_DES_REFERENTIELS)
"""Loaded once: hypothesis tests may not use function-scoped fixtures."""


@pytest.fixture
def orientation() -> Referentiels:
    return PUBLIE


@pytest.fixture
def v2025() -> Referentiel:
    return PUBLIE.version("2025.1")


@pytest.fixture
def v2026() -> Referentiel:
    return PUBLIE.version("2026.1")


@pytest.fixture
def copie(tmp_path: Path) -> Path:
    """A copy of the published ``referentiels/`` directory; returns its root."""
    racine = tmp_path / "referentiels"
    shutil.copytree(RACINE_DES_REFERENTIELS, racine)
    return racine


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte, f"{avant!r} absent de {fichier}"
    fichier.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def publier(fichier: Path) -> None:
    """Records the file's current hash in its registry, as publishing a new version does."""
    registre = fichier.parent / REGISTRE
    ligne = f'"{fichier.stem}": {empreinte(fichier.read_bytes())}'
    texte, remplacees = re.subn(rf'"{re.escape(fichier.stem)}": sha256:\w+', ligne, registre.read_text())
    registre.write_text(texte if remplacees else f"{texte}  {ligne}\n")
