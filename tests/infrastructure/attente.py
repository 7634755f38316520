"""Waiting on a condition another thread brings about: polled, with a bounded deadline."""

import threading
import time
from collections.abc import Callable


def jusqu_a(condition: Callable[[], bool], delai: float = 20.0, pas: float = 0.02) -> None:
    """Returns as soon as ``condition()`` holds; fails after ``delai`` seconds."""
    fin = time.monotonic() + delai
    repos = threading.Event()  # never set: a bounded pause between two polls
    while not condition():
        if time.monotonic() > fin:
            raise AssertionError(f"condition toujours fausse après {delai} s")
        repos.wait(pas)
