"""The catalogue of the events of the parcours: every event class of the aggregate, in one place.

Outside the aggregate, code names an event by its class (``Parcours.Oriente``) and reads its fields
typed, never by a string: a renamed event or field is an error where it is read, not a view silently
ignoring it. Each view says, for every event of ``CATALOGUE``, whether it applies it or ignores it
(``projections.vue.Aiguillage``); a test fails when an event is added and a view has not said.

The classes are declared in ``domain.parcours``, beside the steps that record them; what each
records, who may author it and which rules guard it is in ``docs/evenements.md`` (same order).
"""

from typing import TypeAlias

from domain.competence import Lecture
from domain.parcours import Parcours
from domain.personne import Personne
from domain.rappel import Rappel
from domain.repere import Repere

EvenementParcours: TypeAlias = Parcours.Event
"""The type of every event of the parcours, recorded or read back from the store."""

CATALOGUE: tuple[type[EvenementParcours], ...] = (
    # inscription, sortie, réouverture, rectification
    Parcours.Inscrit,
    Parcours.Sorti,
    Parcours.Reouvert,
    Parcours.Transfere,
    Parcours.EvenementRectifie,
    Parcours.DroitsRsaOuverts,
    # orientation
    Parcours.OrientationProposee,
    Parcours.EntretienOrientationTenu,
    Parcours.Oriente,
    Parcours.OrientationNotifiee,
    Parcours.ReferentDesigne,
    Parcours.ReorientationDemandee,
    Parcours.Reoriente,
    Parcours.ReorientationRefusee,
    Parcours.SituationReexaminee,
    # diagnostic, contrat, droits et devoirs
    Parcours.DiagnosticRealise,
    Parcours.ContratSigne,
    Parcours.ContratMisAJour,
    Parcours.DroitsDevoirsInformes,
    Parcours.DroitsDevoirsRevus,
    # manquements, contradictoire, sanctions
    Parcours.ManquementConstate,
    Parcours.ContradictoireOuvert,
    Parcours.AvisContradictoireReceptionne,
    Parcours.ObservationsRecues,
    Parcours.AuditionTenue,
    Parcours.ProcedureClose,
    Parcours.SanctionDecidee,
    Parcours.SanctionNotifiee,
    Parcours.SuspensionLevee,
    Parcours.RadiationProposee,
    Parcours.Radie,
    # recours
    Parcours.SanctionContestee,
    Parcours.RecoursTranche,
    Parcours.SanctionAnnulee,
    Parcours.SanctionReformee,
    # explication d'une décision algorithmique
    Parcours.ExplicationDemandee,
    Parcours.ExplicationCommuniquee,
    # courriers
    Parcours.CourrierEmis,
    Parcours.CourrierRemis,
)
"""Every event of the parcours, in the order of ``docs/evenements.md``."""

