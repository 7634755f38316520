"""The application on every store (in memory, SQLite, PostgreSQL): commands, queries, conflicts.

One module, parametrised by the ``app`` fixture: the same behaviour is proven on each store.
"""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.erreurs import EcritureConcurrente, VersionPerimee
from application.parcours import ParcoursApplication
from application.principal import LectureSeule
from domain.decision import Decision
from domain.parcours import Parcours
from domain.regles.contrat import ContratAvantNotification
from domain.regles.parcours import ParcoursNonInscrit
from domain.vocabulaire import (
    Destinataire,
    IssueRecours,
    ModeOrientation,
    NatureSanction,
    Statut,
    TypeAuteur,
    TypeRecours,
)
from tests.support import faits
from tests.support.demandes import AUDITRICE, AUTORITE, PERSONNE, par
from tests.support.horloge import HorlogeDeTest


def noms(app: ParcoursApplication, parcours_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.historique(parcours_id)]


def parcours_sous_contrat(app: ParcoursApplication, horloge: HorlogeDeTest) -> UUID:
    """Registered on the clock's day, notified the next day, under contract a week later; the clock
    follows, so each step is recorded the day it takes effect."""
    parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI).parcours_id
    horloge.aller_au(date(2025, 6, 3))
    app.notifier_orientation(app.parcours(parcours_id), par(jour=date(2025, 6, 3)))
    app.realiser_diagnostic(app.parcours(parcours_id), par(), faits.diagnostic())
    horloge.aller_au(date(2025, 6, 10))
    app.signer_contrat(app.parcours(parcours_id), par(jour=date(2025, 6, 10)), faits.contrat())
    return parcours_id


def test_un_parcours_complet_jusqu_au_recours_est_enregistre_et_relu(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)
    app.constater_manquement(app.parcours(parcours_id), par(), faits.manquement(), manquement_id="m1")
    app.ouvrir_contradictoire(
        app.parcours(parcours_id), par(), ("m1",), faits.suspension(), Destinataire.PERSONNE, procedure_id="s1"
    )
    horloge.aller_au(date(2025, 7, 1))
    app.receptionner_avis(app.parcours(parcours_id), par(), "s1", date(2025, 7, 1))
    app.recevoir_observations(app.parcours(parcours_id), par(PERSONNE, motif="J'étais hospitalisé"), "s1")
    horloge.aller_au(date(2025, 7, 6))
    decision = par(AUTORITE, jour=date(2025, 7, 5), motif=faits.MOTIF_SANCTION)
    app.decider_sanction(app.parcours(parcours_id), decision, "s1", faits.suspension())
    app.notifier_sanction(app.parcours(parcours_id), par(jour=date(2025, 7, 6)), "s1", faits.VOIES_DE_RECOURS)
    horloge.aller_au(date(2025, 8, 1))
    app.introduire_recours(
        app.parcours(parcours_id), par(PERSONNE, jour=date(2025, 8, 1)), "s1", TypeRecours.MEDIATION_PREALABLE, "r1"
    )
    resultat = app.trancher_recours(app.parcours(parcours_id), par(AUTORITE), "s1", "r1", IssueRecours.ANNULATION)

    assert noms(app, parcours_id)[-9:] == [
        "ManquementConstate",
        "ContradictoireOuvert",
        "AvisContradictoireReceptionne",
        "ObservationsRecues",
        "SanctionDecidee",
        "SanctionNotifiee",
        "SanctionContestee",
        "RecoursTranche",
        "SanctionAnnulee",
    ]
    relu = app.parcours(parcours_id)
    assert relu.version == resultat.version == 15
    assert not relu.procedures["s1"].sanction_en_vigueur
    assert relu.procedures["s1"].sanction is not None
    assert relu.procedures["s1"].sanction.nature is NatureSanction.SUSPENSION


def test_chaque_evenement_relu_porte_son_enveloppe_de_decision(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)

    historique: list[Any] = app.historique(parcours_id)

    assert all(isinstance(e.decision, Decision) for e in historique)
    oriente = next(e for e in historique if type(e).__name__ == "Oriente")
    assert oriente.decision.auteur.type is TypeAuteur.ALGORITHME
    assert "CT L.5411-5-1 II" in oriente.decision.fondement.articles
    notifiee = next(e for e in historique if type(e).__name__ == "OrientationNotifiee")
    assert notifiee.date_limite_contrat == date(2025, 7, 3)
    assert isinstance(notifiee.date_limite_contrat, date)


def test_la_position_du_magasin_avance_a_chaque_commande(app: ParcoursApplication) -> None:
    premier = app.inscrire(par(), faits.inscription())
    second = app.informer_droits_devoirs(app.parcours(premier.parcours_id), par())

    assert (premier.version, second.version) == (1, 2)
    assert (premier.position or 0) < (second.position or 0)


