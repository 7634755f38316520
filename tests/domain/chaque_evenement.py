"""One recorded instance of every event of the parcours, drawn from histories the scenario kit builds.

Used where a test must hold each event in hand: the stored form of every event (``test_catalogue``),
every view folding every event (``tests/projections/test_catalogue_des_vues``). The histories are
recorded on a stopped clock, so the same code gives the same events, byte for byte.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime

from domain.decision import Decision, Fondement
from domain.evenements import EvenementParcours
from domain.horloge import sous_horloge
from domain.inscription import Inscription, Territoire
from domain.parcours import Parcours
from domain.vocabulaire import (
    CanalInscription,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NatureCourrier,
)
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    PROCEDURE_OUVERTE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    SUPPRESSION_TOTALE_NOTIFIEE,
    Etape,
    audition_tenue,
    courrier_emis,
    courrier_remis,
    droits_rsa_ouverts,
    explication_communiquee,
    explication_demandee,
    given,
    informe,
    inscrit,
    observations_recues,
    oriente,
    procedure_close,
    radiation_proposee,
    radie,
    recours_introduit,
    recours_tranche,
    referent_designe,
    reorientation_demandee,
    reoriente,
    situation_reexaminee,
    sorti,
    suspension_levee,
    transfere,
)

ENREGISTRE_LE = datetime(2026, 1, 5, 9, tzinfo=UTC)
"""Where the recording clock stands for the steps typed in late (``pas``)."""


def pas(commande: Callable[[Parcours], None]) -> Etape:
    """A step the shared scenario does not offer, recorded when the test runs it."""

    def etape(parcours: Parcours | None) -> Parcours:
        assert parcours is not None
        commande(parcours)
        return parcours

    return etape


def propose_selon_le_referentiel() -> Etape:
    """A proposal whose decision cites the published referential and uses a sensitive input."""
    d = Decision(
        auteur=faits.ALGORITHME,
        effective_le=faits.le(date(2025, 6, 2)),
        fondement=Fondement(articles=("arrêté du 21/11/2024",), referentiel=faits.REFERENTIEL),
        criteres=(faits.critere("age", 30), faits.critere("boe", True, sensible=True)),
    )
    return pas(lambda p: p.proposer_orientation(faits.proposition(sensible=True), d))


def oriente_autrement() -> Etape:
    d = faits.decision(motif="Logement très précaire révélé en entretien")
    return pas(lambda p: p.orienter(faits.SOCIAL_DEPARTEMENT, ModeOrientation.AGENT, d))


ENTRETIEN = pas(lambda p: p.tenir_entretien_orientation(faits.decision()))
REORIENTATION_REFUSEE = pas(
    lambda p: p.refuser_reorientation(faits.decision(motif="Aucun frein nouveau", jour=date(2025, 6, 13)))
)
CONTRAT_DISPENSE = pas(
    lambda p: p.mettre_a_jour_contrat(
        faits.contrat(0, dispense=faits.dispense_sante()), faits.decision(jour=date(2025, 6, 11)), faits.P
    )
)
DROITS_REVUS = pas(lambda p: p.revoir_droits_devoirs(faits.decision(jour=date(2025, 6, 10)), faits.P))
RECTIFIE = pas(lambda p: p.rectifier(3, {"structure": "Agence Paris 12"}, faits.decision(motif="Erreur de saisie")))
ROUVERT = pas(
    lambda p: p.rouvrir(
        # In the same département: registering again elsewhere is a move (test_competence).
        Inscription(MotifInscription.CONJOINT_RSA, CanalInscription.FLUX_CAF, Territoire("75")),
        faits.decision(auteur=faits.SYSTEME, jour=date(2025, 9, 1)),
    )
)
REFORMEE = faits.suppression_totale(mois=2)
REFORME = pas(
    lambda p: p.trancher_recours(
        "s2",
        "r1",
        IssueRecours.REFORMATION,
        REFORMEE,
        faits.decision_autorite(date(2025, 9, 15), motif=faits.MOTIF_REFORMATION),
        faits.P,
    )
)

HISTOIRES: tuple[tuple[Etape, ...], ...] = (
    (inscrit(MotifInscription.DEMANDE_RSA), propose_selon_le_referentiel(), ENTRETIEN, oriente_autrement()),
    (*SOUS_CONTRAT, referent_designe(), informe(), DROITS_REVUS, CONTRAT_DISPENSE),
    (*SOUS_CONTRAT, reorientation_demandee(), reoriente()),
    (*ORIENTE_ET_NOTIFIE, reorientation_demandee(), REORIENTATION_REFUSEE),
    (*SANCTION_NOTIFIEE, suspension_levee()),
    (*DELAI_ECOULE, observations_recues(), audition_tenue(), procedure_close()),
    (
        *RADIE,
        recours_introduit("s2", jour=date(2025, 10, 20)),
        recours_tranche("s2", issue=IssueRecours.ANNULATION, jour=date(2025, 11, 3)),
    ),
    (*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)), REFORME),
    (*ORIENTE_ET_NOTIFIE, RECTIFIE, sorti(MotifSortie.FORMATION), ROUVERT),
    (*ORIENTE_ET_NOTIFIE, explication_demandee(), explication_communiquee(jour=date(2025, 7, 25))),
    (
        *SUPPRESSION_TOTALE_NOTIFIEE,
        droits_rsa_ouverts(ouverts_le=date(2025, 8, 1), informe_le=date(2025, 8, 17)),
        radiation_proposee("s2"),
        radie("s2", jour=date(2025, 8, 20)),
    ),
    (*SOUS_CONTRAT, referent_designe(), transfere("13", jour=date(2025, 7, 1))),
    (inscrit(MotifInscription.DEMANDE_RSA), oriente(faits.SOCIAL_DEPARTEMENT), situation_reexaminee()),
    (*PROCEDURE_OUVERTE, courrier_emis(NatureCourrier.AVIS_CONTRADICTOIRE, 8), courrier_remis(9)),
)
"""Between them, these histories record every event of the parcours at least once."""


def histoires() -> list[list[EvenementParcours]]:
    """The events of each history, in order, recorded as the scenario says."""
    with sous_horloge(lambda: ENREGISTRE_LE):
        return [given(*etapes).passe for etapes in HISTOIRES]


def un_de_chaque() -> dict[type[EvenementParcours], EvenementParcours]:
    """The first recorded instance of each event, by class, in the order first met."""
    premiers: dict[type[EvenementParcours], EvenementParcours] = {}
    for evenements in histoires():
        for evenement in evenements:
            premiers.setdefault(type(evenement), evenement)
    return premiers
