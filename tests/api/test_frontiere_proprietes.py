"""Property (issue 16): whatever a caller sends — full Unicode with control characters and lone
surrogates, dates of years 1 to 9999, integers past 2**63, NaN — the API answers 2xx or a 4xx
problem, never 5xx; and every event it accepted is applied by every view, in the transparency log and verified,
while every read it served is in the consultations log. On SQLite and PostgreSQL.

The requests start from valid bodies of the command models, on a parcours taken up to an open
sanction procedure, so that most hostile texts and dates reach the domain and many are recorded;
hostile values then replace their fields (motif, business time, basis, criteria, any leaf).
"""

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import creer_app
from application.parcours import ParcoursApplication
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.audit import verifier
from infrastructure.consultations import EcrivainDeConsultations
from infrastructure.execution_projections import ProjectionsEnProcessus
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.api.corps import CONTRAT, DIAGNOSTIC, DONNEE_AGE, DONNEES_EMPLOI, INSCRIPTION, MANQUEMENT, SUSPENSION
from tests.support.horloge import HorlogeDeTest

EXEMPLES_PAR_MAGASIN = 80
DELAI = 10.0
"""Seconds the views may take to apply what the run recorded (a bound, not a pause)."""

# --- values the boundary admits, however far-flung: these reach the events, the views and the chain ---

hors_controle = st.characters(exclude_categories=("Cc", "Cs"))  # any plane, RTL, combining, U+2028, U+FFFF...
libelles = st.text(hors_controle, min_size=1, max_size=60).filter(str.strip)
identifiants = libelles.map(str.strip).filter(bool)
motifs = st.text(hors_controle | st.sampled_from("\t\n\r"), min_size=1, max_size=200).filter(str.strip)
decalages = st.integers(-14 * 60 + 1, 14 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
instants_admis = st.datetimes(datetime(1900, 1, 2), datetime(2199, 12, 30), timezones=decalages).map(
    lambda d: d.isoformat()
)
jours_admis = st.dates(date(1900, 1, 1), date(2199, 12, 31)).map(date.isoformat)
valeurs_admises = st.one_of(libelles, st.integers(-(2**53) + 1, 2**53 - 1), st.booleans())

# --- hostile values -----------------------------------------------------------------------------

tout_unicode = st.characters(codec=None, exclude_categories=())  # controls and lone surrogates included
textes = st.one_of(
    libelles,
    st.text(tout_unicode, max_size=40),
    st.sampled_from(["a\x00b", "\ud800", "\udfff\ud800", "\x85", "\u2028", "\ufeff\uffff", " ", "\t\n", "x" * 4001]),
)
instants = st.one_of(
    st.datetimes(timezones=decalages).map(lambda d: d.isoformat()),  # years 1 to 9999
    instants_admis,
    st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2025-06-02", "0", "2025-06-02T10:00"]),
    st.integers(-(2**70), 2**70),
)
jours = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["9999-12-31", "0001-01-01", "1900-01-01", "2199-12-31", "0", "2025-02-30"]),
    st.integers(-(2**40), 2**40),
)
entiers = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 2**31, 2**53, 2**63, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
)
valeurs = st.one_of(textes, instants, jours, entiers, st.booleans(), st.none(), st.just([]), st.just({}))

# --- the commands and reads tried ---------------------------------------------------------------


@dataclass
class Banc:
    """The service under test, a parcours with an open procedure, and what the run observed."""

    client: TestClient
    agent: dict[str, str]
    parcours: str
    manquement: str
    procedure: str
    lectures_servies: int = 0
    statuts: list[int] = field(default_factory=list)

    @property
    def app(self) -> FastAPI:
        assert isinstance(self.client.app, FastAPI)
        return self.client.app


def commandes(banc: Banc) -> list[tuple[str, dict[str, Any]]]:
    p, s = banc.parcours, f"{banc.parcours}/sanctions/{banc.procedure}"
    return [
        ("/parcours", {**INSCRIPTION, "donnees_orientation": [DONNEE_AGE]}),
        (f"{p}/droits-devoirs/information", {}),
        (f"{p}/droits-devoirs/revue", {}),
        (f"{p}/diagnostic", DIAGNOSTIC),
        (f"{p}/contrat/mise-a-jour", {"contrat": CONTRAT["contrat"]}),
        (f"{p}/manquements", MANQUEMENT),
        (f"{p}/sanctions", {"manquements": [banc.manquement], "sanction_envisagee": SUSPENSION}),
        (f"{s}/reception-avis", {"recu_le": "2025-06-03"}),
        (f"{s}/observations", {}),
        (f"{s}/audition", {"assistee_par": "Un proche"}),
        (f"{p}/orientation/donnees", {"donnees": [DONNEE_AGE]}),
        (f"{p}/reorientation", {}),
        (f"{p}/rectifications", {"version_rectifiee": 1, "corrections": {"canal": "guichet"}}),
        (f"{p}/orientation/explication/demandes", {}),
        (f"{p}/referent", {"referent": {"id": "agent-42", "organisme": "FRANCE_TRAVAIL"}}),
    ]


