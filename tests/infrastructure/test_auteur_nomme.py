"""The author named by first name, name and capacity (CRPA L.212-1), from the token to what is printed: the claims
read, the author stored only as it always was when unnamed, the litigation file and the letters naming the agent in
words and no longer by their internal id — and, for a step that named nobody, the very bytes printed before."""

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from domain.decision import Auteur
from domain.organe import Organe
from domain.vocabulaire import Allocation, ModeOrientation, NatureCourrier, Organisme, TypeAuteur
from infrastructure.courriers import RedacteurPdf
from infrastructure.jetons import Revendications
from infrastructure.pdf import rendre_pdf
from infrastructure.pdf_lecture import qui
from infrastructure.transcodings import transcodings
from tests.infrastructure.test_courriers import rendu, sans_rien_d_interne
from tests.infrastructure.test_pdf import textes_des_pages
from tests.support import faits
from tests.support.courriers import a_rediger
from tests.support.export_exemple import export_exemple
from tests.support.scenario import (
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    P,
    _pas,
    avis_receptionne,
    contradictoire_ouvert,
    given,
    inscrit,
    manquement_constate,
    notifie,
    propose,
)

MARIE = replace(faits.CONSEILLER, nom="Marie Dupont", qualite="conseillère en insertion professionnelle")
DIRECTRICE = replace(faits.ELU_DEPARTEMENT, nom="Marie Dupont", qualite="directrice de l'insertion")
FT_59 = Organe(Organisme.FRANCE_TRAVAIL, "59")


def transcodeur() -> Any:
    app = ParcoursApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, transcodings=transcodings())
    return app.mapper.transcoder


# --- the token --------------------------------------------------------------------------------------------------


def test_les_revendications_d_identite_nomment_l_agent_dans_les_etapes_qu_il_enregistre() -> None:
    revendications = Revendications(
        sub="a123",
        role=Role.CONSEILLER,
        organisme=Organisme.FRANCE_TRAVAIL,
        territoire="59",
        given_name="Marie",
        family_name="Dupont",
        qualite="conseillère en insertion professionnelle",
    )

    auteur = revendications.principal().auteur()

    assert (auteur.nom, auteur.qualite) == ("Marie Dupont", "conseillère en insertion professionnelle")
    assert auteur.id == "a123"


def test_le_nom_d_usage_de_proconnect_l_emporte_sur_le_nom_de_famille() -> None:
    revendications = Revendications(
        sub="a123", role=Role.AUTORITE_SANCTION, given_name="Marie", family_name="Martin", usual_name="Dupont"
    )

    assert revendications.principal().nom == "Marie Dupont"


def test_le_nom_que_le_fournisseur_donne_d_une_personne_n_entre_pas_dans_ses_etapes() -> None:
    revendications = Revendications(sub="p1", role=Role.PERSONNE, given_name="Élise", family_name="Lefèvre")

    principal = revendications.principal()

    assert (principal.nom, principal.qualite) == (None, None)
    assert principal.auteur() == Auteur(type=TypeAuteur.PERSONNE, id="p1", role="personne")


def test_un_principal_nomme_hors_d_un_organe_ne_nomme_pas_l_auteur() -> None:
    partenaire = Principal("flux-caf", Role.PARTENAIRE, nom="Flux CAF", qualite="partenaire")

    assert (partenaire.auteur().nom, partenaire.auteur().qualite) == (None, None)


