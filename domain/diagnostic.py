"""The diagnostic global, drawn up with the person (CT L.5411-5-2; DOMAIN §2.3)."""

from dataclasses import dataclass

from domain.valeur import ValeurInvalide, exiger_type, figer
from domain.vocabulaire import NiveauFrein, SourceDonnee, ThemeDiagnostic


@dataclass(frozen=True)
class ItemDiagnostic:
    theme: ThemeDiagnostic
    niveau: NiveauFrein
    source: SourceDonnee

    def __post_init__(self) -> None:
        exiger_type(self.theme, ThemeDiagnostic, "item.theme")
        exiger_type(self.niveau, NiveauFrein, "item.niveau")
        exiger_type(self.source, SourceDonnee, "item.source")


@dataclass(frozen=True)
class Diagnostic:
    items: tuple[ItemDiagnostic, ...]
    realise_avec_la_personne: bool

    def __post_init__(self) -> None:
        figer(self, "items")
        if not self.items:
            raise ValeurInvalide("diagnostic.items : au moins un item attendu")
        for item in self.items:
            exiger_type(item, ItemDiagnostic, "diagnostic.items[]")
        exiger_type(self.realise_avec_la_personne, bool, "diagnostic.realise_avec_la_personne")
