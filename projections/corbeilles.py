"""The worklists ("corbeilles") of conseillers and authorities, one row per parcours (DOMAIN §7).

Each row holds the open entries of its parcours — what is waiting, since when, due when — with
the context the lists are filtered by (organisme in charge, département, référent). The storage
indexes the entries (``entrees``) so that a list reads as one sorted, paginated query.
"""

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any, ClassVar

from domain.regles.orientation import organisme_responsable
from projections.vue import jour_metier, nom_evenement


class Corbeille(Enum):
    A_ORIENTER = "a_orienter"
    A_DIAGNOSTIQUER = "a_diagnostiquer"
    CONTRAT_A_SIGNER = "contrat_a_signer"
    CONTRADICTOIRE = "contradictoire"
    RECOURS = "recours"
    REVUE_DROITS_DEVOIRS = "revue_droits_devoirs"
    EXPLICATION = "explication"


A_ORIENTER = Corbeille.A_ORIENTER.value
A_DIAGNOSTIQUER = Corbeille.A_DIAGNOSTIQUER.value
CONTRAT_A_SIGNER = Corbeille.CONTRAT_A_SIGNER.value
CONTRADICTOIRE = Corbeille.CONTRADICTOIRE.value
RECOURS = Corbeille.RECOURS.value
REVUE_DROITS_DEVOIRS = Corbeille.REVUE_DROITS_DEVOIRS.value
EXPLICATION = Corbeille.EXPLICATION.value
SURVIVENT_A_LA_SORTIE = (RECOURS, EXPLICATION)
"""Remedies and explanation requests outlive a sortie (DOMAIN §2.8; CRPA R.311-3-1-2)."""
SANS_OBJET = "-"


@dataclass(frozen=True)
class Entree:
    liste: str
    objet: str
    depuis: date
    echeance: date | None = None


@dataclass(frozen=True)
class LigneCorbeilles:
    parcours_id: str
    organisme: str
    departement: str
    referent: str | None = None
    entrees: tuple[Entree, ...] = ()

    def ouvrir(
        self, liste: str, depuis: date, objet: str = SANS_OBJET, echeance: date | None = None
    ) -> "LigneCorbeilles":
        autres = tuple(e for e in self.entrees if (e.liste, e.objet) != (liste, objet))
        return replace(self, entrees=(*autres, Entree(liste, objet, depuis, echeance)))

    def fermer(self, *listes: str, objet: str | None = None) -> "LigneCorbeilles":
        gardees = tuple(e for e in self.entrees if e.liste not in listes or (objet is not None and e.objet != objet))
        return replace(self, entrees=gardees)

    def echeance(self, liste: str, objet: str, echeance: date) -> "LigneCorbeilles":
        return replace(
            self,
            entrees=tuple(
                replace(e, echeance=echeance) if (e.liste, e.objet) == (liste, objet) else e for e in self.entrees
            ),
        )


class Corbeilles:
    nom: ClassVar[str] = "corbeilles"
    type_ligne: ClassVar[type[Any]] = LigneCorbeilles

    def cle(self, evenement: Any) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneCorbeilles | None, evenement: Any) -> LigneCorbeilles | None:
        nom = nom_evenement(evenement)
        jour = jour_metier(evenement)
        if nom in ("Inscrit", "Reouvert"):
            inscription = evenement.inscription
            base = LigneCorbeilles(
                parcours_id=str(evenement.originator_id),
                organisme=organisme_responsable(inscription.motif, None).value,
                departement=inscription.territoire.departement,
                entrees=tuple(e for e in ligne.entrees if e.liste in SURVIVENT_A_LA_SORTIE) if ligne else (),
            )
            return base.ouvrir(A_ORIENTER, jour)
        if ligne is None:
            return None
        transition = TRANSITIONS.get(nom)
        return transition(ligne, evenement, jour) if transition else ligne

    @staticmethod
    def index(ligne: LigneCorbeilles) -> list[tuple[Any, ...]]:
        """The rows of the entries index: (liste, objet, depuis, echeance, organisme, departement, referent)."""
        return [
            (e.liste, e.objet, e.depuis, e.echeance, ligne.organisme, ligne.departement, ligne.referent)
            for e in ligne.entrees
        ]


def _oriente(ligne: LigneCorbeilles, e: Any, jour: date) -> LigneCorbeilles:
    organisme = e.orientation.organisme.value
    ligne = replace(ligne, organisme=organisme, referent=ligne.referent if nom_evenement(e) == "Oriente" else None)
    return ligne.fermer(A_ORIENTER, CONTRAT_A_SIGNER, A_DIAGNOSTIQUER)


def _notifie(ligne: LigneCorbeilles, e: Any, jour: date) -> LigneCorbeilles:
    ligne = ligne.ouvrir(CONTRAT_A_SIGNER, jour, echeance=e.date_limite_contrat)
    return ligne.ouvrir(A_DIAGNOSTIQUER, jour)


def _sortie(ligne: LigneCorbeilles, e: Any, jour: date) -> LigneCorbeilles:
    """A sortie closes every list but the remedies and the explanations, which stay open."""
    return replace(ligne, entrees=tuple(entree for entree in ligne.entrees if entree.liste in SURVIVENT_A_LA_SORTIE))


def _recours(ligne: LigneCorbeilles, e: Any, jour: date) -> LigneCorbeilles:
    # Waiting since its receipt; its decision deadline is not recorded by the event (yet).
    return ligne.ouvrir(RECOURS, e.recu_le, objet=e.recours_id)


TRANSITIONS = {
    "Oriente": _oriente,
    "Reoriente": _oriente,
    "OrientationNotifiee": _notifie,
    "ReferentDesigne": lambda ligne, e, jour: replace(ligne, referent=e.referent.id),
    "DiagnosticRealise": lambda ligne, e, jour: ligne.fermer(A_DIAGNOSTIQUER),
    "ContratSigne": lambda ligne, e, jour: ligne.fermer(CONTRAT_A_SIGNER),
    "ContradictoireOuvert": lambda ligne, e, jour: ligne.ouvrir(CONTRADICTOIRE, jour, objet=e.procedure_id),
    "AvisContradictoireReceptionne": lambda ligne, e, jour: ligne.echeance(
        CONTRADICTOIRE, e.procedure_id, e.date_limite
    ),
    "ProcedureClose": lambda ligne, e, jour: ligne.fermer(CONTRADICTOIRE, objet=e.procedure_id),
    "SanctionDecidee": lambda ligne, e, jour: ligne.fermer(CONTRADICTOIRE, objet=e.procedure_id),
    "SanctionContestee": _recours,
    "RecoursTranche": lambda ligne, e, jour: ligne.fermer(RECOURS, objet=e.recours_id),
    "DroitsDevoirsRevus": lambda ligne, e, jour: ligne.ouvrir(
        REVUE_DROITS_DEVOIRS, jour, echeance=e.prochaine_revue_le
    ),
    "ExplicationDemandee": lambda ligne, e, jour: ligne.ouvrir(
        EXPLICATION, jour, objet=e.demande_id, echeance=e.date_limite
    ),
    "ExplicationCommuniquee": lambda ligne, e, jour: ligne.fermer(EXPLICATION, objet=e.demande_id),
    "Sorti": _sortie,
    "Radie": _sortie,
}
"""How each event opens, dates or closes entries; other events leave the lists as they are."""