def test_une_commande_sans_effet_n_ajoute_rien_et_rend_la_position_courante(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)
    avant = app.parcours(parcours_id).version

    resultat = app.notifier_orientation(app.parcours(parcours_id), par())

    assert resultat.version == avant
    assert resultat.position == app.recorder.max_notification_id()


def test_une_regle_enfreinte_n_enregistre_rien(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    app.orienter(app.parcours(parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT)

    with pytest.raises(ContratAvantNotification):
        app.signer_contrat(app.parcours(parcours_id), par(), faits.contrat())

    assert noms(app, parcours_id) == ["Inscrit", "Oriente"]


def test_aucune_etape_sur_un_parcours_non_inscrit(app: ParcoursApplication) -> None:
    with pytest.raises(ParcoursNonInscrit):
        app.informer_droits_devoirs(app.parcours(uuid4()), par())


def test_un_auditeur_n_inscrit_aucune_etape(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id

    with pytest.raises(LectureSeule):
        app.informer_droits_devoirs(app.parcours(parcours_id), par(AUDITRICE))


def test_une_version_attendue_perimee_est_refusee(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    app.informer_droits_devoirs(app.parcours(parcours_id), par(version_attendue=1))

    with pytest.raises(VersionPerimee) as refus:
        app.informer_droits_devoirs(app.parcours(parcours_id), par(version_attendue=1))

    assert (refus.value.attendue, refus.value.actuelle) == (1, 2)
    assert len(app.historique(parcours_id)) == 2


def test_deux_ecrivains_concurrents_jamais_de_mise_a_jour_perdue(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    lu = app.parcours(parcours_id)
    app.informer_droits_devoirs(app.parcours(parcours_id), par())  # another writer saves first

    with pytest.raises(EcritureConcurrente):
        app.informer_droits_devoirs(lu, par())

    assert noms(app, parcours_id) == ["Inscrit", "DroitsDevoirsInformes"]


def test_voyage_dans_le_temps_a_une_date_d_enregistrement(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    avant_orientation = horloge.avancer(hours=12)
    horloge.avancer(hours=12)
    app.orienter(app.parcours(parcours_id), par(), faits.EMPLOI_FT, ModeOrientation.AGENT)

    alors = app.parcours_au(parcours_id, avant_orientation)
    maintenant = app.parcours(parcours_id)

    assert (alors.orientation, alors.version) == (None, 1)
    assert maintenant.orientation == faits.EMPLOI_FT
    with pytest.raises(ParcoursNonInscrit):
        app.parcours_au(parcours_id, horloge.instant.replace(year=2020))


def test_voyage_dans_le_temps_a_une_version(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)

    a_la_version_3 = app.parcours(parcours_id, version=3)

    assert a_la_version_3.orientation == faits.EMPLOI_FT
    assert not a_la_version_3.orientation_notifiee
    assert [type(e).__name__ for e in app.historique(parcours_id, jusqu_a_version=2)] == [
        "Inscrit",
        "OrientationProposee",
    ]


def test_l_horloge_injectee_date_l_enregistrement_et_l_effet(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id

    historique: list[Any] = app.historique(parcours_id)
    (inscrit,) = historique

    assert inscrit.timestamp == horloge.instant
    assert inscrit.decision.effective_le == horloge.instant


def test_un_long_parcours_se_relit_depuis_un_instantane(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)
    for _ in range(60):
        app.informer_droits_devoirs(app.parcours(parcours_id), par())

    assert app.snapshots is not None
    instantanes = list(app.snapshots.get(parcours_id))
    assert [s.originator_version for s in instantanes] == [10, 20, 30, 40, 50, 60]
    rejoue: Parcours | None = None
    for evenement in app.historique(parcours_id):
        rejoue = evenement.mutate(rejoue)
    assert app.parcours(parcours_id) == rejoue
    assert app.parcours(parcours_id).statut is Statut.EN_COURS


def test_un_ecrivain_concurrent_qui_avait_nomme_sa_version_la_voit_perimee(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    lu = app.parcours(parcours_id)  # at version 1, as the caller read it
    app.informer_droits_devoirs(app.parcours(parcours_id), par())

    with pytest.raises(VersionPerimee) as refus:
        app.informer_droits_devoirs(lu, par(version_attendue=1))

    assert (refus.value.attendue, refus.value.actuelle) == (1, 2)


def test_une_commande_partie_d_un_parcours_deja_charge_ne_perd_pas_une_ecriture_venue_entre_temps(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = parcours_sous_contrat(app, horloge)
    charge = app.parcours(parcours_id)  # as the API's access check loads it
    app.informer_droits_devoirs(app.parcours(parcours_id), par())  # another writer, in between

    with pytest.raises(EcritureConcurrente):
        app.informer_droits_devoirs(charge, par())

    assert noms(app, parcours_id).count("DroitsDevoirsInformes") == 1
    assert app.informer_droits_devoirs(app.parcours(parcours_id), par()).version == app.parcours(parcours_id).version
