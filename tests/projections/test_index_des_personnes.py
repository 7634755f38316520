"""The search index fed by the persons view, on memory, SQLite and PostgreSQL: the events of the persons
in, the names found out; a merged person found once, an erased one not at all, a page replayed harmless."""

from dataclasses import replace
from datetime import date
from uuid import UUID

from application import commandes_personne
from application.parcours import ParcoursApplication
from domain.horloge import sous_horloge
from domain.identite import Adresse, Contact, FichePersonne
from domain.vocabulaire import MotifSortie
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.index_des_personnes import LIGNES, indexer_la_page
from infrastructure.recherche_personnes import PersonneTrouvee, recherche_pour
from infrastructure.reglages import Reglages
from projections.personnes import LigneDePersonne
from projections.stockage import Changement
from tests.support import faits
from tests.support.demandes import par
from tests.support.personnes import DECLAREE, fiche, identite, nir


def inscrire(app: ParcoursApplication, personne: FichePersonne) -> tuple[UUID, UUID]:
    resultat = app.inscrire(par(jour=date(2025, 6, 2)), faits.inscription(), personne=personne)
    assert resultat.personne_id is not None
    return resultat.personne_id, resultat.parcours_id


def a_jour(app: ParcoursApplication, reglages: Reglages) -> ProjectionsEnProcessus:
    vues = ProjectionsEnProcessus(app, reglages)
    vues.rattraper()
    return vues


def trouves(app: ParcoursApplication, nom: str) -> list[PersonneTrouvee]:
    return recherche_pour(app).chercher(nom).resultats


def effacer(app: ParcoursApplication, personne_id: UUID) -> None:
    personne = app.personnes.lire(personne_id)
    with sous_horloge(app.horloge, app.parametres.tolerance_horloge):
        personne.effacer(None, par().decision(app.horloge()))
    app.save(personne)


def test_une_personne_inscrite_se_trouve_par_son_nom_avec_son_parcours(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    personne_id, parcours_id = inscrire(app, fiche("Lefèvre", "Amélie"))

    a_jour(app, reglages)

    [trouvee] = trouves(app, "LEFEVRE amelie")
    assert (trouvee.personne_id, trouvee.parcours_id) == (personne_id, parcours_id)
    assert (trouvee.libelle, trouvee.date_naissance) == ("LEFÈVRE Amélie", date(1990, 4, 12))
    assert [t.personne_id for t in trouves(app, "Lefebre")] == [personne_id]  # one typo


def test_l_identite_corrigee_et_la_commune_suivent_les_evenements(app: ParcoursApplication, reglages: Reglages) -> None:
    personne_id, _ = inscrire(app, fiche("Lefèvre", "Amélie"))
    a_jour(app, reglages)
    adresse = Adresse(("1 rue de la Paix",), "75002", "Paris", "75102")

    personne = app.personnes.lire(personne_id)
    commandes_personne.corriger_identite(app, personne, par(), identite("Moreau", "Amélie"))
    personne = app.personnes.lire(personne_id)
    commandes_personne.changer_contact(app, personne, par(), Contact(DECLAREE, adresse=adresse))
    a_jour(app, reglages)

    assert trouves(app, "Lefèvre") == []
    [trouvee] = trouves(app, "Moreau Amélie")
    assert (trouvee.libelle, trouvee.code_insee) == ("MOREAU Amélie", "75102")


def test_la_personne_absorbee_quitte_les_resultats_et_revient_quand_la_fusion_est_defaite(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    gardee, _ = inscrire(app, fiche("Lefèvre", "Amélie"))
    doublon, parcours_du_doublon = inscrire(app, fiche("Lefèvre", "Amélie", avec_nir=nir(departement="93")))
    app.sortir(app.parcours(parcours_du_doublon), par(), MotifSortie.EMPLOI_DURABLE)
    a_jour(app, reglages)
    assert {t.personne_id for t in trouves(app, "Lefèvre")} == {gardee, doublon}

    commandes_personne.fusionner(app, app.personnes.lire(doublon), par(), gardee)
    a_jour(app, reglages)
    fusionnees = [t.personne_id for t in trouves(app, "Lefèvre")]
    commandes_personne.annuler_fusion(app, app.personnes.lire(doublon), par())
    a_jour(app, reglages)

    assert fusionnees == [gardee]
    assert {t.personne_id for t in trouves(app, "Lefèvre")} == {gardee, doublon}


def test_une_personne_effacee_ne_se_trouve_plus_et_sa_ligne_garde_ses_parcours(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    personne_id, parcours_id = inscrire(app, fiche("Lefèvre", "Amélie"))
    app.sortir(app.parcours(parcours_id), par(), MotifSortie.EMPLOI_DURABLE)
    a_jour(app, reglages)

    effacer(app, personne_id)
    vues = a_jour(app, reglages)

    assert trouves(app, "Lefèvre Amélie") == []
    [ligne] = vues.projecteurs["personnes"].lignes(str(personne_id))
    assert ligne == LigneDePersonne(str(personne_id), parcours=(str(parcours_id),), effacee=True)


def test_une_page_rejouee_plus_ancienne_ne_ramene_pas_l_ancien_nom(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    personne_id, _ = inscrire(app, fiche("Lefèvre", "Amélie"))
    vues = a_jour(app, reglages)
    [ligne] = vues.projecteurs["personnes"].lignes(str(personne_id))
    position = vues.projecteurs["personnes"].position
    index = recherche_pour(app)

    def page(nouvelle: LigneDePersonne) -> dict[str, Changement]:
        return {str(personne_id): Changement(str(personne_id), LIGNES.dump_json(nouvelle).decode())}

    indexer_la_page(index, page(replace(ligne, nom_affiche="DURAND Amélie", noms="durand amelie")), position + 2)
    indexer_la_page(index, page(ligne), position + 1)  # an older page, replayed after the newer one

    assert trouves(app, "Lefèvre") == []
    assert [t.libelle for t in trouves(app, "Durand")] == ["DURAND Amélie"]
