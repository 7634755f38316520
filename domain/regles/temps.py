"""Business time and recording time (DESIGN §1.7; docs/evenements.md, "Temps métier et temps d'enregistrement").

A step's business time (``decision.effective_le``) says when it took effect; its recording time (the
event's ``timestamp``) comes from the command's clock (``domain.horloge``). For every new event, in one
place (``Parcours.trigger_event``):

- the business time is never later than the recording time, beyond the clock-skew tolerance;
- it is never earlier than the step it follows: each event names the steps it follows (``SUIT``) and the
  ones it stands for afterwards (``POSE``), and the aggregate keeps the latest business time of each
  (``Parcours.effets``);
- a step typed in late stays possible, and its decision says by how many days (``saisie_tardive_jours``).

Deadline rules read both clocks: ``jour_le_plus_tot`` for a step the law allows only once a period has
run (a sanction after the contradictoire), ``jour_le_plus_tard`` for a period the administration must
keep (the explanation within a month) or that a recours must be brought within.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from domain.decision import FUSEAU_METIER, Decision
from domain.erreurs import RegleEnfreinte
from domain.vocabulaire import TypeManquement


class DateMetierFuture(RegleEnfreinte):
    """A step takes effect no later than it is recorded, beyond a clock-skew tolerance
    (``Parametres.tolerance_horloge``), and the dates it states (a receipt, the facts of a breach) are
    no later than the step itself. The store records acts that happened: a date set ahead would start
    or end the law's deadlines at will (CT R.5412-7; CRPA L.411-2). A design invariant, DESIGN §1.7."""

    code = "date-metier-future"
    titre = "Date métier postérieure à l'enregistrement"


class DateMetierAvantEtapePrecedente(RegleEnfreinte):
    """A step takes effect no earlier than the step it follows, in the order the law sets: the
    notice received after the procedure opened, the decision after the contradictoire (CT R.5412-7),
    the contract after the notified orientation (CT D.5411-14-1), a recours after the notification of
    the decision (CRPA L.411-2), the explanation after its request (CRPA R.311-3-1-2), a sortie after
    every step of the parcours it ends (DESIGN §1.7)."""

    code = "date-metier-avant-etape-precedente"
    titre = "Date métier antérieure à l'étape qu'elle suit"


_PROCEDURE = ("procedure:{procedure_id}",)
SUIT: dict[str, tuple[str, ...]] = {
    "Inscrit": (),
    "Reouvert": ("dernier",),
    "Sorti": ("dernier",),
    "Transfere": ("dernier",),
    "EvenementRectifie": ("creation",),
    "DroitsRsaOuverts": ("episode",),
    "OrientationProposee": ("episode",),
    "EntretienOrientationTenu": ("episode",),
    "Oriente": ("episode", "instruction"),
    "OrientationNotifiee": ("orientation",),
    "ReferentDesigne": ("orientation",),
    "ReorientationDemandee": ("orientation", "reorientation"),
    "Reoriente": ("reorientation",),
    "ReorientationRefusee": ("reorientation",),
    "SituationReexaminee": ("orientation",),
    "DiagnosticRealise": ("orientation", "diagnostic"),
    "ContratSigne": ("notification",),
    "ContratMisAJour": ("contrat",),
    "DroitsDevoirsInformes": ("episode",),
    "DroitsDevoirsRevus": ("droits_devoirs",),
    "ManquementConstate": ("episode",),  # and the contract, for a breach of it: see ``etapes_suivies``
    "ContradictoireOuvert": (),  # its breaches: see ``etapes_suivies``
    "AvisContradictoireReceptionne": ("ouverture:{procedure_id}",),
    "ObservationsRecues": ("ouverture:{procedure_id}",),
    "AuditionTenue": ("ouverture:{procedure_id}",),
    "ProcedureClose": _PROCEDURE,
    "SanctionDecidee": _PROCEDURE,
    "SanctionNotifiee": _PROCEDURE,
    "SuspensionLevee": _PROCEDURE,
    "RadiationProposee": _PROCEDURE,
    "Radie": (*_PROCEDURE, "dernier"),
    "SanctionContestee": _PROCEDURE,
    "RecoursTranche": _PROCEDURE,
    "SanctionAnnulee": _PROCEDURE,
    "SanctionReformee": _PROCEDURE,
    "ExplicationDemandee": ("premiere_proposition",),
    "ExplicationCommuniquee": ("explication:{demande_id}",),
    "CourrierEmis": ("creation",),  # and the step it notifies: ``regles.courrier.verifier_apres_l_etape``
    "CourrierRemis": ("courrier:{courrier_version}",),
}
"""The steps each event follows: it takes effect no earlier than the latest of them. A rectification
follows only the parcours' creation: it corrects the record, now, of any earlier step."""

