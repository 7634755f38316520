"""Worklists: the fold opens, dates and closes entries; the storage lists them by due date, in scope, by pages."""

from datetime import date
from typing import Any
from uuid import UUID

from application.parcours import ParcoursApplication
from domain.vocabulaire import Allocation, IssueRecours, ModeOrientation, MotifInscription
from infrastructure.reglages import Reglages
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles, Entree, LigneCorbeilles
from projections.projecteur import Projecteur
from projections.stockage import Perimetre, RequeteListe
from projections.vue import plier as plier_vue
from tests.support import faits
from tests.support.demandes import agent, par
from tests.support.horloge import HorlogeDeTest
from tests.support.scenario import (
    DELAI_ECOULE,
    ORIENTE_ET_NOTIFIE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    droits_rsa_ouverts,
    explication_communiquee,
    explication_demandee,
    given,
    inscrit,
    manquement_constate,
    notifie,
    oriente,
    recours_introduit,
    recours_tranche,
    referent_designe,
    reorientation_demandee,
    reoriente,
    situation_reexaminee,
    sorti,
    transfere,
)


def plier(evenements: list[Any]) -> LigneCorbeilles | None:
    ligne: LigneCorbeilles | None = plier_vue(Corbeilles(), evenements)
    return ligne


def listes(evenements: list[Any]) -> dict[tuple[str, str], Entree]:
    ligne = plier(evenements)
    assert ligne is not None
    return {(e.liste, e.objet): e for e in ligne.entrees}


def test_un_inscrit_attend_son_orientation() -> None:
    assert listes(given(inscrit()).passe) == {("a_orienter", "-"): Entree("a_orienter", "-", date(2025, 6, 2))}


def test_un_demenagement_porte_les_entrees_aux_corbeilles_du_nouveau_departement() -> None:
    avant = plier(given(*ORIENTE_ET_NOTIFIE, referent_designe()).passe)
    apres = plier(given(*ORIENTE_ET_NOTIFIE, referent_designe(), transfere("13")).passe)

    assert avant is not None
    assert apres is not None
    assert (apres.departement, apres.referent, apres.entrees) == ("13", None, avant.entrees)
    assert (avant.departement, avant.referent) == ("75", "agent-42")


def test_l_orientation_notifiee_ouvre_le_contrat_a_signer_dans_le_mois_et_le_diagnostic() -> None:
    entrees = listes(given(*ORIENTE_ET_NOTIFIE).passe)

    assert set(entrees) == {("contrat_a_signer", "-"), ("a_diagnostiquer", "-")}
    assert entrees[("contrat_a_signer", "-")].echeance == date(2025, 7, 3)


def test_le_diagnostic_et_la_signature_vident_les_listes() -> None:
    assert listes(given(*SOUS_CONTRAT).passe) == {}


def test_le_contradictoire_est_du_a_la_fin_du_delai_puis_sort_de_la_liste_a_la_decision() -> None:
    en_cours = listes(given(*DELAI_ECOULE).passe)
    decide = listes(given(*SANCTION_NOTIFIEE).passe)

    assert en_cours[("contradictoire", "s1")].echeance == date(2025, 7, 11)
    assert ("contradictoire", "s1") not in decide


def test_un_recours_reste_en_attente_apres_la_radiation_jusqu_a_sa_decision() -> None:
    en_attente = listes(given(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1))).passe)
    tranche = listes(
        given(
            *RADIE, recours_introduit("s2", jour=date(2025, 9, 1)), recours_tranche("s2", issue=IssueRecours.REJET)
        ).passe
    )

    assert set(en_attente) == {("recours", "r1")}
    assert en_attente[("recours", "r1")].depuis == date(2025, 9, 1)
    assert en_attente[("recours", "r1")].echeance == date(2025, 11, 1)  # two months of silence reject it
    assert tranche == {}


