"""The orientation algorithm at inscription: the published referential in force on the business day,
recorded with its version, hash, inputs and trace; confirmed alone only where the law lets it
(CT L.5411-5-1; CRPA L.311-3-1, R.311-3-1-2; LIL art. 47). On every store."""

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.parcours import ParcoursApplication
from domain.referentiel import EntreeInconnue, ValeurHorsDomaine
from domain.vocabulaire import ModeOrientation, TypeAutorite
from infrastructure.composition import construire_application
from infrastructure.migrations import migrer
from infrastructure.referentiels import empreinte
from infrastructure.reglages import RACINE_DES_REFERENTIELS, Reglages
from projections.explication import expliquer
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest

PUBLIE_2025 = empreinte((RACINE_DES_REFERENTIELS / "orientation" / "2025.1.yaml").read_bytes())


def noms(app: ParcoursApplication, parcours_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.historique(parcours_id)]


def evenement(app: ParcoursApplication, parcours_id: UUID, nom: str) -> Any:
    return [e for e in app.historique(parcours_id) if type(e).__name__ == nom][-1]


def inscrire(app: ParcoursApplication, *donnees: Any, jour: date = date(2025, 6, 2)) -> UUID:
    return app.inscrire(par(jour=jour), faits.inscription(), donnees=donnees).parcours_id


def test_une_proposition_evidente_sans_donnee_sensible_est_confirmee_par_l_algorithme(
    app: ParcoursApplication,
) -> None:
    parcours_id = inscrire(app, *faits.DONNEES_EMPLOI)

    assert noms(app, parcours_id) == ["Inscrit", "OrientationProposee", "Oriente"]
    proposee = evenement(app, parcours_id, "OrientationProposee")
    reference = proposee.proposition.referentiel
    assert (reference.version, reference.empreinte, proposee.proposition.regle) == ("2025.1", PUBLIE_2025, "R04")
    assert [t.regle for t in proposee.proposition.trace] == ["R01", "R02", "R03", "R04"]
    assert [c.nom for c in proposee.decision.criteres] == [d.nom for d in faits.DONNEES_EMPLOI]
    assert proposee.decision.auteur.id == "orientation@2025.1"
    oriente = evenement(app, parcours_id, "Oriente")
    assert (oriente.mode, oriente.decision.autorite.type) == (
        ModeOrientation.ALGORITHME_SEUL,
        TypeAutorite.FRANCE_TRAVAIL,
    )


def test_une_donnee_sensible_lue_demande_une_validation_humaine(app: ParcoursApplication) -> None:
    parcours_id = inscrire(app, *faits.DONNEES_EMPLOI, faits.donnee("freins.sante", "sans_impact"))

    proposee = evenement(app, parcours_id, "OrientationProposee")
    assert noms(app, parcours_id) == ["Inscrit", "OrientationProposee"]
    assert (proposee.proposition.donnee_sensible, proposee.proposition.validation_humaine) == (True, True)
    assert [c.nom for c in proposee.decision.criteres if c.sensible] == ["freins.sante"]


def test_sans_regle_evidente_un_entretien_d_orientation_est_requis(app: ParcoursApplication) -> None:
    parcours_id = inscrire(app, faits.donnee("age", 30), faits.donnee("activite_recente_24_mois", True))

    proposee = evenement(app, parcours_id, "OrientationProposee")
    assert (proposee.proposition.regle, proposee.proposition.entretien_requis) == ("R99", True)
    assert noms(app, parcours_id) == ["Inscrit", "OrientationProposee"]


def test_une_inscription_avant_la_version_2_suit_la_version_1_et_apres_la_version_2(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(date(2026, 1, 1))
    moyen = faits.donnee("freins.mobilite", "moyen")
    avant = inscrire(app, *faits.DONNEES_EMPLOI[:3], moyen, jour=date(2025, 12, 31))
    apres = inscrire(app, *faits.DONNEES_EMPLOI[:3], moyen, jour=date(2026, 1, 1))

    # 2026.1 changed R04 only: a moderate frein no longer stops the orientation to France Travail.
    assert evenement(app, avant, "OrientationProposee").proposition.regle == "R99"
    assert evenement(app, apres, "OrientationProposee").proposition.regle == "R04"
    assert evenement(app, apres, "OrientationProposee").proposition.referentiel.version == "2026.1"


def test_des_donnees_completees_donnent_une_nouvelle_proposition_sur_toutes_les_donnees(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    parcours_id = inscrire(app, *faits.DONNEES_EMPLOI[:3])
    assert evenement(app, parcours_id, "OrientationProposee").proposition.regle == "R99"
    horloge.aller_au(date(2025, 6, 5))

    app.completer_donnees_orientation(app.parcours(parcours_id), par(jour=date(2025, 6, 5)), [faits.DONNEES_EMPLOI[3]])

    proposee = evenement(app, parcours_id, "OrientationProposee")
    assert (proposee.proposition.regle, len(proposee.decision.criteres)) == ("R04", 4)
    assert noms(app, parcours_id)[-1] == "Oriente"


@pytest.mark.parametrize(
    ("donnee", "erreur"),
    [(faits.donnee("pointure", 42), EntreeInconnue), (faits.donnee("age", 120), ValeurHorsDomaine)],
)
def test_une_entree_inconnue_ou_hors_domaine_est_refusee_et_rien_n_est_enregistre(
    app: ParcoursApplication, donnee: Any, erreur: type[Exception]
) -> None:
    with pytest.raises(erreur):
        inscrire(app, donnee)

    assert app.recorder.max_notification_id() in (None, 0)


def publie_seulement_2025(racine: Path) -> Path:
    shutil.copytree(RACINE_DES_REFERENTIELS, racine)
    (racine / "orientation" / "2026.1.yaml").unlink()
    registre = racine / "orientation" / "publies.yaml"
    registre.write_text(re.sub(r'\s*"2026\.1": sha256:\w+', "", registre.read_text()))
    return racine


def test_publier_la_version_2_ne_change_ni_les_decisions_passees_ni_leur_explication(
    reglages_persistants: Reglages, tmp_path: Path
) -> None:
    migrer(reglages_persistants)
    avant = reglages_persistants.model_copy(update={"referentiels": publie_seulement_2025(tmp_path / "r")})
    app = construire_application(avant, HorlogeDeTest())
    parcours_id = inscrire(app, *faits.DONNEES_EMPLOI)
    historique, explication = app.historique(parcours_id), expliquer(app.historique(parcours_id))
    app.close()

    app = construire_application(reglages_persistants, HorlogeDeTest())  # 2026.1 now published
    assert [r.version for r in app.referentiels.versions()] == ["2025.1", "2026.1"]  # type: ignore[union-attr]
    assert app.historique(parcours_id) == historique
    assert expliquer(app.historique(parcours_id)) == explication
    app.close()
