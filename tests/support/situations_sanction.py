"""Situations of the sanction procedure, named by state, shared by the sanction tests."""

from datetime import date

from domain.sanction import Sanction
from domain.vocabulaire import Allocation, NiveauSanction
from tests.support import faits
from tests.support.scenario import (
    DELAI_ECOULE,
    SOUS_CONTRAT,
    Commande,
    avis_receptionne,
    contradictoire_ouvert,
    manquement_constate,
    sanction_decidee,
    sanction_rsa_decidee,
)

P = faits.P
FIN_DU_DELAI = date(2025, 7, 11)
"""DELAI_ECOULE: the notice was received on 1 July, the 10 days run until 11 July."""
LENDEMAIN = date(2025, 7, 12)
NIVEAU_2 = faits.suspension(niveau=NiveauSanction.NIVEAU_2, taux=50, mois=3)
LOURDE = faits.suppression_totale(mois=4)
"""Announced in the notice when a level-2 sanction is envisaged: the decision may not be heavier."""
SUSPENSION_RSA = faits.suspension(allocation=Allocation.RSA)

DELAI_ECOULE_NIVEAU_2_ENVISAGE = (
    *SOUS_CONTRAT,
    manquement_constate(),
    contradictoire_ouvert(envisagee=LOURDE),
    avis_receptionne(recu_le=date(2025, 7, 1)),
)
DELAI_ECOULE_RSA = (
    *SOUS_CONTRAT,
    manquement_constate(),
    contradictoire_ouvert(envisagee=SUSPENSION_RSA),
    avis_receptionne(recu_le=date(2025, 7, 1)),
)

NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT = (
    *DELAI_ECOULE,
    sanction_decidee(),
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=LOURDE),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
)
"""A level-1 sanction for assiduité in force (s1), then a second assiduité breach whose period has run (s2)."""

NIVEAU_1_RSA_PUIS_NOUVEAU_MANQUEMENT = (
    *DELAI_ECOULE_RSA,
    sanction_rsa_decidee(),
    manquement_constate("m2"),
    contradictoire_ouvert("s2", ("m2",), envisagee=faits.suppression_totale(allocation=Allocation.RSA)),
    avis_receptionne("s2", recu_le=date(2025, 8, 1)),
)

SUPPRESSION_TOTALE_DECIDEE = (
    *NIVEAU_1_DECIDE_PUIS_NOUVEAU_MANQUEMENT,
    sanction_decidee("s2", sanction=faits.suppression_totale(mois=4), jour=date(2025, 8, 15)),
)


def decider(
    sanction: Sanction, jour: date = LENDEMAIN, procedure_id: str = "s1", avis_equipe: bool = False
) -> Commande:
    d = faits.decision_autorite(jour, motif=faits.MOTIF_SANCTION)
    return lambda p: p.decider_sanction(procedure_id, sanction, avis_equipe, d, P)
