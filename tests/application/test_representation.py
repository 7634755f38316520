"""A minor or a protected adult is notified through their legal representative (CT R.5412-7)."""

from datetime import date
from uuid import UUID

import pytest

from application.commandes_personne import designer_representant
from application.parcours import ParcoursApplication
from domain.identite import FichePersonne
from domain.parcours import Parcours
from domain.regles.personne import RepresentantLegalRequis
from domain.vocabulaire import Destinataire
from tests.support import faits
from tests.support.demandes import par
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import fiche, representant


def manquement_sous_contrat(app: ParcoursApplication, horloge: HorlogeDeTest, personne: FichePersonne) -> UUID:
    """Registered, oriented, notified, under contract, a breach found: the contradictoire may open."""
    parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI, personne=personne).parcours_id
    horloge.aller_au(date(2025, 6, 3))
    app.notifier_orientation(app.parcours(parcours_id), par(jour=date(2025, 6, 3)))
    app.realiser_diagnostic(app.parcours(parcours_id), par(), faits.diagnostic())
    horloge.aller_au(date(2025, 6, 10))
    app.signer_contrat(app.parcours(parcours_id), par(jour=date(2025, 6, 10)), faits.contrat())
    app.constater_manquement(app.parcours(parcours_id), par(), faits.manquement(), manquement_id="m1")
    return parcours_id


def ouvrir(app: ParcoursApplication, parcours_id: UUID) -> None:
    app.ouvrir_contradictoire(
        app.parcours(parcours_id), par(), ("m1",), faits.suspension(), Destinataire.PERSONNE, procedure_id="s1"
    )


def test_un_mineur_sans_representant_ne_recoit_pas_d_avis(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = manquement_sous_contrat(app, horloge, fiche(naissance=date(2008, 9, 1)))

    with pytest.raises(RepresentantLegalRequis, match=r"R\.5412-7"):
        ouvrir(app, parcours_id)


def test_l_avis_d_un_mineur_va_a_son_representant(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = manquement_sous_contrat(app, horloge, fiche(naissance=date(2008, 9, 1)))
    personne = app.personnes.lire(app.parcours(parcours_id).personne_id)  # type: ignore[arg-type]
    designer_representant(app, personne, par(), representant())

    ouvrir(app, parcours_id)

    ouvert = app.historique(parcours_id)[-1]
    assert isinstance(ouvert, Parcours.ContradictoireOuvert)
    assert ouvert.destinataire is Destinataire.REPRESENTANT_LEGAL


def test_un_majeur_recoit_l_avis_lui_meme(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    parcours_id = manquement_sous_contrat(app, horloge, fiche(naissance=date(2007, 6, 1)))

    ouvrir(app, parcours_id)

    ouvert = app.historique(parcours_id)[-1]
    assert isinstance(ouvert, Parcours.ContradictoireOuvert)
    assert ouvert.destinataire is Destinataire.PERSONNE
