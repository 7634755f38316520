"""Bulk import with persons (issue 18): each line's person found as at an inscription through the API,
lines of one batch naming the same person sharing one record, everything of a batch in its one
transaction. On every store."""

import json
from datetime import date
from typing import Any
from uuid import UUID

from application.masse import ResultatLot, partenaire, traiter_lot
from application.parcours import ParcoursApplication
from cli.demo.identites import fiche_en_json
from domain.identite import FichePersonne
from domain.personne import Personne
from domain.vocabulaire import MotifSortie, Statut
from tests.support import faits
from tests.support.demandes import par
from tests.support.personnes import fiche, nir

CAF = partenaire("flux-caf")
AGE = {"nom": "age", "valeur": 30, "source": "declaration", "collecte_le": "2025-06-01"}
RSA = [
    {"nom": "beneficiaire_rsa", "valeur": True, "source": "flux_caf", "collecte_le": "2025-06-01"},
    {"nom": "activite_recente_24_mois", "valeur": True, "source": "declaration", "collecte_le": "2025-06-01"},
]


def ligne(personne: FichePersonne | None, reference: str, **champs: object) -> str:
    corps: dict[str, object] = {
        "motif": "demande_rsa",
        "canal": "flux_caf",
        "territoire": {"departement": "93", "bassin": None},
        "effective_le": "2025-06-02T08:00:00+02:00",
        "donnees_orientation": RSA,
        "reference": reference,
    }
    if personne is not None:
        corps["personne"] = fiche_en_json(personne)
    return json.dumps({**corps, **champs})


def importer(app: ParcoursApplication, *textes: str, **options: Any) -> ResultatLot:
    return traiter_lot(app, list(enumerate(textes, 1)), CAF, **options)


def personne_de(app: ParcoursApplication, personne_id: UUID | None) -> Personne:
    assert personne_id is not None
    return app.personnes.lire(personne_id)


def test_deux_lignes_d_un_lot_pour_la_meme_personne_ne_creent_qu_une_personne(app: ParcoursApplication) -> None:
    lot = importer(app, ligne(fiche(), "caf-1"), ligne(fiche(nom="LEFEVRE", prenom="Amelie"), "caf-2"))

    assert [i.reference for i in lot.inscrites] == ["caf-1"]
    assert [(r.numero, r.code, r.parcours_id) for r in lot.refus] == [(2, "parcours-deja-ouvert", None)]
    personne = personne_de(app, lot.inscrites[0].personne_id)
    assert personne.parcours == [lot.inscrites[0].parcours_id]
    trouvee = app.personnes.par_identifiant(fiche().identifiants[0])
    assert trouvee is not None
    assert trouvee.id == personne.id


def test_le_parcours_ouvert_n_est_nomme_qu_a_qui_peut_le_voir(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())

    cache = importer(app, ligne(fiche(), "caf-1"))
    nomme = importer(app, ligne(fiche(), "caf-1"), voit=lambda parcours: parcours.id == premier.parcours_id)

    assert [(r.code, r.parcours_id) for r in cache.refus] == [("parcours-deja-ouvert", None)]
    assert [(r.code, r.parcours_id) for r in nomme.refus] == [("parcours-deja-ouvert", premier.parcours_id)]
    assert str(premier.parcours_id) in nomme.refus[0].motif


def test_une_personne_dont_le_parcours_est_clos_le_voit_rouvert(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(jour=date(2025, 5, 30)), faits.inscription(), personne=fiche())
    app.sortir(app.parcours(premier.parcours_id), par(jour=date(2025, 6, 1)), MotifSortie.EMPLOI_DURABLE)

    lot = importer(app, ligne(fiche(), "caf-1"))

    assert lot.refus == ()
    assert [(i.parcours_id, i.personne_id, i.reouvert) for i in lot.inscrites] == [
        (premier.parcours_id, premier.personne_id, True)
    ]
    assert app.parcours(premier.parcours_id).statut is Statut.EN_COURS


