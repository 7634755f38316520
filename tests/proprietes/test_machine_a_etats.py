"""Any sequence of commands: what is accepted replays to the same state and never breaks the law.

Hypothesis drives random commands against one parcours, on a recording clock of its own and with
business times that move with it, ahead of it or behind it. A refused command must raise a named
rule and leave state and history untouched. After every step, checks that do not reuse the
aggregate's own code: replaying the history rebuilds the same state, the history read as a
whole satisfies the legal invariants (``invariants_legaux``) and the rules of business time
(``invariants_temps``), and the dossier view folded from it grants access to the same people as
the aggregate.
"""

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.decision import FUSEAU_METIER, Auteur, Autorite, Decision
from domain.erreurs import RegleEnfreinte
from domain.horloge import sous_horloge
from domain.orientation import Orientation
from domain.parcours import Parcours
from domain.sanction import Sanction
from domain.vocabulaire import (
    Allocation,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    NiveauSanction,
    Organisme,
    TypeManquement,
    TypeRecours,
)
from projections.dossier import Dossier
from projections.vue import plier
from tests.proprietes.invariants_legaux import verifier_historique
from tests.proprietes.invariants_temps import verifier_temps
from tests.support import faits
from tests.support.horloge import HorlogeDeTest
from tests.support.scenario import PARCOURS_ID, rejouer

T0 = datetime(2025, 6, 2, 10, tzinfo=UTC)
"""The first business time; the recording clock starts two hours later."""
JOURS = 24 * 60
"""Business and recording times move by the minute: steps land on both sides of the tolerance."""
ORIENTATIONS = st.sampled_from([faits.EMPLOI_FT, faits.SOCIAL_DEPARTEMENT, None])
AUTEURS = st.sampled_from([faits.CONSEILLER, faits.AUTORITE, faits.SYSTEME, faits.PERSONNE])
MOTIFS = st.sampled_from([None, "motif circonstancié"])
FAITS = "Absences répétées aux ateliers, constatées sur les feuilles d'émargement"
"""The reasons of the steps that follow the expected path (CRPA L.211-2, L.211-5)."""
PROCEDURES = st.sampled_from(["s1", "s2"])
MANQUEMENTS = st.sampled_from(["m1", "m2", "m3"])
SANCTIONS = st.sampled_from(
    [
        faits.suspension(),
        faits.suspension(mois=3),
        faits.suspension(niveau=NiveauSanction.NIVEAU_2, mois=4),
        faits.suspension(allocation=Allocation.RSA),
        faits.suppression_totale(),
        faits.suppression_totale(allocation=Allocation.RSA),
    ]
)
AUTORITES = st.sampled_from([None, faits.DIRECTEUR_REGIONAL, faits.PRESIDENT_DEPARTEMENT])


