"""The facts view behind the governance indicators (DOMAIN §4): one row per parcours, holding the
dates, codes and bands the indicators count — no identity, no exact age, erased with the parcours.

Business dates (``decision.jour``) date the facts: the table "with hindsight" counts a step
backdated later in the month it happened. The table "as known on a day" folds only the events
recorded by then (``faits_connus_avant``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, ClassVar

from domain.evenements import EvenementParcours
from domain.parcours import Parcours
from domain.regles.orientation import organisme_responsable
from domain.vocabulaire import MotifSortie
from projections.vue import Aiguillage, jour_metier

NON_ORIENTE = "non_oriente"
INCONNU = "inconnu"


@dataclass(frozen=True)
class Reorientation:
    """A réorientation ("corde de rappel"): the month and the organismes it went from and to."""

    mois: str
    origine: str
    destination: str


@dataclass(frozen=True)
class FaitSanction:
    """A sanction decided, by which kind of authority, and what its remedies became."""

    procedure_id: str
    autorite: str
    recours: int = 0
    recours_tranches: int = 0
    infirmee: bool = False


@dataclass(frozen=True)
class LigneFaits:
    parcours_id: str
    departement: str
    organisme: str
    type_parcours: str
    mois: str
    inscrit_le: date
    rsa: bool = False
    oriente_le: date | None = None
    reorientations: tuple[Reorientation, ...] = ()
    divergence: bool = False
    mode: str | None = None
    date_limite_contrat: date | None = None
    diagnostic_le: date | None = None
    contrat_le: date | None = None
    sorti: bool = False
    procedures: int = 0
    closes_sans_sanction: int = 0
    sanctions: tuple[FaitSanction, ...] = ()
    avertissements: int = 0
    sanctions_niveau_1: int = 0
    sanctions_niveau_2: int = 0
    suspensions: int = 0
    suspensions_levees: int = 0
    manquement_le: date | None = None
    premiere_sanction_le: date | None = None
    motif: str = INCONNU
    canal: str = INCONNU
    tranche_age: str = INCONNU
    handicap: str = INCONNU
    niveau_formation: str = INCONNU
    sortie_motif: str | None = None
    sortie_mois: str | None = None
    referentiel: str | None = None
    regle_proposee: str | None = None
    donnee_sensible: bool = False
    explications_demandees: int = 0
    explications_dans_le_delai: int = 0


class Faits:
    nom: ClassVar[str] = "faits"
    type_ligne: ClassVar[type[Any]] = LigneFaits

    def cle(self, evenement: EvenementParcours) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneFaits | None, evenement: EvenementParcours) -> LigneFaits | None:
        jour = jour_metier(evenement)
        if isinstance(evenement, Parcours.Inscrit):
            return _inscrit(evenement, jour)
        if ligne is None:
            return None
        transition = TRANSITIONS.pour(evenement)
        return transition(evenement, ligne, jour) if transition else ligne


def faits_connus_avant(evenements: Iterable[EvenementParcours], instant: datetime) -> list[LigneFaits]:
    """The facts as the store knew them just before ``instant``: only events recorded before it
    are folded, whatever was recorded later, backdated or not."""
    vue, lignes = Faits(), dict[str, LigneFaits | None]()
    for evenement in evenements:
        if evenement.timestamp < instant and (cle := vue.cle(evenement)) is not None:
            lignes[cle] = vue.evoluer(lignes.get(cle), evenement)
    return [ligne for ligne in lignes.values() if ligne is not None]


def _inscrit(e: Parcours.Inscrit, jour: date) -> LigneFaits:
    inscription = e.inscription
    return LigneFaits(
        parcours_id=str(e.originator_id),
        departement=inscription.territoire.departement,
        organisme=organisme_responsable(inscription.motif, None).value,
        type_parcours=NON_ORIENTE,
        mois=jour.strftime("%Y-%m"),
        inscrit_le=jour,
        rsa=inscription.demande_rsa,
        motif=inscription.motif.value,
        canal=inscription.canal.value,
    )


TRANCHES_D_AGE = ((26, "moins_de_26_ans"), (50, "26_a_49_ans"), (None, "50_ans_et_plus"))
"""Age bands of the entries, as the employment statistics publish them."""


def tranche_d_age(age: Any) -> str:
    if not isinstance(age, int) or isinstance(age, bool):
        return INCONNU
    return next(nom for borne, nom in TRANCHES_D_AGE if borne is None or age < borne)


def _proposee(e: Parcours.OrientationProposee, ligne: LigneFaits, jour: date) -> LigneFaits:
    """The proposal the first orientation followed or overrode: the last one made before it."""
    if ligne.oriente_le is None:
        proposition = e.proposition
        ligne = replace(
            ligne,
            referentiel=proposition.referentiel.version,
            regle_proposee=proposition.regle,
            donnee_sensible=proposition.donnee_sensible,
        )
    return _caracteristiques(e, ligne)


def _caracteristiques(e: Parcours.OrientationProposee, ligne: LigneFaits) -> LigneFaits:
    """The entry's characteristics, from the inputs of the first proposal (later ones are ignored:
    the entry is described as it came in)."""
    if ligne.tranche_age != INCONNU or ligne.handicap != INCONNU or ligne.niveau_formation != INCONNU:
        return ligne
    valeurs = {critere.nom: critere.valeur for critere in e.decision.criteres}
    boe = valeurs.get("boe")
    return replace(
        ligne,
        tranche_age=tranche_d_age(valeurs.get("age")),
        handicap=INCONNU if not isinstance(boe, bool) else ("oui" if boe else "non"),
        niveau_formation=str(valeurs.get("niveau_formation") or INCONNU),
    )


def _oriente(e: Parcours.Oriente, ligne: LigneFaits, jour: date) -> LigneFaits:
    if ligne.oriente_le is not None:  # the first orientation measures the delay
        return ligne
    orientation = e.orientation
    return replace(
        ligne,
        organisme=orientation.organisme.value,
        type_parcours=orientation.type_parcours.value,
        oriente_le=jour,
        divergence=e.divergence,
        mode=e.mode.value,
    )


def _reoriente(e: Parcours.Reoriente, ligne: LigneFaits, jour: date) -> LigneFaits:
    corde = Reorientation(jour.strftime("%Y-%m"), e.ancienne.organisme.value, e.orientation.organisme.value)
    return replace(ligne, reorientations=(*ligne.reorientations, corde))


NIVEAUX = {"avertissement": "avertissements", "niveau_1": "sanctions_niveau_1", "niveau_2": "sanctions_niveau_2"}


def _sanction(e: Parcours.SanctionDecidee, ligne: LigneFaits, jour: date) -> LigneFaits:
    sanction, autorite = e.sanction, e.decision.autorite
    niveau = NIVEAUX[sanction.niveau.value]
    fait = FaitSanction(e.procedure_id, autorite.type.value if autorite else INCONNU)
    return replace(
        ligne,
        sanctions=(*ligne.sanctions, fait),
        suspensions=ligne.suspensions + (sanction.nature.value == "suspension"),
        premiere_sanction_le=ligne.premiere_sanction_le or jour,
        **{niveau: getattr(ligne, niveau) + 1},
    )


SuiteDeSanction = (
    Parcours.SanctionContestee | Parcours.RecoursTranche | Parcours.SanctionAnnulee | Parcours.SanctionReformee
)


def _suite_de_sanction(
    changement: Callable[[FaitSanction], FaitSanction],
) -> Callable[[SuiteDeSanction, LigneFaits, date], LigneFaits]:
    """Applies a remedy's step to the sanction of the event's procedure."""

    def transition(e: SuiteDeSanction, ligne: LigneFaits, jour: date) -> LigneFaits:
        sanctions = tuple(changement(s) if s.procedure_id == e.procedure_id else s for s in ligne.sanctions)
        return replace(ligne, sanctions=sanctions)

    return transition


def _compter(champ: str) -> Callable[[EvenementParcours, LigneFaits, date], LigneFaits]:
    """An event the indicators only count, by the fact it increments."""

    def transition(e: EvenementParcours, ligne: LigneFaits, jour: date) -> LigneFaits:
        return replace(ligne, **{champ: getattr(ligne, champ) + 1})

    return transition


def _sortie(e: Parcours.Sorti | Parcours.Radie, ligne: LigneFaits, jour: date) -> LigneFaits:
    motif = e.motif.value if isinstance(e, Parcours.Sorti) else MotifSortie.RADIATION.value
    return replace(ligne, sorti=True, sortie_motif=motif, sortie_mois=jour.strftime("%Y-%m"))


T = Aiguillage[[LigneFaits, date], LigneFaits]
TRANSITIONS = T(
    T.quand(Parcours.OrientationProposee, _proposee),
    T.quand(Parcours.Oriente, _oriente),
    T.quand(Parcours.Reoriente, _reoriente),
    T.quand(
        Parcours.OrientationNotifiee,
        lambda e, ligne, jour: (
            ligne if ligne.date_limite_contrat else replace(ligne, date_limite_contrat=e.date_limite_contrat)
        ),
    ),
    T.quand(
        Parcours.DiagnosticRealise,
        lambda e, ligne, jour: ligne if ligne.diagnostic_le else replace(ligne, diagnostic_le=jour),
    ),
    T.quand(
        Parcours.ContratSigne, lambda e, ligne, jour: ligne if ligne.contrat_le else replace(ligne, contrat_le=jour)
    ),
    T.quand(Parcours.Sorti, _sortie),
    T.quand(Parcours.Radie, _sortie),
    T.quand(Parcours.Reouvert, lambda e, ligne, jour: replace(ligne, sorti=False, sortie_motif=None, sortie_mois=None)),
    T.quand(Parcours.Transfere, lambda e, ligne, jour: replace(ligne, departement=e.territoire.departement)),
    T.quand(
        Parcours.ManquementConstate,
        lambda e, ligne, jour: ligne if ligne.manquement_le else replace(ligne, manquement_le=jour),
    ),
    T.quand(Parcours.SanctionDecidee, _sanction),
    T.quand(Parcours.SanctionContestee, _suite_de_sanction(lambda s: replace(s, recours=s.recours + 1))),
    T.quand(Parcours.RecoursTranche, _suite_de_sanction(lambda s: replace(s, recours_tranches=s.recours_tranches + 1))),
    T.quand(Parcours.SanctionAnnulee, _suite_de_sanction(lambda s: replace(s, infirmee=True))),
    T.quand(Parcours.SanctionReformee, _suite_de_sanction(lambda s: replace(s, infirmee=True))),
    T.quand(
        Parcours.ExplicationCommuniquee,
        lambda e, ligne, jour: replace(
            ligne, explications_dans_le_delai=ligne.explications_dans_le_delai + e.dans_le_delai
        ),
    ),
    T.quand(Parcours.ContradictoireOuvert, _compter("procedures")),
    T.quand(Parcours.ProcedureClose, _compter("closes_sans_sanction")),
    T.quand(Parcours.SuspensionLevee, _compter("suspensions_levees")),
    T.quand(Parcours.ExplicationDemandee, _compter("explications_demandees")),
    a_part=(Parcours.Inscrit,),
    ignore=(
        Parcours.EvenementRectifie,
        Parcours.DroitsRsaOuverts,
        Parcours.RadiationProposee,
        Parcours.EntretienOrientationTenu,
        Parcours.ReferentDesigne,
        Parcours.ReorientationDemandee,
        Parcours.ReorientationRefusee,
        Parcours.SituationReexaminee,
        Parcours.ContratMisAJour,
        Parcours.DroitsDevoirsInformes,
        Parcours.DroitsDevoirsRevus,
        Parcours.AvisContradictoireReceptionne,
        Parcours.ObservationsRecues,
        Parcours.AuditionTenue,
        Parcours.SanctionNotifiee,
        Parcours.CourrierEmis,
        Parcours.CourrierRemis,
    ),
)
"""The first proposal describes the entry; the first orientation, notification, diagnostic and
contract date the delays; sorties the stock; sanctions and their remedies the rights indicators;
procedures, closures, lifted suspensions and explanation requests are counted. ``Inscrit`` starts
the row (``Faits.evoluer``)."""
