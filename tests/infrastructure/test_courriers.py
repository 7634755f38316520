"""The letters the law requires, rendered from the events (issue 21, item 2): in French, with what each article
asks of them, without a class name, a code or an internal id, and the same bytes each time they are rendered."""

import hashlib
import re
from datetime import date

import pikepdf
import pytest

from domain.evenements import CATALOGUE
from domain.vocabulaire import Allocation, Destinataire, IssueRecours, NatureCourrier
from infrastructure.courriers import RedacteurPdf
from infrastructure.courriers.lettre import nom_de_fichier
from tests.domain.chaque_evenement import REFORME
from tests.infrastructure.test_pdf import CODES, _flux
from tests.support import faits
from tests.support.courriers import IDENTITE, MINEURE, REPRESENTANT, a_rediger, texte
from tests.support.scenario import (
    ORIENTE_ET_NOTIFIE,
    RADIE,
    SANCTION_NOTIFIEE,
    SOUS_CONTRAT,
    avis_receptionne,
    contradictoire_ouvert,
    explication_demandee,
    given,
    inscrit,
    manquement_constate,
    oriente,
    recours_introduit,
    recours_tranche,
    referent_designe,
    sanction_rsa_decidee,
)

N = NatureCourrier
REDACTEUR = RedacteurPdf()
SANCTIONNE = given(*SANCTION_NOTIFIEE).passe
"""inscrit 1, proposé 2, orienté 3, notifié 4, diagnostic 5, contrat 6, manquement 7, contradictoire ouvert 8,
avis reçu 9, sanction décidée 10, notifiée 11."""
INTERNES = ("agent-42", "dr-idf", "FT-DR-IDF", "FT-75-012", "00000000-0000-4000-8000-000000000001", "c-0001")


def rendu(evenements: list[object], nature: NatureCourrier, version: int, **autres: object) -> str:
    pdf = REDACTEUR.rediger(a_rediger(evenements, nature, version, **autres))  # type: ignore[arg-type]
    return texte(pdf)


def sans_rien_d_interne(lu: str) -> None:
    assert [nom for nom in (e.__name__ for e in CATALOGUE) if re.search(rf"\b{nom}\b", lu)] == []
    assert [code for code in CODES if code in lu] == []
    assert [ident for ident in INTERNES if ident in lu] == []


# --- each letter says what the law asks of it --------------------------------------------------------------------


def test_la_decision_d_orientation_proposee_par_l_algorithme_porte_la_mention_l311_3_1_et_les_recours() -> None:
    lu = rendu(SANCTIONNE, N.DECISION_ORIENTATION, 3)

    assert "Décision d'orientation" in lu
    assert "vous orienter vers France Travail, dans un parcours emploi" in lu
    assert "traitement algorithmique" in lu
    assert "L.311-3-1" in lu
    assert "demander l'explication" in lu
    assert "R.311-3-1-2" in lu
    assert "recours administratif auprès de France Travail dans un délai de 2 mois" in lu
    assert "tribunal administratif dans un délai de 2 mois" in lu
    assert "R.421-5" in lu
    assert "au plus tard le 3 juillet 2025" in lu  # the contract, from the notification recorded
    assert "Élise LEFÈVRE" in lu
    assert "12 rue des Lilas" in lu
    assert "Le 20 juillet 2025" in lu
    sans_rien_d_interne(lu)


def test_une_orientation_decidee_sans_l_algorithme_ne_porte_pas_la_mention() -> None:
    evenements = given(inscrit(), oriente(), referent_designe()).passe

    lu = rendu(evenements, N.DECISION_ORIENTATION, 2)

    assert "traitement algorithmique" not in lu
    assert "L.311-3-1" not in lu
    assert "Votre référent unique, désigné le 3 juin 2025" in lu
    sans_rien_d_interne(lu)


def test_l_avis_contradictoire_dit_les_faits_les_preuves_la_sanction_envisagee_les_dix_jours_et_l_assistance() -> None:
    lu = rendu(SANCTIONNE, N.AVIS_CONTRADICTOIRE, 8)

    assert "Avis de procédure contradictoire" in lu
    assert "Faits : Absent à trois ateliers" in lu
    assert "feuille d'émargement" in lu
    assert "Suspension de 30 % pendant 1 mois sur l'ARE" in lu
    assert f"délai de {faits.P.delai_contradictoire_jours} jours à compter de la réception" in lu
    assert "demander à être entendu(e)" in lu
    assert "vous faire assister" in lu
    assert "personne de votre choix" in lu
    sans_rien_d_interne(lu)


def test_l_avis_a_un_mineur_va_a_son_representant_legal_et_nomme_la_personne_concernee() -> None:
    lu = rendu(
        SANCTIONNE,
        N.AVIS_CONTRADICTOIRE,
        8,
        destinataire=Destinataire.REPRESENTANT_LEGAL,
        identite=MINEURE,
        representant=REPRESENTANT,
    )

    assert lu.index("Paul MARTIN") < lu.index("3 place du Marché") < lu.index("Avis de procédure")
    assert "en qualité de représentant légal (parent) de Léa MARTIN" in lu
    assert "Élise" not in lu
    sans_rien_d_interne(lu)


