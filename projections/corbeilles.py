"""The worklists ("corbeilles") of conseillers and authorities, one row per parcours (DOMAIN §7).

Each row holds the open entries of its parcours — what is waiting, since when, due when — with
the context the lists are filtered by (organisme in charge, département, référent). The storage
indexes the entries (``entrees``) so that a list reads as one sorted, paginated query.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, ClassVar
from uuid import UUID

from domain.competence import LECTURES, Situation, roles
from domain.delais import plus_mois
from domain.evenements import EvenementParcours
from domain.parametres import PARAMETRES_2025_1
from domain.parcours import Parcours
from domain.regles.orientation import declare_rsa, organisme_responsable
from domain.vocabulaire import Allocation, Corbeille, MotifInscription, Organisme, TypeParcours
from projections.vue import Aiguillage, jour_metier

A_ORIENTER = Corbeille.A_ORIENTER.value
A_DIAGNOSTIQUER = Corbeille.A_DIAGNOSTIQUER.value
CONTRAT_A_SIGNER = Corbeille.CONTRAT_A_SIGNER.value
CONTRADICTOIRE = Corbeille.CONTRADICTOIRE.value
RECOURS = Corbeille.RECOURS.value
REVUE_DROITS_DEVOIRS = Corbeille.REVUE_DROITS_DEVOIRS.value
EXPLICATION = Corbeille.EXPLICATION.value
REEXAMEN_RSA = Corbeille.REEXAMEN_RSA.value
DELAI_REEXAMEN_RSA_MOIS = PARAMETRES_2025_1.delai_reexamen_rsa_mois
"""An RSA beneficiary oriented to a social path is reviewed after six months (up to twelve), by the
équipe pluridisciplinaire, if not reoriented towards employment by then (CASF L.262-31); a review that
maintains the social path records the next one (``SituationReexaminee``)."""
DELAI_ORIENTATION_RSA = timedelta(weeks=PARAMETRES_2025_1.delai_orientation_rsa_semaines)
"""The PCD orients an RSA beneficiary within six weeks of being informed; France Travail may from then
on (CASF D.262-65-2): the due date of their ``a_orienter`` entry, and the day France Travail sees it."""
DELAI_SILENCE_MOIS = 2
"""Two months of silence on a recours administratif reject it (CRPA L.231-4 2°): the recours is due by then."""
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
    rsa: bool = False
    """An RSA beneficiary or partner by the motif of inscription or the RSA rights' opening."""
    motif: MotifInscription | None = None
    """None in rows written before competence was projected: their in-charge body alone sees them."""
    oriente: bool = False
    rsa_declare: bool = False
    """The latest orientation data say the person receives the RSA (``declare_rsa``)."""
    rsa_informe_le: date | None = None
    allocations: frozenset[Allocation] = frozenset()
    """The allowances a breach or procedure of the parcours is about: their funders are competent."""

    def ouvrir(
        self, liste: str, depuis: date, objet: str = SANS_OBJET, echeance: date | None = None
    ) -> "LigneCorbeilles":
        autres = tuple(e for e in self.entrees if (e.liste, e.objet) != (liste, objet))
        return replace(self, entrees=(*autres, Entree(liste, objet, depuis, echeance)))

    def fermer(self, *listes: str, objet: str | None = None) -> "LigneCorbeilles":
        gardees = tuple(e for e in self.entrees if e.liste not in listes or (objet is not None and e.objet != objet))
        return replace(self, entrees=gardees)

    def situation(self) -> Situation | None:
        """What competence reads of the parcours, as these rows know it."""
        if self.motif is None:
            return None
        return Situation(
            parcours_id=UUID(self.parcours_id),
            departement=self.departement,
            motif=self.motif,
            rsa=self.rsa or self.rsa_declare,
            rsa_informe_le=self.rsa_informe_le,
            organisme_referent=Organisme(self.organisme) if self.oriente else None,
            referent=self.referent,
            allocations=self.allocations,
        )

    def acces(self) -> dict[str, date]:
        """The bodies of the parcours' département that hold a role in it, each with the first day it
        does: the one function that judges every command and read (``domain.competence.roles``), asked
        on the two days it can answer differently for these rows, the start and the end of the PCD's
        six weeks, so that a worklist never shows what the dossier would refuse, nor hides what it shows.
        Delegations by convention are not read here (none is published: ``referentiels/delegations``)."""
        situation = self.situation()
        if situation is None:
            return {self.organisme: date.min}
        jours = [date.min, *([self.rsa_informe_le + DELAI_ORIENTATION_RSA] if self.rsa_informe_le else [])]
        acces: dict[str, date] = {}
        for jour in jours:
            for attribution in roles(situation, jour, DELAI_ORIENTATION_RSA):
                if LECTURES[attribution.fonction]:
                    acces.setdefault(attribution.organe.organisme.value, jour)
        return acces

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

    def cle(self, evenement: EvenementParcours) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneCorbeilles | None, evenement: EvenementParcours) -> LigneCorbeilles | None:
        jour = jour_metier(evenement)
        if isinstance(evenement, (Parcours.Inscrit, Parcours.Reouvert)):
            return _inscrit(evenement, ligne, jour)
        if ligne is None:
            return None
        transition = TRANSITIONS.pour(evenement)
        return transition(evenement, ligne, jour) if transition else ligne

    @staticmethod
    def index(ligne: LigneCorbeilles) -> list[tuple[Any, ...]]:
        """The rows of the entries index, one per entry and body that sees it (``acces``): (liste, objet,
        depuis, echeance, organisme, departement, referent, acces, acces_des)."""
        acces = ligne.acces()
        return [
            (e.liste, e.objet, e.depuis, e.echeance, ligne.organisme, ligne.departement, ligne.referent, organe, des)
            for e in ligne.entrees
            for organe, des in acces.items()
        ]


