"""Read-your-writes by default: after one's own command, a read of the views shows it, with no position_min —
the views of another caller's writes are not waited for."""

from fastapi.testclient import TestClient

from tests.api.corps import INSCRIPTION, ORIENTATION, le
from tests.support.horloge import HorlogeDeTest


def test_relire_son_dossier_apres_ses_commandes_montre_chaque_fois_la_derniere_version(
    client: TestClient, conseillere: dict[str, str], horloge: HorlogeDeTest
) -> None:
    horloge.aller_au("2025-06-03")
    vues = []
    for _ in range(10):
        # given: a dossier read just after its registration
        inscrit = client.post("/parcours", json={**INSCRIPTION, **le("2025-06-03")}, headers=conseillere).json()
        chemin = f"/parcours/{inscrit['parcours_id']}"
        client.get(chemin, headers=conseillere)

        # when: the conseillère orients, notifies, and reads again at once, without position_min
        oriente = client.post(f"{chemin}/orientation", json={**ORIENTATION, **le("2025-06-03")}, headers=conseillere)
        assert oriente.status_code == 200, oriente.text
        notifie = client.post(f"{chemin}/orientation/notification", json=le("2025-06-03"), headers=conseillere)
        relu = client.get(chemin, headers=conseillere)
        corbeille = client.get("/corbeilles/contrat_a_signer", headers=conseillere).json()
        vues.append((relu.json()["version"], notifie.json()["version"], corbeille))

    # then: every read shows her last write, in the dossier and in the worklist
    assert all(lue == ecrite for lue, ecrite, _ in vues)
    assert [len(c["elements"]) for _, _, c in vues] == list(range(1, 11))
