"""Who may do and read what in a parcours, from each body's legal role (``domain.competence``; issue 19).

Given a parcours' facts (its situation on a day), when a caller asks, then the acts it may do and the
parts it may read: the table of the law's cases, then invariants over every situation."""

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.competence import (
    Acte,
    Delegation,
    Droits,
    Intervenant,
    Lecture,
    Qualite,
    Situation,
    Transfert,
    droits,
    roles,
)
from domain.inscription import Territoire
from domain.organe import Organe
from domain.regles.competence import ReexamenHorsParcoursSocialRsa, TransfertSansChangementDeDepartement
from domain.regles.parcours import ParcoursSorti
from domain.vocabulaire import Allocation, MotifInscription, Organisme
from tests.support import faits
from tests.support.scenario import SOUS_CONTRAT, inscrit, oriente, referent_designe, sorti
from tests.support.scenario import given as given_

PARCOURS = UUID("00000000-0000-4000-8000-0000000000aa")
SIX_SEMAINES = timedelta(weeks=6)
JOUR = date(2025, 9, 1)
FT, CD, ML, CAP = Organisme.FRANCE_TRAVAIL, Organisme.DEPARTEMENT, Organisme.MISSION_LOCALE, Organisme.CAP_EMPLOI


def situation(
    motif: MotifInscription = MotifInscription.DEMANDE,
    *,
    departement: str = "75",
    rsa: bool = False,
    informe_le: date | None = None,
    referent_organisme: Organisme | None = None,
    referent: str | None = None,
    allocations: frozenset[Allocation] = frozenset(),
    transferts: tuple[Transfert, ...] = (),
) -> Situation:
    return Situation(
        parcours_id=PARCOURS,
        departement=departement,
        motif=motif,
        rsa=rsa or motif in (MotifInscription.DEMANDE_RSA, MotifInscription.CONJOINT_RSA),
        rsa_informe_le=informe_le,
        organisme_referent=referent_organisme,
        referent=referent,
        allocations=allocations,
        transferts=transferts,
    )


def agent(organisme: Organisme, departement: str = "75", qualite: Qualite = Qualite.AGENT) -> Intervenant:
    return Intervenant(qualite, Organe(organisme, departement), f"{organisme.value}-{departement}")


def autorite(organisme: Organisme, departement: str = "75") -> Intervenant:
    return agent(organisme, departement, Qualite.AUTORITE)


def pour(qui: Intervenant, dans: Situation, le: date = JOUR, delegations: tuple[Delegation, ...] = ()) -> Droits:
    return droits(dans, roles(dans, le, SIX_SEMAINES, delegations), qui)


# --- the orientation decider (CT L.5411-5-1 II; CASF D.262-65-2) ---------------------------------


@pytest.mark.parametrize(
    ("motif", "decideur"),
    [
        (MotifInscription.DEMANDE, FT),
        (MotifInscription.DEMANDE_RSA, CD),
        (MotifInscription.CONJOINT_RSA, CD),
        (MotifInscription.SOLLICITATION_ML, ML),
        (MotifInscription.SOLLICITATION_CAP_EMPLOI, CAP),
    ],
)
def test_l_orientation_est_decidee_par_l_organisme_que_la_loi_designe_pour_le_public(
    motif: MotifInscription, decideur: Organisme
) -> None:
    parcours = situation(motif)

    qui_oriente = {o for o in Organisme if pour(agent(o), parcours).peut(Acte.ORIENTER)}

    assert qui_oriente == {decideur}


def test_un_beneficiaire_du_rsa_inscrit_comme_demandeur_est_oriente_par_le_pcd_pas_par_france_travail() -> None:
    parcours = situation(MotifInscription.DEMANDE, rsa=True)

    assert pour(agent(CD), parcours).peut(Acte.ORIENTER)
    assert not pour(agent(FT), parcours).peut(Acte.ORIENTER)