_CADRE, _ORIENTATION = frozenset({Lecture.CADRE}), frozenset({Lecture.ORIENTATION})
_CONTRAT, _PROCEDURES = frozenset({Lecture.CONTRAT}), frozenset({Lecture.PROCEDURES})
LECTURES_REQUISES: dict[type[EvenementParcours], frozenset[Lecture]] = {
    Parcours.Inscrit: _CADRE,
    Parcours.Sorti: _CADRE,
    Parcours.Reouvert: _CADRE,
    Parcours.Transfere: _CADRE,
    Parcours.EvenementRectifie: frozenset(Lecture),  # a correction may touch any part: for who reads them all
    Parcours.DroitsRsaOuverts: _CADRE,
    Parcours.OrientationProposee: _ORIENTATION,
    Parcours.EntretienOrientationTenu: _ORIENTATION,
    Parcours.Oriente: _ORIENTATION,
    Parcours.OrientationNotifiee: _ORIENTATION,
    Parcours.ReferentDesigne: _CADRE,
    Parcours.ReorientationDemandee: _ORIENTATION,
    Parcours.Reoriente: _ORIENTATION,
    Parcours.ReorientationRefusee: _ORIENTATION,
    Parcours.SituationReexaminee: _ORIENTATION,
    Parcours.DiagnosticRealise: frozenset({Lecture.DIAGNOSTIC}),
    Parcours.ContratSigne: _CONTRAT,
    Parcours.ContratMisAJour: _CONTRAT,
    Parcours.DroitsDevoirsInformes: _CONTRAT,
    Parcours.DroitsDevoirsRevus: _CONTRAT,
    Parcours.ManquementConstate: _PROCEDURES,
    Parcours.ContradictoireOuvert: _PROCEDURES,
    Parcours.AvisContradictoireReceptionne: _PROCEDURES,
    Parcours.ObservationsRecues: _PROCEDURES,
    Parcours.AuditionTenue: _PROCEDURES,
    Parcours.ProcedureClose: _PROCEDURES,
    Parcours.SanctionDecidee: _PROCEDURES,
    Parcours.SanctionNotifiee: _PROCEDURES,
    Parcours.SuspensionLevee: _PROCEDURES,
    Parcours.RadiationProposee: _PROCEDURES,
    Parcours.Radie: _PROCEDURES,
    Parcours.SanctionContestee: _PROCEDURES,
    Parcours.RecoursTranche: _PROCEDURES,
    Parcours.SanctionAnnulee: _PROCEDURES,
    Parcours.SanctionReformee: _PROCEDURES,
    Parcours.ExplicationDemandee: _ORIENTATION,
    Parcours.ExplicationCommuniquee: _ORIENTATION,
    Parcours.CourrierEmis: _CADRE,  # that a letter left, when, how: not its content, read by its own route
    Parcours.CourrierRemis: _CADRE,
}
"""Which parts of a parcours (``domain.competence.Lecture``) a caller must read to read an event's
content; the others see that it happened, when and by whom, not what it holds (RGPD art. 5 1 c)."""
LECTURES_PAR_NOM: dict[str, frozenset[Lecture]] = {
    **{cls.__name__: lectures for cls, lectures in LECTURES_REQUISES.items()},
    Rappel.EcheanceRappelee.__name__: _CADRE,  # which deadline and when: what every body of the parcours reads
}
"""The same, by the name rows and exports carry (``nom``)."""


EvenementPersonne: TypeAlias = Personne.Event
CATALOGUE_PERSONNE: tuple[type[EvenementPersonne], ...] = (
    Personne.PersonneEnregistree,
    Personne.IdentiteCorrigee,
    Personne.IdentifiantAjoute,
    Personne.ContactModifie,
    Personne.RepresentantDesigne,
    Personne.ParcoursRattache,
    Personne.DoublonSignale,
    Personne.PersonneFusionnee,
    Personne.FusionAnnulee,
    Personne.PersonneAbsorbee,
    Personne.AbsorptionAnnulee,
    Personne.RectificationDemandee,
    Personne.RectificationRepondue,
    Personne.DonneesEffacees,
)
"""Every event of the person (``domain.personne``; docs/personnes.md): what the person views fold."""

CATALOGUE_REPERE: tuple[type[Repere.Event], ...] = (Repere.ReperePose, Repere.PersonneAjoutee, Repere.PersonneRetiree)
"""The landmarks' events: ids only, folded by no view (``domain.repere``)."""

CATALOGUE_RAPPEL: tuple[type[Rappel.EcheanceRappelee], ...] = (Rappel.EcheanceRappelee,)
"""The reminders of deadlines: ids, kinds and dates, folded by no view, published on the feed
(``domain.rappel``; ``application.flux``)."""


def nom(evenement: object) -> str:
    """An event's name, as its topic ends (``parcours:<nom>``): what rows, exports and the PDF show.
    An event this code does not know (stored by a later version) reads as its class name too."""
    return type(evenement).__name__
