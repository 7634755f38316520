"""Builds the parcours application on the store the settings choose."""

from application.parcours import ParcoursApplication
from domain.horloge import Horloge, horloge_systeme
from infrastructure.referentiels import charger_orientation
from infrastructure.reglages import Reglages
from infrastructure.transcodings import transcodings


def construire_application(
    reglages: Reglages, horloge: Horloge = horloge_systeme, creer_tables: bool | None = None
) -> ParcoursApplication:
    """The published referentials are loaded and checked against their registry first: a tampered
    file stops the start (``ReferentielAltere``). On PostgreSQL only ``parcours migrate`` creates
    the schema (``creer_tables=True``): several processes starting together (API workers,
    projection runners) must not race to create it. SQLite and memory create what they need on
    first use."""
    env = reglages.environnement_persistance()
    if creer_tables is None:
        creer_tables = reglages.moteur != "postgres"
    env["CREATE_TABLE"] = "y" if creer_tables else "n"
    referentiels = charger_orientation(reglages.referentiels)
    return ParcoursApplication(env=env, horloge=horloge, transcodings=transcodings(), referentiels=referentiels)
