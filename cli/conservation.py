"""``parcours donnees purger``: the erasures due at the end of the retention, and the consultations log
past its own (DESIGN §7; ``application/effacement.py``). ``--a-blanc`` lists what is due (ids and dates
only, never a name) and writes nothing."""

import argparse
import sys
from datetime import UTC, date, datetime

from application.effacement import Purge, purger, relever
from application.parcours import ParcoursApplication
from cli.donnees import jour
from domain.decision import FUSEAU_METIER
from infrastructure.composition import construire_application
from infrastructure.consultations import journal_pour, limite_de_retention
from infrastructure.idempotence import magasin_pour
from infrastructure.reglages import Reglages


def declarer(commandes: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """``parcours donnees purger [--a-blanc] [--au AAAA-MM-JJ]``."""
    donnees = commandes.add_parser("donnees", help="conservation et effacement des données personnelles")
    purge = donnees.add_subparsers(dest="action", required=True).add_parser(
        "purger", help="efface les personnes dont la durée de conservation a pris fin, et le journal des consultations"
    )
    purge.add_argument("--a-blanc", action="store_true", help="liste ce qui est dû sans rien effacer")
    purge.add_argument("--au", type=jour, help="la date d'échéance (AAAA-MM-JJ ; aujourd'hui par défaut)")


def aujourd_hui() -> date:
    return datetime.now(UTC).astimezone(FUSEAU_METIER).date()


def purger_les_donnees(reglages: Reglages, a_blanc: bool, au: date | None) -> int:
    """0 when everything due was erased (or listed), 1 when an erasure failed, 2 for a date refused."""
    echeance = au or aujourd_hui()
    if not a_blanc and echeance > aujourd_hui():
        print("parcours : --au ne peut dépasser aujourd'hui qu'avec --a-blanc", file=sys.stderr)
        return 2
    application = construire_application(reglages)
    try:
        code = _lister(application, echeance) if a_blanc else _effacer(application, echeance)
        _consultations(reglages, application, a_blanc)
    finally:
        application.close()
    return code


def _lister(application: ParcoursApplication, jour: date) -> int:
    dues = relever(application, jour)
    for echeance in dues:
        print(
            f"à effacer : personne {echeance.personne_id}, fin d'inscription {echeance.fin_inscription.isoformat()}, "
            f"fin de conservation {echeance.fin_conservation.isoformat()}"
        )
    print(f"à blanc : {len(dues)} personne(s) à effacer au {jour.isoformat()}")
    return 0


def _effacer(application: ParcoursApplication, jour: date) -> int:
    bilan: Purge = purger(application, jour, magasin_pour(application.recorder))
    for personne_id, erreur in bilan.echecs:
        print(f"ÉCHEC personne {personne_id} : {erreur}", file=sys.stderr)
    cles = sum(e.cles for e in bilan.effacees)
    reponses = sum(e.reponses for e in bilan.effacees)
    print(
        f"effacement : {len(bilan.effacees)} personne(s) effacée(s) au {jour.isoformat()}, {cles} clé(s) détruite(s), "
        f"{reponses} réponse(s) gardée(s) vidée(s), {len(bilan.echecs)} échec(s)"
    )
    return 1 if bilan.echecs else 0


def _consultations(reglages: Reglages, application: ParcoursApplication, a_blanc: bool) -> None:
    """The consultations log keeps ``conservation_consultations_mois`` (the parameter; the setting
    ``PARCOURS_RETENTION_CONSULTATIONS_MOIS``, when given, takes its place)."""
    mois = application.parametres.conservation_consultations_mois
    if "retention_consultations_mois" in reglages.model_fields_set:
        mois = reglages.retention_consultations_mois
    avant = limite_de_retention(datetime.now(UTC), mois)
    if a_blanc:
        print(f"à blanc : consultations antérieures au {avant:%d/%m/%Y} à effacer ({mois} mois)")
        return
    registre = journal_pour(reglages)
    try:
        print(f"consultations : {registre.purger(avant)} entrée(s) antérieure(s) au {avant:%d/%m/%Y} effacée(s)")
    finally:
        registre.fermer()
