"""The acting principal: who calls, as verified by the caller (a token, the algorithm, the system)."""

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from domain.competence import Qualite
from domain.decision import Auteur, Autorite
from domain.organe import Organe
from domain.vocabulaire import Organisme, TypeAuteur, TypeAutorite


class Role(Enum):
    """Roles of DESIGN §5, plus the non-human principals that record steps."""

    CONSEILLER = "conseiller"
    REFERENT = "referent"
    RESPONSABLE = "responsable"
    AUTORITE_SANCTION = "autorite_sanction"
    AUDITEUR = "auditeur"
    PERSONNE = "personne"
    ADMIN = "admin"
    PARTENAIRE = "partenaire"
    ALGORITHME = "algorithme"
    SYSTEME = "systeme"


TYPE_AUTEUR: dict[Role, TypeAuteur] = {
    Role.CONSEILLER: TypeAuteur.CONSEILLER,
    Role.REFERENT: TypeAuteur.CONSEILLER,
    Role.RESPONSABLE: TypeAuteur.CONSEILLER,
    Role.AUTORITE_SANCTION: TypeAuteur.AUTORITE,
    Role.PERSONNE: TypeAuteur.PERSONNE,
    Role.PARTENAIRE: TypeAuteur.PARTENAIRE,
    Role.ALGORITHME: TypeAuteur.ALGORITHME,
    Role.SYSTEME: TypeAuteur.SYSTEME,
}
"""Auditors and administrators read and operate; they never author a step of a parcours."""


AGIT_POUR_UN_ORGANE = frozenset({Role.CONSEILLER, Role.REFERENT, Role.RESPONSABLE, Role.AUTORITE_SANCTION})

QUALITES: dict[Role, Qualite] = {
    Role.CONSEILLER: Qualite.AGENT,
    Role.REFERENT: Qualite.AGENT,
    Role.RESPONSABLE: Qualite.AGENT,
    Role.AUTORITE_SANCTION: Qualite.AUTORITE,
    Role.PERSONNE: Qualite.PERSONNE,
    Role.AUDITEUR: Qualite.CONTROLE,
    Role.ADMIN: Qualite.CONTROLE,
    Role.PARTENAIRE: Qualite.PARTENAIRE,
}
"""In what capacity each role stands before competence; the algorithm and the system read nothing here."""


class LectureSeule(Exception):
    """The principal's role authors no step of a parcours (auditeur, admin)."""


AUTORITE_DE: dict[Organisme, TypeAutorite] = {
    Organisme.FRANCE_TRAVAIL: TypeAutorite.FRANCE_TRAVAIL,
    Organisme.DEPARTEMENT: TypeAutorite.PRESIDENT_CONSEIL_DEPARTEMENTAL,
    Organisme.MISSION_LOCALE: TypeAutorite.MISSION_LOCALE,
    Organisme.CAP_EMPLOI: TypeAutorite.CAP_EMPLOI,
}
"""The authority each organisme's autorité de sanction acts for."""


@dataclass(frozen=True)
class Principal:
    """The caller, as its verified credentials say: identity, role, organisme and structure,
    territory (département), and for a person the parcours that is theirs: named by the token
    (``parcours``), or, for a token whose account is linked to a person (``personne``), every
    parcours of that person (``parcours_siens``). An agent or an authority is also named, with their
    capacity (``nom``, ``qualite``), as the decisions they take must say (CRPA L.212-1)."""

    id: str
    role: Role
    organisme: Organisme | None = None
    structure: str | None = None
    territoire: str | None = None
    parcours: UUID | None = None
    personne: UUID | None = None
    parcours_siens: frozenset[UUID] = frozenset()
    nom: str | None = None
    """First name and name as displayed (« Marie Dupont »), from the identity provider's claims."""
    qualite: str | None = None
    """The capacity in which they act (« conseillère en insertion professionnelle »)."""

    def auteur(self) -> Auteur:
        """The author of the steps this principal records; an agent or an authority with their name and
        capacity (CRPA L.212-1), nobody else: a person's name never goes into an event in clear."""
        try:
            type_auteur = TYPE_AUTEUR[self.role]
        except KeyError:
            raise LectureSeule(f"Le rôle « {self.role.value} » n'inscrit pas d'étape dans un parcours.") from None
        nomme = self.role in AGIT_POUR_UN_ORGANE
        return Auteur(
            type=type_auteur,
            id=self.id,
            organisme=self._rattachement(),
            role=self.role.value,
            organe=self.organe(),
            nom=self.nom if nomme else None,
            qualite=self.qualite if nomme else None,
        )

    def organe(self) -> Organe | None:
        """The body an agent or an authority acts for: its organisme in its département (its token's
        ``organisme`` and ``territoire``); none for anybody else."""
        if self.role not in AGIT_POUR_UN_ORGANE or self.organisme is None or self.territoire is None:
            return None
        return Organe(self.organisme, self.territoire)

    def autorite(self) -> Autorite | None:
        """The authority an autorité de sanction decides for; nobody else speaks for one."""
        if self.role is not Role.AUTORITE_SANCTION or self.organisme is None:
            return None
        return Autorite(type=AUTORITE_DE[self.organisme], id=self._rattachement() or self.organisme.value)

    def _rattachement(self) -> str | None:
        return self.structure or (self.organisme.value if self.organisme else None)
