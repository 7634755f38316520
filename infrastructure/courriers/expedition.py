"""The application's ``Expediteur``: each letter to the channel it goes by, the channels built from the settings."""

from collections.abc import Mapping

from application.courriers import Accuse, Envoi, EnvoiImpossible, Expediteur
from domain.vocabulaire import CanalCourrier
from infrastructure.courriers.courriel import ExpediteurCourriel
from infrastructure.courriers.depot import DepotCourriers
from infrastructure.reglages import Reglages


class Expedition:
    """Sends by the letter's channel, among those configured."""

    def __init__(self, par_canal: Mapping[CanalCourrier, Expediteur]) -> None:
        self.par_canal = dict(par_canal)

    @property
    def canaux(self) -> frozenset[CanalCourrier]:
        return frozenset(self.par_canal)

    def envoyer(self, envoi: Envoi) -> Accuse:
        expediteur = self.par_canal.get(envoi.canal)
        if expediteur is None:
            raise EnvoiImpossible(f"Aucun envoi configuré pour le canal {envoi.canal.value}.", "canal-indisponible")
        return expediteur.envoyer(envoi)


def expedition_pour(reglages: Reglages) -> Expedition:
    """E-mail when ``PARCOURS_SMTP_HOTE`` is set; post when a drop folder is (``var/courriers`` in development)."""
    canaux: dict[CanalCourrier, Expediteur] = {}
    if reglages.smtp_hote:
        canaux[CanalCourrier.COURRIEL] = ExpediteurCourriel(
            hote=reglages.smtp_hote,
            port=reglages.smtp_port,
            expediteur=reglages.smtp_expediteur,
            starttls=reglages.smtp_starttls,
            utilisateur=reglages.smtp_utilisateur,
            mot_de_passe=reglages.smtp_mot_de_passe,
            delai_secondes=reglages.smtp_delai_secondes,
        )
    if (dossier := reglages.dossier_des_courriers) is not None:
        canaux[CanalCourrier.COURRIER] = DepotCourriers(dossier)
    return Expedition(canaux)
