"""The service's log: one JSON object per line, whoever writes it.

structlog's own lines (the request log, the runners' progress) end in its JSON renderer, on stdout; the
standard library's records — uvicorn's start-up, shutdown and error lines, a library's warning — go through
``structlog.stdlib.ProcessorFormatter`` with the same level and timestamp fields and the logger's name, on
the streams uvicorn gives them (stderr; its access log, which the request log replaces, on stdout), so that
a log collector never meets a plain-text line on either. Levels: ``error`` for what an operator must look at (a
500, a view blocked on an event), ``warning`` for what should pass by itself (a 503, a database away, a
backoff), ``info`` for the ordinary course (every other request, progress, a recovery).
"""

import logging
import logging.config
import sys
from typing import Any

import structlog
from structlog.typing import Processor

COMMUNS: tuple[Processor, ...] = (
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
)
"""What every line carries: ``level`` and ``timestamp`` (ISO 8601, UTC)."""
BIBLIOTHEQUE_STANDARD = ("uvicorn", "uvicorn.error", "uvicorn.access")


def configurer(niveau: int = logging.INFO) -> None:
    """structlog renders JSON lines from ``niveau`` on; uvicorn's handlers, whatever configured them, format
    their records the same way; records of the standard library with nowhere to go are printed as JSON too."""
    structlog.configure(
        processors=[*COMMUNS, structlog.processors.JSONRenderer(ensure_ascii=False)],
        wrapper_class=structlog.make_filtering_bound_logger(niveau),
        cache_logger_on_first_use=True,
    )
    for nom in BIBLIOTHEQUE_STANDARD:
        for gestionnaire in logging.getLogger(nom).handlers:
            gestionnaire.setFormatter(formateur())
    racine = logging.getLogger()
    if not racine.handlers:  # else the host (a test runner) has its own; Python's last resort prints plain text
        erreurs = logging.StreamHandler(sys.stderr)
        erreurs.setFormatter(formateur())
        racine.addHandler(erreurs)
        racine.setLevel(logging.WARNING)


def formateur() -> structlog.stdlib.ProcessorFormatter:
    """A standard library record as one JSON line: ``event`` (its message), ``level``, ``timestamp``, ``logger``
    and, for an exception, its traceback (``exception``)."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*COMMUNS, structlog.stdlib.add_logger_name],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )


def configuration_uvicorn(niveau: str = "INFO") -> dict[str, Any]:
    """uvicorn's ``log_config``: its loggers, and any other record of the standard library, as JSON lines on
    uvicorn's streams, from its first line (the supervisor of several workers included, which never loads
    the app)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.formateur"}},
        "handlers": {
            "erreurs": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
            "acces": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["erreurs"], "level": niveau, "propagate": False},
            "uvicorn.error": {"level": niveau},
            "uvicorn.access": {"handlers": ["acces"], "level": niveau, "propagate": False},
        },
        "root": {"handlers": ["erreurs"], "level": "WARNING"},
    }
