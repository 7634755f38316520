"""What may be done next in a parcours, and by whom: the commands whose state precondition passes
(``domain.regles.etapes``, the very functions the commands call first) and whose act the caller's
competence allows (``domain.competence.droits``, the very function every command's competence rule
applies). A dossier lists them (DESIGN §5), so a screen offers what the server accepts.

A step about an object is offered once per object that admits it: each procedure (``{sid}``), each pending
recours (``{sid}``, ``{rid}``), each pending request for an explanation (``{did}``). Its ``objets`` are
those ids, in the order of the path parameters of the command's route. Nothing here knows HTTP: the API
gives each step its method and link from its own route (``api/actions.py``).

Left out: the letters (``emettre_courrier``, ``constater_remise``), whose state lives in the history and
not in the aggregate.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from domain.competence import Acte, Droits, Situation
from domain.erreurs import RegleEnfreinte
from domain.parametres import Parametres
from domain.parcours import Parcours
from domain.regles import etapes
from domain.regles import sanction as regles_sanction
from domain.vocabulaire import Allocation

Objet = Literal["aucun", "procedure", "recours", "demande"]
"""What a step bears on, besides the parcours (a word of the code, never shown: no label)."""


Verification = Callable[..., object]
"""``(parcours, jour, parametres, *objets)``: raises the named error that refuses the step in this state."""
Deja = Callable[..., bool]
"""``(parcours, *objets)``: the step's outcome is already reached, the command would record nothing."""


@dataclass(frozen=True)
class Etape:
    """One command of a parcours: its stable name (that of its route), the acts that let a body take it
    (any one of them, as its application command checks), what it bears on, its state precondition."""

    nom: str
    actes: tuple[Acte, ...]
    objet: Objet
    verifier: Verification
    deja: Deja | None = None
    par_allocation: bool = False
    """Competence judged on the allowance the caller will name (opening a procedure): offered if the caller
    is competent on at least one."""


@dataclass(frozen=True)
class ActionPossible:
    """A step the state and the caller allow: which one, on which objects, under which act."""

    nom: str
    objets: tuple[str, ...]
    actes: tuple[Acte, ...]
    allocations: tuple[Allocation, ...] = ()
    """For ``ouvrir_contradictoire``: the allowances the caller may open a procedure on."""


def _rien(*_: object) -> None:
    return None


def _en_cours(p: Parcours, *_: object) -> None:
    etapes.en_cours(p)


def _decider_sanction(p: Parcours, jour: date, _: Parametres, sid: str) -> None:
    procedure = etapes.avant_conduire_procedure(p, sid)
    # No decision before the period for observations ends, on the day the caller reads (CT R.5412-7).
    regles_sanction.verifier_fin_contradictoire(procedure, jour, jour)


ORIENTER, ACCOMPAGNER, SANCTIONNER = (Acte.ORIENTER,), (Acte.ACCOMPAGNER,), (Acte.SANCTIONNER,)
A: Objet = "aucun"
P: Objet = "procedure"
R: Objet = "recours"
D: Objet = "demande"

