"""A body of the réseau pour l'emploi in a département: who holds a legal role in a parcours."""

from dataclasses import dataclass

from domain.valeur import exiger_texte, exiger_type
from domain.vocabulaire import Organisme


@dataclass(frozen=True)
class Organe:
    """An organisme acting in a département: France Travail's agencies there, the département's
    président du conseil départemental (``DEPARTEMENT``), its missions locales, its Cap emploi.
    Competence is judged at this grain (CT L.5411-5-1; CASF L.262-29): the body's own services
    and agents act for it."""

    organisme: Organisme
    departement: str

    def __post_init__(self) -> None:
        exiger_type(self.organisme, Organisme, "organe.organisme")
        exiger_texte(self.departement, "organe.departement")

    def __str__(self) -> str:
        return f"{self.organisme.value} ({self.departement})"
