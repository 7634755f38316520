"""Defence in depth, end to end: a stored event that a view cannot apply blocks that view alone;
``/ready``, ``parcours projections status``, a reader waiting on a position and a rebuild all name
the view and the position; once the view is fixed it catches up by itself (docs/projections.md,
« Débloquer une vue »). And the event of the issue, a NUL in a free text, blocks nothing. On SQLite
and PostgreSQL."""

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest

from api.dependances import DELAI_POSITION
from application.principal import Role
from cli.main import main
from domain.vocabulaire import Organisme
from infrastructure.composition import construire_application
from infrastructure.execution_projections import ProjectionsEnProcessus, rapport_des_vues
from infrastructure.jetons import Revendications, emettre_jeton_dev
from infrastructure.migrations import migrer
from infrastructure.reconstruction import ReconstructionImpossible, reconstruire
from infrastructure.reglages import Reglages, reglages_pour
from projections.journal import Journal, LigneJournal
from tests.infrastructure.attente import jusqu_a
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

TOPIC = "parcours:DroitsDevoirsInformes"


@pytest.fixture
def client(reglages_persistants: Reglages, tmp_path: Path, horloge: HorlogeDeTest) -> Iterator["TestClient"]:
    from fastapi.testclient import TestClient  # noqa: PLC0415 - as tests/api do: its import warns

    from api.app import creer_app  # noqa: PLC0415 - built per test, on the store of the test

    reglages = reglages_persistants.model_copy(update={"cle_dev": tmp_path / "cle-dev.pem"})
    migrer(reglages)
    with TestClient(creer_app(reglages, horloge)) as client:
        jeton = emettre_jeton_dev(
            reglages, Revendications(sub="audit-1", role=Role.AUDITEUR, organisme=Organisme.FRANCE_TRAVAIL)
        )
        client.headers["Authorization"] = f"Bearer {jeton}"
        yield client


def journal_qui_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Injects a fault: the journal view's fold raises for an event whose motive is « poison »."""
    evoluer = Journal.evoluer

    def refuser(self: Journal, ligne: LigneJournal | None, evenement: Any) -> LigneJournal | None:
        if getattr(getattr(evenement, "decision", None), "motif", None) == "poison":
            raise KeyError("poison")
        return evoluer(self, ligne, evenement)

    monkeypatch.setattr(Journal, "evoluer", refuser)


