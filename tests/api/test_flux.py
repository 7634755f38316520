"""GET /flux (issue 22): the changes a caller may see, live over Server-Sent Events, resumable by store position.

A real service (uvicorn on a free port) on SQLite and PostgreSQL, read by a real SSE client (httpx-sse). A test
waits on the stream itself: reading stops at the position a command returned, or fails at the read timeout.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from eventsourcing.persistence import StoredEvent
from httpx_sse import EventSource, ServerSentEvent, connect_sse

from application.parcours import MapperDeRelecture
from application.principal import Role
from domain.parcours import Parcours
from domain.vocabulaire import Organisme
from infrastructure.reglages import Reglages
from tests.api.corps import CONTRAT, INSCRIPTION, MANQUEMENT, ORIENTATION, SUSPENSION, le
from tests.support.serveur import ServiceEnTest, service_en_test

BATTEMENT = 0.2
"""Heartbeats every 0.2 s here (15 s by default)."""
DELAI = 8.0
"""A read that waits longer fails the test."""


@pytest.fixture
def taille_fenetre() -> int:
    """How many changes the hub keeps in memory (10,000 by default); a test sets two to make a reader behind
    them read the store (``@pytest.mark.parametrize("taille_fenetre", …)``)."""
    return 10_000


@pytest.fixture
def service(reglages_persistants: Reglages, tmp_path: Path, taille_fenetre: int) -> Iterator[ServiceEnTest]:
    reglages = reglages_persistants.model_copy(
        update={
            "cle_dev": tmp_path / "cle-dev.pem",
            "flux_battement_secondes": BATTEMENT,
            "flux_fenetre": taille_fenetre,
        }
    )
    with service_en_test(reglages) as service:
        yield service


@pytest.fixture
def ft(service: ServiceEnTest) -> dict[str, str]:
    return service.jeton(Role.CONSEILLER, sub="ft-75", organisme=Organisme.FRANCE_TRAVAIL, territoire="75")


@contextmanager
def flux(service: ServiceEnTest, entetes: dict[str, str], **params: Any) -> Iterator[Iterator[ServerSentEvent]]:
    """A stream of ``GET /flux``, once open (its first message, the ``retry:`` advice, received)."""
    with (
        httpx.Client(base_url=service.url, timeout=DELAI) as client,
        connect_sse(client, "GET", "/flux", params=params, headers=dict(entetes)) as source,
    ):
        evenements = lire(source)
        ouverture = next(evenements)
        assert (ouverture.retry, ouverture.event, ouverture.data) == (3000, "message", "")
        yield evenements


def lire(source: EventSource) -> Iterator[ServerSentEvent]:
    assert source.response.status_code == 200, source.response.read()
    yield from source.iter_sse()


def jusqu_a(evenements: Iterator[ServerSentEvent], position: int) -> list[ServerSentEvent]:
    """The events received up to the one at ``position`` (a read timeout fails the test)."""
    recus = []
    for evenement in evenements:
        recus.append(evenement)
        if int(evenement.id) >= position:
            return recus
    raise AssertionError(f"flux fermé avant la position {position}")


def inscrire(service: ServiceEnTest, entetes: dict[str, str], departement: str = "75", motif: str = "demande") -> Any:
    territoire = {"departement": departement}
    corps = {"inscription": {**INSCRIPTION["inscription"], "territoire": territoire, "motif": motif}}
    return service.envoyer("/parcours", corps, entetes, 201)


def orienter(service: ServiceEnTest, entetes: dict[str, str], parcours_id: str, jour: str = "2025-06-03") -> Any:
    return service.envoyer(f"/parcours/{parcours_id}/orientation", {**ORIENTATION, **le(jour)}, entetes)


def versions(recus: list[ServerSentEvent]) -> list[tuple[str, int]]:
    return [(e.json()["parcours_id"], e.json()["version"]) for e in recus]


def test_un_changement_enregistre_apres_l_ouverture_arrive_avec_sa_position_et_son_type(
    service: ServiceEnTest, ft: dict[str, str]
) -> None:
    with flux(service, ft) as evenements:
        # when: a parcours is registered once the stream is open
        inscrit = inscrire(service, ft)

        recus = jusqu_a(evenements, inscrit["position"])

    # then: its events, each with its store position as id and its type as event
    dernier = recus[-1]
    assert int(dernier.id) == inscrit["position"] == dernier.json()["position"]
    assert recus[0].event == Parcours.Inscrit.__name__
    assert {e.json()["parcours_id"] for e in recus} == {inscrit["parcours_id"]}
    assert [e.json()["version"] for e in recus] == list(range(1, inscrit["version"] + 1))
    assert all(e.event == e.json()["type"] and not e.json()["masque"] for e in recus)
    assert [int(e.id) for e in recus] == sorted({int(e.id) for e in recus})


@pytest.mark.parametrize("taille_fenetre", [10_000, 2], ids=["fenetre", "magasin"])
def test_la_reprise_avec_last_event_id_ne_perd_ni_ne_double_rien(service: ServiceEnTest, ft: dict[str, str]) -> None:
    # given: a stream that received a parcours' registration, then closed
    premier = inscrire(service, ft)  # before the stream: not sent
    with flux(service, ft) as evenements:
        inscrit = inscrire(service, ft)
        avant = jusqu_a(evenements, inscrit["position"])
    # ... while changes are recorded in between
    oriente = orienter(service, ft, inscrit["parcours_id"])
    autre = inscrire(service, ft)
    notifie = service.envoyer(f"/parcours/{inscrit['parcours_id']}/orientation/notification", le("2025-06-03"), ft)

    # when: it reconnects with the last id it received
    with flux(service, {**ft, "Last-Event-ID": avant[-1].id}) as evenements:
        apres = jusqu_a(evenements, notifie["position"])

    # then: every change after it, once each, in store order
    ids = [int(e.id) for e in avant + apres]
    assert ids == sorted(set(ids))
    assert premier["parcours_id"] not in {p for p, _ in versions(avant + apres)}
    attendues = [(inscrit["parcours_id"], v) for v in range(inscrit["version"] + 1, notifie["version"] + 1)]
    attendues += [(autre["parcours_id"], v) for v in range(1, autre["version"] + 1)]
    assert sorted(versions(apres)) == sorted(attendues)
    assert oriente["version"] < notifie["version"]


@pytest.mark.parametrize("taille_fenetre", [2])  # a reader from the start reads the store, and judges each
# change on its parcours as it stands now (live, a change is judged as the parcours stands when it is recorded)
def test_un_parcours_etranger_n_apparait_jamais_et_un_evenement_masque_ne_porte_pas_son_contenu(
    service: ServiceEnTest,
) -> None:
    # given: a young person of the mission locale whose breach about the ARE gives France Travail a role;
    # a jobseeker of the Bouches-du-Rhône in between
    ml = service.jeton(Role.CONSEILLER, sub="ml-75", organisme=Organisme.MISSION_LOCALE, territoire="75")
    ft_autorite = service.jeton(
        Role.AUTORITE_SANCTION, sub="ft-75-autorite", organisme=Organisme.FRANCE_TRAVAIL, territoire="75"
    )
    ft_13 = service.jeton(Role.CONSEILLER, sub="ft-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")
    jeune = inscrire(service, ml, motif="sollicitation_ml")["parcours_id"]
    chemin = f"/parcours/{jeune}"
    vers_la_ml = {"orientation": {"type_parcours": "SOCIO_PROFESSIONNEL", "organisme": "MISSION_LOCALE"}}
    service.envoyer(f"{chemin}/orientation", {**ORIENTATION, **vers_la_ml}, ml)
    service.envoyer(f"{chemin}/orientation/notification", le("2025-06-03"), ml)
    marseillais = inscrire(service, ft_13, departement="13")
    sante = {"items": [{"theme": "sante", "niveau": "fort", "source": "conseiller"}], "realise_avec_la_personne": True}
    service.envoyer(f"{chemin}/diagnostic", {"diagnostic": sante, **le("2025-06-04")}, ml)
    service.envoyer(f"{chemin}/contrat", {"contrat": {**CONTRAT["contrat"], "organisme": "MISSION_LOCALE"}}, ml)
    sur_l_are = {"manquement": {**MANQUEMENT["manquement"], "allocation": "ARE"}, **le("2025-06-16")}
    manquement = service.envoyer(f"{chemin}/manquements", sur_l_are, ml, 201)["manquement_id"]
    ouverture = {"manquements": [manquement], "sanction_envisagee": SUSPENSION, **le("2025-06-17")}
    ouverte = service.envoyer(f"{chemin}/sanctions", ouverture, ft_autorite, 201)

    # when: France Travail's authority in Paris, and its conseiller in Marseille, read the feed from the start
    with flux(service, ft_autorite, depuis="0") as evenements:
        paris = jusqu_a(evenements, ouverte["position"])
    with flux(service, ft_13, depuis="0") as evenements:
        marseille = jusqu_a(evenements, marseillais["position"])

    # then: each sees only the parcours it holds a role in; the diagnostic's health items stay hidden
    assert {p for p, _ in versions(paris)} == {jeune}
    assert {p for p, _ in versions(marseille)} == {marseillais["parcours_id"]}
    diagnostic = next(e.json() for e in paris if e.event == Parcours.DiagnosticRealise.__name__)
    assert (diagnostic["masque"], diagnostic["donnees"], diagnostic["criteres"], diagnostic["motif"]) == (
        True, {}, [], None,
    )  # fmt: skip
    assert "sante" not in json.dumps(diagnostic)
    contrat = next(e.json() for e in paris if e.event == Parcours.ContratSigne.__name__)
    assert (contrat["masque"], contrat["donnees"]["contrat"]["heures_hebdo"]) == (False, 15)


def test_le_filtre_parcours_ne_montre_que_ce_parcours_et_refuse_celui_qu_on_ne_voit_pas(
    service: ServiceEnTest, ft: dict[str, str]
) -> None:
    suivi, autre = inscrire(service, ft), inscrire(service, ft)
    ft_13 = service.jeton(Role.CONSEILLER, sub="ft-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")

    with flux(service, ft, parcours=suivi["parcours_id"]) as evenements:
        orienter(service, ft, autre["parcours_id"])
        oriente = orienter(service, ft, suivi["parcours_id"])
        recus = jusqu_a(evenements, oriente["position"])
    etranger = service.http.get("/flux", params={"parcours": suivi["parcours_id"]}, headers=ft_13)

    assert versions(recus) == [(suivi["parcours_id"], v) for v in range(suivi["version"] + 1, oriente["version"] + 1)]
    assert (etranger.status_code, etranger.json()["type"]) == (404, "/erreurs/parcours-introuvable")


def test_le_filtre_corbeille_montre_ce_qui_entre_dans_la_liste_ou_en_sort(
    service: ServiceEnTest, ft: dict[str, str]
) -> None:
    # given: a jobseeker oriented, another only registered
    oriente, seul = inscrire(service, ft), inscrire(service, ft)
    orienter(service, ft, oriente["parcours_id"])

    with flux(service, ft, corbeille="contrat_a_signer") as evenements:
        # when: one's orientation is notified (it enters the contracts to sign), the other is oriented
        notifie = service.envoyer(f"/parcours/{oriente['parcours_id']}/orientation/notification", le("2025-06-03"), ft)
        orienter(service, ft, seul["parcours_id"])
        # ... then the contract is signed (it leaves the list)
        signe = service.envoyer(f"/parcours/{oriente['parcours_id']}/contrat", CONTRAT, ft)
        recus = jusqu_a(evenements, signe["position"])

    # then: the notification and the signature, nothing of the other parcours
    assert {p for p, _ in versions(recus)} == {oriente["parcours_id"]}
    assert recus[0].event == Parcours.OrientationNotifiee.__name__
    assert recus[-1].event == Parcours.ContratSigne.__name__
    assert int(recus[0].id) <= notifie["position"]


def test_un_battement_maintient_la_connexion_sans_evenement(service: ServiceEnTest, ft: dict[str, str]) -> None:
    with (
        httpx.Client(base_url=service.url, timeout=DELAI) as client,
        client.stream("GET", "/flux", headers=ft) as reponse,
    ):
        lignes = reponse.iter_lines()
        debut = [next(lignes) for _ in range(3)]
        battement = next(ligne for ligne in lignes if ligne.startswith(":"))

    assert reponse.headers["content-type"].startswith("text/event-stream")
    assert "retry: 3000" in debut
    assert battement == ": battement"


def test_un_last_event_id_qui_n_est_pas_une_position_du_journal_est_refuse(
    service: ServiceEnTest, ft: dict[str, str]
) -> None:
    position = inscrire(service, ft)["position"]
    invalides = ["abc", "-1", "12.5", "", "99999999999999999999", str(position + 1)]

    reponses = [service.http.get("/flux", headers={**ft, "Last-Event-ID": valeur}) for valeur in invalides]
    reponses += [service.http.get("/flux", params={"depuis": valeur}, headers=ft) for valeur in invalides]

    for reponse in reponses:
        assert reponse.status_code == 422
        assert reponse.headers["content-type"] == "application/problem+json"
        assert reponse.json()["type"] == "/erreurs/position-invalide"
        assert "journal" in reponse.json()["detail"]


def test_le_neuvieme_flux_d_un_appelant_est_refuse(service: ServiceEnTest, ft: dict[str, str]) -> None:
    with ExitStack() as ouverts:
        for _ in range(8):  # PARCOURS_FLUX_PAR_APPELANT
            ouverts.enter_context(flux(service, ft))

        neuvieme = service.http.get("/flux", headers=ft)
        autre_appelant = service.jeton(Role.CONSEILLER, sub="ft-75-bis", organisme=Organisme.FRANCE_TRAVAIL)
        with flux(service, autre_appelant):
            pass  # the limit is per caller

    assert neuvieme.status_code == 429
    assert neuvieme.headers["content-type"] == "application/problem+json"
    assert neuvieme.json()["type"] == "/erreurs/flux-trop-nombreux"


def messages(lignes: Iterator[str]) -> Iterator[dict[str, str]]:
    """The stream's messages as read on the wire, heartbeats included (``{"": "battement"}``)."""
    message: dict[str, str] = {}
    for ligne in lignes:
        if ligne:
            champ, _, valeur = ligne.partition(": ")
            message[champ] = valeur
        elif message:
            yield message
            message = {}


