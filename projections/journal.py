"""The journal view: one row per event, in plain French — the timeline of a parcours (DOMAIN §5).

Each row says what happened (``texte``), who took the step, for which authority, on what basis
and with which inputs (DESIGN §1.2). The sentence is built from the event's structured fields
only; the free-text motive stays in its own column. Rows hold case data (criteria values,
diagnostic themes, motive): they live in the view, whose columns can be blanked (DESIGN §7),
and never go to logs. The French words of the codes are in ``projections.libelles``.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, ClassVar

from domain.decision import Decision
from domain.evenements import EvenementParcours, nom
from domain.parcours import Parcours
from domain.personnel import EFFACE
from domain.vocabulaire import TypeAuteur
from projections.libelles import (
    AUTEURS,
    AUTORITES,
    CANAUX,
    DESTINATAIRES,
    DISPENSES,
    FREINS,
    ISSUES,
    MANQUEMENTS,
    MODES,
    MOTIFS_INSCRIPTION,
    MOTIFS_SORTIE,
    NATURES_COURRIER,
    ORGANISMES,
    PAR_CANAL,
    PREUVES_REMISE,
    RECOURS,
    THEMES,
    VERS,
    autorite,
    critere,
    date_fr,
    fondement,
    orientation_fr,
    pluriel,
    sanction_fr,
)
from projections.vue import Aiguillage


@dataclass(frozen=True)
class LigneJournal:
    parcours_id: str
    version: int
    type: str
    texte: str
    auteur_type: str | None
    auteur_id: str | None
    auteur_organisme: str | None
    autorite: str | None
    fondement: tuple[str, ...]
    criteres: tuple[str, ...]
    motif: str | None
    effective_le: datetime
    enregistre_le: datetime


class Journal:
    nom: ClassVar[str] = "journal"
    type_ligne: ClassVar[type[Any]] = LigneJournal
    ajout_seul: ClassVar[bool] = True

    def cle(self, evenement: EvenementParcours) -> str | None:
        # Zero-padded so that rows sorted by key come in version order.
        return f"{evenement.originator_id}:{evenement.originator_version:010d}"

    def evoluer(self, ligne: LigneJournal | None, evenement: EvenementParcours) -> LigneJournal | None:
        if ligne is not None:
            return ligne  # append-only: an event is written once and its row never changes
        # An event a later version stores may carry no decision: its row still says what is known.
        decision: Decision | None = getattr(evenement, "decision", None)
        auteur = decision.auteur if decision else None
        return LigneJournal(
            parcours_id=str(evenement.originator_id),
            version=evenement.originator_version,
            type=nom(evenement),
            texte=texte(evenement),
            auteur_type=auteur.type.value if auteur else None,
            auteur_id=auteur.id if auteur else None,
            auteur_organisme=auteur.organisme if auteur else None,
            autorite=autorite(decision.autorite) if decision and decision.autorite else None,
            fondement=fondement(decision.fondement) if decision else (),
            criteres=tuple(critere(c) for c in decision.criteres) if decision else (),
            motif=decision.motif if decision else None,
            effective_le=decision.effective_le if decision else evenement.timestamp,
            enregistre_le=evenement.timestamp,
        )

    def effacer(self, ligne: LigneJournal) -> LigneJournal:
        """The person erased (DESIGN §7): the decision's motive, a free text, reads as the store reads it
        once the key is gone; the sentence is built from codes and dates, and stays."""
        return ligne if ligne.motif is None else replace(ligne, motif=EFFACE)


def texte(evenement: EvenementParcours) -> str:
    """What happened, in one French sentence; an event this module does not know reads as its name."""
    phrase = TEXTES.pour(evenement)
    return phrase(evenement) if phrase else nom(evenement)


# --- pieces of sentences read from an event -------------------------------------------------------


def _inscription(e: Parcours.Inscrit | Parcours.Reouvert) -> str:
    i = e.inscription
    bassin = f", bassin {i.territoire.bassin}" if i.territoire.bassin else ""
    return f"{CANAUX[i.canal]} ({MOTIFS_INSCRIPTION[i.motif]}), département {i.territoire.departement}{bassin}"


def auteur_fr(e: EvenementParcours) -> str:
    return AUTEURS[e.decision.auteur.type]


def decideur_fr(e: EvenementParcours) -> str:
    """The competent authority when the decision names it, otherwise its author."""
    autorite = e.decision.autorite
    return AUTORITES[autorite.type] if autorite else auteur_fr(e)


def _contrat(e: Parcours.ContratSigne | Parcours.ContratMisAJour) -> str:
    c = e.contrat
    if c.dispense is not None:
        precision = f" (dispense : {DISPENSES[c.dispense.raison]})"
    elif c.justification_reduction:
        precision = " (durée réduite et motivée)"
    else:
        precision = ""
    return f"(version {e.numero}) : {c.heures_hebdo} h par semaine{precision}"


# --- one sentence per event -------------------------------------------------------------------


def _oriente(e: Parcours.Oriente) -> str:
    ecart = " (écart avec la proposition)" if e.divergence else ""
    return f"Orienté vers {orientation_fr(e.orientation, VERS)}, {MODES[e.mode]}{ecart}"


def _orientation_proposee(e: Parcours.OrientationProposee) -> str:
    p = e.proposition
    proposee = orientation_fr(p.orientation) if p.orientation else "entretien d'orientation nécessaire"
    validation = (
        " ; donnée sensible : validation par un agent requise"
        if p.donnee_sensible
        else (" ; validation par un agent requise" if p.validation_humaine and p.orientation else "")
    )
    referentiel = f"référentiel {p.referentiel.id} {p.referentiel.version}"
    return f"Orientation proposée par l'algorithme, {referentiel}, règle {p.regle} : {proposee}{validation}"


def _diagnostic(e: Parcours.DiagnosticRealise) -> str:
    items = "; ".join(f"{THEMES[i.theme]}, {FREINS[i.niveau]}" for i in e.diagnostic.items)
    avec = " avec la personne" if e.diagnostic.realise_avec_la_personne else ""
    return f"Diagnostic global réalisé{avec} (version {e.numero}) : {items}"


def _manquement(e: Parcours.ManquementConstate) -> str:
    m = e.manquement
    details = [f"faits du {date_fr(m.date_des_faits)}"] if m.date_des_faits else []
    if m.preuves:
        details.append(pluriel(len(m.preuves), "preuve"))
    return f"Manquement constaté : {MANQUEMENTS[m.type]}" + (f" ({', '.join(details)})" if details else "")


def _observations(e: Parcours.ObservationsRecues) -> str:
    if e.decision.auteur.type is TypeAuteur.PERSONNE:
        return "Observations écrites reçues de la personne"
    return f"Observations écrites de la personne enregistrées par {auteur_fr(e)}"


def _sanction_notifiee(e: Parcours.SanctionNotifiee) -> str:
    voies = ", ".join(dict.fromkeys(RECOURS[v.type] for v in e.voies_de_recours))
    limite = date_fr(e.date_limite_recours)
    return f"Sanction notifiée le {date_fr(e.notifiee_le)} : recours possible jusqu'au {limite} ({voies})"


def _sanction_reformee(e: Parcours.SanctionReformee) -> str:
    radiation = f", radiation jusqu'au {date_fr(e.radiation_jusqu_au)}" if e.radiation_jusqu_au else ""
    return f"Sanction réformée sur recours : {sanction_fr(e.sanction)}{radiation} ; nouvelle notification à faire"


T = Aiguillage[[], str]
TEXTES = T(
    T.quand(Parcours.Inscrit, lambda e: f"Inscription {_inscription(e)}"),
    T.quand(Parcours.Sorti, lambda e: f"Sortie du parcours : {MOTIFS_SORTIE[e.motif]}"),
    T.quand(Parcours.Reouvert, lambda e: f"Parcours rouvert par une nouvelle inscription {_inscription(e)}"),
    T.quand(
        Parcours.Transfere,
        lambda e: f"Parcours transféré au département {e.territoire.departement} (changement de domicile)",
    ),
    T.quand(
        Parcours.EvenementRectifie,
        lambda e: (
            f"Rectification de l'événement n° {e.version_rectifiee}, "
            f"{'champs corrigés' if len(e.corrections) > 1 else 'champ corrigé'} : {', '.join(e.corrections)}"
        ),
    ),
    T.quand(
        Parcours.DroitsRsaOuverts,
        lambda e: (
            f"Droits au RSA ouverts le {date_fr(e.ouverts_le)} : information reçue par le président du conseil "
            f"départemental le {date_fr(e.informe_le)}"
        ),
    ),
    T.quand(Parcours.OrientationProposee, _orientation_proposee),
    T.quand(
        Parcours.SituationReexaminee,
        lambda e: (
            "Situation réexaminée par l'équipe pluridisciplinaire : "
            + (
                f"parcours social maintenu, prochain réexamen le {date_fr(e.prochain_reexamen_le)}"
                if e.maintenu and e.prochain_reexamen_le
                else "réorientation vers l'emploi à décider"
            )
        ),
    ),
    T.quand(Parcours.EntretienOrientationTenu, lambda e: f"Entretien d'orientation tenu par {auteur_fr(e)}"),
    T.quand(Parcours.Oriente, _oriente),
    T.quand(
        Parcours.OrientationNotifiee,
        lambda e: (
            f"Orientation notifiée le {date_fr(e.notifiee_le)} : contrat à signer au plus tard le "
            f"{date_fr(e.date_limite_contrat)}"
        ),
    ),
    T.quand(
        Parcours.ReferentDesigne,
        lambda e: (
            f"Référent désigné : {e.referent.id} ({ORGANISMES[e.referent.organisme]}"
            f"{', ' + e.referent.structure if e.referent.structure else ''})"
        ),
    ),
    T.quand(Parcours.ReorientationDemandee, lambda e: f"Réorientation demandée par {auteur_fr(e)}"),
    T.quand(
        Parcours.Reoriente,
        lambda e: (
            f"Réorienté vers {orientation_fr(e.orientation, VERS)}, par {auteur_fr(e)} "
            f"(auparavant {orientation_fr(e.ancienne)})"
        ),
    ),
    T.quand(Parcours.ReorientationRefusee, lambda e: f"Demande de réorientation refusée par {auteur_fr(e)}"),
    T.quand(Parcours.DiagnosticRealise, _diagnostic),
    T.quand(Parcours.ContratSigne, lambda e: f"Contrat d'engagement signé {_contrat(e)}"),
    T.quand(Parcours.ContratMisAJour, lambda e: f"Contrat d'engagement mis à jour {_contrat(e)}"),
    T.quand(Parcours.DroitsDevoirsInformes, lambda e: "Personne informée de ses droits et devoirs"),
    T.quand(
        Parcours.DroitsDevoirsRevus,
        lambda e: f"Droits et devoirs revus : prochaine revue le {date_fr(e.prochaine_revue_le)}",
    ),
    T.quand(Parcours.ManquementConstate, _manquement),
    T.quand(
        Parcours.ContradictoireOuvert,
        lambda e: (
            f"Contradictoire ouvert : {sanction_fr(e.sanction_envisagee, 'envisagé')}, "
            f"avis {DESTINATAIRES[e.destinataire]}"
        ),
    ),
    T.quand(
        Parcours.AvisContradictoireReceptionne,
        lambda e: f"Avis reçu le {date_fr(e.recu_le)} : observations possibles jusqu'au {date_fr(e.date_limite)}",
    ),
    T.quand(Parcours.ObservationsRecues, _observations),
    T.quand(
        Parcours.AuditionTenue,
        lambda e: (
            "Audition tenue : personne entendue "
            + ("avec l'assistance d'une personne de son choix" if e.assistee_par else "sans assistance")
        ),
    ),
    T.quand(
        Parcours.ProcedureClose,
        lambda e: f"Procédure close sans sanction, motif légitime reconnu par {decideur_fr(e)}",
    ),
    T.quand(
        Parcours.SanctionDecidee,
        lambda e: (
            f"Sanction décidée par {decideur_fr(e)} : {sanction_fr(e.sanction)}"
            + (", après avis de l'équipe pluridisciplinaire" if e.avis_equipe_pluridisciplinaire else "")
        ),
    ),
    T.quand(Parcours.SanctionNotifiee, _sanction_notifiee),
    T.quand(Parcours.SuspensionLevee, lambda e: "Suspension levée : la personne s'est remobilisée"),
    T.quand(
        Parcours.RadiationProposee,
        lambda e: f"Radiation proposée à France Travail par {decideur_fr(e)} après la suppression du RSA",
    ),
    T.quand(
        Parcours.Radie,
        lambda e: f"Radiation du {date_fr(e.du)} au {date_fr(e.jusqu_au)} à la suite d'une suppression totale",
    ),
    T.quand(
        Parcours.SanctionContestee,
        lambda e: f"Recours introduit{' hors délai' if e.hors_delai else ''} ({RECOURS[e.type_recours]})",
    ),
    T.quand(Parcours.RecoursTranche, lambda e: f"Recours tranché par {decideur_fr(e)} : {ISSUES[e.issue]}"),
    T.quand(Parcours.SanctionAnnulee, lambda e: "Sanction annulée sur recours"),
    T.quand(Parcours.SanctionReformee, _sanction_reformee),
    T.quand(
        Parcours.ExplicationDemandee,
        lambda e: (
            f"Explication de la décision algorithmique demandée par {auteur_fr(e)} : réponse due au plus tard le "
            f"{date_fr(e.date_limite)}"
        ),
    ),
    T.quand(
        Parcours.ExplicationCommuniquee,
        lambda e: (
            f"Explication communiquée par {auteur_fr(e)}" + ("" if e.dans_le_delai else ", hors du délai d'un mois")
        ),
    ),
    T.quand(
        Parcours.CourrierEmis,
        lambda e: (
            f"Courrier envoyé {DESTINATAIRES[e.destinataire]} {PAR_CANAL[e.canal]} : {NATURES_COURRIER[e.nature]} "
            f"(étape n° {e.version_rendue}), empreinte SHA-256 {e.empreinte}"
        ),
    ),
    T.quand(
        Parcours.CourrierRemis,
        lambda e: f"Courrier n° {e.courrier_version} remis le {date_fr(e.remis_le)} ({PREUVES_REMISE[e.preuve]})",
    ),
)
"""One sentence per event of the catalogue; ``texte`` falls back to the name for an event it does not know."""
