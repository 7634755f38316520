"""Webhooks delivered to a real local receiver that verifies their signatures, on SQLite and PostgreSQL: in store
order per parcours, at least once with a stable webhook-id, retried, dead letters replayed, replays from a
position, and each subscriber reading only what its role reads."""

import base64
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest
from standardwebhooks import Webhook

from application.principal import Role
from application.rappels import RAPPELS
from domain.decision import Decision
from domain.parcours import Parcours
from domain.rappel import Rappel
from domain.regles.rappels import rappel_id
from domain.vocabulaire import Corbeille, Organisme, PalierRappel
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from infrastructure.webhooks.abonnements import StatutAbonnement, StatutLivraison, identifiant_de_message
from infrastructure.webhooks.execution import webhooks_pour
from infrastructure.webhooks.expediteur import attente
from infrastructure.webhooks.magasin import CurseurDeplace
from tests.support.horloge import HorlogeDeTest
from tests.webhooks.banc import REGLAGES_RAPIDES, Banc
from tests.webhooks.recepteur import Recepteur, Recu, recepteur_local


@pytest.fixture
def banc(reglages_persistants: Reglages, horloge: HorlogeDeTest) -> Iterator[Banc]:
    reglages = reglages_persistants.model_copy(update=REGLAGES_RAPIDES)
    migrer(reglages)
    application = construire_application(reglages, horloge)
    banc = Banc(application, webhooks_pour(reglages), reglages)
    yield banc
    banc.fermer()
    application.close()


@pytest.fixture
def recepteur() -> Iterator[Recepteur]:
    with recepteur_local() as recepteur:
        yield recepteur


def par_parcours(recus: list[Recu]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = defaultdict(list)
    for recu in recus:
        positions[recu.charge["data"]["parcours_id"]].append(recu.charge["data"]["position"])
    return positions


def test_chaque_changement_part_signe_une_fois_dans_l_ordre_du_journal(banc: Banc, recepteur: Recepteur) -> None:
    # given a subscriber of France Travail, and two parcours written in turn
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    premier, second = banc.parcours_suivi_par_la_mission_locale(), banc.parcours_suivi_par_la_mission_locale()
    fin = banc.application.recorder.max_notification_id() or 0

    # when the enqueuer and the sender run
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 6)

    # then every change arrived once, verified, in store order per parcours, as the Standard Webhooks structure
    assert recepteur.refuses == []
    positions = par_parcours(recepteur.acceptes)
    assert set(positions) == {str(premier), str(second)}
    assert all(p == sorted(p) and len(p) == 3 for p in positions.values())
    recu = recepteur.acceptes[0]
    assert recu.webhook_id == identifiant_de_message(abonnement.id, recu.charge["data"]["position"])
    assert set(recu.charge) == {"type", "timestamp", "data"}
    assert recu.charge["type"] == recu.charge["data"]["type"] == "Inscrit"
    assert recu.charge["data"]["version"] == 1
    assert max(r.charge["data"]["position"] for r in recepteur.acceptes) <= fin
    journal = banc.magasin.journal(abonnement.id)
    assert [(x.statut, x.tentatives, x.dernier_statut_http) for x in journal] == [(StatutLivraison.LIVREE, 1, 200)] * 6


def test_une_page_relue_ne_change_rien(banc: Banc, recepteur: Recepteur) -> None:
    abonnement, _ = banc.abonner(recepteur.url, types=[Parcours.Oriente])
    banc.parcours_suivi_par_la_mission_locale()
    banc.enfileur.rattraper()
    position = banc.magasin.position_du_fil()

    # when the same page is offered again, by a restarted or a second enqueuer
    with pytest.raises(CurseurDeplace):
        banc.magasin.avancer_le_fil(0, position, [], 0.0)
    assert banc.enfileur.rattraper() == 0

    # then the subscription has one delivery, of the one type it asked for
    assert [x.type for x in banc.magasin.journal(abonnement.id)] == ["Oriente"]


def test_un_refus_est_reessaye_avec_le_meme_webhook_id_et_retient_la_suite_du_parcours(
    banc: Banc, recepteur: Recepteur
) -> None:
    # given a receiver that answers 500 to each message the first time
    vus: set[str] = set()

    def une_fois_sur_deux(webhook_id: str) -> int:
        premier = webhook_id not in vus
        vus.add(webhook_id)
        return 500 if premier else 200

    recepteur.reponse = une_fois_sur_deux
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    parcours = banc.parcours_suivi_par_la_mission_locale()

    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 3)

    # then each message came twice with its id, and the next one of the parcours only after its acceptance
    ids = [recu.webhook_id for recu in recepteur.recus]
    assert ids == [ids[0], ids[0], ids[2], ids[2], ids[4], ids[4]]
    assert par_parcours(recepteur.acceptes)[str(parcours)] == sorted(par_parcours(recepteur.acceptes)[str(parcours)])
    assert {(x.statut, x.tentatives) for x in banc.magasin.journal(abonnement.id)} == {(StatutLivraison.LIVREE, 2)}


