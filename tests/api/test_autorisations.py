"""Every role × every endpoint × every standing: who may act, who may see (OWASP API1 and API5).

The endpoints come from the application itself, so a new route cannot escape these tables. The
expectations are written out here, from the law (issue 19) and DESIGN §5, not read from the policy
module: which roles may use each operation, which legal role in a parcours each command needs, and
which body holds which role in two parcours (an ordinary job seeker, an RSA beneficiary oriented to
France Travail). A role that may not use an operation gets 403 before anything is read, on its own
parcours, a foreign one or an unknown one alike (issue 16: the role is judged first); a parcours
where the caller's body holds no role answers 404, exactly like an unknown id; a body that sees the
parcours without the role the command needs gets 403 ``incompetence``.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import creer_app
from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.jetons import ROLES_PAR_JETON, Revendications, emettre_jeton_dev
from infrastructure.reglages import Reglages, reglages_pour
from tests.api.corps import (
    CONTRAT,
    DECISION_SANCTION,
    DIAGNOSTIC,
    DONNEE_AGE,
    INSCRIPTION,
    MANQUEMENT,
    MOTIF_REJET,
    ORIENTATION,
    SUSPENSION,
    VOIES,
)

AGENTS = {Role.CONSEILLER, Role.REFERENT, Role.RESPONSABLE}
AUTORITE = {Role.AUTORITE_SANCTION}
PERSONNE = {Role.PERSONNE}
QUI_PEUT_AGIR: dict[tuple[str, str], set[Role]] = {
    ("POST", "/parcours"): AGENTS | {Role.PARTENAIRE},
    ("POST", "/parcours/{parcours_id}/sortie"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reouverture"): AGENTS,
    ("POST", "/parcours/{parcours_id}/rectifications"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/droits-rsa"): AGENTS | {Role.PARTENAIRE},
    ("POST", "/parcours/{parcours_id}/transfert"): AGENTS,
    ("POST", "/parcours/{parcours_id}/orientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/orientation/notification"): AGENTS,
    ("POST", "/parcours/{parcours_id}/entretien-orientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/referent"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation/acceptation"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reorientation/refus"): AGENTS,
    ("POST", "/parcours/{parcours_id}/reexamen-rsa"): AGENTS | AUTORITE,
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
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/proposition-radiation"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/radiation"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours"): AGENTS | PERSONNE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours/{rid}/decision"): AUTORITE,
    ("POST", "/parcours/{parcours_id}/orientation/donnees"): AGENTS,
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes"): AGENTS | PERSONNE,
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes/{did}/communication"): AGENTS,
    ("POST", "/parcours/{parcours_id}/courriers"): AGENTS | AUTORITE,
    ("POST", "/parcours/{parcours_id}/courriers/{version}/reception"): AGENTS | AUTORITE,
    ("GET", "/parcours/{parcours_id}/courriers"): set(),
    ("GET", "/parcours/{parcours_id}/courriers/{version}"): set(),
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
    "/droits-rsa": {"ouverts_le": "2025-06-01", "informe_le": "2025-06-03"},
    "/transfert": {"territoire": {"departement": "13"}},
    "/reexamen-rsa": {"maintenu": True},
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
    "{sid}/decision": DECISION_SANCTION,
    "{sid}/notification": VOIES,
    "{sid}/recours": {"type_recours": "mediation_prealable"},
    "/courriers": {"nature": "decision_orientation", "version": 1},
    "/reception": {"remis_le": "2025-06-05", "preuve": "accuse_reception_postal"},
}
CORPS_RECOURS = {"issue": "rejet", "motif": MOTIF_REJET}


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


def inscrire(client: TestClient, reglages: Reglages, departement: str, motif: str = "demande") -> UUID:
    territoire = {"departement": departement}
    corps = {
        "inscription": {**INSCRIPTION["inscription"], "motif": motif, "territoire": territoire},
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


def observe(statut: int) -> str:
    return {403: "interdit", 404: "invisible"}.get(statut, "autorise")


def test_la_table_couvre_chaque_route_des_parcours_et_chaque_role(client: TestClient) -> None:
    assert {appelant.role for appelant in APPELANTS} == ROLES_PAR_JETON
    assert set(routes_des_parcours(client)) == set(QUI_PEUT_AGIR)
    assert {cle for cle in QUI_PEUT_AGIR if cle[0] == "POST" and cle[1] != "/parcours"} == set(QUI_EST_COMPETENT)


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


# --- The legal roles: which one each command needs, which body holds which ------------------

DECIDEUR, REFERENT, PCD = "decideur de l'orientation", "organisme référent", "président du conseil départemental"
AUTORITE_ARE, AUTORITE_RSA = "autorité de sanction de l'ARE", "autorité de sanction du RSA"
SOI, FLUX = "la personne elle-même", "flux d'un partenaire"
AUTORITES = {AUTORITE_ARE, AUTORITE_RSA}
SUR_PROCEDURE = None
"""A step of a procedure: the procedure named (unknown here) is refused first, to whoever sees the parcours."""
QUI_EST_COMPETENT: dict[tuple[str, str], set[str] | None] = {
    ("POST", "/parcours/{parcours_id}/sortie"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/reouverture"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/rectifications"): {DECIDEUR, REFERENT} | AUTORITES,
    ("POST", "/parcours/{parcours_id}/droits-rsa"): {PCD, FLUX},
    ("POST", "/parcours/{parcours_id}/transfert"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/orientation"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/orientation/donnees"): {DECIDEUR, REFERENT},
    ("POST", "/parcours/{parcours_id}/orientation/notification"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/entretien-orientation"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes"): {SOI, DECIDEUR, REFERENT},
    ("POST", "/parcours/{parcours_id}/orientation/explication/demandes/{did}/communication"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/referent"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/reorientation"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/reorientation/acceptation"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/reorientation/refus"): {DECIDEUR},
    ("POST", "/parcours/{parcours_id}/reexamen-rsa"): {PCD},
    ("POST", "/parcours/{parcours_id}/diagnostic"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/contrat"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/contrat/mise-a-jour"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/droits-devoirs/information"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/droits-devoirs/revue"): {REFERENT},
    ("POST", "/parcours/{parcours_id}/manquements"): {REFERENT} | AUTORITES,
    ("POST", "/parcours/{parcours_id}/sanctions"): {AUTORITE_ARE},  # the body envisages an ARE sanction
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/decision"): {AUTORITE_ARE},  # judged on its ARE sanction
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/reception-avis"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/observations"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/audition"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/cloture"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/notification"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/levee-suspension"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/proposition-radiation"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/radiation"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/sanctions/{sid}/recours/{rid}/decision"): SUR_PROCEDURE,
    ("POST", "/parcours/{parcours_id}/courriers"): {DECIDEUR},  # the body's letter notifies an orientation
    ("POST", "/parcours/{parcours_id}/courriers/{version}/reception"): SUR_PROCEDURE,  # no letter at that version
}
"""The legal role each command needs (CT L.5411-5-1, L.5411-6, L.5412-1; CASF L.262-37, D.262-65-2)."""

FT_75, DEP_75, ML_75 = (Organisme.FRANCE_TRAVAIL, "75"), (Organisme.DEPARTEMENT, "75"), (Organisme.MISSION_LOCALE, "75")
FT_13, DEP_13 = (Organisme.FRANCE_TRAVAIL, "13"), (Organisme.DEPARTEMENT, "13")
ORGANES = (FT_75, DEP_75, ML_75, FT_13, DEP_13)
"""The bodies of the parcours' territory (own or other), and those of another territory."""
TIENNENT: dict[str, dict[tuple[Organisme, str], set[str]]] = {
    "ordinaire": {FT_75: {DECIDEUR, REFERENT, AUTORITE_ARE}},
    "rsa": {FT_75: {REFERENT, AUTORITE_ARE}, DEP_75: {DECIDEUR, PCD, AUTORITE_RSA}},
}
"""Who holds what: a job seeker registered in Paris, in France Travail's charge; an RSA beneficiary of
Paris whom the département oriented to France Travail (no six weeks run: no information recorded)."""


