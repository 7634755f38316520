"""How long a person's data are kept, and on which basis they may be erased (DESIGN §7; DOMAIN §3).

Case data are kept for the retention the processing's decree sets after the end of registration (CT
R.5312-44 as reported: 20 years, to be checked; ``Parametres.conservation_parcours_ans``), longer while a
dispute is pending, then erased (RGPD art. 5 1 e, storage limitation). Before that day, only an order (a
court's, or the CNIL's under RGPD art. 58 2 g) or a request for erasure judged founded (RGPD art. 17)
erases them. Whatever the basis, a person whose parcours is open is not erased: the parcours is closed
first (a sortie), so that no step is ever recorded for someone whose data are gone.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.delais import plus_mois
from domain.erreurs import RegleEnfreinte
from domain.parametres import Parametres
from domain.vocabulaire import FondementEffacement

ARTICLES: dict[FondementEffacement, tuple[str, ...]] = {
    FondementEffacement.FIN_DE_CONSERVATION: ("RGPD art. 5 1 e", "CT R.5312-44"),
    FondementEffacement.DECISION_DE_JUSTICE: ("RGPD art. 17 1 e",),
    FondementEffacement.INJONCTION_CNIL: ("RGPD art. 58 2 g",),
    FondementEffacement.DEMANDE_FONDEE: ("RGPD art. 17 1",),
}
"""The legal basis each erasure's decision records (``FondementEffacement`` in ``domain.vocabulaire``)."""


class ConservationEnCours(RegleEnfreinte):
    """A person's data are kept while a parcours of theirs is open, and until the end of their retention
    (the last parcours closed + ``conservation_parcours_ans``; CT R.5312-44 as reported, to be checked),
    longer while a dispute is pending; before that, only an order or a founded request erases them
    (RGPD art. 17, art. 58 2 g)."""

    code = "conservation-en-cours"
    titre = "Données encore en conservation"


@dataclass(frozen=True)
class Conservation:
    """What the retention of a person's data depends on, as the application read it."""

    parcours_ouvert: UUID | None
    fin_inscription: date
    """The day the person's last parcours closed (their registration, if they never had one)."""
    litige_en_cours: bool = False
    """A recours of one of their parcours still awaits its outcome."""


def fin_de_conservation(fin_inscription: date, parametres: Parametres) -> date:
    """The first day the data may be erased for the end of their retention (CT R.5312-44 as reported)."""
    return plus_mois(fin_inscription, 12 * parametres.conservation_parcours_ans)


def est_due(conservation: Conservation, jour: date, parametres: Parametres) -> bool:
    """Whether the retention has run out on ``jour`` (what ``parcours donnees purger`` erases)."""
    return (
        conservation.parcours_ouvert is None
        and not conservation.litige_en_cours
        and jour >= fin_de_conservation(conservation.fin_inscription, parametres)
    )


def verifier_effacement(
    fondement: FondementEffacement, conservation: Conservation, jour: date, parametres: Parametres
) -> date:
    """Refuses an erasure the retention forbids on ``jour``; gives the end of the retention."""
    fin = fin_de_conservation(conservation.fin_inscription, parametres)
    if conservation.parcours_ouvert is not None:
        raise ConservationEnCours(
            f"Le parcours {conservation.parcours_ouvert} de cette personne est ouvert : clôturez-le avant "
            "d'effacer ses données (CT L.5411-1)."
        )
    if fondement is not FondementEffacement.FIN_DE_CONSERVATION:
        return fin
    if conservation.litige_en_cours:
        raise ConservationEnCours(
            "Un recours est en cours : les données sont conservées jusqu'à son issue (CT R.5312-44)."
        )
    if jour < fin:
        raise ConservationEnCours(
            f"Les données sont conservées jusqu'au {fin.isoformat()}, "
            f"{parametres.conservation_parcours_ans} ans après la fin de l'inscription (CT R.5312-44) ; "
            "avant, seule une décision de justice, une injonction de la CNIL ou une demande d'effacement "
            "fondée les efface (RGPD art. 17)."
        )
    return fin
