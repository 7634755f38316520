"""What a store and a view can hold (DESIGN §1.8): texts without control characters, dates within the window.

Whatever path a value comes by (the API, a bulk import, demo data), the value objects refuse it at
construction and the aggregate refuses it in a new event, plain arguments included; a value read
back from the store is checked for its shape only.
"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given as pour_tout
from hypothesis import strategies as st

from domain.decision import Auteur, Critere, Decision
from domain.sanction import Manquement
from domain.valeur import JOUR_MAX, JOUR_MIN, ValeurInvalide, exiger_date, exiger_instant, relecture, verifier_stockable
from domain.vocabulaire import SourceDonnee, TypeAuteur, TypeManquement
from tests.support import faits


def fuseau(heures: int) -> timezone:
    return timezone(timedelta(hours=heures))


@pytest.mark.parametrize(
    "instant",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=fuseau(-12)),
        datetime(1, 1, 1, tzinfo=fuseau(14)),
        datetime(2199, 12, 31, 23, 30, tzinfo=fuseau(-1)),  # 1 January 2200 in UTC and in Paris
        datetime(1900, 1, 1, 0, 5, tzinfo=fuseau(1)),  # 31 December 1899 in UTC
    ],
    ids=["an-9999-moins-12h", "an-1-plus-14h", "2200-en-utc", "1899-en-utc"],
)
def test_un_instant_dont_le_jour_sort_de_la_fenetre_est_refuse(instant: datetime) -> None:
    with pytest.raises(ValeurInvalide, match="effective_le : date entre le 1900-01-01 et le 2199-12-31"):
        Decision(auteur=faits.CONSEILLER, effective_le=instant)


def test_les_bornes_de_la_fenetre_sont_admises() -> None:
    exiger_date(JOUR_MIN, "debut")
    exiger_date(JOUR_MAX, "fin")
    exiger_instant(datetime(2199, 12, 31, 12, tzinfo=UTC), "fin")

    for jour in (JOUR_MIN - timedelta(days=1), JOUR_MAX + timedelta(days=1)):
        with pytest.raises(ValeurInvalide):
            exiger_date(jour, "hors")


@pytest.mark.parametrize("texte", ["a\x00b", "a\x07b", "a\x0bb", "a\x7fb", "a\x9fb", "a\udc80b"])
def test_un_texte_libre_refuse_les_caracteres_de_controle(texte: str) -> None:
    with pytest.raises(ValeurInvalide, match="motif : caractère de contrôle"):
        Decision(auteur=faits.CONSEILLER, effective_le=faits.le(date(2025, 6, 2)), motif=texte)


def test_un_texte_libre_admet_la_tabulation_et_le_saut_de_ligne_un_identifiant_non() -> None:
    decision = Decision(auteur=faits.CONSEILLER, effective_le=faits.le(date(2025, 6, 2)), motif="a\r\n\tb")
    faits_du_manquement = Manquement(type=TypeManquement.ASSIDUITE, faits="absent\nà deux ateliers")

    assert (decision.motif, faits_du_manquement.faits) == ("a\r\n\tb", "absent\nà deux ateliers")
    with pytest.raises(ValeurInvalide, match=r"auteur\.id : caractère de contrôle U\+0009"):
        Auteur(type=TypeAuteur.CONSEILLER, id="agent\t42")


def test_la_valeur_d_un_critere_est_verifiee_comme_un_texte_ou_une_date() -> None:
    for valeur in ("oui\x00", date(1, 1, 1)):
        with pytest.raises(ValeurInvalide, match=r"critere\.valeur"):
            Critere(nom="x", valeur=valeur, source=SourceDonnee.DECLARATION, collecte_le=date(2025, 6, 1))


def test_une_valeur_relue_du_magasin_n_est_verifiee_que_dans_sa_forme() -> None:
    with relecture():
        ancienne = Decision(auteur=faits.CONSEILLER, effective_le=datetime(1, 1, 1, tzinfo=fuseau(14)), motif="a\x00")
        with pytest.raises(ValeurInvalide, match="texte non vide"):
            Decision(auteur=faits.CONSEILLER, effective_le=faits.le(date(2025, 6, 2)), motif=" ")

    assert ancienne.motif == "a\x00"
    with pytest.raises(ValeurInvalide):
        Decision(auteur=faits.CONSEILLER, effective_le=faits.le(date(2025, 6, 2)), motif="a\x00")


def test_tout_le_contenu_d_un_evenement_est_verifie_cles_comprises() -> None:
    verifier_stockable({"corrections": {"canal": "guichet\n"}, "jours": (date(2025, 6, 2),)}, "Evenement")

    with pytest.raises(ValeurInvalide, match=r"^Evenement.corrections \(clé\) : caractère de contrôle"):
        verifier_stockable({"corrections": {"canal\x00": "guichet"}}, "Evenement")
    with pytest.raises(ValeurInvalide, match=r"^Evenement.jours\[\] : date entre"):
        verifier_stockable({"jours": (date(2200, 1, 1),)}, "Evenement")


@pour_tout(texte=st.text())
def test_un_texte_admis_ne_contient_que_des_caracteres_qu_un_magasin_garde(texte: str) -> None:
    """Full Unicode: what the check lets through encodes to UTF-8 and holds no NUL (JSONB refuses it)."""
    try:
        verifier_stockable(texte, "texte")
    except ValeurInvalide:
        return
    assert "\x00" not in texte
    texte.encode("utf-8")


@pour_tout(instant=st.datetimes(timezones=st.sampled_from([fuseau(h) for h in range(-12, 15)])))
def test_un_instant_admis_a_un_jour_calculable_partout(instant: datetime) -> None:
    """Any instant with any offset: accepted, its day in UTC and in French time stays in the window."""
    try:
        exiger_instant(instant, "instant")
    except ValeurInvalide:
        return
    assert JOUR_MIN <= instant.astimezone(UTC).date() <= JOUR_MAX
    assert JOUR_MIN <= Decision(auteur=faits.CONSEILLER, effective_le=instant).jour <= JOUR_MAX
