"""Who holds which legal role in a parcours, and what each role lets a body do and read there.

One pure function of a parcours' facts (``roles``) and one of a caller's standing in it (``droits``):
the API's access (``api/acces.py``) and the domain's competence rule (``domain/regles/competence.py``)
both use them, so that what a body sees can never contradict what the law lets it decide (DESIGN §5;
DOMAIN §8). Competence follows the legal role, not the organisme that happens to be référent:
- the orientation decider (CT L.5411-5-1 II): France Travail by default, the président du conseil
  départemental (PCD) for RSA beneficiaries and their partners, France Travail too once six weeks have
  passed since the PCD received the information that RSA rights were opened (CASF D.262-65-2) or by
  delegation, a mission locale or a Cap emploi for those who come to it;
- the organisme référent (CT L.5411-5-1 IV, L.5411-6), and before the orientation the body in charge
  by the motif of inscription (``organisme_responsable``: the dossier and the worklists say the same);
- the funder of each allowance as its sanction authority, whoever the référent is (CT L.5412-1 for
  ARE/ASS, CASF L.262-37 for the RSA, CT L.5131-6 for the CEJ and PACEA allowances);
- France Travail, which holds the list of job seekers, radiates from it (CT L.5412-1), for an RSA
  beneficiary on the PCD's proposal (CASF R.262-68); the PCD keeps the RSA reviews (CASF L.262-31);
- a move to another département moves every role at its date; the former bodies keep reading the
  parcours as it stood then (for litigation), and do nothing more.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from uuid import UUID

from domain.organe import Organe
from domain.regles.orientation import organisme_responsable
from domain.vocabulaire import Allocation, MotifInscription, Organisme


class Acte(Enum):
    """What a body, or the person, may do in a parcours."""

    ORIENTER = "orienter"
    """Decide, notify and explain the orientation; decide on a réorientation (CT L.5411-5-1 II)."""
    ACCOMPAGNER = "accompagner"
    """Référent, diagnostic, contract, rights and duties, breaches found, sortie, move (CT L.5411-6)."""
    SANCTIONNER = "sanctionner"
    """Conduct the contradictoire, decide and notify a sanction, decide on its recours, for one allowance."""
    PROPOSER_RADIATION = "proposer_radiation"
    """The PCD proposes the radiation of an RSA beneficiary to France Travail (CASF R.262-68)."""
    RADIER = "radier"
    """Radiate from the list of job seekers (CT L.5412-1)."""
    REEXAMINER = "reexaminer"
    """Review an RSA beneficiary's social path (CASF L.262-31)."""
    INFORMER_DROITS_RSA = "informer_droits_rsa"
    """Record that RSA rights were opened, from the CAF/MSA flow (CASF D.262-65-2, L.262-42)."""
    AGIR_EN_PERSONNE = "agir_en_personne"
    """The person's own acts: observations, recours, a request for explanation (CRPA L.122-1, L.411-2)."""


class Lecture(Enum):
    """What part of a parcours a body reads: no more than its role needs (RGPD art. 5 1 c)."""

    CADRE = "cadre"
    """Status, inscription, organisme in charge, référent, dates."""
    ORIENTATION = "orientation"
    """The orientation's data, the algorithm's proposal and its explanation."""
    DIAGNOSTIC = "diagnostic"
    """The diagnostic's items, health and handicap among them."""
    CONTRAT = "contrat"
    """The contrat d'engagement and the rights and duties."""
    PROCEDURES = "procedures"
    """Breaches, contradictoire, sanctions, recours, radiation."""


class Fonction(Enum):
    """A legal role a body holds in a parcours."""

    DECIDEUR_ORIENTATION = "decideur_orientation"
    ORGANISME_REFERENT = "organisme_referent"
    AUTORITE_SANCTION = "autorite_sanction"
    TENEUR_DE_LISTE = "teneur_de_liste"
    PRESIDENT_RSA = "president_rsa"


