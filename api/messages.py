"""Validation messages in French, by pydantic error type; the original text stays in English for
the types not listed (the stable ``type`` is always given for programs)."""

from typing import Any

MESSAGES: dict[str, str] = {
    "missing": "champ requis",
    "extra_forbidden": "champ inconnu",
    "enum": "valeur non permise ; attendu : {expected}",
    "literal_error": "valeur non permise ; attendu : {expected}",
    "string_type": "texte attendu",
    "string_too_short": "texte trop court (au moins {min_length} caractère(s))",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "string_pattern_mismatch": "format non reconnu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "bool_parsing": "booléen attendu (true ou false)",
    "bool_type": "booléen attendu (true ou false)",
    "decimal_parsing": "nombre décimal attendu",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être au moins {ge}",
    "less_than_equal": "doit être au plus {le}",
    "too_short": "au moins {min_length} élément(s)",
    "too_long": "au plus {max_length} éléments",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue (AAAA-MM-JJ)",
    "datetime_from_date_parsing": "date et heure attendues (ISO 8601, avec fuseau)",
    "datetime_parsing": "date et heure attendues (ISO 8601, avec fuseau)",
    "timezone_aware": "le fuseau horaire est requis",
    "uuid_parsing": "identifiant (UUID) attendu",
    "uuid_type": "identifiant (UUID) attendu",
    "json_invalid": "JSON invalide",
}


def en_francais(erreur: dict[str, Any]) -> str:
    gabarit = MESSAGES.get(erreur["type"])
    if gabarit is None:
        return str(erreur["msg"])
    try:
        contexte = {cle: str(valeur).replace(" or ", " ou ") for cle, valeur in (erreur.get("ctx") or {}).items()}
        return gabarit.format(**contexte)
    except (KeyError, IndexError):
        return gabarit.split(" ;")[0]