def test_un_homonyme_d_un_autre_nir_est_une_nouvelle_personne_signalee_comme_doublon(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())

    lot = importer(app, ligne(fiche(avec_nir=nir(departement="93", commune="066")), "caf-1"))

    inscrite = lot.inscrites[0]
    assert inscrite.personne_id != premier.personne_id
    assert inscrite.doublons == (premier.personne_id,)
    assert personne_de(app, inscrite.personne_id).doublons == {premier.personne_id: True}


def test_la_personne_ses_reperes_et_son_parcours_sont_dans_la_transaction_du_lot(app: ParcoursApplication) -> None:
    positions: list[int] = []
    app.apres_enregistrement.append(positions.append)

    martin = fiche("Martin", "Léa", date(1985, 3, 2))

    lot = importer(app, ligne(fiche(), "caf-1"), ligne(None, "caf-2"), ligne(martin, "caf-3"))

    notifications = app.recorder.select_notifications(start=1, limit=100)
    assert lot.refus == ()
    assert [n.id for n in notifications] == list(range(1, len(notifications) + 1))  # one transaction
    assert positions == [lot.position] == [notifications[-1].id]
    inscrites = {i.reference: i for i in lot.inscrites}
    assert inscrites["caf-2"].personne_id is None
    for reference in ("caf-1", "caf-3"):
        inscrite = inscrites[reference]
        assert app.parcours(inscrite.parcours_id).personne_id == inscrite.personne_id
        assert {n.originator_id for n in notifications} >= {inscrite.parcours_id, inscrite.personne_id}


def test_une_ligne_refusee_en_chemin_ne_laisse_rien_dans_le_lot(app: ParcoursApplication) -> None:
    """Line 1 registers the person then its data are refused: line 2, the same person with good data,
    finds nobody (no phantom person or parcours from line 1)."""
    refusee = ligne(fiche(), "caf-1", donnees_orientation=[*RSA, {**AGE, "nom": "pointure"}])

    lot = importer(app, refusee, ligne(fiche(), "caf-2"))

    assert [(r.numero, r.code) for r in lot.refus] == [(1, "valeur-invalide")]
    inscrite = lot.inscrites[0]
    assert (inscrite.reference, inscrite.reouvert) == ("caf-2", False)
    assert personne_de(app, inscrite.personne_id).parcours == [inscrite.parcours_id]


def test_l_age_de_la_proposition_est_calcule_de_la_date_de_naissance(app: ParcoursApplication) -> None:
    lot = importer(app, ligne(fiche(naissance=date(1990, 4, 12)), "caf-1", donnees_orientation=[*RSA, AGE]))

    proposee = [e for e in app.historique(lot.inscrites[0].parcours_id) if type(e).__name__ == "OrientationProposee"]
    criteres = {c.nom: c.valeur for c in proposee[0].decision.criteres}
    assert criteres["age"] == 35  # born 12 April 1990, decided on 2 June 2025; the declared 30 is set aside


def test_une_personne_en_csv_est_trouvee_comme_en_json(app: ParcoursApplication) -> None:
    colonnes = {
        "motif": "demande_rsa",
        "canal": "flux_caf",
        "departement": "93",
        "effective_le": "2025-06-02T08:00:00+02:00",
        "source": "flux_caf",
        "collecte_le": "2025-06-01",
        "beneficiaire_rsa": "true",
        "nom_naissance": "Lefèvre",
        "prenoms": "Amélie",
        "date_naissance": "1990-04-12",
        "nir": fiche().identifiants[0].valeur,
        "reference": "p-1",
    }

    lot = traiter_lot(app, [(2, ligne(fiche(), "caf-1")), (3, colonnes)], CAF)

    assert [(r.numero, r.code) for r in lot.refus] == [(3, "parcours-deja-ouvert")]