@dataclass(frozen=True)
class Appelant:
    role: Role
    organe: tuple[Organisme, str] | None = None
    le_sien: bool = False
    """For a person: the parcours is theirs."""

    def entetes(self, reglages: Reglages, parcours: UUID, autre: UUID) -> dict[str, str]:
        organisme, territoire = self.organe or (None, None)
        sub = "-".join(str(x) for x in (self.role.value, organisme and organisme.value, territoire) if x)
        siens = (parcours if self.le_sien else autre) if self.role is Role.PERSONNE else None
        revendications = Revendications(
            sub=sub, role=self.role, organisme=organisme, territoire=territoire, parcours=siens
        )
        return {"Authorization": f"Bearer {emettre_jeton_dev(reglages, revendications)}"}


APPELANTS = (
    *(Appelant(role, organe) for role in sorted(AGENTS | AUTORITE, key=lambda r: r.value) for organe in ORGANES),
    Appelant(Role.PERSONNE, le_sien=True),
    Appelant(Role.PERSONNE),
    Appelant(Role.AUDITEUR),
    Appelant(Role.ADMIN),
    Appelant(Role.PARTENAIRE),
)


def attendu(appelant: Appelant, methode: str, chemin: str, situation: str) -> str:
    """What the law says of ``appelant`` on this operation of this parcours, in the test's own terms."""
    if chemin == "/parcours":
        territoire = appelant.organe[1] if appelant.organe else None
        inscrit = appelant.role is Role.PARTENAIRE or (appelant.role in AGENTS and territoire == "75")
        return "autorise" if inscrit else "interdit"
    roles = QUI_PEUT_AGIR[(methode, chemin)]
    if (methode == "POST" or roles) and appelant.role not in roles:
        return "interdit"
    tenus = set(TIENNENT[situation].get(appelant.organe, set())) if appelant.organe else set()
    tenus |= {SOI} if appelant.le_sien else set()
    tenus |= {FLUX} if appelant.role is Role.PARTENAIRE else set()
    requis = QUI_EST_COMPETENT.get((methode, chemin), set())
    voit = (
        appelant.role in {Role.AUDITEUR, Role.ADMIN} or bool(tenus - {FLUX}) or bool(requis and FLUX in requis & tenus)
    )
    if not voit:
        return "invisible"
    if methode == "GET" or requis is SUR_PROCEDURE:
        return "autorise"
    return "autorise" if tenus & requis else "interdit"


