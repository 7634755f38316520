"""A command sent with an ``Idempotency-Key``: the answer to keep, written with the command's events.

The caller's key (per principal) and a fingerprint of its request travel with the command; the
store writes them, with the answer, in the same transaction as the events the command appends. So
whatever fails — the database between two statements, the process after the commit — a retry with
the same key either finds nothing (nothing was recorded: the command runs) or finds the first
answer (it is given again, and nothing is appended). A refusal appends nothing: its answer is kept
on its own.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Idempotence:
    """What the store keeps beside a command's events: the key, the request's fingerprint and the
    answer's status and extra fields (e.g. the id of what the command created); the parcours, its
    version and the store position are those of the events written."""

    principal: str
    cle: str
    empreinte: str
    statut: int
    complement: str = "{}"
    """JSON object added to the answer's body (``{"procedure_id": "..."}``)."""
