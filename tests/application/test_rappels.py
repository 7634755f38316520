"""Reminders of deadlines (issue 22, item 3): given a worklist entry with a deadline, when the day comes within
its notice period or passes it, then one reminder is recorded — once, however often the runner runs — and it
reaches the bodies that see the parcours on the feed, nobody else."""

from datetime import date
from uuid import UUID

from application.flux import changements
from application.parcours import ParcoursApplication
from application.rappels import donner_les_rappels
from domain.competence import Intervenant, Qualite
from domain.organe import Organe
from domain.rappel import Rappel
from domain.vocabulaire import Corbeille, ModeOrientation, Organisme, PalierRappel
from infrastructure.rappels import entrees_datees
from infrastructure.reglages import Reglages
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.projecteur import Projecteur
from projections.publication import publier
from projections.stockage import StockageDeVue
from tests.support import faits
from tests.support.demandes import agent, par
from tests.support.horloge import HorlogeDeTest


def notifie_le_1er_juin(
    app: ParcoursApplication, reglages: Reglages, horloge: HorlogeDeTest
) -> tuple[UUID, StockageDeVue]:
    """A parcours of Paris oriented to France Travail and notified on 1 June, its contract due by 1 July
    (CT D.5411-14-1), and the worklists caught up with it."""
    horloge.aller_au(date(2025, 6, 1))
    france_travail = par(agent(departement="75"), jour=date(2025, 6, 1))
    parcours_id = app.inscrire(france_travail, faits.inscription()).parcours_id
    app.orienter(app.parcours(parcours_id), france_travail, faits.EMPLOI_FT, ModeOrientation.AGENT)
    app.notifier_orientation(app.parcours(parcours_id), france_travail)
    stockage = stockage_pour(reglages, app, Corbeilles())
    Projecteur(app, Corbeilles(), stockage).rattraper()
    return parcours_id, stockage


def rappels(app: ParcoursApplication) -> list[Rappel.EcheanceRappelee]:
    tous = (app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=0, limit=10_000))
    return [e for e in tous if isinstance(e, Rappel.EcheanceRappelee)]


def test_un_contrat_a_signer_est_rappele_une_semaine_avant_puis_une_fois_depasse_et_une_seule_fois_chacun(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    # given: an orientation notified on 1 June, its contract due by 1 July (CT D.5411-14-1)
    parcours_id, stockage = notifie_le_1er_juin(app_persistante, reglages_persistants, horloge)

    def donner(jour: date) -> int:
        horloge.aller_au(jour)
        return donner_les_rappels(app_persistante, entrees_datees(stockage, jour), jour)

    # when: the runner runs every day, twice on some
    donnes = {jour: donner(date(2025, 6, jour)) for jour in (20, 23, 24, 25)}
    encore = donner(date(2025, 6, 25))
    depasse, depasse_encore = donner(date(2025, 7, 2)), donner(date(2025, 7, 3))

    # then: near from 24 June (seven days before), passed on 2 July, each once
    assert donnes == {20: 0, 23: 0, 24: 1, 25: 0}
    assert (encore, depasse, depasse_encore) == (0, 1, 0)
    donnes_ = rappels(app_persistante)
    assert [(r.parcours_id, r.corbeille, r.echeance, r.palier) for r in donnes_] == [
        (parcours_id, Corbeille.CONTRAT_A_SIGNER, date(2025, 7, 1), PalierRappel.PROCHE),
        (parcours_id, Corbeille.CONTRAT_A_SIGNER, date(2025, 7, 1), PalierRappel.DEPASSEE),
    ]
    assert donnes_[0].decision.fondement.articles == ("CT L.5411-6", "CT D.5411-14-1")


def test_un_rappel_parvient_aux_organismes_du_parcours_sur_le_fil_et_a_nul_autre(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    # given: a reminder given on a Paris parcours
    parcours_id, stockage = notifie_le_1er_juin(app_persistante, reglages_persistants, horloge)
    horloge.aller_au(date(2025, 6, 28))
    donner_les_rappels(app_persistante, entrees_datees(stockage, date(2025, 6, 28)), date(2025, 6, 28))

    # when: the feed reads the store
    page = app_persistante.recorder.select_notifications(start=0, limit=1_000)
    lus = changements(
        page, app_persistante.mapper.to_domain_event, app_persistante.trouver, app_persistante.roles, date(2025, 6, 28)
    )
    (rappel,) = (c for c in lus if isinstance(c.evenement, Rappel.EcheanceRappelee))

    # then: France Travail in Paris reads it, France Travail in Marseille never sees it
    paris = rappel.pour(Intervenant(Qualite.AGENT, Organe(Organisme.FRANCE_TRAVAIL, "75")))
    marseille = rappel.pour(Intervenant(Qualite.AGENT, Organe(Organisme.FRANCE_TRAVAIL, "13")))
    assert paris is not None
    assert not paris.masque
    assert marseille is None
    publie = publier(rappel.evenement)
    assert (publie["parcours_id"], publie["version"], publie["type"]) == (str(parcours_id), None, "EcheanceRappelee")
    assert publie["donnees"] == {
        "parcours_id": str(parcours_id),
        "corbeille": "contrat_a_signer",
        "objet": "-",
        "echeance": "2025-07-01",
        "palier": "proche",
    }
