"""The person's own space (issue 18 §6): a ``personne`` token whose account an agent linked to the person
reads their record, dossier, timeline, deadlines, rights, explanation and who opened their file — their
own only — on every store."""

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages
from tests.api.conftest import Jeton
from tests.api.corps import DONNEES_EMPLOI, INSCRIPTION, le
from tests.api.test_personnes import PERSONNE
from tests.support.horloge import HorlogeDeTest
from tests.support.personnes import nir

FOURNISSEUR = "parcours-dev"
"""The issuer of the test tokens, which is also, by default, the provider of the persons' accounts."""
AUTRE: dict[str, Any] = {
    **PERSONNE,
    "identite": {"nom_naissance": "Martin", "prenoms": ["Louis"], "date_naissance": "1985-02-03", "sexe": "M"},
    "identifiants": [{"nature": "nir", "valeur": nir(sexe=1, naissance=date(1985, 2, 3))}],
}


def inscrire_et_rattacher(
    client: TestClient, agent: dict[str, str], compte: str, personne: dict[str, Any] = PERSONNE, **corps: Any
) -> dict[str, Any]:
    """A person registered through POST /parcours, then their account linked by an agent: the ids and
    the position to wait for."""
    inscrit = client.post("/parcours", json={**INSCRIPTION, "personne": personne, **corps}, headers=agent)
    assert inscrit.status_code == 201, inscrit.text
    lien = client.post(
        f"/personnes/{inscrit.json()['personne_id']}/identifiants",
        json={
            "provenance": {"source": "conseiller", "le": "2025-06-02"},
            "identifiant": {"nature": "compte", "valeur": compte, "organisme": FOURNISSEUR},
            "motif": "Compte de l'espace personnel",
        },
        headers=agent,
    )
    assert lien.status_code == 200, lien.text
    return {**inscrit.json(), "position": lien.json()["position"]}


def test_la_personne_lit_sa_fiche_et_son_dossier(client: TestClient, conseillere: dict[str, str], jeton: Jeton) -> None:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")
    amelie = jeton(Role.PERSONNE, sub="fc-amelie")

    fiche = client.get("/moi", headers=amelie)
    dossier = client.get("/moi/dossier", params={"position_min": inscrit["position"]}, headers=amelie)

    assert fiche.status_code == 200, fiche.text
    assert fiche.json()["personne_id"] == inscrit["personne_id"]
    assert fiche.json()["identite"]["nom_affiche"] == "LEFÈVRE Amélie"
    assert fiche.json()["contact"]["courriel"] == "amelie.lefevre@example.org"
    assert fiche.json()["parcours"] == [inscrit["parcours_id"]] == [fiche.json()["parcours_en_cours"]]
    assert dossier.status_code == 200, dossier.text
    assert (dossier.json()["parcours_id"], dossier.json()["statut"]) == (inscrit["parcours_id"], "en_cours")


def test_un_compte_rattache_a_personne_est_renvoye_vers_son_conseiller(client: TestClient, jeton: Jeton) -> None:
    inconnue = jeton(Role.PERSONNE, sub="fc-personne")

    reponse = client.get("/moi/dossier", headers=inconnue)

    assert (reponse.status_code, reponse.json()["type"]) == (403, "/erreurs/compte-non-rattache")
    assert "conseiller" in reponse.json()["detail"]


def test_un_agent_n_a_pas_d_espace_personnel(client: TestClient, conseillere: dict[str, str]) -> None:
    assert client.get("/moi", headers=conseillere).status_code == 403


