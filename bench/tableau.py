"""The harness's result: one row per measure, its reference, the ratio between them and the target.

A row is compared with its reference measured in the same run (so a noisy machine moves both), and
a target bears either on that ratio or on the value itself (a latency, a duration). The printed
table and the JSON file are two renderings of the same rows.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

Sens = Literal["≥", "≤"]
Porte = Literal["valeur", "ratio"]


@dataclass(frozen=True)
class Cible:
    """A target of issue 7 §3: ``ratio ≥ 0.6``, ``valeur ≤ 50`` (in the row's unit)..."""

    sens: Sens
    seuil: float
    porte_sur: Porte = "ratio"

    def texte(self, unite: str) -> str:
        if self.porte_sur == "ratio":
            return f"ratio {self.sens} {self.seuil:.0%}"
        return f"{self.sens} {self.seuil:,.0f} {unite}".replace(",", " ")

    def atteinte(self, valeur: float, ratio: float | None) -> bool | None:
        mesure = valeur if self.porte_sur == "valeur" else ratio
        if mesure is None:
            return None
        return mesure >= self.seuil if self.sens == "≥" else mesure <= self.seuil


@dataclass(frozen=True)
class Ligne:
    """One measure. ``reference`` is the figure it is set beside (its ratio is ``valeur / reference``)."""

    cle: str
    mesure: str
    valeur: float
    unite: str
    reference: float | None = None
    reference_cle: str | None = None
    cible: Cible | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference == 0:
            return None
        return self.valeur / self.reference

    @property
    def atteinte(self) -> bool | None:
        return None if self.cible is None else self.cible.atteinte(self.valeur, self.ratio)

    def en_json(self) -> dict[str, object]:
        return {
            "cle": self.cle,
            "mesure": self.mesure,
            "valeur": self.valeur,
            "unite": self.unite,
            "reference": self.reference,
            "reference_cle": self.reference_cle,
            "ratio": self.ratio,
            "cible": None
            if self.cible is None
            else {"sens": self.cible.sens, "seuil": self.cible.seuil, "porte_sur": self.cible.porte_sur},
            "atteinte": self.atteinte,
            "note": self.note,
        }


def reference(ligne: Ligne) -> tuple[float, str]:
    """What another row needs to set itself beside ``ligne``."""
    return ligne.valeur, ligne.cle


def _nombre(valeur: float, unite: str) -> str:
    precision = 2 if abs(valeur) < 10 else 1 if abs(valeur) < 100 else 0
    return f"{valeur:,.{precision}f} {unite}".replace(",", " ").strip()


def _cellules(ligne: Ligne, unites: dict[str, str]) -> tuple[str, ...]:
    ratio = ligne.ratio
    reference = ""
    if ligne.reference is not None:
        reference = _nombre(ligne.reference, unites.get(ligne.reference_cle or "", ""))
    atteinte = {True: "oui", False: "NON", None: ""}[ligne.atteinte]
    return (
        ligne.mesure,
        _nombre(ligne.valeur, ligne.unite),
        reference,
        "" if ratio is None else f"{ratio:.1%}" if ratio < 10 else f"{ratio:,.1f}×",
        "" if ligne.cible is None else ligne.cible.texte(ligne.unite),
        atteinte,
    )


def rendre(lignes: Sequence[Ligne]) -> str:
    """The table, columns aligned: measure, value, reference, ratio, target, met?"""
    unites = {ligne.cle: ligne.unite for ligne in lignes}
    entete = ("mesure", "valeur", "référence", "ratio", "cible", "atteinte ?")
    rangees = [entete, *(_cellules(ligne, unites) for ligne in lignes)]
    largeurs = [max(len(rangee[i]) for rangee in rangees) for i in range(len(entete))]
    texte = []
    for numero, rangee in enumerate(rangees):
        cellules = zip(rangee, largeurs, strict=True)
        alignees = [c.ljust(n) if i == 0 else c.rjust(n) for i, (c, n) in enumerate(cellules)]
        texte.append("  ".join(alignees).rstrip())
        if numero == 0:
            texte.append("  ".join("-" * largeur for largeur in largeurs))
    notes = [f"  [{ligne.cle}] {ligne.note}" for ligne in lignes if ligne.note]
    return "\n".join(texte + (["", "notes :", *notes] if notes else []))


def publier(titre: str, debut: datetime, lignes: Sequence[Ligne], sortie: Path | None, taille: dict[str, int]) -> None:
    """A standalone bench's result: its title and table printed, and if ``sortie`` is given the same rows
    in a JSON file, with the run's date and sizes (``taille``, e.g. ``{"parcours": 20000}``)."""
    print(f"{titre} ({debut:%Y-%m-%d %H:%M}, {datetime.now() - debut})\n")
    print(rendre(lignes))
    if sortie is not None:
        mesures = {"date": debut.isoformat(), **taille, "mesures": [ligne.en_json() for ligne in lignes]}
        sortie.write_text(json.dumps(mesures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