def test_une_explication_demandee_est_due_dans_le_mois_survit_a_la_sortie_et_sort_a_sa_communication() -> None:
    apres_sortie = listes(given(*SOUS_CONTRAT, explication_demandee(), sorti()).passe)
    repondue = listes(given(*SOUS_CONTRAT, explication_demandee(), explication_communiquee()).passe)

    assert apres_sortie == {
        ("explication", "e1"): Entree("explication", "e1", date(2025, 6, 20), echeance=date(2025, 7, 20))
    }
    assert repondue == {}


def test_l_index_porte_le_contexte_des_filtres() -> None:
    ligne = plier(given(*ORIENTE_ET_NOTIFIE).passe)
    assert ligne is not None

    index = Corbeilles.index(ligne)

    assert index == [
        (
            "contrat_a_signer",
            "-",
            date(2025, 6, 3),
            date(2025, 7, 3),
            "FRANCE_TRAVAIL",
            "75",
            None,
            "FRANCE_TRAVAIL",
            date.min,
        ),
        ("a_diagnostiquer", "-", date(2025, 6, 3), None, "FRANCE_TRAVAIL", "75", None, "FRANCE_TRAVAIL", date.min),
    ]


def test_l_entree_d_un_beneficiaire_du_rsa_est_vue_du_pcd_et_de_france_travail_six_semaines_apres_l_information() -> (
    None
):
    # given: an RSA beneficiary registered by the CAF flow, the PCD informed on 2 June
    ligne = plier(given(inscrit(MotifInscription.DEMANDE_RSA), droits_rsa_ouverts(informe_le=date(2025, 6, 2))).passe)
    assert ligne is not None

    # when: the entries are indexed
    index = Corbeilles.index(ligne)

    # then: the PCD sees it at once, due six weeks after the information; France Travail from then on
    assert {(e[0], e[3], e[7], e[8]) for e in index} == {
        ("a_orienter", date(2025, 7, 14), "DEPARTEMENT", date.min),
        ("a_orienter", date(2025, 7, 14), "FRANCE_TRAVAIL", date(2025, 7, 14)),
    }


def test_un_manquement_sur_le_rsa_donne_au_pcd_la_vue_du_parcours_suivi_par_france_travail() -> None:
    # given: a person followed by France Travail, under contract
    avant = plier(given(*SOUS_CONTRAT).passe)
    # when: a breach is found about the RSA
    apres = plier(given(*SOUS_CONTRAT, manquement_constate(allocation=Allocation.RSA)).passe)

    # then: the PCD, the RSA's funder and its sanction authority, sees the parcours' entries too (CASF L.262-37)
    assert avant is not None
    assert apres is not None
    assert set(avant.acces()) == {"FRANCE_TRAVAIL"}
    assert set(apres.acces()) == {"FRANCE_TRAVAIL", "DEPARTEMENT"}


def notifier(app: ParcoursApplication, departement: str, notification: date) -> UUID:
    inscription = faits.inscription()
    inscription = type(inscription)(inscription.motif, inscription.canal, type(inscription.territoire)(departement))
    france_travail = par(agent(departement=departement), jour=notification)
    parcours_id = app.inscrire(france_travail, inscription).parcours_id
    app.orienter(app.parcours(parcours_id), france_travail, faits.EMPLOI_FT, ModeOrientation.AGENT)
    app.notifier_orientation(app.parcours(parcours_id), france_travail)
    return parcours_id


