"""The persons view: one row per person, what a screen shows of them and what finds them (issue 18).

The row holds the display name (``Identite.nom_affiche``), the words the name search compares
(``normaliser_nom`` of birth name, usage name and first names), the birth date and the commune, and
the person's parcours, the latest last. The dossier, the worklists and the timeline read the name
here by the person's id at read time (``docs/projections.md``); the search index is fed from the
rows this view writes (``infrastructure/index_des_personnes.py``).

These are personal data (DESIGN §7): ``DonneesEffacees`` blanks every personal column and keeps
the row, its ids and its parcours, so that what counts them still counts them. A row merged into
another (``PersonneFusionnee``) keeps its data and says where it went; ``FusionAnnulee`` brings
it back.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

from domain.identite import Contact, Identite, normaliser_nom
from domain.personne import Personne
from projections.projecteur import Projecteur


@dataclass(frozen=True)
class LigneDePersonne:
    personne_id: str
    nom_affiche: str | None = None
    noms: str = ""
    """The words a name search compares, each normalised, separated by spaces."""
    date_naissance: date | None = None
    code_insee: str | None = None
    parcours: tuple[str, ...] = ()
    fusionnee_dans: str | None = None
    effacee: bool = False

    @property
    def parcours_actuel(self) -> str | None:
        """The latest parcours, the only one that may be open."""
        return self.parcours[-1] if self.parcours else None


def noms(identite: Identite) -> str:
    """Birth name, usage name and first names as the search compares them, each word once."""
    parties = (identite.nom_naissance, identite.nom_usage or "", *identite.prenoms)
    mots = " ".join(normaliser_nom(partie) for partie in parties if partie).split()
    return " ".join(dict.fromkeys(mots))


def _identite(ligne: LigneDePersonne, identite: Identite | None) -> LigneDePersonne:
    if identite is None:  # read back erased: nothing to show, nothing to find
        return replace(ligne, nom_affiche=None, noms="", date_naissance=None)
    return replace(ligne, nom_affiche=identite.nom_affiche, noms=noms(identite), date_naissance=identite.date_naissance)


def _contact(ligne: LigneDePersonne, contact: Contact | None) -> LigneDePersonne:
    adresse = contact.adresse if contact is not None else None
    return replace(ligne, code_insee=adresse.code_insee if adresse is not None else None)


def _enregistree(e: Personne.PersonneEnregistree, ligne: LigneDePersonne) -> LigneDePersonne:
    return _contact(_identite(ligne, e.identite), e.contact)


def _rattache(e: Personne.ParcoursRattache, ligne: LigneDePersonne) -> LigneDePersonne:
    parcours = str(e.parcours_id)
    return ligne if parcours in ligne.parcours else replace(ligne, parcours=(*ligne.parcours, parcours))


def effacee(ligne: LigneDePersonne) -> LigneDePersonne:
    """Every personal column blanked; ids, parcours and the merge stay (DESIGN §7)."""
    return replace(ligne, nom_affiche=None, noms="", date_naissance=None, code_insee=None, effacee=True)


Transition = Callable[[Any, LigneDePersonne], LigneDePersonne]
TRANSITIONS: Mapping[type[Personne.Event], Transition | None] = {
    Personne.PersonneEnregistree: _enregistree,
    Personne.IdentiteCorrigee: lambda e, ligne: _identite(ligne, e.identite),
    Personne.ContactModifie: lambda e, ligne: _contact(ligne, e.contact),
    Personne.ParcoursRattache: _rattache,
    Personne.PersonneFusionnee: lambda e, ligne: replace(ligne, fusionnee_dans=str(e.dans)),
    Personne.FusionAnnulee: lambda e, ligne: replace(ligne, fusionnee_dans=None),
    Personne.DonneesEffacees: lambda e, ligne: effacee(ligne),
    Personne.IdentifiantAjoute: None,
    Personne.RepresentantDesigne: None,
    Personne.DoublonSignale: None,
    Personne.RectificationDemandee: None,
    Personne.RectificationRepondue: None,
    Personne.PersonneAbsorbee: None,
    Personne.AbsorptionAnnulee: None,
}
"""What each event of the person does to the row; None: nothing the view shows (identifiers are found
through landmarks, never by this view; an absorbed record's parcours keep the name of the record they
belong to, which leads to the kept one through ``fusionnee_dans``)."""


class Personnes:
    nom: ClassVar[str] = "personnes"
    type_ligne: ClassVar[type[Any]] = LigneDePersonne
    evenements_lus: ClassVar[tuple[type[Any], ...]] = (Personne.Event,)

    def cle(self, evenement: object) -> str | None:
        return str(evenement.originator_id) if isinstance(evenement, Personne.Event) else None

    def evoluer(self, ligne: LigneDePersonne | None, evenement: object) -> LigneDePersonne | None:
        if not isinstance(evenement, Personne.Event):
            return ligne
        if ligne is None:
            ligne = LigneDePersonne(personne_id=str(evenement.originator_id))
        if ligne.effacee:
            return ligne  # once erased, nothing comes back, whatever an event read after says
        transition = TRANSITIONS.get(type(evenement))
        return transition(evenement, ligne) if transition is not None else ligne


def noms_affiches(personnes: Projecteur, personne_ids: Iterable[str | None]) -> dict[str, str | None]:
    """The display name of each person, read in this view (None once erased, or not known yet)."""
    lignes: dict[str, LigneDePersonne] = personnes.lire({p for p in personne_ids if p is not None})
    return {personne_id: ligne.nom_affiche for personne_id, ligne in lignes.items()}
