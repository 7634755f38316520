"""A letter as it left (issue 21, item 2): what its emission records besides its nature and its addressee.

Nothing personal: the addressee is named by their capacity (``Destinataire``), the person's data by the
version of their record the letter was addressed from; the letter itself by the SHA-256 of its bytes.
"""

from dataclasses import dataclass

from domain.parametres import VersionParametres
from domain.regles.courrier import verifier_empreinte
from domain.valeur import ValeurInvalide, exiger_texte, exiger_type
from domain.vocabulaire import CanalCourrier


@dataclass(frozen=True)
class Pli:
    """The letter sent: its SHA-256 (``empreinte``), the channel, the sending's reference (the e-mail's
    Message-ID, the file left to the printing service: no personal data), the parcours' version its content was
    read at, the person's record version its address was read at (None: no person), and the parameters' version
    its deadlines were read in. Rendering the same events again gives the same bytes, hence the same SHA-256."""

    empreinte: str
    canal: CanalCourrier
    reference: str
    lu_a_la_version: int
    personne_version: int | None
    parametres: VersionParametres

    def __post_init__(self) -> None:
        verifier_empreinte(self.empreinte)
        exiger_type(self.canal, CanalCourrier, "pli.canal")
        exiger_texte(self.reference, "pli.reference")
        if type(self.lu_a_la_version) is not int or self.lu_a_la_version < 1:
            raise ValeurInvalide("pli.lu_a_la_version : version du parcours (au moins 1) attendue")
        exiger_texte(self.parametres, "pli.parametres")
