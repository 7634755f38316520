"""Letters leave by e-mail (a real SMTP server on this machine, aiosmtpd) or by post (a folder the printing service
collects), and their emission records the SHA-256 of the very bytes that left: rendered again from the events on
SQLite and PostgreSQL, the letter has that SHA-256 (issue 21, item 2)."""

import hashlib
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from application.commandes_personne import changer_contact, designer_representant
from application.courriers import Coordonnees, CoordonneesManquantes, Envoi, EnvoiImpossible
from application.parcours import ParcoursApplication
from domain.identite import Adresse, Contact, FichePersonne, QualiteRepresentant, RepresentantLegal
from domain.parcours import Parcours
from domain.vocabulaire import CanalCourrier, Destinataire, NatureCourrier
from infrastructure.composition import construire_application
from infrastructure.courriers.courriel import ExpediteurCourriel
from infrastructure.courriers.depot import DepotCourriers
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.support import faits
from tests.support.courriers import ADRESSE, texte
from tests.support.demandes import AUTORITE, par
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import DECLAREE, fiche

ORIENTE = 3
"""An inscription with data is proposed (2) and oriented by the algorithm (3)."""


@dataclass
class Boite:
    """What the SMTP server received."""

    port: int
    recus: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook
        self.recus.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(cast(bytes, e.content), policy=policy.default) for e in self.recus]


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def boite() -> Iterator[Boite]:
    """A real SMTP server on 127.0.0.1 for the duration of the test."""
    boite = Boite(port_libre())
    serveur = Controller(boite, hostname="127.0.0.1", port=boite.port)
    serveur.start()
    yield boite
    serveur.stop()


def envoi(canal: CanalCourrier = CanalCourrier.COURRIEL, pdf: bytes = b"%PDF-1.7 un courrier") -> Envoi:
    coordonnees = Coordonnees("Amélie LEFÈVRE", "amelie.lefevre@example.org", ADRESSE)
    empreinte = hashlib.sha256(pdf).hexdigest()
    return Envoi(
        "9f0c2b7e4a1d4c3b8e6f5a2d1c0b9e8f", canal, NatureCourrier.DECISION_SANCTION, pdf, empreinte, coordonnees
    )


def piece_jointe(message: EmailMessage) -> tuple[str | None, bytes]:
    (jointe,) = list(message.iter_attachments())
    return jointe.get_filename(), cast(bytes, jointe.get_content())


# --- e-mail -----------------------------------------------------------------------------------------------------


def test_le_courriel_porte_le_pdf_en_piece_jointe_et_rien_de_la_personne_dans_son_objet(boite: Boite) -> None:
    expediteur = ExpediteurCourriel("127.0.0.1", boite.port, "ne-pas-repondre@parcours.example")

    accuse = expediteur.envoyer(envoi())

    (message,) = boite.messages()
    assert boite.recus[0].rcpt_tos == ["amelie.lefevre@example.org"]
    assert message["Subject"] == "Votre courrier : décision de sanction"
    assert message["Message-ID"] == accuse.reference == "<9f0c2b7e4a1d4c3b8e6f5a2d1c0b9e8f@parcours.example>"
    nom, contenu = piece_jointe(message)
    assert (nom, contenu) == ("decision-de-sanction.pdf", b"%PDF-1.7 un courrier")
    assert "LEFÈVRE" not in str(message.get_body(("plain",)))
    assert hashlib.sha256(contenu).hexdigest() in str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def test_un_serveur_de_courriel_injoignable_n_envoie_rien_et_le_dit_sans_nommer_le_destinataire() -> None:
    expediteur = ExpediteurCourriel("127.0.0.1", port_libre(), "ne-pas-repondre@parcours.example", delai_secondes=2)

    with pytest.raises(EnvoiImpossible) as erreur:
        expediteur.envoyer(envoi())

    assert erreur.value.code == "envoi-echoue"
    assert "amelie" not in str(erreur.value)
    assert "LEFÈVRE" not in str(erreur.value)


# --- post -------------------------------------------------------------------------------------------------------