@pytest.mark.parametrize(
    "revendication",
    [{"given_name": "Marie\nDupont"}, {"family_name": " Dupont"}, {"usual_name": "D" * 101},
     {"qualite": "q" * 201}, {"qualite": "conseillère\u0085"}, {"family_name": ""}],
    ids=["saut-de-ligne", "espace-en-tete", "nom-trop-long", "qualite-trop-longue", "qualite-c1", "vide"],
)  # fmt: skip
def test_un_nom_ou_une_qualite_hors_bornes_est_refuse(revendication: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Revendications.model_validate({"sub": "a123", "role": "conseiller", **revendication})


def test_une_qualite_de_200_caracteres_est_admise() -> None:
    assert Revendications(sub="a123", role=Role.CONSEILLER, qualite="q" * 200).principal().qualite == "q" * 200


# --- what is stored ---------------------------------------------------------------------------------------------


def test_un_auteur_sans_nom_est_stocke_octet_pour_octet_comme_avant() -> None:
    stocke = transcodeur().encode(faits.CONSEILLER)

    assert stocke == (
        b'{"_type_":"valeur:Auteur","_data_":{"type":{"_type_":"enum:TypeAuteur","_data_":"conseiller"},'
        b'"id":"agent-42","organisme":"FT-75-012","role":"conseiller"}}'
    )


def test_un_auteur_nomme_est_stocke_avec_son_nom_et_sa_qualite_et_relu_tel_quel() -> None:
    t = transcodeur()

    stocke = t.encode(MARIE)

    assert b'"nom":"Marie Dupont"' in stocke
    assert "conseillère en insertion professionnelle" in stocke.decode()
    assert t.decode(stocke) == MARIE


def test_un_auteur_stocke_avant_ce_changement_se_relit_sans_nom() -> None:
    ancien = (
        b'{"_type_":"valeur:Auteur","_data_":{"type":{"_type_":"enum:TypeAuteur","_data_":"conseiller"},'
        b'"id":"agent-42","organisme":"FT-75-012","role":"conseiller"}}'
    )

    assert transcodeur().decode(ancien) == faits.CONSEILLER


# --- the litigation file ----------------------------------------------------------------------------------------


AUTEUR_EXPORTE = {"type": "conseiller", "id": "a123", "organisme": "FRANCE_TRAVAIL", "role": "conseiller"}
ORGANE_EXPORTE = {"organisme": "FRANCE_TRAVAIL", "departement": "59"}


def test_l_auteur_nomme_se_lit_nom_qualite_puis_son_organe_sans_son_identifiant() -> None:
    nomme = {**AUTEUR_EXPORTE, "organe": ORGANE_EXPORTE, "nom": "Marie Dupont", "qualite": MARIE.qualite}

    assert qui(nomme) == (
        "Marie Dupont, conseillère en insertion professionnelle (conseiller), France Travail, département 59"
    )
    assert qui({**AUTEUR_EXPORTE, "organe": ORGANE_EXPORTE}) == "a123, conseiller, France Travail, département 59"
    assert qui({**AUTEUR_EXPORTE, "organe": ORGANE_EXPORTE, "nom": None, "qualite": None}) == qui(
        {**AUTEUR_EXPORTE, "organe": ORGANE_EXPORTE}
    )


def test_le_dossier_de_preuve_nomme_l_agent_et_sa_qualite_et_non_son_identifiant() -> None:
    export = export_exemple(nombre_evenements=3)
    nomme = {**AUTEUR_EXPORTE, "organe": ORGANE_EXPORTE, "nom": "Marie Dupont", "qualite": MARIE.qualite}
    for evenement in export["evenements"]:
        evenement["auteur"] = nomme

    texte = " ".join(textes_des_pages(rendre_pdf(export)))

    assert (
        "Par : Marie Dupont, conseillère en insertion professionnelle (conseiller), France Travail, département 59"
        in texte
    )
    assert "a123" not in texte


def test_le_dossier_de_preuve_d_une_etape_sans_nom_reste_celui_d_avant() -> None:
    demandeur = Principal("a1", Role.CONSEILLER, Organisme.FRANCE_TRAVAIL, territoire="59")

    pdf = rendre_pdf(export_exemple(), demandeur)

    assert hashlib.sha256(pdf).hexdigest() == "4ec9ffcf1d24d0e7e4100dacd6bf9aa005cef66b82dabcbaf3aeb9173ebd36bc"


# --- the letters ------------------------------------------------------------------------------------------------


def sanction_rsa_decidee_par(auteur: Auteur) -> Any:
    d = faits.decision_autorite(date(2025, 7, 15), faits.PRESIDENT_DEPARTEMENT, auteur, faits.MOTIF_SANCTION)
    rsa = faits.suspension(allocation=Allocation.RSA)
    return _pas(d, lambda p, d: p.decider_sanction("s1", rsa, False, d, P))


def test_la_decision_de_sanction_est_signee_du_nom_et_de_la_qualite_de_son_auteur() -> None:
    rsa = faits.suspension(allocation=Allocation.RSA)
    evenements = given(
        *SOUS_CONTRAT,
        manquement_constate(),
        contradictoire_ouvert(envisagee=rsa),
        avis_receptionne(),
        sanction_rsa_decidee_par(DIRECTRICE),
    ).passe

    lu = rendu(evenements, NatureCourrier.DECISION_SANCTION, 10)

    assert (
        "Pour le président du conseil départemental et par délégation, Marie Dupont, directrice de l'insertion." in lu
    )
    assert "le service chargé de votre dossier" not in lu
    assert "pcd-75" not in lu
    sans_rien_d_interne(lu)


def test_la_decision_d_orientation_est_signee_de_la_conseillere_qui_l_a_prise() -> None:
    oriente = _pas(
        faits.decision(auteur=MARIE),
        lambda p, d: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, d),
    )
    evenements = given(inscrit(), propose(), oriente, notifie()).passe

    lu = rendu(evenements, NatureCourrier.DECISION_ORIENTATION, 3)

    assert "Pour France Travail et par délégation, Marie Dupont, conseillère en insertion professionnelle." in lu
    sans_rien_d_interne(lu)


def test_l_explication_nomme_l_agent_qui_a_decide_et_reste_signee_du_service() -> None:
    oriente = _pas(
        faits.decision(auteur=MARIE),
        lambda p, d: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, d),
    )
    evenements = given(inscrit(), propose(), oriente, notifie()).passe

    lu = rendu(evenements, NatureCourrier.EXPLICATION_ALGORITHMIQUE, 2)

    assert "un agent (Marie Dupont, conseillère en insertion professionnelle) a pris la décision" in lu
    assert "Pour France Travail, le service chargé de votre dossier." in lu
    sans_rien_d_interne(lu)


@pytest.mark.parametrize(
    ("nature", "version", "empreinte"),
    [
        ("DECISION_ORIENTATION", 3, "a69d87043c96011d69b31895c7e1b37cdc4daa97f5fdf4af693f39fa5c3ddc5b"),
        ("AVIS_CONTRADICTOIRE", 8, "a16f5ca5ea3eda2b1443ffaf1a245a6b80867fdf4f0b9c74e924db11c089e005"),
        ("DECISION_SANCTION", 10, "44f3ae3f439f16b82c831d2f59426a3dfe4f598bfdc46aa1893e0bb9412b6b1f"),
    ],
)
def test_un_courrier_d_etapes_sans_nom_a_les_octets_qu_il_avait_avant(
    nature: str, version: int, empreinte: str
) -> None:
    """The SHA-256 of letters already sent, rendered again from the same events (recorded before names were kept),
    as it was computed before this change: a letter's hash is recorded with its emission (``CourrierEmis``)."""
    pdf = RedacteurPdf().rediger(a_rediger(given(*SANCTION_NOTIFIEE).passe, NatureCourrier[nature], version))

    assert "Pour France Travail, le service chargé de votre dossier." in rendu(
        given(*SANCTION_NOTIFIEE).passe, NatureCourrier[nature], version
    )
    assert hashlib.sha256(pdf).hexdigest() == empreinte
