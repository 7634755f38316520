"""Statistical secrecy and the indicators table: hidden cells, protected margins, unpublished rates."""

from dataclasses import replace
from datetime import date, timedelta

from projections.faits import NON_ORIENTE, Faits, FaitSanction, LigneFaits, Reorientation
from projections.indicateurs import calculer
from projections.secret import Cellule, secret_primaire, secret_secondaire, taux_publiable
from projections.vue import plier
from tests.support.scenario import SANCTION_NOTIFIEE, SOUS_CONTRAT, given, inscrit


def faits(
    nombre: int, organisme: str, type_parcours: str, delai: int = 10, dans_le_mois: bool = True
) -> list[LigneFaits]:
    debut = date(2025, 6, 2)
    return [
        LigneFaits(
            parcours_id=f"{organisme}-{i}",
            departement="75",
            organisme=organisme,
            type_parcours=type_parcours,
            mois="2025-06",
            inscrit_le=debut,
            oriente_le=debut + timedelta(days=delai + i % 3),
            date_limite_contrat=date(2025, 7, 20),
            contrat_le=date(2025, 7, 10) if dans_le_mois else date(2025, 8, 1),
        )
        for i in range(nombre)
    ]


def test_une_cellule_de_7_personnes_est_cachee() -> None:
    (cellule,) = secret_primaire([Cellule(("75", "ML"), 7)])

    assert cellule.secret


def test_une_marge_qui_reveleraient_la_cellule_cachee_fait_cacher_une_autre_cellule() -> None:
    cellules = secret_primaire([Cellule(("75", "ML"), 7), Cellule(("75", "FT"), 30), Cellule(("75", "CD"), 20)])

    protegees = {c.cle: c.secret for c in secret_secondaire(cellules, [lambda c: c.cle[0]])}

    assert protegees == {("75", "ML"): True, ("75", "CD"): True, ("75", "FT"): False}


def test_un_taux_sur_moins_de_60_personnes_n_est_pas_publie() -> None:
    assert taux_publiable(30, 59) is None
    assert taux_publiable(30, 60) == 0.5


def test_le_tableau_cache_les_petites_cellules_sans_les_montrer_a_zero_et_protege_la_marge() -> None:
    cellules, marges = calculer(
        faits(80, "FRANCE_TRAVAIL", "EMPLOI")
        + faits(7, "MISSION_LOCALE", "SOCIO_PROFESSIONNEL")
        + faits(20, "DEPARTEMENT", "SOCIAL"),
        au=date(2025, 9, 1),
    )

    par_organisme = {c.organisme: c for c in cellules}
    assert par_organisme["MISSION_LOCALE"].secret
    assert par_organisme["MISSION_LOCALE"].entrees is None  # withheld, never zero
    assert par_organisme["DEPARTEMENT"].secret  # secondary secrecy: the margin of 107 is published
    france_travail = par_organisme["FRANCE_TRAVAIL"]
    assert (france_travail.secret, france_travail.entrees, france_travail.orientes) == (False, 80, 80)
    assert france_travail.delai_orientation_jours_mediane == 11
    assert france_travail.part_contrats_dans_le_mois == 1.0
    assert [(m.departement, m.mois, m.entrees) for m in marges] == [("75", "2025-06", 107)]


def test_la_part_des_contrats_dans_le_mois_compte_les_signatures_tardives() -> None:
    cellules, _ = calculer(
        faits(40, "FRANCE_TRAVAIL", "EMPLOI") + faits(40, "FRANCE_TRAVAIL", "EMPLOI", dans_le_mois=False),
        au=date(2025, 9, 1),
    )

    (cellule,) = cellules
    assert cellule.part_contrats_dans_le_mois == 0.5


def test_les_faits_suivent_la_premiere_orientation_et_la_premiere_signature() -> None:
    ligne = plier(Faits(), given(*SOUS_CONTRAT).passe)

    assert ligne is not None
    assert (ligne.organisme, ligne.type_parcours, ligne.mois) == ("FRANCE_TRAVAIL", "EMPLOI", "2025-06")
    assert (ligne.inscrit_le, ligne.oriente_le, ligne.contrat_le) == (
        date(2025, 6, 2),
        date(2025, 6, 2),
        date(2025, 6, 10),
    )
    assert ligne.date_limite_contrat == date(2025, 7, 3)
    seul = plier(Faits(), given(inscrit()).passe)
    assert seul is not None
    assert seul.type_parcours == NON_ORIENTE