def test_la_decision_de_sanction_dit_ses_motifs_en_fait_et_en_droit_et_le_recours_prealable_obligatoire() -> None:
    lu = rendu(SANCTIONNE, N.DECISION_SANCTION, 10)

    assert "Décision de sanction" in lu
    assert "Par décision du 15 juillet 2025" in lu
    assert f"En fait : {faits.MOTIF_SANCTION}" in lu
    assert "En droit : CT R.5412-8" in lu
    assert "Manquements retenus : assiduité (constaté le 20 juin 2025)" in lu
    assert "Taux : 30 %" in lu
    assert "Durée : 1 mois" in lu
    assert "recours préalable obligatoire (médiation préalable)" in lu
    assert "dans un délai de 2 mois" in lu
    assert "jusqu'au 16 septembre 2025" in lu  # the date the notification recorded
    assert "tribunal administratif" in lu
    sans_rien_d_interne(lu)


def test_une_sanction_du_rsa_non_encore_notifiee_annonce_le_rapo_au_president_du_conseil_departemental() -> None:
    rsa = faits.suspension(allocation=Allocation.RSA)
    evenements = given(
        *SOUS_CONTRAT,
        manquement_constate(),
        contradictoire_ouvert(envisagee=rsa),
        avis_receptionne(),
        sanction_rsa_decidee(),
    ).passe

    lu = rendu(evenements, N.DECISION_SANCTION, 10)

    assert "le président du conseil départemental a prononcé" in lu
    assert "(RAPO) auprès du président du conseil départemental, dans un délai de 2 mois" in lu
    assert "RSA (revenu de solidarité active)" in lu
    sans_rien_d_interne(lu)


@pytest.mark.parametrize(
    ("issue", "attendu"),
    [
        (IssueRecours.REJET, f"En fait : {faits.MOTIF_REJET}"),
        (IssueRecours.ANNULATION, "La sanction est annulée"),
    ],
)
def test_la_decision_sur_recours_dit_son_issue_ses_motifs_et_le_tribunal(issue: IssueRecours, attendu: str) -> None:
    evenements = given(*SANCTION_NOTIFIEE, recours_introduit(), recours_tranche(issue=issue)).passe

    lu = rendu(evenements, N.DECISION_RECOURS, 13)

    assert "Décision sur votre recours" in lu
    assert "formé le 1er août 2025 un recours (médiation préalable)" in lu
    assert attendu in lu
    assert "tribunal administratif dans un délai de 2 mois" in lu
    sans_rien_d_interne(lu)


def test_la_reformation_sur_recours_dit_la_sanction_qui_remplace_la_sanction_contestee() -> None:
    evenements = given(*RADIE, recours_introduit("s2", jour=date(2025, 9, 1)), REFORME).passe
    tranche = next(e for e in evenements if type(e).__name__ == "RecoursTranche")

    lu = rendu(evenements, N.DECISION_RECOURS, tranche.originator_version)

    assert "réformation de la sanction" in lu
    assert "Suppression de 100 % pendant 2 mois" in lu
    assert faits.MOTIF_REFORMATION in lu
    sans_rien_d_interne(lu)


def test_l_explication_reprend_les_quatre_points_de_l_article_r311_3_1_2() -> None:
    evenements = given(*ORIENTE_ET_NOTIFIE, explication_demandee()).passe

    lu = rendu(evenements, N.EXPLICATION_ALGORITHMIQUE, 5)

    assert "Vous avez demandé le 20 juin 2025 l'explication" in lu
    for point in ("1° La contribution", "2° Les données traitées", "3° Les paramètres", "4° Les opérations"):
        assert point in lu
    assert "L.311-3-1" in lu
    assert [nom for nom in (e.__name__ for e in CATALOGUE) if re.search(rf"\b{nom}\b", lu)] == []


def test_un_courrier_dont_la_personne_est_effacee_le_dit_sans_rien_inventer() -> None:
    lu = rendu(SANCTIONNE, N.DECISION_ORIENTATION, 3, identite=None)

    assert "données personnelles effacées" in lu


# --- the same events, the same bytes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "version"),
    [(N.DECISION_ORIENTATION, 3), (N.AVIS_CONTRADICTOIRE, 8), (N.DECISION_SANCTION, 10)],
)
def test_rendu_deux_fois_un_courrier_a_les_memes_octets_donc_la_meme_empreinte(
    nature: NatureCourrier, version: int
) -> None:
    courrier = a_rediger(SANCTIONNE, nature, version)

    premier, second = REDACTEUR.rediger(courrier), RedacteurPdf().rediger(courrier)

    assert premier == second
    assert hashlib.sha256(premier).hexdigest() == hashlib.sha256(second).hexdigest()


def test_un_courrier_est_un_pdfa_en_francais_date_de_son_emission_et_non_de_son_rendu() -> None:
    pdf = REDACTEUR.rediger(a_rediger(SANCTIONNE, N.DECISION_SANCTION, 10))

    with pikepdf.open(_flux(pdf)) as document:
        metadonnees = document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        assert metadonnees.pdfa_status == "3U"
        assert metadonnees["dc:title"] == "Décision de sanction du 20 juillet 2025"
        assert str(document.Root.Lang) == "fr-FR"
        assert metadonnees["xmp:CreateDate"] == "2025-07-20T08:30:00+00:00"


def test_le_fichier_joint_porte_le_nom_du_courrier_en_mots() -> None:
    assert nom_de_fichier(N.DECISION_ORIENTATION) == "decision-d-orientation.pdf"
    assert nom_de_fichier(N.AVIS_CONTRADICTOIRE) == "avis-de-procedure-contradictoire.pdf"


def test_la_personne_d_un_courrier_se_nomme_prenom_puis_nom() -> None:
    courrier = a_rediger(SANCTIONNE, N.DECISION_ORIENTATION, 3)

    assert courrier.coordonnees is not None
    assert courrier.coordonnees.nom == "Élise LEFÈVRE" == f"{IDENTITE.prenoms[0]} {IDENTITE.nom_naissance.upper()}"
