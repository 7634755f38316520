"""The state precondition of each command of a parcours, named once: the command calls it first, and the
actions a dossier offers (``domain.actions``) are the commands whose precondition passes, so that a screen
and the server never disagree (DESIGN §5).

A precondition reads only the parcours' state (and, for a procedure, a recours or a request, which one):
what a command's payload decides (which orientation, which sanction, a motive) is judged by the command
after it. Each raises the named error the command has always raised. ``deja_*`` say an outcome is already
reached: the command then records nothing (DESIGN: repeating an outcome is not an error), and nothing is
offered.
"""

from typing import TYPE_CHECKING

from domain.orientation import Orientation
from domain.parametres import Parametres
from domain.regles import competence as regles_competence
from domain.regles import contrat as regles_contrat
from domain.regles import explication as regles_explication
from domain.regles import orientation as regles_orientation
from domain.regles import parcours as regles_parcours
from domain.regles import recours as regles_recours
from domain.regles import sanction as regles_sanction
from domain.regles.contrat import ContratDejaSigne
from domain.regles.orientation import OrientationDejaDecidee, ReorientationNonDemandee
from domain.regles.parcours import DroitsDevoirsNonInformes
from domain.regles.sanction import ManquementNonPoursuivable
from domain.sanction import Procedure, Recours, Sanction
from domain.vocabulaire import Statut

if TYPE_CHECKING:  # the aggregate imports this module: its type is named, never imported, here
    from domain.parcours import Parcours


# --- inscription, sortie, transfert ---------------------------------------------------------------


def en_cours(p: "Parcours") -> None:
    """Every step of an open parcours (CT L.5411-1, R.5411-17): ``ParcoursSorti`` after a sortie."""
    regles_parcours.verifier_en_cours(p.statut)


def deja_sorti(p: "Parcours") -> bool:
    return p.statut is Statut.SORTI


def deja_rouvert(p: "Parcours") -> bool:
    return p.statut is Statut.EN_COURS


# --- orientation ------------------------------------------------------------------------------------


def avant_orienter(p: "Parcours") -> None:
    """An open parcours not yet oriented: a later change is a réorientation (CT L.5411-5-1 II, V)."""
    en_cours(p)
    if p.orientation is not None:
        raise OrientationDejaDecidee("Le parcours est déjà orienté : passer par une réorientation.")


def oriente(p: "Parcours", etape: str) -> Orientation:
    """An open parcours whose orientation is decided (``OrientationNonDecidee``)."""
    en_cours(p)
    return regles_orientation.verifier_orientation_decidee(p.orientation, etape)


def deja_notifiee(p: "Parcours") -> bool:
    return p.orientation_notifiee


def deja_demandee(p: "Parcours") -> bool:
    return p.reorientation_demandee


def avant_statuer_reorientation(p: "Parcours") -> Orientation:
    """A pending request of réorientation, on an oriented parcours (CT L.5411-5-1 V)."""
    en_cours(p)
    if not p.reorientation_demandee:
        raise ReorientationNonDemandee("Aucune demande de réorientation en attente.")
    return oriente(p, "Réorientation")


def avant_reexaminer(p: "Parcours") -> Orientation:
    """An RSA beneficiary oriented to a social path (CASF L.262-31)."""
    orientation = oriente(p, "Réexamen")
    regles_competence.verifier_reexamen(p.situation.rsa, orientation)
    return orientation


def avant_demander_explication(p: "Parcours") -> None:
    """A proposal of the algorithm to explain (CRPA L.311-3-1); open after a sortie too."""
    regles_explication.verifier_decision_algorithmique(p.propositions)


def avant_communiquer_explication(p: "Parcours", demande_id: str) -> None:
    """A request pending under this id (CRPA R.311-3-1-2)."""
    regles_explication.verifier_demande_en_attente(demande_id, dict(p.explications_attendues))


# --- contrat, droits et devoirs ------------------------------------------------------------------------


def avant_signer_contrat(p: "Parcours") -> Orientation:
    """The orientation notified and no contract signed yet (CT L.5411-6, D.5411-14-1)."""
    orientation = oriente(p, "Contrat")
    regles_contrat.verifier_contrat_apres_notification(p.orientation_notifiee)
    if p.contrat is not None:
        raise ContratDejaSigne("Un contrat est déjà signé : le mettre à jour.")
    return orientation


