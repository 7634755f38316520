"""Worklists say what the dossier says (issue 19): a body finds in its worklists exactly the parcours it
holds a role in, those whose dossier it may open, on the day it asks; never one it would be refused,
never one missing (the PCD's RSA beneficiaries followed by France Travail, France Travail's RSA
beneficiaries to orient once the PCD's six weeks have run, the funder of an allowance in cause)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.vocabulaire import Corbeille
from tests.api.conftest import Envoi
from tests.api.corps import CONTRAT, DONNEE_AGE, INSCRIPTION, MANQUEMENT, ORIENTATION, le
from tests.support.horloge import HorlogeDeTest


def parcours_varies(envoyer: Envoi, acteurs: dict[str, dict[str, str]]) -> tuple[list[str], int]:
    """An RSA beneficiary to orient, the PCD informed on 2 June; another oriented to France Travail;
    a young person of the mission locale with a breach about the ARE; a jobseeker of France Travail;
    one in the Bouches-du-Rhône. Their ids, and the store position of the last step."""

    def inscrire(corps: dict[str, Any], par: dict[str, str]) -> str:
        return str(envoyer("/parcours", corps, par, 201)["parcours_id"])

    au_rsa = {
        "inscription": {**INSCRIPTION["inscription"], "motif": "demande_rsa"},
        "donnees_orientation": [DONNEE_AGE],
    }
    a_orienter = inscrire(au_rsa, acteurs["flux_caf"])
    chez_france_travail = inscrire(au_rsa, acteurs["flux_caf"])
    jeune = inscrire({"inscription": {**INSCRIPTION["inscription"], "motif": "sollicitation_ml"}}, acteurs["ml"])
    demandeur = inscrire(INSCRIPTION, acteurs["ft"])
    marseillais = inscrire(
        {"inscription": {**INSCRIPTION["inscription"], "territoire": {"departement": "13"}}}, acteurs["ft_13"]
    )

    information = {"ouverts_le": "2025-05-30", "informe_le": "2025-06-02", **le("2025-06-03")}
    envoyer(f"/parcours/{a_orienter}/droits-rsa", information, acteurs["flux_caf"])
    envoyer(f"/parcours/{chez_france_travail}/orientation", {**ORIENTATION, **le("2025-06-04")}, acteurs["cd"])
    envoyer(f"/parcours/{chez_france_travail}/orientation/notification", le("2025-06-04"), acteurs["cd"])
    vers_la_mission_locale = {"orientation": {"type_parcours": "SOCIO_PROFESSIONNEL", "organisme": "MISSION_LOCALE"}}
    envoyer(
        f"/parcours/{jeune}/orientation", {**ORIENTATION, **vers_la_mission_locale, **le("2025-06-04")}, acteurs["ml"]
    )
    envoyer(f"/parcours/{jeune}/orientation/notification", le("2025-06-05"), acteurs["ml"])
    contrat = {"contrat": {**CONTRAT["contrat"], "organisme": "MISSION_LOCALE"}, **le("2025-06-10")}
    envoyer(f"/parcours/{jeune}/contrat", contrat, acteurs["ml"])
    sur_l_are = {"manquement": {**MANQUEMENT["manquement"], "allocation": "ARE"}, **le("2025-06-16")}
    position = envoyer(f"/parcours/{jeune}/manquements", sur_l_are, acteurs["ml"], 201)["position"]
    return [a_orienter, chez_france_travail, jeune, demandeur, marseillais], position


def vus_dans_les_corbeilles(client: TestClient, entetes: dict[str, str], position: int) -> set[str]:
    vus: set[str] = set()
    for liste in Corbeille:
        reponse = client.get(f"/corbeilles/{liste.value}", params={"position_min": position}, headers=entetes)
        assert reponse.status_code == 200, reponse.text
        vus |= {e["parcours_id"] for e in reponse.json()["elements"]}
    return vus


def vus_dans_les_dossiers(client: TestClient, entetes: dict[str, str], parcours: list[str]) -> set[str]:
    return {p for p in parcours if client.get(f"/parcours/{p}", headers=entetes).status_code == 200}


@pytest.mark.parametrize("jour", ["2025-07-13", "2025-07-14"], ids=["la-veille-des-six-semaines", "six-semaines-apres"])
def test_chaque_corps_trouve_dans_ses_corbeilles_exactement_les_dossiers_qu_il_peut_ouvrir(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]], horloge: HorlogeDeTest, jour: str
) -> None:
    # given: parcours where bodies hold various roles
    parcours, position = parcours_varies(envoyer, acteurs)

    # when: each body reads its worklists and tries each dossier, on that day
    horloge.aller_au(jour)
    ecarts = {
        nom: vus_dans_les_corbeilles(client, entetes, position) ^ vus_dans_les_dossiers(client, entetes, parcours)
        for nom, entetes in acteurs.items()
        if nom != "flux_caf"
    }

    # then: no difference at all, and the cases this is about are there
    assert ecarts == {nom: set() for nom in ecarts}
    a_orienter, chez_france_travail, jeune, demandeur, _ = parcours
    assert {a_orienter, chez_france_travail} <= vus_dans_les_corbeilles(client, acteurs["pcd"], position)
    assert jeune in vus_dans_les_corbeilles(client, acteurs["ft_autorite"], position)
    france_travail = vus_dans_les_corbeilles(client, acteurs["ft"], position)
    assert (a_orienter in france_travail) is (jour == "2025-07-14")
    assert demandeur not in vus_dans_les_corbeilles(client, acteurs["cd"], position)