ACTES: dict[Fonction, frozenset[Acte]] = {
    Fonction.DECIDEUR_ORIENTATION: frozenset({Acte.ORIENTER}),
    Fonction.ORGANISME_REFERENT: frozenset({Acte.ACCOMPAGNER}),
    Fonction.AUTORITE_SANCTION: frozenset({Acte.SANCTIONNER}),
    Fonction.TENEUR_DE_LISTE: frozenset({Acte.RADIER}),
    Fonction.PRESIDENT_RSA: frozenset({Acte.PROPOSER_RADIATION, Acte.REEXAMINER, Acte.INFORMER_DROITS_RSA}),
}
LECTURES: dict[Fonction, frozenset[Lecture]] = {
    Fonction.DECIDEUR_ORIENTATION: frozenset({Lecture.CADRE, Lecture.ORIENTATION, Lecture.DIAGNOSTIC}),
    Fonction.ORGANISME_REFERENT: frozenset(Lecture),
    Fonction.AUTORITE_SANCTION: frozenset({Lecture.CADRE, Lecture.CONTRAT, Lecture.PROCEDURES}),
    Fonction.TENEUR_DE_LISTE: frozenset({Lecture.CADRE, Lecture.PROCEDURES}),
    Fonction.PRESIDENT_RSA: frozenset(Lecture),
}
"""The funder's authority sees the procedure, the contract and the breaches, not the diagnostic."""

FINANCEUR: dict[Allocation, Organisme] = {
    Allocation.ARE: Organisme.FRANCE_TRAVAIL,
    Allocation.ASS: Organisme.FRANCE_TRAVAIL,
    Allocation.RSA: Organisme.DEPARTEMENT,
    Allocation.ALLOCATION_CEJ: Organisme.MISSION_LOCALE,
    Allocation.ALLOCATION_PACEA: Organisme.MISSION_LOCALE,
    Allocation.AUCUNE: Organisme.FRANCE_TRAVAIL,
}
"""Who funds each allowance, hence sanctions on it; without one, France Travail, which keeps the list."""
ARTICLE_DU_FINANCEUR: dict[Allocation, str] = {
    Allocation.ARE: "CT L.5412-1",
    Allocation.ASS: "CT L.5412-1",
    Allocation.RSA: "CASF L.262-37",
    Allocation.ALLOCATION_CEJ: "CT L.5131-6",
    Allocation.ALLOCATION_PACEA: "CT L.5131-5",
    Allocation.AUCUNE: "CT L.5412-1",
}


@dataclass(frozen=True)
class Attribution:
    """One role held by one body, on its legal basis; for a sanction authority, on which allowance.
    ``jusqu_a_version``: a former body, which reads the parcours as it stood at that version and does nothing."""

    fonction: Fonction
    organe: Organe
    fondement: str
    allocation: Allocation | None = None
    jusqu_a_version: int | None = None


@dataclass(frozen=True)
class Delegation:
    """A convention by which a département's PCD delegates the orientation or the accompaniment of its
    RSA beneficiaries to another body, for a period (CASF L.262-29, L.262-32; CT L.5411-5-1)."""

    departement: str
    acte: Acte
    delegataire: Organisme
    du: date
    au: date | None
    convention: str

    def en_vigueur(self, departement: str, acte: Acte, le: date) -> bool:
        fin = self.au or date.max
        return (self.departement, self.acte) == (departement, acte) and self.du <= le <= fin


@dataclass(frozen=True)
class Transfert:
    """The parcours left ``departement`` (a move): competence went with the person. The former bodies
    read the parcours as it stood at version ``jusqu_a_version``, that of the step that moved it."""

    departement: str
    jusqu_a_version: int


