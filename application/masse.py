"""Bulk inscription: the CAF and partner flows, one person a line, recorded in batches (issue 7).

Each line is read into domain values, or refused with its number, a stable code and a French message
(``application.lecture_ligne``), and the others go on; a line is held to the rules the API holds an
inscription to. The aggregates of a batch are built in memory exactly as
``ParcoursApplication.inscrire`` builds one (same ``Parcours.inscrire``, same
``application.orientation.proposer`` with the version in force on the line's business day, same recording
clock), then saved with a single ``app.save``: one transaction, whose events the library inserts together
under one table lock and one commit, instead of one of each per person (on PostgreSQL, three times the
rate of ``inscrire`` one by one, measured by ``bench/import_massif.py``).

A line may name its person (issue 18; ``application.lecture_personne``: the JSON line's ``"personne"``,
the CSV's person columns). The person is then found first, exactly as at an inscription through the API
(``Personnes.inscrire``, one piece for both): an open parcours refuses the line (code
``parcours-deja-ouvert``, with the parcours' id only if the importer may see it), a closed one is
reopened, a probable duplicate is flagged on the new person. Lines of one batch naming the same person
find the person an earlier line registered (``application.lot_personnes``). The person, their landmarks
and their parcours are saved with the rest of the batch, in its one transaction; a batch that collides
with a concurrent write (another worker registered one of its persons meanwhile) is run once again,
finding them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from application.lecture_ligne import INVALIDE, Brut, LigneValide, Refus, lire
from application.lot_personnes import PersonnesDuLot
from application.orientation import proposer
from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.erreurs import RegleEnfreinte
from domain.horloge import sous_horloge
from domain.parcours import Parcours
from domain.regles.personne import ParcoursDejaOuvert
from domain.valeur import ValeurInvalide

FORMATS = ("jsonl", "csv")
LOT_MAXIMUM = 250
"""Lines saved in one transaction at most. Beyond a few megabytes, the library's single insert statement
(an array parameter sent in psycopg's pipeline mode) was seen to hang for good on PostgreSQL: 1,000
inscriptions with short traces (4.7 MB) and 500 with every input given (about 10 KB each) never returned,
while 800 short ones did (psycopg issue 685 describes the same hang). 250 of the largest stay near 2.6 MB."""


@dataclass(frozen=True)
class Inscrite:
    """A line recorded, and the parcours it opened or reopened (what the partner needs to follow it up);
    ``doublons``: the persons flagged as probable duplicates of the line's, for a human to examine."""

    numero: int
    reference: str | None
    parcours_id: UUID
    personne_id: UUID | None = None
    reouvert: bool = False
    doublons: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class ResultatLot:
    """What became of the lines of one batch; ``position``: the store position of its last event."""

    inscrites: tuple[Inscrite, ...]
    refus: tuple[Refus, ...]
    position: int | None

    @property
    def lues(self) -> int:
        return len(self.inscrites) + len(self.refus)


def partenaire(identifiant: str) -> Principal:
    """The partner that sends the flow (e.g. ``flux-caf``): the author of each inscription it brings."""
    return Principal(id=identifiant, role=Role.PARTENAIRE)


def ne_voit_rien(_: Parcours) -> bool:
    """A partner registers anywhere and then sees nothing of the parcours (``api.acces.peut_inscrire``)."""
    return False


def traiter_lot(
    app: ParcoursApplication,
    lignes: Sequence[tuple[int, Brut]],
    auteur: Principal,
    voit: Callable[[Parcours], bool] = ne_voit_rien,
) -> ResultatLot:
    """Reads one batch of raw lines, then registers the valid ones in one transaction; run once again
    if a concurrent write took one of its persons' landmarks (the second run finds them)."""
    lues = [lire(numero, brut, app.referentiels) for numero, brut in lignes]
    valides = [ligne for ligne in lues if isinstance(ligne, LigneValide)]
    try:
        resultat = inscrire_en_masse(app, valides, auteur, voit)
    except IntegrityError:
        resultat = inscrire_en_masse(app, valides, auteur, voit)
    refus = [ligne for ligne in lues if isinstance(ligne, Refus)] + list(resultat.refus)
    return ResultatLot(resultat.inscrites, tuple(sorted(refus, key=lambda r: r.numero)), resultat.position)


def inscrire_en_masse(
    app: ParcoursApplication,
    lignes: Sequence[LigneValide],
    auteur: Principal,
    voit: Callable[[Parcours], bool] = ne_voit_rien,
) -> ResultatLot:
    """Builds each parcours as ``inscrire`` would (its person found first) and saves them all in one
    transaction; a line the domain or the referential refuses is reported and left out, the others are
    recorded. The application's observers (``apres_enregistrement``) are told once, with the batch's
    last position."""
    lot = PersonnesDuLot(app.personnes)
    lot.prelire(ligne.personne for ligne in lignes if ligne.personne is not None)
    inscrites: list[Inscrite] = []
    refus: list[Refus] = []
    with sous_horloge(app.horloge, app.parametres.tolerance_horloge):
        for ligne in lignes:
            try:
                inscrites.append(inscrire_ligne(app, lot, ligne, auteur))
            except ParcoursDejaOuvert as erreur:
                refus.append(refus_parcours_ouvert(lot, ligne, erreur, voit))
            except (ValeurInvalide, RegleEnfreinte) as erreur:
                code = erreur.code if isinstance(erreur, RegleEnfreinte) else INVALIDE
                refus.append(Refus(ligne.numero, ligne.reference, str(erreur), code))
    return ResultatLot(tuple(inscrites), tuple(refus), enregistrer(app, lot.a_enregistrer()))


def refus_parcours_ouvert(
    lot: PersonnesDuLot, ligne: LigneValide, erreur: ParcoursDejaOuvert, voit: Callable[[Parcours], bool]
) -> Refus:
    """The open parcours named, as the API names it, only to an importer who may see it."""
    if erreur.parcours_id is None or not voit(lot.parcours(erreur.parcours_id)):
        return Refus(ligne.numero, ligne.reference, str(erreur), erreur.code)
    motif = f"{erreur.detail} Parcours ouvert : {erreur.parcours_id}."
    return Refus(ligne.numero, ligne.reference, motif, erreur.code, erreur.parcours_id)


def inscrire_ligne(app: ParcoursApplication, lot: PersonnesDuLot, ligne: LigneValide, auteur: Principal) -> Inscrite:
    """One line into the batch: its person found (or not named), its parcours built; kept on success."""
    if ligne.personne is None:
        parcours = construire(app, ligne, auteur)
        lot.garder([parcours])
        return Inscrite(ligne.numero, ligne.reference, parcours.id)
    decision = Saisie(principal=auteur, effective_le=ligne.effective_le).decision(app.horloge())
    faite = lot.inscrire(ligne.personne, ligne.inscription, decision, uuid4(), ligne.donnees, app.referentiels)
    lot.garder(faite.agregats())
    return Inscrite(ligne.numero, ligne.reference, faite.parcours.id, faite.personne.id, faite.reouvert, faite.doublons)


def construire(app: ParcoursApplication, ligne: LigneValide, auteur: Principal) -> Parcours:
    """``ParcoursApplication.inscrire`` step for step, without the save (the equivalence test holds the two
    together): the decision read from the clock in force, the new parcours, and the algorithm's
    proposal when there is a referential and data to read."""
    decision = Saisie(principal=auteur, effective_le=ligne.effective_le).decision(app.horloge())
    parcours = Parcours.inscrire(ligne.inscription, decision, uuid4())
    if app.referentiels is not None and ligne.donnees:
        proposer(parcours, app.referentiels, ligne.donnees, decision.effective_le)
    return parcours


def enregistrer(app: ParcoursApplication, agregats: Sequence[Aggregate]) -> int | None:
    """One ``save`` for the whole batch, then the observers are told its last position (as ``_enregistrer``)."""
    if not agregats:
        return None
    recordings = app.save(*agregats)
    position = recordings[-1].notification.id
    app.annoncer(position)
    return position