def test_france_travail_oriente_un_beneficiaire_du_rsa_six_semaines_apres_l_information_du_pcd() -> None:
    informe_le = date(2025, 6, 2)
    parcours = situation(MotifInscription.DEMANDE_RSA, informe_le=informe_le)

    veille = pour(agent(FT), parcours, le=informe_le + SIX_SEMAINES - timedelta(days=1))
    jour_dit = pour(agent(FT), parcours, le=informe_le + SIX_SEMAINES)

    assert not veille.peut(Acte.ORIENTER)
    assert jour_dit.peut(Acte.ORIENTER)
    assert "CASF D.262-65-2" in jour_dit.fondements
    assert pour(agent(CD), parcours, le=informe_le + SIX_SEMAINES).peut(Acte.ORIENTER)


def test_sans_information_sur_les_droits_le_delai_ne_court_pas_pour_france_travail() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, informe_le=None)

    assert not pour(agent(FT), parcours, le=date(2030, 1, 1)).peut(Acte.ORIENTER)


def test_une_delegation_en_vigueur_donne_l_orientation_au_delegataire_et_plus_apres_son_terme() -> None:
    convention = Delegation("75", Acte.ORIENTER, FT, date(2025, 1, 1), date(2025, 12, 31), "Convention CD75-FT 2025")
    parcours = situation(MotifInscription.DEMANDE_RSA)

    pendant = pour(agent(FT), parcours, le=date(2025, 6, 1), delegations=(convention,))
    apres = pour(agent(FT), parcours, le=date(2026, 1, 1), delegations=(convention,))
    ailleurs = pour(agent(FT, "93"), situation(MotifInscription.DEMANDE_RSA, departement="93"), le=date(2025, 6, 1))

    assert pendant.peut(Acte.ORIENTER)
    assert "Convention CD75-FT 2025" in pendant.fondements
    assert not apres.peut(Acte.ORIENTER)
    assert not ailleurs.peut(Acte.ORIENTER)


def test_une_delegation_d_accompagnement_fait_du_delegataire_un_organisme_referent_du_departement() -> None:
    convention = Delegation("75", Acte.ACCOMPAGNER, ML, date(2025, 1, 1), None, "Convention CD75-ML Paris")
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=CD)

    assert pour(agent(ML), parcours, delegations=(convention,)).peut(Acte.ACCOMPAGNER)
    assert not pour(agent(ML), parcours).peut(Acte.ACCOMPAGNER)


# --- the organisme référent and its référent (CT L.5411-5-1 IV, L.5411-6) -------------------------


def test_l_organisme_referent_accompagne_et_lit_tout_le_decideur_d_avant_n_accompagne_plus() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=FT)

    france_travail = pour(agent(FT), parcours)

    assert france_travail.peut(Acte.ACCOMPAGNER)
    assert france_travail.lectures == frozenset(Lecture)
    assert not pour(agent(CD), parcours).peut(Acte.ACCOMPAGNER)


def test_le_referent_designe_agit_comme_son_organisme_ou_que_son_jeton_le_place() -> None:
    parcours = situation(referent_organisme=FT, referent="agent-42")
    referent = Intervenant(Qualite.AGENT, Organe(FT, "92"), "agent-42")

    assert pour(referent, parcours).peut(Acte.ACCOMPAGNER)
    assert not pour(referent, parcours).peut(Acte.ORIENTER)


# --- the sanction authority: the funder of each allowance (CT L.5412-1; CASF L.262-37) ------------


def test_le_pcd_sanctionne_le_rsa_d_un_beneficiaire_oriente_vers_france_travail() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=FT)

    pcd = pour(autorite(CD), parcours)
    france_travail = pour(autorite(FT), parcours)

    assert pcd.voit
    assert pcd.peut(Acte.SANCTIONNER, Allocation.RSA)
    assert not france_travail.peut(Acte.SANCTIONNER, Allocation.RSA)