def test_le_depot_laisse_le_pdf_puis_son_manifeste_et_aucun_fichier_a_moitie_ecrit(tmp_path: Path) -> None:
    depot = DepotCourriers(tmp_path / "depot")

    accuse = depot.envoyer(envoi(CanalCourrier.COURRIER))

    reference = "9f0c2b7e4a1d4c3b8e6f5a2d1c0b9e8f"
    assert accuse.reference == reference
    assert sorted(p.name for p in (tmp_path / "depot").iterdir()) == [f"{reference}.json", f"{reference}.pdf"]
    manifeste = json.loads((tmp_path / "depot" / f"{reference}.json").read_text(encoding="utf-8"))
    assert manifeste["fichier"] == f"{reference}.pdf"
    assert (
        manifeste["empreinte_sha256"]
        == hashlib.sha256((tmp_path / "depot" / f"{reference}.pdf").read_bytes()).hexdigest()
    )
    assert manifeste["affranchissement"] == "recommande_avec_accuse_de_reception"
    assert manifeste["destinataire"] == {
        "nom": "Amélie LEFÈVRE",
        "lignes": ["12 rue des Lilas"],
        "code_postal": "75011",
        "commune": "Paris",
    }


def test_un_depot_interrompu_ne_laisse_aucun_fichier_sous_son_nom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    depot = DepotCourriers(tmp_path)

    def panne(*_: Any) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr("infrastructure.courriers.depot.os.replace", panne)
    with pytest.raises(EnvoiImpossible):
        depot.envoyer(envoi(CanalCourrier.COURRIER))

    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []


# --- emitted from the application, on SQLite and PostgreSQL -----------------------------------------------------


@pytest.fixture
def reglages_courriers(reglages_persistants: Reglages, tmp_path: Path, boite: Boite) -> Reglages:
    return reglages_persistants.model_copy(
        update={"smtp_hote": "127.0.0.1", "smtp_port": boite.port, "depot_courriers": tmp_path / "depot"}
    )


@pytest.fixture
def app_courriers(reglages_courriers: Reglages, horloge: HorlogeDeTest) -> Iterator[ParcoursApplication]:
    migrer(reglages_courriers)
    application = construire_application(reglages_courriers, horloge)
    yield application
    application.close()


def inscrit(app: ParcoursApplication, personne: FichePersonne) -> Parcours:
    parcours_id = app.inscrire(par(), faits.inscription(), donnees=faits.DONNEES_EMPLOI, personne=personne).parcours_id
    return app.parcours(parcours_id)


def test_la_decision_d_orientation_envoyee_par_courriel_porte_l_empreinte_enregistree_et_se_rend_a_l_identique(
    app_courriers: ParcoursApplication, boite: Boite
) -> None:
    parcours = inscrit(app_courriers, fiche())

    resultat = app_courriers.emettre_courrier(parcours, par(), NatureCourrier.DECISION_ORIENTATION, ORIENTE)

    emis = app_courriers.historique(parcours.id)[-1]
    assert isinstance(emis, Parcours.CourrierEmis)
    assert (emis.canal, emis.destinataire, emis.version_rendue) == (CanalCourrier.COURRIEL, Destinataire.PERSONNE, 3)
    (message,) = boite.messages()
    _, joint = piece_jointe(message)
    assert hashlib.sha256(joint).hexdigest() == emis.empreinte
    assert message["Message-ID"] == emis.reference
    assert "Amélie" not in str(message["Subject"])
    assert "Lefèvre" not in str(message["Subject"])
    rendu = app_courriers.courrier(app_courriers.parcours(parcours.id), resultat.version)
    assert rendu.conforme
    assert rendu.pdf == joint
    assert "Amélie LEFÈVRE" in texte(rendu.pdf)
    assert "traitement algorithmique" in texte(rendu.pdf)


def test_une_adresse_changee_apres_l_envoi_ne_change_pas_le_courrier_rendu_a_nouveau(
    app_courriers: ParcoursApplication, tmp_path: Path
) -> None:
    parcours = inscrit(app_courriers, fiche())
    personne = app_courriers.personnes.lire(parcours.personne_id)  # type: ignore[arg-type]
    changer_contact(app_courriers, personne, par(), Contact(DECLAREE, adresse=ADRESSE))
    resultat = app_courriers.emettre_courrier(
        app_courriers.parcours(parcours.id), par(), NatureCourrier.DECISION_ORIENTATION, ORIENTE
    )
    demenagement = Contact(DECLAREE, adresse=Adresse(("1 avenue de la Gare",), "13001", "Marseille", "13201"))
    changer_contact(app_courriers, app_courriers.personnes.lire(personne.id), par(), demenagement)

    rendu = app_courriers.courrier(app_courriers.parcours(parcours.id), resultat.version)

    assert rendu.emis.canal is CanalCourrier.COURRIER  # no e-mail address any more: the post
    assert rendu.conforme
    assert "12 rue des Lilas" in texte(rendu.pdf)
    assert "Marseille" not in texte(rendu.pdf)
    (manifeste,) = (tmp_path / "depot").glob("*.json")
    assert json.loads(manifeste.read_text(encoding="utf-8"))["empreinte_sha256"] == rendu.emis.empreinte


