"""The projections in the service process: a saved command wakes them; a reader waits on the position."""

import threading
from collections.abc import Iterator

import pytest

from application.parcours import ParcoursApplication
from domain.vocabulaire import ModeOrientation
from infrastructure.composition import construire_application
from infrastructure.execution_projections import ProjectionsEnProcessus, etat_des_vues, suivre
from infrastructure.migrations import migrer
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.vues import stockage_pour
from projections.dossier import Dossier, LigneDossier
from projections.projecteur import Projecteur
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest


@pytest.fixture
def projections(app: ParcoursApplication, reglages: Reglages) -> Iterator[ProjectionsEnProcessus]:
    # A long period: only the wake-up after a save can make the views catch up in time.
    en_processus = ProjectionsEnProcessus(app, reglages, periode=3600)
    en_processus.demarrer()
    yield en_processus
    en_processus.arreter()


def test_une_commande_reveille_les_projections_et_le_lecteur_attend_sa_position(
    app: ParcoursApplication, projections: ProjectionsEnProcessus
) -> None:
    inscrit = app.inscrire(par(), faits.inscription())
    oriente = app.orienter(app.parcours(inscrit.parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT)
    assert oriente.position is not None

    assert projections.attendre(oriente.position, delai=10)
    (ligne,) = projections.projecteurs["dossier"].lignes(str(inscrit.parcours_id))
    assert isinstance(ligne, LigneDossier)
    assert (ligne.version, ligne.organisme, ligne.type_parcours) == (2, "FRANCE_TRAVAIL", "EMPLOI")


def test_attendre_une_position_jamais_atteinte_rend_la_main_apres_le_delai(
    app: ParcoursApplication, projections: ProjectionsEnProcessus
) -> None:
    app.inscrire(par(), faits.inscription())

    assert not projections.attendre(10_000, delai=0.05)


def test_l_etat_des_vues_dit_leur_retard_puis_leur_rattrapage(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    application.inscrire(par(), faits.inscription())
    application.informer_droits_devoirs(
        application.parcours(application.inscrire(par(), faits.inscription()).parcours_id), par()
    )

    avant = etat_des_vues(reglages_persistants)
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600)
    en_processus.demarrer()
    en_processus.arreter()
    apres = etat_des_vues(reglages_persistants)
    application.close()

    noms = ["dossier", "journal", "corbeilles", "faits", "personnes"]
    assert avant == [(nom, 0, 3) for nom in noms]
    assert apres == [(nom, 3, 0) for nom in noms]


def test_un_processus_n_applique_que_ses_vues_et_ses_lecteurs_attendent_toutes_les_autres(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_persistants)
    application = construire_application(reglages_persistants, horloge)
    application.inscrire(par(), faits.inscription())
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600, vues=("journal",))

    en_processus.rattraper()

    etat = etat_des_vues(reglages_persistants)
    application.close()
    assert etat == [("dossier", 0, 1), ("journal", 1, 0), ("corbeilles", 0, 1), ("faits", 0, 1), ("personnes", 0, 1)]
    assert en_processus.position == 0  # a reader waits on every view, applied here or elsewhere


def test_une_vue_inconnue_est_refusee_en_la_nommant(app: ParcoursApplication, reglages: Reglages) -> None:
    with pytest.raises(ReglageInvalide, match="vue « journaux » inconnue"):
        ProjectionsEnProcessus(app, reglages, vues=("journal", "journaux"))


def test_un_suiveur_postgresql_reveille_par_notify_tient_les_vues_a_jour(
    reglages_postgres: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres, horloge)
    arret = threading.Event()
    suiveurs = [threading.Thread(target=suivre, args=(reglages_postgres, arret, 30.0)) for _ in range(2)]
    for suiveur in suiveurs:
        suiveur.start()
    try:
        inscrit = application.inscrire(par(), faits.inscription())
        oriente = application.orienter(
            application.parcours(inscrit.parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT
        )
        assert oriente.position is not None
        stockage = stockage_pour(reglages_postgres, application, Dossier())

        # The library's own wait on the tracking; the followers' period (30 s) is far longer.
        stockage.wait(application.name, oriente.position, timeout=10)

        (ligne,) = Projecteur(application, Dossier(), stockage).lignes(str(inscrit.parcours_id))
        assert (ligne.version, ligne.organisme) == (2, "FRANCE_TRAVAIL")
    finally:
        arret.set()
        application.close()
    assert ("dossier", 2, 0) in etat_des_vues(reglages_postgres)


def test_des_projections_externes_sont_suivies_par_la_position_que_leurs_processus_annoncent(
    reglages_postgres: Reglages, horloge: HorlogeDeTest
) -> None:
    migrer(reglages_postgres)
    application = construire_application(reglages_postgres, horloge)
    suiveuse = ProjectionsEnProcessus(application, reglages_postgres, periode=30, appliquer=False)
    suiveuse.demarrer()
    arret = threading.Event()
    try:
        inscrit = application.inscrire(par(), faits.inscription())
        assert inscrit.position is not None
        assert not suiveuse.attendre(inscrit.position, delai=0.2)  # the API applies no view itself

        threading.Thread(target=suivre, args=(reglages_postgres, arret, 30.0), daemon=True).start()

        assert suiveuse.attendre(inscrit.position, delai=10)  # told by the runner's NOTIFY, not its 30 s period
        (ligne,) = suiveuse.projecteurs["dossier"].lignes(str(inscrit.parcours_id))
        assert ligne.version == 1
    finally:
        arret.set()
        suiveuse.arreter()
        application.close()