POSE: dict[str, tuple[str, ...]] = {
    "Inscrit": ("creation", "episode"),
    "Reouvert": ("episode",),
    "OrientationProposee": ("instruction", "premiere_proposition"),
    "EntretienOrientationTenu": ("instruction",),
    "Oriente": ("orientation",),
    "Reoriente": ("orientation", "reorientation"),
    "OrientationNotifiee": ("notification",),
    "ReorientationDemandee": ("reorientation",),
    "ReorientationRefusee": ("reorientation",),
    "DiagnosticRealise": ("diagnostic",),
    "ContratSigne": ("contrat",),
    "ContratMisAJour": ("contrat",),
    "DroitsDevoirsInformes": ("droits_devoirs",),
    "DroitsDevoirsRevus": ("droits_devoirs",),
    "ManquementConstate": ("manquement:{manquement_id}",),
    "ContradictoireOuvert": ("ouverture:{procedure_id}", *_PROCEDURE),
    "AvisContradictoireReceptionne": _PROCEDURE,
    "ObservationsRecues": _PROCEDURE,
    "AuditionTenue": _PROCEDURE,
    "ProcedureClose": _PROCEDURE,
    "SanctionDecidee": _PROCEDURE,
    "SanctionNotifiee": _PROCEDURE,
    "SuspensionLevee": _PROCEDURE,
    "RadiationProposee": _PROCEDURE,
    "Radie": _PROCEDURE,
    "SanctionContestee": _PROCEDURE,
    "RecoursTranche": _PROCEDURE,
    "SanctionAnnulee": _PROCEDURE,
    "SanctionReformee": _PROCEDURE,
    "ExplicationDemandee": ("explication:{demande_id}",),
    "CourrierEmis": ("courrier:{originator_version}",),
}
"""The steps an event stands for once recorded (besides ``dernier``, which every event advances)."""

PREMIERE_SEULEMENT = frozenset({"premiere_proposition"})
"""Steps whose first occurrence counts, not the latest."""

LIBELLES = {
    "creation": "l'inscription du parcours",
    "episode": "l'inscription ou la réouverture en cours",
    "dernier": "la dernière étape enregistrée du parcours",
    "instruction": "la proposition ou l'entretien d'orientation",
    "premiere_proposition": "la première proposition de l'algorithme",
    "orientation": "la décision d'orientation",
    "notification": "la notification de l'orientation",
    "reorientation": "la demande de réorientation ou la réponse qui lui a été faite",
    "diagnostic": "la version précédente du diagnostic",
    "contrat": "la signature ou la dernière mise à jour du contrat",
    "droits_devoirs": "l'information ou le dernier point sur les droits et devoirs",
    "manquement": "le constat du manquement « {} »",
    "ouverture": "l'ouverture de la procédure « {} »",
    "procedure": "la dernière étape de la procédure « {} »",
    "explication": "la demande d'explication « {} »",
    "courrier": "l'émission du courrier n° {}",
}


