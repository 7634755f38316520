"""Rebuild equivalence: whatever the history and however the catch-up was paced, the views maintained
incrementally equal a rebuild from zero, row for row (and entry for entry in the worklists index)."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from application.parcours import ParcoursApplication
from application.saisie import Saisie
from domain.vocabulaire import Destinataire, IssueRecours, ModeOrientation, TypeRecours
from infrastructure.reglages import reglages_pour
from infrastructure.transcodings import transcodings
from projections.corbeilles import Corbeilles
from projections.dossier import Dossier
from projections.journal import Journal
from projections.projecteur import Projecteur
from projections.stockage import VueMemoire
from tests.support import faits
from tests.support.demandes import AUTORITE, PERSONNE, par
from tests.support.horloge import HorlogeDeTest

Etape = Callable[[ParcoursApplication, UUID], Any]


def le(jour: date, principal: Any = None) -> Saisie:
    return par(principal, jour=jour) if principal else par(jour=jour)


CYCLE: list[Etape] = [
    lambda app, p: app.orienter(app.parcours(p), le(date(2025, 6, 2)), faits.EMPLOI_FT, ModeOrientation.AGENT),
    lambda app, p: app.notifier_orientation(app.parcours(p), le(date(2025, 6, 3))),
    lambda app, p: app.realiser_diagnostic(app.parcours(p), le(date(2025, 6, 5)), faits.diagnostic()),
    lambda app, p: app.signer_contrat(app.parcours(p), le(date(2025, 6, 10)), faits.contrat()),
    lambda app, p: app.informer_droits_devoirs(app.parcours(p), le(date(2025, 6, 10))),
    lambda app, p: app.constater_manquement(app.parcours(p), le(date(2025, 6, 20)), faits.manquement(), "m1"),
    lambda app, p: app.ouvrir_contradictoire(
        app.parcours(p), le(date(2025, 6, 23)), ("m1",), faits.suspension(), Destinataire.PERSONNE, "s1"
    ),
    lambda app, p: app.receptionner_avis(app.parcours(p), le(date(2025, 7, 1)), "s1", date(2025, 7, 1)),
    lambda app, p: app.decider_sanction(
        app.parcours(p), par(AUTORITE, jour=date(2025, 7, 15), motif=faits.MOTIF_SANCTION), "s1", faits.suspension()
    ),
    lambda app, p: app.notifier_sanction(app.parcours(p), le(date(2025, 7, 16)), "s1", faits.VOIES_DE_RECOURS),
    lambda app, p: app.introduire_recours(
        app.parcours(p), le(date(2025, 8, 1), PERSONNE), "s1", TypeRecours.RAPO, "r1"
    ),
    lambda app, p: app.trancher_recours(
        app.parcours(p), le(date(2025, 9, 1), AUTORITE), "s1", "r1", IssueRecours.ANNULATION
    ),
]
"""One parcours' life, cut anywhere by the generated histories, each step dated in business-time order."""
APRES_LE_CYCLE = HorlogeDeTest(datetime(2025, 9, 1, 12, tzinfo=UTC))
"""The recording clock stands after the cycle's last business day: every step is typed in late, none ahead."""

VUES = (Dossier(), Journal(), Corbeilles())


def contenu(projecteur: Projecteur) -> dict[str, Any]:
    stockage = projecteur.stockage
    assert isinstance(stockage, VueMemoire)
    return dict(stockage._lignes)


@settings(max_examples=settings().max_examples * 2, deadline=None)
@given(
    longueurs=st.lists(st.integers(0, len(CYCLE)), min_size=1, max_size=4),
    ordre=st.randoms(use_true_random=False),
    pages=st.lists(st.integers(1, 7), min_size=1, max_size=10),
    rythme=st.lists(st.booleans(), min_size=1, max_size=60),
)
def test_les_vues_maintenues_au_fil_de_l_eau_egalent_une_reconstruction(
    longueurs: list[int], ordre: Any, pages: list[int], rythme: list[bool]
) -> None:
    app = ParcoursApplication(
        env=reglages_pour("memory://").environnement_persistance(), horloge=APRES_LE_CYCLE, transcodings=transcodings()
    )
    au_fil = [Projecteur(app, vue, VueMemoire()) for vue in VUES]
    parcours = [app.inscrire(le(date(2025, 6, 2)), faits.inscription()).parcours_id for _ in longueurs]
    etapes = [(i, etape) for i, n in enumerate(longueurs) for etape in CYCLE[:n]]
    ordre.shuffle(etapes)
    prochaine = [0] * len(longueurs)
    for numero, (i, _) in enumerate(etapes):
        CYCLE[prochaine[i]](app, parcours[i])  # each parcours' own steps stay in order
        prochaine[i] += 1
        if rythme[numero % len(rythme)]:
            for projecteur in au_fil:
                projecteur.rattraper(taille_page=pages[numero % len(pages)])
    for projecteur in au_fil:
        projecteur.rattraper(taille_page=pages[0])

    reconstruites = [Projecteur(app, vue, VueMemoire()) for vue in VUES]
    for projecteur in reconstruites:
        projecteur.rattraper(taille_page=10_000)

    for incremental, reconstruite in zip(au_fil, reconstruites, strict=True):
        assert contenu(incremental) == contenu(reconstruite), incremental.vue.nom
        assert incremental.position == reconstruite.position == app.recorder.max_notification_id()