ETAPES: tuple[Etape, ...] = (
    # inscription, sortie, transfert, rectification
    Etape("transferer", ACCOMPAGNER, A, _en_cours),
    Etape("informer_droits_rsa", (Acte.INFORMER_DROITS_RSA,), A, _en_cours),
    Etape("sortir", ACCOMPAGNER, A, _en_cours, etapes.deja_sorti),
    Etape("rouvrir", ACCOMPAGNER, A, _rien, etapes.deja_rouvert),
    Etape("rectifier", (Acte.ACCOMPAGNER, Acte.ORIENTER, Acte.SANCTIONNER), A, _rien),
    # orientation
    Etape("completer_donnees_orientation", (Acte.ORIENTER, Acte.ACCOMPAGNER), A, _en_cours),
    Etape("tenir_entretien_orientation", ORIENTER, A, _en_cours),
    Etape("orienter", ORIENTER, A, lambda p, *_: etapes.avant_orienter(p)),
    Etape(
        "notifier_orientation",
        ORIENTER,
        A,
        lambda p, *_: etapes.oriente(p, "Notification"),
        etapes.deja_notifiee,
    ),
    Etape("designer_referent", ACCOMPAGNER, A, lambda p, *_: etapes.oriente(p, "Désignation du référent")),
    Etape(
        "demander_reorientation",
        (Acte.ACCOMPAGNER, Acte.AGIR_EN_PERSONNE),
        A,
        lambda p, *_: etapes.oriente(p, "Réorientation"),
        etapes.deja_demandee,
    ),
    Etape("accepter_reorientation", ORIENTER, A, lambda p, *_: etapes.avant_statuer_reorientation(p)),
    Etape("refuser_reorientation", ORIENTER, A, lambda p, *_: etapes.avant_statuer_reorientation(p)),
    Etape("reexaminer_situation", (Acte.REEXAMINER,), A, lambda p, *_: etapes.avant_reexaminer(p)),
    Etape(
        "demander_explication",
        (Acte.AGIR_EN_PERSONNE, Acte.ACCOMPAGNER, Acte.ORIENTER),
        A,
        lambda p, *_: etapes.avant_demander_explication(p),
    ),
    Etape("communiquer_explication", ORIENTER, D, lambda p, _j, _p, did: etapes.avant_communiquer_explication(p, did)),
    # diagnostic, contrat, droits et devoirs
    Etape("realiser_diagnostic", ACCOMPAGNER, A, lambda p, *_: etapes.oriente(p, "Diagnostic")),
    Etape("signer_contrat", ACCOMPAGNER, A, lambda p, *_: etapes.avant_signer_contrat(p)),
    Etape("mettre_a_jour_contrat", ACCOMPAGNER, A, lambda p, *_: etapes.avant_mettre_a_jour_contrat(p)),
    Etape("informer_droits_devoirs", ACCOMPAGNER, A, _en_cours),
    Etape("revoir_droits_devoirs", ACCOMPAGNER, A, lambda p, *_: etapes.avant_revoir_droits_devoirs(p)),
    # manquements, contradictoire, sanctions, recours
    Etape("constater_manquement", (Acte.ACCOMPAGNER, Acte.SANCTIONNER), A, _en_cours),
    Etape(
        "ouvrir_contradictoire",
        SANCTIONNER,
        A,
        lambda p, *_: etapes.avant_ouvrir_contradictoire(p),
        par_allocation=True,
    ),
    Etape("receptionner_avis", SANCTIONNER, P, lambda p, _j, _p, sid: etapes.avant_conduire_procedure(p, sid)),
    Etape(
        "presenter_observations",
        (Acte.SANCTIONNER, Acte.AGIR_EN_PERSONNE),
        P,
        lambda p, _j, _p, sid: etapes.avant_conduire_procedure(p, sid),
    ),
    Etape("tenir_audition", SANCTIONNER, P, lambda p, _j, _p, sid: etapes.avant_conduire_procedure(p, sid)),
    Etape(
        "clore_procedure",
        SANCTIONNER,
        P,
        lambda p, _j, _p, sid: etapes.avant_conduire_procedure(p, sid),
        etapes.deja_close,
    ),
    Etape("decider_sanction", SANCTIONNER, P, _decider_sanction),
    Etape(
        "notifier_sanction",
        SANCTIONNER,
        P,
        lambda p, _j, _p, sid: etapes.avant_notifier_sanction(p, sid),
        etapes.deja_notifiee_sanction,
    ),
    Etape(
        "lever_suspension",
        SANCTIONNER,
        P,
        lambda p, _j, _p, sid: etapes.avant_lever_suspension(p, sid),
        etapes.deja_levee,
    ),
    Etape(
        "proposer_radiation",
        (Acte.PROPOSER_RADIATION,),
        P,
        lambda p, _j, parametres, sid: etapes.avant_proposer_radiation(p, sid, parametres),
        etapes.deja_proposee,
    ),
    Etape(
        "radier",
        (Acte.RADIER,),
        P,
        lambda p, _j, parametres, sid: etapes.avant_radier(p, sid, parametres),
        etapes.deja_radie,
    ),
    Etape(
        "introduire_recours",
        (Acte.AGIR_EN_PERSONNE, Acte.ACCOMPAGNER, Acte.SANCTIONNER),
        P,
        lambda p, _j, _p, sid: etapes.avant_introduire_recours(p, sid),
    ),
    Etape(
        "trancher_recours",
        SANCTIONNER,
        R,
        lambda p, _j, _p, sid, rid: etapes.avant_trancher_recours(p, sid, rid),
    ),
)
"""Every command the API runs on a parcours, but the letters'. Its acts are those its application command
checks (``application/parcours.py``; ``tests/domain/test_actions.py`` compares them)."""
PAR_NOM: dict[str, Etape] = {etape.nom: etape for etape in ETAPES}

