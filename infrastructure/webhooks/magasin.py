"""Where the subscriptions, their deliveries and the tail's cursors are kept: SQLite or PostgreSQL, over the
library's datastore (``MagasinAnnexe``): a file of its own beside the events' on SQLite, tables in the store's
schema on PostgreSQL (created by ``parcours migrate``).

Exactly once, like a view: a page of deliveries is inserted in the same transaction as the cursor that says
where the tail stands, and the cursor only moves from where the page was read (compare and set): a page read
twice, by a restarted or a second process, changes nothing. Claims for sending are leases (``bail``, with a
token of the claim), taken with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so that several senders share the
work and a sender killed mid-delivery leaves a lease that expires rather than a lock.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.principal import Role
from infrastructure.cle_maitre import CleMaitre
from infrastructure.magasin_annexe import Curseur, Datastore, MagasinAnnexe
from infrastructure.webhooks.abonnements import (
    Abonnement,
    Livraison,
    NouvelleLivraison,
    StatutAbonnement,
    StatutLivraison,
    envelopper,
    nouveau_secret,
    organe,
    types_nommes,
)

FIL = "fil"
"""The tail's cursor: the position up to which every subscription's deliveries are recorded."""
COLONNES_ABONNEMENT = "id, url, organisme, departement, role, types, description, statut, depuis, cree_le"
COLONNES_LIVRAISON = (
    "webhook_id, abonnement_id, position, parcours_id, type, version, masque, statut, tentatives, prochain_essai, "
    "dernier_statut_http, derniere_erreur, livree_le, creee_le"
)
EN_ATTENTE, LIVREE, ECHEC = (s.value for s in StatutLivraison)


class CurseurDeplace(RuntimeError):
    """Another process moved the cursor since the page was read: this page is theirs, nothing is written."""


@dataclass(frozen=True)
class Reclamee:
    """A delivery claimed for sending, with what sending it needs."""

    webhook_id: str
    abonnement_id: UUID
    position: int
    masque: bool
    tentatives: int
    url: str
    secret: bytes
    version_cle: int
    jeton: str


@dataclass(frozen=True)
class Rejeu:
    """A replay under way: the changes of a subscription after ``position``, up to ``jusqu_a``."""

    abonnement_id: UUID
    position: int
    jusqu_a: int


class MagasinWebhooks(MagasinAnnexe):
    def __init__(self, datastore: Datastore) -> None:
        super().__init__(datastore)
        self.abonnements = self.table_de("webhooks_abonnements")
        self.livraisons = self.table_de("webhooks_livraisons")
        self.curseurs = self.table_de("webhooks_curseurs")

    def creer_tables(self) -> None:
        octets, reel = ("BYTEA", "DOUBLE PRECISION") if self.postgres else ("BLOB", "REAL")
        self.creer(
            [
                f"CREATE TABLE IF NOT EXISTS {self.abonnements} (id TEXT PRIMARY KEY, url TEXT NOT NULL, "
                "organisme TEXT NOT NULL, departement TEXT NOT NULL, role TEXT NOT NULL, types TEXT NOT NULL, "
                f"description TEXT NOT NULL, statut TEXT NOT NULL, depuis BIGINT NOT NULL, cree_le {reel} NOT NULL, "
                f"secret {octets} NOT NULL, version_cle INTEGER NOT NULL)",
                f"CREATE TABLE IF NOT EXISTS {self.livraisons} (webhook_id TEXT PRIMARY KEY, "
                "abonnement_id TEXT NOT NULL, position BIGINT NOT NULL, parcours_id TEXT NOT NULL, type TEXT NOT NULL, "
                "version INTEGER NOT NULL, masque BOOLEAN NOT NULL, statut TEXT NOT NULL, tentatives INTEGER NOT NULL, "
                f"prochain_essai {reel} NOT NULL, bail {reel}, jeton TEXT, dernier_statut_http INTEGER, "
                f"derniere_erreur TEXT, livree_le {reel}, creee_le {reel} NOT NULL)",
                "CREATE INDEX IF NOT EXISTS webhooks_livraisons_journal "
                f"ON {self.livraisons} (abonnement_id, position)",
                "CREATE INDEX IF NOT EXISTS webhooks_livraisons_ordre "
                f"ON {self.livraisons} (abonnement_id, parcours_id, position) WHERE statut = '{EN_ATTENTE}'",
                "CREATE INDEX IF NOT EXISTS webhooks_livraisons_dues "
                f"ON {self.livraisons} (prochain_essai) WHERE statut = '{EN_ATTENTE}'",
                f"CREATE TABLE IF NOT EXISTS {self.curseurs} (nom TEXT PRIMARY KEY, abonnement_id TEXT, "
                "position BIGINT NOT NULL, jusqu_a BIGINT)",
                f"INSERT INTO {self.curseurs} (nom, position) VALUES ('{FIL}', 0) ON CONFLICT (nom) DO NOTHING",
            ]
        )

    # --- subscriptions -------------------------------------------------------------------------------

    def ajouter(self, abonnement: Abonnement, secret: bytes, version_cle: int) -> None:
        self.ecrire(
            f"INSERT INTO {self.abonnements} ({COLONNES_ABONNEMENT}, secret, version_cle) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            str(abonnement.id), abonnement.url, abonnement.organe.organisme.value, abonnement.organe.departement,
            abonnement.role.value, json.dumps(abonnement.noms_des_types), abonnement.description,
            abonnement.statut.value, abonnement.depuis, abonnement.cree_le, secret, version_cle,
        )  # fmt: skip

    def abonnement(self, abonnement_id: UUID) -> Abonnement | None:
        lignes = self.lignes(f"SELECT {COLONNES_ABONNEMENT} FROM {self.abonnements} WHERE id = ?", str(abonnement_id))
        return abonnement_lu(lignes[0]) if lignes else None

    def tous(self, sauf_resilies: bool = False) -> list[Abonnement]:
        condition = f" WHERE statut <> '{StatutAbonnement.RESILIE.value}'" if sauf_resilies else ""
        lignes = self.lignes(f"SELECT {COLONNES_ABONNEMENT} FROM {self.abonnements}{condition} ORDER BY cree_le, id")
        return [abonnement_lu(ligne) for ligne in lignes]

    def changer_statut(self, abonnement_id: UUID, statut: StatutAbonnement) -> int:
        """The subscription's new status; a terminated one stays terminated (0 rows)."""
        return self.ecrire(
            f"UPDATE {self.abonnements} SET statut = ? WHERE id = ? AND statut <> ?",
            statut.value, str(abonnement_id), StatutAbonnement.RESILIE.value,
        )  # fmt: skip

    # --- the tail and its replays --------------------------------------------------------------------

    def position_du_fil(self) -> int:
        lignes = self.lignes(f"SELECT position FROM {self.curseurs} WHERE nom = ?", FIL)
        return int(lignes[0][0]) if lignes else 0

    def avancer_le_fil(self, depuis: int, jusqu_a: int, livraisons: Sequence[NouvelleLivraison], le: float) -> None:
        """Records a page's deliveries and moves the tail from ``depuis`` to ``jusqu_a``, in one transaction;
        ``CurseurDeplace`` (and nothing written) if the tail is no longer at ``depuis``."""
        with self.transaction() as curseur:
            self._inserer(curseur, livraisons, le, rejouer=False)
            self._deplacer(curseur, FIL, depuis, jusqu_a)

    def demander_un_rejeu(self, abonnement_id: UUID, depuis: int) -> Rejeu:
        """A replay of the subscription's changes after ``depuis`` up to where the tail stands now (beyond,
        the tail records them); replaces a replay under way."""
        with self.transaction() as curseur:
            curseur.executer(f"SELECT position FROM {self.curseurs} WHERE nom = ?", FIL)
            ligne = curseur.ligne()
            jusqu_a = int(ligne[0]) if ligne else 0
            curseur.executer(
                f"INSERT INTO {self.curseurs} (nom, abonnement_id, position, jusqu_a) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (nom) DO UPDATE SET position = excluded.position, jusqu_a = excluded.jusqu_a",
                nom_du_rejeu(abonnement_id), str(abonnement_id), depuis, jusqu_a,
            )  # fmt: skip
        return Rejeu(abonnement_id, depuis, jusqu_a)

    def rejeux(self) -> list[Rejeu]:
        lignes = self.lignes(
            f"SELECT abonnement_id, position, jusqu_a FROM {self.curseurs} WHERE nom <> ? ORDER BY nom", FIL
        )
        return [Rejeu(UUID(a), int(p), int(j)) for a, p, j in lignes]

    def avancer_un_rejeu(self, rejeu: Rejeu, jusqu_a: int, livraisons: Sequence[NouvelleLivraison], le: float) -> None:
        """Sends again (or records) a page of a replay and moves its cursor, in one transaction; the replay's
        cursor is dropped once it reaches its end."""
        with self.transaction() as curseur:
            self._inserer(curseur, livraisons, le, rejouer=True)
            nom = nom_du_rejeu(rejeu.abonnement_id)
            self._deplacer(curseur, nom, rejeu.position, jusqu_a)
            if jusqu_a >= rejeu.jusqu_a:
                curseur.executer(f"DELETE FROM {self.curseurs} WHERE nom = ?", nom)

    def _deplacer(self, curseur: Curseur, nom: str, depuis: int, jusqu_a: int) -> None:
        deplaces = curseur.executer(
            f"UPDATE {self.curseurs} SET position = ? WHERE nom = ? AND position = ?", jusqu_a, nom, depuis
        )
        if deplaces != 1:
            raise CurseurDeplace(f"le curseur {nom} n'est plus à la position {depuis}")

    def _inserer(self, curseur: Curseur, livraisons: Iterable[NouvelleLivraison], le: float, rejouer: bool) -> None:
        conflit = (
            f"DO UPDATE SET statut = '{EN_ATTENTE}', tentatives = 0, prochain_essai = excluded.prochain_essai, "
            "bail = NULL, jeton = NULL, masque = excluded.masque"
            if rejouer
            else "DO NOTHING"
        )
        curseur.executer_pour_chaque(
            f"INSERT INTO {self.livraisons} (webhook_id, abonnement_id, position, parcours_id, type, version, "
            "masque, statut, tentatives, prochain_essai, creee_le) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) "
            f"ON CONFLICT (webhook_id) {conflit}",
            [
                (n.webhook_id, str(n.abonnement_id), n.position, str(n.parcours_id), n.type, n.version, n.masque,
                 EN_ATTENTE, le, le)
                for n in livraisons
            ],
        )  # fmt: skip

    # --- sending -------------------------------------------------------------------------------------

    def reclamer(self, maintenant: float, bail: float, jeton: str, limite: int) -> list[Reclamee]:
        """Claims up to ``limite`` deliveries due, each the first pending one of its parcours for its
        subscription (a later one waits while an earlier one is pending), for ``bail`` seconds; counts the
        attempt. Rows another sender holds are skipped (PostgreSQL), or leased (``bail``) everywhere."""
        verrou = " FOR UPDATE OF l SKIP LOCKED" if self.postgres else ""
        with self.transaction() as curseur:
            curseur.executer(
                "SELECT l.webhook_id, l.abonnement_id, l.position, l.masque, l.tentatives, a.url, a.secret, "
                f"a.version_cle FROM {self.livraisons} l JOIN {self.abonnements} a ON a.id = l.abonnement_id "
                "WHERE l.statut = ? AND a.statut = ? AND l.prochain_essai <= ? AND (l.bail IS NULL OR l.bail < ?) "
                f"AND NOT EXISTS (SELECT 1 FROM {self.livraisons} p WHERE p.abonnement_id = l.abonnement_id "
                "AND p.parcours_id = l.parcours_id AND p.statut = ? AND p.position < l.position) "
                f"ORDER BY l.position LIMIT ?{verrou}",
                EN_ATTENTE, StatutAbonnement.ACTIF.value, maintenant, maintenant, EN_ATTENTE, limite,
            )  # fmt: skip
            lignes = curseur.lignes()
            curseur.executer_pour_chaque(
                f"UPDATE {self.livraisons} SET bail = ?, jeton = ?, tentatives = tentatives + 1 WHERE webhook_id = ?",
                [(maintenant + bail, jeton, ligne[0]) for ligne in lignes],
            )
        return [
            Reclamee(w, UUID(a), int(p), bool(m), int(t) + 1, u, bytes(s), int(v), jeton)
            for w, a, p, m, t, u, s, v in lignes
        ]

    def livree(self, reclamee: Reclamee, statut_http: int, le: float) -> None:
        """Marked delivered, after the 2xx only, and only by the claim that sent it."""
        self.ecrire(
            f"UPDATE {self.livraisons} SET statut = ?, livree_le = ?, dernier_statut_http = ?, derniere_erreur = NULL, "
            "bail = NULL, jeton = NULL WHERE webhook_id = ? AND jeton = ?",
            LIVREE, le, statut_http, reclamee.webhook_id, reclamee.jeton,
        )  # fmt: skip

    def echouee(self, reclamee: Reclamee, statut_http: int | None, erreur: str, prochain_essai: float | None) -> None:
        """A failed attempt: tried again at ``prochain_essai``, or a dead letter (None)."""
        statut = EN_ATTENTE if prochain_essai is not None else ECHEC
        self.ecrire(
            f"UPDATE {self.livraisons} SET statut = ?, prochain_essai = COALESCE(?, prochain_essai), "
            "dernier_statut_http = ?, derniere_erreur = ?, bail = NULL, jeton = NULL "
            "WHERE webhook_id = ? AND jeton = ?",
            statut, prochain_essai, statut_http, erreur[:500], reclamee.webhook_id, reclamee.jeton,
        )  # fmt: skip

    def prochaine_echeance(self) -> float | None:
        """When the next pending delivery is due (for the sender's sleep)."""
        lignes = self.lignes(f"SELECT MIN(prochain_essai) FROM {self.livraisons} WHERE statut = ?", EN_ATTENTE)
        return None if not lignes or lignes[0][0] is None else float(lignes[0][0])

    # --- the delivery log ----------------------------------------------------------------------------

    def journal(
        self, abonnement_id: UUID, statut: StatutLivraison | None = None, apres: int = 0, limite: int = 100
    ) -> list[Livraison]:
        """The subscription's deliveries after position ``apres``, in store order."""
        filtre, parametres = ("", ()) if statut is None else (" AND statut = ?", (statut.value,))
        lignes = self.lignes(
            f"SELECT {COLONNES_LIVRAISON} FROM {self.livraisons} WHERE abonnement_id = ? AND position > ?{filtre} "
            "ORDER BY position LIMIT ?",
            str(abonnement_id), apres, *parametres, limite,
        )  # fmt: skip
        return [livraison_lue(ligne) for ligne in lignes]

    def livraison(self, abonnement_id: UUID, webhook_id: str) -> Livraison | None:
        lignes = self.lignes(
            f"SELECT {COLONNES_LIVRAISON} FROM {self.livraisons} WHERE abonnement_id = ? AND webhook_id = ?",
            str(abonnement_id), webhook_id,
        )  # fmt: skip
        return livraison_lue(lignes[0]) if lignes else None

    def rejouer(self, abonnement_id: UUID, webhook_id: str, le: float) -> int:
        """A delivery sent again from its first attempt (a dead letter, or one delivered); a pending one is
        left as it is."""
        return self.ecrire(
            f"UPDATE {self.livraisons} SET statut = ?, tentatives = 0, prochain_essai = ?, bail = NULL, jeton = NULL "
            "WHERE abonnement_id = ? AND webhook_id = ? AND statut <> ?",
            EN_ATTENTE, le, str(abonnement_id), webhook_id, EN_ATTENTE,
        )  # fmt: skip


