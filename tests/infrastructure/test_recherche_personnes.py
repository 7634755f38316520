"""The person search index (``infrastructure/recherche_personnes.py``), the same cases on memory, SQLite
and PostgreSQL: accents and case ignored, one typo tolerated, exact names first, birth date and commune
narrowing, keyset pages, idempotent catch-up by position, erasure. What only one engine promises (the
erased name gone from SQLite's file and from a PostgreSQL dump, the index-based plan) is tested below."""

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from domain.identite import normaliser_nom
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.recherche_personnes import (
    TOLERANCE_DES,
    LignePersonne,
    PersonneTrouvee,
    RecherchePersonnes,
    recherche_pour,
)
from infrastructure.reglages import Reglages

NAISSANCE = date(1990, 5, 17)


@pytest.fixture
def recherche(reglages: Reglages) -> Iterator[RecherchePersonnes]:
    """An empty index on a migrated store."""
    migrer(reglages)
    application = construire_application(reglages)
    yield recherche_pour(application)
    application.close()


def personne(
    *noms: str, naissance: date | None = NAISSANCE, commune: str | None = "93066", position: int = 1,
    personne_id: UUID | None = None,
) -> LignePersonne:  # fmt: skip
    """A person's row as the projection writes it: their names normalised, the first two as label."""
    return LignePersonne(
        personne_id or uuid4(), " ".join(normaliser_nom(nom) for nom in noms), naissance, commune,
        " ".join(noms[:2]), uuid4(), position,
    )  # fmt: skip


def indexees(recherche: RecherchePersonnes, *lignes: LignePersonne) -> list[LignePersonne]:
    for ligne in lignes:
        recherche.indexer(ligne)
    return list(lignes)


def ids(trouvees: list[PersonneTrouvee]) -> list[UUID]:
    return [trouvee.personne_id for trouvee in trouvees]


def test_un_nom_saisi_sans_accents_ni_majuscules_trouve_la_personne(recherche: RecherchePersonnes) -> None:
    loeuvre, autre = indexees(recherche, personne("Lœuvre-Émile", "Hélène"), personne("Martin", "Paul"))

    par_majuscules = recherche.chercher("LOEUVRE EMILE")
    par_prenom_accentue = recherche.chercher("hélène lœuvre")

    assert ids(par_majuscules.resultats) == [loeuvre.personne_id]
    assert ids(par_prenom_accentue.resultats) == [loeuvre.personne_id]
    assert par_majuscules.resultats[0].libelle == "Lœuvre-Émile Hélène"
    assert par_majuscules.resultats[0].parcours_id == loeuvre.parcours_id
    assert autre.personne_id not in ids(par_prenom_accentue.resultats)


@pytest.mark.parametrize(
    ("saisi", "inscrit"),
    [("Dupond", "Dupont"), ("Mathieu", "Matthieu"), ("Ngyuen", "Nguyen"), ("Lefebre", "Lefebvre")],
)
def test_une_faute_de_frappe_trouve_encore_la_personne(recherche: RecherchePersonnes, saisi: str, inscrit: str) -> None:
    (cherchee,) = indexees(recherche, personne(inscrit, "Camille"))

    trouvees = recherche.chercher(saisi).resultats

    assert ids(trouvees) == [cherchee.personne_id]
    assert 0 < trouvees[0].score < 1


@pytest.mark.parametrize(("saisi", "inscrit"), [("Durand", "Dupont"), ("Li", "Le"), ("Petit", "Pierre")])
def test_un_nom_bien_different_ne_trouve_personne(recherche: RecherchePersonnes, saisi: str, inscrit: str) -> None:
    indexees(recherche, personne(inscrit, "Camille"))

    assert recherche.chercher(saisi).resultats == []


@pytest.mark.parametrize(("saisi", "inscrit"), [("Bernard", "Renard"), ("Moreau", "Morel"), ("Lee", "Lea")])
def test_deux_fautes_ou_une_faute_dans_un_nom_court_ne_trouvent_personne(
    recherche: RecherchePersonnes, saisi: str, inscrit: str
) -> None:
    indexees(recherche, personne(inscrit, "Camille"))

    assert recherche.chercher(saisi).resultats == []


def test_le_nom_exact_passe_avant_le_nom_proche(recherche: RecherchePersonnes) -> None:
    dupond, dupont = indexees(recherche, personne("Dupond", "Léa"), personne("Dupont", "Léa"))

    trouvees = recherche.chercher("Dupont").resultats

    assert ids(trouvees) == [dupont.personne_id, dupond.personne_id]
    assert trouvees[0].score == 1.0
    assert trouvees[1].score < trouvees[0].score


