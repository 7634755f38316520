"""One person's parcours in the demo, step by step: inscription, orientation (by the algorithm, a
conseiller or after an entretien), référent, diagnostic, perhaps a réorientation, the contract, perhaps a
manquement with its contradictory procedure, sanction and recours, perhaps a sortie. Each step comes a
drawn number of days after the previous one; where the law sets a deadline (the contract's month, the
contradictoire's days, the recours' months, the review of rights and duties), the draw is placed against
the deadline read from the application's ``Parametres``, and so are the hours, rates and durations of the
contract and the sanctions.
"""

import random
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from application.orientation import Donnee
from application.parcours import ParcoursApplication, Resultat
from application.principal import Principal, Role
from application.saisie import Saisie
from cli.demo.population import Personne, agent, heure_ouvree, inscripteur, principal
from domain.contrat import Action, Contrat
from domain.decision import FUSEAU_METIER
from domain.diagnostic import Diagnostic, ItemDiagnostic
from domain.orientation import Orientation, Referent
from domain.parametres import Parametres
from domain.parcours import Parcours
from domain.regles.orientation import ORIENTEUR_PAR_MOTIF
from domain.sanction import Manquement, Sanction, VoieDeRecours
from domain.vocabulaire import (
    Allocation,
    Destinataire,
    IssueRecours,
    ModeOrientation,
    MotifInscription,
    NatureSanction,
    NiveauFrein,
    NiveauSanction,
    Organisme,
    SourceDonnee,
    ThemeDiagnostic,
    TypeManquement,
    TypeParcours,
    TypeRecours,
)

T = TypeVar("T")
Vie = Generator["Pas", Resultat, None]
Etapes = Generator["Pas", Resultat, T]
"""Steps of a life that end with a value (e.g. the orientation decided), composed with ``yield from``."""


@dataclass(frozen=True)
class Pas:
    """One step of a life: when, who, what (the command, given the request it is made with)."""

    instant: datetime
    principal: Principal
    nom: str
    commande: Callable[[Saisie], Resultat]
    motif: str | None = None


# --- days against a deadline in months ------------------------------------------------------------


def dans(mois: int, premier: int, marge: int = 0) -> tuple[int, int]:
    """Days from ``premier`` to ``marge`` days before ``mois`` months are over, however short the
    months (28 days each): a step surely in time."""
    return premier, 28 * mois - marge


def apres(mois: int, premier: int, dernier: int) -> tuple[int, int]:
    """Days from ``premier`` to ``dernier`` days after ``mois`` months, however long (31 days each):
    a step surely late."""
    return 31 * mois + premier, 31 * mois + dernier


def autour(mois: int, avance: int, retard: int) -> tuple[int, int]:
    """Days from ``avance`` days before the shortest ``mois`` months to ``retard`` days after the longest:
    a step due every ``mois`` months, some a little early, some a little late."""
    return 28 * mois - avance, 31 * mois + retard


MAJORITE = 18
"""Below it, the person's legal representative receives the letters (Code civil art. 414)."""
HEURES_REDUITES = 8
"""The weekly hours of a social parcours' contract: below the legal minimum, hence justified (CT L.5411-6)."""


# --- a life -------------------------------------------------------------------------------------------

