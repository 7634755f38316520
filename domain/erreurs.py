"""Base of every refusal by a rule of the domain."""

from typing import ClassVar


class RegleEnfreinte(Exception):
    """A command refused by a named rule. ``code`` is stable: programs (the API's problem types)
    rely on it; the message is French, for people."""

    code: ClassVar[str]
    # The short French title shown to people (the problem document's ``title``); the docstring explains, in English.
    titre: ClassVar[str]

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def regle(self) -> str:
        return type(self).__name__
