"""When a deadline is reminded (domain.regles.rappels): never before its notice period, near within it, passed
after it; one id per deadline and level."""

from datetime import date, timedelta
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.regles.rappels import AVANT, palier, rappel_id
from domain.vocabulaire import Corbeille, PalierRappel

AVEC_ECHEANCE = st.sampled_from(sorted(AVANT, key=lambda c: c.value))


@given(AVEC_ECHEANCE, st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(min_value=-400, max_value=400))
def test_le_palier_suit_le_jour_autour_de_l_echeance(corbeille: Corbeille, echeance: date, ecart: int) -> None:
    niveau = palier(corbeille, echeance, echeance + timedelta(days=ecart))

    if ecart > 0:
        assert niveau is PalierRappel.DEPASSEE
    elif -ecart <= AVANT[corbeille]:
        assert niveau is PalierRappel.PROCHE
    else:
        assert niveau is None


def test_une_liste_sans_echeance_n_est_jamais_rappelee() -> None:
    assert palier(Corbeille.A_DIAGNOSTIQUER, date(2025, 7, 1), date(2025, 8, 1)) is None


def test_un_rappel_a_un_identifiant_par_echeance_et_par_palier() -> None:
    parcours = uuid4()
    proche = rappel_id(parcours, Corbeille.RECOURS, "r1", date(2025, 7, 1), PalierRappel.PROCHE)

    assert proche == rappel_id(parcours, Corbeille.RECOURS, "r1", date(2025, 7, 1), PalierRappel.PROCHE)
    assert proche != rappel_id(parcours, Corbeille.RECOURS, "r1", date(2025, 7, 1), PalierRappel.DEPASSEE)
    assert proche != rappel_id(parcours, Corbeille.RECOURS, "r2", date(2025, 7, 1), PalierRappel.PROCHE)
    assert proche != rappel_id(parcours, Corbeille.RECOURS, "r1", date(2025, 7, 2), PalierRappel.PROCHE)