ALLOCATIONS = {
    MotifInscription.DEMANDE: Allocation.ARE,
    MotifInscription.DEMANDE_RSA: Allocation.RSA,
    MotifInscription.CONJOINT_RSA: Allocation.RSA,
    MotifInscription.SOLLICITATION_ML: Allocation.ALLOCATION_CEJ,
    MotifInscription.SOLLICITATION_CAP_EMPLOI: Allocation.ARE,
}
"""The allowance a sanction would bear on; its funder sanctions (DOMAIN §1)."""
FINANCEURS = {
    Allocation.ARE: Organisme.FRANCE_TRAVAIL,
    Allocation.RSA: Organisme.DEPARTEMENT,
    Allocation.ALLOCATION_CEJ: Organisme.MISSION_LOCALE,
}
VOIES = {
    Allocation.ARE: (TypeRecours.MEDIATION_PREALABLE, "Médiateur régional de France Travail"),
    Allocation.RSA: (TypeRecours.RAPO, "Président du conseil départemental"),
    Allocation.ALLOCATION_CEJ: (TypeRecours.CONTENTIEUX, "Tribunal administratif"),
}
"""The way to contest a sanction on each allowance; its delay is the law's (``delai_recours_mois``)."""
APRES_ENTRETIEN = {
    Organisme.FRANCE_TRAVAIL: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.FRANCE_TRAVAIL),
    Organisme.DEPARTEMENT: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.DEPARTEMENT),
    Organisme.MISSION_LOCALE: Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.MISSION_LOCALE),
    Organisme.CAP_EMPLOI: Orientation(TypeParcours.EMPLOI, Organisme.CAP_EMPLOI),
}
"""What the deciding organisme chooses after an entretien d'orientation, when the data stay inconclusive."""
CONSTAT_ENTRETIEN: dict[str, bool | int | str] = {"activite_recente_24_mois": True, "capacite_a_se_projeter": "oui"}
"""What the entretien establishes when it completes the data."""
MOTIFS = {
    "données complétées": "Situation précisée en entretien d'orientation",
    "orientation après entretien": "Orientation décidée à l'issue de l'entretien d'orientation",
    "orientation différente": "La situation observée en entretien appelle un autre accompagnement que celui proposé",
    "demande de réorientation": "Le diagnostic fait apparaître des besoins qui relèvent d'un autre accompagnement",
    "refus de réorientation": "L'accompagnement en cours répond aux besoins relevés ; à revoir au prochain point",
    "observations": "Absences dues à des rendez-vous médicaux, certificats joints",
    "clôture": "Motif légitime : absences justifiées par des soins",
    "recours": "La personne conteste la sanction",
    "levée": "Remobilisation : la personne a repris ses démarches",
    "recours_rejet": "Les absences ne sont pas justifiées : la sanction est confirmée",
    "recours_annulation": "Le manquement n'est pas établi par les pièces du dossier",
}
"""The motive a person gives for the steps that need one (réorientation, divergence, clôture, recours...)."""
ISSUES = {
    "recours_rejet": IssueRecours.REJET,
    "recours_annulation": IssueRecours.ANNULATION,
    "recours_reformation": IssueRecours.REFORMATION,
}


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre")  # fmt: skip
ATELIERS_AVANT_LE_CONSTAT = (16, 9, 2)
"""The weekly collective workshops missed, so many days before the breach was recorded."""


def motif_de_sanction(constate_le: date, observations: bool) -> str:
    """The facts a sanction rests on, which its decision states (CRPA L.211-2, L.211-5)."""
    *premiers, dernier = (constate_le - timedelta(days=n) for n in ATELIERS_AVANT_LE_CONSTAT)
    dates = ", ".join(f"{j.day} {MOIS[j.month - 1]}" for j in premiers) + f" et {dernier.day} {MOIS[dernier.month - 1]}"
    suite = "les justificatifs produits ne couvrent pas ces dates" if observations else "aucune observation reçue"
    return f"Absent sans motif aux ateliers collectifs des {dates}, attesté par les feuilles d'émargement ; {suite}"


def motif_de_reformation(mois: int) -> str:
    duree = "un mois" if mois == 1 else f"{mois} mois"
    return f"Sanction ramenée à {duree} au vu de la reprise des démarches"


def autre(orientation: Orientation) -> Orientation:
    """A different orientation, as a conseiller overriding a proposal or a réorientation would choose."""
    if orientation.type_parcours is TypeParcours.EMPLOI:
        return Orientation(TypeParcours.SOCIO_PROFESSIONNEL, orientation.organisme)
    if orientation.organisme is Organisme.DEPARTEMENT and orientation.type_parcours is TypeParcours.SOCIAL:
        return Orientation(TypeParcours.SOCIO_PROFESSIONNEL, Organisme.DEPARTEMENT)
    return Orientation(TypeParcours.EMPLOI, Organisme.FRANCE_TRAVAIL)


