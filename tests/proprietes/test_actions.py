"""The actions a dossier offers never disagree with the commands (DESIGN §5), on random reachable parcours.

The random walks of ``test_machine_a_etats`` reach every step, sanctions and remedies included. After each
step, every command of the catalogue (``domain.actions``) is judged on every object it may bear on, by a caller
competent for everything (competence has its own tests; here, the state): an offered action, run with a valid
payload, is refused by no rule; an action not offered is refused by the very error its precondition names, or
has nothing left to do (its outcome already reached: the command records nothing).
"""

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain.actions import ETAPES, Etape, a_faire, actions_possibles, objets, refus
from domain.competence import Acte, Droits, Situation
from domain.decision import FUSEAU_METIER, Auteur, Autorite, Decision
from domain.erreurs import RegleEnfreinte
from domain.horloge import sous_horloge
from domain.inscription import Territoire
from domain.orientation import Referent
from domain.parcours import Parcours
from domain.regles import etapes
from domain.regles import sanction as regles_sanction
from domain.sanction import Sanction
from domain.vocabulaire import (
    Allocation,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    MotifSortie,
    SourceDonnee,
    TypeAutorite,
    TypeManquement,
    TypeRecours,
)
from tests.proprietes.test_machine_a_etats import FAITS, PROFIL, MachineParcours
from tests.support import faits

TOUT = Droits(actes=frozenset(Acte), allocations=frozenset(Allocation))
"""A caller competent for every act on every allowance: only the state decides."""
AUTORITE_DE: dict[Allocation, Autorite] = {
    Allocation.RSA: faits.PRESIDENT_DEPARTEMENT,
    Allocation.ALLOCATION_CEJ: Autorite(type=TypeAutorite.MISSION_LOCALE, id="ML-75"),
    Allocation.ALLOCATION_PACEA: Autorite(type=TypeAutorite.MISSION_LOCALE, id="ML-75"),
}
Commande = Callable[[Parcours], None]
CHEMIN_DES_SANCTIONS = frozenset(
    {
        *("constater_manquement", "ouvrir_contradictoire", "presenter_observations", "decider_sanction"),
        *("notifier_sanction", "lever_suspension", "proposer_radiation", "radier", "introduire_recours"),
        "trancher_recours",
    }
)
ENVISAGEES = (
    faits.suspension(),
    faits.suppression_totale(),
    faits.avertissement(),
    faits.suppression_totale(Allocation.RSA),
)
"""What the procedures the walk opens envisage, in turn: every road after a decision is taken."""


def tout_permis(_: Situation) -> Droits:
    return TOUT