def test_l_avis_contradictoire_d_un_mineur_part_par_la_poste_a_son_representant_legal(
    app_courriers: ParcoursApplication, horloge: HorlogeDeTest, tmp_path: Path, boite: Boite
) -> None:
    parcours = inscrit(app_courriers, fiche(naissance=date(2008, 9, 1)))
    representant = RepresentantLegal(
        nom="Lefèvre",
        prenoms=("Paul",),
        qualite=QualiteRepresentant.PARENT,
        contact=Contact(DECLAREE, adresse=ADRESSE),
        provenance=DECLAREE,
    )
    designer_representant(app_courriers, app_courriers.personnes.lire(parcours.personne_id), par(), representant)  # type: ignore[arg-type]
    pid = parcours.id
    horloge.aller_au(date(2025, 6, 3))
    app_courriers.notifier_orientation(app_courriers.parcours(pid), par(jour=date(2025, 6, 3)))
    app_courriers.realiser_diagnostic(app_courriers.parcours(pid), par(), faits.diagnostic())
    horloge.aller_au(date(2025, 6, 10))
    app_courriers.signer_contrat(app_courriers.parcours(pid), par(jour=date(2025, 6, 10)), faits.contrat())
    app_courriers.constater_manquement(app_courriers.parcours(pid), par(), faits.manquement(), manquement_id="m1")
    ouvert = app_courriers.ouvrir_contradictoire(
        app_courriers.parcours(pid), par(), ("m1",), faits.suspension(), Destinataire.PERSONNE, procedure_id="s1"
    )

    resultat = app_courriers.emettre_courrier(
        app_courriers.parcours(pid), par(AUTORITE), NatureCourrier.AVIS_CONTRADICTOIRE, ouvert.version
    )

    emis = app_courriers.historique(pid)[-1]
    assert isinstance(emis, Parcours.CourrierEmis)
    assert (emis.destinataire, emis.canal) == (Destinataire.REPRESENTANT_LEGAL, CanalCourrier.COURRIER)
    assert boite.recus == []  # the representative has no e-mail address: the post
    (manifeste,) = (tmp_path / "depot").glob("*.json")
    assert json.loads(manifeste.read_text(encoding="utf-8"))["destinataire"]["nom"] == "Paul LEFÈVRE"
    lu = texte(app_courriers.courrier(app_courriers.parcours(pid), resultat.version).pdf)
    assert "représentant légal (parent) d'Amélie LEFÈVRE" in lu
    assert "10 jours" in lu


def test_sans_adresse_electronique_ni_postale_rien_ne_part_et_rien_n_est_enregistre(
    app_courriers: ParcoursApplication, boite: Boite
) -> None:
    sans_contact = FichePersonne(fiche().identite, fiche().identifiants)
    parcours = inscrit(app_courriers, sans_contact)

    with pytest.raises(CoordonneesManquantes):
        app_courriers.emettre_courrier(parcours, par(), NatureCourrier.DECISION_ORIENTATION, ORIENTE)

    assert boite.recus == []
    assert [type(e).__name__ for e in app_courriers.historique(parcours.id)][-1] == "Oriente"


def test_une_ecriture_venue_entre_l_envoi_et_l_enregistrement_ne_perd_pas_le_courrier_envoye(
    app_courriers: ParcoursApplication, boite: Boite
) -> None:
    parcours = inscrit(app_courriers, fiche())
    lu_avant = app_courriers.parcours(parcours.id)
    app_courriers.informer_droits_devoirs(app_courriers.parcours(parcours.id), par())  # lands in between

    resultat = app_courriers.emettre_courrier(lu_avant, par(), NatureCourrier.DECISION_ORIENTATION, ORIENTE)

    assert [type(e).__name__ for e in app_courriers.historique(parcours.id)][-2:] == [
        "DroitsDevoirsInformes",
        "CourrierEmis",
    ]
    emis = app_courriers.historique(parcours.id)[-1]
    assert isinstance(emis, Parcours.CourrierEmis)
    assert emis.lu_a_la_version == 3  # the letter says what was read when it left
    (message,) = boite.messages()
    assert hashlib.sha256(piece_jointe(message)[1]).hexdigest() == emis.empreinte
    assert app_courriers.courrier(app_courriers.parcours(parcours.id), resultat.version).conforme
