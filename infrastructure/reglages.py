"""Settings from the environment, translated into the library's persistence settings.

``DATABASE_URL`` chooses the store: ``postgresql://user:password@host:port/dbname?schema=s``
for PostgreSQL, ``sqlite:///path/to/file.sqlite`` for SQLite, ``memory://`` for the in-memory
store of fast tests. Without it, SQLite in ``var/parcours.sqlite`` (created on first use), so a
fresh machine runs the service with no server at all.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SQLITE_PAR_DEFAUT = Path("var") / "parcours.sqlite"


class ReglageInvalide(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Reglages:
    database_url: str

    @classmethod
    def depuis_environnement(cls, environ: Mapping[str, str] = os.environ) -> "Reglages":
        return cls(database_url=environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PAR_DEFAUT}")

    @property
    def moteur(self) -> str:
        scheme = urlsplit(self.database_url).scheme
        if scheme in ("postgresql", "postgres"):
            return "postgres"
        if scheme in ("sqlite", "memory"):
            return scheme
        raise ReglageInvalide(f"DATABASE_URL : schéma « {scheme} » inconnu (postgresql, sqlite, memory)")

    @property
    def schema(self) -> str:
        """The PostgreSQL schema (``?schema=``), ``public`` by default."""
        return parse_qs(urlsplit(self.database_url).query).get("schema", ["public"])[0]

    @property
    def chemin_sqlite(self) -> Path:
        return Path(unquote(urlsplit(self.database_url).path).removeprefix("/"))

    def environnement_persistance(self) -> dict[str, str]:
        """The ``eventsourcing`` settings for this store (POSTGRES_ENABLE_DB_FUNCTIONS stays off:
        its insert path skips the table lock that keeps notification order gap-free)."""
        if self.moteur == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.moteur == "sqlite":
            self.chemin_sqlite.parent.mkdir(parents=True, exist_ok=True)
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(self.chemin_sqlite)}
        url = urlsplit(self.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(url.path.removeprefix("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }

    def conninfo_postgres(self) -> str:
        """A psycopg connection string without our ``schema`` parameter."""
        url = urlsplit(self.database_url)
        return url._replace(query="", scheme="postgresql").geturl()
