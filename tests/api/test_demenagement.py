"""A parcours that moves (issue 19): the organisme référent records the move, every role goes to the
new département's bodies, and the former ones keep reading the parcours as it stood when it left
them, for litigation, and do nothing more (CT R.5411-7; CASF L.262-13)."""

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Envoi, Jeton
from tests.api.corps import CONTRAT, DIAGNOSTIC, INSCRIPTION, ORIENTATION, le


def test_apres_le_demenagement_l_ancien_organisme_lit_le_parcours_tel_qu_il_le_quitta_et_n_agit_plus(
    client: TestClient, jeton: Jeton, envoyer: Envoi
) -> None:
    paris = jeton(Role.CONSEILLER, sub="ft-75", organisme=Organisme.FRANCE_TRAVAIL, territoire="75")
    marseille = jeton(Role.CONSEILLER, sub="ft-13", organisme=Organisme.FRANCE_TRAVAIL, territoire="13")

    parcours = f"/parcours/{envoyer('/parcours', INSCRIPTION, paris, 201)['parcours_id']}"
    envoyer(f"{parcours}/orientation", ORIENTATION, paris)
    envoyer(f"{parcours}/orientation/notification", le("2025-06-03"), paris)
    envoyer(f"{parcours}/diagnostic", {**DIAGNOSTIC, **le("2025-06-04")}, paris)
    envoyer(f"{parcours}/contrat", CONTRAT, paris)
    avant = client.get(f"{parcours}/etat", headers=marseille)
    demenagement = {"territoire": {"departement": "13", "bassin": "Marseille"}, **le("2025-07-01")}
    transfere = envoyer(f"{parcours}/transfert", demenagement, paris)
    referent = {"referent": {"id": "ft-13", "organisme": "FRANCE_TRAVAIL"}, **le("2025-07-02")}
    designe = envoyer(f"{parcours}/referent", referent, marseille)
    envoyer(
        f"{parcours}/referent", {**referent, "referent": {"id": "ft-75", "organisme": "FRANCE_TRAVAIL"}}, paris, 403
    )

    lu_apres = {"position_min": designe["position"]}
    ancien = {
        vue: client.get(f"{parcours}/{vue}", params=lu_apres if vue == "journal" else None, headers=paris).json()
        for vue in ("etat", "historique", "journal", "export")
    }
    dossier = client.get(parcours, params=lu_apres, headers=paris).json()
    nouveau = client.get(f"{parcours}/historique", headers=marseille).json()

    assert avant.status_code == 404
    depart = transfere["version"]
    assert ancien["etat"]["version"] == depart
    assert ancien["etat"]["referent"] is None
    assert [e["version"] for e in ancien["historique"]] == list(range(1, depart + 1))
    assert max(ligne["version"] for ligne in ancien["journal"]) == depart
    assert len(ancien["export"]["evenements"]) == depart
    assert (dossier["version"], dossier["departement"]) == (depart, "13")
    assert [e["type"] for e in nouveau][-2:] == ["Transfere", "ReferentDesigne"]
    assert not any(e["masque"] for e in nouveau)
