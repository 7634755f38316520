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
