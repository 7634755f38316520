"""The events of the parcours as they are stored: the same topics and the same bytes, whatever the
Python that declares them (events are never rewritten: those already stored must load, DESIGN §1.1).

``evenements_stockes.json`` holds one stored instance of each event, and a snapshot at the end of each
history of ``chaque_evenement``, as the code wrote them before the event classes were declared
explicitly (issue 17). Never regenerate it to make a test pass: a difference is a stored-format change,
which needs an upcaster (``class_version``) and a test that reads the old form.
"""

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from infrastructure.composition import construire_application
from infrastructure.reglages import reglages_pour
from tests.domain.chaque_evenement import ENREGISTRE_LE, histoires, un_de_chaque
from tests.support.scenario import PARCOURS_ID, rejouer

STOCKES: dict[str, list[dict[str, str]]] = json.loads(
    (Path(__file__).parent / "evenements_stockes.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def app() -> Iterator[ParcoursApplication]:
    """The application's mapper, with the project's transcodings (the store does not matter here)."""
    application = construire_application(reglages_pour("memory://"))
    yield application
    application.close()


def stocke(app: ParcoursApplication, objet: Any) -> dict[str, str]:
    enregistre = app.mapper.to_stored_event(objet)
    return {"topic": enregistre.topic, "state": enregistre.state.decode()}


def relu(forme: dict[str, str], version: int) -> StoredEvent:
    return StoredEvent(PARCOURS_ID, version, forme["topic"], forme["state"].encode())


def test_chaque_evenement_s_enregistre_octet_pour_octet_comme_avant(app: ParcoursApplication) -> None:
    evenements = list(un_de_chaque().values())

    enregistres = [stocke(app, evenement) for evenement in evenements]

    assert len(enregistres) == 33
    assert enregistres == STOCKES["evenements"]


def test_chaque_evenement_stocke_avant_se_relit_sous_sa_classe_et_se_reecrit_a_l_identique(
    app: ParcoursApplication,
) -> None:
    for version, forme in enumerate(STOCKES["evenements"], start=1):
        evenement = app.mapper.to_domain_event(relu(forme, version))

        assert f"parcours:{type(evenement).__name__}" == forme["topic"]
        assert getattr(Parcours, type(evenement).__name__) is type(evenement)
        assert stocke(app, evenement) == forme


def test_les_instantanes_s_enregistrent_et_se_relisent_comme_avant(app: ParcoursApplication) -> None:
    parcours = [rejouer(evenements) for evenements in histoires()]

    pris = [stocke(app, replace(Parcours.Snapshot.take(p), timestamp=ENREGISTRE_LE)) for p in parcours]
    relus = [app.mapper.to_domain_event(relu(forme, 1)) for forme in STOCKES["instantanes"]]

    assert pris == STOCKES["instantanes"]
    assert [stocke(app, instantane) for instantane in relus] == STOCKES["instantanes"]
