"""The person search index (issue 18): one row per person, found by name (accents and case ignored,
one typo tolerated), narrowed by birth date and commune, ranked by similarity, a page at a time.

Each engine finds candidates by its own means (``recherche_personnes_sql.py``: a trigram FTS5 table on
SQLite; ``recherche_personnes_postgres.py``: a dictionary of the index's words and their one-letter
deletions, and a GIN index on each row's words, on PostgreSQL); the memory store reads every row. All
judge by the same measure, ``proximite``: a searched word is the same word as one of the person's names,
or, from four letters, one edit away (a letter added, removed, replaced, or two neighbours swapped:
"Dupond", "Mathieu" and "Ngyuen" find Dupont, Matthieu and Nguyen); shorter words ("Li", "Bâ") must be
exact, or they would match half the index. Rows are ranked by the mean closeness of the searched words,
then by id, the same on the three engines.

The index holds personal data (DESIGN §7): ``effacer`` blanks a person's row and removes their name
from the engine's search structures, leaving only the ids and the position; the API reads ``parcours_id``
to judge visibility and never shows a row the caller may not see.
"""

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from rapidfuzz.distance import OSA

from application.parcours import ParcoursApplication
from domain.identite import normaliser_nom
from infrastructure.magasin_annexe import datastore_de

TABLE = "recherche_personnes"
TOLERANCE_DES = 4
"""A searched word of four letters or more tolerates one typo; a shorter one must be exact."""


@dataclass(frozen=True)
class LignePersonne:
    """What the index keeps of a person. ``noms``: birth name, usage name and first names, each as
    ``normaliser_nom`` gives it, separated by spaces; ``position``: the store position of the last
    event applied (an older one is ignored, so catch-up may replay)."""

    personne_id: UUID
    noms: str
    date_naissance: date | None
    code_insee: str | None
    libelle: str
    parcours_id: UUID | None
    position: int


@dataclass(frozen=True)
class PersonneTrouvee:
    personne_id: UUID
    libelle: str
    date_naissance: date | None
    code_insee: str | None
    parcours_id: UUID | None
    score: float
    """Similarity to the name searched, 1.0 for an exact name; its scale is the engine's."""


@dataclass(frozen=True)
class Suite:
    """Where the next page starts: after this score and id (keyset: stable while rows are added)."""

    score: float
    personne_id: UUID


@dataclass(frozen=True)
class PagePersonnes:
    resultats: list[PersonneTrouvee]
    suite: Suite | None
    """None on the last page."""


class RecherchePersonnes(Protocol):
    def indexer(self, ligne: LignePersonne) -> None:
        """Adds or replaces the person's row, unless it holds a later position already."""

    def effacer(self, personne_id: UUID, position: int) -> None:
        """Erases the person's personal data from the index (DESIGN §7): names, birth date, commune
        and label are blanked and gone from the search structures; only ids and position remain, so
        that a replayed older event cannot write them back."""

    def chercher(
        self, nom: str, date_naissance: date | None = None, code_insee: str | None = None, limite: int = 20,
        apres: Suite | None = None,
    ) -> PagePersonnes:  # fmt: skip
        """The persons whose names match ``nom``, best first, ``limite`` at most, after ``apres``."""


def mots(texte: str) -> list[str]:
    """The words compared: ``normaliser_nom``'s, without repeats."""
    return list(dict.fromkeys(normaliser_nom(texte).split()))


def proximite(mot: str, noms: Sequence[str]) -> float:
    """How close ``mot`` is to the nearest of ``noms``: 1.0 for the same word, ``1 - 1/length`` one
    edit away (optimal string alignment: a swap of neighbours counts as one), 0.0 otherwise."""
    if mot in noms:
        return 1.0
    if len(mot) < TOLERANCE_DES:
        return 0.0
    proches = [len(nom) for nom in noms if OSA.distance(mot, nom, score_cutoff=1) <= 1]
    return max((1 - 1 / max(len(mot), longueur) for longueur in proches), default=0.0)


