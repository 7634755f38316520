"""A catch-up page's keys are read in one query before its events are decoded
(``MapperScellant.precharger``), on memory, SQLite and PostgreSQL: the events read the same, sealed
or in clear, and no key is asked for event by event."""

from typing import Any

import pytest

from application.parcours import ParcoursApplication
from domain.personne import Personne
from infrastructure.scellement import MapperScellant
from infrastructure.trousseau import TrousseauChiffre
from tests.support import faits
from tests.support.demandes import par
from tests.support.personnes import fiche


def compter_les_lectures(trousseau: TrousseauChiffre, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each key read one by one from the table (the store itself answers; only the calls are counted)."""
    lectures: list[Any] = []
    lire = trousseau.rangees.lire

    def lire_en_comptant(porteur_id: Any) -> Any:
        lectures.append(porteur_id)
        return lire(porteur_id)

    monkeypatch.setattr(trousseau.rangees, "lire", lire_en_comptant)
    return lectures


def test_une_page_lue_d_avance_se_decode_sans_lire_les_cles_une_a_une(
    app: ParcoursApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a person's sealed events and a parcours of no person, in clear
    personne_id = app.inscrire(par(), faits.inscription(), personne=fiche()).personne_id
    app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI)
    mapper = app.mapper
    assert isinstance(mapper, MapperScellant)
    page = app.recorder.select_notifications(start=0, limit=100)
    # when another process reads the page ahead, then decodes it
    autre = TrousseauChiffre(app.personnes.trousseau.rangees, app.personnes.trousseau.maitre)  # type: ignore[attr-defined]
    lecteur = MapperScellant(mapper.transcoder, autre)  # type: ignore[arg-type]
    lectures = compter_les_lectures(autre, monkeypatch)
    lecteur.precharger(page)
    evenements = [lecteur.to_domain_event(n) for n in page]
    # then no key was read one by one, and the person's identity reads in clear
    assert lectures == []
    enregistree = next(e for e in evenements if isinstance(e, Personne.Event) and e.originator_id == personne_id)
    assert "Lefèvre" in repr(vars(enregistree))
    assert [type(e) for e in evenements] == [type(mapper.to_domain_event(n)) for n in page]
