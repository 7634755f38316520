"""The projections inside the service process: a thread catches the views up as soon as a
command is saved, and readers wait on the position itself (a condition), not by polling.

Commands saved by another process are picked up at the next wake-up or after ``periode``
seconds at the latest. On PostgreSQL, ``parcours projections run`` (``suivre``) is a separate
process woken by the store's own NOTIFY on each save; several may run side by side, a page
applied by one being refused to the others by its tracking.
"""

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import structlog
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.parcours import ParcoursApplication
from infrastructure.composition import construire_application
from infrastructure.index_des_personnes import stockage_de_vue
from infrastructure.progression import Progression
from infrastructure.reglages import ReglageInvalide, Reglages
from infrastructure.sceaux import cle_de_sceau
from infrastructure.transparence.journal import JournalSql
from infrastructure.transparence.tenue import TeneurDuJournal, journal_pour, signer_si_du
from infrastructure.vues import stockage_pour
from projections.blocage import Blocage, EtatDeVue
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier
from projections.faits import Faits
from projections.journal import Journal
from projections.personnes import Personnes
from projections.projecteur import Lecteur, Projecteur, rattraper_ensemble
from projections.reprise import TRANSITOIRES, Repli, VueGardee, lieu
from projections.stockage import etats as lire_les_etats
from projections.vue import Vue

journal = structlog.get_logger("parcours.projections")
VUES: tuple[Vue[Any], ...] = (Dossier(), Journal(), Corbeilles(), Faits(), Personnes())
"""The views, the persons' last: it feeds the search index (``index_des_personnes.py``)."""
NOMS_DES_VUES: tuple[str, ...] = tuple(vue.nom for vue in VUES)
REACTION = 0.5
"""How soon, in seconds, a runner waiting for a notification notices that it is asked to stop."""


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
    itself but moves each view at its own pace, on its own core. A database restart costs a wait, not
    the runner: the listening connection is opened again with backoff and the views go on from their
    tracked positions."""
    application = construire_application(reglages)
    recorder = application.recorder
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise ReglageInvalide("parcours projections run suit un magasin PostgreSQL (DATABASE_URL=postgresql://...)")
    en_processus = ProjectionsEnProcessus(application, reglages, periode, vues=vues)

    def rattraper_puis_annoncer(ecoute: psycopg.Connection[Any]) -> float | None:
        en_processus.rattraper()
        ecoute.execute(sql.SQL("NOTIFY {}").format(canal_des_vues(recorder)))
        return en_processus.prochain_essai()

    progression = progression_des_vues(en_processus, reglages.progression_secondes)
    progression.demarrer()
    journal.info(
        "projections_demarrees", vues=sorted(vues), periode=periode, progression_secondes=progression.intervalle,
        positions=progression.valeurs(),
    )  # fmt: skip
    try:
        ecouter(reglages, sql.Identifier(recorder.channel_name), arret, periode, rattraper_puis_annoncer)
    finally:
        progression.arreter()
        journal.info("projections_arretees", positions=progression.valeurs())
        application.close()


def progression_des_vues(en_processus: "ProjectionsEnProcessus", intervalle: float) -> Progression:
    """``projections_progression`` lines: each view applied here, its position and events gone through per
    second, with how far behind the store's end each is and which are blocked (a blockage and its recovery
    are logged when they happen, by the view's guard: ``projections/reprise.py``)."""

    def positions() -> dict[str, int]:
        return {gardee.nom: gardee.projecteur.position for gardee in en_processus.appliquees}

    def contexte(positions: dict[str, int]) -> dict[str, Any]:
        fin = en_processus.application.recorder.max_notification_id() or 0
        return {
            "fin": fin,
            "retard": {nom: max(0, fin - position) for nom, position in positions.items()},
            "bloquees": sorted(g.nom for g in en_processus.appliquees if g.blocage is not None),
        }

    return Progression("projections_progression", positions, intervalle, contexte=contexte)


def ecouter(
    reglages: Reglages,
    canal: sql.Identifier,
    arret: threading.Event,
    periode: float,
    agir: Callable[[psycopg.Connection[Any]], float | None],
) -> None:
    """Runs ``agir`` now, then each time ``canal`` is notified or ``periode`` passes (sooner if ``agir``
    says when it wants to run again: a failing view's next try), until ``arret``. A lost connection
    (the database restarted, or refused us) is opened again after a backoff, and ``agir`` runs at once:
    what was notified meanwhile is not missed, since ``agir`` reads on from tracked positions."""
    repli = Repli()
    while not arret.is_set():
        try:
            with psycopg.connect(reglages.conninfo_postgres(), autocommit=True, connect_timeout=5) as ecoute:
                ecoute.execute(sql.SQL("LISTEN {}").format(canal))
                if repli.echecs:
                    journal.info("ecoute_retablie", canal=canal.as_string(), essais=repli.echecs)
                    repli.reussite()
                while not arret.is_set():
                    delai = agir(ecoute)
                    attendre_une_notification(ecoute, periode if delai is None else min(periode, delai), arret)
        except TRANSITOIRES as erreur:
            attente = repli.echec()
            journal.warning(
                "ecoute_interrompue", canal=canal.as_string(), erreur=lieu(erreur), essai=repli.echecs,
                attente=round(attente, 3),
            )  # fmt: skip
            arret.wait(attente)