def _cles(modeles: tuple[str, ...], champs: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(modele.format_map(champs) if "{" in modele else modele for modele in modeles)


def etapes_suivies(nom: str, champs: Mapping[str, Any]) -> tuple[str, ...]:
    """The steps event ``nom``, with these fields, follows."""
    cles = _cles(SUIT[nom], champs)
    if nom == "ManquementConstate" and champs["manquement"].type is not TypeManquement.CONTRAT:
        cles += ("contrat",)  # a breach of the contract is found once the contract is signed (CT R.5412-1)
    if nom == "ContradictoireOuvert":
        cles += tuple(f"manquement:{m}" for m in champs["manquements"])
    return cles


def noter(effets: Mapping[str, datetime], nom: str, champs: Mapping[str, Any], effet: datetime) -> dict[str, datetime]:
    """The latest business time of each step, once event ``nom`` took effect at ``effet``."""
    notes = dict(effets)
    for cle in ("dernier", *_cles(POSE.get(nom, ()), champs)):
        if cle in notes and (cle in PREMIERE_SEULEMENT or notes[cle] >= effet):
            continue
        notes[cle] = effet
    return notes


def verifier_date_metier(decision: Decision, enregistre_le: datetime, tolerance: timedelta) -> None:
    if decision.effective_le > enregistre_le + tolerance:
        raise DateMetierFuture(
            f"L'étape prend effet le {_instant(decision.effective_le)}, après son enregistrement "
            f"({_instant(enregistre_le)}) : une date métier ne devance pas l'horloge de plus de {_duree(tolerance)}."
        )


def verifier_ordre(nom: str, champs: Mapping[str, Any], effets: Mapping[str, datetime], effet: datetime) -> None:
    for cle in etapes_suivies(nom, champs):
        precedente = effets.get(cle)
        if precedente is not None and effet < precedente:
            raise DateMetierAvantEtapePrecedente(
                f"L'étape prend effet le {_instant(effet)}, avant {libelle(cle)} ({_instant(precedente)})."
            )


def verifier_date_declaree(
    declaree: date, champ: str, decision: Decision, depuis: date | None = None, etape: str = ""
) -> None:
    """A date the step states (a receipt, the facts of a breach): not after the step itself, and not
    before ``depuis``, the day of ``etape``, the step that made it possible, when there is one."""
    if declaree > decision.jour:
        raise DateMetierFuture(
            f"{champ} : le {declaree.isoformat()}, après la date d'effet de l'étape qui l'établit "
            f"({decision.jour.isoformat()})."
        )
    if depuis is not None and declaree < depuis:
        raise DateMetierAvantEtapePrecedente(
            f"{champ} : le {declaree.isoformat()}, avant {etape} ({depuis.isoformat()})."
        )


def saisie_tardive_jours(decision: Decision, enregistre_le: datetime) -> int:
    """How many French calendar days after its business day a step is recorded (0 if the same day)."""
    return max(0, (jour_de(enregistre_le) - decision.jour).days)


def jour_de(instant: datetime) -> date:
    return instant.astimezone(FUSEAU_METIER).date()


def jour_le_plus_tot(decision: Decision, enregistre_le: datetime) -> date:
    """The earlier of the business day and the recording day: a step allowed only once a period has
    run must be past it on both clocks."""
    return min(decision.jour, jour_de(enregistre_le))


def jour_le_plus_tard(decision: Decision, enregistre_le: datetime) -> date:
    """The later of the two days: a step due within a period is in time only if it is on both clocks."""
    return max(decision.jour, jour_de(enregistre_le))


def libelle(cle: str) -> str:
    nature, _, ident = cle.partition(":")
    return LIBELLES[nature].format(ident)


def _instant(instant: datetime) -> str:
    return instant.astimezone(FUSEAU_METIER).isoformat(timespec="minutes")


def _duree(duree: timedelta) -> str:
    minutes = int(duree.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"
