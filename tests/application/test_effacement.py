"""Erasing a person (``application/effacement.py``): the event first, then the key, the landmarks and the
kept answers; the persons due at a date; a purge that goes on past a failure. On every store."""

from collections.abc import Collection
from datetime import date
from uuid import UUID

import pytest

from application.effacement import PURGE, effacer_personne, inachevees, purger, relever
from application.erreurs import VersionPerimee
from application.idempotence import Idempotence
from application.parcours import ParcoursApplication, Resultat
from application.saisie import Saisie
from domain.personne import Personne
from domain.personnel import EFFACE
from domain.regles.conservation import ConservationEnCours
from domain.vocabulaire import FondementEffacement, MotifSortie
from infrastructure.idempotence import EFFACEE, MagasinIdempotence, magasin_pour
from tests.support import faits
from tests.support.demandes import CONSEILLERE, par
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import fiche, nir

DEMANDE = FondementEffacement.DEMANDE_FONDEE
FIN = FondementEffacement.FIN_DE_CONSERVATION


@pytest.fixture
def reponses(app: ParcoursApplication) -> MagasinIdempotence:
    return magasin_pour(app.recorder)


def inscrite_puis_sortie(app: ParcoursApplication, nom: str = "Lefèvre", **champs: object) -> Resultat:
    """A person registered on 2 June 2025 whose parcours closed the same day."""
    inscrite = app.inscrire(par(), faits.inscription(), personne=fiche(nom=nom, **champs))  # type: ignore[arg-type]
    app.sortir(app.parcours(inscrite.parcours_id), par(), MotifSortie.EMPLOI_DURABLE)
    return inscrite


def test_l_effacement_ecrit_l_evenement_avec_son_fondement_puis_efface_la_cle_et_les_reperes(
    app: ParcoursApplication, reponses: MagasinIdempotence
) -> None:
    inscrite = inscrite_puis_sortie(app)
    assert inscrite.personne_id is not None
    assert app.personnes.par_identifiant(fiche().identifiants[0]) is not None

    effacement = effacer_personne(app, inscrite.personne_id, par(motif="Demande du 1er juin"), DEMANDE, reponses)

    personne = app.personnes.lire(inscrite.personne_id)
    dernier = list(app.events.get(personne.id))[-1]
    assert isinstance(dernier, Personne.DonneesEffacees)
    assert dernier.decision.auteur.id == CONSEILLERE.id
    assert "RGPD art. 17 1" in dernier.decision.fondement.articles
    assert {c.nom: c.valeur for c in dernier.decision.criteres} == {
        "fondement_effacement": "demande_fondee",
        "fin_inscription": date(2025, 6, 2),
        "fin_de_conservation": date(2045, 6, 2),
    }
    assert dernier.decision.motif == EFFACE  # sealed with the key it erased
    assert (personne.identite, personne.identifiants, personne.contact) == (None, {}, None)
    assert effacement.cles == 2  # the person and their parcours
    assert app.personnes.par_identifiant(fiche().identifiants[0]) is None
    assert app.parcours(inscrite.parcours_id).statut.value == "sorti"  # the legal facts stay


def test_avant_la_fin_de_la_conservation_l_effacement_est_refuse_et_rien_n_est_ecrit(
    app: ParcoursApplication, reponses: MagasinIdempotence
) -> None:
    inscrite = inscrite_puis_sortie(app)
    assert inscrite.personne_id is not None
    avant = app.recorder.max_notification_id()

    with pytest.raises(ConservationEnCours, match="2045-06-02"):
        effacer_personne(app, inscrite.personne_id, par(), FIN, reponses)

    assert app.recorder.max_notification_id() == avant
    assert app.personnes.lire(inscrite.personne_id).identite is not None


def test_un_parcours_ouvert_empeche_l_effacement_meme_sur_injonction(
    app: ParcoursApplication, reponses: MagasinIdempotence
) -> None:
    inscrite = app.inscrire(par(), faits.inscription(), personne=fiche())
    assert inscrite.personne_id is not None

    with pytest.raises(ConservationEnCours, match=str(inscrite.parcours_id)):
        effacer_personne(app, inscrite.personne_id, par(), FondementEffacement.INJONCTION_CNIL, reponses)


def test_un_effacement_repete_n_ecrit_rien_de_plus_et_finit_ce_qui_restait(
    app: ParcoursApplication, reponses: MagasinIdempotence
) -> None:
    inscrite = inscrite_puis_sortie(app)
    assert inscrite.personne_id is not None
    premier = effacer_personne(app, inscrite.personne_id, par(), DEMANDE, reponses)

    second = effacer_personne(app, inscrite.personne_id, par(), DEMANDE, reponses)

    assert (premier.nouveaux > 0, second.nouveaux, second.version) == (True, 0, premier.version)