def abonner(magasin: MagasinWebhooks, maitre: CleMaitre, abonnement: Abonnement) -> str:
    """Records a subscription with a new secret, wrapped under the master key; returns the secret (``whsec_…``),
    which is shown this once."""
    secret, octets = nouveau_secret()
    magasin.ajouter(abonnement, *envelopper(maitre, abonnement.id, octets))
    return secret


def nom_du_rejeu(abonnement_id: UUID) -> str:
    return f"rejeu:{abonnement_id}"


def abonnement_lu(ligne: tuple[Any, ...]) -> Abonnement:
    id_, url, organisme, departement, role, types, description, statut, depuis, cree_le = ligne
    return Abonnement(
        id=UUID(id_), url=url, organe=organe(organisme, departement), role=Role(role),
        types=types_nommes(json.loads(types)), description=description, statut=StatutAbonnement(statut),
        depuis=int(depuis), cree_le=float(cree_le),
    )  # fmt: skip


def livraison_lue(ligne: tuple[Any, ...]) -> Livraison:
    w, a, p, parcours, type_, version, masque, statut, tentatives, prochain, http, erreur, livree, creee = ligne
    en_attente = statut == EN_ATTENTE
    return Livraison(
        webhook_id=w, abonnement_id=UUID(a), position=int(p), parcours_id=UUID(parcours), type=type_,
        version=int(version), masque=bool(masque), statut=StatutLivraison(statut), tentatives=int(tentatives),
        prochain_essai=float(prochain) if en_attente else None, dernier_statut_http=http, derniere_erreur=erreur,
        livree_le=None if livree is None else float(livree), creee_le=float(creee),
    )  # fmt: skip


def secret_de(magasin: MagasinWebhooks, abonnement_id: UUID) -> tuple[bytes, int] | None:
    """The wrapped secret of a subscription and its master key's version (tests and key rotation)."""
    lignes = magasin.lignes(f"SELECT secret, version_cle FROM {magasin.abonnements} WHERE id = ?", str(abonnement_id))
    return (bytes(lignes[0][0]), int(lignes[0][1])) if lignes else None
