"""Erasing a person at the end of their retention, or on an order (DESIGN §7; issue 18 §5).

An erasure, in this order:

1. the ``DonneesEffacees`` event, with the decision that says who erased, when and on which basis (the
   ``FondementEffacement`` and the end of the retention among its criteria, in clear; its articles), and
   the person's landmarks removed, in one transaction: the person is no longer found by NIR or name;
2. then the person's key deleted (``Trousseau.effacer``): every personal field of every event of the
   person and of their parcours reads as erased, the erasure event's own motive included (which is
   why nothing the erasure must keep is written there);
3. then the answers kept for idempotency about the person blanked (a request's fingerprint is a hash
   of a body that held their name; a refusal's body may quote them).

The event first: if the process stops after it, the person reads as erased and a second run finishes the
key and the answers (an erasure already recorded is not recorded twice). The key first would leave a
person unreadable with no trace of who erased them and why.

``relever`` lists the persons whose retention has run out at a date (ids and dates only, never a name);
``purger`` erases them, one failure not stopping the others.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.commandes_personne import parcours_ouvert
from application.erreurs import EcritureConcurrente, VersionPerimee
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.decision import FUSEAU_METIER, Critere, Decision
from domain.horloge import sous_horloge
from domain.parcours import Parcours
from domain.personne import Personne
from domain.regles.conservation import (
    ARTICLES,
    Conservation,
    est_due,
    fin_de_conservation,
    verifier_effacement,
)
from domain.vocabulaire import FondementEffacement, SourceDonnee, Statut

if TYPE_CHECKING:
    from application.parcours import ParcoursApplication

PURGE = Principal(id="parcours-purge", role=Role.SYSTEME)
"""The author of the erasures ``parcours donnees purger`` makes at the end of the retention."""

FIN_DE_CONSERVATION = FondementEffacement.FIN_DE_CONSERVATION

PAGE = 500
"""Notifications read per page while looking for the persons of the store."""


class ReponsesGardees(Protocol):
    """The answers kept for idempotency (``infrastructure/idempotence.py``)."""

    def oublier(self, ids: Collection[str]) -> int:
        """Blanks the answers about these aggregates; says how many."""


@dataclass(frozen=True)
class Effacement:
    """What an erasure did: the person's new version and store position, how many aggregates their key
    sealed, how many kept answers were blanked (0 and 0 when the erasure had been finished already)."""

    personne_id: UUID
    version: int
    position: int | None
    fondement: FondementEffacement
    cles: int
    reponses: int
    nouveaux: int


@dataclass(frozen=True)
class Echeance:
    """A person due for erasure: ids and dates only."""

    personne_id: UUID
    fin_inscription: date
    fin_conservation: date


@dataclass(frozen=True)
class Purge:
    effacees: tuple[Effacement, ...]
    echecs: tuple[tuple[UUID, str], ...]
    """Each person not erased, with the type of the error (its message may quote a request)."""


def conservation_de(app: "ParcoursApplication", personne: Personne) -> Conservation:
    """What the person's retention depends on: their open parcours, the day the last one closed (their
    registration, if none closed), a recours still pending."""
    clotures, litige = [], False
    for parcours_id in personne.parcours:
        parcours = app.parcours(parcours_id)
        litige = litige or any(r.issue is None for p in parcours.procedures.values() for r in p.recours)
        if parcours.statut is Statut.SORTI:
            clotures.append(_cloture(app, parcours_id))
    debut = personne.created_on.astimezone(FUSEAU_METIER).date()
    return Conservation(parcours_ouvert(app, personne), max(clotures, default=debut), litige)


def _cloture(app: "ParcoursApplication", parcours_id: UUID) -> date:
    """The business day of the parcours' last sortie or radiation."""
    fins = [e.decision.jour for e in app.historique(parcours_id) if isinstance(e, Parcours.Sorti | Parcours.Radie)]
    return fins[-1]


def effacer_personne(
    app: "ParcoursApplication",
    personne_id: UUID,
    saisie: Saisie,
    fondement: FondementEffacement,
    reponses: ReponsesGardees,
) -> Effacement:
    """Erases the person's data on ``fondement`` (refused by ``ConservationEnCours`` when the retention
    forbids it): the event, then the key, then the kept answers (module docstring)."""
    personne = app.personnes.lire(personne_id)
    ids = {str(personne.id), *map(str, personne.parcours)}
    nouveaux, position = 0, None
    if personne.effacee_le is None:
        ids |= {str(r) for r in app.personnes.reperes_de(personne).tous()}
        nouveaux, position = _enregistrer(app, personne, saisie, fondement)
    cles = app.personnes.trousseau.effacer(personne.id)
    oubliees = reponses.oublier(ids)
    return Effacement(personne.id, personne.version, position, fondement, cles, oubliees, nouveaux)