class MachineDesActions(MachineParcours):
    def instant(self) -> datetime:
        """A step recorded as it happens: now, and never before a step already recorded."""
        return max([self.horloge.instant, *self.parcours.effets.values()])

    def valide(self, auteur: Auteur = faits.CONSEILLER, autorite: Autorite | None = None) -> Decision:
        return Decision(auteur=auteur, effective_le=self.instant(), motif=FAITS, autorite=autorite)

    def jour_commun(self) -> date:
        """The day both clocks agree a step takes effect on (the API reads on today's date, for both)."""
        return min(self.instant().astimezone(FUSEAU_METIER).date(), self.horloge.instant.date())

    def commande(self, nom: str, ids: tuple[str, ...]) -> Commande:
        """The command ``nom`` on ``ids`` with a payload valid for the state, that never repeats an outcome."""
        p, d, params = self.parcours, self.valide(), faits.P
        jour = d.jour
        orientation = p.orientation or (p.proposition.orientation if p.proposition else None) or faits.EMPLOI_FT
        autre = faits.SOCIAL_DEPARTEMENT if orientation.meme_que(faits.EMPLOI_FT) else faits.EMPLOI_FT
        nouvelle = autre if p.orientation is not None else orientation
        referent = p.referent.id if p.referent else "agent-42"
        heures = 30 if p.contrat is not None and p.contrat.heures_hebdo == 35 else 35
        contrat = replace(faits.contrat(heures, orientation.organisme), referent=referent)
        if nom in ("signer_contrat", "mettre_a_jour_contrat") and p.contrat is None:
            contrat = replace(contrat, heures_hebdo=15)
        rsa = faits.inscription(MotifInscription.DEMANDE_RSA)
        ailleurs = Territoire("13", "Marseille") if p.territoire.departement != "13" else Territoire("75", "Paris")
        n = str(p.version)
        sid = ids[0] if ids else ""
        if nom in ("decider_sanction", "radier", "trancher_recours"):
            allocation = p.allocation_de(sid)
            d = self.valide(faits.AUTORITE, AUTORITE_DE.get(allocation, faits.DIRECTEUR_REGIONAL))
        commandes: dict[str, Commande] = {
            "transferer": lambda q: q.transferer(ailleurs, d),
            "informer_droits_rsa": lambda q: q.informer_droits_rsa(jour, jour, SourceDonnee.FLUX_CAF, d),
            "sortir": lambda q: q.sortir(MotifSortie.EMPLOI_DURABLE, d),
            # Where it is followed: elsewhere, the aggregate records a move while the parcours is closed, which
            # ``invariants_legaux`` does not admit yet (APRES_SORTIE lacks ``Transfere`` before ``Reouvert``).
            "rouvrir": lambda q: q.rouvrir(replace(rsa, territoire=q.territoire), d),
            "rectifier": lambda q: q.rectifier(1, {"champ": "valeur corrigée"}, d),
            "completer_donnees_orientation": lambda q: q.proposer_orientation(
                faits.proposition(faits.EMPLOI_FT), replace(d, auteur=faits.ALGORITHME)
            ),
            "tenir_entretien_orientation": lambda q: q.tenir_entretien_orientation(d),
            "orienter": lambda q: q.orienter(nouvelle, ModeOrientation.AGENT, d),
            "notifier_orientation": lambda q: q.notifier_orientation(d, params),
            "designer_referent": lambda q: q.designer_referent(Referent("agent-43", orientation.organisme), d),
            "demander_reorientation": lambda q: q.demander_reorientation(d),
            "accepter_reorientation": lambda q: q.reorienter(autre, d),
            "refuser_reorientation": lambda q: q.refuser_reorientation(d),
            "reexaminer_situation": lambda q: q.reexaminer_situation(True, d, params),
            "demander_explication": lambda q: q.demander_explication(f"e{n}", d, params),
            "communiquer_explication": lambda q: q.communiquer_explication(sid, "…", d),
            "realiser_diagnostic": lambda q: q.realiser_diagnostic(faits.diagnostic(), d),
            "signer_contrat": lambda q: q.signer_contrat(contrat, d, params),
            "mettre_a_jour_contrat": lambda q: q.mettre_a_jour_contrat(contrat, d, params),
            "informer_droits_devoirs": lambda q: q.informer_droits_devoirs(d),
            "revoir_droits_devoirs": lambda q: q.revoir_droits_devoirs(d, params),
            "constater_manquement": lambda q: q.constater_manquement(
                f"m{n}", faits.manquement(TypeManquement.CONTRAT), d
            ),
            "ouvrir_contradictoire": lambda q: q.ouvrir_contradictoire(
                f"s{n}",
                etapes.manquements_a_poursuivre(q)[:1],
                ENVISAGEES[len(q.procedures) % len(ENVISAGEES)],
                Destinataire.PERSONNE,
                d,
                params,
            ),
            "receptionner_avis": lambda q: q.receptionner_avis(sid, jour, d, params),
            "presenter_observations": lambda q: q.recevoir_observations(sid, replace(d, auteur=faits.PERSONNE)),
            "tenir_audition": lambda q: q.tenir_audition(sid, None, d),
            "clore_procedure": lambda q: q.clore_procedure(sid, d),
            "decider_sanction": lambda q: q.decider_sanction(sid, self.sanction(sid), True, d, params),
            "notifier_sanction": lambda q: q.notifier_sanction(sid, faits.VOIES_DE_RECOURS, d, params),
            "lever_suspension": lambda q: q.lever_suspension(sid, d),
            "proposer_radiation": lambda q: q.proposer_radiation(sid, d, params),
            "radier": lambda q: q.radier(sid, d, params),
            "introduire_recours": lambda q: q.introduire_recours(
                sid, f"r{n}", TypeRecours.MEDIATION_PREALABLE, replace(d, auteur=faits.PERSONNE)
            ),
            "trancher_recours": lambda q: q.trancher_recours(sid, ids[-1], self.issue(sid, ids), None, d, params),
        }
        return commandes[nom]

    def sanction(self, sid: str) -> Sanction:
        """The sanction envisaged, or a warning where gradation forbids it (a payload the rules accept); a
        new outcome once one is decided, never a repeat."""
        procedure = self.parcours.procedures[sid]
        envisagee, avertissement = (
            procedure.sanction_envisagee,
            faits.avertissement(procedure.sanction_envisagee.allocation),
        )
        try:
            regles_sanction.verifier_gradation(envisagee, procedure, self.parcours.procedures)
            choisie = envisagee
        except RegleEnfreinte:
            choisie = avertissement
        if procedure.sanction == choisie:
            return faits.suspension(allocation=envisagee.allocation) if choisie == avertissement else avertissement
        return choisie

    def issue(self, sid: str, ids: tuple[str, ...]) -> IssueRecours:
        """Annulment, unless the recours was annulled already: then a rejet (a new outcome, not a repeat)."""
        recours = self.parcours.procedures[sid].recours_numero(ids[-1])
        return (
            IssueRecours.REJET
            if recours is not None and recours.issue is IssueRecours.ANNULATION
            else (IssueRecours.ANNULATION)
        )

    def essayer(self, commande: Commande, sur_une_copie: bool) -> tuple[RegleEnfreinte | None, int]:
        """Runs the command: the error it raises, or the number of events it records. A command expected to
        be refused runs on the parcours itself (a refusal changes nothing, ``MachineParcours.jouer``; if it
        were accepted the test fails anyway); one expected to pass, on a copy."""
        parcours = copy.deepcopy(self.parcours) if sur_une_copie else self.parcours
        try:
            with sous_horloge(self.horloge, faits.P.tolerance_horloge):
                commande(parcours)
        except RegleEnfreinte as erreur:
            return erreur, 0
        return None, len(parcours.collect_events())

    @rule(data=st.data())
    def suivre_une_action_offerte(self, data: st.DataObject) -> None:
        """The walk follows the dossier: sanctions, remedies and RSA reviews are reached as a screen reaches them."""
        offertes = actions_possibles(self.parcours, tout_permis, self.jour_commun(), faits.P)
        if offertes:
            action = data.draw(st.sampled_from(offertes))
            self.jouer(self.commande(action.nom, action.objets))

    @rule(data=st.data())
    def suivre_la_procedure(self, data: st.DataObject) -> None:
        """The walk goes down the road of sanctions when it can (breach, procedure, decision, notice, recours): the
        deep states come often."""
        offertes = actions_possibles(self.parcours, tout_permis, self.jour_commun(), faits.P)
        sanctions = [a for a in offertes if a.nom in CHEMIN_DES_SANCTIONS]
        if sanctions:
            action = data.draw(st.sampled_from(sanctions))
            self.jouer(self.commande(action.nom, action.objets))

    @invariant()
    def une_action_offerte_est_acceptee_une_action_refusee_n_etait_pas_offerte(self) -> None:
        jour, params = self.jour_commun(), faits.P
        offertes = {(a.nom, a.objets) for a in actions_possibles(self.parcours, tout_permis, jour, params)}
        for etape in ETAPES:
            for ids in objets(self.parcours, etape.objet):
                assert ((etape.nom, ids) in offertes) == a_faire(etape, self.parcours, jour, params, *ids)
                self.verifier(etape, ids, offerte=(etape.nom, ids) in offertes, jour=jour)

    def verifier(self, etape: Etape, ids: tuple[str, ...], offerte: bool, jour: date) -> None:
        erreur, enregistres = self.essayer(self.commande(etape.nom, ids), sur_une_copie=offerte)
        quoi = f"{etape.nom}{ids}"
        if offerte:
            assert erreur is None, f"{quoi} offered, then refused: {erreur!r}"
            return
        attendue = refus(etape, self.parcours, jour, faits.P, *ids)
        deja = etape.deja is not None and etape.deja(self.parcours, *ids)
        if deja and erreur is None:
            assert enregistres == 0, f"{quoi} not offered as done already, yet it records"
            return
        assert attendue is not None, f"{quoi} not offered, nothing refuses it"
        assert type(erreur) is type(attendue), f"{quoi} not offered for {attendue!r}, the command gave {erreur!r}"


TestMachineDesActions = MachineDesActions.TestCase
TestMachineDesActions.settings = settings(PROFIL, stateful_step_count=40)
