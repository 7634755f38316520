"""Deadlines and thresholds of the law, as parameters of a versioned referential.

DOMAIN.md: every number is a parameter, never a literal in a rule, because the law moves and a
decision must be replayable under the rules of its day. Events record the values they used
(deadline length and computed date), so a replay never depends on today's parameters.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TypeAlias

VersionParametres: TypeAlias = str
"""Which ``Parametres`` a step read its deadline or its barème from ("2025.1"). Events store it under
the field name ``parametres`` (a name kept: renaming a field would change every stored event)."""


@dataclass(frozen=True)
class Bareme:
    """Bounds of one sanction level: minimum rate (percent) and duration in months."""

    taux_minimum: Decimal
    duree_min_mois: int
    duree_max_mois: int


@dataclass(frozen=True)
class Parametres:
    version: VersionParametres
    heures_hebdo_minimum: int
    """CT L.5411-6: at least 15 hours of activity a week."""
    delai_signature_contrat_mois: int
    """CT D.5411-14-1: contract signed within 1 month of the notification of the orientation."""
    delai_orientation_rsa_semaines: int
    """CASF D.262-65-2: the PCD orients an RSA beneficiary within 6 weeks (then France Travail may)."""
    delai_contradictoire_jours: int
    """CT R.5412-7: 10 days from the certain date of receipt to present observations."""
    delai_recours_mois: int
    """CASF R.262-88 (RAPO) and CRPA L.411-2: 2 months from notification."""
    delai_revue_droits_devoirs_mois: int
    """Droits et devoirs reviewed every 6 months (DOMAIN §7)."""
    delai_explication_mois: int
    """CRPA R.311-3-1-2: the explanation of an algorithmic decision is given within 1 month of the request."""
    delai_reponse_rectification_mois: int
    """RGPD art. 12 §3: a request to rectify one's data (art. 16) is answered within 1 month."""
    bareme_niveau_1: Bareme
    """Décret 2025-478: suspension of at least 30 % for 1 to 2 months."""
    bareme_niveau_2: Bareme
    """Décret 2025-478: suspension or suppression of at least 30 % for 1 to 4 months."""
    taux_suppression_totale: Decimal
    """A suppression at this rate is total and leads to radiation for the same duration."""
    tolerance_horloge: timedelta = timedelta(minutes=5)
    """Not a number of the law: how far a step's business time may run ahead of its recording time,
    for the skew between a caller's clock and the service's (DESIGN §1.7; ``DateMetierFuture``)."""
    conservation_parcours_ans: int = 20
    """How long a person's case data are kept after the end of their registration (the last parcours
    closed), then erased: 20 years, as CT R.5312-44 is reported to set for the processing of job seekers'
    data (to be checked against the decree in force; ``domain/regles/conservation.py``)."""
    conservation_consultations_mois: int = 12
    """How long the consultations log keeps an entry: CNIL délibération 2021-122 recommends 6 to 12 months
    (up to 3 years if justified); 12 chosen here."""
    delai_reexamen_rsa_mois: int = 6
    """CASF L.262-31: an RSA beneficiary on a social path is reviewed after 6 months (up to 12)."""


PARAMETRES_2025_1 = Parametres(
    version="2025.1",
    heures_hebdo_minimum=15,
    delai_signature_contrat_mois=1,
    delai_orientation_rsa_semaines=6,
    delai_contradictoire_jours=10,
    delai_recours_mois=2,
    delai_revue_droits_devoirs_mois=6,
    delai_explication_mois=1,
    delai_reponse_rectification_mois=1,
    bareme_niveau_1=Bareme(taux_minimum=Decimal(30), duree_min_mois=1, duree_max_mois=2),
    bareme_niveau_2=Bareme(taux_minimum=Decimal(30), duree_min_mois=1, duree_max_mois=4),
    taux_suppression_totale=Decimal(100),
    tolerance_horloge=timedelta(minutes=5),
    conservation_parcours_ans=20,
    conservation_consultations_mois=12,
    delai_reexamen_rsa_mois=6,
)
"""Parameters in force since 1 June 2025 (décret 2025-478)."""

PARAMETRES_PAR_VERSION: dict[VersionParametres, Parametres] = {PARAMETRES_2025_1.version: PARAMETRES_2025_1}
"""Every version of the parameters ever in force: a step that recorded its version (``parametres``) is read
again under its own numbers, e.g. a letter rendered again from its events (``infrastructure/courriers``)."""


def parametres_en_version(version: VersionParametres) -> Parametres:
    """The parameters of ``version``; a version this code does not know is an error, never today's numbers."""
    return PARAMETRES_PAR_VERSION[version]
