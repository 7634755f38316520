"""The RSA flow as the law has it, through the API (issue 19): the président du conseil
départemental (PCD) orients and sanctions on the RSA whoever is the référent (CASF L.262-29,
L.262-37); France Travail may orient six weeks after the PCD was informed of the opening of the
rights (CASF D.262-65-2); the radiation of a beneficiary whose RSA was suppressed is proposed by the
PCD and recorded by France Travail (CASF R.262-68). Competence and visibility say the same."""

from fastapi.testclient import TestClient

from application.principal import Role
from domain.vocabulaire import Organisme
from tests.api.conftest import Envoi, Jeton
from tests.api.corps import (
    CONTRAT,
    DONNEE_AGE,
    INSCRIPTION,
    MANQUEMENT,
    MOTIF_RADIATION,
    MOTIF_SANCTION,
    ORIENTATION,
    SUSPENSION,
    VOIES,
    le,
)
from tests.support.horloge import HorlogeDeTest

SUSPENSION_RSA = {"niveau": "niveau_1", "nature": "suspension", "allocation": "RSA", "taux": "30", "duree_mois": 1}
SUPPRESSION_RSA = {"niveau": "niveau_2", "nature": "suppression", "allocation": "RSA", "taux": "100", "duree_mois": 4}


def inscrire_au_rsa(envoyer: Envoi, acteurs: dict[str, dict[str, str]]) -> str:
    corps = {"inscription": {**INSCRIPTION["inscription"], "motif": "demande_rsa"}, "donnees_orientation": [DONNEE_AGE]}
    return f"/parcours/{envoyer('/parcours', corps, acteurs['flux_caf'], 201)['parcours_id']}"


def test_le_pcd_voit_le_beneficiaire_oriente_vers_france_travail_et_decide_seul_la_sanction_du_rsa(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]]
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    envoyer(f"{parcours}/orientation", ORIENTATION, acteurs["cd"])  # to France Travail
    envoyer(f"{parcours}/orientation/notification", le("2025-06-03"), acteurs["cd"])
    envoyer(f"{parcours}/contrat", CONTRAT, acteurs["ft"])
    manquement = envoyer(f"{parcours}/manquements", MANQUEMENT, acteurs["ft"], 201)["manquement_id"]
    ouverture = {"manquements": [manquement], "sanction_envisagee": SUSPENSION_RSA, **le("2025-06-20")}

    refus = envoyer(f"{parcours}/sanctions", ouverture, acteurs["ft_autorite"], 403)
    sid = envoyer(f"{parcours}/sanctions", ouverture, acteurs["pcd"], 201)["procedure_id"]
    envoyer(f"{parcours}/sanctions/{sid}/reception-avis", {"recu_le": "2025-06-23", **le("2025-06-23")}, acteurs["pcd"])
    decision = {"sanction": SUSPENSION_RSA, "motif": MOTIF_SANCTION, **le("2025-07-15")}
    envoyer(f"{parcours}/sanctions/{sid}/decision", decision, acteurs["ft_autorite"], 403)
    envoyer(f"{parcours}/sanctions/{sid}/decision", decision, acteurs["pcd"])

    assert (refus["type"], refus["regle"]) == ("/erreurs/incompetence", "Incompetence")
    assert "CASF L.262-37" in refus["detail"]
    assert client.get(f"{parcours}/etat", headers=acteurs["pcd"]).status_code == 200
    historique = client.get(f"{parcours}/historique", headers=acteurs["pcd"]).json()
    decidee = next(e for e in historique if e["type"] == "SanctionDecidee")
    assert decidee["auteur"]["organisme"] == "DEPARTEMENT"


def test_france_travail_oriente_un_beneficiaire_du_rsa_six_semaines_apres_l_information_du_pcd(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]], horloge: HorlogeDeTest
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    information = {"ouverts_le": "2025-05-30", "informe_le": "2025-06-02", "source": "flux_caf", **le("2025-06-03")}
    envoyer(f"{parcours}/droits-rsa", information, acteurs["flux_caf"])
    veille = {**ORIENTATION, **le("2025-07-13")}

    horloge.aller_au("2025-07-13")  # 41 days after the information: the PCD's alone
    avant = client.post(f"{parcours}/orientation", json=veille, headers=acteurs["ft"])
    horloge.aller_au("2025-07-14")  # six weeks
    apres = envoyer(f"{parcours}/orientation", {**ORIENTATION, **le("2025-07-14")}, acteurs["ft"])

    assert avant.status_code == 404  # France Travail holds no role yet: the parcours is not its to see
    assert apres["version"] == 4
    assert client.get(f"{parcours}/etat", headers=acteurs["flux_caf"]).status_code == 404  # the flow reads nothing