def test_les_delais_de_diagnostic_et_de_contrat_et_les_procedures_se_comptent() -> None:
    debut = date(2025, 6, 2)
    lignes = [
        LigneFaits(
            parcours_id=str(i),
            departement="75",
            organisme="FRANCE_TRAVAIL",
            type_parcours="EMPLOI",
            mois="2025-06",
            inscrit_le=debut,
            oriente_le=debut,
            mode="algorithme_seul" if i < 30 else "agent",
            diagnostic_le=debut + timedelta(days=20),
            contrat_le=debut + timedelta(days=25),
            procedures=1 if i < 10 else 0,
            closes_sans_sanction=1 if i < 4 else 0,
            sanctions=(FaitSanction(f"s{i}", "FRANCE_TRAVAIL"),) if 4 <= i < 10 else (),
            sorti=False,
        )
        for i in range(60)
    ]

    (cellule,), _ = calculer(lignes, au=date(2025, 9, 1))

    assert (cellule.delai_diagnostic_jours_mediane, cellule.delai_diagnostic_contrat_jours_mediane) == (20, 5)
    assert cellule.part_algorithme_seul == 0.5
    assert cellule.procedures == 10
    assert cellule.part_procedures_closes_sans_sanction is None  # 10 procedures ended: too few to publish a rate


def test_les_beneficiaires_du_rsa_orientes_dans_les_six_semaines_et_les_reorientations() -> None:
    debut = date(2025, 6, 2)
    lignes = [
        LigneFaits(
            parcours_id=str(i),
            departement="75",
            organisme="DEPARTEMENT",
            type_parcours="SOCIAL",
            mois="2025-06",
            inscrit_le=debut,
            rsa=True,
            oriente_le=debut + timedelta(weeks=6 if i < 45 else 7),
            reorientations=(Reorientation("2025-07", "DEPARTEMENT", "FRANCE_TRAVAIL"),) if i < 6 else (),
        )
        for i in range(60)
    ]

    (cellule,), _ = calculer(lignes, au=date(2025, 9, 1))

    assert cellule.part_rsa_orientes_dans_le_delai == 0.75
    assert cellule.taux_reorientation == 0.1


def test_les_attentes_de_diagnostic_se_comptent_par_anciennete_au_jour_demande() -> None:
    orientes_le = [date(2025, 6, 1) - timedelta(days=jours) for jours in (0, 15, 16, 30, 31, 60, 61, 200)]
    lignes = [
        LigneFaits(str(i), "75", "FRANCE_TRAVAIL", "EMPLOI", "2025-06", date(2025, 1, 2), oriente_le=oriente)
        for i, oriente in enumerate(orientes_le * 2)
    ]
    diagnostique = replace(lignes[0], parcours_id="d", diagnostic_le=date(2025, 6, 1))
    sorti = replace(lignes[0], parcours_id="s", sorti=True)

    (cellule,), _ = calculer([*lignes, diagnostique, sorti], au=date(2025, 6, 1))

    attentes = (
        cellule.attente_diagnostic_0_15_jours,
        cellule.attente_diagnostic_16_30_jours,
        cellule.attente_diagnostic_31_60_jours,
        cellule.attente_diagnostic_plus_60_jours,
    )
    assert attentes == (4, 4, 4, 4)


def test_les_sanctions_se_comptent_par_niveau_avec_leur_delai_depuis_le_manquement() -> None:
    ligne = plier(Faits(), given(*SANCTION_NOTIFIEE).passe)
    assert ligne is not None

    (cellule,), _ = calculer([replace(ligne, parcours_id=str(i)) for i in range(11)], au=date(2025, 9, 1))

    assert (cellule.sanctions_niveau_1, cellule.sanctions_niveau_2, cellule.avertissements) == (11, 0, 0)
    assert cellule.delai_manquement_sanction_jours_mediane == 25  # manquement on 20 June, decision on 15 July
    assert cellule.part_suspensions_levees is None  # 11 suspensions: too few to publish a rate
