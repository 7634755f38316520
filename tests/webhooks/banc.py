"""The webhooks' test bench: a migrated store, the subscriptions' store, the enqueuer and the sender, turned by
the test until a condition holds (never a sleep), and parcours whose roles tell the subscribers apart."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID, uuid4

from application.flux import PUBLIABLES, Publiable
from application.parcours import ParcoursApplication
from application.principal import Role
from domain.orientation import Orientation
from domain.vocabulaire import ModeOrientation, Organisme, TypeParcours
from infrastructure.cle_maitre import cle_maitre_de
from infrastructure.reglages import Reglages
from infrastructure.webhooks.abonnements import Abonnement, StatutAbonnement, organe
from infrastructure.webhooks.enfileur import Enfileur
from infrastructure.webhooks.expediteur import Expediteur
from infrastructure.webhooks.magasin import MagasinWebhooks, abonner
from tests.infrastructure.attente import jusqu_a
from tests.support import faits
from tests.support.demandes import agent, par

REGLAGES_RAPIDES = {
    "webhooks_essais": 3,
    "webhooks_attente_initiale_secondes": 0.01,
    "webhooks_attente_max_secondes": 0.04,
    "webhooks_delai_secondes": 2.0,
}
"""Three attempts a few hundredths of a second apart: the retries of a test take no time."""
MISSION_LOCALE = Orientation(type_parcours=TypeParcours.EMPLOI, organisme=Organisme.MISSION_LOCALE)


@dataclass
class Banc:
    application: ParcoursApplication
    magasin: MagasinWebhooks
    reglages: Reglages

    def __post_init__(self) -> None:
        self.enfileur = Enfileur(self.application, self.magasin, taille_page=4)  # several pages in every test
        self.expediteur = Expediteur(self.application, self.magasin, cle_maitre_de(self.reglages), self.reglages)

    def abonner(
        self,
        url: str,
        organisme: Organisme = Organisme.FRANCE_TRAVAIL,
        role: Role = Role.CONSEILLER,
        types: Iterable[type[Publiable]] = PUBLIABLES,
        depuis: int = 0,
    ) -> tuple[Abonnement, str]:
        abonnement = Abonnement(
            id=uuid4(), url=url, organe=organe(organisme.value, "75"), role=role, types=frozenset(types),
            description="banc d'essai", statut=StatutAbonnement.ACTIF, depuis=depuis, cree_le=time.time(),
        )  # fmt: skip
        return abonnement, abonner(self.magasin, cle_maitre_de(self.reglages), abonnement)

    def tourner_jusqu_a(self, condition: Callable[[], bool], delai: float = 15.0) -> None:
        """Records and sends what is due, again and again, until ``condition`` holds."""

        def tour() -> bool:
            self.enfileur.rattraper()
            self.expediteur.envoyer_les_dues()
            return condition()

        jusqu_a(tour, delai=delai)

    def parcours_suivi_par_la_mission_locale(self) -> UUID:
        """Registered by France Travail, oriented to the mission locale, which informs the person of their rights
        and duties: France Travail decided the orientation (it reads the orientation, not the contract's part),
        the mission locale is the organisme référent (it reads everything), the département holds no role."""
        app = self.application
        parcours_id = app.inscrire(par(), faits.inscription()).parcours_id
        app.orienter(app.parcours(parcours_id), par(), MISSION_LOCALE, ModeOrientation.AGENT)
        app.informer_droits_devoirs(app.parcours(parcours_id), par(agent(Organisme.MISSION_LOCALE)))
        return parcours_id

    def fermer(self) -> None:
        self.expediteur.fermer()
        self.magasin.fermer()
