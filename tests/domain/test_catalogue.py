"""The catalogue of the events of the parcours, and the events as they are stored: the same topics and
the same bytes, whatever the Python that declares them (events are never rewritten: those already
stored must load, DESIGN §1.1).

``evenements_stockes.json`` holds one stored instance of each event, and a snapshot at the end of each
history of ``chaque_evenement``, as the code wrote them before the event classes were declared
explicitly (issue 17). Never regenerate it to make a test pass: a difference is a stored-format change,
which needs an upcaster (``class_version``) and a test that reads the old form. Where the histories' own
inputs changed (``MOTIVEES``), the test says which value moved, and the file keeps the form stored before.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import resolve_topic

from application.parcours import ParcoursApplication
from domain.evenements import (
    CATALOGUE,
    CATALOGUE_PERSONNE,
    CATALOGUE_REPERE,
    LECTURES_REQUISES,
    EvenementParcours,
    nom,
)
from domain.parcours import Parcours
from domain.personne import Personne
from domain.regles import temps
from domain.repere import Repere
from infrastructure.composition import construire_application
from infrastructure.reglages import reglages_pour
from tests.domain.chaque_evenement import ENREGISTRE_LE, histoires, un_de_chaque
from tests.support import faits
from tests.support.scenario import PARCOURS_ID, rejouer

DOCS = Path(__file__).parents[2] / "docs" / "evenements.md"
STOCKES: dict[str, list[dict[str, str]]] = json.loads(
    (Path(__file__).parent / "evenements_stockes.json").read_text(encoding="utf-8")
)


MOTIVEES = {
    "parcours:SanctionDecidee": faits.MOTIF_SANCTION,
    "parcours:Radie": faits.MOTIF_RADIATION,
    "parcours:SanctionReformee": faits.MOTIF_REFORMATION,
}
"""Issue 21: an unfavourable decision states its reasons (CRPA L.211-2, L.211-5), so the histories now give
these decisions the motive that the events stored before did not carry. Only that value moves, from null to
the text; the events stored without one still load (``tests/domain/test_motivation.py``)."""


def motivee(forme: dict[str, str]) -> dict[str, str]:
    """The stored form of an event, with the motive the histories now give it (``MOTIVEES``), byte for byte."""
    motif = MOTIVEES.get(forme["topic"])
    if motif is None:
        return forme
    assert forme["state"].count('"motif":null') == 1
    return {
        **forme,
        "state": forme["state"].replace('"motif":null', f'"motif":{json.dumps(motif, ensure_ascii=False)}'),
    }


def classes_d_evenement_de_l_agregat() -> set[type[EvenementParcours]]:
    return {
        classe
        for classe in vars(Parcours).values()
        if isinstance(classe, type) and issubclass(classe, Parcours.Event) and classe is not Parcours.Event
    }


# --- the catalogue --------------------------------------------------------------------------------


def test_le_catalogue_tient_chaque_evenement_de_l_agregat_une_fois() -> None:
    assert len(CATALOGUE) == len(set(CATALOGUE)) == 39
    assert set(CATALOGUE) == classes_d_evenement_de_l_agregat()


def test_chaque_evenement_dit_ce_qu_il_faut_lire_pour_lire_son_contenu() -> None:
    assert list(LECTURES_REQUISES) == list(CATALOGUE)
    assert all(LECTURES_REQUISES.values())


@pytest.mark.parametrize(("agregat", "catalogue"), [(Personne, CATALOGUE_PERSONNE), (Repere, CATALOGUE_REPERE)])
def test_les_catalogues_de_la_personne_et_des_reperes_tiennent_chacun_de_leurs_evenements(
    agregat: type[Any], catalogue: tuple[type[Any], ...]
) -> None:
    declares = {c for c in vars(agregat).values() if isinstance(c, type) and issubclass(c, agregat.Event)}

    assert set(catalogue) == declares - {agregat.Event}
    assert len(catalogue) == len(set(catalogue))
    assert all(resolve_topic(c.TOPIC) is c and f"personne:{c.__name__}" == c.TOPIC for c in catalogue)


def test_chaque_evenement_garde_son_topic_et_le_topic_mene_a_sa_classe() -> None:
    for classe in CATALOGUE:
        assert getattr(classe, "TOPIC", None) == f"parcours:{classe.__name__}"
        assert resolve_topic(f"parcours:{classe.__name__}") is classe


def test_la_creation_d_un_parcours_est_son_inscription_et_chaque_evenement_est_emis() -> None:
    emis = un_de_chaque()

    assert Parcours.Created is Parcours.Inscrit
    assert set(emis) == set(CATALOGUE)
    assert nom(emis[Parcours.Oriente]) == "Oriente"


def test_chaque_evenement_dit_les_etapes_qu_il_suit_et_aucun_autre_nom_n_y_figure() -> None:
    """The business-time rules key their tables by event name (``domain.regles.temps``, beside the
    aggregate): a renamed event must not fall out of them silently."""
    noms = {classe.__name__ for classe in CATALOGUE}

    assert set(temps.SUIT) == noms
    assert set(temps.POSE) <= noms


def test_la_documentation_decrit_chaque_evenement_dans_l_ordre_du_catalogue() -> None:
    titres = re.findall(r"^#### `(\w+)` — topic `parcours:(\w+)`$", DOCS.read_text(encoding="utf-8"), re.MULTILINE)

    assert titres == [(classe.__name__, classe.__name__) for classe in CATALOGUE]


# --- the stored form ------------------------------------------------------------------------------


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


def courante(forme: dict[str, str]) -> Any:
    """What the code writes today of an event or snapshot stored before: the same state, but for what the
    upcasters of its class add (``class_version``); the rest must not move."""
    etat = json.loads(forme["state"])
    classe, cible = resolve_topic(forme["topic"]), etat
    if classe is Parcours.Snapshot:
        classe, cible = resolve_topic(etat["topic"]), etat["state"]
    depuis, version = cible.pop("class_version", 1), getattr(classe, "class_version", 1)
    for v in range(depuis, version):
        getattr(classe, f"upcast_v{v}_v{v + 1}")(cible)
    if version > 1:
        cible["class_version"] = version
    return etat


def test_chaque_evenement_s_enregistre_comme_avant_aux_champs_ajoutes_par_ses_upcasters_pres(
    app: ParcoursApplication,
) -> None:
    evenements = list(un_de_chaque().values())

    enregistres = [stocke(app, evenement) for evenement in evenements]

    assert len(enregistres) == 39
    assert [e["topic"] for e in enregistres] == [f["topic"] for f in STOCKES["evenements"]]
    assert [json.loads(e["state"]) for e in enregistres] == [courante(motivee(f)) for f in STOCKES["evenements"]]
    inchanges = [i for i, f in enumerate(STOCKES["evenements"]) if courante(f) == json.loads(f["state"])]
    assert len(inchanges) == 38, "only Inscrit gained a field (personne_id, issue 18)"
    assert [enregistres[i] for i in inchanges] == [motivee(STOCKES["evenements"][i]) for i in inchanges]


def test_l_inscription_stockee_avant_les_personnes_se_relit_sans_personne() -> None:
    forme = next(f for f in STOCKES["evenements"] if f["topic"] == "parcours:Inscrit")

    assert "personne_id" not in json.loads(forme["state"])
    assert courante(forme)["personne_id"] is None
    assert courante(forme)["class_version"] == 2


def test_chaque_evenement_stocke_avant_se_relit_sous_sa_classe_et_se_reecrit_a_l_identique(
    app: ParcoursApplication,
) -> None:
    for version, forme in enumerate(STOCKES["evenements"], start=1):
        evenement = app.mapper.to_domain_event(relu(forme, version))

        assert f"parcours:{type(evenement).__name__}" == forme["topic"]
        assert getattr(Parcours, type(evenement).__name__) is type(evenement)
        assert json.loads(stocke(app, evenement)["state"]) == courante(forme)


def test_les_instantanes_s_enregistrent_et_se_relisent_comme_avant(app: ParcoursApplication) -> None:
    parcours = [rejouer(evenements) for evenements in histoires()]

    pris = [stocke(app, replace(Parcours.Snapshot.take(p), timestamp=ENREGISTRE_LE)) for p in parcours]
    relus = [app.mapper.to_domain_event(relu(forme, 1)) for forme in STOCKES["instantanes"]]

    attendus = [courante(forme) for forme in STOCKES["instantanes"]]
    assert [json.loads(p["state"]) for p in pris] == attendus
    assert [stocke(app, instantane) for instantane in relus] == STOCKES["instantanes"]
    assert all(cast(Parcours, cast(Snapshot, i).mutate(None)).personne_id is None for i in relus)
    assert all(a["state"]["personne_id"] is None and a["state"]["class_version"] == 6 for a in attendus)
