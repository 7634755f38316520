"""Business time through the application, on every store: the late-entry mark is stored and read back,
events and snapshots written before it still load, and what no store could hold is refused before
anything is written (DESIGN §1.7, §1.8)."""

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from application.parcours import ParcoursApplication
from domain.parcours import Parcours
from domain.regles.temps import DateMetierFuture
from domain.valeur import ValeurInvalide
from domain.vocabulaire import TypeManquement
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest


def test_une_etape_saisie_en_retard_est_relue_avec_son_retard(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    horloge.aller_au(date(2025, 6, 20))

    app.informer_droits_devoirs(app.parcours(parcours_id), par(jour=date(2025, 6, 4)))

    informe: Any = app.historique(parcours_id)[-1]
    assert (informe.decision.saisie_tardive_jours, informe.decision.effective_le) == (16, faits.le(date(2025, 6, 4)))
    assert informe.timestamp == horloge.instant


def test_une_date_metier_en_avance_sur_l_horloge_n_enregistre_rien(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    position = app.recorder.max_notification_id()

    with pytest.raises(DateMetierFuture):
        app.informer_droits_devoirs(app.parcours(parcours_id), par(jour=date(2025, 6, 13)))
    with pytest.raises(DateMetierFuture):
        app.inscrire(par(jour=horloge.instant.date() + timedelta(days=1)), faits.inscription())

    assert app.recorder.max_notification_id() == position


def test_un_evenement_ecrit_avant_le_retard_de_saisie_se_relit_sans_retard(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    (stocke,) = app.recorder.select_events(parcours_id)
    etat = json.loads(stocke.state)
    del etat["decision"]["_data_"]["saisie_tardive_jours"]  # as the previous version wrote it
    ancien = replace(stocke, state=json.dumps(etat).encode())

    relu: Any = app.mapper.to_domain_event(ancien)

    assert "saisie_tardive_jours" not in ancien.state.decode()
    assert (relu.decision.saisie_tardive_jours, relu.decision.saisie_tardive) == (0, False)
    actuel: Any = app.mapper.to_domain_event(stocke)
    assert relu.decision.effective_le == actuel.decision.effective_le


def test_un_evenement_stocke_avec_un_caractere_de_controle_se_relit_encore(app: ParcoursApplication) -> None:
    """Stored before the limit existed (events are never rewritten): it loads, shape checked only."""
    parcours_id = app.inscrire(par(motif="motif"), faits.inscription()).parcours_id
    (stocke,) = app.recorder.select_events(parcours_id)
    ancien = replace(stocke, state=stocke.state.replace(b'"motif":"motif"', b'"motif":"mo\\u0000tif"'))

    relu: Any = app.mapper.to_domain_event(ancien)

    assert relu.decision.motif == "mo\x00tif"


def test_un_instantane_pris_avant_les_dates_metier_se_relit_et_le_parcours_continue(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    instantane = Parcours.Snapshot.take(app.parcours(parcours_id))
    etat = {k: v for k, v in instantane.state.items() if k not in ("effets", "class_version")}  # version 1
    ancien = app.mapper.to_stored_event(replace(instantane, state=etat))

    relu_instantane: Any = app.mapper.to_domain_event(ancien)
    relu = relu_instantane.mutate(None)

    assert isinstance(relu, Parcours)
    assert relu.effets == {}
    relu.informer_droits_devoirs(faits.decision(jour=date(2025, 6, 2)))
    assert relu.droits_devoirs_informes


@pytest.mark.parametrize(
    ("motif", "champ"),
    [("a\x00b", "motif"), ("a\x1bb", "motif"), ("a\ud800b", "motif"), ("a\x85b", "motif")],
    ids=["nul", "echappement", "demi-substitut", "c1"],
)
def test_un_texte_avec_un_caractere_de_controle_est_refuse_avant_tout_enregistrement(
    app: ParcoursApplication, motif: str, champ: str
) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    position = app.recorder.max_notification_id()

    with pytest.raises(ValeurInvalide, match=f"^{champ} : caractère de contrôle"):
        app.informer_droits_devoirs(app.parcours(parcours_id), par(motif=motif))

    assert app.recorder.max_notification_id() == position


def test_un_identifiant_avec_un_caractere_de_controle_est_refuse_par_l_agregat(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
    position = app.recorder.max_notification_id()

    with pytest.raises(ValeurInvalide, match="caractère de contrôle U\\+0000"):
        app.constater_manquement(
            app.parcours(parcours_id), par(), faits.manquement(TypeManquement.CONTRAT), manquement_id="m\x001"
        )
    with pytest.raises(ValeurInvalide, match="corrections"):
        app.rectifier(app.parcours(parcours_id), par(motif="erreur"), 1, {"canal\x00": "guichet"})

    assert app.recorder.max_notification_id() == position


def test_une_tabulation_et_un_saut_de_ligne_sont_admis_dans_un_texte_libre(app: ParcoursApplication) -> None:
    parcours_id = app.inscrire(par(), faits.inscription()).parcours_id

    app.informer_droits_devoirs(app.parcours(parcours_id), par(motif="ligne 1\n\tligne 2"))

    informe: Any = app.historique(parcours_id)[-1]
    assert informe.decision.motif == "ligne 1\n\tligne 2"
