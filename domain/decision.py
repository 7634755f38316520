"""The decision envelope carried by every event: who decided, on what basis, with which inputs.

DESIGN §1.2: each step records its author (never taken from a request body), the competent
authority where it is a decision, its legal or referential basis, the criteria with their
sources, the motive, and the business time beside the store's recording time.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from domain.organe import Organe
from domain.personnel import EFFACE
from domain.valeur import (
    FUSEAU_METIER,
    ValeurInvalide,
    exiger_caracteres,
    exiger_date,
    exiger_instant,
    exiger_jour,
    exiger_texte,
    exiger_type,
    figer,
)
from domain.vocabulaire import SourceDonnee, TypeAuteur, TypeAutorite

__all__ = ["FUSEAU_METIER", "Auteur", "Autorite", "Critere", "Decision", "Fondement", "ReferenceReferentiel"]

ValeurCritere = str | int | bool | Decimal | date | None


@dataclass(frozen=True)
class Auteur:
    """Who or what took the step: a conseiller, the person, the algorithm, an authority...

    A human acting for a body (a conseiller, an autorité) is also named, first name and name, with
    their capacity: « toute décision prise par une administration comporte [...] la mention, en
    caractères lisibles, du prénom, du nom et de la qualité » de son auteur (CRPA L.212-1)."""

    AJOUTES: ClassVar[tuple[str, ...]] = ("organe", "nom", "qualite")
    """Fields added after authors were first stored: stored only when set, so that an author without
    them keeps the stored form it always had (``infrastructure/transcodings.py``)."""
    NOMMES: ClassVar[frozenset[TypeAuteur]] = frozenset({TypeAuteur.CONSEILLER, TypeAuteur.AUTORITE})
    """The authors who take a decision for an administration, and so are named in it (CRPA L.212-1)."""

    type: TypeAuteur
    id: str
    organisme: str | None = None
    role: str | None = None
    organe: Organe | None = None
    """The body the author acts for (an organisme in a département), whose competence the step needs;
    None for the person, the algorithm, the system, and in steps recorded before issue 19."""
    nom: str | None = None
    """First name and name as displayed (« Marie Dupont ») of an agent or an authority (CRPA L.212-1);
    None when the credentials did not give it, and in steps recorded before it was kept."""
    qualite: str | None = None
    """Their capacity, as the decision mentions it (« conseillère en insertion professionnelle »,
    « directeur de l'insertion, par délégation du président du conseil départemental ») (CRPA L.212-1)."""

    def __post_init__(self) -> None:
        exiger_type(self.type, TypeAuteur, "auteur.type")
        exiger_texte(self.id, "auteur.id")
        exiger_texte(self.organisme, "auteur.organisme", optionnel=True)
        exiger_texte(self.role, "auteur.role", optionnel=True)
        if self.organe is not None:
            exiger_type(self.organe, Organe, "auteur.organe")
        exiger_texte(self.nom, "auteur.nom", optionnel=True)
        exiger_texte(self.qualite, "auteur.qualite", optionnel=True)
        verifier_nomme(self)

    @property
    def designation(self) -> str | None:
        """« Marie Dupont, conseillère en insertion professionnelle »: the author as a decision names them
        (CRPA L.212-1), or None when the step recorded neither name nor capacity."""
        parties = [partie for partie in (self.nom, self.qualite) if partie]
        return ", ".join(parties) if parties else None


def verifier_nomme(auteur: Auteur) -> None:
    """Only an agent or an authority acting for an administration is named in a step (CRPA L.212-1): the
    person's own name is personal data, sealed with their key, never written in clear in an event; the
    algorithm, the system and a partner's flow have no name nor capacity to mention."""
    if auteur.type not in Auteur.NOMMES and (auteur.nom is not None or auteur.qualite is not None):
        raise ValeurInvalide(
            f"auteur.nom, auteur.qualite : seul un agent ou une autorité agissant pour une administration est "
            f"nommé dans une étape (CRPA L.212-1), pas un auteur de type « {auteur.type.value} »"
        )


@dataclass(frozen=True)
class Autorite:
    """The body legally competent for a decision (e.g. the PCD for an RSA sanction)."""

    type: TypeAutorite
    id: str

    def __post_init__(self) -> None:
        exiger_type(self.type, TypeAutorite, "autorite.type")
        exiger_texte(self.id, "autorite.id")


@dataclass(frozen=True)
class ReferenceReferentiel:
    """A published referential, pinned by version and content hash, and the rules applied."""

    id: str
    version: str
    empreinte: str
    regles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        figer(self, "regles")
        exiger_texte(self.id, "referentiel.id")
        exiger_texte(self.version, "referentiel.version")
        exiger_texte(self.empreinte, "referentiel.empreinte")
        for regle in self.regles:
            exiger_texte(regle, "referentiel.regles[]")


@dataclass(frozen=True)
class Fondement:
    """Legal articles and/or referential rules a step rests on."""

    articles: tuple[str, ...] = ()
    referentiel: ReferenceReferentiel | None = None

    def __post_init__(self) -> None:
        figer(self, "articles")
        for article in self.articles:
            exiger_texte(article, "fondement.articles[]")
        if self.referentiel is not None:
            exiger_type(self.referentiel, ReferenceReferentiel, "fondement.referentiel")

    def avec(self, *articles: str) -> "Fondement":
        """This basis plus the given articles (kept once each, in order)."""
        return replace(self, articles=tuple(dict.fromkeys((*articles, *self.articles))))


@dataclass(frozen=True)
class Critere:
    """An input of a decision, with its value, its source and when it was collected (CRPA R.311-3-1-2, 2°)."""

    nom: str
    valeur: ValeurCritere
    source: SourceDonnee
    collecte_le: date
    sensible: bool = False

    def __post_init__(self) -> None:
        exiger_texte(self.nom, "critere.nom")
        if not isinstance(self.valeur, ValeurCritere):
            raise ValeurInvalide(f"critere.valeur : valeur simple attendue pour {self.nom}")
        if isinstance(self.valeur, str):
            exiger_caracteres(self.valeur, f"critere.valeur ({self.nom})")
        elif isinstance(self.valeur, date):
            exiger_jour(self.valeur, f"critere.valeur ({self.nom})")
        exiger_type(self.source, SourceDonnee, "critere.source")
        exiger_date(self.collecte_le, "critere.collecte_le")
        exiger_type(self.sensible, bool, "critere.sensible")


@dataclass(frozen=True)
class Decision:
    """The envelope of an event: author, basis, criteria, motive, business time, authority.

    ``saisie_tardive_jours`` is set by the aggregate, never by a caller: how many French calendar days
    the step was recorded after it took effect (0: recorded the day it took effect, and in events
    written before the field existed). A step typed in late stays possible and says so (DESIGN §1.7)."""

    PERSONNELS: ClassVar[Mapping[str, Any]] = {"motif": EFFACE}
    """The motive is free text about the person: sealed with their key (``domain.personnel``)."""

    auteur: Auteur
    effective_le: datetime
    fondement: Fondement = field(default_factory=Fondement)
    motif: str | None = None
    criteres: tuple[Critere, ...] = ()
    autorite: Autorite | None = None
    saisie_tardive_jours: int = 0

    def __post_init__(self) -> None:
        figer(self, "criteres")
        exiger_type(self.auteur, Auteur, "auteur")
        exiger_instant(self.effective_le, "effective_le")
        exiger_type(self.fondement, Fondement, "fondement")
        exiger_texte(self.motif, "motif", optionnel=True, libre=True)
        if type(self.saisie_tardive_jours) is not int or self.saisie_tardive_jours < 0:
            raise ValeurInvalide("saisie_tardive_jours : nombre de jours positif ou nul attendu")
        for critere in self.criteres:
            exiger_type(critere, Critere, "criteres[]")
        if self.autorite is not None:
            exiger_type(self.autorite, Autorite, "autorite")

    @property
    def jour(self) -> date:
        """The business day of the step, in French time."""
        return self.effective_le.astimezone(FUSEAU_METIER).date()

    @property
    def saisie_tardive(self) -> bool:
        """Recorded on a later day than it took effect (a step typed in late)."""
        return self.saisie_tardive_jours > 0

    def fondee_sur(self, *articles: str) -> "Decision":
        """This decision with the step's own legal basis added to what the caller gave."""
        return replace(self, fondement=self.fondement.avec(*articles))