def score(cherches: Sequence[str], noms: str) -> float:
    """The mean closeness of the searched words, 0.0 unless every one of them matches a name."""
    siens = noms.split()
    proximites = [proximite(mot, siens) for mot in cherches]
    return 0.0 if not proximites or min(proximites) == 0.0 else sum(proximites) / len(proximites)


def verifier_limite(limite: int) -> None:
    if limite < 1:
        raise ValueError("limite doit être au moins 1")


def paginer(trouves: list[PersonneTrouvee], limite: int, apres: Suite | None) -> PagePersonnes:
    """The page after ``apres`` of candidates scored in Python (SQLite, memory): best first, then by id."""
    ordre = sorted(trouves, key=lambda t: (-t.score, str(t.personne_id)))
    if apres is not None:
        seuil = (-apres.score, str(apres.personne_id))
        ordre = [t for t in ordre if (-t.score, str(t.personne_id)) > seuil]
    return page_de(ordre[: limite + 1], limite)


def page_de(lus: list[PersonneTrouvee], limite: int) -> PagePersonnes:
    """A page from ``limite + 1`` rows read: the extra one only says that a next page exists."""
    page = lus[:limite]
    suite = Suite(page[-1].score, page[-1].personne_id) if len(lus) > limite else None
    return PagePersonnes(page, suite)


class RechercheEnMemoire:
    """The memory store's index: a dict, every row scored at each search."""

    def __init__(self) -> None:
        self._lignes: dict[UUID, LignePersonne] = {}
        self._verrou = threading.Lock()

    def indexer(self, ligne: LignePersonne) -> None:
        with self._verrou:
            actuelle = self._lignes.get(ligne.personne_id)
            if actuelle is None or actuelle.position < ligne.position:
                self._lignes[ligne.personne_id] = ligne

    def effacer(self, personne_id: UUID, position: int) -> None:
        with self._verrou:
            actuelle = self._lignes.get(personne_id)
            garde = position if actuelle is None else max(actuelle.position, position)
            self._lignes[personne_id] = LignePersonne(personne_id, "", None, None, "", None, garde)

    def chercher(
        self, nom: str, date_naissance: date | None = None, code_insee: str | None = None, limite: int = 20,
        apres: Suite | None = None,
    ) -> PagePersonnes:  # fmt: skip
        verifier_limite(limite)
        cherches = mots(nom)
        with self._verrou:
            lignes = list(self._lignes.values())
        retenues = [
            ligne for ligne in lignes
            if (date_naissance is None or ligne.date_naissance == date_naissance)
            and (code_insee is None or ligne.code_insee == code_insee)
        ]  # fmt: skip
        return paginer(
            [trouvee for ligne in retenues if (trouvee := jugee(cherches, ligne)) is not None], limite, apres
        )


def jugee(cherches: Sequence[str], ligne: LignePersonne) -> PersonneTrouvee | None:
    """The row as a result if its names match the words searched."""
    proche = score(cherches, ligne.noms)
    if proche == 0.0:
        return None
    return PersonneTrouvee(
        ligne.personne_id, ligne.libelle, ligne.date_naissance, ligne.code_insee, ligne.parcours_id, proche
    )


_EN_MEMOIRE: "weakref.WeakKeyDictionary[ParcoursApplication, RechercheEnMemoire]" = weakref.WeakKeyDictionary()
"""An in-memory store's index lives as long as its application, shared by whoever writes or reads it."""


def recherche_pour(application: ParcoursApplication) -> RecherchePersonnes:
    """The index beside the store ``application`` writes to (its tables made by ``parcours migrate``)."""
    from infrastructure.recherche_personnes_sql import recherche_sql  # noqa: PLC0415 - it imports this module

    datastore = datastore_de(application.recorder)
    if datastore is None:
        return _EN_MEMOIRE.setdefault(application, RechercheEnMemoire())
    return recherche_sql(datastore)
