"""Checks that the PostgreSQL of the test suite answers, and says clearly what to do if not."""

import sys

import psycopg


def main(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as connexion:
            version = connexion.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as erreur:
        print(
            f"PostgreSQL injoignable sur {url} : {erreur}\n"
            "La suite de tests exige un vrai PostgreSQL (127.0.0.1:5432, utilisateur postgres). "
            "Démarrez-le (pg_ctlcluster <version> main start) ou indiquez PG_URL=... à make.",
            file=sys.stderr,
        )
        return 1
    print(f"PostgreSQL {version[0] if version else '?'} joignable : {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