@dataclass
class Deroulement:
    """One person's parcours, step after step, each step's business instant after the previous one."""

    app: ParcoursApplication
    rng: random.Random
    personne: Personne
    generes: list[UUID]
    """Where each parcours id goes once its inscription is recorded (the run's summary)."""
    parcours_id: UUID = field(init=False)
    instant: datetime = field(init=False)
    notifiee_le: date = field(init=False)

    def __post_init__(self) -> None:
        self.parcours_id = UUID(int=0)  # known once the inscription is recorded
        self.instant = self.personne.entree
        self.notifiee_le = self.instant.date()

    @property
    def departement(self) -> str:
        return self.personne.inscription.territoire.departement

    def lu(self) -> Parcours:
        """The parcours as it stands, which the next command starts from."""
        return self.app.parcours(self.parcours_id)

    @property
    def regles(self) -> Parametres:
        """The law the domain checks each step against: the generator places its steps by it."""
        return self.app.parametres

    def pas(
        self, jours: tuple[int, int], qui: Principal, nom: str, commande: Callable[[Saisie], Resultat],
        motif: str | None = None,
    ) -> Pas:  # fmt: skip
        """The next step, between ``jours`` days after the previous one, in working hours; with its motive."""
        jour = self.instant.date() + timedelta(days=self.rng.randint(*jours))
        self.instant = max(heure_ouvree(self.rng, jour), self.instant + timedelta(minutes=5))
        return Pas(self.instant, qui, nom, commande, motif or MOTIFS.get(nom))

    def vie(self) -> Vie:
        app, personne, lu = self.app, self.personne, self.lu
        inscrire = lambda d: app.inscrire(  # noqa: E731
            d, personne.inscription, donnees=personne.donnees, personne=personne.fiche
        )
        resultat = yield Pas(self.instant, inscripteur(self.rng, personne.inscription), "inscription", inscrire)
        self.parcours_id = pid = resultat.parcours_id
        self.generes.append(pid)
        decideur = agent(self.rng, ORIENTEUR_PAR_MOTIF[personne.inscription.motif], self.departement)
        orientation = yield from self.orienter(decideur)
        referent = yield from self.notifier_et_designer(decideur, orientation)
        yield from self.diagnostiquer(referent)
        if personne.reorientation != "aucune":
            orientation, referent = yield from self.reorienter(decideur, orientation, referent)
        yield from self.contractualiser(orientation, referent)
        if personne.procedure != "aucune":
            yield from self.sanctionner(referent)
        elif self.rng.random() < 0.5:
            revue = autour(self.regles.delai_revue_droits_devoirs_mois, avance=18, retard=4)
            yield self.pas(revue, referent, "point droits et devoirs", lambda d: app.revoir_droits_devoirs(lu(), d))
        if personne.sortie is not None:
            motif = personne.sortie
            yield self.pas((10, 90), referent, "sortie", lambda d: app.sortir(lu(), d, motif))

    # --- orientation

    def orienter(self, decideur: Principal) -> Etapes[Orientation]:
        """Confirmed by the algorithm alone, validated or overridden by a conseiller, or decided after an entretien."""
        parcours = self.app.parcours(self.parcours_id)
        if parcours.orientation is not None:
            return parcours.orientation
        if parcours.proposition is None or parcours.proposition.orientation is None:
            return (yield from self.apres_entretien(decideur))
        return (yield from self.decider(decideur, parcours.proposition.orientation))

    def apres_entretien(self, decideur: Principal) -> Etapes[Orientation]:
        """Half the entretiens complete the data, and the algorithm proposes again; otherwise, or if it still
        cannot, the conseiller decides."""
        app, pid, lu = self.app, self.parcours_id, self.lu
        yield self.pas((3, 20), decideur, "entretien d'orientation", lambda d: app.tenir_entretien_orientation(lu(), d))
        if self.rng.random() < 0.5:
            jour = self.instant.date()
            constat = [Donnee(nom, valeur, SourceDonnee.CONSEILLER, jour) for nom, valeur in CONSTAT_ENTRETIEN.items()]
            completer = lambda d: app.completer_donnees_orientation(lu(), d, constat)  # noqa: E731
            yield self.pas((0, 0), decideur, "données complétées", completer)
            parcours = app.parcours(pid)
            if parcours.orientation is not None:
                return parcours.orientation
            if parcours.proposition is not None and parcours.proposition.orientation is not None:
                return (yield from self.decider(decideur, parcours.proposition.orientation))
        orientation = APRES_ENTRETIEN[ORIENTEUR_PAR_MOTIF[self.personne.inscription.motif]]
        orienter = lambda d: app.orienter(lu(), d, orientation, ModeOrientation.AGENT)  # noqa: E731
        yield self.pas((0, 0), decideur, "orientation après entretien", orienter)
        return orientation

    def decider(self, decideur: Principal, proposee: Orientation) -> Etapes[Orientation]:
        """The conseiller validates the proposal or, for some, decides otherwise with a motive."""
        app, lu = self.app, self.lu
        if self.personne.ecart:
            orientation, mode, nom = autre(proposee), ModeOrientation.AGENT, "orientation différente"
        else:
            orientation, mode, nom = proposee, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, "validation"
        yield self.pas((2, 20), decideur, nom, lambda d: app.orienter(lu(), d, orientation, mode))
        return orientation

    def notifier_et_designer(self, decideur: Principal, orientation: Orientation) -> Etapes[Principal]:
        """The orientation notified (the contract's month starts), then a référent of the organisme designated."""
        app, lu = self.app, self.lu
        yield self.pas((0, 5), decideur, "notification de l'orientation", lambda d: app.notifier_orientation(lu(), d))
        self.notifiee_le = self.instant.date()
        referent = principal(
            Role.REFERENT, orientation.organisme, self.departement, f"referent-{self.rng.randint(1, 6)}"
        )
        designe = Referent(referent.id, orientation.organisme, referent.structure)
        designateur = agent(self.rng, orientation.organisme, self.departement)
        yield self.pas(
            (0, 3), designateur, "désignation du référent", lambda d: app.designer_referent(lu(), d, designe)
        )
        return referent

    def reorienter(
        self, decideur: Principal, orientation: Orientation, referent: Principal
    ) -> Etapes[tuple[Orientation, Principal]]:
        """A request by the référent, then accepted (a new orientation, notified, a new référent) or refused
        by the body that decides the orientation (CT L.5411-5-1 V)."""
        app, lu = self.app, self.lu
        yield self.pas((2, 10), referent, "demande de réorientation", lambda d: app.demander_reorientation(lu(), d))
        if self.personne.reorientation == "refusee":
            yield self.pas((3, 15), decideur, "refus de réorientation", lambda d: app.refuser_reorientation(lu(), d))
            return orientation, referent
        nouvelle = autre(orientation)
        yield self.pas((3, 15), decideur, "réorientation", lambda d: app.reorienter(lu(), d, nouvelle))
        return nouvelle, (yield from self.notifier_et_designer(decideur, nouvelle))

    # --- diagnostic, contrat

    def diagnostiquer(self, referent: Principal) -> Etapes[None]:
        app, rng, lu = self.app, self.rng, self.lu
        themes = rng.sample(list(ThemeDiagnostic), rng.randint(1, 3))
        items = tuple(ItemDiagnostic(t, rng.choice(list(NiveauFrein)), SourceDonnee.CONSEILLER) for t in themes)
        diagnostic = Diagnostic(items=items, realise_avec_la_personne=True)
        yield self.pas((1, 5), referent, "diagnostic", lambda d: app.realiser_diagnostic(lu(), d, diagnostic))

    def contractualiser(self, orientation: Orientation, referent: Principal) -> Etapes[None]:
        """Signed within the month of the notification, or late; the person informed of their rights and duties."""
        app, lu = self.app, self.lu
        mois = self.regles.delai_signature_contrat_mois
        delai = self.rng.randint(*(apres(mois, 4, 29) if self.personne.en_retard else dans(mois, 8)))
        cible = self.notifiee_le + timedelta(days=delai)
        jours = max(1, (cible - self.instant.date()).days)
        social, minimum = orientation.type_parcours is TypeParcours.SOCIAL, self.regles.heures_hebdo_minimum
        contrat = Contrat(
            organisme=orientation.organisme,
            referent=referent.id,
            objectifs=("Lever les freins relevés au diagnostic" if social else "Retrouver un emploi durable",),
            actions=(Action("Premier point d'étape avec le référent", cible + timedelta(days=30)),),
            heures_hebdo=HEURES_REDUITES if social else self.rng.choice((minimum, minimum, minimum + 5)),
            justification_reduction="Freins relevés au diagnostic (santé, logement)" if social else None,
        )
        yield self.pas((jours, jours), referent, "signature du contrat", lambda d: app.signer_contrat(lu(), d, contrat))
        yield self.pas((0, 0), referent, "droits et devoirs", lambda d: app.informer_droits_devoirs(lu(), d))

    # --- manquement, contradictoire, sanction, recours

    def sanctionner(self, referent: Principal) -> Etapes[None]:
        """A breach, the contradictory procedure, then closing on a motif légitime or a sanction decided and
        notified by the authority that funds the allowance (the PCD for the RSA), perhaps contested, perhaps
        lifted by remobilisation."""
        app, pid, personne, lu = self.app, self.parcours_id, self.personne, self.lu
        allocation = ALLOCATIONS[personne.inscription.motif]
        autorite = principal(Role.AUTORITE_SANCTION, FINANCEURS[allocation], self.departement, "autorite")
        type_ = self.rng.choice((TypeManquement.ASSIDUITE, TypeManquement.PARTICIPATION_ACTIVE))
        manquement = Manquement(type_, "Absent à trois ateliers collectifs sans prévenir", ("feuilles d'émargement",))
        yield self.pas((30, 90), referent, "manquement", lambda d: app.constater_manquement(lu(), d, manquement, "m1"))
        constate_le = self.instant.date()
        bareme, jours_contradictoire = self.regles.bareme_niveau_1, self.regles.delai_contradictoire_jours
        envisagee = Sanction(
            NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, bareme.taux_minimum, bareme.duree_max_mois
        )
        a_qui = Destinataire.REPRESENTANT_LEGAL if personne.age < MAJORITE else Destinataire.PERSONNE
        ouvrir = lambda d: app.ouvrir_contradictoire(lu(), d, ("m1",), envisagee, a_qui, "p1")  # noqa: E731
        yield self.pas((2, 10), autorite, "contradictoire", ouvrir)
        recu = lambda d: app.receptionner_avis(lu(), d, "p1", d.effective_le.astimezone(FUSEAU_METIER).date())  # noqa: E731
        yield self.pas((2, 5), autorite, "réception de l'avis", recu)
        observations = personne.procedure == "close" or self.rng.random() < 0.4
        if observations:
            interesse = Principal(id=f"personne-{personne.numero}", role=Role.PERSONNE, parcours=pid)
            dans_le_delai = (3, jours_contradictoire - 1)
            yield self.pas(dans_le_delai, interesse, "observations", lambda d: app.recevoir_observations(lu(), d, "p1"))
        if personne.procedure == "close":
            yield self.pas((2, 7), autorite, "clôture", lambda d: app.clore_procedure(lu(), d, "p1"))
            return
        sanction = self.sanction_decidee(allocation)
        # Without observations, the authority waits for the end of the days counted from the receipt.
        jours = (3, jours_contradictoire) if observations else (jours_contradictoire + 1, 2 * jours_contradictoire)
        decider = lambda d: app.decider_sanction(lu(), d, "p1", sanction)  # noqa: E731
        yield self.pas(jours, autorite, "sanction", decider, motif_de_sanction(constate_le, observations))
        yield from self.notifier(autorite, allocation)
        if personne.procedure in ISSUES:
            yield from self.contester(autorite, allocation)
        suspendue = sanction.nature is NatureSanction.SUSPENSION and personne.procedure != "recours_annulation"
        if suspendue and personne.suspension_levee:
            yield self.pas((15, 40), autorite, "levée", lambda d: app.lever_suspension(lu(), d, "p1"))

    def sanction_decidee(self, allocation: Allocation) -> Sanction:
        """A first breach: an avertissement or a level-1 suspension at the scale's rate, for the longest
        duration when a reformation will lighten it to the shortest."""
        reformee = self.personne.procedure == "recours_reformation"
        if not reformee and self.rng.random() < 0.25:
            return Sanction(NiveauSanction.AVERTISSEMENT, NatureSanction.AVERTISSEMENT, allocation)
        bareme = self.regles.bareme_niveau_1
        durees = range(bareme.duree_min_mois, bareme.duree_max_mois + 1)
        mois = bareme.duree_max_mois if reformee else self.rng.choice(durees)
        return Sanction(NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, bareme.taux_minimum, mois)

    def voie(self, allocation: Allocation) -> VoieDeRecours:
        type_, instance = VOIES[allocation]
        return VoieDeRecours(type_, instance, self.regles.delai_recours_mois)

    def notifier(self, autorite: Principal, allocation: Allocation) -> Etapes[None]:
        app, lu, voies = self.app, self.lu, (self.voie(allocation),)
        yield self.pas((0, 3), autorite, "notification", lambda d: app.notifier_sanction(lu(), d, "p1", voies))

    def contester(self, autorite: Principal, allocation: Allocation) -> Etapes[None]:
        """A recours by the person (one in ten late: recorded and flagged), then the authority's decision; a
        reformed sanction is notified again."""
        app, pid, personne, lu = self.app, self.parcours_id, self.personne, self.lu
        interesse = Principal(id=f"personne-{personne.numero}", role=Role.PERSONNE, parcours=pid)
        type_recours, mois = VOIES[allocation][0], self.regles.delai_recours_mois
        introduire = lambda d: app.introduire_recours(lu(), d, "p1", type_recours, "r1")  # noqa: E731
        yield self.pas(apres(mois, 3, 18) if self.rng.random() < 0.1 else dans(mois, 5, marge=6), interesse, "recours",
                       introduire)  # fmt: skip
        issue, bareme = ISSUES[personne.procedure], self.regles.bareme_niveau_1
        reformee, motif = None, None
        if issue is IssueRecours.REFORMATION:
            duree = bareme.duree_min_mois
            reformee = Sanction(
                NiveauSanction.NIVEAU_1, NatureSanction.SUSPENSION, allocation, bareme.taux_minimum, duree
            )
            motif = motif_de_reformation(duree)
        trancher = lambda d: app.trancher_recours(lu(), d, "p1", "r1", issue, reformee)  # noqa: E731
        yield self.pas((20, 55), autorite, personne.procedure, trancher, motif)
        if reformee is not None:
            yield from self.notifier(autorite, allocation)
