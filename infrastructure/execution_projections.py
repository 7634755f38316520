"""The projections inside the service process: a thread catches the views up as soon as a
command is saved, and readers wait on the position itself (a condition), not by polling.

Commands saved by another process are picked up at the next wake-up or after ``periode``
seconds at the latest. On PostgreSQL, ``parcours projections run`` (``suivre``) is a separate
process woken by the store's own NOTIFY on each save; several may run side by side, a page
applied by one being refused to the others by its tracking.
"""

import threading
from collections.abc import Callable, Collection
from typing import Any

import psycopg
import structlog
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.audit import signer_un_point
from infrastructure.chaine import Chaineur
from infrastructure.composition import construire_application
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.stockage_chaine import ChaineSql, chaine_pour
from infrastructure.vues import stockage_pour
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier
from projections.faits import Faits
from projections.journal import Journal
from projections.projecteur import Lecteur, Projecteur, rattraper_ensemble
from projections.vue import Vue

journal = structlog.get_logger("parcours.projections")
VUES: tuple[Vue[Any], ...] = (Dossier(), Journal(), Corbeilles(), Faits())
NOMS_DES_VUES: tuple[str, ...] = tuple(vue.nom for vue in VUES)


def vue_nommee(nom: str) -> Vue[Any]:
    """The view called ``nom``; an unknown name is refused, naming the views there are."""
    vue = next((v for v in VUES if v.nom == nom), None)
    if vue is None:
        raise ReglageInvalide(f"vue « {nom} » inconnue (vues : {', '.join(NOMS_DES_VUES)})")
    return vue


def canal_des_vues(recorder: PostgresApplicationRecorder) -> sql.Identifier:
    """Where a runner says that the views have moved, for the API workers that follow them."""
    return sql.Identifier(f"{recorder.channel_name}_vues")


def suivre(
    reglages: Reglages, arret: threading.Event, periode: float = 5.0, vues: Collection[str] = NOMS_DES_VUES
) -> None:
    """Follows a PostgreSQL store: catch ``vues`` up, tell the API workers (NOTIFY on the views'
    channel), then sleep until the store notifies a save (LISTEN on the channel the library NOTIFYs
    after each insert) or ``periode`` passes; until ``arret``. A runner per view decodes the store for
    itself but moves each view at its own pace, on its own core."""
    application = construire_application(reglages)
    recorder = application.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise ReglageInvalide("parcours projections run suit un magasin PostgreSQL (DATABASE_URL=postgresql://...)")
    en_processus = ProjectionsEnProcessus(application, reglages, periode, vues=vues)

    def rattraper_puis_annoncer(ecoute: psycopg.Connection[Any]) -> None:
        en_processus.rattraper()
        ecoute.execute(sql.SQL("NOTIFY {}").format(canal_des_vues(recorder)))

    try:
        ecouter(reglages, sql.Identifier(recorder.channel_name), arret, periode, rattraper_puis_annoncer)
    finally:
        application.close()


def ecouter(
    reglages: Reglages,
    canal: sql.Identifier,
    arret: threading.Event,
    periode: float,
    agir: Callable[[psycopg.Connection[Any]], None],
) -> None:
    """Runs ``agir`` now, then each time ``canal`` is notified or ``periode`` passes, until ``arret``."""
    with psycopg.connect(reglages.conninfo_postgres(), autocommit=True) as ecoute:
        ecoute.execute(sql.SQL("LISTEN {}").format(canal))
        while not arret.is_set():
            agir(ecoute)
            for _ in ecoute.notifies(timeout=periode, stop_after=1):
                pass


def etat_des_vues(reglages: Reglages) -> list[tuple[str, int, int]]:
    """Each view's position and how many events it lags behind the store."""
    application = construire_application(reglages)
    try:
        fin = application.recorder.max_notification_id() or 0
        positions = [
            (
                vue.nom,
                stockage_pour(reglages, application, vue).max_tracking_id(application.name) or 0,
            )
            for vue in VUES
        ]
        return [(nom, position, fin - position) for nom, position in positions]
    finally:
        application.close()