def test_le_flux_attend_derriere_un_evenement_indechiffrable_puis_reprend_sans_rien_sauter(
    service: ServiceEnTest, ft: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: an event the hub cannot decode (as an event whose upcaster is missing); each try of the hub is told
    inscrit = inscrire(service, ft)
    essais = threading.Semaphore(0)
    dechiffrer = MapperDeRelecture.to_domain_event
    coupable = f"parcours:{Parcours.Oriente.__name__}"

    def indechiffrable(self: MapperDeRelecture, stocke: StoredEvent) -> Any:
        if stocke.topic == coupable:
            if threading.current_thread().name == "flux":
                essais.release()
            raise ValueError("indéchiffrable")
        return dechiffrer(self, stocke)

    with (
        httpx.Client(base_url=service.url, timeout=DELAI) as client,
        client.stream("GET", "/flux", headers=ft) as reponse,
    ):
        recus = messages(reponse.iter_lines())
        assert next(recus) == {"": "flux ouvert", "retry": "3000"}
        monkeypatch.setattr(MapperDeRelecture, "to_domain_event", indechiffrable)
        oriente = orienter(service, ft, inscrit["parcours_id"])
        autre = inscrire(service, ft)

        # when: the hub has tried the culprit twice (it retries with backoff)
        assert essais.acquire(timeout=DELAI)
        assert essais.acquire(timeout=DELAI)
        # then: the stream stays open, its heartbeats going on, and shows nothing from the culprit on
        pendant: list[dict[str, str]] = []
        while len([m for m in pendant if m.get("") == "battement"]) < 2:
            pendant.append(next(recus))
        assert all(int(m["id"]) < oriente["position"] for m in pendant if "id" in m)

        # when: the event decodes again (the upcaster deployed), then every change arrives, once, in order
        monkeypatch.undo()
        apres: list[dict[str, str]] = []
        while not apres or int(apres[-1]["id"]) < autre["position"]:
            if "id" in (message := next(recus)):
                apres.append(message)

    recus_ids = [int(m["id"]) for m in pendant + apres if "id" in m]
    assert recus_ids == sorted(set(recus_ids))
    evenements = [json.loads(m["data"]) for m in pendant + apres if "id" in m]
    attendues = [(inscrit["parcours_id"], v) for v in range(inscrit["version"] + 1, oriente["version"] + 1)]
    attendues += [(autre["parcours_id"], v) for v in range(1, autre["version"] + 1)]
    assert [(e["parcours_id"], e["version"]) for e in evenements] == attendues
