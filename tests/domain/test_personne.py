"""The person's record (domain.personne): given its past, when a command, then its events or a named refusal."""

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.horloge import sous_horloge
from domain.personne import Personne
from domain.regles.personne import FusionImpossible, PersonneEffacee
from tests.support import faits
from tests.support.personnes import fiche

D = faits.decision(jour=date(2025, 6, 2))


@pytest.fixture(autouse=True)
def horloge() -> Iterator[None]:
    with sous_horloge(lambda: D.effective_le):
        yield


def enregistree(nom: str = "Lefèvre", *parcours: UUID) -> Personne:
    personne = Personne.enregistrer(fiche(nom), D, uuid4())
    for parcours_id in parcours or (uuid4(),):
        personne.rattacher_parcours(parcours_id, None, D)
    return personne


def noms(personne: Personne) -> list[str]:
    return [type(e).__name__ for e in personne.collect_events()]


def test_la_fiche_gardee_lit_les_parcours_de_la_fiche_absorbee_jusqu_a_l_annulation() -> None:
    gardee, absorbee = enregistree(), enregistree("Lefebvre")
    gardee.collect_events()

    absorbee.fusionner_dans(gardee.id, None, D)
    gardee.absorber(absorbee, D)
    pendant = list(gardee.parcours_lies)
    gardee.rendre(absorbee.id, D)

    assert noms(gardee) == ["PersonneAbsorbee", "AbsorptionAnnulee"]
    assert pendant == [*gardee.parcours, *absorbee.parcours]
    assert gardee.parcours_lies == gardee.parcours


def test_absorber_deux_fois_la_meme_fiche_n_ecrit_rien_de_plus() -> None:
    gardee, absorbee = enregistree(), enregistree("Lefebvre")
    gardee.absorber(absorbee, D)
    gardee.collect_events()

    gardee.absorber(absorbee, D)

    assert noms(gardee) == []


def test_une_fiche_dont_le_parcours_est_ouvert_ne_se_fusionne_pas() -> None:
    gardee, ouverte = enregistree(), enregistree("Lefebvre")

    with pytest.raises(FusionImpossible):
        ouverte.fusionner_dans(gardee.id, ouverte.parcours[-1], D)


def test_une_personne_effacee_ne_recoit_plus_rien() -> None:
    personne = enregistree()
    personne.effacer(None, D)

    with pytest.raises(PersonneEffacee):
        personne.rattacher_parcours(uuid4(), None, D)
