"""The acting principal: who calls, as verified by the caller (a token, the algorithm, the system)."""

from dataclasses import dataclass
from enum import Enum

from domain.decision import Auteur
from domain.vocabulaire import TypeAuteur


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


class LectureSeule(Exception):
    """The principal's role authors no step of a parcours (auditeur, admin)."""


@dataclass(frozen=True)
class Principal:
    id: str
    role: Role
    organisme: str | None = None
    territoire: str | None = None

    def auteur(self) -> Auteur:
        try:
            type_auteur = TYPE_AUTEUR[self.role]
        except KeyError:
            raise LectureSeule(f"Le rôle « {self.role.value} » n'inscrit pas d'étape dans un parcours.") from None
        return Auteur(type=type_auteur, id=self.id, organisme=self.organisme, role=self.role.value)