Juge = Callable[[Situation], Droits]
"""What the caller may do in a parcours in a given situation: ``domain.competence.droits`` with the roles
of that situation on the day, for that caller (``application.actions``)."""


def objets(parcours: Parcours, objet: Objet) -> Iterator[tuple[str, ...]]:
    """The objects a step of this kind may bear on now: every procedure, every recours, every pending
    request; the state precondition then says which admit the step."""
    if objet == "aucun":
        yield ()
    elif objet == "procedure":
        yield from ((sid,) for sid in parcours.procedures)
    elif objet == "recours":
        yield from ((p.id, r.id) for p in parcours.procedures.values() for r in p.recours)
    else:
        yield from ((did,) for did in parcours.explications_attendues)


def refus(etape: Etape, parcours: Parcours, jour: date, parametres: Parametres, *ids: str) -> RegleEnfreinte | None:
    """The error the state opposes to the step on these objects, None if it admits it."""
    try:
        etape.verifier(parcours, jour, parametres, *ids)
    except RegleEnfreinte as erreur:
        return erreur
    return None


def a_faire(etape: Etape, parcours: Parcours, jour: date, parametres: Parametres, *ids: str) -> bool:
    """The state admits the step, and its outcome is not reached yet."""
    if refus(etape, parcours, jour, parametres, *ids) is not None:
        return False
    return etape.deja is None or not etape.deja(parcours, *ids)


def actions_possibles(parcours: Parcours, juge: Juge, jour: date, parametres: Parametres) -> list[ActionPossible]:
    """The steps the state admits on day ``jour`` and the caller may take, in the order of the catalogue: each
    judged as its command judges it, the competence on the situation as the step makes it (a step of a
    procedure on its allowance, ``Situation.concernant``)."""
    competences: dict[Allocation | None, Droits] = {}

    def droits(allocation: Allocation | None) -> Droits:
        if allocation not in competences:
            competences[allocation] = juge(parcours.situation.concernant(allocation))
        return competences[allocation]

    def permis(etape: Etape, allocation: Allocation | None) -> bool:
        return any(droits(allocation).peut(acte, allocation) for acte in etape.actes)

    possibles: list[ActionPossible] = []
    for etape in ETAPES:
        for ids in objets(parcours, etape.objet):
            if not a_faire(etape, parcours, jour, parametres, *ids):
                continue
            if etape.par_allocation:
                allocations = tuple(a for a in Allocation if permis(etape, a))
                if allocations:
                    possibles.append(ActionPossible(etape.nom, ids, etape.actes, allocations))
            elif permis(etape, parcours.allocation_de(ids[0]) if ids and etape.objet != "demande" else None):
                possibles.append(ActionPossible(etape.nom, ids, etape.actes))
    return possibles
