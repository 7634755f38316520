"""Settings from the environment, validated at start, and their translation for the library.

``DATABASE_URL`` chooses the store: ``postgresql://user:password@host:port/dbname?schema=s``
for PostgreSQL, ``sqlite:///path/to/file.sqlite`` for SQLite, ``memory://`` for the in-memory
store of fast tests. Without it, SQLite in ``var/parcours.sqlite`` (created on first use), so a
fresh machine runs the service with no server at all. Other settings are ``PARCOURS_*``.
"""

import base64
import binascii
import json
from enum import Enum
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from infrastructure.transparence.note import CleDeVerification

RACINE = Path(__file__).resolve().parent.parent
DONNEES_PAR_DEFAUT = RACINE / "var"
SQLITE_PAR_DEFAUT = "sqlite:///var/parcours.sqlite"
"""The store when DATABASE_URL is unset: ``parcours.sqlite`` in the data folder (``PARCOURS_DONNEES``)."""
MOTEURS = {"postgresql": "postgres", "postgres": "postgres", "sqlite": "sqlite", "memory": "memory"}


class ReglageInvalide(ValueError):
    """A setting that cannot be used; the message says which and why."""


class Mode(Enum):
    DEVELOPPEMENT = "developpement"
    PRODUCTION = "production"


class Projections(Enum):
    """Where the views are applied: in the service's own process, or by ``parcours projections run``
    processes that the service only follows (PostgreSQL: several API workers, one or two runners)."""

    PROCESSUS = "processus"
    EXTERNES = "externes"


RACINE_DES_REFERENTIELS = Path(__file__).resolve().parent.parent / "referentiels"