@pytest.mark.parametrize(
    ("allocation", "financeur"),
    [
        (Allocation.ARE, FT),
        (Allocation.ASS, FT),
        (Allocation.RSA, CD),
        (Allocation.ALLOCATION_CEJ, ML),
        (Allocation.ALLOCATION_PACEA, ML),
        (Allocation.AUCUNE, FT),
    ],
)
def test_seul_le_financeur_d_une_allocation_sanctionne_sur_elle_quel_que_soit_le_referent(
    allocation: Allocation, financeur: Organisme
) -> None:
    parcours = situation(MotifInscription.SOLLICITATION_ML, referent_organisme=ML, allocations=frozenset({allocation}))

    qui_sanctionne = {o for o in Organisme if pour(autorite(o), parcours).peut(Acte.SANCTIONNER, allocation)}

    assert qui_sanctionne == {financeur}


def test_l_autorite_du_financeur_lit_la_procedure_et_le_contrat_pas_le_diagnostic() -> None:
    parcours = situation(
        MotifInscription.SOLLICITATION_ML, referent_organisme=ML, allocations=frozenset({Allocation.ARE})
    )

    france_travail = pour(autorite(FT), parcours)

    assert france_travail.lectures == {Lecture.CADRE, Lecture.CONTRAT, Lecture.PROCEDURES}
    assert not france_travail.peut(Acte.ACCOMPAGNER)


# --- radiation (CT L.5412-1; CASF R.262-68) and the RSA reviews (CASF L.262-31) -------------------


def test_france_travail_radie_le_pcd_propose_la_radiation_d_un_beneficiaire_du_rsa() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=CD, allocations=frozenset({Allocation.RSA}))

    assert pour(agent(FT), parcours).peut(Acte.RADIER)
    assert not pour(agent(FT), parcours).peut(Acte.PROPOSER_RADIATION)
    assert pour(autorite(CD), parcours).peut(Acte.PROPOSER_RADIATION)
    assert not pour(autorite(CD), parcours).peut(Acte.RADIER)
    assert pour(agent(CD), parcours).peut(Acte.REEXAMINER)


def test_sans_rsa_ni_procedure_le_pcd_et_france_travail_n_ont_aucun_role_aupres_d_un_jeune_de_mission_locale() -> None:
    parcours = situation(MotifInscription.SOLLICITATION_ML, referent_organisme=ML)

    assert pour(agent(CD), parcours) == Droits()
    assert pour(agent(FT), parcours) == Droits()


# --- a move to another département: competence goes with the person -------------------------------


def test_apres_un_demenagement_les_anciens_organes_lisent_le_parcours_d_alors_et_ne_font_plus_rien() -> None:
    parcours = situation(
        MotifInscription.DEMANDE_RSA,
        departement="93",
        referent_organisme=CD,
        transferts=(Transfert("75", 12),),
    )

    ancien = pour(agent(CD, "75"), parcours)
    nouveau = pour(agent(CD, "93"), parcours)

    assert ancien.voit
    assert ancien.actes == frozenset()
    assert ancien.jusqu_a_version == 12
    assert nouveau.peut(Acte.ACCOMPAGNER)
    assert nouveau.peut(Acte.ORIENTER)
    assert nouveau.jusqu_a_version is None


# --- the person, auditors, partners, strangers -----------------------------------------------------


def test_la_personne_lit_tout_son_parcours_et_n_agit_qu_en_personne_rien_de_celui_d_une_autre() -> None:
    parcours = situation(referent_organisme=FT)
    elle = Intervenant(Qualite.PERSONNE, None, "personne-1", frozenset({PARCOURS}))
    une_autre = Intervenant(Qualite.PERSONNE, None, "personne-2", frozenset({UUID(int=7)}))

    assert pour(elle, parcours) == Droits(actes=frozenset({Acte.AGIR_EN_PERSONNE}), lectures=frozenset(Lecture))
    assert pour(une_autre, parcours) == Droits()


