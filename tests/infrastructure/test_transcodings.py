"""What the store holds: every domain value is named for persistence, and topics are stable."""

import dataclasses
import importlib
import pkgutil
from datetime import date
from decimal import Decimal
from enum import Enum

from eventsourcing.domain import Aggregate

import domain
from application.parcours import ParcoursApplication
from domain import actions, competence
from domain.courrier import Pli
from domain.identite import FichePersonne, Representation
from domain.parametres import Bareme, Parametres
from domain.parcours import Parcours
from domain.personne import Personne
from domain.rappel import Rappel
from domain.regles.conservation import Conservation
from domain.repere import Repere
from domain.vocabulaire import NiveauFrein
from infrastructure.transcodings import VALEURS, enums_du_domaine, transcodings
from tests.support import faits
from tests.support.demandes import par

NON_STOCKES = {Parametres, Bareme, Parcours, Personne, Repere, Rappel, FichePersonne, Representation, Conservation}
NON_STOCKES |= {competence.Situation, competence.Attribution, competence.Delegation}
NON_STOCKES |= {competence.Intervenant, competence.Droits}
NON_STOCKES |= {Pli}
NON_STOCKES |= {actions.Etape, actions.ActionPossible}
"""Parameters live in the referential (events record the values they used, not the object); the
aggregates are dataclasses for the library, and snapshots store their state, not the object; a fiche
is what an inscription says, recorded as its identity, identifiers and contact; a representation is
read from the person on the day a contradictoire opens, and the event records the mode it forces; what a
retention depends on is read at an erasure, whose event records its dates among its criteria. Competence
(``domain.competence``) is computed from the events at each command and read, never stored: a step records
the body that acted (``Auteur.organe``) and its legal basis; only the moves (``Transfert``) are kept in a
snapshot's state. A letter sent (``Pli``) is recorded as the fields of its emission, ``CourrierEmis``. The actions
a screen may offer (``domain.actions``) are computed at each read, never stored."""
REFERENTIEL = "domain.referentiel."
"""The published referential is data read from its files: a decision records its reference (version and
hash), the inputs and the trace, never the referential's own objects."""


def classes_du_domaine() -> list[type]:
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(domain.__path__, "domain.")]
    return [v for m in modules for v in vars(m).values() if isinstance(v, type) and v.__module__ == m.__name__]


def test_chaque_objet_valeur_du_domaine_a_sa_transcodage() -> None:
    domaine = [c for c in classes_du_domaine() if not c.__module__.startswith(REFERENTIEL)]
    valeurs = {c for c in domaine if dataclasses.is_dataclass(c) and not issubclass(c, Aggregate.Event)} - NON_STOCKES

    assert valeurs == set(VALEURS)


def test_chaque_enumeration_du_domaine_a_son_transcodage() -> None:
    enums = {c for c in classes_du_domaine() if issubclass(c, Enum) and c.__module__ != competence.__name__}

    assert enums == set(enums_du_domaine())


def test_les_noms_de_transcodage_sont_uniques() -> None:
    noms = [t.name for t in transcodings()]

    assert len(noms) == len(set(noms))


def test_un_evenement_relu_rend_des_valeurs_typees() -> None:
    app = ParcoursApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, transcodings=transcodings())
    stocke = app.mapper.to_stored_event(app.historique(app.inscrire(par(), faits.inscription()).parcours_id)[0])

    relu = app.mapper.to_domain_event(stocke)

    assert stocke.topic == "parcours:Inscrit"
    assert b"domain." not in stocke.state, "no module path in what is stored"
    assert relu.inscription == faits.inscription()  # type: ignore[attr-defined]


def test_dates_decimaux_et_enumerations_survivent_a_l_aller_retour() -> None:
    app = ParcoursApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, transcodings=transcodings())
    valeurs = {
        "jour": date(2025, 2, 28),
        "taux": Decimal("33.5"),
        "niveau": NiveauFrein.FORT,
        "objet": faits.suspension(),
    }

    relues = app.mapper.transcoder.decode(app.mapper.transcoder.encode(valeurs))

    assert relues == valeurs
    assert type(relues["niveau"]) is NiveauFrein