def avant_mettre_a_jour_contrat(p: "Parcours") -> Orientation:
    """A signed contract to update, of an oriented parcours (CT L.5411-6-2)."""
    en_cours(p)
    regles_contrat.verifier_contrat_signe(p.contrat)
    return oriente(p, "Contrat")


def avant_revoir_droits_devoirs(p: "Parcours") -> None:
    """The review follows the first information (CT L.5411-6)."""
    en_cours(p)
    if not p.droits_devoirs_informes:
        raise DroitsDevoirsNonInformes("La personne n'a pas encore été informée de ses droits et devoirs.")


# --- manquements, contradictoire, sanctions, recours --------------------------------------------------


def manquements_a_poursuivre(p: "Parcours") -> tuple[str, ...]:
    """The breaches found that no procedure pursues yet, in the order they were found."""
    poursuivis = {m for procedure in p.procedures.values() for m in procedure.manquements}
    return tuple(m for m in p.manquements if m not in poursuivis)


def avant_ouvrir_contradictoire(p: "Parcours") -> None:
    """An open parcours with a breach found and not yet pursued (CT R.5412-7)."""
    en_cours(p)
    if not manquements_a_poursuivre(p):
        raise ManquementNonPoursuivable("Aucun manquement constaté qui ne fasse déjà l'objet d'une procédure.")


def avant_conduire_procedure(p: "Parcours", procedure_id: str) -> Procedure:
    """A step of the contradictoire: an open parcours, a procedure neither closed nor decided (CT R.5412-7)."""
    en_cours(p)
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    regles_sanction.verifier_procedure_en_cours(procedure)
    return procedure


def deja_close(p: "Parcours", procedure_id: str) -> bool:
    return regles_sanction.verifier_procedure(p.procedures, procedure_id).close_sans_sanction


def avant_notifier_sanction(p: "Parcours", procedure_id: str) -> Procedure:
    """A sanction decided and in force; open after a sortie (CRPA L.211-2)."""
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    regles_sanction.verifier_sanction_decidee(procedure)
    return procedure


def deja_notifiee_sanction(p: "Parcours", procedure_id: str) -> bool:
    return regles_sanction.verifier_procedure(p.procedures, procedure_id).notifiee_le is not None


def avant_lever_suspension(p: "Parcours", procedure_id: str) -> Procedure:
    """A suspension in force, in an open parcours (CT R.5412-8)."""
    en_cours(p)
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    regles_sanction.verifier_suspension_en_vigueur(procedure)
    return procedure


def deja_levee(p: "Parcours", procedure_id: str) -> bool:
    return regles_sanction.verifier_procedure(p.procedures, procedure_id).suspension_levee


def avant_proposer_radiation(p: "Parcours", procedure_id: str, parametres: Parametres) -> Sanction:
    """A notified total suppression, in an open parcours (CASF R.262-68)."""
    en_cours(p)
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    return regles_sanction.verifier_radiation(procedure, parametres)


def deja_proposee(p: "Parcours", procedure_id: str) -> bool:
    return procedure_id in p.radiations_proposees


def avant_radier(p: "Parcours", procedure_id: str, parametres: Parametres) -> Sanction:
    """A notified total suppression; of the RSA, once the PCD proposed the radiation (CT L.5412-1; CASF
    R.262-68)."""
    sanction = avant_proposer_radiation(p, procedure_id, parametres)
    regles_sanction.verifier_proposition_radiation(sanction, deja_proposee(p, procedure_id))
    return sanction


def deja_radie(p: "Parcours", procedure_id: str) -> bool:
    return p.radiation is not None and p.radiation.procedure_id == procedure_id


def avant_introduire_recours(p: "Parcours", procedure_id: str) -> Procedure:
    """A notified sanction in force; open after a sortie (CRPA L.411-2)."""
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    regles_recours.verifier_decision_notifiee(procedure)
    return procedure


def avant_trancher_recours(p: "Parcours", procedure_id: str, recours_id: str) -> Recours:
    """A recours introduced and not yet decided (CASF R.262-89)."""
    procedure = regles_sanction.verifier_procedure(p.procedures, procedure_id)
    return regles_recours.verifier_recours_pendant(procedure, recours_id)
