"""Inscription finds the person first (issue 18): one person, one open parcours, duplicates flagged.

Given the persons already registered, when an inscription comes, then the person found (or a new one),
the parcours reopened or created, or a named refusal. On every store.
"""

from datetime import date

import pytest

from application.parcours import ParcoursApplication
from domain.identite import Identifiant, NatureIdentifiant
from domain.personne import Personne
from domain.regles.personne import IdentifiantsDePersonnesDifferentes, ParcoursDejaOuvert
from domain.vocabulaire import MotifSortie, Statut
from tests.support import faits
from tests.support.demandes import par
from tests.support.personnes import DECLAREE, caf, fiche, nir


def noms(app: ParcoursApplication, aggregat_id: object) -> list[str]:
    return [type(e).__name__ for e in app.events.get(aggregat_id)]  # type: ignore[arg-type]


def test_une_personne_inconnue_est_enregistree_avec_son_parcours(app: ParcoursApplication) -> None:
    resultat = app.inscrire(par(), faits.inscription(), personne=fiche())

    assert resultat.personne_id is not None
    personne = app.personnes.lire(resultat.personne_id)
    assert personne.parcours == [resultat.parcours_id]
    assert personne.identite is not None
    assert personne.identite.nom_naissance == "Lefèvre"
    assert app.parcours(resultat.parcours_id).personne_id == personne.id
    assert noms(app, personne.id) == ["PersonneEnregistree", "ParcoursRattache"]


def test_la_meme_personne_par_son_nir_est_refusee_tant_que_son_parcours_est_ouvert(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())

    with pytest.raises(ParcoursDejaOuvert) as refus:
        app.inscrire(par(), faits.inscription(), personne=fiche(nom="LEFEVRE", prenom="Amelie"))

    assert refus.value.parcours_id == premier.parcours_id


def test_la_meme_personne_sans_nir_est_retrouvee_par_nom_prenom_et_naissance(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())

    with pytest.raises(ParcoursDejaOuvert) as refus:
        app.inscrire(par(), faits.inscription(), personne=fiche(nom="lefevre", prenom="AMÉLIE", avec_nir=None))

    assert refus.value.parcours_id == premier.parcours_id


def test_un_homonyme_d_un_autre_nir_est_une_autre_personne_signalee_comme_doublon_probable(
    app: ParcoursApplication,
) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())
    autre_nir = nir(sexe=2, departement="93", commune="066")

    second = app.inscrire(par(), faits.inscription(), personne=fiche(avec_nir=autre_nir))

    assert second.personne_id != premier.personne_id
    assert second.personne_id is not None
    assert premier.personne_id is not None
    assert app.personnes.lire(second.personne_id).doublons == {premier.personne_id: True}
    assert "DoublonSignale" in noms(app, second.personne_id)


def test_un_identifiant_d_une_personne_et_le_nir_d_une_autre_sont_refuses(app: ParcoursApplication) -> None:
    app.inscrire(par(), faits.inscription(), personne=fiche("Martin", "Léa", date(1985, 1, 3), "auto", caf("7654321")))
    app.inscrire(par(), faits.inscription(), personne=fiche())

    with pytest.raises(IdentifiantsDePersonnesDifferentes):
        app.inscrire(
            par(), faits.inscription(), personne=fiche("Lefèvre", "Amélie", date(1990, 4, 12), "auto", caf("7654321"))
        )


def test_une_personne_dont_le_parcours_est_clos_le_voit_rouvert_avec_ses_nouveaux_identifiants(
    app: ParcoursApplication,
) -> None:
    premier = app.inscrire(par(), faits.inscription(), personne=fiche())
    app.sortir(app.parcours(premier.parcours_id), par(), MotifSortie.EMPLOI_DURABLE)

    second = app.inscrire(
        par(), faits.inscription(), personne=fiche("Lefèvre", "Amélie", date(1990, 4, 12), "auto", caf())
    )

    assert (second.parcours_id, second.personne_id) == (premier.parcours_id, premier.personne_id)
    assert app.parcours(second.parcours_id).statut is Statut.EN_COURS
    assert noms(app, premier.parcours_id)[-1] == "Reouvert"
    assert premier.personne_id is not None
    assert caf().cle in app.personnes.lire(premier.personne_id).identifiants


def test_l_age_lu_par_l_orientation_est_calcule_depuis_la_date_de_naissance(app: ParcoursApplication) -> None:
    declare_30_ans = faits.DONNEES_EMPLOI

    resultat = app.inscrire(
        par(jour=date(2025, 6, 2)),
        faits.inscription(),
        donnees=declare_30_ans,
        personne=fiche(naissance=date(2004, 6, 3)),
    )

    proposition = next(e for e in app.historique(resultat.parcours_id) if type(e).__name__ == "OrientationProposee")
    age = next(c for c in proposition.decision.criteres if c.nom == "age")
    assert (age.valeur, age.source, age.collecte_le) == (20, DECLAREE.source, DECLAREE.le)


def test_l_identifiant_d_un_organisme_retrouve_la_personne(app: ParcoursApplication) -> None:
    externe = Identifiant(NatureIdentifiant.EXTERNE, "D93-000123", DECLAREE, organisme="cd-93")
    resultat = app.inscrire(
        par(), faits.inscription(), personne=fiche("Martin", "Léa", date(1985, 1, 3), None, externe)
    )

    trouvee = app.personnes.par_identifiant(Identifiant(NatureIdentifiant.EXTERNE, "d93-000123", DECLAREE, "cd-93"))

    assert isinstance(trouvee, Personne)
    assert trouvee.id == resultat.personne_id
    assert (
        app.personnes.par_identifiant(Identifiant(NatureIdentifiant.EXTERNE, "D93-000123", DECLAREE, "cd-94")) is None
    )