@dataclass(frozen=True)
class Situation:
    """The facts of a parcours that competence reads, as its events recorded them."""

    parcours_id: UUID
    departement: str
    motif: MotifInscription
    rsa: bool
    """An RSA beneficiary or partner: by the motif of inscription, the RSA rights' opening, or the orientation data."""
    rsa_informe_le: date | None
    """The day the PCD received the information that RSA rights were opened (CASF D.262-65-2)."""
    organisme_referent: Organisme | None
    referent: str | None
    allocations: frozenset[Allocation] = frozenset()
    """The allowances a procedure of the parcours is about."""
    transferts: tuple[Transfert, ...] = ()

    def concernant(self, allocation: Allocation | None) -> "Situation":
        """The parcours as a step about ``allocation`` makes it: its funder's authority is competent
        for the procedure that step opens or conducts (CT L.5412-1; CASF L.262-37)."""
        if allocation is None or allocation in self.allocations:
            return self
        return replace(self, allocations=self.allocations | {allocation})


def roles(
    situation: Situation, le: date, delai_orientation_rsa: timedelta, delegations: Sequence[Delegation] = ()
) -> tuple[Attribution, ...]:
    """Every role in the parcours on day ``le``: the bodies of its département now, then the former
    bodies of each département it left, frozen at the move."""
    actuels = tuple(_roles_dans(situation, situation.departement, le, delai_orientation_rsa, delegations))
    anciens = (
        replace(attribution, jusqu_a_version=transfert.jusqu_a_version)
        for transfert in situation.transferts
        for attribution in _roles_dans(situation, transfert.departement, le, delai_orientation_rsa, delegations)
    )
    return actuels + tuple(anciens)


def _roles_dans(
    situation: Situation, departement: str, le: date, delai: timedelta, delegations: Sequence[Delegation]
) -> Iterator[Attribution]:
    def en(organisme: Organisme) -> Organe:
        return Organe(organisme, departement)

    def delegues(acte: Acte) -> Iterable[Delegation]:
        return (d for d in delegations if d.en_vigueur(departement, acte, le))

    en_charge = organisme_responsable(situation.motif, None)
    decideur = Organisme.DEPARTEMENT if situation.rsa else en_charge
    yield Attribution(Fonction.DECIDEUR_ORIENTATION, en(decideur), "CT L.5411-5-1 II")
    if situation.rsa:
        informe = situation.rsa_informe_le
        if informe is not None and le >= informe + delai:
            yield Attribution(Fonction.DECIDEUR_ORIENTATION, en(Organisme.FRANCE_TRAVAIL), "CASF D.262-65-2")
        for delegation in delegues(Acte.ORIENTER):
            yield Attribution(Fonction.DECIDEUR_ORIENTATION, en(delegation.delegataire), delegation.convention)
        yield Attribution(Fonction.PRESIDENT_RSA, en(Organisme.DEPARTEMENT), "CASF L.262-31, R.262-68")
    referent = situation.organisme_referent
    if referent is None:
        yield Attribution(Fonction.ORGANISME_REFERENT, en(en_charge), "CT L.5411-5-1 II")
    else:
        yield Attribution(Fonction.ORGANISME_REFERENT, en(referent), "CT L.5411-5-1 IV")
    if referent in (None, Organisme.DEPARTEMENT) and situation.rsa:
        for delegation in delegues(Acte.ACCOMPAGNER):
            yield Attribution(Fonction.ORGANISME_REFERENT, en(delegation.delegataire), delegation.convention)
    allocations = situation.allocations | ({Allocation.RSA} if situation.rsa else set())
    for allocation in sorted(allocations, key=lambda a: a.value):
        organe = en(FINANCEUR[allocation])
        yield Attribution(Fonction.AUTORITE_SANCTION, organe, ARTICLE_DU_FINANCEUR[allocation], allocation)
    if situation.allocations:
        yield Attribution(Fonction.TENEUR_DE_LISTE, en(Organisme.FRANCE_TRAVAIL), "CT L.5412-1")