@pytest.fixture(scope="module")
def situations(client: TestClient, reglages: Reglages) -> dict[str, UUID]:
    ordinaire = inscrire(client, reglages, "75")
    rsa = inscrire(client, reglages, "75", motif="demande_rsa")
    departement = Appelant(Role.CONSEILLER, DEP_75).entetes(reglages, rsa, rsa)
    oriente = client.post(f"/parcours/{rsa}/orientation", json=ORIENTATION, headers=departement)
    assert oriente.status_code == 200, oriente.text
    return {"ordinaire": ordinaire, "rsa": rsa}


def sans_identite(reponse: Any) -> tuple[int, dict[str, Any]]:
    return reponse.status_code, {k: v for k, v in reponse.json().items() if k not in ("detail", "instance")}


@pytest.mark.parametrize("situation", sorted(TIENNENT))
def test_chaque_appelant_chaque_route_chaque_situation(
    client: TestClient, reglages: Reglages, situations: dict[str, UUID], situation: str
) -> None:
    """0 violations: each caller (role × own body, other body of the territory, other territory, the
    person's own, another person) on each operation gets what the law says; the state never moves
    (every command names a version it cannot have: past access, it answers 412)."""
    parcours, autre = situations[situation], situations["rsa" if situation == "ordinaire" else "ordinaire"]
    perime = {"If-Match": '"999"'}
    ecarts = []
    for appelant in APPELANTS:
        autorisation = {**appelant.entetes(reglages, parcours, autre), **perime}
        for methode, chemin in routes_des_parcours(client):
            url = chemin.format(parcours_id=parcours, sid="s-1", rid="r-1", did="d-1", version=1)
            corps = corps_pour(chemin) if methode == "POST" else None
            reponse = client.request(methode, url, json=corps, headers=autorisation)
            assert reponse.status_code not in (401, 422, 500), (appelant, methode, chemin, reponse.text)
            vu, prevu = observe(reponse.status_code), attendu(appelant, methode, chemin, situation)
            if vu != prevu:
                ecarts.append(f"{appelant} {methode} {chemin}: {vu} ≠ {prevu}")
            if vu == "invisible":
                inconnu = client.request(
                    methode, url.replace(str(parcours), str(UUID(int=7))), json=corps, headers=autorisation
                )
                if sans_identite(inconnu) != sans_identite(reponse):
                    ecarts.append(f"{appelant} {methode} {chemin}: caché ≠ inconnu")
    assert ecarts == []