def test_un_echec_permanent_devient_lettre_morte_la_suite_passe_et_le_rejeu_la_livre(
    banc: Banc, recepteur: Recepteur
) -> None:
    # given a receiver that refuses the first change of the parcours, whatever the attempt
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    banc.parcours_suivi_par_la_mission_locale()
    banc.enfileur.rattraper()
    premiere = banc.magasin.journal(abonnement.id)[0]
    recepteur.reponse = lambda webhook_id: 503 if webhook_id == premiere.webhook_id else 200

    # when every attempt fails
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 2)

    # then it is a dead letter after three attempts, and the later changes of its parcours went on
    (echec,) = banc.magasin.journal(abonnement.id, StatutLivraison.ECHEC)
    assert (echec.webhook_id, echec.tentatives, echec.dernier_statut_http) == (premiere.webhook_id, 3, 503)
    assert [r.webhook_id for r in recepteur.recus].count(premiere.webhook_id) == 3
    assert [r.charge["data"]["version"] for r in recepteur.acceptes] == [2, 3]  # the gap shows

    # when the receiver is fixed and an administrator replays the dead letter
    recepteur.reponse = lambda _id: 200
    assert banc.magasin.rejouer(abonnement.id, premiere.webhook_id, 0.0) == 1
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 3)

    # then it is delivered, with its id
    assert recepteur.acceptes[-1].webhook_id == premiere.webhook_id
    assert banc.magasin.journal(abonnement.id, StatutLivraison.ECHEC) == []


def test_rejouer_depuis_une_position_renvoie_les_changements_suivants_avec_leurs_ids(
    banc: Banc, recepteur: Recepteur
) -> None:
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    banc.parcours_suivi_par_la_mission_locale()
    banc.parcours_suivi_par_la_mission_locale()
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 6)
    premiers = {r.webhook_id: r.charge for r in recepteur.acceptes}
    depuis = sorted(r.charge["data"]["position"] for r in recepteur.acceptes)[2]

    # when the subscriber asks again for everything after a position
    rejeu = banc.magasin.demander_un_rejeu(abonnement.id, depuis)
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 9)

    # then the three later changes came again, with the same ids and payloads, in order per parcours
    rejoues = recepteur.acceptes[6:]
    assert sorted(r.charge["data"]["position"] for r in rejoues) == sorted(premiers[r.webhook_id]["data"]["position"]
                                                                           for r in rejoues)  # fmt: skip
    assert all(r.charge["data"]["position"] > depuis and premiers[r.webhook_id] == r.charge for r in rejoues)
    assert all(p == sorted(p) for p in par_parcours(rejoues).values())
    assert rejeu.jusqu_a == banc.magasin.position_du_fil()
    assert banc.magasin.rejeux() == []


def test_un_organisme_sans_role_ne_recoit_rien_et_ce_que_son_role_ne_lit_pas_part_masque(banc: Banc) -> None:
    with recepteur_local() as ft, recepteur_local() as ml, recepteur_local() as cd:
        # given France Travail, the mission locale and the département subscribed
        _, ft.secret = banc.abonner(ft.url)
        _, ml.secret = banc.abonner(ml.url, Organisme.MISSION_LOCALE)
        departement, cd.secret = banc.abonner(cd.url, Organisme.DEPARTEMENT, Role.AUTORITE_SANCTION)

        # when a parcours followed by the mission locale moves
        banc.parcours_suivi_par_la_mission_locale()
        banc.tourner_jusqu_a(lambda: len(ft.acceptes) == 3 and len(ml.acceptes) == 3)

        # then the département, which holds no role in it, receives nothing of it
        assert cd.recus == []
        assert banc.magasin.journal(departement.id) == []
        # France Travail sees that the rights and duties were told, not what the contract's part holds
        informes_ft = ft.acceptes[-1].charge["data"]
        informes_ml = ml.acceptes[-1].charge["data"]
        assert informes_ft["type"] == informes_ml["type"] == "DroitsDevoirsInformes"
        assert (informes_ft["masque"], informes_ft["donnees"], informes_ft["motif"]) == (True, {}, None)
        assert informes_ml["masque"] is False
        assert informes_ft["auteur"] == informes_ml["auteur"]


