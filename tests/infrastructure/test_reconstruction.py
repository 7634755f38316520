"""parcours projections rebuild: a view rebuilt from zero into fresh storage, then swapped in (SQLite, PostgreSQL)."""

from uuid import UUID

import pytest
from eventsourcing.persistence import Tracking

from domain.vocabulaire import ModeOrientation
from infrastructure.composition import construire_application
from infrastructure.execution_projections import ProjectionsEnProcessus, etat_des_vues
from infrastructure.migrations import migrer
from infrastructure.recherche_personnes import recherche_pour
from infrastructure.recherche_personnes_sql import RechercheSql
from infrastructure.reconstruction import reconstruire
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier
from projections.projecteur import Projecteur
from projections.stockage import RequeteListe, VuePostgres
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import fiche


def test_une_vue_reconstruite_est_la_meme_et_une_seconde_reconstruction_aussi(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    parcours: list[UUID] = []
    for _ in range(3):
        parcours_id = application.inscrire(par(), faits.inscription()).parcours_id
        application.orienter(application.parcours(parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT)
        parcours.append(parcours_id)
    a_orienter = application.inscrire(par(), faits.inscription()).parcours_id
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600)
    en_processus.demarrer()
    en_processus.arreter()
    avant = {str(p): en_processus.projecteurs["dossier"].lignes(str(p)) for p in parcours}

    lus = [reconstruire(reglages_persistants, "dossier"), reconstruire(reglages_persistants, "corbeilles")]
    lus.append(reconstruire(reglages_persistants, "corbeilles"))  # twice: index names must not collide

    apres = Projecteur(application, Dossier(), stockage_pour(reglages_persistants, application, Dossier()))
    corbeilles = stockage_pour(reglages_persistants, application, Corbeilles())
    assert lus == [7, 7, 7]
    assert {str(p): apres.lignes(str(p)) for p in parcours} == avant
    assert [e["parcours_id"] for e in corbeilles.lister(RequeteListe("a_orienter"))] == [str(a_orienter)]
    assert ("dossier", 7, 0) in etat_des_vues(reglages_persistants)
    application.close()


def test_la_vue_des_personnes_reconstruite_remplit_l_index_de_recherche_perdu(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    personne_id = application.inscrire(par(), faits.inscription(), personne=fiche("Zarnowsky")).personne_id
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600)
    en_processus.demarrer()
    en_processus.arreter()
    index = recherche_pour(application)
    assert isinstance(index, RechercheSql)
    index.ecrire(f"DELETE FROM {index.table}")  # the index lost (restored from an older backup...)
    perdue = index.chercher("Zarnowsky").resultats

    reconstruire(reglages_persistants, "personnes")

    assert perdue == []
    assert [t.personne_id for t in index.chercher("Zarnowsky").resultats] == [personne_id]
    application.close()


def test_reconstruire_une_vue_inconnue_est_refuse(reglages_persistants: Reglages) -> None:
    with pytest.raises(ReglageInvalide, match="inconnue"):
        reconstruire(reglages_persistants, "inexistante")


def test_une_reconstruction_interrompue_ne_laisse_rien_que_la_suivante_reprendrait(
    reglages_postgres: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres, horloge)
    for _ in range(2):
        application.inscrire(par(), faits.inscription())
    # given the tables of a rebuild that stopped half-way, its tracking at a position of its own
    restes = VuePostgres(application.recorder.datastore, "dossier__neuf", indexee=False)  # type: ignore[attr-defined]
    restes.create_table()
    restes.ecrire({}, Tracking(application.name, 1))

    lus = reconstruire(reglages_postgres, "dossier")

    assert lus == 2  # read from zero, not from where the interrupted rebuild stopped
    assert ("dossier", 2, 0) in etat_des_vues(reglages_postgres)
    application.close()