def test_une_liste_se_lit_par_echeance_dans_le_perimetre_et_par_pages(
    reglages_persistants: Reglages, app_persistante: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(date(2025, 6, 20))  # each parcours is then typed in on or after its business days
    tardif = notifier(app_persistante, "75", date(2025, 6, 20))
    urgent = notifier(app_persistante, "75", date(2025, 6, 1))
    moyen = notifier(app_persistante, "75", date(2025, 6, 10))
    marseille = notifier(app_persistante, "13", date(2025, 5, 1))  # another territory: out of scope
    projecteur = Projecteur(
        app_persistante, Corbeilles(), stockage_pour(reglages_persistants, app_persistante, Corbeilles())
    )
    projecteur.rattraper()
    perimetre = Perimetre(organisme="FRANCE_TRAVAIL", departement="75", referent="agent-42")

    premiere = projecteur.stockage.lister(RequeteListe("contrat_a_signer", perimetre, limite=2))
    dernier = premiere[-1]
    apres = (dernier["echeance"], dernier["parcours_id"], dernier["objet"])
    suite = projecteur.stockage.lister(RequeteListe("contrat_a_signer", perimetre, apres=apres, limite=2))

    assert [e["parcours_id"] for e in premiere] == [str(urgent), str(moyen)]
    assert [e["echeance"] for e in premiere] == ["2025-07-01", "2025-07-10"]
    assert [e["parcours_id"] for e in suite] == [str(tardif)]
    assert len(projecteur.stockage.lister(RequeteListe("contrat_a_signer"))) == 4
    avant = projecteur.stockage.lister(RequeteListe("contrat_a_signer", echeance_avant=date(2025, 7, 10)))
    assert [e["parcours_id"] for e in avant] == [str(p) for p in (marseille, urgent, moyen)]
    a_marseille = projecteur.stockage.lister(RequeteListe("contrat_a_signer", departement="13"))
    assert [e["parcours_id"] for e in a_marseille] == [str(marseille)]


# --- the review of an RSA beneficiary's social path (CASF L.262-31) -----------------------------------


def test_le_beneficiaire_du_rsa_oriente_vers_un_parcours_social_est_a_reexaminer_dans_les_six_mois() -> None:
    social = listes(given(inscrit(MotifInscription.DEMANDE_RSA), oriente(faits.SOCIAL_DEPARTEMENT)).passe)
    reoriente_vers_l_emploi = listes(
        given(
            inscrit(MotifInscription.DEMANDE_RSA),
            oriente(faits.SOCIAL_DEPARTEMENT),
            notifie(),
            reorientation_demandee(),
            reoriente(faits.EMPLOI_FT),
        ).passe
    )

    (reexamen,) = (entree for (liste, _), entree in social.items() if liste == "reexamen_rsa")
    assert (reexamen.depuis, reexamen.echeance) == (date(2025, 6, 2), date(2025, 12, 2))
    assert not any(liste == "reexamen_rsa" for liste, _ in reoriente_vers_l_emploi)


def test_hors_rsa_ou_vers_l_emploi_aucun_reexamen_n_est_du() -> None:
    sans_rsa = listes(given(inscrit(), oriente(faits.SOCIAL_DEPARTEMENT)).passe)
    vers_l_emploi = listes(given(inscrit(MotifInscription.DEMANDE_RSA), oriente()).passe)

    assert not any(liste == "reexamen_rsa" for liste, _ in [*sans_rsa, *vers_l_emploi])


def test_l_ouverture_des_droits_au_rsa_fait_du_parcours_celui_d_un_beneficiaire() -> None:
    entrees = listes(given(inscrit(), droits_rsa_ouverts(), oriente(faits.SOCIAL_DEPARTEMENT)).passe)

    assert any(liste == "reexamen_rsa" for liste, _ in entrees)


def test_le_reexamen_qui_maintient_le_parcours_social_reporte_l_echeance_sinon_la_ferme() -> None:
    oriente_social = (inscrit(MotifInscription.DEMANDE_RSA), oriente(faits.SOCIAL_DEPARTEMENT))
    maintenu = listes(given(*oriente_social, situation_reexaminee(True)).passe)
    a_reorienter = listes(given(*oriente_social, situation_reexaminee(False)).passe)

    assert maintenu[("reexamen_rsa", "-")].echeance == date(2026, 6, 2)
    assert ("reexamen_rsa", "-") not in a_reorienter