class ProjectionsEnProcessus:
    """The views of one process. With ``appliquer`` (the default), a thread applies them, woken by
    each save; without (``PARCOURS_PROJECTIONS=externes``), ``parcours projections run`` processes
    apply them and a thread only follows their positions, woken by the runners' NOTIFY: readers wait
    on the position the same way in both cases. ``vues`` are the views it applies (all by default);
    the others are only read, their position included in the one readers wait on."""

    def __init__(
        self,
        application: ParcoursApplication,
        reglages: Reglages,
        periode: float = 1.0,
        regroupement: float = 0.05,
        appliquer: bool = True,
        vues: Collection[str] = NOMS_DES_VUES,
    ) -> None:
        appliquees = {vue_nommee(nom).nom for nom in vues}
        lecteur = Lecteur(application)  # each page read and decoded once for the views applied here
        self.projecteurs = {
            vue.nom: Projecteur(application, vue, stockage_pour(reglages, application, vue), lecteur) for vue in VUES
        }
        self.appliquees = [self.projecteurs[nom] for nom in NOMS_DES_VUES if nom in appliquees]
        self.application = application
        self.reglages = reglages
        self.chaine = chaine_pour(application)
        if isinstance(self.chaine, ChaineSql) and reglages.moteur == "sqlite":
            self.chaine.creer_tables()  # SQLite creates what it needs on first use
        self.chaineur = Chaineur(application, self.chaine)
        self.periode = periode
        self._reveil = threading.Event()
        self._lecteur = threading.Event()
        self.regroupement = regroupement
        self._arret = threading.Event()
        self._atteinte = threading.Condition()
        self._position = 0
        self.appliquer = appliquer
        cible = self._boucle if appliquer else self._suivre_les_vues
        self._fil = threading.Thread(target=cible, name="projections", daemon=True)
        if appliquer:
            application.apres_enregistrement.append(lambda _position: self._reveil.set())

    def demarrer(self) -> None:
        if self.appliquer:
            self.rattraper()
        else:
            self._publier()
        self._fil.start()

    def arreter(self) -> None:
        self._arret.set()
        self._reveil.set()
        self._fil.join(timeout=5)

    def attendre(self, position: int, delai: float) -> bool:
        """True once every view has reached ``position`` (False after ``delai`` seconds)."""
        self._lecteur.set()
        self._reveil.set()
        with self._atteinte:
            return self._atteinte.wait_for(lambda: self._position >= position, timeout=delai)

    def au_dela_du_journal(self, position: int) -> bool:
        """A position no command has returned yet: waiting for it would only time out."""
        return position > (self.application.recorder.max_notification_id() or 0)

    @property
    def position(self) -> int:
        return self._position

    def _signer_si_du(self) -> None:
        """Signs a checkpoint once the chain has grown by the configured number of events."""
        points = self.chaine.points_de_controle()
        dernier = points[-1].position if points else 0
        if self.chaineur.position - dernier >= self.reglages.intervalle_points_de_controle:
            signer_un_point(self.application, self.reglages)

    def _boucle(self) -> None:
        while not self._arret.is_set():
            self._reveil.wait(timeout=self.periode)
            self._reveil.clear()
            # Woken by a command, wait a little to take the next commands in the same page (one
            # transaction per view for several events); a reader waiting on a position cuts it short.
            self._lecteur.wait(timeout=self.regroupement)
            self._lecteur.clear()
            try:
                self.rattraper()
            except Exception:  # keep serving; the next wake-up retries from the tracked position
                journal.exception("rattrapage_en_echec")

    def rattraper(self) -> None:
        rattraper_ensemble(self.appliquees)
        self.chaineur.rattraper()
        self._signer_si_du()
        self._publier()

    def _suivre_les_vues(self) -> None:
        recorder = self.application.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            raise ReglageInvalide("des projections externes se suivent sur un magasin PostgreSQL")
        ecouter(self.reglages, canal_des_vues(recorder), self._arret, self.periode, self._publier_sans_tomber)

    def _publier_sans_tomber(self, _ecoute: psycopg.Connection[Any]) -> None:
        try:
            self._publier()
        except Exception:  # keep following; the next notification or period reads again
            journal.exception("suivi_des_vues_en_echec")

    def _publier(self) -> None:
        """Readers waiting on a position learn where the views stand now."""
        position = min(p.position for p in self.projecteurs.values())
        with self._atteinte:
            self._position = position
            self._atteinte.notify_all()
