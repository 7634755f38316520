"""Finding the person behind an inscription, and the commands on the person (issue 18; DESIGN §7).

A person is found by their landmarks (``domain.repere``): one per identifier (NIR, numéro allocataire,
identifiant France Travail, an organisme's own id, an account), which belongs to one person only, and
one per civil status (birth name, first name and birth date, normalised), which homonyms share. Each
landmark's id is derived from a keyed hash of what it stands for (``Trousseau.empreinte``): reading a
person by NIR reads one aggregate by its id, and the store holds no identifier in clear.

At an inscription (CT L.5411-1), in this order:

- an identifier already known → that person; identifiers of two different persons → refused, for a
  human to decide;
- else the same civil status → that person, unless both records hold a NIR and the NIRs differ: then a
  new person, flagged as a probable duplicate of the other (``DoublonSignale``), never merged silently.

Then ``Personnes.inscrire``, which the API's inscription and the bulk import share: a known person's
open parcours refuses the inscription, a closed one is reopened (CT R.5412-5 judged on it), else a new
parcours is linked to the person (a new one when nobody was found).

A person and a landmark are never snapshotted: they are read from their events alone, without asking
the snapshot table first (one query less per read).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.application import Repository, project_aggregate

from application.orientation import Donnee, avec_age, completer, proposer
from application.trousseau import Trousseau
from domain.decision import Decision
from domain.erreurs import RegleEnfreinte
from domain.identite import FichePersonne, Identifiant, Identite, NatureIdentifiant
from domain.inscription import Inscription
from domain.parcours import Parcours
from domain.personne import Personne
from domain.referentiel import Referentiels
from domain.regles.personne import IdentifiantsDePersonnesDifferentes, ParcoursDejaOuvert
from domain.repere import Repere
from domain.vocabulaire import Statut

ESPACE_REPERES = UUID("6f3a0c55-2b8e-4d7a-9c41-52e0d8b7a913")
"""The namespace of the landmarks' ids (uuid5 of a keyed hash): fixed for ever."""

FUSIONS_SUIVIES = 8
"""A chain of merges longer than this is a loop (each merge is checked, but data can be old)."""


class PersonneInconnue(RegleEnfreinte):
    """No person has this id (or the caller may not see them: the same answer, so nothing leaks)."""

    code = "personne-inconnue"
    titre = "Personne inconnue"


class SansTrousseau(RuntimeError):
    """The application was built without a key store: it cannot record personal data."""


@dataclass
class Reperes:
    """The landmarks of what an inscription says of the person, loaded (None: not posed yet)."""

    identifiants: dict[UUID, Repere | None] = field(default_factory=dict)
    etat_civil: dict[UUID, Repere | None] = field(default_factory=dict)

    def tous(self) -> dict[UUID, Repere | None]:
        return {**self.identifiants, **self.etat_civil}


@dataclass(frozen=True)
class PersonneInscrite:
    """What an inscription of a person changed, to be saved together: the parcours (new or reopened),
    the person (new or known) and the landmarks that now list them."""

    parcours: Parcours
    personne: Personne
    reperes: tuple[Repere, ...]
    doublons: tuple[UUID, ...]
    reouvert: bool

    def agregats(self) -> tuple[Parcours | Personne | Repere, ...]:
        return (self.parcours, self.personne, *self.reperes)


@dataclass(frozen=True)
class Recherche:
    """What an inscription finds: the person (or none), the probable duplicates, the landmarks to pose."""

    personne: Personne | None
    doublons: tuple[UUID, ...]
    reperes: Reperes


def nir_de(identifiants: Iterable[Identifiant]) -> str | None:
    return next((i.valeur for i in identifiants if i.nature is NatureIdentifiant.NIR), None)