class MachineParcours(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.effet = T0
        self.horloge = HorlogeDeTest(T0 + timedelta(hours=2))
        with sous_horloge(self.horloge, faits.P.tolerance_horloge):
            self.parcours = Parcours.inscrire(faits.inscription(), self.decision(), PARCOURS_ID)
        self.historique: list[Any] = list(self.parcours.collect_events())
        self.refus = 0

    @property
    def jour(self) -> date:
        return self.effet.astimezone(FUSEAU_METIER).date()

    def decision(
        self, auteur: Auteur = faits.CONSEILLER, motif: str | None = None, autorite: Autorite | None = None
    ) -> Decision:
        return Decision(auteur=auteur, effective_le=self.effet, motif=motif, autorite=autorite)

    def jouer(self, commande: Callable[[Parcours], None]) -> None:
        avant = copy.deepcopy(self.parcours.__dict__)
        try:
            with sous_horloge(self.horloge, faits.P.tolerance_horloge):
                commande(self.parcours)
        except RegleEnfreinte:
            self.refus += 1
            assert self.parcours.collect_events() == [], "a refused command records nothing"
            assert self.parcours.__dict__ == avant, "a refused command changes nothing"
        else:
            self.historique.extend(self.parcours.collect_events())

    def passer(self, minutes: int) -> None:
        """Time passes: the clock moves on and business time meets it again, two hours behind (a step
        recorded as it happens), whatever skew the steps before had."""
        self.horloge.avancer(minutes=minutes)
        self.effet = self.horloge.instant - timedelta(hours=2)

    @rule(jours=st.integers(0, 45), minutes=st.integers(0, JOURS))
    def le_temps_passe(self, jours: int, minutes: int) -> None:
        self.passer(jours * JOURS + minutes)

    @rule(minutes=st.integers(0, 30 * JOURS))
    def la_saisie_prend_du_retard(self, minutes: int) -> None:
        """Only the recording clock moves: the next steps are typed in late."""
        self.horloge.avancer(minutes=minutes)

    @rule(minutes=st.integers(-30 * JOURS, 30 * JOURS))
    def la_date_metier_se_decale(self, minutes: int) -> None:
        """Only business time moves, backwards (before steps already recorded) or ahead of the clock."""
        self.effet += timedelta(minutes=minutes)

    @rule(secondes=st.integers(-600, 600))
    def la_date_metier_frole_l_horloge(self, secondes: int) -> None:
        """Business time a few minutes from the recording clock, on both sides of the tolerance."""
        self.effet = self.horloge.instant + timedelta(seconds=secondes)

    @rule(orientation=ORIENTATIONS, sensible=st.booleans())
    def proposer(self, orientation: Orientation | None, sensible: bool) -> None:
        criteres = (faits.critere("boe", sensible, sensible=sensible),)
        d = Decision(auteur=faits.ALGORITHME, effective_le=self.effet, criteres=criteres)
        self.jouer(lambda p: p.proposer_orientation(faits.proposition(orientation, sensible=sensible), d))

    @rule(
        orientation=st.sampled_from([faits.EMPLOI_FT, faits.SOCIAL_DEPARTEMENT]),
        mode=st.sampled_from(ModeOrientation),
        auteur=AUTEURS,
        motif=MOTIFS,
    )
    def orienter(self, orientation: Orientation, mode: ModeOrientation, auteur: Auteur, motif: str | None) -> None:
        self.jouer(lambda p: p.orienter(orientation, mode, self.decision(auteur, motif)))

    @rule()
    def notifier_et_entretenir(self) -> None:
        self.jouer(lambda p: p.tenir_entretien_orientation(self.decision()))
        self.jouer(lambda p: p.notifier_orientation(self.decision(), faits.P))

    @rule(organisme=st.sampled_from(Organisme))
    def designer_referent(self, organisme: Organisme) -> None:
        self.jouer(lambda p: p.designer_referent(faits.referent(organisme), self.decision()))

    @rule()
    def diagnostiquer(self) -> None:
        self.jouer(lambda p: p.realiser_diagnostic(faits.diagnostic(), self.decision()))

    @rule(
        heures=st.sampled_from([0, 10, 15, 35]),
        justifie=st.booleans(),
        dispense=st.booleans(),
        organisme=st.sampled_from([Organisme.FRANCE_TRAVAIL, Organisme.DEPARTEMENT]),
        mise_a_jour=st.booleans(),
    )
    def contractualiser(
        self, heures: int, justifie: bool, dispense: bool, organisme: Organisme, mise_a_jour: bool
    ) -> None:
        contrat = faits.contrat(
            heures, organisme, "frein de mobilité" if justifie else None, faits.dispense_sante() if dispense else None
        )
        if mise_a_jour:
            self.jouer(lambda p: p.mettre_a_jour_contrat(contrat, self.decision(), faits.P))
        else:
            self.jouer(lambda p: p.signer_contrat(contrat, self.decision(), faits.P))

    @rule(motif=MOTIFS, issue=st.sampled_from(["demande", "accepte", "refuse"]))
    def reorienter(self, motif: str | None, issue: str) -> None:
        commandes: dict[str, Callable[[Parcours], None]] = {
            "demande": lambda p: p.demander_reorientation(self.decision(motif=motif)),
            "accepte": lambda p: p.reorienter(faits.SOCIAL_DEPARTEMENT, self.decision()),
            "refuse": lambda p: p.refuser_reorientation(self.decision(motif=motif)),
        }
        self.jouer(commandes[issue])

    @rule(revoir=st.booleans())
    def droits_et_devoirs(self, revoir: bool) -> None:
        if revoir:
            self.jouer(lambda p: p.revoir_droits_devoirs(self.decision(), faits.P))
        else:
            self.jouer(lambda p: p.informer_droits_devoirs(self.decision()))

    @rule(manquement_id=MANQUEMENTS, type_manquement=st.sampled_from(TypeManquement))
    def constater(self, manquement_id: str, type_manquement: TypeManquement) -> None:
        manquement = faits.manquement(type_manquement)
        self.jouer(lambda p: p.constater_manquement(manquement_id, manquement, self.decision()))

    @rule(procedure=PROCEDURES, manquements=st.lists(MANQUEMENTS, max_size=2, unique=True), envisagee=SANCTIONS)
    def ouvrir(self, procedure: str, manquements: list[str], envisagee: Sanction) -> None:
        self.jouer(
            lambda p: p.ouvrir_contradictoire(
                procedure, tuple(manquements), envisagee, Destinataire.PERSONNE, self.decision(), faits.P
            )
        )

    @rule(
        procedure=PROCEDURES,
        etape=st.sampled_from(["reception", "observations", "audition", "cloture"]),
        recu_il_y_a=st.integers(-2, 20),
    )
    def contradictoire(self, procedure: str, etape: str, recu_il_y_a: int) -> None:
        recu_le = self.jour - timedelta(days=recu_il_y_a)
        commandes: dict[str, Callable[[Parcours], None]] = {
            "reception": lambda p: p.receptionner_avis(procedure, recu_le, self.decision(), faits.P),
            "observations": lambda p: p.recevoir_observations(procedure, self.decision(faits.PERSONNE)),
            "audition": lambda p: p.tenir_audition(procedure, None, self.decision()),
            "cloture": lambda p: p.clore_procedure(procedure, self.decision(motif="hospitalisation")),
        }
        self.jouer(commandes[etape])

    @rule(
        procedure=PROCEDURES,
        sanction=SANCTIONS,
        auteur=AUTEURS,
        autorite=AUTORITES,
        avis=st.booleans(),
        motif=MOTIFS,
    )
    def sanctionner(
        self,
        procedure: str,
        sanction: Sanction,
        auteur: Auteur,
        autorite: Autorite | None,
        avis: bool,
        motif: str | None,
    ) -> None:
        d = self.decision(auteur, motif, autorite)
        self.jouer(lambda p: p.decider_sanction(procedure, sanction, avis, d, faits.P))

    @rule(procedure=PROCEDURES, etape=st.sampled_from(["notifier", "sans_voies", "lever", "radier"]), motif=MOTIFS)
    def suites_de_la_sanction(self, procedure: str, etape: str, motif: str | None) -> None:
        commandes: dict[str, Callable[[Parcours], None]] = {
            "notifier": lambda p: p.notifier_sanction(procedure, faits.VOIES_DE_RECOURS, self.decision(), faits.P),
            "sans_voies": lambda p: p.notifier_sanction(procedure, (), self.decision(), faits.P),
            "lever": lambda p: p.lever_suspension(procedure, self.decision()),
            "radier": lambda p: p.radier(procedure, self.decision(faits.AUTORITE, motif), faits.P),
        }
        self.jouer(commandes[etape])

    @rule(
        procedure=PROCEDURES,
        recours=st.sampled_from(["r1", "r2"]),
        issue=st.sampled_from([None, *IssueRecours]),
        reformee=st.sampled_from([None, faits.suspension()]),
        motif=MOTIFS,
    )
    def contester(
        self, procedure: str, recours: str, issue: IssueRecours | None, reformee: Sanction | None, motif: str | None
    ) -> None:
        if issue is None:
            d = self.decision(faits.PERSONNE)
            self.jouer(lambda p: p.introduire_recours(procedure, recours, TypeRecours.MEDIATION_PREALABLE, d))
        else:
            d = self.decision(motif=motif)
            self.jouer(lambda p: p.trancher_recours(procedure, recours, issue, reformee, d, faits.P))

    @rule(motif=st.sampled_from(MotifSortie), de=st.integers(1, 6))
    def sortir(self, motif: MotifSortie, de: int) -> None:
        if de == 6:  # a sortie ends most of the walk: one roll in six, so walks go deep
            self.jouer(lambda p: p.sortir(motif, self.decision()))

    @rule(motif=st.sampled_from(MotifInscription))
    def rouvrir(self, motif: MotifInscription) -> None:
        self.jouer(lambda p: p.rouvrir(faits.inscription(motif), self.decision()))

    @rule(demande=st.sampled_from(["e1", "e2"]), communiquer=st.booleans(), jours=st.integers(0, 40))
    def expliquer(self, demande: str, communiquer: bool, jours: int) -> None:
        self.jouer(lambda p: p.demander_explication(demande, self.decision(faits.PERSONNE), faits.P))
        if communiquer:
            self.passer(jours * JOURS)
            self.jouer(lambda p: p.communiquer_explication(demande, "…", self.decision()))

    @rule(version=st.integers(0, 40), motif=MOTIFS)
    def rectifier(self, version: int, motif: str | None) -> None:
        self.jouer(lambda p: p.rectifier(version, {"champ": "valeur corrigée"}, self.decision(motif=motif)))

    # --- steps that follow the expected path, so random walks reach sanctions and remedies ------

    @precondition(lambda self: self.parcours.orientation is None)
    @rule()
    def orienter_selon_la_proposition(self) -> None:
        proposee = self.parcours.proposition.orientation if self.parcours.proposition else None
        orientation = proposee or faits.EMPLOI_FT
        self.jouer(lambda p: p.orienter(orientation, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, self.decision()))
        self.jouer(lambda p: p.orienter(orientation, ModeOrientation.AGENT, self.decision()))
        self.jouer(lambda p: p.notifier_orientation(self.decision(), faits.P))

    @precondition(lambda self: self.parcours.orientation_notifiee and self.parcours.contrat is None)
    @rule(heures=st.sampled_from([15, 20]))
    def signer_le_contrat_attendu(self, heures: int) -> None:
        orientation = self.parcours.orientation
        assert orientation is not None
        contrat = faits.contrat(heures, orientation.organisme)
        self.jouer(lambda p: p.signer_contrat(contrat, self.decision(), faits.P))

    @precondition(lambda self: bool(self.parcours.manquements))
    @rule(procedure=PROCEDURES, envisagee=SANCTIONS)
    def poursuivre_le_dernier_manquement(self, procedure: str, envisagee: Sanction) -> None:
        dernier = list(self.parcours.manquements)[-1]
        self.jouer(
            lambda p: p.ouvrir_contradictoire(
                procedure, (dernier,), envisagee, Destinataire.PERSONNE, self.decision(), faits.P
            )
        )

    @precondition(lambda self: any(p.en_cours for p in self.parcours.procedures.values()))
    @rule(sanction=SANCTIONS, entendue=st.booleans())
    def sanctionner_dans_les_regles(self, sanction: Sanction, entendue: bool) -> None:
        procedure = next(p.id for p in self.parcours.procedures.values() if p.en_cours)
        autorite = faits.PRESIDENT_DEPARTEMENT if sanction.allocation is Allocation.RSA else faits.DIRECTEUR_REGIONAL
        if entendue:
            self.jouer(lambda p: p.tenir_audition(procedure, "un proche", self.decision(faits.PERSONNE)))
        d = self.decision(faits.AUTORITE, FAITS, autorite)
        self.jouer(lambda p: p.decider_sanction(procedure, sanction, True, d, faits.P))

    @precondition(lambda self: any(p.sanction_en_vigueur for p in self.parcours.procedures.values()))
    @rule(
        delai=st.integers(0, 90),
        issue=st.sampled_from(IssueRecours),
        reformee=st.sampled_from([None, faits.suspension()]),
        radier=st.booleans(),
    )
    def notifier_puis_contester(self, delai: int, issue: IssueRecours, reformee: Sanction | None, radier: bool) -> None:
        procedure = next(p.id for p in self.parcours.procedures.values() if p.sanction_en_vigueur)
        self.jouer(lambda p: p.notifier_sanction(procedure, faits.VOIES_DE_RECOURS, self.decision(), faits.P))
        if radier:
            self.jouer(lambda p: p.radier(procedure, self.decision(faits.AUTORITE, FAITS), faits.P))
        self.passer(delai * JOURS)
        recours = f"r{len(self.historique)}"
        d = self.decision(faits.PERSONNE)
        self.jouer(lambda p: p.introduire_recours(procedure, recours, TypeRecours.RAPO, d))
        self.jouer(
            lambda p: p.trancher_recours(procedure, recours, issue, reformee, self.decision(motif=FAITS), faits.P)
        )

    @invariant()
    def l_historique_rejoue_le_meme_etat(self) -> None:
        assert rejouer(self.historique) == self.parcours

    @invariant()
    def la_vue_dossier_rattache_le_parcours_comme_l_agregat(self) -> None:
        """Worklists are filtered on the dossier row's body and référent: the row must say what the aggregate says."""
        ligne = plier(Dossier(), self.historique)
        assert ligne is not None
        situation = self.parcours.situation
        rattache = (ligne.departement, ligne.organisme, ligne.referent)
        assert rattache == (situation.departement, self.parcours.organisme_responsable.value, situation.referent)
        assert (ligne.version, ligne.statut) == (self.parcours.version, self.parcours.statut.value)

    @invariant()
    def l_historique_respecte_la_loi(self) -> None:
        verifier_historique(self.historique, faits.P)

    @invariant()
    def le_temps_metier_ne_devance_pas_l_horloge_ni_l_etape_qu_il_suit(self) -> None:
        verifier_temps(self.historique, faits.P.tolerance_horloge)


TestMachineParcours = MachineParcours.TestCase
PROFIL = settings()  # the profile loaded by conftest (dev or ci)
TestMachineParcours.settings = settings(PROFIL, max_examples=PROFIL.max_examples * 4, stateful_step_count=80)