def test_une_autre_personne_ne_voit_rien_du_dossier(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    amelie = inscrire_et_rattacher(client, conseillere, "fc-amelie")
    louis = inscrire_et_rattacher(client, conseillere, "fc-louis", AUTRE)
    chez_louis = jeton(Role.PERSONNE, sub="fc-louis")
    autre = amelie["parcours_id"]

    sa_fiche = client.get("/moi", headers=chez_louis)
    lectures = [
        client.get(f"/moi/{vue}", params={"parcours": autre}, headers=chez_louis)
        for vue in ("dossier", "chronologie", "echeances", "droits", "orientation/explication")
    ]
    par_parcours = client.get(f"/parcours/{autre}/journal", headers=chez_louis)

    assert sa_fiche.json()["personne_id"] == louis["personne_id"]
    assert "Lefèvre" not in sa_fiche.text
    assert "LEFÈVRE" not in sa_fiche.text
    assert [r.status_code for r in lectures] == [404] * 5
    assert {r.json()["type"] for r in lectures} == {"/erreurs/parcours-introuvable"}
    assert par_parcours.status_code == 404


def test_un_compte_rattache_ouvre_aussi_les_routes_du_parcours_de_la_personne(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")

    journal = client.get(
        f"/parcours/{inscrit['parcours_id']}/journal",
        params={"position_min": inscrit["position"]},
        headers=jeton(Role.PERSONNE, sub="fc-amelie"),
    )

    assert journal.status_code == 200, journal.text
    assert [ligne["type"] for ligne in journal.json()] == ["Inscrit"]


def test_chronologie_echeances_et_explication_d_une_orientation_notifiee(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton, horloge: HorlogeDeTest
) -> None:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie", donnees_orientation=DONNEES_EMPLOI[1:])
    horloge.aller_au("2025-06-03")
    notifiee = client.post(
        f"/parcours/{inscrit['parcours_id']}/orientation/notification", json=le("2025-06-03"), headers=conseillere
    )
    amelie, attendre = jeton(Role.PERSONNE, sub="fc-amelie"), {"position_min": notifiee.json()["position"]}

    chronologie = client.get("/moi/chronologie", params=attendre, headers=amelie)
    echeances = client.get("/moi/echeances", params=attendre, headers=amelie)
    explication = client.get("/moi/orientation/explication", headers=amelie)

    assert [ligne["type"] for ligne in chronologie.json()] == [
        "Inscrit",
        "OrientationProposee",
        "Oriente",
        "OrientationNotifiee",
    ]
    contrat = next(e for e in echeances.json() if e["texte"].startswith("Signer votre contrat"))
    assert (contrat["echeance"], contrat["fondement"]) == ("2025-07-03", ["CT D.5411-14-1"])
    assert explication.status_code == 200, explication.text
    assert explication.json()["contribution"].startswith("l'algorithme a proposé France Travail, parcours emploi")


def test_les_droits_et_devoirs_en_clair_citent_leurs_articles_et_les_delais_du_jour(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    inscrire_et_rattacher(client, conseillere, "fc-amelie")

    droits = client.get("/moi/droits", headers=jeton(Role.PERSONNE, sub="fc-amelie"))

    assert droits.status_code == 200, droits.text
    par_titre = {d["titre"]: d for d in droits.json()}
    manquement = par_titre["Si un manquement vous est reproché"]
    assert "10 jours" in manquement["texte"]
    assert "CT R.5412-7" in manquement["fondement"]
    assert "au moins 15 heures" in par_titre["Votre contrat d'engagement"]["texte"]
    assert "2 mois" in par_titre["Contester une décision"]["texte"]
    assert "CRPA L.411-2" in par_titre["Contester une décision"]["fondement"]
    assert "RGPD art. 16" in par_titre["Vos données"]["fondement"]


def test_la_personne_voit_qui_a_ouvert_son_dossier_sans_l_identifiant_de_l_agent(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")
    amelie = jeton(Role.PERSONNE, sub="fc-amelie")
    client.get("/moi/dossier", params={"position_min": inscrit["position"]}, headers=amelie)
    motif = {"X-Motif-Consultation": quote("Préparation de l'entretien")}
    client.get(f"/parcours/{inscrit['parcours_id']}/etat", headers={**conseillere, **motif})

    consultations = client.get("/moi/consultations", headers=amelie)

    assert consultations.status_code == 200, consultations.text
    assert consultations.json()[0] | {"consulte_le": None} == {
        "organisme": "France Travail",
        "role": "un conseiller",
        "vue": "votre dossier complet",
        "motif": "Préparation de l'entretien",
        "consulte_le": None,
    }
    assert all(c["role"] != "personne" for c in consultations.json())
    assert "agent-42" not in consultations.text


def test_la_personne_est_nommee_par_son_identifiant_de_personne_jamais_par_son_compte(
    client: TestClient, conseillere: dict[str, str], jeton: Jeton
) -> None:
    inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")
    client.get(
        "/moi/dossier", params={"position_min": inscrit["position"]}, headers=jeton(Role.PERSONNE, sub="fc-amelie")
    )
    auditrice = jeton(Role.AUDITEUR, sub="audit-1", organisme=Organisme.FRANCE_TRAVAIL)

    journal = client.get(f"/parcours/{inscrit['parcours_id']}/consultations", headers=auditrice)

    lectures = [c for c in journal.json() if c["role"] == "personne"]
    assert [c["principal"] for c in lectures] == [inscrit["personne_id"]]
    assert "fc-amelie" not in journal.text


def test_le_compte_se_lit_chez_le_fournisseur_d_identite_configure(
    reglages_api: Reglages, horloge: HorlogeDeTest, conseillere: dict[str, str], jeton: Jeton
) -> None:
    from api.app import creer_app  # noqa: PLC0415 - built on the test's store, with its own provider

    migrer(reglages_api)
    reglages = reglages_api.model_copy(update={"jwt_fournisseur": "france-connect"})
    with TestClient(creer_app(reglages, horloge)) as client:
        inscrit = inscrire_et_rattacher(client, conseillere, "fc-amelie")  # linked at the token issuer
        client.post(
            f"/personnes/{inscrit['personne_id']}/identifiants",
            json={
                "provenance": {"source": "conseiller", "le": "2025-06-02"},
                "identifiant": {"nature": "compte", "valeur": "fc-louise", "organisme": "france-connect"},
            },
            headers=conseillere,
        )

        chez_l_emetteur = client.get("/moi", headers=jeton(Role.PERSONNE, sub="fc-amelie"))
        chez_le_fournisseur = client.get("/moi", headers=jeton(Role.PERSONNE, sub="fc-louise"))

    assert chez_l_emetteur.status_code == 403
    assert chez_le_fournisseur.json()["personne_id"] == inscrit["personne_id"]
