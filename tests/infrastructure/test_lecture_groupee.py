"""Reading several aggregates' events in one query (``infrastructure/lecture_groupee.py``), on memory,
SQLite and PostgreSQL: what ``select_events`` gives for each aggregate, in one round trip."""

from uuid import uuid4

from application.lecture_groupee import LectureGroupee, lire_agregats
from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from tests.support import faits
from tests.support.demandes import par


def test_les_evenements_de_plusieurs_agregats_se_lisent_en_une_fois(app: ParcoursApplication) -> None:
    # given two parcours, one with more events than the other
    premier = app.inscrire(par(), faits.inscription()).parcours_id
    second = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
    recorder = app.repository.event_store.recorder
    assert isinstance(recorder, LectureGroupee)
    # when both and an unknown id are read together
    lus = recorder.evenements_de([second, uuid4(), premier])
    # then each aggregate's events are there, as select_events gives them, in version order
    for parcours_id in (premier, second):
        siens = [(e.originator_version, e.topic, e.state) for e in lus if e.originator_id == parcours_id]
        attendus = [(e.originator_version, e.topic, e.state) for e in recorder.select_events(parcours_id)]
        assert siens == attendus
    assert len(recorder.select_events(second)) > len(recorder.select_events(premier))
    assert len(lus) == len(recorder.select_events(premier)) + len(recorder.select_events(second))


def test_lire_agregats_rend_chaque_agregat_ou_none(app: ParcoursApplication) -> None:
    # given one parcours
    parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
    inconnu = uuid4()
    # when it is read with an unknown id
    lus = lire_agregats(app.repository, [parcours_id, inconnu])
    # then the parcours is rebuilt from its events, the unknown one is None
    assert isinstance(lus[parcours_id], Parcours)
    assert lus[parcours_id].version == app.parcours(parcours_id).version
    assert lus[inconnu] is None