def test_l_auditeur_lit_tout_sans_agir_le_flux_caf_informe_sans_lire() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA)

    auditeur = pour(Intervenant(Qualite.CONTROLE), parcours)
    flux = pour(Intervenant(Qualite.PARTENAIRE, None, "flux-caf"), parcours)

    assert auditeur.lectures == frozenset(Lecture)
    assert auditeur.actes == frozenset()
    assert flux.actes == {Acte.INFORMER_DROITS_RSA}
    assert not flux.voit


def test_un_organe_d_un_autre_departement_n_a_aucun_droit() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=FT, allocations=frozenset({Allocation.RSA}))

    assert all(pour(agent(o, "13"), parcours) == Droits() for o in Organisme)


# --- invariants -----------------------------------------------------------------------------------

situations = st.builds(
    situation,
    st.sampled_from(MotifInscription),
    departement=st.sampled_from(["75", "93"]),
    rsa=st.booleans(),
    informe_le=st.none() | st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    referent_organisme=st.none() | st.sampled_from(Organisme),
    referent=st.none() | st.sampled_from(["agent-42", "agent-7"]),
    allocations=st.frozensets(st.sampled_from(Allocation)),
    transferts=st.lists(st.builds(Transfert, st.sampled_from(["13", "75"]), st.integers(1, 40)), max_size=1).map(tuple),
)
intervenants = st.builds(
    Intervenant,
    st.sampled_from([Qualite.AGENT, Qualite.AUTORITE]),
    st.builds(Organe, st.sampled_from(Organisme), st.sampled_from(["13", "75", "93"])),
    st.sampled_from(["agent-42", "agent-9"]),
)


@given(situations, intervenants, st.dates(date(2025, 1, 1), date(2026, 12, 31)))
def test_un_organe_qui_peut_un_acte_voit_le_parcours_et_un_ancien_organe_ne_peut_rien(
    parcours: Situation, qui: Intervenant, le: date
) -> None:
    permis = pour(qui, parcours, le=le)

    assert not permis.actes or permis.voit
    assert permis.jusqu_a_version is None or not permis.actes
    assert permis.allocations <= (parcours.allocations | ({Allocation.RSA} if parcours.rsa else set()))


@given(situations, st.dates(date(2025, 1, 1), date(2026, 12, 31)))
def test_chaque_parcours_a_un_decideur_d_orientation_et_un_organisme_en_charge_dans_son_departement(
    parcours: Situation, le: date
) -> None:
    dans_le_departement = [a for a in roles(parcours, le, SIX_SEMAINES) if a.jusqu_a_version is None]

    assert all(a.organe.departement == parcours.departement for a in dans_le_departement)
    assert any(
        pour(agent(a.organe.organisme, parcours.departement), parcours, le).peut(Acte.ORIENTER)
        for a in dans_le_departement
    )
    assert any(
        pour(agent(a.organe.organisme, parcours.departement), parcours, le).peut(Acte.ACCOMPAGNER)
        for a in dans_le_departement
    )


# --- a breach found about an allowance seizes its funder's authority (CT L.5412-1; CASF L.262-37) -----


def test_le_manquement_constate_sur_une_allocation_en_saisit_l_autorite_de_sanction() -> None:
    sur_l_are = replace(faits.manquement(), allocation=Allocation.ARE)
    scenario = given_(*SOUS_CONTRAT)

    scenario.when(lambda p: p.constater_manquement("m9", sur_l_are, faits.decision(jour=date(2025, 6, 20)))).then(
        "ManquementConstate"
    )

    assert scenario.parcours.situation.allocations == {Allocation.ARE}
    assert given_(*SOUS_CONTRAT).parcours.situation.allocations == frozenset()


