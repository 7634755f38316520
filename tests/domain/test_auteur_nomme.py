"""Every decision names its author by first name, name and capacity (CRPA L.212-1): an agent or an authority acting
for an administration, and nobody else — the person's own name is personal data, never written in an event in clear."""

from dataclasses import replace

import pytest

from domain.decision import Auteur
from domain.valeur import ValeurInvalide
from domain.vocabulaire import ModeOrientation, TypeAuteur
from tests.support import faits
from tests.support.scenario import given, inscrit, propose

MARIE = replace(faits.CONSEILLER, nom="Marie Dupont", qualite="conseillère en insertion professionnelle")


def test_une_orientation_decidee_par_une_conseillere_nommee_la_nomme_avec_sa_qualite() -> None:
    d = faits.decision(auteur=MARIE)

    (oriente,) = (
        given(inscrit(), propose())
        .when(lambda p: p.orienter(faits.EMPLOI_FT, ModeOrientation.ALGORITHME_VALIDE_PAR_AGENT, d))
        .then("Oriente")
    )

    assert (oriente.decision.auteur.nom, oriente.decision.auteur.qualite) == (
        "Marie Dupont",
        "conseillère en insertion professionnelle",
    )
    assert oriente.decision.auteur.designation == "Marie Dupont, conseillère en insertion professionnelle"


def test_une_autorite_se_nomme_avec_sa_delegation() -> None:
    qualite = "directeur de l'insertion, par délégation du président du conseil départemental"

    auteur = replace(faits.ELU_DEPARTEMENT, nom="Jean Martin", qualite=qualite)

    assert auteur.designation == f"Jean Martin, {qualite}"


def test_un_auteur_enregistre_sans_nom_n_a_pas_de_designation() -> None:
    assert faits.CONSEILLER.nom is faits.CONSEILLER.qualite is faits.CONSEILLER.designation is None


@pytest.mark.parametrize(
    "type_", [TypeAuteur.PERSONNE, TypeAuteur.ALGORITHME, TypeAuteur.SYSTEME, TypeAuteur.PARTENAIRE]
)
@pytest.mark.parametrize("champ", ["nom", "qualite"])
def test_seul_un_agent_ou_une_autorite_est_nomme_dans_une_etape(type_: TypeAuteur, champ: str) -> None:
    with pytest.raises(ValeurInvalide, match=r"CRPA L\.212-1"):
        Auteur(type=type_, id="personne-1", **{champ: "Élise Lefèvre"})  # type: ignore[arg-type]


def test_le_nom_de_la_personne_n_entre_pas_dans_sa_demande_d_explication() -> None:
    with pytest.raises(ValeurInvalide, match="pas un auteur de type « personne »"):
        faits.decision(auteur=replace(faits.PERSONNE, nom="Élise Lefèvre"))


@pytest.mark.parametrize(
    "valeur", ["", "   ", "Marie\nDupont", "Marie\x00Dupont"], ids=["vide", "blanc", "saut", "nul"]
)
def test_un_nom_ou_une_qualite_vide_ou_avec_un_caractere_de_controle_est_refuse(valeur: str) -> None:
    with pytest.raises(ValeurInvalide, match=r"auteur\.nom"):
        replace(faits.CONSEILLER, nom=valeur)
    with pytest.raises(ValeurInvalide, match=r"auteur\.qualite"):
        replace(faits.CONSEILLER, qualite=valeur)