def test_les_reponses_gardees_pour_la_personne_sont_videes_et_leur_cle_reste_prise(
    app: ParcoursApplication, reponses: MagasinIdempotence
) -> None:
    inscrite = app.inscrire(
        par(idempotence=Idempotence("agent-42", "cle-1", "sha-du-corps", 201, '{"x": 1}')),
        faits.inscription(),
        personne=fiche(),
    )
    assert inscrite.personne_id is not None
    reponses.memoriser(
        Idempotence("agent-42", "cle-2", "sha-refus", 409, f'{{"parcours_id": "{inscrite.parcours_id}"}}')
    )
    reponses.memoriser(Idempotence("agent-42", "cle-3", "sha-autre", 409, '{"detail": "autre"}'))
    app.sortir(app.parcours(inscrite.parcours_id), par(), MotifSortie.EMPLOI_DURABLE)

    effacement = effacer_personne(app, inscrite.personne_id, par(), DEMANDE, reponses)

    gardees = {cle: reponses.lire("agent-42", cle) for cle in ("cle-1", "cle-2", "cle-3")}
    assert effacement.reponses == 2
    assert [(m.empreinte, m.corps) for m in (gardees["cle-1"], gardees["cle-2"]) if m] == [(EFFACEE, "{}")] * 2
    assert gardees["cle-3"] is not None
    assert gardees["cle-3"].empreinte == "sha-autre"


def test_le_releve_ne_donne_que_les_personnes_dont_la_conservation_a_pris_fin(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    ancienne = inscrite_puis_sortie(app)
    horloge.aller_au("2026-03-01")
    recente = inscrite_puis_sortie(app, nom="Martin", avec_nir=nir(naissance=date(1990, 4, 12), commune="113"))
    ouverte = app.inscrire(par(), faits.inscription(), personne=fiche(nom="Durand", avec_nir=None))

    releve = relever(app, date(2045, 6, 2))

    assert [(e.personne_id, e.fin_inscription, e.fin_conservation) for e in releve] == [
        (ancienne.personne_id, date(2025, 6, 2), date(2045, 6, 2))
    ]
    assert relever(app, date(2045, 6, 1)) == []
    assert [e.personne_id for e in relever(app, date(2090, 1, 1))] == [ancienne.personne_id, recente.personne_id]
    assert ouverte.personne_id is not None


def test_la_purge_efface_les_personnes_dues_et_continue_apres_un_echec(
    app: ParcoursApplication, horloge: HorlogeDeTest, reponses: MagasinIdempotence
) -> None:
    premiere = inscrite_puis_sortie(app)
    seconde = inscrite_puis_sortie(app, nom="Martin", avec_nir=nir(commune="113"))
    horloge.aller_au("2045-06-02")

    class EnPanneUneFois:
        appels = 0

        def oublier(self, ids: Collection[str]) -> int:
            self.appels += 1
            if self.appels == 1:
                raise RuntimeError("panne")
            return reponses.oublier(ids)

    bilan = purger(app, date(2045, 6, 2), EnPanneUneFois())

    assert [e.personne_id for e in bilan.effacees] == [seconde.personne_id]
    assert bilan.echecs == ((premiere.personne_id, "RuntimeError"),)
    effacee = list(app.events.get(seconde.personne_id))[-1]  # type: ignore[arg-type]
    assert isinstance(effacee, Personne.DonneesEffacees)
    assert effacee.decision.auteur.id == PURGE.id
    assert relever(app, date(2045, 6, 2)) == []


def test_un_effacement_interrompu_apres_son_evenement_est_acheve_par_la_purge_suivante(
    app: ParcoursApplication, horloge: HorlogeDeTest, reponses: MagasinIdempotence, monkeypatch: pytest.MonkeyPatch
) -> None:
    inscrite = inscrite_puis_sortie(app)
    assert inscrite.personne_id is not None
    horloge.aller_au("2045-06-02")

    def coupure(_: UUID) -> int:
        raise RuntimeError("processus arrêté")

    with monkeypatch.context() as patch:
        patch.setattr(app.personnes.trousseau, "effacer", coupure)
        assert purger(app, date(2045, 6, 2), reponses).echecs == ((inscrite.personne_id, "RuntimeError"),)
    assert inachevees(app) == [inscrite.personne_id]

    reprise = purger(app, date(2045, 6, 2), reponses)

    assert [(e.personne_id, e.nouveaux, e.cles) for e in reprise.effacees] == [(inscrite.personne_id, 0, 2)]
    assert inachevees(app) == []


def test_une_saisie_a_la_version_perimee_est_refusee(app: ParcoursApplication, reponses: MagasinIdempotence) -> None:
    inscrite = inscrite_puis_sortie(app)
    assert inscrite.personne_id is not None

    with pytest.raises(VersionPerimee):
        effacer_personne(app, inscrite.personne_id, Saisie(CONSEILLERE, version_attendue=1), DEMANDE, reponses)