def test_l_information_sur_les_droits_au_rsa_suit_leur_ouverture(
    envoyer: Envoi, acteurs: dict[str, dict[str, str]]
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    information = {"ouverts_le": "2025-06-02", "informe_le": "2025-05-30", **le("2025-06-03")}

    refus = envoyer(f"{parcours}/droits-rsa", information, acteurs["flux_caf"], 409)

    assert refus["type"] == "/erreurs/information-rsa-incoherente"
    assert "CASF D.262-65-2" in refus["detail"]


def test_apres_la_suppression_du_rsa_le_pcd_propose_la_radiation_et_france_travail_la_prononce(
    envoyer: Envoi, acteurs: dict[str, dict[str, str]]
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    envoyer(f"{parcours}/orientation", ORIENTATION, acteurs["cd"])
    envoyer(f"{parcours}/orientation/notification", le("2025-06-03"), acteurs["cd"])
    envoyer(f"{parcours}/contrat", CONTRAT, acteurs["ft"])
    pcd = acteurs["pcd"]

    def procedure(envisagee: dict[str, object], ouverte: str, recu: str, decidee: str, avis: bool) -> str:
        manquement = envoyer(f"{parcours}/manquements", {**MANQUEMENT, **le(ouverte)}, acteurs["ft"], 201)
        ouverture = {"manquements": [manquement["manquement_id"]], "sanction_envisagee": envisagee, **le(ouverte)}
        sid: str = envoyer(f"{parcours}/sanctions", ouverture, pcd, 201)["procedure_id"]
        envoyer(f"{parcours}/sanctions/{sid}/reception-avis", {"recu_le": recu, **le(recu)}, pcd)
        decision = {
            "sanction": envisagee,
            "avis_equipe_pluridisciplinaire": avis,
            "motif": MOTIF_SANCTION,
            **le(decidee),
        }
        envoyer(f"{parcours}/sanctions/{sid}/decision", decision, pcd)
        envoyer(f"{parcours}/sanctions/{sid}/notification", {**VOIES, **le(decidee)}, pcd)
        return sid

    procedure(SUSPENSION_RSA, "2025-06-20", "2025-06-23", "2025-07-15", avis=False)
    sid = procedure(SUPPRESSION_RSA, "2025-08-01", "2025-08-04", "2025-08-20", avis=True)
    radiation = f"{parcours}/sanctions/{sid}/radiation"

    sans_proposition = envoyer(radiation, le("2025-08-25"), acteurs["ft_autorite"], 409)
    par_le_pcd = envoyer(radiation, le("2025-08-25"), pcd, 403)
    proposition_par_france_travail = envoyer(
        f"{parcours}/sanctions/{sid}/proposition-radiation", le("2025-08-25"), acteurs["ft_autorite"], 403
    )
    envoyer(f"{parcours}/sanctions/{sid}/proposition-radiation", le("2025-08-25"), pcd)
    envoyer(radiation, {"motif": MOTIF_RADIATION, **le("2025-08-26")}, acteurs["ft_autorite"])

    assert sans_proposition["type"] == "/erreurs/radiation-sans-proposition"
    assert "CASF R.262-68" in sans_proposition["detail"]
    assert par_le_pcd["type"] == proposition_par_france_travail["type"] == "/erreurs/incompetence"


# --- minimisation: each body reads what its role needs (RGPD art. 5 1 c) ---------------------------


def test_france_travail_decideur_apres_six_semaines_ne_lit_ni_le_contrat_ni_les_procedures_de_la_mission_locale(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]], jeton: Jeton, horloge: HorlogeDeTest
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    information = {"ouverts_le": "2025-05-30", "informe_le": "2025-06-02", **le("2025-06-03")}
    envoyer(f"{parcours}/droits-rsa", information, acteurs["flux_caf"])
    vers_la_mission_locale = {"orientation": {"type_parcours": "SOCIO_PROFESSIONNEL", "organisme": "MISSION_LOCALE"}}
    envoyer(f"{parcours}/orientation", {**ORIENTATION, **vers_la_mission_locale, **le("2025-06-04")}, acteurs["cd"])
    envoyer(f"{parcours}/orientation/notification", le("2025-06-05"), acteurs["cd"])
    mission_locale = jeton(Role.CONSEILLER, sub="ml-75", organisme=Organisme.MISSION_LOCALE, territoire="75")
    contrat = {"contrat": {**CONTRAT["contrat"], "organisme": "MISSION_LOCALE"}, **le("2025-06-10")}
    signe = envoyer(f"{parcours}/contrat", contrat, mission_locale)
    lu_apres = {"position_min": signe["position"]}  # the timeline view may be a page behind
    horloge.aller_au("2025-07-14")  # six weeks after the information: France Travail may orient too

    etat = client.get(f"{parcours}/etat", headers=acteurs["ft"]).json()
    historique = client.get(f"{parcours}/historique", headers=acteurs["ft"]).json()
    journal = client.get(f"{parcours}/journal", params=lu_apres, headers=acteurs["ft"]).json()
    export = client.get(f"{parcours}/export", headers=acteurs["ft"])
    complet = client.get(f"{parcours}/historique", headers=mission_locale).json()
    journal_complet = client.get(f"{parcours}/journal", params=lu_apres, headers=mission_locale).json()

    assert (etat["contrat"], etat["masques"]) == (None, ["contrat", "procedures"])
    cache = next(e for e in historique if e["type"] == "ContratSigne")
    assert (cache["masque"], cache["donnees"], cache["auteur"]["organisme"]) == (True, {}, "MISSION_LOCALE")
    assert next(e for e in historique if e["type"] == "Oriente")["masque"] is False
    ligne = next(ligne for ligne in journal if ligne["type"] == "ContratSigne")
    assert ligne["masque"] is True
    assert "15 h par semaine" not in ligne["texte"]
    assert (export.status_code, export.json()["type"]) == (403, "/erreurs/lecture-restreinte")
    assert next(e for e in complet if e["type"] == "ContratSigne")["masque"] is False
    assert "15 h par semaine" in next(ligne for ligne in journal_complet if ligne["type"] == "ContratSigne")["texte"]


def test_le_manquement_sur_l_are_saisit_france_travail_qui_lit_la_procedure_et_le_contrat_pas_le_diagnostic(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]], jeton: Jeton
) -> None:
    """A young person followed by the mission locale receives ARE: France Travail holds no role in the
    parcours until a breach is found about the ARE; then its authority sees it and conducts the
    procedure (CT L.5412-1), without reading the diagnostic's health items (RGPD art. 5 1 c)."""
    mission_locale = jeton(Role.CONSEILLER, sub="ml-75", organisme=Organisme.MISSION_LOCALE, territoire="75")
    corps = {"inscription": {**INSCRIPTION["inscription"], "motif": "sollicitation_ml"}}
    parcours = f"/parcours/{envoyer('/parcours', corps, mission_locale, 201)['parcours_id']}"
    vers_la_mission_locale = {"orientation": {"type_parcours": "SOCIO_PROFESSIONNEL", "organisme": "MISSION_LOCALE"}}
    envoyer(f"{parcours}/orientation", {**ORIENTATION, **vers_la_mission_locale}, mission_locale)
    envoyer(f"{parcours}/orientation/notification", le("2025-06-03"), mission_locale)
    sante = {"items": [{"theme": "sante", "niveau": "fort", "source": "conseiller"}], "realise_avec_la_personne": True}
    envoyer(f"{parcours}/diagnostic", {"diagnostic": sante, **le("2025-06-04")}, mission_locale)
    envoyer(f"{parcours}/contrat", {"contrat": {**CONTRAT["contrat"], "organisme": "MISSION_LOCALE"}}, mission_locale)
    avant = client.get(f"{parcours}/etat", headers=acteurs["ft_autorite"])

    sur_l_are = {"manquement": {**MANQUEMENT["manquement"], "allocation": "ARE"}, **le("2025-06-16")}
    manquement = envoyer(f"{parcours}/manquements", sur_l_are, mission_locale, 201)["manquement_id"]
    ouverture = {"manquements": [manquement], "sanction_envisagee": SUSPENSION, **le("2025-06-17")}
    envoyer(f"{parcours}/sanctions", ouverture, acteurs["ft_autorite"], 201)
    historique = client.get(f"{parcours}/historique", headers=acteurs["ft_autorite"]).json()

    assert avant.status_code == 404
    par_type = {e["type"]: e for e in historique}
    assert (par_type["DiagnosticRealise"]["masque"], par_type["DiagnosticRealise"]["donnees"]) == (True, {})
    assert par_type["ContratSigne"]["masque"] is False
    assert par_type["ManquementConstate"]["donnees"]["manquement"]["allocation"] == "ARE"
    assert client.get(f"{parcours}/historique", headers=acteurs["pcd"]).status_code == 404


