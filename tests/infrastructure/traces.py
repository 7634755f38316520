"""Capturing the readers' logs, whatever test ran first.

The service configures structlog to cache each logger on first use (``api/journal.py``), after which
``structlog.testing.capture_logs`` no longer sees it: the readers' module loggers are replaced by fresh
ones, bound inside the capture, for its duration."""

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import pytest
import structlog

from infrastructure import consultations, execution_projections
from projections import reprise

LOGGERS = ((reprise, "journal"), (execution_projections, "journal"), (consultations, "traces"))


@contextmanager
def traces_capturees() -> Iterator[list[MutableMapping[str, Any]]]:
    with structlog.testing.capture_logs() as journaux, pytest.MonkeyPatch.context() as remplacer:
        for module, nom in LOGGERS:
            remplacer.setattr(module, nom, structlog.get_logger())
        yield journaux
