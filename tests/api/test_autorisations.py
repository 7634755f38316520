"""Every role × every endpoint × ownership: who may act, who may see (OWASP API1 and API5).

The endpoints come from the application itself, so a new route cannot escape this table. The
expectations are written out here, from DESIGN §5 and the issue, not read from the policy module.
A role that may not use an operation gets 403 before anything is read, on its own parcours, a
foreign one or an unknown one alike (issue 16: the role is judged first).
"""

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import creer_app
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import ROLES_PAR_JETON, Revendications, emettre_jeton_dev
from infrastructure.reglages import Reglages, reglages_pour
from tests.api.corps import CONTRAT, DIAGNOSTIC, DONNEE_AGE, INSCRIPTION, MANQUEMENT, ORIENTATION, SUSPENSION, VOIES

AGENTS = {Role.CONSEILLER, Role.REFERENT, Role.RESPONSABLE}
AUTORITE = {Role.AUTORITE_SANCTION}
PERSONNE = {Role.PERSONNE}
QUI_PEUT_AGIR: dict[tuple[str, str], set[Role]] = {
    ("POST", "/parcours"): AGENTS | {Role.PARTENAIRE},
    ("POST", "/parcours/{parcours_id}/sortie"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reouverture"): AGENTS,
    ("POST", "/parcours/{parcours_id}/rectifications"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/orientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/orientation/notification"): AGENTS,
    ("POST", "/parcours/{parcours_id}/entretien-orientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/referent"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation/acceptation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation/refus"): AGENTS,
    ("POST", "/parcours/{parcours_id}/diagnostic"): AGENTS,
    ("POST", "/parcours/{parcours_id}/contrat"): AGENTS,
    ("POST", "/parcours/{parcours_id}/contrat/mise-a-jour"): AGENTS,
    ("POST", "/parcours/{parcours_id}/droits-devoirs/information"): AGENTS,
    ("POST", "/parcours/{parcours_id}/droits-devoirs/revue"): AGENTS,
    ("POST", "/parcours/{parcours_id}/manquements"): AGENTS,
    ("POST", "/parcours/{parcours_id}/sanctions"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/reception-avis"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/observations"): AGENTS | PERSONNE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/audition"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/cloture"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/decision"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/notification"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/levee-suspension"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/radiation"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours"): AGENTS | PERSONNE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours/{rid}/decision"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/orientation/donnees"): AGENTS,
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes"): AGENTS | PERSONNE,
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes/{did}/communication"): AGENTS,
    ("GET", "/parcours/{parcours_id}/orientation/explication"): set(),
    ("GET", "/parcours/{parcours_id}"): set(),
    ("GET", "/parcours/{parcours_id}/export"): set(),
    ("GET", "/parcours/{parcours_id}/consultations"): PERSONNE | {Role.AUDITEUR, Role.ADMIN},
    ("GET", "/parcours/{parcours_id}/historique"): set(),
    ("GET", "/parcours/{parcours_id}/journal"): set(),
    ("GET", "/parcours/{parcours_id}/etat"): set(),
}
"""Commands by role; reads with an empty set are decided by visibility alone."""

CORPS: dict[str, dict[str, Any]] = {
    "/parcours": INSCRIPTION,
    "/reouverture": INSCRIPTION,
    "/sortie": {"motif_sortie": "emploi_durable"},
    "/rectifications": {"version_rectifiee": 1, "corrections": {"canal": "guichet"}, "motif": "erreur"},
    "/orientation": ORIENTATION,
    "/orientation/donnees": {"donnees": [DONNEE_AGE]},
    "/referent": {"referent": {"id": "agent-42", "organisme": "FRANCE_TRAVAIL"}},
    "/reorientation/acceptation": {"orientation": ORIENTATION["orientation"]},
    "/diagnostic": DIAGNOSTIC,
    "/contrat": CONTRAT,
    "/contrat/mise-a-jour": CONTRAT,
    "/manquements": MANQUEMENT,
    "/sanctions": {"manquements": ["m"], "sanction_envisagee": SUSPENSION},
    "{sid}/reception-avis": {"recu_le": "2025-07-01"},
    "{sid}/decision": {"sanction": SUSPENSION},
    "{sid}/notification": VOIES,
    "{sid}/recours": {"type_recours": "mediation_prealable"},
}
CORPS_RECOURS = {"issue": "rejet"}


@pytest.fixture(scope="module")
def reglages(tmp_path_factory: pytest.TempPathFactory) -> Reglages:
    # Access does not depend on the store: the table runs once, in memory.
    return reglages_pour("memory://").model_copy(update={"cle_dev": tmp_path_factory.mktemp("cle") / "cle.pem"})


@pytest.fixture(scope="module")
def client(reglages: Reglages) -> Iterator[TestClient]:
    with TestClient(creer_app(reglages)) as client:
        yield client


def entetes(reglages: Reglages, role: Role, parcours: UUID | None = None) -> dict[str, str]:
    organisme = None if role is Role.PERSONNE else Organisme.FRANCE_TRAVAIL
    revendications = Revendications(
        sub=f"{role.value}-1", role=role, organisme=organisme, territoire="75", parcours=parcours
    )
    return {"Authorization": f"Bearer {emettre_jeton_dev(reglages, revendications)}"}


def inscrire(client: TestClient, reglages: Reglages, departement: str) -> UUID:
    territoire = {"departement": departement}
    corps = {
        "inscription": {**INSCRIPTION["inscription"], "territoire": territoire},
        "donnees_orientation": [DONNEE_AGE],
    }
    partenaire = entetes(reglages, Role.PARTENAIRE)
    return UUID(client.post("/parcours", json=corps, headers=partenaire).json()["parcours_id"])


def routes_des_parcours(client: TestClient) -> list[tuple[str, str]]:
    """Every parcours endpoint, as the OpenAPI document publishes it."""
    chemins: dict[str, dict[str, Any]] = client.get("/openapi.json").json()["paths"]
    return sorted(
        (methode.upper(), chemin)
        for chemin, operations in chemins.items()
        if chemin.startswith("/parcours")
        for methode in operations
    )


def corps_pour(chemin: str) -> dict[str, Any]:
    if chemin.endswith("/recours/{rid}/decision"):
        return CORPS_RECOURS
    return next((c for fin, c in CORPS.items() if chemin.endswith(fin)), {})


def attendu(role: Role, methode: str, chemin: str, proprietaire: bool) -> str:
    if chemin == "/parcours":
        peut = role is Role.PARTENAIRE or (role in AGENTS and proprietaire)
        return "autorise" if peut else "interdit"
    roles = QUI_PEUT_AGIR[(methode, chemin)]
    if (methode == "POST" or roles) and role not in roles:
        return "interdit"  # judged on the role alone, before the parcours is read: known or not
    voit = role in {Role.AUDITEUR, Role.ADMIN} or (proprietaire and role in AGENTS | AUTORITE | PERSONNE)
    return "autorise" if voit else "invisible"


def observe(statut: int) -> str:
    return {403: "interdit", 404: "invisible"}.get(statut, "autorise")


def test_la_table_couvre_chaque_route_des_parcours(client: TestClient) -> None:
    assert set(routes_des_parcours(client)) == set(QUI_PEUT_AGIR)


def test_l_openapi_publie_les_roles_que_chaque_commande_declare(client: TestClient) -> None:
    """Issue 17: a command's roles are declared once, beside its route; the OpenAPI lists that very
    declaration (``x-roles``, and the 403's description), equal to this table."""
    chemins: dict[str, dict[str, Any]] = client.get("/openapi.json").json()["paths"]
    publies = {
        (methode, chemin): (set(roles), chemins[chemin]["post"]["responses"]["403"]["description"])
        for (methode, chemin), roles in QUI_PEUT_AGIR.items()
        if methode == "POST"
        for roles in [chemins[chemin]["post"]["x-roles"]]
    }

    assert {cle: {Role(r) for r in roles} for cle, (roles, _) in publies.items()} == {
        cle: roles for cle, roles in QUI_PEUT_AGIR.items() if cle[0] == "POST"
    }
    assert all(all(r in description for r in roles) for roles, description in publies.values())


def test_le_refus_d_un_role_nomme_la_commande_que_la_route_garde(client: TestClient, reglages: Reglages) -> None:
    """Issue 17: the key of ``/reorientation/acceptation`` was ``decider_reorientation``, for the
    application's ``reorienter``: a refusal now names the command it guards."""
    personne = entetes(reglages, Role.PERSONNE)
    corps = CORPS["/reorientation/acceptation"]

    reponse = client.post(f"/parcours/{UUID(int=7)}/reorientation/acceptation", json=corps, headers=personne)

    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Le rôle « personne » n'est pas autorisé à : reorienter."


def test_chaque_role_chaque_route_chaque_appartenance(client: TestClient, reglages: Reglages) -> None:
    le_sien, l_autre = inscrire(client, reglages, "75"), inscrire(client, reglages, "13")
    ecarts = []
    for role in sorted(ROLES_PAR_JETON, key=lambda r: r.value):
        autorisation = entetes(reglages, role, parcours=le_sien)
        for methode, chemin in routes_des_parcours(client):
            for proprietaire in (True, False):
                cible = le_sien if proprietaire else l_autre
                url = chemin.format(parcours_id=cible, sid="s-1", rid="r-1", did="d-1")
                corps = corps_pour(chemin)
                if chemin == "/parcours" and not proprietaire:
                    corps = {"inscription": {**INSCRIPTION["inscription"], "territoire": {"departement": "13"}}}
                reponse = client.request(methode, url, json=corps if methode == "POST" else None, headers=autorisation)
                assert reponse.status_code not in (401, 422, 500), (role, methode, chemin, reponse.text)
                vu, prevu = observe(reponse.status_code), attendu(role, methode, chemin, proprietaire)
                if vu != prevu:
                    ecarts.append(f"{role.value} {methode} {chemin} propriétaire={proprietaire}: {vu} ≠ {prevu}")
    assert ecarts == []


def test_un_parcours_etranger_repond_comme_un_parcours_inconnu(client: TestClient, reglages: Reglages) -> None:
    etranger = inscrire(client, reglages, "13")
    conseiller = entetes(reglages, Role.CONSEILLER)

    cache = client.get(f"/parcours/{etranger}", headers=conseiller)
    inconnu = client.get(f"/parcours/{UUID(int=7)}", headers=conseiller)

    assert (cache.status_code, inconnu.status_code) == (404, 404)
    assert {k: v for k, v in cache.json().items() if k not in ("detail", "instance")} == {
        k: v for k, v in inconnu.json().items() if k not in ("detail", "instance")
    }


def test_le_referent_designe_voit_le_parcours_hors_de_son_territoire(client: TestClient, reglages: Reglages) -> None:
    parcours = inscrire(client, reglages, "13")
    marseille = Revendications(
        sub="agent-13", role=Role.CONSEILLER, organisme=Organisme.FRANCE_TRAVAIL, territoire="13"
    )
    agent_13 = {"Authorization": f"Bearer {emettre_jeton_dev(reglages, marseille)}"}
    client.post(f"/parcours/{parcours}/orientation", json=ORIENTATION, headers=agent_13)
    designe = client.post(
        f"/parcours/{parcours}/referent",
        json={"referent": {"id": "conseiller-1", "organisme": "FRANCE_TRAVAIL"}},
        headers=agent_13,
    )
    assert designe.status_code == 200, designe.text

    # Read-your-writes: the dossier view may be a page behind the designation just recorded.
    position = {"position_min": designe.json()["position"]}
    reponse = client.get(f"/parcours/{parcours}", params=position, headers=entetes(reglages, Role.CONSEILLER))

    assert reponse.status_code == 200, reponse.text
    assert reponse.json()["referent"] == "conseiller-1"
