"""What an inscription records (CT L.5411-1; DOMAIN §2.1)."""

from dataclasses import dataclass

from domain.valeur import exiger_texte, exiger_type
from domain.vocabulaire import CanalInscription, MotifInscription

CODE_DEPARTEMENT = r"[0-9]{2}|2A|2B|[0-9]{3}"
"""A département's code as INSEE writes it (``75``, ``2A``, ``974``): what every entry point accepts as
an inscription's territory (the API's models, the bulk import)."""


@dataclass(frozen=True)
class Territoire:
    departement: str
    bassin: str | None = None

    def __post_init__(self) -> None:
        exiger_texte(self.departement, "territoire.departement")
        exiger_texte(self.bassin, "territoire.bassin", optionnel=True)


@dataclass(frozen=True)
class Inscription:
    motif: MotifInscription
    canal: CanalInscription
    territoire: Territoire

    def __post_init__(self) -> None:
        exiger_type(self.motif, MotifInscription, "inscription.motif")
        exiger_type(self.canal, CanalInscription, "inscription.canal")
        exiger_type(self.territoire, Territoire, "inscription.territoire")

    @property
    def demande_rsa(self) -> bool:
        return self.motif in (MotifInscription.DEMANDE_RSA, MotifInscription.CONJOINT_RSA)
