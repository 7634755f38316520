"""The projector on SQLite and PostgreSQL: pages of events, rows and tracking together, exactly once."""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from application.parcours import ParcoursApplication
from domain.inscription import Territoire
from domain.vocabulaire import ModeOrientation
from infrastructure.reglages import Reglages
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier, LigneDossier
from projections.faits import Faits
from projections.journal import Journal
from projections.projecteur import Lecteur, Projecteur, rattraper_ensemble
from projections.vue import plier
from tests.support import faits
from tests.support.demandes import par


def projecteur(reglages: Reglages, app: ParcoursApplication) -> Projecteur:
    return Projecteur(app, Dossier(), stockage_pour(reglages, app, Dossier()))


def peupler(app: ParcoursApplication, nombre: int) -> list[str]:
    ids = []
    for _ in range(nombre):
        parcours_id = app.inscrire(par(jour=date(2025, 6, 2)), faits.inscription()).parcours_id
        app.orienter(app.parcours(parcours_id), par(jour=date(2025, 6, 2)), faits.EMPLOI_FT, ModeOrientation.AGENT)
        app.notifier_orientation(
            app.parcours(parcours_id), par(jour=date(2025, 6, 2))
        )  # the clock's day: none ahead of it
        ids.append(str(parcours_id))
    return ids


def attendu(app: ParcoursApplication, parcours_id: str) -> LigneDossier | None:
    ligne: LigneDossier | None = plier(Dossier(), app.historique(UUID(parcours_id)))
    return ligne


def test_le_rattrapage_applique_chaque_evenement_et_avance_la_position(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication
) -> None:
    ids = peupler(app_persistante, 4)
    projection = projecteur(reglages_persistants, app_persistante)

    lus = projection.rattraper(taille_page=5)

    assert lus == 12
    assert projection.position == app_persistante.recorder.max_notification_id()
    for parcours_id in ids:
        assert projection.lignes(parcours_id) == [attendu(app_persistante, parcours_id)]


def test_une_ecriture_qui_echoue_puis_une_reprise_appliquent_chaque_evenement_une_fois(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = peupler(app_persistante, 3)
    projection = projecteur(reglages_persistants, app_persistante)
    ecrire = projection.stockage.ecrire
    ecritures = 0

    def ecrire_puis_tomber(*args: Any) -> None:
        nonlocal ecritures
        ecritures += 1
        if ecritures == 2:
            raise RuntimeError("panne au milieu du rattrapage")
        ecrire(*args)

    monkeypatch.setattr(projection.stockage, "ecrire", ecrire_puis_tomber)
    with pytest.raises(RuntimeError):
        projection.rattraper(taille_page=4)
    assert projection.position == 4

    reprise = projecteur(reglages_persistants, app_persistante)
    reprise.rattraper(taille_page=4)

    assert reprise.position == 9
    for parcours_id in ids:
        assert reprise.lignes(parcours_id) == [attendu(app_persistante, parcours_id)]


def test_la_meme_page_livree_deux_fois_ne_change_rien(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication
) -> None:
    (parcours_id,) = peupler(app_persistante, 1)
    projection = projecteur(reglages_persistants, app_persistante)
    page = projection.lecteur.page(0, 10)
    projection._appliquer(page)
    avant = projection.lignes(parcours_id)

    with pytest.raises(IntegrityError):
        projection._appliquer(page)

    assert projection.lignes(parcours_id) == avant
    assert projection.position == page[-1][0].id


def test_le_journal_en_ajout_seul_ne_relit_aucune_ligne_et_refuse_une_page_rejouee(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    (parcours_id,) = peupler(app_persistante, 1)
    journal = Projecteur(app_persistante, Journal(), stockage_pour(reglages_persistants, app_persistante, Journal()))
    relues: list[set[str]] = []
    lire = journal.stockage.lire

    def lire_en_comptant(cles: Any) -> dict[str, str]:
        relues.append(set(cles))
        return lire(cles)

    monkeypatch.setattr(journal.stockage, "lire", lire_en_comptant)
    page = journal.lecteur.page(0, 10)

    journal._appliquer(page)
    with pytest.raises(IntegrityError):
        journal._appliquer(page)

    assert relues == []
    historique = app_persistante.historique(UUID(parcours_id))
    assert journal.lignes(parcours_id) == [Journal().evoluer(None, evenement) for evenement in historique]
    assert journal.position == page[-1][0].id


@dataclass
class SourceComptee:
    """The application as a source of events, counting the pages it is asked for and what it decodes."""

    app: ParcoursApplication
    lectures: list[int] = field(default_factory=list)
    decodes: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.app.name

    @property
    def recorder(self) -> Any:
        return self

    @property
    def mapper(self) -> Any:
        return self

    def select_notifications(self, **page: Any) -> Any:
        self.lectures.append(page["start"])
        return self.app.recorder.select_notifications(**page)

    def to_domain_event(self, notification: Any) -> Any:
        self.decodes.append(notification.id)
        return self.app.mapper.to_domain_event(notification)


def test_des_vues_rattrapees_ensemble_lisent_et_decodent_chaque_page_une_fois(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication
) -> None:
    ids = peupler(app_persistante, 5)  # 15 events, pages of 4
    source = SourceComptee(app_persistante)
    lecteur = Lecteur(source)
    vues = (Dossier(), Journal(), Corbeilles(), Faits())
    projecteurs = [
        Projecteur(app_persistante, v, stockage_pour(reglages_persistants, app_persistante, v), lecteur) for v in vues
    ]

    lus = rattraper_ensemble(projecteurs, taille_page=4)

    assert lus == 4 * 15
    assert sorted(source.decodes) == list(range(1, 16))  # once each, though four views read them
    # each page read once; after the last, each view finds for itself that nothing is new (never kept)
    assert source.lectures == [0, 4, 8, 12, *[15] * 4]
    for projection in projecteurs:
        assert projection.position == 15
    for parcours_id in ids:
        historique = app_persistante.historique(UUID(parcours_id))
        assert len(projecteurs[1].lignes(parcours_id)) == 3  # the journal: a line per event
        for projection in (projecteurs[0], projecteurs[2], projecteurs[3]):  # a row per parcours
            assert projection.lignes(parcours_id) == [plier(projection.vue, historique)]


def test_les_lignes_d_un_departement_se_lisent_sans_les_autres(reglages: Reglages, app: ParcoursApplication) -> None:
    # given: facts of parcours registered in Paris and in Marseille
    a_paris = app.inscrire(par(), faits.inscription()).parcours_id
    a_marseille = app.inscrire(
        par(), replace(faits.inscription(), territoire=Territoire("13", "Marseille"))
    ).parcours_id
    projection = Projecteur(app, Faits(), stockage_pour(reglages, app, Faits()))
    projection.rattraper()

    # when: one département's rows are read
    lues = projection.toutes_les_lignes({"departement": "13"})

    # then: the store gave that département's rows only; unfiltered, every row
    assert [ligne.parcours_id for ligne in lues] == [str(a_marseille)]
    assert {ligne.parcours_id for ligne in projection.toutes_les_lignes()} == {str(a_paris), str(a_marseille)}
