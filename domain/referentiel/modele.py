"""A published referential: its catalogue, who decides, its ordered rules; and its published versions.

The CNE criteria approved by the arrêté du 21 novembre 2024 are applied by the algorithm, which
*proposes*; the competent authority *decides* (CT L.5411-5-1 II and III). A published version never
changes: a change is a new version with its start date, so that each decision can be replayed under the
rules of its day (DOMAIN §6).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from domain.decision import ReferenceReferentiel
from domain.orientation import Orientation
from domain.referentiel.catalogue import Entree, ReferentielIncoherent
from domain.referentiel.conditions import Condition, Sinon, entrees_lisibles, sous_conditions, verifier_condition
from domain.valeur import ValeurInvalide, exiger_date, exiger_texte, exiger_type, figer
from domain.vocabulaire import TypeAutorite


class VersionInconnue(LookupError):
    """No published version of the referential has this number."""


class AucuneVersionEnVigueur(ValeurInvalide):
    """The day is before the first published version: no rule applies (DOMAIN §6)."""


@dataclass(frozen=True)
class Regle:
    """One rule: if ``si`` holds, propose ``orientation`` (``None``: an entretien d'orientation, where a
    person decides). ``validation_humaine``: the proposal is never confirmed by the algorithm alone."""

    id: str
    libelle: str
    si: Condition
    orientation: Orientation | None
    validation_humaine: bool
    fondement: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "fondement")
        exiger_texte(self.id, "regle.id")
        exiger_texte(self.libelle, f"regle {self.id}.libelle", libre=True)
        if self.orientation is not None:
            exiger_type(self.orientation, Orientation, f"regle {self.id}.alors")
        elif not self.validation_humaine:
            raise ReferentielIncoherent(f"règle {self.id} : un entretien d'orientation demande une validation humaine")


@dataclass(frozen=True)
class Decideur:
    """The authority competent to decide the orientation of the people matching ``si`` (CT L.5411-5-1 II).

    ``confirmation_automatique``: that authority's policy lets the algorithm alone confirm an obvious
    proposal that rests on no sensitive data (``algorithme_seul``; LIL art. 47, RGPD art. 22)."""

    autorite: TypeAutorite
    libelle: str
    si: Condition
    confirmation_automatique: bool
    fondement: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "fondement")
        exiger_type(self.autorite, TypeAutorite, "decideur.autorite")
        exiger_texte(self.libelle, f"decideur {self.autorite.value}.libelle", libre=True)


@dataclass(frozen=True)
class Referentiel:
    """One published version, pinned by the hash of its file (``empreinte``, ``sha256:<hex>``).

    Built only if it holds together: every condition reads inputs of the catalogue with values of their
    domains; rules and deciders are tried in order, the first that matches wins, and the last of each is
    ``sinon`` (so that every person gets an outcome); who decides is found without sensitive data.
    """

    id: str
    version: str
    valide_a_partir_du: date
    empreinte: str
    fondement: tuple[str, ...]
    entrees: Mapping[str, Entree]
    decideurs: tuple[Decideur, ...]
    regles: tuple[Regle, ...]

    def __post_init__(self) -> None:
        figer(self, "fondement", "decideurs", "regles")
        for champ in ("id", "version", "empreinte"):
            exiger_texte(getattr(self, champ), f"referentiel.{champ}")
        exiger_date(self.valide_a_partir_du, "referentiel.valide_a_partir_du")
        for nom, entree in self.entrees.items():
            if nom != entree.nom:
                raise ReferentielIncoherent(f"entrée {nom} : nommée {entree.nom}")
        self._verifier_regles()
        self._verifier_decideurs()

    def _verifier_regles(self) -> None:
        ids = [regle.id for regle in self.regles]
        if len(set(ids)) != len(ids):
            raise ReferentielIncoherent(f"règles : identifiants en double ({', '.join(ids)})")
        for regle in self.regles:
            verifier_condition(regle.si, self.entrees, f"règle {regle.id}")
        _verifier_sinon_en_dernier([(f"règle {regle.id}", regle.si) for regle in self.regles], "règles")

    def _verifier_decideurs(self) -> None:
        for decideur in self.decideurs:
            ou = f"décideur {decideur.autorite.value}"
            verifier_condition(decideur.si, self.entrees, ou)
            for entree, cle in entrees_lisibles(decideur.si, self.entrees):
                if entree.est_sensible(cle):
                    raise ReferentielIncoherent(f"{ou} : qui décide ne dépend pas d'une donnée sensible ({entree.nom})")
        _verifier_sinon_en_dernier([(f"décideur {d.autorite.value}", d.si) for d in self.decideurs], "décideurs")

    def est_sensible(self, nom: str) -> bool:
        """Whether a read input is sensitive; a map key is named ``freins.sante``."""
        entree, _, cle = nom.partition(".")
        return self.entrees[entree].est_sensible(cle or None)

    def reference(self, *regles: str) -> ReferenceReferentiel:
        """This version as recorded in a decision, with the rules applied."""
        return ReferenceReferentiel(id=self.id, version=self.version, empreinte=self.empreinte, regles=regles)


def _verifier_sinon_en_dernier(conditions: Sequence[tuple[str, Condition]], quoi: str) -> None:
    """Totality and reachability: the last is ``sinon``, and ``sinon`` nowhere else."""
    if not conditions or not isinstance(conditions[-1][1], Sinon):
        raise ReferentielIncoherent(f"{quoi} : la dernière doit être « sinon » (toute personne reçoit une issue)")
    for ou, condition in conditions[:-1]:
        if any(isinstance(partie, Sinon) for partie in sous_conditions(condition)):
            raise ReferentielIncoherent(f"{ou} : « sinon » n'est admis que pour la dernière")


@dataclass(frozen=True)
class Referentiels:
    """The published versions of one referential, from the oldest start date."""

    id: str
    publies: tuple[Referentiel, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "publies", tuple(sorted(self.publies, key=lambda r: r.valide_a_partir_du)))
        for referentiel in self.publies:
            if referentiel.id != self.id:
                raise ReferentielIncoherent(f"{referentiel.version} : référentiel {referentiel.id}, pas {self.id}")
        for champ in ("version", "valide_a_partir_du"):
            valeurs = [getattr(referentiel, champ) for referentiel in self.publies]
            if len(set(valeurs)) != len(valeurs):
                raise ReferentielIncoherent(f"{self.id} : deux versions publiées ont le même champ {champ}")

    def versions(self) -> tuple[Referentiel, ...]:
        return self.publies

    def version(self, version: str) -> Referentiel:
        for referentiel in self.publies:
            if referentiel.version == version:
                return referentiel
        raise VersionInconnue(f"version {version} du référentiel {self.id} inconnue (publiées : {self._numeros()})")

    def en_vigueur(self, jour: date) -> Referentiel:
        """The version in force on a business day: the latest that started on or before it."""
        applicables = [referentiel for referentiel in self.publies if referentiel.valide_a_partir_du <= jour]
        if not applicables:
            raise AucuneVersionEnVigueur(
                f"jour : aucune version du référentiel {self.id} n'est en vigueur le {jour.isoformat()} "
                f"(publiées : {self._numeros()})"
            )
        return applicables[-1]

    def _numeros(self) -> str:
        return ", ".join(f"{r.version} au {r.valide_a_partir_du.isoformat()}" for r in self.publies) or "aucune"
