"""The letters the law requires (issue 21, item 2): each notifies one step of its kind, goes to the person or to
their legal representative, is recorded with the SHA-256 of its bytes, and its receipt dates the deadlines."""

from datetime import date
from typing import Any

import pytest

from domain.courrier import Pli
from domain.identite import Representation
from domain.parcours import Parcours
from domain.regles.courrier import CourrierInconnu, CourrierSansEtapeAdequate
from domain.regles.personne import RepresentantLegalRequis
from domain.regles.temps import DateMetierAvantEtapePrecedente, DateMetierFuture
from domain.valeur import ValeurInvalide
from domain.vocabulaire import CanalCourrier, Destinataire, NatureCourrier, PreuveRemise
from tests.support import faits
from tests.support.scenario import (
    ORIENTE_ET_NOTIFIE,
    PROCEDURE_OUVERTE,
    SANCTION_NOTIFIEE,
    courrier_emis,
    given,
    sorti,
)

ORIENTE, OUVERTE, DECIDEE = 3, 8, 10
"""The versions of the decision d'orientation, the contradictoire's opening and the sanction, in the scenarios."""
MINEUR = Representation(requise=True, representant="MARTIN Paul")


def emettre(
    contexte: given,
    nature: NatureCourrier,
    version: int,
    jour: date = date(2025, 7, 20),
    representation: Representation | None = None,
) -> Any:
    rendue = contexte.passe[version - 1] if version <= len(contexte.passe) else None
    pli = faits.pli(contexte.parcours.version)
    return lambda p: p.emettre_courrier(nature, rendue, pli, representation, faits.decision(jour=jour))


def test_la_decision_d_orientation_notifiee_par_courrier_en_garde_l_empreinte_jamais_l_adresse() -> None:
    contexte = given(*ORIENTE_ET_NOTIFIE)

    (emis,) = contexte.when(emettre(contexte, NatureCourrier.DECISION_ORIENTATION, ORIENTE)).then("CourrierEmis")

    assert (emis.nature, emis.version_rendue, emis.lu_a_la_version) == (NatureCourrier.DECISION_ORIENTATION, 3, 4)
    assert (emis.empreinte, emis.canal, emis.destinataire) == (
        faits.EMPREINTE_COURRIER,
        CanalCourrier.COURRIER,
        Destinataire.PERSONNE,
    )
    assert emis.decision.fondement.articles[:2] == ("CT L.5411-5-1", "CRPA L.221-8")


@pytest.mark.parametrize(
    ("nature", "version"),
    [
        (NatureCourrier.DECISION_SANCTION, ORIENTE),  # an orientation is no sanction
        (NatureCourrier.AVIS_CONTRADICTOIRE, 2),  # a proposal opens no procedure
        (NatureCourrier.DECISION_ORIENTATION, 99),  # no step at that version
    ],
)
def test_un_courrier_ne_notifie_qu_une_etape_de_sa_nature(nature: NatureCourrier, version: int) -> None:
    contexte = given(*ORIENTE_ET_NOTIFIE)

    contexte.when(emettre(contexte, nature, version)).raises(CourrierSansEtapeAdequate)


def test_le_courrier_d_une_personne_mineure_va_a_son_representant_legal() -> None:
    contexte = given(*ORIENTE_ET_NOTIFIE)

    (emis,) = contexte.when(
        emettre(contexte, NatureCourrier.DECISION_ORIENTATION, ORIENTE, representation=MINEUR)
    ).then("CourrierEmis")

    assert emis.destinataire is Destinataire.REPRESENTANT_LEGAL


def test_sans_representant_designe_le_courrier_d_une_personne_mineure_est_refuse() -> None:
    contexte = given(*ORIENTE_ET_NOTIFIE)
    sans_representant = Representation(requise=True)

    contexte.when(
        emettre(contexte, NatureCourrier.DECISION_ORIENTATION, ORIENTE, representation=sans_representant)
    ).raises(RepresentantLegalRequis)


def test_l_avis_contradictoire_va_a_qui_son_ouverture_a_nomme() -> None:
    contexte = given(*PROCEDURE_OUVERTE)

    (emis,) = contexte.when(emettre(contexte, NatureCourrier.AVIS_CONTRADICTOIRE, OUVERTE)).then("CourrierEmis")

    assert emis.destinataire is Destinataire.PERSONNE
    assert emis.decision.fondement.articles[:2] == ("CT R.5412-7", "CRPA L.122-1")


