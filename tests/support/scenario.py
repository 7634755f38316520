"""Given (past events) / when (a command) / then (new events, or a named error).

``given`` runs the steps that produced the past events, then rebuilds the parcours from those
events alone, as the store would: the command under test sees only replayed state.
"""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.erreurs import RegleEnfreinte
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

    def when(self, commande: Commande) -> "Quand":
        return Quand(self.parcours, commande)


class Quand:
    def __init__(self, parcours: Parcours, commande: Commande) -> None:
        self.parcours = parcours
        self.commande = commande

    def then(self, *noms: str) -> list[Any]:
        """The new events, by name; returned for a closer look (their classes are made by the library)."""
        self.commande(self.parcours)
        nouveaux: list[Any] = list(self.parcours.collect_events())
        assert [type(e).__name__ for e in nouveaux] == list(noms)
        return nouveaux

    def raises(self, erreur: type[RegleEnfreinte]) -> RegleEnfreinte:
        with pytest.raises(erreur) as refus:
            self.commande(self.parcours)
        assert self.parcours.collect_events() == [], "a refused command records nothing"
        return refus.value


def _pas(commande: Commande) -> Etape:
    def etape(parcours: Parcours | None) -> Parcours:
        assert parcours is not None
        commande(parcours)
        return parcours

    return etape


# --- past events, named as they happened ------------------------------------------------------

P = faits.P


def inscrit(motif: MotifInscription = MotifInscription.DEMANDE, jour: date = date(2025, 6, 2)) -> Etape:
    return lambda _: Parcours.inscrire(faits.inscription(motif), faits.decision(jour=jour), PARCOURS_ID)


def propose(orientation: Orientation | None = faits.EMPLOI_FT, sensible: bool = False) -> Etape:
    criteres = (faits.critere("boe", sensible, sensible=True),) if sensible else (faits.critere("age", 30),)
    d = faits.decision(auteur=faits.ALGORITHME, criteres=criteres)
    return _pas(lambda p: p.proposer_orientation(faits.proposition(orientation, sensible=sensible), d))


def propose_selon(**criteres: str | int | bool) -> Etape:
    """A proposal made on these inputs (as the person declared them)."""
    d = faits.decision(auteur=faits.ALGORITHME, criteres=tuple(faits.critere(n, v) for n, v in criteres.items()))
    return _pas(lambda p: p.proposer_orientation(faits.proposition(), d))


def oriente(orientation: Orientation = faits.EMPLOI_FT) -> Etape:
    return _pas(lambda p: p.orienter(orientation, ModeOrientation.AGENT, faits.decision()))


def notifie(jour: date = date(2025, 6, 3)) -> Etape:
    return _pas(lambda p: p.notifier_orientation(faits.decision(jour=jour), P))


def referent_designe(referent: Referent | None = None) -> Etape:
    return _pas(lambda p: p.designer_referent(referent or faits.referent(), faits.decision()))


def diagnostique() -> Etape:
    return _pas(lambda p: p.realiser_diagnostic(faits.diagnostic(), faits.decision()))


def contrat_signe(heures: int = 15) -> Etape:
    return _pas(lambda p: p.signer_contrat(faits.contrat(heures), faits.decision(jour=date(2025, 6, 10)), P))


def reorientation_demandee() -> Etape:
    return _pas(lambda p: p.demander_reorientation(faits.decision(motif="Problème de santé révélé")))


def informe() -> Etape:
    return _pas(lambda p: p.informer_droits_devoirs(faits.decision()))


def manquement_constate(manquement_id: str = "m1", type_manquement: TypeManquement = TypeManquement.ASSIDUITE) -> Etape:
    return _pas(lambda p: p.constater_manquement(manquement_id, faits.manquement(type_manquement), faits.decision()))


def contradictoire_ouvert(
    procedure_id: str = "s1", manquements: tuple[str, ...] = ("m1",), envisagee: Sanction | None = None
) -> Etape:
    sanction = envisagee or faits.suspension()
    return _pas(
        lambda p: p.ouvrir_contradictoire(
            procedure_id, manquements, sanction, Destinataire.PERSONNE, faits.decision(), faits.P
        )
    )


