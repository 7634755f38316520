"""What a command checks before it starts: that the store answers. A store out of reach is one French line
naming DATABASE_URL and the reason the driver gives (never the URL: it may carry a password), at once —
not a traceback, nor a wait for a connection pool to give up."""

import sqlite3

import psycopg

from infrastructure.reglages import ReglageInvalide, Reglages

DELAI_CONNEXION_SECONDES = 5


class MagasinInjoignable(ReglageInvalide):
    """The store DATABASE_URL names does not answer."""


def verifier_le_magasin(reglages: Reglages) -> None:
    """Opens and closes one connection to the store; raises ``MagasinInjoignable`` when it cannot."""
    if reglages.moteur == "postgres":
        try:
            psycopg.connect(reglages.conninfo_postgres(), connect_timeout=DELAI_CONNEXION_SECONDES).close()
        except psycopg.OperationalError as erreur:
            raise MagasinInjoignable(f"DATABASE_URL : PostgreSQL ne répond pas ({raison(erreur)})") from None
    elif reglages.moteur == "sqlite":
        try:
            reglages.chemin_sqlite.parent.mkdir(parents=True, exist_ok=True)
            sqlite3.connect(reglages.chemin_sqlite).close()
        except (OSError, sqlite3.Error) as erreur:
            raise MagasinInjoignable(f"DATABASE_URL : fichier SQLite inutilisable ({erreur})") from None


def raison(erreur: psycopg.OperationalError) -> str:
    """The driver's reason, on one line: « connection refused », « database "x" does not exist »."""
    lignes = [ligne.strip() for ligne in str(erreur).splitlines() if ligne.strip()]
    return lignes[0].removeprefix("connection failed: ") if lignes else type(erreur).__name__
