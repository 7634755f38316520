"""A settings error as an operator reads it: one French line naming the environment variable (pydantic writes
its messages in English and names the field), never the value given — a DATABASE_URL may carry a password."""

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_settings import SettingsError

MESSAGES: Mapping[str, str] = {
    "missing": "requis",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_parsing": "nombre attendu",
    "bool_parsing": "vrai ou faux attendu (true, false, 1, 0)",
    "greater_than": "doit dépasser {gt}",
    "greater_than_equal": "au moins {ge}",
    "less_than": "doit rester sous {lt}",
    "less_than_equal": "au plus {le}",
    "string_pattern_mismatch": "forme non reconnue",
    "string_too_long": "trop long (au plus {max_length} caractères)",
    "string_too_short": "trop court",
    "enum": "valeur attendue parmi : {expected}",
    "literal_error": "valeur attendue parmi : {expected}",
    "path_type": "chemin attendu",
    "url_parsing": "adresse illisible",
    "json_invalid": "JSON illisible",
    "tuple_type": "liste attendue (JSON)",
    "list_type": "liste attendue (JSON)",
}
"""pydantic's error types the settings can raise, in French; an unknown type says « valeur refusée »."""


def variable(champ: str) -> str:
    """The environment variable a setting is read from."""
    return "DATABASE_URL" if champ.lower() in ("database_url", "parcours_database_url") else f"PARCOURS_{champ.upper()}"


def en_francais(detail: Mapping[str, Any]) -> str:
    """One error of a settings validation: our own refusals as they are written (they name their variable),
    pydantic's in French after the variable's name."""
    contexte = detail.get("ctx") or {}
    if detail["type"] in ("value_error", "assertion_error") and "error" in contexte:
        return str(contexte["error"])
    message = MESSAGES.get(detail["type"], "valeur refusée").format_map(
        {cle: str(valeur).replace("'", "").replace(" or ", ", ") for cle, valeur in contexte.items()}
    )
    champs = [str(partie) for partie in detail["loc"] if isinstance(partie, str)]
    return f"{variable(champs[0])} : {message}" if champs else message


def messages(erreur: ValidationError | SettingsError) -> list[str]:
    """Each error of the settings, in French; a list or a mapping that is not JSON stops before validation."""
    if isinstance(erreur, SettingsError):
        champ = re.search(r'field "(\w+)"', str(erreur))
        return [f'{variable(champ.group(1)) if champ else "réglage"} : JSON attendu (une liste : ["…"])']
    return [en_francais(d) for d in erreur.errors(include_input=False, include_url=False)]