def avis_receptionne(procedure_id: str = "s1", recu_le: date = date(2025, 7, 1)) -> Etape:
    return _pas(lambda p: p.receptionner_avis(procedure_id, recu_le, faits.decision(jour=recu_le), P))


def observations_recues(procedure_id: str = "s1") -> Etape:
    return _pas(lambda p: p.recevoir_observations(procedure_id, faits.decision(auteur=faits.PERSONNE)))


def sanction_decidee(
    procedure_id: str = "s1", sanction: Sanction | None = None, jour: date = date(2025, 7, 15)
) -> Etape:
    d = faits.decision(auteur=faits.AUTORITE, autorite=faits.DIRECTEUR_REGIONAL, jour=jour)
    return _pas(lambda p: p.decider_sanction(procedure_id, sanction or faits.suspension(), False, d, P))


def sanction_notifiee(procedure_id: str = "s1", jour: date = date(2025, 7, 16)) -> Etape:
    return _pas(lambda p: p.notifier_sanction(procedure_id, faits.VOIES_DE_RECOURS, faits.decision(jour=jour), P))


def recours_introduit(procedure_id: str = "s1", recours_id: str = "r1", jour: date = date(2025, 8, 1)) -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return _pas(lambda p: p.introduire_recours(procedure_id, recours_id, TypeRecours.MEDIATION_PREALABLE, d))


def radie(procedure_id: str = "s1", jour: date = date(2025, 7, 20)) -> Etape:
    return _pas(lambda p: p.radier(procedure_id, faits.decision(auteur=faits.AUTORITE, jour=jour), P))


def sorti(motif: MotifSortie = MotifSortie.EMPLOI_DURABLE) -> Etape:
    return _pas(lambda p: p.sortir(motif, faits.decision()))


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


# --- added for the contrat, sanction and recours scenarios ----------------------------------------


def reoriente(orientation: Orientation = faits.SOCIAL_DEPARTEMENT) -> Etape:
    return _pas(lambda p: p.reorienter(orientation, faits.decision()))


def audition_tenue(procedure_id: str = "s1", assistee_par: str | None = "Un proche") -> Etape:
    return _pas(lambda p: p.tenir_audition(procedure_id, assistee_par, faits.decision(auteur=faits.PERSONNE)))


def procedure_close(procedure_id: str = "s1") -> Etape:
    return _pas(lambda p: p.clore_procedure(procedure_id, faits.decision(motif="Hospitalisation justifiée")))


def sanction_rsa_decidee(
    procedure_id: str = "s1", sanction: Sanction | None = None, jour: date = date(2025, 7, 15)
) -> Etape:
    """A sanction on the RSA, decided by the président du conseil départemental (CASF L.262-37)."""
    d = faits.decision_autorite(jour, faits.PRESIDENT_DEPARTEMENT, faits.ELU_DEPARTEMENT)
    rsa = sanction or faits.suspension(allocation=Allocation.RSA)
    return _pas(lambda p: p.decider_sanction(procedure_id, rsa, False, d, P))


def suspension_levee(procedure_id: str = "s1", jour: date = date(2025, 7, 25)) -> Etape:
    return _pas(lambda p: p.lever_suspension(procedure_id, faits.decision(jour=jour)))


def recours_tranche(
    procedure_id: str = "s1",
    recours_id: str = "r1",
    issue: IssueRecours = IssueRecours.REJET,
    jour: date = date(2025, 9, 1),
) -> Etape:
    d = faits.decision_autorite(jour)
    return _pas(lambda p: p.trancher_recours(procedure_id, recours_id, issue, None, d, P))


# --- added for the explanation of algorithmic decisions ---------------------------------------------


def explication_demandee(demande_id: str = "e1", jour: date = date(2025, 6, 20)) -> Etape:
    d = faits.decision(auteur=faits.PERSONNE, jour=jour)
    return _pas(lambda p: p.demander_explication(demande_id, d, P))


def explication_communiquee(demande_id: str = "e1", jour: date = date(2025, 7, 1)) -> Etape:
    return _pas(lambda p: p.communiquer_explication(demande_id, "…", faits.decision(jour=jour)))