def test_un_courrier_ne_precede_pas_l_etape_qu_il_notifie() -> None:
    contexte = given(*SANCTION_NOTIFIEE)

    contexte.when(emettre(contexte, NatureCourrier.DECISION_SANCTION, DECIDEE, jour=date(2025, 7, 14))).raises(
        DateMetierAvantEtapePrecedente
    )


def test_la_decision_de_sanction_s_envoie_encore_apres_la_sortie() -> None:
    contexte = given(*SANCTION_NOTIFIEE, sorti())

    contexte.when(emettre(contexte, NatureCourrier.DECISION_SANCTION, DECIDEE)).then("CourrierEmis")


def test_chaque_envoi_du_meme_courrier_est_enregistre() -> None:
    contexte = given(*PROCEDURE_OUVERTE, courrier_emis(NatureCourrier.AVIS_CONTRADICTOIRE, OUVERTE))

    contexte.when(emettre(contexte, NatureCourrier.AVIS_CONTRADICTOIRE, OUVERTE)).then("CourrierEmis")


def test_l_empreinte_d_un_pli_est_un_sha256() -> None:
    with pytest.raises(ValeurInvalide, match="empreinte"):
        Pli("sha256:abc", CanalCourrier.COURRIEL, "c-1", 3, None, "2025.1")


# --- the receipt --------------------------------------------------------------------------------------------


def remettre(
    contexte: given, version: int, remis_le: date, jour: date = date(2025, 6, 27), deja: date | None = None
) -> Any:
    emis = contexte.passe[version - 1]
    rendue = contexte.passe[emis.version_rendue - 1] if isinstance(emis, Parcours.CourrierEmis) else None
    preuve = PreuveRemise.ACCUSE_RECEPTION_POSTAL
    return lambda p: p.constater_remise(emis, rendue, remis_le, preuve, faits.decision(jour=jour), faits.P, deja)


AVIS_ENVOYE = (*PROCEDURE_OUVERTE, courrier_emis(NatureCourrier.AVIS_CONTRADICTOIRE, OUVERTE, jour=date(2025, 6, 24)))


def test_la_remise_de_l_avis_contradictoire_fait_courir_les_dix_jours_sans_seconde_saisie() -> None:
    contexte = given(*AVIS_ENVOYE)

    remis, recu = contexte.when(remettre(contexte, 9, date(2025, 6, 26))).then(
        "CourrierRemis", "AvisContradictoireReceptionne"
    )

    assert (remis.courrier_version, remis.remis_le, remis.preuve) == (
        9,
        date(2025, 6, 26),
        PreuveRemise.ACCUSE_RECEPTION_POSTAL,
    )
    assert (recu.procedure_id, recu.recu_le, recu.date_limite) == ("s1", date(2025, 6, 26), date(2025, 7, 6))


def test_la_remise_d_un_avis_deja_receptionne_ne_redate_pas_le_contradictoire() -> None:
    contexte = given(*AVIS_ENVOYE)
    contexte.when(remettre(contexte, 9, date(2025, 6, 26))).then("CourrierRemis", "AvisContradictoireReceptionne")

    contexte.when(remettre(contexte, 9, date(2025, 6, 25))).then("CourrierRemis")


def test_la_meme_date_de_remise_une_seconde_fois_ne_change_rien() -> None:
    contexte = given(*AVIS_ENVOYE)

    contexte.when(remettre(contexte, 9, date(2025, 6, 26), deja=date(2025, 6, 26))).then()


def test_la_remise_d_une_etape_qui_n_est_pas_un_courrier_est_refusee() -> None:
    contexte = given(*AVIS_ENVOYE)

    contexte.when(remettre(contexte, OUVERTE, date(2025, 6, 26))).raises(CourrierInconnu)


def test_une_remise_avant_l_envoi_ou_apres_son_enregistrement_est_refusee() -> None:
    contexte = given(*AVIS_ENVOYE)

    contexte.when(remettre(contexte, 9, date(2025, 6, 23))).raises(DateMetierAvantEtapePrecedente)
    contexte.when(remettre(contexte, 9, date(2025, 6, 28))).raises(DateMetierFuture)


def test_la_remise_d_une_decision_d_orientation_ne_date_que_sa_remise() -> None:
    contexte = given(
        *ORIENTE_ET_NOTIFIE, courrier_emis(NatureCourrier.DECISION_ORIENTATION, ORIENTE, jour=date(2025, 6, 4))
    )

    (remis,) = contexte.when(remettre(contexte, 5, date(2025, 6, 6), jour=date(2025, 6, 9))).then("CourrierRemis")

    assert remis.decision.fondement.articles[:2] == ("CT R.5412-7", "CRPA L.112-1")
