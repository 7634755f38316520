"""Given (past events) / when (a command) / then (new events, or a named error).

``given`` runs the steps that produced the past events, then rebuilds the parcours from those
events alone, as the store would: the command under test sees only replayed state.

The past steps are dated in business-time order (each no earlier than the step it follows) and
recorded as they happened: the recording clock stands at each one's business time. The command
under test runs on the system clock (long after: typed in late), or with ``when(...,
enregistre_le=...)`` on a recording clock stopped at that instant, for the rules that read both clocks.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest

from domain.decision import Decision
from domain.erreurs import RegleEnfreinte
from domain.horloge import sous_horloge
from domain.inscription import Territoire
from domain.orientation import Orientation, Referent
from domain.parcours import Parcours
from domain.sanction import Sanction
from domain.vocabulaire import (
    Allocation,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NatureCourrier,
    PreuveRemise,
    SourceDonnee,
    TypeManquement,
    TypeRecours,
)
from tests.support import faits

PARCOURS_ID = UUID("00000000-0000-4000-8000-000000000001")
Etape = Callable[[Parcours | None], Parcours]
Commande = Callable[[Parcours], None]


def rejouer(evenements: list[Any]) -> Parcours:
    parcours: Parcours | None = None
    for evenement in evenements:
        parcours = evenement.mutate(parcours)
    assert parcours is not None
    return parcours


class given:  # noqa: N801 - reads as a sentence: given(...).when(...).then(...)
    def __init__(self, *etapes: Etape) -> None:
        parcours: Parcours | None = None
        for etape in etapes:
            parcours = etape(parcours)
        assert parcours is not None, "a scenario starts with an inscription"
        self.passe: list[Any] = list(parcours.collect_events())
        self.parcours = rejouer(self.passe)

    def when(self, commande: Commande, enregistre_le: datetime | None = None) -> "Quand":
        """The command under test; ``enregistre_le``: the recording clock stands at that instant."""
        return Quand(self.parcours, commande, enregistre_le)


class Quand:
    def __init__(self, parcours: Parcours, commande: Commande, enregistre_le: datetime | None = None) -> None:
        self.parcours = parcours
        self.commande = commande
        self.enregistre_le = enregistre_le

    @contextmanager
    def _horloge(self) -> Iterator[None]:
        instant = self.enregistre_le
        if instant is None:
            yield
            return
        with sous_horloge(lambda: instant):
            yield

    def then(self, *noms: str) -> list[Any]:
        """The new events, by name; returned for a closer look (their classes are made by the library)."""
        with self._horloge():
            self.commande(self.parcours)
        nouveaux: list[Any] = list(self.parcours.collect_events())
        assert [type(e).__name__ for e in nouveaux] == list(noms)
        return nouveaux

    def raises(self, erreur: type[RegleEnfreinte]) -> RegleEnfreinte:
        with self._horloge(), pytest.raises(erreur) as refus:
            self.commande(self.parcours)
        assert self.parcours.collect_events() == [], "a refused command records nothing"
        return refus.value


def _pas(d: Decision | Callable[[Parcours], Decision], commande: Callable[[Parcours, Decision], None]) -> Etape:
    """A past step, recorded as it happened: the recording clock stands at its business time."""

    def etape(parcours: Parcours | None) -> Parcours:
        assert parcours is not None
        decision = d(parcours) if callable(d) else d
        with sous_horloge(lambda: decision.effective_le):
            commande(parcours, decision)
        return parcours

    return etape


# --- past events, named as they happened ------------------------------------------------------

P = faits.P


def inscrit(motif: MotifInscription = MotifInscription.DEMANDE, jour: date = date(2025, 6, 2)) -> Etape:
    def inscrire(_: Parcours | None) -> Parcours:
        d = faits.decision(jour=jour)
        with sous_horloge(lambda: d.effective_le):
            return Parcours.inscrire(faits.inscription(motif), d, PARCOURS_ID)

    return inscrire


def propose(orientation: Orientation | None = faits.EMPLOI_FT, sensible: bool = False) -> Etape:
    criteres = (faits.critere("boe", sensible, sensible=True),) if sensible else (faits.critere("age", 30),)
    d = faits.decision(auteur=faits.ALGORITHME, criteres=criteres)
    return _pas(d, lambda p, d: p.proposer_orientation(faits.proposition(orientation, sensible=sensible), d))


def propose_selon(**criteres: str | int | bool) -> Etape:
    """A proposal made on these inputs (as the person declared them)."""
    d = faits.decision(auteur=faits.ALGORITHME, criteres=tuple(faits.critere(n, v) for n, v in criteres.items()))
    return _pas(d, lambda p, d: p.proposer_orientation(faits.proposition(), d))


def oriente(orientation: Orientation = faits.EMPLOI_FT) -> Etape:
    return _pas(faits.decision(), lambda p, d: p.orienter(orientation, ModeOrientation.AGENT, d))


def notifie(jour: date = date(2025, 6, 3)) -> Etape:
    return _pas(faits.decision(jour=jour), lambda p, d: p.notifier_orientation(d, P))


def referent_designe(referent: Referent | None = None) -> Etape:
    return _pas(
        faits.decision(jour=date(2025, 6, 3)), lambda p, d: p.designer_referent(referent or faits.referent(), d)
    )


def diagnostique() -> Etape:
    return _pas(faits.decision(jour=date(2025, 6, 5)), lambda p, d: p.realiser_diagnostic(faits.diagnostic(), d))


def contrat_signe(heures: int = 15) -> Etape:
    return _pas(faits.decision(jour=date(2025, 6, 10)), lambda p, d: p.signer_contrat(faits.contrat(heures), d, P))


def reorientation_demandee() -> Etape:
    d = faits.decision(motif="Problème de santé révélé", jour=date(2025, 6, 12))
    return _pas(d, lambda p, d: p.demander_reorientation(d))


def informe() -> Etape:
    return _pas(faits.decision(), lambda p, d: p.informer_droits_devoirs(d))


def manquement_constate(
    manquement_id: str = "m1",
    type_manquement: TypeManquement = TypeManquement.ASSIDUITE,
    jour: date = date(2025, 6, 20),
    allocation: Allocation | None = None,
) -> Etape:
    d = faits.decision(jour=jour)
    manquement = faits.manquement(type_manquement, allocation)
    return _pas(d, lambda p, d: p.constater_manquement(manquement_id, manquement, d))


def contradictoire_ouvert(
    procedure_id: str = "s1", manquements: tuple[str, ...] = ("m1",), envisagee: Sanction | None = None
) -> Etape:
    sanction = envisagee or faits.suspension()
    return _pas(
        faits.decision(jour=date(2025, 6, 23)),
        lambda p, d: p.ouvrir_contradictoire(procedure_id, manquements, sanction, Destinataire.PERSONNE, d, P),
    )


def avis_receptionne(procedure_id: str = "s1", recu_le: date = date(2025, 7, 1)) -> Etape:
    return _pas(faits.decision(jour=recu_le), lambda p, d: p.receptionner_avis(procedure_id, recu_le, d, P))


def observations_recues(procedure_id: str = "s1", jour: date = date(2025, 7, 5)) -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return _pas(d, lambda p, d: p.recevoir_observations(procedure_id, d))


def sanction_decidee(
    procedure_id: str = "s1", sanction: Sanction | None = None, jour: date = date(2025, 7, 15)
) -> Etape:
    d = faits.decision_autorite(jour, motif=faits.MOTIF_SANCTION)
    return _pas(d, lambda p, d: p.decider_sanction(procedure_id, sanction or faits.suspension(), False, d, P))


def sanction_notifiee(procedure_id: str = "s1", jour: date = date(2025, 7, 16)) -> Etape:
    d = faits.decision(jour=jour)
    return _pas(d, lambda p, d: p.notifier_sanction(procedure_id, faits.VOIES_DE_RECOURS, d, P))


def recours_introduit(procedure_id: str = "s1", recours_id: str = "r1", jour: date = date(2025, 8, 1)) -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return _pas(d, lambda p, d: p.introduire_recours(procedure_id, recours_id, TypeRecours.MEDIATION_PREALABLE, d))


def radie(procedure_id: str = "s1", jour: date = date(2025, 7, 20)) -> Etape:
    d = faits.decision(auteur=faits.AUTORITE, jour=jour, motif=faits.MOTIF_RADIATION)
    return _pas(d, lambda p, d: p.radier(procedure_id, d, P))


def sorti(motif: MotifSortie = MotifSortie.EMPLOI_DURABLE, jour: date | None = None) -> Etape:
    """The sortie, on ``jour`` or on the day of the last step (a sortie follows every step it ends)."""

    def decision(p: Parcours) -> Decision:
        return faits.decision(jour=jour or p.effets["dernier"].date())

    return _pas(decision, lambda p, d: p.sortir(motif, d))


ORIENTE_ET_NOTIFIE = (inscrit(), propose(), oriente(), notifie())
SOUS_CONTRAT = (*ORIENTE_ET_NOTIFIE, diagnostique(), contrat_signe())
PROCEDURE_OUVERTE = (*SOUS_CONTRAT, manquement_constate(), contradictoire_ouvert())
DELAI_ECOULE = (*PROCEDURE_OUVERTE, avis_receptionne(recu_le=date(2025, 7, 1)))
SANCTION_NOTIFIEE = (*DELAI_ECOULE, sanction_decidee(), sanction_notifiee())
SUPPRESSION_TOTALE_NOTIFIEE = (
    *SANCTION_NOTIFIEE,
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=faits.suppression_totale(mois=4)),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
    sanction_decidee("s2", sanction=faits.suppression_totale(mois=4), jour=date(2025, 8, 15)),
    sanction_notifiee("s2", jour=date(2025, 8, 16)),
)
RADIE = (*SUPPRESSION_TOTALE_NOTIFIEE, radie("s2", jour=date(2025, 8, 20)))


def transfere(departement: str = "13", jour: date = date(2025, 7, 1)) -> Etape:
    """The person moved: the parcours goes to ``departement`` (CT R.5411-7)."""
    return _pas(faits.decision(jour=jour), lambda p, d: p.transferer(Territoire(departement), d))


def situation_reexaminee(maintenu: bool = True, jour: date = date(2025, 12, 2)) -> Etape:
    """The équipe pluridisciplinaire reviews an RSA beneficiary on a social path (CASF L.262-31)."""
    d = faits.decision_autorite(jour, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    return _pas(d, lambda p, d: p.reexaminer_situation(maintenu, d, P))


def droits_rsa_ouverts(ouverts_le: date = date(2025, 6, 1), informe_le: date = date(2025, 6, 2)) -> Etape:
    """The CAF flow tells the PCD that RSA rights were opened (CASF D.262-65-2)."""
    d = faits.decision(auteur=faits.FLUX_CAF, jour=informe_le)
    return _pas(d, lambda p, d: p.informer_droits_rsa(ouverts_le, informe_le, SourceDonnee.FLUX_CAF, d))


def radiation_proposee(procedure_id: str = "s2", jour: date = date(2025, 8, 18)) -> Etape:
    """The PCD proposes the radiation that follows a suppression of the RSA (CASF R.262-68)."""
    d = faits.decision_autorite(jour, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    return _pas(d, lambda p, d: p.proposer_radiation(procedure_id, d, P))


# --- added for the contrat, sanction and recours scenarios ----------------------------------------


def reoriente(orientation: Orientation = faits.SOCIAL_DEPARTEMENT) -> Etape:
    return _pas(faits.decision(jour=date(2025, 6, 15)), lambda p, d: p.reorienter(orientation, d))


def audition_tenue(procedure_id: str = "s1", assistee_par: str | None = "Un proche") -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=date(2025, 7, 5))
    return _pas(d, lambda p, d: p.tenir_audition(procedure_id, assistee_par, d))


def procedure_close(procedure_id: str = "s1") -> Etape:
    d = faits.decision(motif="Hospitalisation justifiée", jour=date(2025, 7, 8))
    return _pas(d, lambda p, d: p.clore_procedure(procedure_id, d))


def sanction_rsa_decidee(
    procedure_id: str = "s1", sanction: Sanction | None = None, jour: date = date(2025, 7, 15), avis: bool = False
) -> Etape:
    """A sanction on the RSA, decided by the président du conseil départemental (CASF L.262-37), on
    the équipe pluridisciplinaire's opinion when ``avis`` (CASF L.262-52)."""
    d = faits.decision_autorite(jour, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT, faits.MOTIF_SANCTION)
    rsa = sanction or faits.suspension(allocation=Allocation.RSA)
    return _pas(d, lambda p, d: p.decider_sanction(procedure_id, rsa, avis, d, P))