def attendre_une_notification(ecoute: psycopg.Connection[Any], attente: float, arret: threading.Event) -> None:
    """Returns at the first notification, after ``attente`` seconds, or soon after ``arret`` (the wait is
    cut in slices of ``REACTION`` seconds: a notification cannot be waited for together with an event)."""
    fin = time.monotonic() + max(0.01, attente)
    while not arret.is_set() and (reste := fin - time.monotonic()) > 0:
        for _ in ecoute.notifies(timeout=min(reste, REACTION), stop_after=1):
            return


@dataclass(frozen=True)
class EtatRapporte:
    """A view as ``parcours projections status`` shows it."""

    nom: str
    position: int
    retard: int
    blocage: Blocage | None


def rapport_des_vues(reglages: Reglages) -> list[EtatRapporte]:
    """Each view's position, how many events it lags behind the store, and where it is stuck if it is."""
    application = construire_application(reglages)
    try:
        fin = application.recorder.max_notification_id() or 0
        etats = lire_les_etats({vue.nom: stockage_pour(reglages, application, vue) for vue in VUES}, application.name)
        return [EtatRapporte(nom, etat.position, fin - etat.position, etat.bloquee) for nom, etat in etats.items()]
    finally:
        application.close()


def etat_des_vues(reglages: Reglages) -> list[tuple[str, int, int]]:
    """Each view's position and how many events it lags behind the store."""
    return [(etat.nom, etat.position, etat.retard) for etat in rapport_des_vues(reglages)]


