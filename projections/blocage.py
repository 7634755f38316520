"""Where a view is stuck, kept beside its rows so that every process can tell.

A stored event that a view cannot apply (a fold that raises, a row its database refuses) must not
stop the other views nor hide in one process's memory: the runner records the blockage in the
view's own storage (table ``<vue>_blocage``, one row at most), and ``/ready``, ``parcours projections
status`` and the API workers that follow the views read it there with the view's position, in one
query. The record names the event by its position and type only, never by its content (it may hold
personal data), and the error by its class and the line that raised it.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from psycopg import sql


@dataclass(frozen=True)
class Blocage:
    """A view stuck at the event ``position`` (of type ``topic``) since ``depuis``: ``erreur`` is the
    exception's class and where it was raised (``KeyError à projections/journal.py:88``)."""

    vue: str
    position: int
    topic: str
    erreur: str
    depuis: datetime

    def __str__(self) -> str:
        return f"vue « {self.vue} » bloquée à la position {self.position} ({self.topic}) : {self.erreur}"


class EtatDeVue(NamedTuple):
    """A view's tracked position and, if it is stuck further on, where."""

    position: int
    blocage: Blocage | None

    @property
    def bloquee(self) -> Blocage | None:
        """The blockage still ahead of the view: one recorded and not cleared while the view has gone
        past it since (another runner applied it, the view was rebuilt) no longer counts."""
        return self.blocage if self.blocage is not None and self.position < self.blocage.position else None


COLONNES = "vue, position, topic, erreur, depuis"
"""The record's columns, in ``Blocage``'s order."""


def creation_sqlite(table: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table}_blocage (vue TEXT PRIMARY KEY, position INTEGER NOT NULL, "
        "topic TEXT NOT NULL, erreur TEXT NOT NULL, depuis TEXT NOT NULL)"
    )


def etat_sqlite(table: str) -> str:
    """The tracked position and the blockage row, if any, in one statement."""
    return (
        "SELECT (SELECT MAX(notification_id) FROM tracking WHERE application_name = ?) AS suivie, "
        f"b.vue, b.position, b.topic, b.erreur, b.depuis FROM (SELECT 1) AS u LEFT JOIN {table}_blocage AS b ON TRUE"
    )


def creation_postgres(blocage: sql.Identifier) -> sql.Composed:
    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {} (vue TEXT PRIMARY KEY, position BIGINT NOT NULL, topic TEXT NOT NULL, "
        "erreur TEXT NOT NULL, depuis TIMESTAMPTZ NOT NULL)"
    ).format(blocage)


def etat_postgres(tracking: sql.Identifier, blocage: sql.Identifier) -> sql.Composed:
    return sql.SQL(
        "SELECT (SELECT MAX(notification_id) FROM {} WHERE application_name = %s) AS suivie, "
        "b.vue, b.position, b.topic, b.erreur, b.depuis FROM (SELECT 1) AS u LEFT JOIN {} AS b ON TRUE"
    ).format(tracking, blocage)


def lu(ligne: Any) -> EtatDeVue:
    """The state from a row of ``etat_*`` (a mapping: both datastores give rows by column name)."""
    blocage = None
    if ligne["vue"] is not None:
        depuis = ligne["depuis"]
        blocage = Blocage(
            vue=ligne["vue"],
            position=int(ligne["position"]),
            topic=ligne["topic"],
            erreur=ligne["erreur"],
            depuis=datetime.fromisoformat(depuis) if isinstance(depuis, str) else depuis,
        )
    return EtatDeVue(int(ligne["suivie"] or 0), blocage)


def valeurs(blocage: Blocage, texte: bool) -> tuple[Any, ...]:
    """The record's values; SQLite keeps the instant as ISO text."""
    depuis = blocage.depuis.isoformat() if texte else blocage.depuis
    return (blocage.vue, blocage.position, blocage.topic, blocage.erreur, depuis)


NUL_JSON = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")
"""A ``\\u0000`` escape in JSON text, not preceded by an escaped backslash."""


def sans_nul(donnees: str) -> str:
    """JSON text that PostgreSQL's JSONB accepts: it cannot hold U+0000 (``unsupported Unicode escape
    sequence``), so a NUL in a stored event's text would refuse the row for good, and events never
    change. The view shows U+FFFD, the replacement character, where the event holds a NUL."""
    return NUL_JSON.sub(r"\1\\ufffd", donnees) if "\\u0000" in donnees else donnees


def texte_sans_nul(valeur: Any) -> Any:
    """The same for a TEXT column (PostgreSQL's text cannot hold NUL either)."""
    return valeur.replace("\x00", "\ufffd") if isinstance(valeur, str) else valeur