SUPPRESSION_RSA_NOTIFIEE = (
    *SANCTION_NOTIFIEE,
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=faits.suppression_totale(Allocation.RSA, mois=4)),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
    sanction_rsa_decidee("s2", faits.suppression_totale(Allocation.RSA, mois=4), jour=date(2025, 8, 15), avis=True),
    sanction_notifiee("s2", jour=date(2025, 8, 16)),
)
"""The RSA suppressed in full and notified: the radiation follows, on the PCD's proposal (CASF R.262-68)."""


def suspension_levee(procedure_id: str = "s1", jour: date = date(2025, 7, 25)) -> Etape:
    return _pas(faits.decision(jour=jour), lambda p, d: p.lever_suspension(procedure_id, d))


def recours_tranche(
    procedure_id: str = "s1",
    recours_id: str = "r1",
    issue: IssueRecours = IssueRecours.REJET,
    jour: date = date(2025, 9, 1),
) -> Etape:
    """A rejet states its reasons (CRPA L.211-2); an annulation, favourable, is recorded here without any."""
    d = faits.decision_autorite(jour, motif=None if issue is IssueRecours.ANNULATION else faits.MOTIF_REJET)
    return _pas(d, lambda p, d: p.trancher_recours(procedure_id, recours_id, issue, None, d, P))