def _inscrit(e: Parcours.Inscrit | Parcours.Reouvert, ligne: LigneCorbeilles | None, jour: date) -> LigneCorbeilles:
    """A registration starts the row again: the remedies and explanations pending survive it, and so
    do what the parcours' history says of the RSA and of the allowances in cause."""
    inscription = e.inscription
    base = LigneCorbeilles(
        parcours_id=str(e.originator_id),
        organisme=organisme_responsable(inscription.motif, None).value,
        departement=inscription.territoire.departement,
        rsa=inscription.demande_rsa or (ligne is not None and ligne.rsa),
        motif=inscription.motif,
    )
    if ligne is not None:
        base = replace(
            base,
            entrees=tuple(e for e in ligne.entrees if e.liste in SURVIVENT_A_LA_SORTIE),
            rsa_declare=ligne.rsa_declare,
            rsa_informe_le=ligne.rsa_informe_le,
            allocations=ligne.allocations,
        )
    return base.ouvrir(A_ORIENTER, jour, echeance=_echeance_orientation(base))


def _echeance_orientation(ligne: LigneCorbeilles) -> date | None:
    informe = ligne.rsa_informe_le
    return informe + DELAI_ORIENTATION_RSA if informe is not None else None


def _droits_rsa(e: Parcours.DroitsRsaOuverts, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    """The PCD informed: its six weeks run from that day (CASF D.262-65-2), the first information counting."""
    ligne = replace(ligne, rsa=True, rsa_informe_le=ligne.rsa_informe_le or e.informe_le)
    echeance = _echeance_orientation(ligne)
    return ligne.echeance(A_ORIENTER, SANS_OBJET, echeance) if echeance is not None else ligne


def _en_cause(ligne: LigneCorbeilles, allocation: Allocation | None) -> LigneCorbeilles:
    """An allowance a breach or a procedure is about: its funder's authority becomes competent."""
    if allocation is None or allocation in ligne.allocations:
        return ligne
    return replace(ligne, allocations=ligne.allocations | {allocation})


def _oriente(e: Parcours.Oriente | Parcours.Reoriente, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    organisme = e.orientation.organisme.value
    referent = ligne.referent if isinstance(e, Parcours.Oriente) else None
    oriente = replace(ligne, organisme=organisme, referent=referent, oriente=True)
    oriente = oriente.fermer(A_ORIENTER, CONTRAT_A_SIGNER, A_DIAGNOSTIQUER, REEXAMEN_RSA)
    if (ligne.rsa or ligne.rsa_declare) and e.orientation.type_parcours is TypeParcours.SOCIAL:
        return oriente.ouvrir(REEXAMEN_RSA, jour, echeance=plus_mois(jour, DELAI_REEXAMEN_RSA_MOIS))
    return oriente


def _notifie(e: Parcours.OrientationNotifiee, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    ligne = ligne.ouvrir(CONTRAT_A_SIGNER, jour, echeance=e.date_limite_contrat)
    return ligne.ouvrir(A_DIAGNOSTIQUER, jour)


def _reexamine(e: Parcours.SituationReexaminee, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    """Reviewed: the next review, when the social path is maintained; otherwise a réorientation follows."""
    ligne = ligne.fermer(REEXAMEN_RSA)
    return ligne.ouvrir(REEXAMEN_RSA, jour, echeance=e.prochain_reexamen_le) if e.maintenu else ligne


def _sortie(e: Parcours.Sorti | Parcours.Radie, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    """A sortie closes every list but the remedies and the explanations, which stay open."""
    return replace(ligne, entrees=tuple(entree for entree in ligne.entrees if entree.liste in SURVIVENT_A_LA_SORTIE))


def _recours(e: Parcours.SanctionContestee, ligne: LigneCorbeilles, jour: date) -> LigneCorbeilles:
    """Waiting since its receipt; due when two months of silence would reject it (CRPA L.231-4)."""
    return ligne.ouvrir(RECOURS, e.recu_le, objet=e.recours_id, echeance=plus_mois(e.recu_le, DELAI_SILENCE_MOIS))


T = Aiguillage[[LigneCorbeilles, date], LigneCorbeilles]
TRANSITIONS = T(
    T.quand(Parcours.Oriente, _oriente),
    T.quand(Parcours.Reoriente, _oriente),
    T.quand(Parcours.OrientationNotifiee, _notifie),
    T.quand(Parcours.ReferentDesigne, lambda e, ligne, jour: replace(ligne, referent=e.referent.id)),
    # A move: the entries go to the new département's worklists, with no référent until one is designated.
    T.quand(
        Parcours.Transfere,
        lambda e, ligne, jour: replace(ligne, departement=e.territoire.departement, referent=None),
    ),
    T.quand(Parcours.DiagnosticRealise, lambda e, ligne, jour: ligne.fermer(A_DIAGNOSTIQUER)),
    T.quand(Parcours.ContratSigne, lambda e, ligne, jour: ligne.fermer(CONTRAT_A_SIGNER)),
    T.quand(
        Parcours.ContradictoireOuvert,
        lambda e, ligne, jour: _en_cause(ligne, e.sanction_envisagee.allocation).ouvrir(
            CONTRADICTOIRE, jour, objet=e.procedure_id
        ),
    ),
    T.quand(Parcours.ManquementConstate, lambda e, ligne, jour: _en_cause(ligne, e.manquement.allocation)),
    T.quand(
        Parcours.OrientationProposee,
        lambda e, ligne, jour: replace(
            ligne, rsa_declare=declare_rsa({critere.nom: critere for critere in e.decision.criteres})
        ),
    ),
    T.quand(
        Parcours.AvisContradictoireReceptionne,
        lambda e, ligne, jour: ligne.echeance(CONTRADICTOIRE, e.procedure_id, e.date_limite),
    ),
    T.quand(Parcours.ProcedureClose, lambda e, ligne, jour: ligne.fermer(CONTRADICTOIRE, objet=e.procedure_id)),
    T.quand(
        Parcours.SanctionDecidee,
        lambda e, ligne, jour: _en_cause(ligne, e.sanction.allocation).fermer(CONTRADICTOIRE, objet=e.procedure_id),
    ),
    T.quand(Parcours.SanctionReformee, lambda e, ligne, jour: _en_cause(ligne, e.sanction.allocation)),
    T.quand(Parcours.SanctionContestee, _recours),
    T.quand(Parcours.RecoursTranche, lambda e, ligne, jour: ligne.fermer(RECOURS, objet=e.recours_id)),
    T.quand(
        Parcours.DroitsDevoirsRevus,
        lambda e, ligne, jour: ligne.ouvrir(REVUE_DROITS_DEVOIRS, jour, echeance=e.prochaine_revue_le),
    ),
    T.quand(
        Parcours.ExplicationDemandee,
        lambda e, ligne, jour: ligne.ouvrir(EXPLICATION, jour, objet=e.demande_id, echeance=e.date_limite),
    ),
    T.quand(Parcours.ExplicationCommuniquee, lambda e, ligne, jour: ligne.fermer(EXPLICATION, objet=e.demande_id)),
    T.quand(Parcours.Sorti, _sortie),
    T.quand(Parcours.Radie, _sortie),
    T.quand(Parcours.DroitsRsaOuverts, _droits_rsa),
    T.quand(Parcours.SituationReexaminee, _reexamine),
    a_part=(Parcours.Inscrit, Parcours.Reouvert),
    ignore=(
        Parcours.EvenementRectifie,
        Parcours.RadiationProposee,
        Parcours.EntretienOrientationTenu,
        Parcours.ReorientationDemandee,
        Parcours.ReorientationRefusee,
        Parcours.ContratMisAJour,
        Parcours.DroitsDevoirsInformes,
        Parcours.ObservationsRecues,
        Parcours.AuditionTenue,
        Parcours.SanctionNotifiee,
        Parcours.SuspensionLevee,
        Parcours.SanctionAnnulee,
        Parcours.CourrierEmis,
        Parcours.CourrierRemis,
    ),
)
"""How each event opens, dates or closes entries; ignored events leave the lists as they are.
``Inscrit`` and ``Reouvert`` start the row (``Corbeilles.evoluer``)."""