class Personnes:
    """The persons of the store, read through the application's repository and key store."""

    def __init__(self, repository: Repository[UUID], trousseau: Trousseau | None) -> None:
        self.repository = repository
        self._trousseau = trousseau

    @property
    def trousseau_ouvert(self) -> Trousseau | None:
        return self._trousseau

    @property
    def trousseau(self) -> Trousseau:
        if self._trousseau is None:
            raise SansTrousseau("Aucun trousseau de clés : les données personnelles ne peuvent être enregistrées.")
        return self._trousseau

    def trouver(self, personne_id: UUID, version: int | None = None) -> Personne | None:
        personne = self._agregat(personne_id, version)
        return personne if isinstance(personne, Personne) else None

    def _agregat(self, agregat_id: UUID, version: int | None = None) -> Any:
        """A person or a landmark from its events alone (neither is ever snapshotted); None if none."""
        return project_aggregate(None, self.repository.event_store.get(agregat_id, lte=version))

    def parcours(self, parcours_id: UUID) -> Parcours:
        """A parcours as the application reads it (its snapshots first)."""
        parcours: Parcours = self.repository.get(parcours_id)
        return parcours

    def lire(self, personne_id: UUID, version: int | None = None) -> Personne:
        personne = self.trouver(personne_id, version)
        if personne is None:
            raise PersonneInconnue(f"Aucune personne {personne_id}.")
        return personne

    def suivre(self, personne_id: UUID) -> Personne:
        """The person, or the record it was merged into (and so on)."""
        personne = self.lire(personne_id)
        for _ in range(FUSIONS_SUIVIES):
            if personne.fusionnee_dans is None:
                return personne
            personne = self.lire(personne.fusionnee_dans)
        raise PersonneInconnue(f"Fusions en boucle à partir de {personne_id}.")

    # --- landmarks -----------------------------------------------------------------------------------

    def repere_id(self, nature: str, texte: str) -> UUID:
        return uuid5(ESPACE_REPERES, self.trousseau.empreinte(f"{nature}:{texte}"))

    def repere_d_identifiant(self, identifiant: Identifiant) -> UUID:
        return self.repere_id("identifiant", identifiant.cle)

    def repere_d_etat_civil(self, identite: Identite) -> UUID:
        return self.repere_id("etat-civil", identite.etat_civil)

    def repere(self, repere_id: UUID) -> Repere | None:
        repere = self._agregat(repere_id)
        return repere if isinstance(repere, Repere) else None

    def par_identifiant(self, identifiant: Identifiant) -> Personne | None:
        """The person known by this identifier (exact), following merges; None if nobody is."""
        repere = self.repere(self.repere_d_identifiant(identifiant))
        if repere is None or not repere.personnes:
            return None
        return self.suivre(repere.personnes[0])

    def rechercher(self, fiche: FichePersonne) -> Recherche:
        """Who an inscription is about, by identifier first, then by civil status (module docstring)."""
        reperes = Reperes(
            identifiants={r: self.repere(r) for r in map(self.repere_d_identifiant, fiche.identifiants)},
        )
        connus = {self.suivre(p).id for r in reperes.identifiants.values() if r for p in r.personnes}
        if len(connus) > 1:
            raise IdentifiantsDePersonnesDifferentes(
                "Ces identifiants appartiennent à des personnes différentes : un agent doit d'abord les rapprocher."
            )
        etat_civil = self.repere_d_etat_civil(fiche.identite)
        reperes.etat_civil[etat_civil] = self.repere(etat_civil)
        if connus:
            return Recherche(self.lire(connus.pop()), (), reperes)
        homonymes = reperes.etat_civil[etat_civil]
        nir, doublons = nir_de(fiche.identifiants), []
        for homonyme in [self.suivre(p) for p in homonymes.personnes] if homonymes else []:
            autre = nir_de(homonyme.identifiants.values())
            if nir is not None and autre is not None and autre != nir:
                doublons.append(homonyme.id)
            else:
                return Recherche(homonyme, (), reperes)
        return Recherche(None, tuple(doublons), reperes)

    def poser(self, personne_id: UUID, reperes: Reperes, decision: Decision) -> list[Repere]:
        """Each landmark now lists the person: posed when new, added to when it exists."""
        poses = []
        for repere_id, existant in reperes.tous().items():
            if existant is None:
                poses.append(Repere.poser(repere_id, personne_id, decision))
            else:
                existant.ajouter(personne_id, decision)
                poses.append(existant)
        return poses

    def reperes_de(self, personne: Personne, fiche: FichePersonne | None = None) -> Reperes:
        """The landmarks of a person as recorded (and of a fiche, if given), loaded."""
        identifiants: Sequence[Identifiant] = [
            *personne.identifiants.values(),
            *(fiche.identifiants if fiche else ()),
        ]
        identites = [i for i in (personne.identite, fiche.identite if fiche else None) if i is not None]
        return Reperes(
            identifiants={r: self.repere(r) for r in map(self.repere_d_identifiant, identifiants)},
            etat_civil={r: self.repere(r) for r in map(self.repere_d_etat_civil, identites)},
        )

    def retirer(self, personne_id: UUID, reperes: Reperes, decision: Decision) -> list[Repere]:
        """The person no longer answers to these landmarks (erasure, merge, correction)."""
        retires = []
        for repere in reperes.tous().values():
            if repere is not None and personne_id in repere.personnes:
                repere.retirer(personne_id, decision)
                retires.append(repere)
        return retires

    # --- the inscription of a person (the API's and the bulk import's) -----------------------------------

    def inscrire(
        self,
        fiche: FichePersonne,
        inscription: Inscription,
        decision: Decision,
        parcours_id: UUID,
        donnees: Sequence[Donnee],
        referentiels: Referentiels | None,
    ) -> PersonneInscrite:
        """The person found first (``rechercher``): their open parcours refuses the inscription (CT
        L.5411-1), a closed one is reopened (CT R.5412-5 applies to it); else a new parcours, of a new
        person when nobody was found (keyed at once), flagged against its probable duplicates. The
        algorithm proposes on the data given, the age computed from the birth date. Nothing is saved:
        the caller saves ``agregats()`` in one transaction."""
        recherche = self.rechercher(fiche)
        personne = recherche.personne
        dernier = self.parcours(personne.parcours[-1]) if personne is not None and personne.parcours else None
        if personne is not None and dernier is not None:
            if dernier.statut is Statut.EN_COURS:
                raise ParcoursDejaOuvert("Cette personne a déjà un parcours ouvert (CT L.5411-1).", dernier.id)
            dernier.rouvrir(inscription, decision)
            completer_identifiants(personne, fiche, decision)
            parcours, donnees = dernier, completer(dernier.donnees_orientation.values(), donnees)
        else:
            if personne is None:
                personne = Personne.enregistrer(fiche, decision, uuid4())
                self.trousseau.creer(personne.id)
            for doublon in recherche.doublons:
                personne.signaler_doublon(doublon, decision)
            parcours = Parcours.inscrire(inscription, decision, parcours_id, personne.id)
            self.trousseau.rattacher(parcours.id, personne.id)
            personne.rattacher_parcours(parcours.id, None, decision)
        lues = avec_age(donnees, personne.identite, referentiels, decision.effective_le)
        if referentiels is not None and lues:
            proposer(parcours, referentiels, lues, decision.effective_le)
        reperes = tuple(self.poser(personne.id, recherche.reperes, decision))
        return PersonneInscrite(parcours, personne, reperes, recherche.doublons, dernier is parcours)


def completer_identifiants(personne: Personne, fiche: FichePersonne, decision: Decision) -> None:
    """The identifiers an inscription brings that the person did not have yet."""
    for identifiant in fiche.identifiants:
        personne.ajouter_identifiant(identifiant, decision)