def test_le_demenagement_confie_le_parcours_au_nouveau_departement_et_oublie_le_referent_nomme() -> None:
    scenario = given_(*SOUS_CONTRAT, referent_designe())

    (transfere_,) = scenario.when(lambda p: p.transferer(Territoire("13"), faits.decision(jour=date(2025, 7, 1)))).then(
        "Transfere"
    )

    parcours = scenario.parcours.situation
    assert (parcours.departement, parcours.referent) == ("13", None)
    assert parcours.transferts == (Transfert("75", transfere_.originator_version),)
    assert pour(agent(FT, "13"), parcours).peut(Acte.ACCOMPAGNER)
    assert pour(agent(FT, "75"), parcours).jusqu_a_version == transfere_.originator_version


def test_la_reinscription_dans_un_autre_departement_est_un_demenagement() -> None:
    scenario = given_(*SOUS_CONTRAT, sorti())
    a_marseille = replace(faits.inscription(), territoire=Territoire("13"))

    (transfere_, _) = scenario.when(lambda p: p.rouvrir(a_marseille, faits.decision(jour=date(2025, 9, 1)))).then(
        "Transfere", "Reouvert"
    )

    parcours = scenario.parcours.situation
    assert parcours.departement == "13"
    assert parcours.transferts == (Transfert("75", transfere_.originator_version),)
    assert pour(agent(FT, "75"), parcours).jusqu_a_version == transfere_.originator_version
    assert pour(agent(FT, "13"), parcours).peut(Acte.ACCOMPAGNER)


def test_la_reinscription_dans_le_meme_departement_ne_demenage_pas() -> None:
    scenario = given_(*SOUS_CONTRAT, sorti())

    scenario.when(lambda p: p.rouvrir(faits.inscription(), faits.decision(jour=date(2025, 9, 1)))).then("Reouvert")

    assert scenario.parcours.situation.transferts == ()


def test_un_transfert_va_vers_un_autre_departement() -> None:
    given_(*SOUS_CONTRAT).when(
        lambda p: p.transferer(Territoire("75", "Paris"), faits.decision(jour=date(2025, 7, 1)))
    ).raises(TransfertSansChangementDeDepartement)


def test_un_parcours_clos_ne_se_transfere_pas() -> None:
    given_(*SOUS_CONTRAT, sorti()).when(
        lambda p: p.transferer(Territoire("13"), faits.decision(jour=date(2025, 7, 20)))
    ).raises(ParcoursSorti)


# --- the review of an RSA beneficiary's social path (CASF L.262-31) ---------------------------------


def test_le_reexamen_qui_maintient_le_parcours_social_fixe_le_prochain_six_mois_plus_tard() -> None:
    (reexamine,) = (
        given_(inscrit(MotifInscription.DEMANDE_RSA), oriente(faits.SOCIAL_DEPARTEMENT))
        .when(lambda p: p.reexaminer_situation(True, faits.decision_autorite(date(2025, 12, 2)), faits.P))
        .then("SituationReexaminee")
    )

    assert (reexamine.maintenu, reexamine.prochain_reexamen_le) == (True, date(2026, 6, 2))
    assert "CASF L.262-31" in reexamine.decision.fondement.articles


def test_le_reexamen_est_celui_d_un_beneficiaire_du_rsa_en_parcours_social() -> None:
    given_(inscrit(), oriente(faits.SOCIAL_DEPARTEMENT)).when(
        lambda p: p.reexaminer_situation(True, faits.decision_autorite(date(2025, 12, 2)), faits.P)
    ).raises(ReexamenHorsParcoursSocialRsa)
    given_(inscrit(MotifInscription.DEMANDE_RSA), oriente()).when(
        lambda p: p.reexaminer_situation(False, faits.decision_autorite(date(2025, 12, 2)), faits.P)
    ).raises(ReexamenHorsParcoursSocialRsa)


def test_seul_le_pcd_reexamine() -> None:
    parcours = situation(MotifInscription.DEMANDE_RSA, referent_organisme=FT)

    assert pour(agent(CD), parcours).peut(Acte.REEXAMINER)
    assert not pour(agent(FT), parcours).peut(Acte.REEXAMINER)
