"""Master keys and a clock for the key tests."""

import base64

CLE_A = base64.b64encode(bytes(range(32))).decode()
CLE_B = base64.b64encode(bytes(range(32, 64))).decode()


def octets(cle: str) -> bytes:
    return base64.b64decode(cle)


class HorlogeManuelle:
    """The cache's clock, moved by the test rather than by waiting."""

    def __init__(self) -> None:
        self.instant = 0.0

    def __call__(self) -> float:
        return self.instant

    def avancer(self, secondes: float) -> None:
        self.instant += secondes
