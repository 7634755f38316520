"""What ``parcours audit verify`` reports: one place where the stored events no longer match what vouches
for them (their seals, the transparency log, its signed checkpoints)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Divergence:
    """One place where the store no longer matches its proofs, named for a person to read."""

    nature: str
    position: int | None
    parcours_id: str
    version: int | None
    detail: str

    def __str__(self) -> str:
        ou = f"position {self.position}, " if self.position is not None else ""
        return f"{self.nature} : {ou}parcours {self.parcours_id} version {self.version} — {self.detail}"
