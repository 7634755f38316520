"""`parcours donnees purger`: the dry run lists the persons due (ids and dates, never a name) and writes
nothing; the real run erases them and purges the consultations log past its duration."""

from datetime import UTC, date, datetime, timedelta

import pytest

from application.parcours import ParcoursApplication, Resultat
from cli.main import main
from domain.personne import Personne
from domain.vocabulaire import MotifSortie
from infrastructure.composition import construire_application
from infrastructure.consultations import Consultation, journal_pour
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import fiche, nir

IL_Y_A_VINGT_ANS = datetime(2003, 1, 6, 12, tzinfo=UTC)
"""Early enough for a retention of 20 years to have run out whatever the day the tests run."""


def inscrire(app: ParcoursApplication, nom: str, commune: str, sortie: bool) -> Resultat:
    resultat = app.inscrire(par(), faits.inscription(), personne=fiche(nom=nom, avec_nir=nir(commune=commune)))
    if sortie:
        app.sortir(app.parcours(resultat.parcours_id), par(), MotifSortie.EMPLOI_DURABLE)
    return resultat


@pytest.fixture
def magasin(reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch) -> Reglages:
    migrer(reglages_persistants)
    monkeypatch.setenv("DATABASE_URL", reglages_persistants.database_url)
    return reglages_persistants


def ancienne_et_ouverte(reglages: Reglages) -> tuple[Resultat, Resultat]:
    app = construire_application(reglages, HorlogeDeTest(IL_Y_A_VINGT_ANS))
    try:
        return inscrire(app, "Quenouille", "113", sortie=True), inscrire(app, "Ravaudeur", "114", sortie=False)
    finally:
        app.close()


def lire(reglages: Reglages, resultat: Resultat) -> Personne:
    app = construire_application(reglages)
    try:
        assert resultat.personne_id is not None
        return app.personnes.lire(resultat.personne_id)
    finally:
        app.close()


def test_a_blanc_la_purge_liste_les_personnes_dues_sans_nom_et_n_efface_rien(
    magasin: Reglages, capsys: pytest.CaptureFixture[str]
) -> None:
    ancienne, ouverte = ancienne_et_ouverte(magasin)

    assert main(["donnees", "purger", "--a-blanc"]) == 0

    sortie = capsys.readouterr().out
    assert f"à effacer : personne {ancienne.personne_id}, fin d'inscription 2003-01-06" in sortie
    assert "fin de conservation 2023-01-06" in sortie
    assert "1 personne(s) à effacer" in sortie
    assert str(ouverte.personne_id) not in sortie
    assert "Quenouille" not in sortie
    assert "QUENOUILLE" not in sortie
    assert lire(magasin, ancienne).identite is not None


def test_la_purge_efface_les_personnes_dues_et_les_consultations_trop_anciennes(
    magasin: Reglages, capsys: pytest.CaptureFixture[str]
) -> None:
    ancienne, ouverte = ancienne_et_ouverte(magasin)
    registre = journal_pour(magasin)
    vieille = datetime.now(UTC) - timedelta(days=400)
    recente = datetime.now(UTC) - timedelta(days=30)
    registre.ajouter(
        [Consultation("p-1", "audit-1", "auditeur", None, "GET /parcours", None, q) for q in (vieille, recente)]
    )

    assert main(["donnees", "purger"]) == 0

    sortie = capsys.readouterr().out
    assert "effacement : 1 personne(s) effacée(s)" in sortie
    assert "2 clé(s) détruite(s)" in sortie
    assert "consultations : 1 entrée(s) antérieure(s)" in sortie
    assert lire(magasin, ancienne).effacee_le is not None
    assert lire(magasin, ancienne).identite is None
    assert lire(magasin, ouverte).identite is not None
    assert [c.consulte_le.date() for c in registre.lister("p-1")] == [recente.date()]
    registre.fermer()
    assert main(["donnees", "purger"]) == 0
    assert "effacement : 0 personne(s) effacée(s)" in capsys.readouterr().out


def test_une_echeance_future_n_est_permise_qu_a_blanc(magasin: Reglages, capsys: pytest.CaptureFixture[str]) -> None:
    demain = (date.today() + timedelta(days=2)).isoformat()

    assert main(["donnees", "purger", "--au", demain]) == 2
    assert "--a-blanc" in capsys.readouterr().err
    assert main(["donnees", "purger", "--a-blanc", "--au", demain]) == 0
