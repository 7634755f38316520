"""A view that fails never stops the others: an event it cannot apply blocks it alone, named by its
position (every event before it applied), recorded in its storage and logged without any content;
it is retried with bounded backoff and goes on once fixed. A lost connection is retried the same way,
without blocking anything. On memory, SQLite and PostgreSQL."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import psycopg
import pytest
from eventsourcing.persistence import DataError, IntegrityError, OperationalError, Tracking

from application.parcours import ParcoursApplication
from infrastructure.reglages import Reglages
from infrastructure.vues import stockage_pour
from projections.blocage import Blocage, EtatDeVue, sans_nul
from projections.dossier import Dossier
from projections.projecteur import Projecteur, rattraper_ensemble
from projections.reprise import Repli, VueGardee, transitoire
from projections.stockage import Changement, VueMemoire
from tests.infrastructure.traces import traces_capturees
from tests.support import faits
from tests.support.demandes import par

INSTANT = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
SECRET = "Jeanne Martin, née le 3 mars 1970"
"""What a fold's error message might quote: it must never reach a log."""


@dataclass(frozen=True)
class LigneCompte:
    parcours_id: str
    evenements: int


class Compteur:
    """A view counting each parcours' events, whose fold refuses the events ``refuse`` picks."""

    nom: ClassVar[str] = "compteur"
    type_ligne: ClassVar[type[Any]] = LigneCompte

    def __init__(self) -> None:
        self.refuse: Callable[[Any], bool] = lambda _evenement: False

    def cle(self, evenement: Any) -> str | None:
        return str(evenement.originator_id)

    def evoluer(self, ligne: LigneCompte | None, evenement: Any) -> LigneCompte | None:
        if self.refuse(evenement):
            raise ValueError(SECRET)
        return LigneCompte(str(evenement.originator_id), (ligne.evenements if ligne else 0) + 1)


class Horloge:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def empoisonne(evenement: Any) -> bool:
    return getattr(getattr(evenement, "decision", None), "motif", None) == "poison"


def textes(journaux: Iterable[Mapping[str, Any]]) -> str:
    return repr(list(journaux))


@pytest.fixture
def quatre_evenements(app: ParcoursApplication) -> list[str]:
    """A, B, then an event of B that a fold will refuse (position 3), then C."""
    a = app.inscrire(par(), faits.inscription()).parcours_id
    b = app.inscrire(par(), faits.inscription()).parcours_id
    app.informer_droits_devoirs(app.parcours(b), par(motif="poison"))
    c = app.inscrire(par(), faits.inscription()).parcours_id
    return [str(a), str(b), str(c)]


def test_une_vue_bloquee_n_arrete_pas_les_autres_et_repart_une_fois_reparee(
    app: ParcoursApplication, reglages: Reglages, quatre_evenements: list[str]
) -> None:
    compteur, horloge = Compteur(), Horloge()
    compteur.refuse = empoisonne
    stockage = stockage_pour(reglages, app, compteur, creer=True)
    gardee = VueGardee(Projecteur(app, compteur, stockage), Repli(horloge=horloge, hasard=lambda: 1.0), lambda: INSTANT)
    dossier = VueGardee(Projecteur(app, Dossier(), stockage_pour(reglages, app, Dossier(), creer=True)))

    with traces_capturees() as journaux:
        rattraper_ensemble([gardee, dossier])

    assert (dossier.projecteur.position, dossier.blocage) == (4, None)
    assert gardee.projecteur.position == 2  # the page was applied again event by event, up to the culprit
    blocage = gardee.blocage
    assert blocage is not None
    assert (blocage.vue, blocage.position, blocage.topic, blocage.depuis) == (
        "compteur", 3, "parcours:DroitsDevoirsInformes", INSTANT,
    )  # fmt: skip
    assert blocage.erreur.startswith("ValueError à projections/test_reprise.py:")
    assert stockage.etat(app.name) == EtatDeVue(2, blocage)
    assert [(j["event"], j.get("position")) for j in journaux] == [("page_refusee", None), ("vue_bloquee", 3)]
    assert "Jeanne" not in textes(journaux)

    # given the backoff: not tried again before its delay, then 0.1 s doubling
    assert gardee.avancer() is None
    assert gardee.attente() == pytest.approx(0.1)
    horloge.t += 0.1
    assert gardee.avancer() is None
    assert gardee.attente() == pytest.approx(0.2)

    # when the view is fixed, then it goes on from the event that stopped it
    compteur.refuse = lambda _evenement: False
    horloge.t += 0.2
    with traces_capturees() as journaux:
        rattraper_ensemble([gardee])

    assert (gardee.projecteur.position, gardee.blocage, gardee.attente()) == (4, None, None)
    assert stockage.etat(app.name) == EtatDeVue(4, None)
    assert [ligne.evenements for ligne in gardee.projecteur.lignes(quatre_evenements[1])] == [2]
    assert [(j["event"], j.get("position")) for j in journaux] == [("vue_debloquee", 3)]