class ProjectionsEnProcessus:
    """The views of one process. With ``appliquer`` (the default), a thread applies them, woken by
    each save; without (``PARCOURS_PROJECTIONS=externes``), ``parcours projections run`` processes
    apply them and a thread only follows their positions, woken by the runners' NOTIFY: readers wait
    on the position the same way in both cases. ``vues`` are the views it applies (all by default);
    the others are only read, their position included in the one readers wait on.

    Nothing here dies: each view applied is guarded (``projections/reprise.py``: a failing view waits
    for its next try while the others go on), the chain has its own backoff, and a failed reading of
    the positions is logged and read again at the next wake-up. Readers learn which view is blocked
    where (``blocages``, ``bloquee_avant``) rather than wait for it in vain."""

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
            vue.nom: Projecteur(application, vue, stockage_de_vue(reglages, application, vue), lecteur) for vue in VUES
        }
        self.appliquees = [VueGardee(self.projecteurs[nom]) for nom in NOMS_DES_VUES if nom in appliquees]
        self.application = application
        self.reglages = reglages
        self.journal = journal_pour(application)
        if isinstance(self.journal, JournalSql) and reglages.moteur == "sqlite":
            self.journal.creer_tables()  # SQLite creates what it needs on first use
        self.teneur = TeneurDuJournal(application, self.journal, cle_de_sceau(reglages))
        self._repli_journal = Repli()
        self._repli_lecture = Repli()
        self.periode = periode
        self._reveil = threading.Event()
        self._lecteur = threading.Event()
        self.regroupement = regroupement
        self._arret = threading.Event()
        self._atteinte = threading.Condition()
        self._position = 0
        self._blocages: dict[str, Blocage] = {}
        self.appliquer = appliquer
        cible = self._boucle if appliquer else self._suivre_les_vues
        self._fil = threading.Thread(target=cible, name="projections", daemon=True)
        if appliquer:
            application.apres_enregistrement.append(lambda _position: self._reveil.set())

    def demarrer(self) -> None:
        """Catches up (or reads the positions) once, then starts the thread; a database that does not
        answer yet delays the views, not the start."""
        if self.appliquer:
            self.rattraper()
        else:
            self._publier_sans_tomber()
        self._fil.start()

    def arreter(self) -> None:
        self._arret.set()
        self._reveil.set()
        self._fil.join(timeout=5)

    def attendre(self, position: int, delai: float) -> bool:
        """True once every view has reached ``position``; False after ``delai`` seconds, or at once
        when a view is blocked before it (``bloquee_avant`` says which)."""
        self._lecteur.set()
        self._reveil.set()
        with self._atteinte:
            self._atteinte.wait_for(
                lambda: self._position >= position or self._bloquee_avant(position) is not None, timeout=delai
            )
            return self._position >= position

    def bloquee_avant(self, position: int) -> Blocage | None:
        """A view stuck at or before ``position``, which it therefore cannot reach until it is fixed."""
        with self._atteinte:
            return self._bloquee_avant(position)

    def _bloquee_avant(self, position: int) -> Blocage | None:
        return min(
            (b for b in self._blocages.values() if b.position <= position), key=lambda b: b.position, default=None
        )

    @property
    def blocages(self) -> list[Blocage]:
        """Every view blocked, as last read (by position)."""
        with self._atteinte:
            return sorted(self._blocages.values(), key=lambda b: (b.position, b.vue))

    def au_dela_du_journal(self, position: int) -> bool:
        """A position no command has returned yet: waiting for it would only time out."""
        return position > (self.application.recorder.max_notification_id() or 0)

    @property
    def position(self) -> int:
        return self._position

    def etats(self) -> dict[str, EtatDeVue]:
        """Each view's position and blockage as stored now (the metrics read them at each scrape)."""
        return lire_les_etats({nom: p.stockage for nom, p in self.projecteurs.items()}, self.application.name)

    def prochain_essai(self) -> float | None:
        """Seconds before a failing view or the log is due for its next try (None if none fails)."""
        attentes = [a for gardee in self.appliquees if (a := gardee.attente()) is not None]
        attentes += [repli.attente() for repli in (self._repli_journal, self._repli_lecture) if repli.echecs]
        return min(attentes, default=None)

    def _boucle(self) -> None:
        while not self._arret.is_set():
            delai = self.prochain_essai()
            self._reveil.wait(timeout=self.periode if delai is None else max(0.01, min(self.periode, delai)))
            self._reveil.clear()
            # Woken by a command, wait a little to take the next commands in the same page (one
            # transaction per view for several events); a reader waiting on a position cuts it short.
            self._lecteur.wait(timeout=self.regroupement)
            self._lecteur.clear()
            try:
                self.rattraper()
            except Exception as erreur:  # keep serving; the next wake-up tries again
                journal.error("rattrapage_en_echec", erreur=lieu(erreur))

    def rattraper(self) -> None:
        """Moves every view applied here as far as it goes, then the transparency log, then tells the readers."""
        rattraper_ensemble(self.appliquees)
        self._tenir_le_journal()
        self._publier_sans_tomber()

    def _tenir_le_journal(self) -> None:
        """The new sealed events into the log, and a checkpoint when one is due."""
        if not self._repli_journal.pret():
            return
        try:
            self.teneur.rattraper()
            signer_si_du(self.journal, self.reglages, datetime.now(UTC))
        except Exception as erreur:  # the log waits for its next try; the views go on
            attente = self._repli_journal.echec()
            journal.warning(
                "journal_interrompu", erreur=lieu(erreur), essai=self._repli_journal.echecs, attente=round(attente, 3)
            )
            return
        if self._repli_journal.echecs:
            journal.info("journal_retabli", essais=self._repli_journal.echecs)
            self._repli_journal.reussite()

    def _suivre_les_vues(self) -> None:
        recorder = self.application.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            raise ReglageInvalide("des projections externes se suivent sur un magasin PostgreSQL")
        ecouter(self.reglages, canal_des_vues(recorder), self._arret, self.periode, self._publier_en_suivant)

    def _publier_en_suivant(self, _ecoute: psycopg.Connection[Any]) -> float | None:
        self._publier_sans_tomber()
        return self.prochain_essai()

    def _publier_sans_tomber(self) -> None:
        """Reads the positions; a failure is logged and read again after a backoff (each try may meet
        another pooled connection that a database restart closed: the pool drops it and goes on)."""
        try:
            self._publier()
        except Exception as erreur:  # readers keep the last positions meanwhile
            attente = self._repli_lecture.echec()
            journal.warning(
                "lecture_des_positions_en_echec", erreur=lieu(erreur), essai=self._repli_lecture.echecs,
                attente=round(attente, 3),
            )  # fmt: skip
            return
        self._repli_lecture.reussite()

    def _publier(self) -> None:
        """Readers waiting on a position learn where the views stand now, and which are blocked where
        (recorded by whichever process applies them, or known here if it could not be recorded)."""
        etats = self.etats()
        blocages = {nom: b for nom, etat in etats.items() if (b := etat.bloquee) is not None}
        for gardee in self.appliquees:
            if gardee.blocage is not None and etats[gardee.nom].position < gardee.blocage.position:
                blocages[gardee.nom] = gardee.blocage
        with self._atteinte:
            self._position = min(etat.position for etat in etats.values())
            self._blocages = blocages
            self._atteinte.notify_all()
