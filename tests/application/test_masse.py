"""Bulk inscription (issue 7): each line read into domain values or refused with its number, the valid ones
built as ``inscrire`` builds them and saved in one transaction per batch. On every store. A line is held to
the rules the API holds an inscription to: what one refuses, the other refuses."""

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest
from pydantic import TypeAdapter, ValidationError

from api.modeles.commun import DonneeOrientation, DonneesOrientation
from api.modeles.valeurs import TerritoireModele
from application.lecture_ligne import LigneValide, Refus, lire, lire_csv
from application.masse import ResultatLot, partenaire, traiter_lot
from application.orientation import DONNEES_MAXIMUM
from application.parcours import ParcoursApplication
from application.saisie import Saisie
from domain.decision import FUSEAU_METIER
from domain.referentiel import Referentiels
from domain.valeur import ValeurInvalide
from domain.vocabulaire import ModeOrientation, TypeAuteur
from infrastructure.referentiels import charger_orientation
from infrastructure.reglages import RACINE_DES_REFERENTIELS
from tests.support.horloge import HorlogeDeTest

CAF = partenaire("flux-caf")


def donnee(nom: str, valeur: object, source: str = "declaration") -> dict[str, object]:
    return {"nom": nom, "valeur": valeur, "source": source, "collecte_le": "2025-06-01"}


EMPLOI = [
    donnee("age", 30),
    donnee("activite_recente_24_mois", True),
    donnee("capacite_a_se_projeter", "oui"),
    donnee("freins.mobilite", "sans_impact"),
]
"""Rule R04 of 2025.1: confirmed by the algorithm alone for France Travail."""


def ligne(donnees: list[dict[str, object]] | None = None, **champs: object) -> str:
    corps: dict[str, object] = {
        "motif": "demande",
        "canal": "flux_caf",
        "territoire": {"departement": "93", "bassin": None},
        "effective_le": "2025-06-02T08:00:00+02:00",
        "donnees_orientation": EMPLOI if donnees is None else donnees,
        "reference": "caf-1",
    }
    return json.dumps({**corps, **champs})


PERSONNES = [
    ligne(),
    ligne([*EMPLOI, donnee("freins.sante", "sans_impact")], reference="caf-2"),  # sensitive: a person validates
    ligne(EMPLOI[:2], reference="caf-3"),  # R99: an entretien d'orientation
    ligne([], motif="demande_rsa", reference="caf-4"),  # no data: no proposal
    ligne(
        [
            donnee("beneficiaire_rsa", True, "flux_caf"),
            donnee("age", 40, "flux_caf"),
            donnee("freins.logement", "fort"),
            donnee("capacite_a_se_projeter", "non"),
        ],
        motif="demande_rsa",
        reference="caf-5",
        effective_le="2026-01-05T09:00:00+01:00",  # referential 2026.1
    ),
]
DERNIER_JOUR = date(2026, 1, 5)
"""The clock stands on that day or later to record ``PERSONNES``: no business time runs ahead of it."""


def valides(app: ParcoursApplication, *textes: str) -> list[LigneValide]:
    lues = [lire(numero, texte, app.referentiels) for numero, texte in enumerate(textes, 1)]
    assert all(isinstance(lue, LigneValide) for lue in lues), lues
    return [lue for lue in lues if isinstance(lue, LigneValide)]


def importer(app: ParcoursApplication, *textes: str) -> ResultatLot:
    return traiter_lot(app, list(enumerate(textes, 1)), CAF)


def sans_identifiant(evenement: Any) -> dict[str, Any]:
    """Everything an event records but the parcours id (drawn at random on each path)."""
    return {cle: valeur for cle, valeur in vars(evenement).items() if cle != "originator_id"}


def histoire(app: ParcoursApplication, parcours_id: UUID) -> list[tuple[str, dict[str, Any]]]:
    return [(type(e).__name__, sans_identifiant(e)) for e in app.historique(parcours_id)]


