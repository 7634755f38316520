"""Synthetic histories (issue 7): generated through the application's commands, every one accepted,
every kind of step present, reproducible from the seed, every proposal replayable, and every legal number
taken from the application's parameters. On every store."""

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from application.orientation import auditer
from application.parcours import ParcoursApplication
from cli.demo.generateur import BilanDemo, HorlogePilotee, generer
from cli.demo.population import distribuer
from cli.demo.vie import HEURES_REDUITES
from domain.parametres import PARAMETRES_2025_1, Bareme
from domain.vocabulaire import TypeAuteur
from infrastructure.composition import construire_application
from infrastructure.reglages import reglages_pour
from tests.support.horloge import HorlogeDeTest

DEPUIS = date(2025, 1, 6)
AUTRE_LOI = replace(
    PARAMETRES_2025_1,
    version="essai",
    heures_hebdo_minimum=20,
    delai_signature_contrat_mois=2,
    delai_contradictoire_jours=15,
    delai_recours_mois=3,
    delai_revue_droits_devoirs_mois=4,
    bareme_niveau_1=Bareme(taux_minimum=Decimal(40), duree_min_mois=2, duree_max_mois=3),
)
"""Other numbers for every rule the generator meets: the domain refuses a contract under 20 hours, a
sanction before 15 days without observations, a suspension under 40 % or outside 2 to 3 months."""


def types(app: ParcoursApplication, parcours_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.historique(parcours_id)]


def sans_identifiant(evenement: Any) -> dict[str, Any]:
    """The event but the ids drawn at random: its parcours', and the person's an inscription names."""
    return {cle: valeur for cle, valeur in vars(evenement).items() if cle not in ("originator_id", "personne_id")}


def en_memoire(nombre: int, graine: int) -> tuple[ParcoursApplication, BilanDemo]:
    horloge = HorlogePilotee.au(DEPUIS)
    app = construire_application(reglages_pour("memory://"), horloge)
    return app, generer(app, nombre, graine, DEPUIS, horloge)


def test_trente_parcours_sont_generes_sans_qu_aucune_commande_soit_refusee(
    app: ParcoursApplication, horloge: HorlogeDeTest
) -> None:
    horloge.aller_au(date(2026, 9, 1))  # recorded after the last step: each one typed in late, none ahead
    bilan = generer(app, 30, 42, DEPUIS)

    assert bilan.refus == []
    assert len(bilan.parcours) == 30
    attendus = {"Oriente", "ContratSigne", "SanctionDecidee", "SanctionContestee", "Sorti", "Reoriente"}
    assert attendus <= set(bilan.evenements)
    assert sum(bilan.evenements.values()) == sum(len(types(app, p)) for p in bilan.parcours)


def test_chaque_proposition_generee_se_rejoue_a_l_identique(app: ParcoursApplication, horloge: HorlogeDeTest) -> None:
    horloge.aller_au(date(2026, 9, 1))
    bilan = generer(app, 30, 42, DEPUIS)
    assert app.referentiels is not None

    evenements = [e for parcours_id in bilan.parcours for e in app.historique(parcours_id)]

    assert bilan.evenements["OrientationProposee"] > 0
    assert list(auditer(evenements, app.referentiels)) == []


def test_la_meme_graine_donne_les_memes_histoires() -> None:
    premiere, bilan_1 = en_memoire(30, 7)
    seconde, bilan_2 = en_memoire(30, 7)

    assert [types(premiere, p) for p in bilan_1.parcours] == [types(seconde, p) for p in bilan_2.parcours]
    # Down to every field, the parcours id (drawn at random) aside: dates, authors, motives, decisions.
    assert [[sans_identifiant(e) for e in premiere.historique(p)] for p in bilan_1.parcours] == [
        [sans_identifiant(e) for e in seconde.historique(p)] for p in bilan_2.parcours
    ]


def test_une_autre_graine_donne_d_autres_histoires() -> None:
    premiere, bilan_1 = en_memoire(30, 7)
    seconde, bilan_2 = en_memoire(30, 8)

    assert [types(premiere, p) for p in bilan_1.parcours] != [types(seconde, p) for p in bilan_2.parcours]


def test_l_horloge_d_enregistrement_suit_les_dates_metier() -> None:
    app, _ = en_memoire(30, 42)

    evenements: list[Any] = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 10_000)]
    instants = [evenement.timestamp for evenement in evenements]
    assert instants == sorted(instants)  # recorded as the months went by
    assert all(evenement.timestamp == evenement.decision.effective_le for evenement in evenements)
    assert instants[0].date() >= DEPUIS
    assert instants[-1].date() < date(2026, 9, 1)


def test_les_parts_sont_distribuees_exactement_et_chaque_sorte_au_moins_une_fois() -> None:
    parts = {"courant": 0.90, "rare": 0.07, "tres_rare": 0.03}

    assert sorted(distribuer(random.Random(1), 100, parts)).count("rare") == 7
    petit = distribuer(random.Random(1), 5, parts)
    assert (len(petit), set(petit)) == (5, {"courant", "rare", "tres_rare"})


def test_sous_une_autre_loi_le_generateur_en_suit_les_nombres_et_aucune_commande_n_est_refusee() -> None:
    horloge = HorlogePilotee.au(DEPUIS)
    app = construire_application(reglages_pour("memory://"), horloge)
    app.parametres = AUTRE_LOI

    bilan = generer(app, 60, 42, DEPUIS, horloge)

    assert bilan.refus == []
    evenements: list[Any] = [e for parcours_id in bilan.parcours for e in app.historique(parcours_id)]
    heures = {e.contrat.heures_hebdo for e in evenements if type(e).__name__ == "ContratSigne"}
    suspensions = [e.sanction for e in evenements if type(e).__name__ == "SanctionDecidee" and e.sanction.taux]
    voies = [v for e in evenements if type(e).__name__ == "SanctionNotifiee" for v in e.voies_de_recours]
    assert heures - {HEURES_REDUITES} == {20, 25}
    assert suspensions
    assert {(s.taux, s.duree_mois in (2, 3)) for s in suspensions} == {(Decimal(40), True)}
    assert voies
    assert {v.delai_mois for v in voies} == {3}


def test_les_agents_et_les_autorites_de_la_demo_signent_de_leur_nom_et_de_leur_qualite() -> None:
    app, bilan = en_memoire(30, 42)

    auteurs = [e.decision.auteur for p in bilan.parcours for e in app.historique(p)]

    agents = [a for a in auteurs if a.type in (TypeAuteur.CONSEILLER, TypeAuteur.AUTORITE)]
    assert agents
    assert all(a.nom and a.qualite for a in agents)  # CRPA L.212-1
    assert all(a.nom is a.qualite is None for a in auteurs if a not in agents)
    pcd = {a.qualite for a in agents if a.type is TypeAuteur.AUTORITE and a.organisme and a.organisme.startswith("CD")}
    assert pcd <= {
        "directeur de l'insertion, par délégation du président du conseil départemental",
        "directrice de l'insertion, par délégation du président du conseil départemental",
    }
    assert len({a.nom for a in agents}) > 5
