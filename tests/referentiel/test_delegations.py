"""Delegations by convention (issue 19): a département delegates the orientation or the accompaniment
of its RSA beneficiaries to another body, for a period (CASF L.262-29, L.262-32). The conventions are a
published, versioned referential (``referentiels/delegations/``), checked at start like the orientation's."""

from datetime import date
from pathlib import Path

import pytest

from domain.competence import Acte, Delegation
from domain.inscription import Inscription, Territoire
from domain.orientation import Orientation
from domain.regles.competence import Incompetence
from domain.vocabulaire import CanalInscription, ModeOrientation, MotifInscription, Organisme
from infrastructure.composition import construire_application
from infrastructure.referentiels import ReferentielAltere, ReferentielMalForme, charger_delegations
from infrastructure.reglages import RACINE_DES_REFERENTIELS, reglages_pour
from tests.referentiel.conftest import publier, remplacer
from tests.support import faits
from tests.support.demandes import agent, par
from tests.support.horloge import HorlogeDeTest

CONVENTION = """conventions:
  - departement: "93"
    acte: orienter
    delegataire: FRANCE_TRAVAIL
    du: 2025-01-01
    au: 2025-12-31
    convention: "Convention d'orientation des bénéficiaires du RSA, 93 – France Travail, 2025"
"""


def nouvelle_version(copie: Path, conventions: str = CONVENTION) -> Path:
    dossier = copie / "delegations"
    fichier = dossier / "2026.2.yaml"
    texte = (dossier / "2026.1.yaml").read_text(encoding="utf-8").replace('"2026.1"', '"2026.2"')
    fichier.write_text(texte.replace("conventions: []\n", conventions), encoding="utf-8")
    publier(fichier)
    return fichier


def test_aucune_convention_n_est_encore_publiee() -> None:
    assert charger_delegations(RACINE_DES_REFERENTIELS) == ()


def test_la_derniere_version_publiee_dit_les_conventions_avec_leurs_dates(copie: Path) -> None:
    nouvelle_version(copie)

    (delegation,) = charger_delegations(copie)

    assert delegation == Delegation(
        "93",
        Acte.ORIENTER,
        Organisme.FRANCE_TRAVAIL,
        date(2025, 1, 1),
        date(2025, 12, 31),
        "Convention d'orientation des bénéficiaires du RSA, 93 – France Travail, 2025",
    )
    assert delegation.en_vigueur("93", Acte.ORIENTER, date(2025, 12, 31))
    assert not delegation.en_vigueur("93", Acte.ORIENTER, date(2026, 1, 1))


def test_une_convention_publiee_ne_change_plus(copie: Path) -> None:
    fichier = nouvelle_version(copie)
    remplacer(fichier, "au: 2025-12-31", "au: 2026-12-31")

    with pytest.raises(ReferentielAltere):
        charger_delegations(copie)


@pytest.mark.parametrize(
    ("avant", "apres", "message"),
    [
        ("acte: orienter", "acte: sanctionner", "valeur non admise"),
        ("au: 2025-12-31", "au: 2024-12-31", "période inversée"),
        ('departement: "93"', "departement: Seine-Saint-Denis", "departement"),
    ],
)
def test_une_convention_mal_formee_est_refusee_au_demarrage(copie: Path, avant: str, apres: str, message: str) -> None:
    nouvelle_version(copie, CONVENTION.replace(avant, apres))

    with pytest.raises(ReferentielMalForme) as erreur:
        charger_delegations(copie)

    assert message in str(erreur.value)


def orienter_par_france_travail_en_93(referentiels: Path) -> Orientation | None:
    """An RSA beneficiary of the 93, registered by the département; France Travail of the 93 orients
    them the same day, well before the six weeks (CASF D.262-65-2)."""
    reglages = reglages_pour("memory://").model_copy(update={"referentiels": referentiels})
    app = construire_application(reglages, HorlogeDeTest())  # on 2 June 2025, while the convention runs
    try:
        rsa_93 = Inscription(MotifInscription.DEMANDE_RSA, CanalInscription.EN_LIGNE, Territoire("93"))
        parcours = app.parcours(app.inscrire(par(agent(Organisme.DEPARTEMENT, "93")), rsa_93).parcours_id)
        app.orienter(parcours, par(agent(Organisme.FRANCE_TRAVAIL, "93")), faits.EMPLOI_FT, ModeOrientation.AGENT)
        return app.parcours(parcours.id).orientation
    finally:
        app.close()


def test_pendant_la_convention_france_travail_oriente_les_beneficiaires_du_rsa_du_departement(copie: Path) -> None:
    nouvelle_version(copie)

    assert orienter_par_france_travail_en_93(copie) == faits.EMPLOI_FT


def test_sans_convention_france_travail_attend_les_six_semaines() -> None:
    with pytest.raises(Incompetence):
        orienter_par_france_travail_en_93(RACINE_DES_REFERENTIELS)
