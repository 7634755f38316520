"""The dossier view as a pure fold: given events, then the row."""

from datetime import date
from typing import Any

from domain.vocabulaire import IssueRecours, MotifInscription
from projections.dossier import Dossier, LigneDossier
from projections.vue import plier as plier_vue
from tests.support.scenario import (
    ORIENTE_ET_NOTIFIE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    given,
    inscrit,
    recours_introduit,
    recours_tranche,
    referent_designe,
    transfere,
)


def plier(evenements: list[Any]) -> LigneDossier | None:
    ligne: LigneDossier | None = plier_vue(Dossier(), evenements)
    return ligne


def test_l_inscription_cree_la_ligne_avec_l_organisme_qui_oriente() -> None:
    ligne = plier(given(inscrit(MotifInscription.DEMANDE_RSA)).passe)

    assert ligne is not None
    assert (ligne.statut, ligne.departement, ligne.organisme, ligne.version) == ("en_cours", "75", "DEPARTEMENT", 1)
    assert ligne.dernier_evenement == "Inscrit"


def test_la_notification_fixe_l_echeance_du_contrat_que_la_signature_leve() -> None:
    notifie = plier(given(*ORIENTE_ET_NOTIFIE).passe)
    sous_contrat = plier(given(*SOUS_CONTRAT).passe)

    assert notifie is not None
    assert (notifie.organisme, notifie.type_parcours) == ("FRANCE_TRAVAIL", "EMPLOI")
    assert notifie.date_limite_contrat == date(2025, 7, 3)
    assert sous_contrat is not None
    assert (sous_contrat.date_limite_contrat, sous_contrat.contrat_version, sous_contrat.heures_hebdo) == (None, 1, 15)


def test_une_procedure_reste_en_cours_jusqu_a_la_decision() -> None:
    passe = given(*SANCTION_NOTIFIEE).passe
    ouverte = plier(passe[: next(i for i, e in enumerate(passe) if type(e).__name__ == "ContradictoireOuvert") + 1])
    decidee = plier(passe)

    assert ouverte is not None
    assert ouverte.procedures_en_cours == ("s1",)
    assert decidee is not None
    assert decidee.procedures_en_cours == ()


def test_la_radiation_clot_le_dossier_et_son_annulation_la_leve() -> None:
    radie = plier(given(*RADIE).passe)
    recours = recours_introduit("s2", jour=date(2025, 8, 25))
    annulee = plier(given(*RADIE, recours, recours_tranche("s2", issue=IssueRecours.ANNULATION)).passe)

    assert radie is not None
    assert (radie.statut, radie.radie_jusqu_au, radie.radiation_procedure) == ("sorti", date(2025, 12, 20), "s2")
    assert annulee is not None
    assert (annulee.radie_jusqu_au, annulee.radiation_procedure) == (None, None)


def test_la_version_suit_le_dernier_evenement() -> None:
    passe = given(*SOUS_CONTRAT).passe
    ligne = plier(passe)

    assert ligne is not None
    assert ligne.version == passe[-1].originator_version
    assert ligne.dernier_evenement == type(passe[-1]).__name__


def test_apres_un_demenagement_le_dossier_est_suivi_dans_le_nouveau_departement_sans_referent() -> None:
    avant = plier(given(*SOUS_CONTRAT, referent_designe()).passe)
    apres = plier(given(*SOUS_CONTRAT, referent_designe(), transfere("13")).passe)

    assert avant is not None
    assert apres is not None
    assert (avant.departement, avant.referent) == ("75", "agent-42")
    assert (apres.departement, apres.referent, apres.dernier_evenement) == ("13", None, "Transfere")