def test_le_lot_enregistre_exactement_ce_qu_inscrire_aurait_enregistre(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(DERNIER_JOUR)
    lot = importer(app, *PERSONNES)
    une_par_une = [
        app.inscrire(Saisie(principal=CAF, effective_le=v.effective_le), v.inscription, donnees=v.donnees).parcours_id
        for v in valides(app, *PERSONNES)
    ]

    assert lot.refus == ()
    assert [i.reference for i in lot.inscrites] == ["caf-1", "caf-2", "caf-3", "caf-4", "caf-5"]
    en_masse = [histoire(app, inscrite.parcours_id) for inscrite in lot.inscrites]
    assert en_masse == [histoire(app, parcours_id) for parcours_id in une_par_une]
    assert [[nom for nom, _ in h] for h in en_masse] == [
        ["Inscrit", "OrientationProposee", "Oriente"],
        ["Inscrit", "OrientationProposee"],
        ["Inscrit", "OrientationProposee"],
        ["Inscrit"],
        ["Inscrit", "OrientationProposee"],
    ]


def test_l_auteur_est_le_partenaire_et_la_proposition_suit_la_version_du_jour(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(DERNIER_JOUR)
    lot = importer(app, PERSONNES[0], PERSONNES[4])

    premier, rsa = (list[Any](app.historique(i.parcours_id)) for i in lot.inscrites)
    inscrit = premier[0]
    assert (inscrit.decision.auteur.type, inscrit.decision.auteur.id) == (TypeAuteur.PARTENAIRE, "flux-caf")
    assert inscrit.decision.effective_le == datetime(2025, 6, 2, 8, tzinfo=FUSEAU_METIER)
    assert (premier[2].mode, premier[2].decision.auteur.id) == (ModeOrientation.ALGORITHME_SEUL, "orientation@2025.1")
    assert (rsa[1].proposition.referentiel.version, rsa[1].proposition.regle) == ("2026.1", "R01")


@pytest.mark.parametrize(
    ("texte", "motif"),
    [
        (ligne([donnee("pointure", 42)]), "pointure : entrée inconnue du référentiel orientation 2025.1"),
        (ligne([donnee("age", 120)]), "age : valeur 120 hors du domaine (entier de 16 à 99)"),
        (ligne([donnee("age", 30, "conseiller")]), "age : source « conseiller » non prévue"),
        (ligne(effective_le="2024-12-02T08:00:00+01:00"), "aucune version du référentiel orientation"),
    ],
    ids=["entree-inconnue", "hors-domaine", "source-non-prevue", "avant-le-referentiel"],
)
def test_une_ligne_que_le_referentiel_refuse_est_signalee_et_les_autres_enregistrees(
    app: ParcoursApplication, texte: str, motif: str
) -> None:
    lot = importer(app, ligne(), texte, ligne(reference="caf-3"))

    assert [(r.numero, r.reference) for r in lot.refus] == [(2, "caf-1")]
    assert motif in lot.refus[0].motif
    assert [i.numero for i in lot.inscrites] == [1, 3]
    assert len(app.recorder.select_notifications(start=1, limit=100)) == 6  # 2 parcours x 3 events, nothing else


def test_un_lot_est_une_transaction_dont_les_abonnes_sont_prevenus_une_fois(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(DERNIER_JOUR)
    app.inscrire(Saisie(principal=CAF), valides(app, ligne())[0].inscription)
    positions: list[int] = []
    app.apres_enregistrement.append(positions.append)

    lot = importer(app, *PERSONNES)

    identifiants = [n.id for n in app.recorder.select_notifications(start=2, limit=100)]
    assert identifiants == list(range(2, 12))  # consecutive: inserted together, in one transaction
    assert positions == [lot.position] == [identifiants[-1]]


def test_un_lot_sans_ligne_valide_n_enregistre_rien(app: ParcoursApplication) -> None:
    lot = importer(app, "{", ligne(motif="inconnu"))

    assert (lot.inscrites, lot.position, [r.numero for r in lot.refus]) == ((), None, [1, 2])
    assert app.recorder.max_notification_id() in (None, 0)


# --- reading a line (no store) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texte", "motif"),
    [
        ("{", "JSON illisible"),
        ("[1]", "un objet JSON est attendu"),
        (ligne(nom="Dupont"), "champ(s) inconnu(s) : nom"),
        (ligne(motif="chomage"), "motif : « chomage » inconnu (valeurs : demande, demande_rsa"),
        (ligne(canal=None), "canal : absent"),
        (ligne(territoire={"departement": ""}), "territoire.departement : texte non vide attendu"),
        (ligne(effective_le="2025-06-02T08:00:00"), "effective_le : date et heure ISO 8601 avec fuseau"),
        (ligne(effective_le="le 2 juin"), "effective_le : date et heure ISO 8601"),
        (ligne([{**donnee("age", 30), "collecte_le": "01/06/2025"}]), "donnees_orientation[1].collecte_le : date"),
        (ligne([donnee("age", 30, "rumeur")]), "donnees_orientation[1].source : « rumeur » inconnu"),
        (ligne([donnee("age", 30.5)]), "donnees_orientation[1].valeur (age) : booléen, entier ou texte attendu"),
        (ligne([donnee("age", 30), donnee("age", 31)]), "« age » donnée deux fois"),
    ],
)
def test_une_ligne_illisible_est_refusee_avec_son_numero_et_un_message(texte: str, motif: str) -> None:
    lue = lire(7, texte, None)

    assert isinstance(lue, Refus)
    assert lue.numero == 7
    assert motif in lue.motif


def test_la_reference_du_partenaire_accompagne_un_refus() -> None:
    lue = lire(3, ligne(motif="chomage", reference="caf-77"), None)

    assert isinstance(lue, Refus)
    assert lue.reference == "caf-77"


# --- one rule for every entry point: the import refuses what the API refuses -----------------------


def l_api_accepte(modele: Any, valeur: object) -> bool:
    try:
        TypeAdapter(modele).validate_python(valeur)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("code", ["75", "2A", "974", "Seine", "7", "2C", "93 bis"])
def test_l_import_et_l_api_acceptent_les_memes_departements(code: str) -> None:
    lue = lire(1, ligne(territoire={"departement": code, "bassin": None}), None)

    assert isinstance(lue, LigneValide) == l_api_accepte(TerritoireModele, {"departement": code})
    assert isinstance(lue, LigneValide) == (code in ("75", "2A", "974"))
    if isinstance(lue, Refus):
        assert f"territoire.departement : code de département attendu (ex. 93, 2A, 974), reçu « {code} »" == lue.motif


@pytest.mark.parametrize("nom", ["age", "freins.sante", "Age", "freins.", "freins.sante.x", "a" * 101, ""])
def test_l_import_et_l_api_acceptent_les_memes_noms_de_donnees(nom: str) -> None:
    lue = lire(1, ligne([donnee(nom, 30)]), None)
    par_l_api = l_api_accepte(DonneeOrientation, donnee(nom, 30))

    assert isinstance(lue, LigneValide) == par_l_api == (nom in ("age", "freins.sante"))
    if isinstance(lue, Refus):
        assert lue.motif.startswith("donnees_orientation[1].nom : nom d'entrée du catalogue attendu")


@pytest.mark.parametrize("nombre", [50, 51])
def test_l_import_et_l_api_acceptent_autant_de_donnees_a_la_fois(nombre: int) -> None:
    donnees = [donnee(f"entree_{rang}", 1) for rang in range(nombre)]
    colonnes_csv = {"motif": "demande", "canal": "partenaire", "departement": "75", "source": "declaration",
                    "collecte_le": "2025-06-01", **{str(d["nom"]): "1" for d in donnees}}  # fmt: skip

    en_json, en_csv = lire(1, ligne(donnees), None), lire(1, colonnes_csv, None)

    assert l_api_accepte(DonneesOrientation, donnees) == (nombre <= DONNEES_MAXIMUM)
    assert isinstance(en_json, LigneValide) == isinstance(en_csv, LigneValide) == (nombre <= DONNEES_MAXIMUM)


def colonnes(**cellules: str) -> dict[str, str]:
    base = {
        "motif": "demande",
        "canal": "partenaire",
        "departement": "75",
        "bassin": "Paris",
        "effective_le": "2025-06-02T08:00:00+02:00",
        "source": "declaration",
        "collecte_le": "2025-06-01",
        "age": "30",
        "activite_recente_24_mois": "oui",
        "capacite_a_se_projeter": "oui",
        "freins.mobilite": "sans_impact",
        "freins.sante": "",
        "reference": "p-1",
    }
    return {**base, **cellules}


def test_une_ligne_csv_est_typee_par_le_catalogue_du_referentiel(referentiels: Referentiels) -> None:
    lue = lire_csv(2, colonnes(), referentiels)

    assert [(d.nom, d.valeur) for d in lue.donnees] == [
        ("age", 30),
        ("activite_recente_24_mois", True),
        ("capacite_a_se_projeter", "oui"),
        ("freins.mobilite", "sans_impact"),
    ]
    assert {d.collecte_le for d in lue.donnees} == {date(2025, 6, 1)}
    assert (lue.reference, lue.inscription.territoire.bassin) == ("p-1", "Paris")


@pytest.mark.parametrize(
    ("cellules", "motif"),
    [
        ({"age": "trente"}, "age : entier attendu, reçu « trente »"),
        ({"activite_recente_24_mois": "peut-être"}, "activite_recente_24_mois : true ou false attendu"),
        ({"source": ""}, "source (des données de la ligne) : absent"),
        ({"collecte_le": ""}, "collecte_le (des données de la ligne) : date AAAA-MM-JJ attendue, absente"),
        ({"": "en trop"}, "plus de cellules que de colonnes"),
    ],
)
def test_une_ligne_csv_mal_formee_est_refusee(referentiels: Referentiels, cellules: dict[str, str], motif: str) -> None:
    with pytest.raises(ValeurInvalide, match=motif.replace("(", r"\(").replace(")", r"\)")):
        lire_csv(2, colonnes(**cellules), referentiels)


@pytest.fixture(scope="module")
def referentiels() -> Referentiels:
    return charger_orientation(RACINE_DES_REFERENTIELS)


@pytest.mark.parametrize(
    ("champs", "motif"),
    [
        ({"territoire": {"departement": "9\u00003", "bassin": None}}, "territoire.departement : caractère de contrôle"),
        ({"territoire": {"departement": "93", "bassin": "Bondy\u001b"}}, "territoire.bassin : caractère de contrôle"),
        ({"effective_le": "9999-12-31T23:59:59-12:00"}, "effective_le : date entre le 1900-01-01 et le 2199-12-31"),
        ({"effective_le": "0001-01-01T00:00:00+14:00"}, "effective_le : date entre le 1900-01-01 et le 2199-12-31"),
        ({"effective_le": "2025-06-03T08:00:00+02:00"}, "après son enregistrement"),
    ],
    ids=["nul", "echappement", "an-9999", "an-1", "future"],
)
def test_une_ligne_qu_un_magasin_ne_pourrait_garder_est_refusee_et_les_autres_enregistrees(
    app: ParcoursApplication, champs: dict[str, object], motif: str
) -> None:
    """The clock stands on 2 June 2025: the line dated 3 June runs ahead of it (DESIGN §1.7, §1.8)."""
    lot = importer(app, ligne(), ligne(None, **champs, reference="caf-2"), ligne(reference="caf-3"))

    assert [(r.numero, r.reference) for r in lot.refus] == [(2, "caf-2")]
    assert motif in lot.refus[0].motif
    assert [i.numero for i in lot.inscrites] == [1, 3]
