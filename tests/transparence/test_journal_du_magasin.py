"""The transparency log over a real store (SQLite and PostgreSQL): one leaf per stored event in store order,
checkpoints that sign the root the stored events give, and ``parcours audit verify`` naming what a
superuser changed, deleted or cut, in the events or in the log itself."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from application.parcours import ParcoursApplication
from infrastructure.audit import notifications, verifier
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer, table_des_evenements
from infrastructure.reglages import Reglages
from infrastructure.sceaux import cle_de_sceau
from infrastructure.transparence.arbre import preuve_inclusion
from infrastructure.transparence.controle import verifier_le_journal, verifier_le_parcours_au_journal
from infrastructure.transparence.frontiere import Frontiere, ajouter
from infrastructure.transparence.journal import TABLE_NOEUDS, feuille_de
from infrastructure.transparence.note import verifier_note
from infrastructure.transparence.tenue import (
    TeneurDuJournal,
    cle_du_journal,
    journal_a_jour,
    journal_pour,
    signer,
    signer_si_du,
)
from infrastructure.transparence.verification import verifier_inclusion
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.sql_brut import sql_brut


@pytest.fixture
def magasin(reglages_persistants: Reglages, tmp_path: Path) -> Iterator[tuple[Reglages, ParcoursApplication]]:
    """Two parcours, eight events, in the log, under one checkpoint."""
    reglages = reglages_persistants.model_copy(update={"cle_signature": tmp_path / "cle.pem"})
    migrer(reglages)
    app = construire_application(reglages, HorlogeDeTest())
    for _ in range(2):
        parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
        app.informer_droits_devoirs(app.parcours(parcours_id), par())
    journal_a_jour(app, reglages)
    yield reglages, app
    app.close()


def ecarts(reglages: Reglages, app: ParcoursApplication) -> list[str]:
    journal = journal_pour(app)
    return [str(d) for d in verifier_le_journal(notifications(app.recorder), journal, cle_du_journal(reglages))]


def test_chaque_evenement_est_une_feuille_et_le_checkpoint_signe_la_racine_des_octets_stockes(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    journal = journal_pour(app)
    stockes = list(notifications(app.recorder))

    deja = TeneurDuJournal(app, journal, cle_de_sceau(reglages)).rattraper()

    assert deja == 0  # already in the log: nothing appended twice
    assert [f.position for f in journal.feuilles()] == [n.id for n in stockes]
    recalcule = ajouter(Frontiere.vide(), [feuille_de(n) for n in stockes])[1]
    dernier = journal.dernier_checkpoint()
    assert dernier is not None
    checkpoint, _ = verifier_note(dernier.note, [cle_du_journal(reglages)])
    assert (checkpoint.taille, checkpoint.racine) == (8, recalcule.racine())
    for feuille in journal.feuilles():
        preuve = preuve_inclusion(feuille.indice, 8, journal)
        assert verifier_inclusion(feuille_de(stockes[feuille.indice]), feuille.indice, 8, preuve, checkpoint.racine)
    assert ecarts(reglages, app) == []


def test_un_checkpoint_par_intervalle_quand_le_journal_a_grandi(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    journal = journal_pour(app)
    dernier = journal.dernier_checkpoint()
    assert dernier is not None
    signe_le = datetime.fromisoformat(dernier.signe_le)
    app.inscrire(par(), faits.inscription())
    TeneurDuJournal(app, journal, cle_de_sceau(reglages)).rattraper()

    trop_tot = signer_si_du(journal, reglages, signe_le + timedelta(seconds=59))
    a_l_heure = signer_si_du(journal, reglages, signe_le + timedelta(seconds=60))
    rien_de_neuf = signer_si_du(journal, reglages, signe_le + timedelta(seconds=200))

    assert trop_tot is None
    assert a_l_heure is not None
    assert a_l_heure.taille == 9
    assert rien_de_neuf is None
    assert [c.taille for c in journal.checkpoints()] == [8, 9]
    assert ecarts(reglages, app) == []  # and the second extends the first


def test_une_ligne_inseree_sans_la_cle_n_entre_pas_dans_le_journal_et_est_nommee(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    copier = (
        "INSERT INTO {table} (originator_id, originator_version, topic, state) "
        "SELECT originator_id, 99, topic, state FROM {table} WHERE {position} = 1"
    )
    sql_brut(reglages, [copier], table_des_evenements(app))
    app.inscrire(par(), faits.inscription())  # a genuine event after it

    journal_a_jour(app, reglages)

    journal = journal_pour(app)
    assert [f.version for f in journal.feuilles() if f.version == 99] == []
    assert journal.tete()[0] == 8 + 1  # the genuine inscription only
    assert [d.nature for d in verifier(app, reglages)] == ["événement non scellé", "événement inséré hors journal"]


def test_un_octet_change_dans_un_evenement_stocke_est_nomme(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin
    nouveau = (
        "CAST(substr(state, 1, 9) || X'20' || substr(state, 11) AS BLOB)"
        if reglages.moteur == "sqlite"
        else "overlay(state placing '\\x20'::bytea from 10 for 1)"
    )

    sql_brut(reglages, [f"UPDATE {{table}} SET state = {nouveau} WHERE {{position}} = 5"], table_des_evenements(app))

    cinquieme = journal_pour(app).feuilles(apres=3, limite=1)[0]
    assert [e.split(" —")[0] for e in ecarts(reglages, app)] == [
        f"événement modifié : position 5, parcours {cinquieme.parcours_id} version {cinquieme.version}"
    ]


def test_un_evenement_et_sa_feuille_changes_ensemble_contredisent_le_checkpoint(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    journal = journal_pour(app)
    evenements = table_des_evenements(app)
    nouveau = (
        "CAST(substr(state, 1, 9) || X'20' || substr(state, 11) AS BLOB)"
        if reglages.moteur == "sqlite"
        else "overlay(state placing '\\x20'::bytea from 10 for 1)"
    )
    sql_brut(reglages, [f"UPDATE {{table}} SET state = {nouveau} WHERE {{position}} = 5"], evenements)
    falsifiee = feuille_de(next(n for n in notifications(app.recorder) if n.id == 5))
    litteral = f"X'{falsifiee.hex()}'" if reglages.moteur == "sqlite" else f"'\\x{falsifiee.hex()}'::bytea"

    sql_brut(reglages, [f"UPDATE {{table}} SET hash = {litteral} WHERE niveau = 0 AND indice = 4"], TABLE_NOEUDS)

    decrits = ecarts(reglages, app)
    assert [e.split(" :")[0] for e in decrits] == ["point de contrôle contredit"]
    assert "ne redonne plus la racine signée à 8 feuilles" in decrits[0]
    assert journal.dernier_checkpoint() is not None


def test_la_fin_coupee_du_magasin_et_du_journal_se_voit(magasin: tuple[Reglages, ParcoursApplication]) -> None:
    reglages, app = magasin

    sql_brut(reglages, ["DELETE FROM {table} WHERE {position} >= 7"], table_des_evenements(app))
    sql_brut(reglages, ["DELETE FROM {table} WHERE indice >= 6"], "parcours_feuilles")

    (coupee,) = ecarts(reglages, app)
    assert coupee.startswith("point de contrôle contredit")
    assert coupee.endswith("checkpoint de 8 feuilles signé le " + journal_pour(app).checkpoints()[0].signe_le
                           + " : le journal n'a plus que 6 feuilles (fin coupée)")  # fmt: skip


def test_un_evenement_supprime_est_nomme_et_le_parcours_seul_se_verifie(
    magasin: tuple[Reglages, ParcoursApplication],
) -> None:
    reglages, app = magasin
    troisieme = journal_pour(app).feuilles(apres=1, limite=1)[0]

    sql_brut(reglages, ["DELETE FROM {table} WHERE {position} = 3"], table_des_evenements(app))

    assert [e.split(" —")[0] for e in ecarts(reglages, app)] == [
        f"événement supprimé : position 3, parcours {troisieme.parcours_id} version {troisieme.version}"
    ]
    stockes = app.recorder.select_events(UUID(troisieme.parcours_id))
    du_parcours = verifier_le_parcours_au_journal(stockes, journal_pour(app), cle_du_journal(reglages))
    assert [d.nature for d in du_parcours] == ["événement supprimé"]


def test_un_journal_vide_ne_signe_rien(reglages_persistants: Reglages, tmp_path: Path) -> None:
    reglages = reglages_persistants.model_copy(update={"cle_signature": tmp_path / "cle.pem"})
    migrer(reglages)
    app = construire_application(reglages, HorlogeDeTest())

    assert signer(journal_pour(app), reglages, datetime.now(UTC)) is None
    app.close()