def _enregistrer(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, fondement: FondementEffacement
) -> tuple[int, int | None]:
    """The erasure event and the landmarks removed, saved together; its count and store position."""
    if saisie.version_attendue is not None and saisie.version_attendue != personne.version:
        raise VersionPerimee(saisie.version_attendue, personne.version)
    with sous_horloge(app.horloge, app.parametres.tolerance_horloge):
        decision = saisie.decision(app.horloge())
        conservation = conservation_de(app, personne)
        fin = verifier_effacement(fondement, conservation, decision.jour, app.parametres)
        decision = _decision(decision, fondement, conservation, fin)
        reperes = app.personnes.reperes_de(personne)
        personne.effacer(None, decision)
        retires = app.personnes.retirer(personne.id, reperes, decision)
    try:
        enregistres = app.save(personne, *retires)
    except IntegrityError as erreur:
        raise EcritureConcurrente(f"La personne {personne.id} a changé pendant l'effacement.") from erreur
    if not enregistres:
        return 0, None
    position = enregistres[-1].notification.id
    app.annoncer(position)
    return len(enregistres), position


def _decision(decision: Decision, fondement: FondementEffacement, conservation: Conservation, fin: date) -> Decision:
    """The basis in clear, among the criteria: the motive is sealed, and its key is about to go."""
    jour = decision.jour
    criteres = (
        Critere("fondement_effacement", fondement.value, SourceDonnee.CONSEILLER, jour),
        Critere("fin_inscription", conservation.fin_inscription, SourceDonnee.CONSEILLER, jour),
        Critere("fin_de_conservation", fin, SourceDonnee.CONSEILLER, jour),
    )
    return replace(decision, criteres=(*decision.criteres, *criteres)).fondee_sur(*ARTICLES[fondement])


def personnes(app: "ParcoursApplication") -> tuple[list[UUID], list[UUID]]:
    """The persons of the store in the order they were registered: not erased, and erased."""
    etats: dict[UUID, bool] = {}
    apres = 0
    sujets = (Personne.PersonneEnregistree.TOPIC, Personne.DonneesEffacees.TOPIC)
    while page := app.recorder.select_notifications(apres, PAGE, topics=sujets, inclusive_of_start=False):
        for notification in page:
            etats[UUID(str(notification.originator_id))] = notification.topic == Personne.DonneesEffacees.TOPIC
        apres = page[-1].id
    return [p for p, effacee in etats.items() if not effacee], [p for p, effacee in etats.items() if effacee]


def relever(app: "ParcoursApplication", au: date) -> list[Echeance]:
    """The persons whose retention has run out on ``au`` (a dry run: nothing is written)."""
    dues = []
    for personne_id in personnes(app)[0]:
        personne = app.personnes.lire(personne_id)
        conservation = conservation_de(app, personne)
        if est_due(conservation, au, app.parametres):
            fin = fin_de_conservation(conservation.fin_inscription, app.parametres)
            dues.append(Echeance(personne_id, conservation.fin_inscription, fin))
    return dues


def inachevees(app: "ParcoursApplication") -> list[UUID]:
    """The persons whose erasure was recorded but whose key is still there (a run stopped in between)."""
    trousseau = app.personnes.trousseau
    return [p for p in personnes(app)[1] if (cle := trousseau.cle(p)) is not None and cle.secret is not None]


def purger(app: "ParcoursApplication", au: date, reponses: ReponsesGardees) -> Purge:
    """Erases every person due on ``au`` at the end of their retention, and finishes the erasures a
    stopped run left halfway; a failure is reported and the others go on."""
    effacees, echecs = [], []
    a_effacer = [*inachevees(app), *(e.personne_id for e in relever(app, au))]
    for personne_id in a_effacer:
        try:
            effacement = effacer_personne(app, personne_id, Saisie(PURGE), FIN_DE_CONSERVATION, reponses)
        except Exception as erreur:  # one person's failure must not stop the purge
            echecs.append((personne_id, type(erreur).__name__))
        else:
            effacees.append(effacement)
    return Purge(tuple(effacees), tuple(echecs))
