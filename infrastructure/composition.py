"""Builds the parcours application on the store the settings choose."""

from typing import cast

from eventsourcing.utils import get_topic

from application.parcours import ParcoursApplication
from domain.horloge import Horloge, horloge_systeme
from infrastructure.courriers import RedacteurPdf
from infrastructure.courriers.expedition import expedition_pour
from infrastructure.referentiels import charger_delegations, charger_orientation
from infrastructure.reglages import Reglages
from infrastructure.sceaux import cle_de_sceau, sceller_les_ecritures
from infrastructure.scellement import MapperScellant, TranscodeurScellant
from infrastructure.transcodings import transcodings
from infrastructure.trousseau import trousseau_pour


def construire_application(
    reglages: Reglages, horloge: Horloge = horloge_systeme, creer_tables: bool | None = None
) -> ParcoursApplication:
    """The published referentials are loaded and checked against their registry first: a tampered
    file stops the start (``ReferentielAltere``). On PostgreSQL only ``parcours migrate`` creates
    the schema (``creer_tables=True``): several processes starting together (API workers,
    projection runners) must not race to create it. SQLite and memory create what they need on
    first use.

    Personal fields are sealed with each person's key (``scellement.py``), kept in the key table
    under the settings' master key (``trousseau.py``). Every stored event is sealed in its append
    transaction with ``PARCOURS_CLE_SCEAU`` (``sceaux.py``): the recorder gets the key here, before anything
    is written. Letters are rendered from the events as PDF/A and sent by e-mail or post
    (``infrastructure/courriers``)."""
    env = reglages.environnement_persistance()
    if creer_tables is None:
        creer_tables = reglages.moteur != "postgres"
    env["CREATE_TABLE"] = "y" if creer_tables else "n"
    referentiels = charger_orientation(reglages.referentiels)
    env["TRANSCODER_TOPIC"] = get_topic(TranscodeurScellant)
    trousseau = trousseau_pour(reglages)
    cle_sceau = cle_de_sceau(reglages)
    application = ParcoursApplication(
        env=env,
        horloge=horloge,
        transcodings=transcodings(),
        referentiels=referentiels,
        delegations=charger_delegations(reglages.referentiels),
        trousseau=trousseau,
        mapper=lambda transcodeur: MapperScellant(cast(TranscodeurScellant, transcodeur), trousseau),
        redacteur=RedacteurPdf(),
        expediteur=expedition_pour(reglages),
    )
    sceller_les_ecritures(application.recorder, cle_sceau)
    return application