def test_le_pcd_reexamine_le_beneficiaire_en_parcours_social_que_sa_corbeille_lui_signale(
    client: TestClient, envoyer: Envoi, acteurs: dict[str, dict[str, str]]
) -> None:
    parcours = inscrire_au_rsa(envoyer, acteurs)
    social = {"orientation": {"type_parcours": "SOCIAL", "organisme": "DEPARTEMENT"}}
    oriente = envoyer(f"{parcours}/orientation", {**ORIENTATION, **social}, acteurs["cd"])
    a_reexaminer = client.get(
        "/corbeilles/reexamen_rsa", params={"position_min": oriente["position"]}, headers=acteurs["cd"]
    ).json()

    refus = envoyer(f"{parcours}/reexamen-rsa", {"maintenu": True, **le("2025-12-01")}, acteurs["ft"], 404)
    reexamine = envoyer(f"{parcours}/reexamen-rsa", {"maintenu": True, **le("2025-12-01")}, acteurs["pcd"])
    apres = client.get(
        "/corbeilles/reexamen_rsa", params={"position_min": reexamine["position"]}, headers=acteurs["cd"]
    ).json()

    identifiant = parcours.removeprefix("/parcours/")
    (entree,) = [e for e in a_reexaminer["elements"] if e["parcours_id"] == identifiant]
    assert entree["echeance"] == "2025-12-02"
    (reportee,) = [e for e in apres["elements"] if e["parcours_id"] == identifiant]
    assert reportee["echeance"] == "2026-06-01"
    assert refus["type"] == "/erreurs/parcours-introuvable"  # France Travail holds no role in it
