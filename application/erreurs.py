"""Refusals of the application that are not rules of the domain."""


class VersionPerimee(Exception):
    """The caller expected another version of the parcours (``If-Match``): it read a stale state."""

    def __init__(self, attendue: int, actuelle: int) -> None:
        super().__init__(f"Version attendue {attendue}, version actuelle {actuelle}.")
        self.attendue = attendue
        self.actuelle = actuelle


class EcritureConcurrente(Exception):
    """Another command changed the parcours between this command's read and its save; nothing was
    recorded, and the caller may retry on the new state."""


class CleIdempotenceReutilisee(Exception):
    """The caller sent an ``Idempotency-Key`` it had already used for another request: the first
    answer belongs to that request, and this one is not run."""

    def __init__(self) -> None:
        super().__init__("Cette clé d'idempotence a déjà servi pour une autre requête.")