# --- added for the explanation of algorithmic decisions ---------------------------------------------


def explication_demandee(demande_id: str = "e1", jour: date = date(2025, 6, 20)) -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return _pas(d, lambda p, d: p.demander_explication(demande_id, d, P))


def explication_communiquee(demande_id: str = "e1", jour: date = date(2025, 7, 1)) -> Etape:
    return _pas(faits.decision(jour=jour), lambda p, d: p.communiquer_explication(demande_id, "…", d))


# --- added for the letters the law requires ---------------------------------------------------------


def etape_recue(parcours: Parcours, version: int) -> Any:
    """The step recorded at ``version`` in a scenario being built (still pending), or None."""
    return next((e for e in parcours.pending_events if e.originator_version == version), None)


def courrier_emis(nature: NatureCourrier, version_rendue: int, jour: date = date(2025, 6, 24)) -> Etape:
    """The letter notifying the step at ``version_rendue`` was sent, read at the parcours' version then."""
    d = faits.decision(jour=jour)
    return _pas(
        d, lambda p, d: p.emettre_courrier(nature, etape_recue(p, version_rendue), faits.pli(p.version), None, d)
    )


def courrier_remis(version: int, remis_le: date = date(2025, 6, 26), jour: date = date(2025, 6, 27)) -> Etape:
    """The letter emitted at ``version`` reached its addressee on ``remis_le``, as the post attests."""

    def remettre(p: Parcours, d: Decision) -> None:
        emis = etape_recue(p, version)
        rendue = etape_recue(p, emis.version_rendue) if emis is not None else None
        p.constater_remise(emis, rendue, remis_le, PreuveRemise.ACCUSE_RECEPTION_POSTAL, d, P)

    return _pas(faits.decision(jour=jour), remettre)