class Qualite(Enum):
    """In what capacity a caller acts."""

    AGENT = "agent"
    """An agent of a body: conseiller, référent, manager."""
    AUTORITE = "autorite"
    """A body's autorité de sanction."""
    PERSONNE = "personne"
    CONTROLE = "controle"
    """Auditors and administrators: read everything, decide nothing."""
    PARTENAIRE = "partenaire"
    """A partner's software (the CAF/MSA flow): registers and informs, reads no parcours."""
    AUCUNE = "aucune"


@dataclass(frozen=True)
class Intervenant:
    """Who asks, in the terms of competence: in what capacity, for which body, who; for a person, the
    parcours that are theirs."""

    qualite: Qualite
    organe: Organe | None = None
    id: str | None = None
    parcours: frozenset[UUID] = frozenset()


@dataclass(frozen=True)
class Droits:
    """What a caller may do and read in a parcours; ``jusqu_a_version``: only as it stood at that version."""

    actes: frozenset[Acte] = frozenset()
    allocations: frozenset[Allocation] = frozenset()
    """The allowances it may sanction on (``Acte.SANCTIONNER``)."""
    lectures: frozenset[Lecture] = frozenset()
    jusqu_a_version: int | None = None
    fondements: tuple[str, ...] = ()

    @property
    def voit(self) -> bool:
        return bool(self.lectures)

    def peut(self, acte: Acte, allocation: Allocation | None = None) -> bool:
        if acte is Acte.SANCTIONNER and allocation is not None:
            return allocation in self.allocations
        return acte in self.actes


TOUT_VOIR = Droits(lectures=frozenset(Lecture))


def droits(situation: Situation, attributions: Iterable[Attribution], intervenant: Intervenant) -> Droits:
    """What ``intervenant`` may do and read in the parcours whose roles are ``attributions``: a body
    what its roles there allow (its référent as its organisme référent), the person everything of
    their own parcours and their own acts, auditors everything and no act, a partner's flow the RSA
    information without reading anything, anybody else nothing."""
    match intervenant.qualite:
        case Qualite.CONTROLE:
            return TOUT_VOIR
        case Qualite.PERSONNE if situation.parcours_id in intervenant.parcours:
            return Droits(actes=frozenset({Acte.AGIR_EN_PERSONNE}), lectures=frozenset(Lecture))
        case Qualite.PARTENAIRE:
            return Droits(actes=frozenset({Acte.INFORMER_DROITS_RSA}))
        case Qualite.AGENT | Qualite.AUTORITE:
            return _droits_d_un_organe([a for a in attributions if _tenue_par(a, situation, intervenant)])
    return Droits()


def _droits_d_un_organe(siennes: list[Attribution]) -> Droits:
    """A body's rights: those of its roles now; without any, a former body's reads as they stood."""
    actuelles = [a for a in siennes if a.jusqu_a_version is None]
    if actuelles:
        return Droits(
            actes=frozenset(acte for a in actuelles for acte in ACTES[a.fonction]),
            allocations=frozenset(a.allocation for a in actuelles if a.allocation is not None),
            lectures=frozenset(lecture for a in actuelles for lecture in LECTURES[a.fonction]),
            fondements=tuple(dict.fromkeys(a.fondement for a in actuelles)),
        )
    fins = [a.jusqu_a_version for a in siennes if a.jusqu_a_version is not None]
    if not fins:
        return Droits()
    return Droits(
        lectures=frozenset(lecture for a in siennes for lecture in LECTURES[a.fonction]),
        jusqu_a_version=max(fins),
        fondements=tuple(dict.fromkeys(a.fondement for a in siennes)),
    )


def _tenue_par(attribution: Attribution, situation: Situation, intervenant: Intervenant) -> bool:
    if attribution.organe == intervenant.organe:
        return True
    # The référent named in the parcours acts as its organisme référent, wherever their token places them.
    referent = situation.referent is not None and intervenant.id == situation.referent
    return referent and attribution.fonction is Fonction.ORGANISME_REFERENT and attribution.jusqu_a_version is None
