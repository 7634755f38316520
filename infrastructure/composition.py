"""Builds the parcours application on the store the settings choose."""

from application.parcours import ParcoursApplication
from domain.horloge import Horloge, horloge_systeme
from infrastructure.reglages import Reglages
from infrastructure.transcodings import transcodings


def construire_application(reglages: Reglages, horloge: Horloge = horloge_systeme) -> ParcoursApplication:
    return ParcoursApplication(env=reglages.environnement_persistance(), horloge=horloge, transcodings=transcodings())