def test_une_vue_bloquee_est_nommee_partout_puis_repart_une_fois_reparee(
    client: "TestClient", reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = client.app.state.application  # type: ignore[attr-defined]
    projections: ProjectionsEnProcessus = client.app.state.projections  # type: ignore[attr-defined]
    journal_qui_refuse(monkeypatch)
    parcours_id: UUID = application.inscrire(par(), faits.inscription()).parcours_id
    bloquant = application.informer_droits_devoirs(application.parcours(parcours_id), par(motif="poison")).position
    apres = application.inscrire(par(), faits.inscription()).position

    # when the views catch up: the journal stops at the event, the other views do not
    assert not projections.attendre(apres, delai=10)
    blocage = projections.bloquee_avant(apres)
    assert blocage is not None
    assert (blocage.vue, blocage.position, blocage.topic) == ("journal", bloquant, TOPIC)
    positions = {etat.nom: (etat.position, etat.blocage) for etat in rapport_des_vues(reglages_persistants)}
    assert positions == {
        "dossier": (apres, None), "journal": (bloquant - 1, blocage),
        "corbeilles": (apres, None), "faits": (apres, None), "personnes": (apres, None),
    }  # fmt: skip

    # then /ready, a reader waiting on the position and `projections status` name it
    pret = client.get("/ready")
    assert (pret.status_code, pret.headers["content-type"]) == (503, "application/problem+json")
    assert pret.json()["type"] == "/erreurs/vue-bloquee"
    assert [(v["vue"], v["position"], v["topic"]) for v in pret.json()["vues"]] == [("journal", bloquant, TOPIC)]
    debut = time.monotonic()
    lecture = client.get(f"/parcours/{parcours_id}", params={"position_min": apres})
    assert (lecture.status_code, lecture.json()["type"], lecture.json()["vue"]) == (
        503,
        "/erreurs/vue-bloquee",
        "journal",
    )
    assert time.monotonic() - debut < DELAI_POSITION  # told at once, not after the wait
    assert etat_affiche(reglages_persistants, monkeypatch) == (1, f"BLOQUÉE à la position {bloquant} ({TOPIC})")
    with pytest.raises(ReconstructionImpossible, match=f"l'événement à la position {bloquant} \\({TOPIC}\\)"):
        reconstruire(reglages_persistants, "journal")

    # when the view is fixed (here, the fault taken out), then it catches up by itself
    monkeypatch.undo()
    jusqu_a(lambda: projections.attendre(apres, delai=1))  # False at once while the blockage stands
    assert client.get("/ready").json() == {"statut": "ok", "position": apres}
    assert etat_affiche(reglages_persistants, monkeypatch) == (0, "")
    journal = client.get(f"/parcours/{parcours_id}/journal", params={"position_min": apres})
    assert [ligne["motif"] for ligne in journal.json()][-1] == "poison"


def etat_affiche(reglages: Reglages, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``parcours projections status``: its exit code and what it says of the journal view, past its lag."""
    monkeypatch.setenv("DATABASE_URL", reglages.database_url)
    with pytest.MonkeyPatch.context() as sortie:
        lignes: list[str] = []
        sortie.setattr("builtins.print", lambda *args, **_: lignes.append(" ".join(map(str, args))))
        code = main(["projections", "status"])
    journal = next(ligne for ligne in lignes if ligne.startswith("journal"))
    return code, journal.partition("événement(s)")[2].strip().split(" depuis ")[0]


def test_un_nul_dans_un_texte_libre_ne_bloque_aucune_vue(
    reglages_persistants: Reglages, horloge: HorlogeDeTest
) -> None:
    # given a motif holding a NUL, stored as main at 25e7624 accepted it (the boundary and the domain
    # now refuse it: the event is written straight into the store)
    migrer(reglages_persistants)
    brouillon = construire_application(reglages_pour("memory://"), horloge)
    parcours_id = brouillon.inscrire(par(), faits.inscription()).parcours_id
    brouillon.informer_droits_devoirs(brouillon.parcours(parcours_id), par(motif="a-NUL-b"))
    inscrit, informe = brouillon.recorder.select_events(parcours_id)
    application = construire_application(reglages_persistants, horloge)
    ids = application.recorder.insert_events(
        [inscrit, replace(informe, state=informe.state.replace(b"a-NUL-b", b"a\\u0000b"))]
    )
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600)

    en_processus.rattraper()

    assert ids is not None
    assert (en_processus.position, en_processus.blocages) == (ids[-1], [])
    *_, ligne = en_processus.projecteurs["journal"].lignes(str(parcours_id))
    # PostgreSQL's JSONB cannot hold U+0000: its view shows the replacement character instead
    assert ligne.motif == ("a\ufffdb" if reglages_persistants.moteur == "postgres" else "a\x00b")
    application.close()
    brouillon.close()


@pytest.mark.parametrize("extreme", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_un_evenement_date_hors_des_annees_1_a_9999_a_paris_ne_bloque_aucune_vue(
    reglages_persistants: Reglages, horloge: HorlogeDeTest, extreme: str
) -> None:
    # given a registration stored as main at 25e7624 accepted it: its French day leaves years 1-9999
    migrer(reglages_persistants)
    brouillon = construire_application(reglages_pour("memory://"), horloge)
    veille = date(2025, 6, 1)  # the day before the clock's: its business time, replaced in the stored bytes
    parcours_id = brouillon.inscrire(par(jour=veille), faits.inscription()).parcours_id
    (stocke,) = brouillon.recorder.select_events(parcours_id)
    sentinelle = faits.le(veille).isoformat().encode()
    assert stocke.state.count(sentinelle) == 1
    etat = stocke.state.replace(sentinelle, extreme.encode())
    application = construire_application(reglages_persistants, horloge)
    application.recorder.insert_events([replace(stocke, state=etat)])
    en_processus = ProjectionsEnProcessus(application, reglages_persistants, periode=3600)

    en_processus.rattraper()

    assert (en_processus.position, en_processus.blocages) == (1, [])
    (faits_du_parcours,) = en_processus.projecteurs["faits"].lignes(str(parcours_id))
    assert faits_du_parcours.inscrit_le in (date.min, date.max)  # the nearest day there is
    application.close()
    brouillon.close()
