"""The commands on a person: corrections, contact, representative, identifiers, merges (issue 18).

Each takes the person its caller loaded and the caller's ``Saisie``, lets the aggregate check and
record, moves the person's landmarks when what they stand for changed (a corrected civil status, a new
identifier), and saves person and landmarks in one transaction. An identifier already known for another
person is refused: a human decides (merge, or correction).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.erreurs import EcritureConcurrente, VersionPerimee
from application.personnes import Reperes
from application.saisie import Saisie
from domain.decision import Decision
from domain.horloge import sous_horloge
from domain.identite import Contact, Identifiant, Identite, RepresentantLegal
from domain.personne import Personne
from domain.regles.personne import IdentifiantsDePersonnesDifferentes
from domain.repere import Repere
from domain.vocabulaire import Statut

if TYPE_CHECKING:
    from application.parcours import ParcoursApplication


@dataclass(frozen=True)
class PersonneModifiee:
    personne_id: UUID
    version: int
    position: int | None
    nouveaux: int


@contextmanager
def etape(app: "ParcoursApplication", personne: Personne, saisie: Saisie) -> Iterator[Decision]:
    """The decision of a step on the person: the expected version checked (``If-Match``), the business
    time judged against the application's clock."""
    attendue = saisie.version_attendue
    if attendue is not None and attendue != personne.version:
        raise VersionPerimee(attendue, personne.version)
    with sous_horloge(app.horloge, app.parametres.tolerance_horloge):
        yield saisie.decision(app.horloge())


def sauver(app: "ParcoursApplication", personne: Personne, *autres: Repere | Personne) -> PersonneModifiee:
    """Person, landmarks (and the other record of a merge) in one transaction; a concurrent write
    refuses the whole command."""
    try:
        recordings = app.save(personne, *autres)
    except IntegrityError as erreur:
        raise EcritureConcurrente(
            f"La personne {personne.id} a changé pendant la commande : rien n'a été enregistré."
        ) from erreur
    position = recordings[-1].notification.id if recordings else app.recorder.max_notification_id()
    if recordings:
        app.annoncer(recordings[-1].notification.id)
    return PersonneModifiee(personne.id, personne.version, position, len(recordings))


def _avec_reperes(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, changer: Callable[[Decision], None]
) -> PersonneModifiee:
    """Runs the change, then moves the landmarks from what the person answered to before to what they
    answer to now; an identifier another person holds refuses the whole command."""
    with etape(app, personne, saisie) as decision:
        avant = app.personnes.reperes_de(personne)
        changer(decision)
        apres = app.personnes.reperes_de(personne)
        for repere in apres.identifiants.values():
            if repere is not None and any(p != personne.id for p in repere.personnes):
                raise IdentifiantsDePersonnesDifferentes(
                    "Cet identifiant est déjà celui d'une autre personne : rapprochez d'abord les deux dossiers."
                )
        retires = {r: v for r, v in avant.tous().items() if r not in apres.tous()}
        avant.identifiants, avant.etat_civil = dict(retires), {}
        reperes = [
            *app.personnes.retirer(personne.id, avant, decision),
            *app.personnes.poser(personne.id, apres, decision),
        ]
    return sauver(app, personne, *reperes)


def corriger_identite(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, identite: Identite
) -> PersonneModifiee:
    return _avec_reperes(app, personne, saisie, lambda d: personne.corriger_identite(identite, d))


def ajouter_identifiant(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, identifiant: Identifiant
) -> PersonneModifiee:
    return _avec_reperes(app, personne, saisie, lambda d: personne.ajouter_identifiant(identifiant, d))


def changer_contact(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, contact: Contact
) -> PersonneModifiee:
    with etape(app, personne, saisie) as decision:
        personne.changer_contact(contact, decision)
    return sauver(app, personne)


def designer_representant(
    app: "ParcoursApplication", personne: Personne, saisie: Saisie, representant: RepresentantLegal
) -> PersonneModifiee:
    with etape(app, personne, saisie) as decision:
        personne.designer_representant(representant, decision)
    return sauver(app, personne)


def parcours_ouvert(app: "ParcoursApplication", personne: Personne) -> UUID | None:
    """The person's open parcours, if any: the latest, when its own state says it is open."""
    if not personne.parcours:
        return None
    dernier = app.parcours(personne.parcours[-1])
    return dernier.id if dernier.statut is Statut.EN_COURS else None


def fusionner(app: "ParcoursApplication", personne: Personne, saisie: Saisie, dans: UUID) -> PersonneModifiee:
    """This record is the same person as ``dans`` (kept): its landmarks now lead there (RGPD art. 5 1 d)."""
    gardee = app.personnes.lire(dans)
    with etape(app, personne, saisie) as decision:
        personne.fusionner_dans(gardee.id, parcours_ouvert(app, personne), decision)
        gardee.absorber(personne, decision)
        reperes = app.personnes.reperes_de(personne)
        deplaces = [
            *app.personnes.retirer(personne.id, reperes, decision),
            *app.personnes.poser(gardee.id, reperes, decision),
        ]
    return sauver(app, personne, gardee, *deplaces)


def annuler_fusion(app: "ParcoursApplication", personne: Personne, saisie: Saisie) -> PersonneModifiee:
    """The merge undone: the record answers to its own landmarks again (the kept one keeps its own)."""
    gardee = app.personnes.lire(personne.fusionnee_dans) if personne.fusionnee_dans else None
    with etape(app, personne, saisie) as decision:
        personne.annuler_fusion(decision)
        if gardee is not None:
            gardee.rendre(personne.id, decision)
        siens = app.personnes.reperes_de(personne)
        propres = set(app.personnes.reperes_de(gardee).tous()) if gardee else set()
        a_rendre = Reperes(
            identifiants={r: v for r, v in siens.identifiants.items() if r not in propres},
            etat_civil={r: v for r, v in siens.etat_civil.items() if r not in propres},
        )
        rendus = app.personnes.retirer(gardee.id, a_rendre, decision) if gardee else []
        rendus += app.personnes.poser(personne.id, siens, decision)
    return sauver(app, personne, *([gardee] if gardee else []), *_uniques(rendus))


def _uniques(reperes: list[Repere]) -> list[Repere]:
    return list({r.id: r for r in reperes}.values())
