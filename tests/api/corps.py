"""Request bodies as a UI sends them."""

from typing import Any

INSCRIPTION: dict[str, Any] = {
    "inscription": {"motif": "demande", "canal": "en_ligne", "territoire": {"departement": "75", "bassin": "Paris"}}
}
DONNEE_AGE: dict[str, object] = {"nom": "age", "valeur": 30, "source": "declaration", "collecte_le": "2025-06-01"}
"""Alone, it fits no rule of the referential: the algorithm asks for an entretien d'orientation (R99)."""
DONNEES_EMPLOI: list[dict[str, object]] = [
    DONNEE_AGE,
    {"nom": "activite_recente_24_mois", "valeur": True, "source": "declaration", "collecte_le": "2025-06-01"},
    {"nom": "capacite_a_se_projeter", "valeur": "oui", "source": "declaration", "collecte_le": "2025-06-01"},
    {"nom": "freins.mobilite", "valeur": "sans_impact", "source": "declaration", "collecte_le": "2025-06-01"},
]
"""Rule R04 of 2025.1: France Travail, parcours emploi, confirmed by the algorithm alone."""
ORIENTATION = {
    "orientation": {"type_parcours": "EMPLOI", "organisme": "FRANCE_TRAVAIL"},
    "mode": "agent",
    "motif": "Projet professionnel clair",
    "criteres": [
        {"nom": "activite_recente_24_mois", "valeur": True, "source": "declaration", "collecte_le": "2025-06-01"},
        {
            "nom": "freins.sante",
            "valeur": "sans_impact",
            "source": "conseiller",
            "collecte_le": "2025-06-02",
            "sensible": True,
        },
    ],
}
DIAGNOSTIC = {
    "diagnostic": {
        "items": [{"theme": "mobilite", "niveau": "moyen", "source": "conseiller"}],
        "realise_avec_la_personne": True,
    }
}
CONTRAT: dict[str, Any] = {
    "contrat": {
        "organisme": "FRANCE_TRAVAIL",
        "referent": "agent-42",
        "objectifs": ["Retrouver un emploi de cariste"],
        "actions": [{"libelle": "Atelier CV", "echeance": "2025-07-01"}],
        "heures_hebdo": 15,
    },
    "effective_le": "2025-06-10T10:00:00+02:00",
}
MANQUEMENT = {"manquement": {"type": "assiduite", "faits": "Absent à trois ateliers", "preuves": ["émargement"]}}
SUSPENSION = {"niveau": "niveau_1", "nature": "suspension", "allocation": "ARE", "taux": "30", "duree_mois": 1}
MOTIF_SANCTION = (
    "Absent sans motif aux ateliers collectifs des 11, 13 et 18 juin, attesté par les feuilles d'émargement"
)
"""The facts a sanction rests on: an unfavourable decision states them (CRPA L.211-2, L.211-5)."""
DECISION_SANCTION: dict[str, Any] = {"sanction": SUSPENSION, "motif": MOTIF_SANCTION}
MOTIF_RADIATION = "Suppression totale de l'allocation pour quatre mois notifiée : radiation pour la même durée"
MOTIF_REJET = "Les absences aux ateliers ne sont justifiées par aucune pièce produite à l'appui du recours"
VOIES = {"voies_de_recours": [{"type": "mediation_prealable", "instance": "Médiateur régional", "delai_mois": 2}]}


def le(jour: str) -> dict[str, str]:
    return {"effective_le": f"{jour}T10:00:00+02:00"}
