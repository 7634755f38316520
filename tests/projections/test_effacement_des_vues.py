"""Erasure in the views, on memory, SQLite and PostgreSQL (DESIGN §7, issue 18 §5): when the person's
``DonneesEffacees`` is folded, every personal column is blanked, each view keeps its rows, and the
indicators' facts keep their counts."""

from datetime import date
from typing import Any
from uuid import UUID

from application.parcours import ParcoursApplication
from domain.personnel import EFFACE
from domain.vocabulaire import ModeOrientation, MotifSortie
from infrastructure.execution_projections import NOMS_DES_VUES, ProjectionsEnProcessus
from infrastructure.reglages import Reglages
from projections.journal import LigneJournal
from tests.projections.test_index_des_personnes import effacer, inscrire
from tests.support import faits
from tests.support.demandes import par
from tests.support.personnes import fiche

MOTIF = "Embauchée chez Dupont & fils, 12 rue des Lilas"
PERSONNELLES = {"personnes"}
"""The views whose rows change on erasure beyond the journal's motive: the persons view itself."""


def parcours_sorti(app: ParcoursApplication) -> tuple[UUID, UUID]:
    personne_id, parcours_id = inscrire(app, fiche("Lefèvre", "Amélie"))
    app.orienter(app.parcours(parcours_id), par(motif=MOTIF), faits.EMPLOI_FT, ModeOrientation.AGENT)
    app.sortir(app.parcours(parcours_id), par(motif=MOTIF), MotifSortie.EMPLOI_DURABLE)
    return personne_id, parcours_id


def lignes(vues: ProjectionsEnProcessus, personne_id: UUID, parcours_id: UUID) -> dict[str, list[Any]]:
    cle = {"personnes": str(personne_id)}
    return {nom: p.lignes(cle.get(nom, str(parcours_id))) for nom, p in vues.projecteurs.items()}


def test_l_effacement_vide_le_motif_du_journal_et_garde_chaque_ligne_de_chaque_vue(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    personne_id, parcours_id = parcours_sorti(app)
    vues = ProjectionsEnProcessus(app, reglages)
    vues.rattraper()
    avant = lignes(vues, personne_id, parcours_id)

    effacer(app, personne_id)
    vues.rattraper()
    apres = lignes(vues, personne_id, parcours_id)

    journal: list[LigneJournal] = apres["journal"]
    assert [ligne.motif for ligne in avant["journal"]].count(MOTIF) == 2
    assert [ligne.motif for ligne in journal].count(EFFACE) == 2
    assert MOTIF not in repr(apres)
    assert [(ligne.type, ligne.texte) for ligne in journal] == [(ligne.type, ligne.texte) for ligne in avant["journal"]]
    assert {nom: apres[nom] for nom in NOMS_DES_VUES if nom not in PERSONNELLES | {"journal"}} == {
        nom: avant[nom] for nom in NOMS_DES_VUES if nom not in PERSONNELLES | {"journal"}
    }
    assert apres["personnes"][0].nom_affiche is None
    assert apres["personnes"][0].parcours == (str(parcours_id),)


def test_un_effacement_dans_la_meme_page_que_les_evenements_les_vide_aussi(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    personne_id, parcours_id = parcours_sorti(app)
    effacer(app, personne_id)

    vues = ProjectionsEnProcessus(app, reglages)
    vues.rattraper()

    journal: list[LigneJournal] = vues.projecteurs["journal"].lignes(str(parcours_id))
    assert [ligne.type for ligne in journal] == ["Inscrit", "Oriente", "Sorti"]
    assert MOTIF not in repr(journal)
    assert [ligne.motif for ligne in journal].count(EFFACE) == 2
    assert vues.projecteurs["faits"].lignes(str(parcours_id))[0].sorti


def test_l_effacement_d_une_autre_personne_ne_touche_pas_ce_parcours(
    app: ParcoursApplication, reglages: Reglages
) -> None:
    _, parcours_id = parcours_sorti(app)
    autre, parcours_autre = inscrire(app, fiche("Martin", "Paul", date(1985, 1, 5)))
    app.sortir(app.parcours(parcours_autre), par(), MotifSortie.EMPLOI_DURABLE)

    effacer(app, autre)
    vues = ProjectionsEnProcessus(app, reglages)
    vues.rattraper()

    journal: list[LigneJournal] = vues.projecteurs["journal"].lignes(str(parcours_id))
    assert [ligne.motif for ligne in journal].count(MOTIF) == 2
