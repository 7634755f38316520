"""The referential in plain French: each rule, decider and condition as anyone may read it (CRPA L.312-1-3).

The same wording describes the conditions in the trace of each evaluation, so the explanation given to a
person (CRPA R.311-3-1-2) reads like the published rules.
"""

from collections.abc import Mapping

from domain.referentiel.catalogue import Entree, ValeurSimple
from domain.referentiel.conditions import (
    Appartenance,
    Comparaison,
    Compte,
    Condition,
    Non,
    Operateur,
    Sinon,
    Tous,
    UnParmi,
)
from domain.referentiel.modele import Decideur, Referentiel, Regle

AUTRES_CAS = "dans tous les autres cas"
COMPARATIFS: dict[Operateur, str] = {
    "egal": "{}",
    "different": "autre que {}",
    "inferieur": "moins de {}",
    "inferieur_ou_egal": "{} ou moins",
    "superieur": "plus de {}",
    "superieur_ou_egal": "{} ou plus",
}


def decrire(element: Regle | Decideur | Condition, referentiel: Referentiel) -> str:
    """A rule, a decider or a condition of this referential, in French.

    ``R01 — si bénéficiaire du RSA, au moins 1 frein fort (santé, logement ou garde d'enfant) et capacité
    à se projeter dans un emploi : autre que « oui », alors parcours SOCIAL, organisme DEPARTEMENT``.
    """
    match element:
        case Regle():
            return f"{element.id} — {_si(element.si, referentiel.entrees)}, {_issue(element)}"
        case Decideur():
            cas = _si(element.si, referentiel.entrees)
            return f"{element.libelle} ({element.autorite.value}) décide l'orientation {cas}"
        case _:
            return decrire_condition(element, referentiel.entrees)


def decrire_condition(condition: Condition, catalogue: Mapping[str, Entree]) -> str:
    match condition:
        case Tous(conditions) | UnParmi(conditions):
            conjonction = "et" if isinstance(condition, Tous) else "ou"
            return _enumerer([_partie(partie, catalogue) for partie in conditions], conjonction)
        case Non(partie):
            return f"non ({decrire_condition(partie, catalogue)})"
        case Sinon():
            return AUTRES_CAS
        case Comparaison(nom, operateur, valeur):
            return _comparaison(catalogue[nom], operateur, valeur)
        case Appartenance(nom, valeurs):
            entree = catalogue[nom]
            return f"{entree.libelle} : {_enumerer([_valeur(entree, v) for v in valeurs], 'ou')}"
        case Compte():
            return _compte(condition, catalogue[condition.entree])


def decrire_valeur(entree: Entree, valeur: ValeurSimple | None) -> str:
    """A value read for a person, or « non renseigné »."""
    return "non renseigné" if valeur is None else _valeur(entree, valeur)


def _si(condition: Condition, catalogue: Mapping[str, Entree]) -> str:
    return AUTRES_CAS if isinstance(condition, Sinon) else f"si {decrire_condition(condition, catalogue)}"


def _issue(regle: Regle) -> str:
    if regle.orientation is None:
        return "entretien d'orientation (une personne décide)"
    return f"alors parcours {regle.orientation.type_parcours.value}, organisme {regle.orientation.organisme.value}"


def _partie(condition: Condition, catalogue: Mapping[str, Entree]) -> str:
    texte = decrire_condition(condition, catalogue)
    return f"({texte})" if isinstance(condition, Tous | UnParmi) else texte


def _enumerer(termes: list[str], conjonction: str) -> str:
    if len(termes) == 1:
        return termes[0]
    return f"{', '.join(termes[:-1])} {conjonction} {termes[-1]}"


def _valeur(entree: Entree, valeur: ValeurSimple) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int):
        return str(valeur)
    return f"« {entree.libelle_de(valeur)} »"


def _comparaison(entree: Entree, operateur: Operateur, valeur: ValeurSimple) -> str:
    if isinstance(valeur, bool):
        affirme = valeur is (operateur == "egal")
        return entree.libelle if affirme else f"{entree.libelle} : non"
    return f"{entree.libelle} : {COMPARATIFS[operateur].format(_valeur(entree, valeur))}"


def decrire_nombre(compte: Compte, entree: Entree, nombre: int) -> str:
    """What a count found: « 2 freins moyens », « 0 frein fort ou moyen »."""
    return f"{nombre} {_objet(compte, entree, nombre)}"


def _compte(compte: Compte, entree: Entree) -> str:
    objet = _objet(compte, entree, max(compte.au_moins or 0, compte.au_plus or 0))
    cles = f" ({_enumerer([entree.libelle_de(cle) for cle in compte.cles], 'ou')})" if compte.cles else ""
    return f"{_quantite(compte.au_moins, compte.au_plus)} {objet}{cles}"


def _objet(compte: Compte, entree: Entree, nombre: int) -> str:
    niveaux = " ou ".join(_accorder(entree.libelle_de(niveau), nombre) for niveau in compte.niveaux)
    return f"{_accorder(entree.libelle, nombre)} {niveaux}"


def _quantite(au_moins: int | None, au_plus: int | None) -> str:
    if au_plus == 0:
        return "aucun"
    if au_plus is None:
        return f"au moins {au_moins}"
    if au_moins is None or au_moins == 0:
        return f"au plus {au_plus}"
    return f"exactement {au_moins}" if au_moins == au_plus else f"de {au_moins} à {au_plus}"


def _accorder(mot: str, nombre: int) -> str:
    """Plural of a one-word label ("frein fort" → "freins forts"); longer labels are kept as written."""
    return f"{mot}s" if nombre > 1 and " " not in mot and not mot.endswith(("s", "x", "z")) else mot