class Reglages(BaseSettings):
    """Every setting of the service. In production, tokens are checked against configured keys
    only; the development issuer (``parcours token``) is refused."""

    model_config = SettingsConfigDict(env_prefix="PARCOURS_", extra="ignore", frozen=True)

    donnees: Path = DONNEES_PAR_DEFAUT
    """The data folder (``PARCOURS_DONNEES``; ``var/`` of the installation by default): the SQLite store when
    DATABASE_URL is unset, the development keys, the letters left for the printing service in development. The
    relative paths of the other settings are read from it, whatever folder a command is run from."""
    database_url: str = Field(
        default=SQLITE_PAR_DEFAUT,
        validation_alias=AliasChoices("DATABASE_URL", "PARCOURS_DATABASE_URL", "database_url"),
        validate_default=True,
    )
    mode: Mode = Mode.DEVELOPPEMENT
    jwt_emetteur: str = "parcours-dev"
    jwt_audience: str = "parcours"
    jwt_fournisseur: str | None = None
    """The identity provider whose accounts the ``personne`` tokens name (their ``sub``): the organisme
    of the person's ``compte`` identifier that links the token to them; by default the issuer itself."""
    jwks_fichier: Path | None = None
    jwks_url: str | None = None
    cle_dev: Path = Field(default=Path("cle-dev.pem"), validate_default=True)
    taille_max_corps: int = Field(default=256 * 1024, gt=0)
    """Largest request body accepted, in bytes (413 beyond)."""
    cle_signature: Path = Field(default=Path("cle-signature.pem"), validate_default=True)
    """Ed25519 key (PEM) that signs the transparency log's checkpoints and the exports' attestations; created in
    development only."""
    origine_journal: str = Field(default="parcours.localhost/journal", pattern=r"^[!-~]{1,200}$")
    """The transparency log's name (C2SP ``origin``: one per deployment, e.g. ``parcours.france-travail.fr/journal``),
    the first line of each checkpoint and the name of its signing key."""
    intervalle_checkpoints_secondes: float = Field(default=60.0, ge=0, le=3600)
    """The log signs a checkpoint when it grew and this long has passed since the last one."""
    temoins: tuple[str, ...] = ()
    """The witnesses' verifier keys (C2SP ``name+id+key``) whose cosignatures the service accepts and serves."""
    retention_consultations_mois: int = Field(default=12, ge=6, le=36)
    """How long the consultations log keeps an entry (CNIL 2021: 6 to 12 months, up to 3 years if justified)."""
    idempotence_heures: int = Field(default=24, ge=1, le=720)
    """How long a command's ``Idempotency-Key`` and its answer are kept (then purged)."""
    projections: Projections = Projections.PROCESSUS
    """``externes``: the API applies no view and follows the positions the runners NOTIFY (PostgreSQL)."""
    referentiels: Path = RACINE_DES_REFERENTIELS
    """Where the published referentials and their registries are (``referentiels/`` of the checkout)."""
    cle_maitre: SecretStr | None = None
    """The master key (base64 of 32 bytes) wrapping each person's key (``infrastructure/trousseau.py``);
    required on PostgreSQL, generated once beside the SQLite file when unset."""
    cle_maitre_version: int = Field(default=1, ge=1)
    """The master key's version, recorded with each key it wraps; raised by one at each rotation."""
    cle_maitre_precedente: SecretStr | None = None
    """During a rotation, the master key of the previous version, which still opens the keys it wrapped."""
    cle_empreintes: SecretStr | None = None
    """The key (base64 of 32 bytes) of the keyed hashes that name the persons' landmarks (``domain.repere``):
    never rotated, since every landmark's id derives from it. Required in production and once the master
    key was rotated; in development, derived from the master key."""
    cle_sceau: SecretStr | None = None
    """The key (base64 of 32 bytes) that seals each stored event in its append transaction
    (``infrastructure/sceaux.py``), so that a row written without it is named by verification: held by the
    service, never by the database. Required in production; in development created once in ``var/``."""
    cles_cache_secondes: int = Field(default=60, ge=1, le=3600)
    """How long a process keeps an opened key: another process sees an erasure within this delay."""
    cles_cache_taille: int = Field(default=100_000, ge=1)
    """How many opened keys a process keeps (the keys of the parcours it reads most)."""
    smtp_hote: str | None = None
    """The SMTP server letters are sent by e-mail through (``infrastructure/courriers/courriel.py``); unset: no
    letter leaves by e-mail, all go by post."""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_expediteur: str = "ne-pas-repondre@parcours.localhost"
    """The ``From`` of the letters sent by e-mail."""
    smtp_starttls: bool = False
    """Upgrade the connection with STARTTLS (verifying the server's certificate) before sending."""
    smtp_utilisateur: str | None = None
    smtp_mot_de_passe: SecretStr | None = None
    smtp_delai_secondes: float = Field(default=10.0, gt=0, le=120)
    """How long to wait for the SMTP server before the sending is given up (nothing recorded, 503)."""
    depot_courriers: Path | None = None
    """The folder the printing service collects the letters to post from (each a PDF and its JSON manifest, written
    atomically, ``infrastructure/courriers/depot.py``); in development ``var/courriers`` when unset, in production
    no letter goes by post unless it is set."""
    webhooks_essais: int = Field(default=12, ge=1, le=50)
    """How many times a webhook is sent before it goes to the dead letters (``echec``; docs/webhooks.md)."""
    webhooks_attente_initiale_secondes: float = Field(default=30.0, gt=0, le=3600)
    """The wait after a webhook's first failed attempt, doubled after each next one (with jitter)."""
    webhooks_attente_max_secondes: float = Field(default=6 * 3600.0, gt=0, le=86400)
    """The longest wait between two attempts of a webhook."""
    webhooks_delai_secondes: float = Field(default=10.0, gt=0, le=120)
    """How long a subscriber's server has to answer (connect, send, read) before the attempt fails."""

    cors_origines: tuple[str, ...] = ()
    """The web origins whose screens may call the API from a browser (CORS allow-list, JSON list:
    ``["https://parcours.departement-59.fr"]``); none by default."""
    retard_max_evenements: int = Field(default=10_000, ge=0)
    """``/ready`` answers 503 when the views are more events than this behind the store."""
    retard_max_secondes: float = Field(default=30.0, ge=0)
    """``/ready`` answers 503 when the oldest event the views have not applied was recorded longer ago (a
    stopped ``projections run``, a view far behind)."""
    progression_secondes: float = Field(default=10.0, gt=0, le=3600)
    """``projections run`` and ``webhooks run`` log their progress at most this often, when something moved
    (``PARCOURS_PROGRESSION_SECONDES``)."""
    flux_battement_secondes: float = Field(default=15.0, gt=0, le=300)
    """The live feed (``GET /flux``) sends a comment line after this many seconds without an event, so that
    proxies keep the connection."""
    flux_reprise_ms: int = Field(default=3000, ge=0, le=600_000)
    """The feed's ``retry:`` advice: how long a client waits before it reconnects."""
    flux_fenetre: int = Field(default=10_000, ge=1, le=1_000_000)
    """How many recent changes the feed's hub keeps in memory; older cursors read the store."""
    flux_periode_secondes: float = Field(default=1.0, gt=0, le=60)
    """How soon the feed sees the commits of other processes at the latest."""
    flux_page: int = Field(default=500, ge=1, le=10_000)
    """How many store events the feed reads at once (the hub's, and each reader's from the store)."""
    flux_par_appelant: int = Field(default=8, ge=1, le=1000)
    """How many streams one caller may hold open at once in a process."""

    @field_validator("cors_origines")
    @classmethod
    def _origines(cls, origines: tuple[str, ...]) -> tuple[str, ...]:
        for origine in origines:
            decoupee = urlsplit(origine)
            if decoupee.scheme not in ("https", "http") or not decoupee.netloc or decoupee.path not in ("", "/"):
                raise ReglageInvalide(
                    f"PARCOURS_CORS_ORIGINES : « {origine} » n'est pas une origine (schéma://hôte[:port])"
                )
        return tuple(o.rstrip("/") for o in origines)

    @field_validator("donnees")
    @classmethod
    def _donnees_absolues(cls, dossier: Path) -> Path:
        return dossier.expanduser().resolve()

    @field_validator("database_url")
    @classmethod
    def _schema_connu(cls, url: str, info: ValidationInfo) -> str:
        scheme = urlsplit(url).scheme
        if scheme not in MOTEURS:
            raise ReglageInvalide(f"DATABASE_URL : schéma « {scheme} » inconnu (postgresql, sqlite, memory)")
        if url == SQLITE_PAR_DEFAUT and "donnees" in info.data:
            return f"sqlite:///{info.data['donnees'] / 'parcours.sqlite'}"
        return url

    @field_validator("cle_dev", "cle_signature", "jwks_fichier", "depot_courriers")
    @classmethod
    def _dans_les_donnees(cls, chemin: Path | None, info: ValidationInfo) -> Path | None:
        """A relative path is read from the data folder, never from the folder a command happens to run in."""
        if chemin is None or chemin.is_absolute() or "donnees" not in info.data:
            return chemin
        return Path(info.data["donnees"]) / chemin.expanduser()

    @field_validator("jwks_fichier")
    @classmethod
    def _jwks_lisible(cls, chemin: Path | None) -> Path | None:
        """The keys that check tokens read now: a missing, empty or malformed file stops the start."""
        if chemin is not None:
            lire_jwks(chemin)
        return chemin

    @field_validator("temoins")
    @classmethod
    def _cles_de_temoins(cls, cles: tuple[str, ...]) -> tuple[str, ...]:
        """Each witness key read now: a malformed one stops the start, not a witness's request later."""
        for cle in cles:
            try:
                CleDeVerification.lire(cle)
            except ValueError as erreur:
                raise ReglageInvalide(f"PARCOURS_TEMOINS : clé de témoin illisible ({erreur})") from erreur
        return cles

    @field_validator("cle_maitre", "cle_maitre_precedente", "cle_empreintes", "cle_sceau")
    @classmethod
    def _cle_de_32_octets(cls, cle: SecretStr | None) -> SecretStr | None:
        if cle is not None:
            octets_de_cle(cle)
        return cle

    @model_validator(mode="after")
    def _empreintes_stables(self) -> "Reglages":
        if self.cle_empreintes is None and (self.mode is Mode.PRODUCTION or self.cle_maitre_version > 1):
            raise ReglageInvalide(
                "PARCOURS_CLE_EMPREINTES est requise en production et après une rotation de la clé maîtresse : "
                "les repères des personnes en dérivent et ne doivent jamais changer"
            )
        return self

    @model_validator(mode="after")
    def _precedente_avec_sa_version(self) -> "Reglages":
        if self.cle_maitre_precedente is not None and (self.cle_maitre is None or self.cle_maitre_version < 2):
            raise ReglageInvalide(
                "PARCOURS_CLE_MAITRE_PRECEDENTE sert à une rotation : il faut aussi PARCOURS_CLE_MAITRE "
                "et PARCOURS_CLE_MAITRE_VERSION d'au moins 2"
            )
        return self

    @model_validator(mode="after")
    def _cles_en_production(self) -> "Reglages":
        if self.mode is Mode.PRODUCTION and not (self.jwks_fichier or self.jwks_url):
            raise ReglageInvalide("en production, PARCOURS_JWKS_FICHIER ou PARCOURS_JWKS_URL est requis")
        return self

    @model_validator(mode="after")
    def _sceau_en_production(self) -> "Reglages":
        if self.cle_sceau is None and self.mode is Mode.PRODUCTION:
            raise ReglageInvalide(
                "PARCOURS_CLE_SCEAU est requise en production : elle scelle chaque événement enregistré, "
                "hors de portée de la base (32 octets en base64, par exemple : openssl rand -base64 32)"
            )
        return self

    @model_validator(mode="after")
    def _projections_externes_sur_postgresql(self) -> "Reglages":
        if self.projections is Projections.EXTERNES and self.moteur != "postgres":
            raise ReglageInvalide(
                "PARCOURS_PROJECTIONS=externes suit des `parcours projections run` : il faut un magasin PostgreSQL"
            )
        return self

    @model_validator(mode="after")
    def _smtp_avec_identifiants_complets(self) -> "Reglages":
        if (self.smtp_utilisateur is None) != (self.smtp_mot_de_passe is None):
            raise ReglageInvalide("PARCOURS_SMTP_UTILISATEUR et PARCOURS_SMTP_MOT_DE_PASSE vont ensemble")
        return self

    @property
    def dossier_des_courriers(self) -> Path | None:
        """Where the letters to post are left: the setting, or ``courriers`` in the data folder in development."""
        if self.depot_courriers is not None or self.mode is Mode.PRODUCTION:
            return self.depot_courriers
        return self.donnees / "courriers"

    @property
    def moteur(self) -> str:
        return MOTEURS[urlsplit(self.database_url).scheme]

    @property
    def schema_postgres(self) -> str:
        """The PostgreSQL schema (``?schema=``), ``public`` by default."""
        return parse_qs(urlsplit(self.database_url).query).get("schema", ["public"])[0]

    @property
    def chemin_sqlite(self) -> Path:
        return Path(unquote(urlsplit(self.database_url).path).removeprefix("/"))

    def environnement_persistance(self) -> dict[str, str]:
        """The ``eventsourcing`` settings for this store (POSTGRES_ENABLE_DB_FUNCTIONS stays off:
        its insert path skips the table lock that keeps notification order gap-free; concurrent saves
        share that lock through ``EnregistreurGroupe``)."""
        if self.moteur == "memory":
            return {"PERSISTENCE_MODULE": "infrastructure.magasin_en_memoire"}
        if self.moteur == "sqlite":
            self.chemin_sqlite.parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.chemin_sqlite),
                "APPLICATION_RECORDER_TOPIC": "infrastructure.enregistreurs:EnregistreurSQLite",
            }
        url = urlsplit(self.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(url.path.removeprefix("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_SCHEMA": self.schema_postgres,
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "infrastructure.ecriture_groupee:EnregistreurGroupe",
        }

    def conninfo_postgres(self) -> str:
        """A psycopg connection string without our ``schema`` parameter."""
        url = urlsplit(self.database_url)
        return url._replace(query="", scheme="postgresql").geturl()


def lire_jwks(chemin: Path) -> list[dict[str, object]]:
    """The keys of a JWKS file (RFC 7517: ``{"keys": [...]}``), or a refusal naming the setting."""
    try:
        contenu = json.loads(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReglageInvalide(f"PARCOURS_JWKS_FICHIER : {chemin} introuvable") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as erreur:
        raise ReglageInvalide(f"PARCOURS_JWKS_FICHIER : {chemin} illisible ({type(erreur).__name__})") from None
    cles = contenu.get("keys") if isinstance(contenu, dict) else None
    if not isinstance(cles, list) or not cles or not all(isinstance(c, dict) for c in cles):
        raise ReglageInvalide(f'PARCOURS_JWKS_FICHIER : {chemin} ne contient aucune clé (attendu : {{"keys": [...]}})')
    return cles


def octets_de_cle(cle: SecretStr) -> bytes:
    """A master key's 32 bytes; never echoes the value in its message."""
    try:
        octets = base64.b64decode(cle.get_secret_value(), validate=True)
    except binascii.Error:
        octets = b""
    if len(octets) != 32:
        raise ReglageInvalide("une clé maîtresse est 32 octets en base64 (par exemple : openssl rand -base64 32)")
    return octets


def reglages_pour(url: str) -> Reglages:
    """Settings for one store, the rest from the environment."""
    return Reglages(database_url=url)