def feuilles(valeur: Any, chemin: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every scalar of a body."""
    if isinstance(valeur, dict):
        for cle, sous in valeur.items():
            yield from feuilles(sous, (*chemin, cle))
    elif isinstance(valeur, list):
        for rang, sous in enumerate(valeur):
            yield from feuilles(sous, (*chemin, rang))
    else:
        yield chemin


def contexte(
    texte: st.SearchStrategy[Any],
    instant: st.SearchStrategy[Any],
    jour: st.SearchStrategy[Any],
    nom: st.SearchStrategy[Any],
    valeur: st.SearchStrategy[Any],
) -> dict[str, st.SearchStrategy[Any]]:
    """The context every command accepts (motif, business time, basis, criteria), drawn from these."""
    critere = st.fixed_dictionaries(
        {"nom": nom, "valeur": valeur, "source": st.just("conseiller"), "collecte_le": jour}
    )
    return {"motif": texte, "effective_le": instant, "fondement": st.lists(texte, max_size=3),
            "criteres": st.lists(critere, max_size=2)}  # fmt: skip


CONTEXTE_ADMIS = contexte(motifs, instants_admis, jours_admis, identifiants, valeurs_admises)
CONTEXTE_HOSTILE = contexte(textes, instants, jours, textes, valeurs)


@st.composite
def corps_hostile(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """Half the time only values the boundary admits (so that they are recorded), else anything,
    in the context and in up to two fields of the body."""
    corps, admis = copy.deepcopy(base), draw(st.booleans())
    for nom, strategie in (CONTEXTE_ADMIS if admis else CONTEXTE_HOSTILE).items():
        if draw(st.booleans()):
            corps[nom] = draw(strategie)
    if admis:
        return corps
    chemins = list(feuilles(corps))
    for chemin in draw(st.lists(st.sampled_from(chemins), max_size=2)) if chemins else []:
        cible = corps
        for partie in chemin[:-1]:
            cible = cible[partie]
        cible[chemin[-1]] = draw(valeurs)
    return corps


def en_json_ascii(corps: Any) -> bytes:
    """As JSON allows: a lone surrogate escaped (``\\ud800``), NaN as Python writes it."""
    return json.dumps(corps, ensure_ascii=True).encode()


def verifier_la_reponse(banc: Banc, reponse: Any) -> None:
    banc.statuts.append(reponse.status_code)
    assert reponse.status_code < 500, reponse.text
    if reponse.status_code >= 400:
        assert reponse.headers["content-type"] == "application/problem+json", reponse.text
        assert reponse.json()["status"] == reponse.status_code


def envoyer_une_commande(banc: Banc, donnees: st.DataObject) -> None:
    adresse, base = donnees.draw(st.sampled_from(commandes(banc)), label="commande")
    corps = donnees.draw(corps_hostile(base), label="corps")
    entetes = {**banc.agent, "Content-Type": "application/json"}
    verifier_la_reponse(banc, banc.client.post(adresse, content=en_json_ascii(corps), headers=entetes))


def lire(banc: Banc, donnees: st.DataObject) -> None:
    """A read with a reason, a date or a version, admitted or hostile; each one served is a
    consultation that the log must hold."""
    motif = donnees.draw(st.none() | textes | motifs, label="motif")
    entetes = {**banc.agent, **({"X-Motif-Consultation": quote(motif, errors="surrogatepass")} if motif else {})}
    suffixe, parametre, strategie = donnees.draw(
        st.sampled_from(
            [("", "effectif_au", jours | jours_admis), ("/etat", "a_la_date", instants | instants_admis),
             ("/historique", "version", entiers | st.integers(1, 40)), ("/journal", "position_min", entiers)]
        ),
        label="lecture",
    )  # fmt: skip
    parametres = {parametre: donnees.draw(strategie, label=parametre)} if donnees.draw(st.booleans()) else {}
    reponse = banc.client.get(f"{banc.parcours}{suffixe}", params=parametres, headers=entetes)
    verifier_la_reponse(banc, reponse)
    banc.lectures_servies += reponse.status_code == 200


def lire_une_liste(banc: Banc, donnees: st.DataObject) -> None:
    adresse, parametre, strategie = donnees.draw(
        st.sampled_from(
            [("/corbeilles/contradictoire", "echeance_avant", jours), ("/corbeilles/a_orienter", "referent", textes),
             ("/indicateurs", "connu_au", jours), ("/indicateurs", "departement", textes)]
        ),
        label="liste",
    )  # fmt: skip
    valeur = donnees.draw(strategie, label=parametre)
    texte = valeur if isinstance(valeur, str) else json.dumps(valeur)
    requete = f"{adresse}?{parametre}={quote(texte, errors='surrogatepass')}"
    verifier_la_reponse(banc, banc.client.get(requete, headers=banc.agent))


# --- the run ------------------------------------------------------------------------------------


@pytest.fixture
def banc(reglages_persistants: Reglages, tmp_path: Path) -> Iterator[Banc]:
    reglages = reglages_persistants.model_copy(
        update={"cle_dev": tmp_path / "cle-dev.pem", "cle_signature": tmp_path / "cle-signature.pem"}
    )
    migrer(reglages)
    horloge = HorlogeDeTest(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    with TestClient(creer_app(reglages, horloge)) as client:
        agent_ = Revendications(
            sub="agent-42", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="75"
        )
        agent = {"Authorization": f"Bearer {emettre_jeton_dev(reglages, agent_)}"}
        yield preparer(client, agent, horloge)


def preparer(client: TestClient, agent: dict[str, str], horloge: HorlogeDeTest) -> Banc:
    """A parcours oriented by the algorithm, notified, diagnosed, under contract, with a failing
    and an open sanction procedure: most steps of the catalogue are possible from here."""
    inscrit = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI}, headers=agent)
    parcours = f"/parcours/{inscrit.json()['parcours_id']}"
    for suffixe, corps in [("/orientation/notification", {}), ("/diagnostic", DIAGNOSTIC), ("/contrat", CONTRAT)]:
        horloge.avancer(days=3)  # the contract is dated 10 June: not after its recording
        assert client.post(f"{parcours}{suffixe}", json=corps, headers=agent).status_code == 200
    manquement = client.post(f"{parcours}/manquements", json=MANQUEMENT, headers=agent).json()["manquement_id"]
    ouverte = client.post(
        f"{parcours}/sanctions", json={"manquements": [manquement], "sanction_envisagee": SUSPENSION}, headers=agent
    )
    assert ouverte.status_code == 201, ouverte.text
    return Banc(client, agent, parcours, manquement, ouverte.json()["procedure_id"])


def test_rien_de_ce_qu_un_appelant_envoie_ne_donne_un_5xx_ni_n_arrete_une_vue(banc: Banc) -> None:
    app = banc.app
    application: ParcoursApplication = app.state.application
    projections: ProjectionsEnProcessus = app.state.projections
    consultations: EcrivainDeConsultations = app.state.consultations
    parcours_id = UUID(banc.parcours.rsplit("/", 1)[1])
    avant = application.recorder.max_notification_id() or 0

    @settings(
        max_examples=EXEMPLES_PAR_MAGASIN,
        deadline=None,
        database=None,
        derandomize=True,  # the same run each time, as schemathesis' fixed seed
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.data())
    def un_appel(donnees: st.DataObject) -> None:
        action = donnees.draw(st.sampled_from([envoyer_une_commande] * 3 + [lire, lire_une_liste]), label="action")
        action(banc, donnees)

    un_appel()

    fin = application.recorder.max_notification_id() or 0
    assert any(200 <= s < 300 for s in banc.statuts)
    assert any(400 <= s < 500 for s in banc.statuts)
    assert fin > avant, "some hostile bodies must have been recorded, or the property proves little"
    assert projections.attendre(fin, delai=DELAI), "a view did not reach the store's last position"
    assert {nom: p.position for nom, p in projections.projecteurs.items()} == dict.fromkeys(
        projections.projecteurs, fin
    )
    (dossier,) = projections.projecteurs["dossier"].lignes(str(parcours_id))
    assert dossier.version == application.parcours(parcours_id).version
    projections.teneur.rattraper()
    assert projections.journal.tete()[1] == fin
    assert verifier(application, projections.reglages) == []
    consultations.vider()
    assert consultations.en_attente == 0
    assert banc.lectures_servies > 0
    assert len(consultations.journal.lister(str(parcours_id), limite=10_000)) == banc.lectures_servies