def test_la_date_de_naissance_et_la_commune_restreignent_la_recherche(recherche: RecherchePersonnes) -> None:
    ici, ailleurs, plus_jeune = indexees(
        recherche,
        personne("Martin", "Paul", commune="93066"),
        personne("Martin", "Paul", commune="75056"),
        personne("Martin", "Paul", naissance=date(2001, 1, 2), commune="93066"),
    )

    le_jour = recherche.chercher("Martin", date_naissance=NAISSANCE)
    la_commune = recherche.chercher("Martin", code_insee="93066")
    les_deux = recherche.chercher("Martin", date_naissance=NAISSANCE, code_insee="93066")

    assert set(ids(le_jour.resultats)) == {ici.personne_id, ailleurs.personne_id}
    assert set(ids(la_commune.resultats)) == {ici.personne_id, plus_jeune.personne_id}
    assert ids(les_deux.resultats) == [ici.personne_id]
    assert (les_deux.resultats[0].date_naissance, les_deux.resultats[0].code_insee) == (NAISSANCE, "93066")


def test_les_pages_se_suivent_sans_doublon_ni_oubli_les_meilleurs_d_abord(recherche: RecherchePersonnes) -> None:
    exacts = indexees(recherche, *(personne("Martin", prenom) for prenom in ("Ana", "Bo", "Cy", "Di", "Ed")))
    proches = indexees(recherche, *(personne("Martins", prenom) for prenom in ("Fa", "Gu", "Hi")))

    pages, apres = [], None
    while True:
        page = recherche.chercher("martin", limite=3, apres=apres)
        pages.append(page.resultats)
        if page.suite is None:
            break
        apres = page.suite

    lus = [trouvee for resultats in pages for trouvee in resultats]
    assert [len(resultats) for resultats in pages] == [3, 3, 2]
    assert set(ids(lus[:5])) == {ligne.personne_id for ligne in exacts}
    assert set(ids(lus[5:])) == {ligne.personne_id for ligne in proches}
    assert [t.score for t in lus] == sorted((t.score for t in lus), reverse=True)


def test_une_position_plus_ancienne_ne_remplace_pas_la_ligne_une_plus_recente_si(
    recherche: RecherchePersonnes,
) -> None:
    personne_id = uuid4()
    recherche.indexer(personne("Dupont", "Léa", position=5, personne_id=personne_id))

    recherche.indexer(personne("Rousseau", "Léa", position=3, personne_id=personne_id))
    avant = ids(recherche.chercher("Dupont").resultats), ids(recherche.chercher("Rousseau").resultats)
    recherche.indexer(personne("Rousseau", "Léa", position=7, personne_id=personne_id))

    assert avant == ([personne_id], [])
    assert ids(recherche.chercher("Dupont").resultats) == []
    assert ids(recherche.chercher("Rousseau").resultats) == [personne_id]


def test_une_personne_effacee_n_est_plus_trouvee_et_un_evenement_rejoue_ne_la_ramene_pas(
    recherche: RecherchePersonnes,
) -> None:
    effacee, gardee = indexees(recherche, personne("Dupont", "Léa", position=4), personne("Dupont", "Marc"))

    recherche.effacer(effacee.personne_id, position=9)
    recherche.indexer(personne("Dupont", "Léa", position=8, personne_id=effacee.personne_id))

    assert ids(recherche.chercher("Dupont").resultats) == [gardee.personne_id]
    assert recherche.chercher("Léa").resultats == []
    assert recherche.chercher("Dupont", date_naissance=NAISSANCE, code_insee="93066").resultats[0].libelle == (
        "Dupont Marc"
    )


def test_un_nom_sans_lettre_ne_trouve_rien_et_une_limite_nulle_est_refusee(recherche: RecherchePersonnes) -> None:
    indexees(recherche, personne("Dupont", "Léa"))

    assert recherche.chercher(" - ' ").resultats == []
    with pytest.raises(ValueError, match="limite"):
        recherche.chercher("Dupont", limite=0)


LETTRES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12)


@st.composite
def une_faute(draw: st.DrawFn) -> tuple[str, str]:
    """A name of four letters or more and the same name with one edit: a letter added, removed,
    replaced, or two neighbours swapped."""
    nom = draw(LETTRES)
    rang = draw(st.integers(0, len(nom) - 2))
    lettre = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    faute = draw(st.sampled_from(["ajout", "retrait", "remplacement", "echange"]))
    saisi = {
        "ajout": nom[:rang] + lettre + nom[rang:],
        "retrait": nom[:rang] + nom[rang + 1 :],
        "remplacement": nom[:rang] + lettre + nom[rang + 1 :],
        "echange": nom[:rang] + nom[rang + 1] + nom[rang] + nom[rang + 2 :],
    }[faute]
    return nom, saisi


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(une_faute(), st.dates(date(1920, 1, 1), date(2010, 12, 31)))
def test_toute_faute_unique_d_un_nom_de_quatre_lettres_est_toleree(
    recherche: RecherchePersonnes, faute: tuple[str, str], naissance: date
) -> None:
    nom, saisi = faute
    assume(len(saisi) >= TOLERANCE_DES)  # a shorter word must be exact
    cherchee = personne(nom, "Camille", naissance=naissance, position=1)
    recherche.indexer(cherchee)

    trouvees = recherche.chercher(saisi, date_naissance=naissance, limite=100).resultats

    assert cherchee.personne_id in ids(trouvees)
