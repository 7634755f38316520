"""A PostgreSQL cluster of our own, for fault tests and the fault bench: never the shared server.

``Grappe`` runs ``initdb`` into a fresh folder, starts the server with ``pg_ctl`` on a free port of
the loopback, and can stop it (``fast``: clients are disconnected, a clean shutdown; ``immediate``:
a crash, recovered from the WAL at the next start) and start it again on the same port, so that a
client that reconnects finds its data where it left it. The server runs as the ``postgres`` OS user
(PostgreSQL refuses to run as root): when we are root, each tool is run through ``runuser``.

The cluster trades durability against an OS crash for speed (``fsync=off``; a commit still waits for
its WAL write): what it must survive is a server crash, which the WAL in the OS cache covers.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

import psycopg

Arret = Literal["fast", "immediate"]


def binaires_postgres() -> Path:
    """The folder of ``initdb`` and ``pg_ctl`` (Debian keeps them out of the PATH)."""
    trouve = shutil.which("pg_ctl")
    if trouve:
        return Path(trouve).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL introuvable : ni pg_ctl dans le PATH, ni /usr/lib/postgresql/*/bin")
    return versions[-1].parent


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Grappe:
    """A throwaway cluster: ``with Grappe() as grappe: ... grappe.url ...``; removed on exit."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or port_libre()
        self.bin = binaires_postgres()
        self.dossier = Path(tempfile.mkdtemp(prefix="parcours-grappe-"))
        self.donnees = self.dossier / "donnees"
        self.journal = self.dossier / "serveur.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def __enter__(self) -> Self:
        self._en_postgres_possible()
        self._executer("initdb", "-D", str(self.donnees), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.demarrer()
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        try:
            self.arreter("immediate")
        finally:
            shutil.rmtree(self.dossier, ignore_errors=True)

    def demarrer(self) -> None:
        """Starts the server and waits until it accepts connections (``pg_ctl -w``)."""
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.dossier} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        self._executer("pg_ctl", "-D", str(self.donnees), "-l", str(self.journal), "-o", options, "-w", "start")

    def arreter(self, mode: Arret = "fast") -> None:
        """Stops the server: ``fast`` disconnects every client and shuts down cleanly, ``immediate``
        kills it as a crash would (the next start recovers from the WAL)."""
        if (self.donnees / "postmaster.pid").exists():
            self._executer("pg_ctl", "-D", str(self.donnees), "-m", mode, "-w", "stop")

    def redemarrer(self, mode: Arret = "fast") -> None:
        self.arreter(mode)
        self.demarrer()

    def accepte(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def _en_postgres_possible(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dossier, "postgres", "postgres")

    def _executer(self, outil: str, *arguments: str) -> None:
        commande = [str(self.bin / outil), *arguments]
        if os.geteuid() == 0:
            commande = ["runuser", "-u", "postgres", "--", *commande]
        resultat = subprocess.run(commande, capture_output=True, text=True, check=False)
        if resultat.returncode != 0:
            raise RuntimeError(f"{outil} a échoué ({resultat.returncode}) : {resultat.stderr.strip()[-2000:]}")
