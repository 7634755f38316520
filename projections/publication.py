"""An event as the API and the feeds publish it: its place in the parcours, both times, the decision envelope
(who, on what basis, with which criteria, why) and its own fields, as plain JSON (``en_json``).

One shape for the history (``GET /parcours/{id}/historique``), the SSE feed and the webhooks' payloads, so a
partner reads a change the way a screen reads the history. Masked: the content a reader's role does not need
is left out (criteria, motive, the event's own fields); what happened, when, by whom and on what basis stays.
"""

from typing import Any

from pydantic import JsonValue

from domain.decision import Auteur
from domain.rappel import Rappel
from projections.en_json import en_json

ENVELOPPE = ("originator_id", "originator_version", "timestamp", "originator_topic", "decision")
"""The attributes every stored event has besides its own fields."""
NOMMANT = ("nom", "qualite")
"""The author's name and capacity (CRPA L.212-1), recorded since issue 21: shown only when recorded, so that an
author without them reads as it always did — in the exports made before, which the verifier derives again."""


def propres(evenement: Any) -> dict[str, JsonValue]:
    """An event's own fields, as JSON."""
    return {nom: en_json(valeur) for nom, valeur in vars(evenement).items() if nom not in ENVELOPPE}


def auteur_en_json(auteur: Auteur) -> dict[str, JsonValue]:
    """Who took a step, as JSON; their name and capacity when recorded."""
    return {cle: valeur for cle, valeur in en_json_objet(auteur).items() if cle not in NOMMANT or valeur is not None}


def en_json_objet(valeur: Any) -> dict[str, JsonValue]:
    objet = en_json(valeur)
    assert isinstance(objet, dict)
    return objet


def publier(evenement: Any, masque: bool = False) -> dict[str, JsonValue]:
    """The event as JSON; ``masque``: without the content the reader may not read. A reminder
    (``domain.rappel``) is about a parcours without being one of its steps: it has no version there."""
    decision = evenement.decision
    rappel = isinstance(evenement, Rappel.EcheanceRappelee)
    return {
        "parcours_id": str(evenement.parcours_id if rappel else evenement.originator_id),
        "version": None if rappel else evenement.originator_version,
        "type": type(evenement).__name__,
        "enregistre_le": en_json(evenement.timestamp),
        "effective_le": en_json(decision.effective_le),
        "auteur": auteur_en_json(decision.auteur),
        "autorite": en_json(decision.autorite),
        "fondement": en_json(decision.fondement),
        "criteres": [] if masque else en_json(decision.criteres),
        "motif": None if masque else decision.motif,
        "donnees": {} if masque else propres(evenement),
        "masque": masque,
    }