def test_un_abonnement_suspendu_retient_ses_envois_et_les_rend_dans_l_ordre_a_la_reprise(
    banc: Banc, recepteur: Recepteur
) -> None:
    abonnement, recepteur.secret = banc.abonner(recepteur.url)
    banc.magasin.changer_statut(abonnement.id, StatutAbonnement.SUSPENDU)
    banc.parcours_suivi_par_la_mission_locale()
    banc.tourner_jusqu_a(lambda: len(banc.magasin.journal(abonnement.id)) == 3)
    assert banc.expediteur.envoyer_les_dues() == 0
    assert recepteur.recus == []

    banc.magasin.changer_statut(abonnement.id, StatutAbonnement.ACTIF)
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 3)

    assert [r.charge["data"]["version"] for r in recepteur.acceptes] == [1, 2, 3]


def test_un_abonnement_ne_recoit_que_les_changements_posterieurs_a_sa_creation(
    banc: Banc, recepteur: Recepteur
) -> None:
    banc.parcours_suivi_par_la_mission_locale()
    fin = banc.application.recorder.max_notification_id() or 0
    abonnement, recepteur.secret = banc.abonner(recepteur.url, depuis=fin)
    parcours = banc.parcours_suivi_par_la_mission_locale()

    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 3)

    assert set(par_parcours(recepteur.acceptes)) == {str(parcours)}
    assert all(x.position > fin for x in banc.magasin.journal(abonnement.id))


def test_le_recepteur_refuse_une_signature_falsifiee(recepteur: Recepteur) -> None:
    # given the subscriber's secret, and a body signed with another
    recepteur.secret = "whsec_" + base64.b64encode(b"le secret de l'abonne, 24 o").decode()
    corps = b'{"type":"Inscrit","timestamp":"2025-06-02T12:00:00Z","data":{}}'
    maintenant = datetime.now(UTC)
    faux = Webhook(b"un autre secret que le sien").sign("msg_faux", maintenant, corps)
    entetes = {"webhook-id": "msg_faux", "webhook-timestamp": str(int(maintenant.timestamp()))}

    # when it is posted
    reponse = httpx.post(recepteur.url, content=corps, headers={**entetes, "webhook-signature": faux})

    # then the receiver refuses it
    assert reponse.status_code == 401
    assert recepteur.recus == []
    assert recepteur.refuses == ["No matching signature found"]


def test_l_attente_double_a_chaque_echec_avec_son_alea_et_son_plafond() -> None:
    assert [attente(n, 30, 600, alea=lambda: 1.0) for n in (1, 2, 3, 6, 12)] == [30, 60, 120, 600, 600]
    assert attente(3, 30, 600, alea=lambda: 0.0) == 60


def test_un_rappel_d_echeance_part_aux_organismes_du_parcours_et_a_nul_autre(banc: Banc, recepteur: Recepteur) -> None:
    # given: the mission locale and the département subscribe to reminders; a reminder on a parcours the
    # mission locale is the référent organisme of, where the département holds no role
    mission_locale, recepteur.secret = banc.abonner(
        recepteur.url, organisme=Organisme.MISSION_LOCALE, types=[Rappel.EcheanceRappelee]
    )
    departement, _ = banc.abonner(recepteur.url, organisme=Organisme.DEPARTEMENT, types=[Rappel.EcheanceRappelee])
    parcours_id = banc.parcours_suivi_par_la_mission_locale()
    echeance = date(2025, 7, 1)
    identifiant = rappel_id(parcours_id, Corbeille.CONTRAT_A_SIGNER, "-", echeance, PalierRappel.PROCHE)
    decision = Decision(auteur=RAPPELS, effective_le=banc.application.horloge())
    banc.application.save(
        Rappel.donner(
            identifiant, parcours_id, Corbeille.CONTRAT_A_SIGNER, "-", echeance, PalierRappel.PROCHE, decision
        )
    )

    # when: the enqueuer and the sender run
    banc.tourner_jusqu_a(lambda: len(recepteur.acceptes) == 1)

    # then: the mission locale received it, as a change of the parcours with no version; the département nothing
    (recu,) = recepteur.acceptes
    assert recu.charge["type"] == "EcheanceRappelee"
    assert (recu.charge["data"]["parcours_id"], recu.charge["data"]["version"]) == (str(parcours_id), None)
    assert recu.charge["data"]["donnees"]["palier"] == "proche"
    assert [x.version for x in banc.magasin.journal(mission_locale.id)] == [0]
    assert banc.magasin.journal(departement.id) == []