class StockageInjoignable(VueMemoire):
    """A view's storage whose database goes away ``pannes`` times when a page is written."""

    def __init__(self, pannes: int) -> None:
        super().__init__()
        self.pannes = pannes

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        if self.pannes:
            self.pannes -= 1
            raise OperationalError("server closed the connection unexpectedly")
        super().ecrire(changements, tracking)


def test_une_base_injoignable_est_attendue_sans_bloquer_la_vue(
    app: ParcoursApplication, quatre_evenements: list[str]
) -> None:
    horloge = Horloge()
    gardee = VueGardee(Projecteur(app, Compteur(), StockageInjoignable(pannes=2)), Repli(horloge=horloge))

    with traces_capturees() as journaux:
        premier = gardee.avancer()
        horloge.t += 5.0
        second = gardee.avancer()
        horloge.t += 5.0
        troisieme = gardee.avancer()

    assert (premier, second, troisieme) == (None, None, 4)  # the whole page, never split: the data was not at fault
    assert (gardee.blocage, gardee.incident, gardee.projecteur.position) == (None, None, 4)
    assert [(j["event"], j.get("essai")) for j in journaux] == [
        ("vue_injoignable", 1),
        ("vue_injoignable", 2),
        ("vue_retablie", None),
    ]


class StockageQuiRefuse(VueMemoire):
    """A view's storage whose database refuses a row (a constraint) rather than the tracking."""

    def ecrire(self, changements: Mapping[str, Changement], tracking: Tracking) -> None:
        if any(c.donnees and '"evenements":2' in c.donnees for c in changements.values()):
            raise IntegrityError('null value in column "organisme" violates not-null constraint')
        super().ecrire(changements, tracking)


def test_une_contrainte_que_les_lignes_enfreignent_bloque_la_vue_au_lieu_de_relire_la_meme_page(
    app: ParcoursApplication, quatre_evenements: list[str]
) -> None:
    gardee = VueGardee(Projecteur(app, Compteur(), StockageQuiRefuse()), Repli(horloge=Horloge()))

    with traces_capturees():
        rattraper_ensemble([gardee])  # returns: an IntegrityError of the rows is not another runner's page

    assert gardee.projecteur.position == 2
    assert gardee.blocage is not None
    assert (gardee.blocage.position, gardee.blocage.erreur.split(" à ")[0]) == (3, "IntegrityError")


def test_le_repli_double_de_0_1_a_5_secondes_avec_une_part_de_hasard() -> None:
    au_plus = Repli(horloge=lambda: 0.0, hasard=lambda: 1.0)
    au_moins = Repli(horloge=lambda: 0.0, hasard=lambda: 0.0)

    plus = [au_plus.echec() for _ in range(10)]
    moins = [au_moins.echec() for _ in range(10)]
    au_plus.reussite()

    assert plus == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0, 5.0])
    assert moins == pytest.approx([d / 2 for d in plus])
    assert (au_plus.echecs, au_plus.attente(), au_plus.pret()) == (0, 0.0, True)
    assert Repli(hasard=lambda: 1.0).echec() == pytest.approx(0.1)
    many = Repli(horloge=lambda: 0.0, hasard=lambda: 1.0)
    many.echecs = 10_000
    assert many.echec() == 5.0  # no overflow however long the outage


@pytest.mark.parametrize(
    ("erreur", "attendu"),
    [
        (psycopg.OperationalError("connection refused"), True),
        (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),
        (psycopg.InterfaceError("connection already closed"), True),
        (OperationalError("database is locked"), True),
        (ConnectionRefusedError(), True),
        (psycopg.DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), False),
        (DataError("unsupported Unicode escape sequence"), False),
        (IntegrityError("duplicate key"), False),
        (ValueError(SECRET), False),
    ],
)
def test_seule_une_panne_de_connexion_est_transitoire(erreur: Exception, attendu: bool) -> None:
    assert transitoire(erreur) is attendu


@pytest.mark.parametrize(
    ("json", "attendu"),
    [
        ('{"motif": "a\\u0000b"}', '{"motif": "a\\ufffdb"}'),
        ('{"motif": "\\u0000\\u0000"}', '{"motif": "\\ufffd\\ufffd"}'),
        ('{"motif": "a\\\\u0000b"}', '{"motif": "a\\\\u0000b"}'),  # an escaped backslash, then text: kept
        ('{"motif": "a\\\\\\u0000b"}', '{"motif": "a\\\\\\ufffdb"}'),  # an escaped backslash, then a NUL
        ('{"motif": "sans rien"}', '{"motif": "sans rien"}'),
    ],
)
def test_le_json_d_une_vue_postgresql_remplace_le_nul_et_lui_seul(json: str, attendu: str) -> None:
    assert sans_nul(json) == attendu


def test_un_blocage_se_lit_en_francais_avec_sa_vue_et_sa_position() -> None:
    blocage = Blocage("journal", 17, "parcours:Sorti", "KeyError à projections/journal.py:88", INSTANT)

    assert str(blocage) == (
        "vue « journal » bloquée à la position 17 (parcours:Sorti) : KeyError à projections/journal.py:88"
    )
    assert EtatDeVue(16, blocage).bloquee == blocage
    assert EtatDeVue(17, blocage).bloquee is None  # gone past it since (another runner, a rebuild)
