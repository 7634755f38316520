"""The litigation export: the parcours as the system knew it on a date, verifiable offline, readable as a
PDF/A-3 that carries it; the dossier and the history as known at a recording date or in effect at a business date."""

import base64
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cli.main import main
from infrastructure.export import empreinte_du_bundle
from infrastructure.reglages import Reglages
from infrastructure.transparence.arbre import hash_feuille
from infrastructure.transparence.journal import donnees_de_feuille
from infrastructure.transparence.tenue import cle_du_journal
from tests.api.corps import (
    CONTRAT,
    DECISION_SANCTION,
    DIAGNOSTIC,
    DONNEES_EMPLOI,
    INSCRIPTION,
    MANQUEMENT,
    MOTIF_SANCTION,
    SUSPENSION,
    VOIES,
    le,
)
from tests.infrastructure.test_pdf import CODES, NOMS_D_EVENEMENTS, piece_jointe, proprietes_pdfa, textes_des_pages
from tests.support.horloge import HorlogeDeTest


@pytest.fixture
def sanction_annulee_apres_d(
    client: TestClient, conseillere: dict[str, str], autorite: dict[str, str], horloge: HorlogeDeTest
) -> tuple[str, datetime]:
    """A sanction notified, then — recorded a month after D — contested and annulled."""
    inscrit = client.post("/parcours", json={**INSCRIPTION, "donnees_orientation": DONNEES_EMPLOI}, headers=conseillere)
    parcours = f"/parcours/{inscrit.json()['parcours_id']}"

    def envoyer(chemin: str, corps: Mapping[str, object], entetes: dict[str, str] = conseillere) -> dict[str, Any]:
        if "effective_le" in corps:  # recorded no earlier than the day it takes effect
            horloge.aller_au(str(corps["effective_le"])[:10])
        reponse = client.post(f"{parcours}{chemin}", json=corps, headers=entetes)
        assert reponse.status_code in (200, 201), reponse.text
        return dict(reponse.json())

    envoyer("/orientation/notification", le("2025-06-03"))
    envoyer("/diagnostic", DIAGNOSTIC)
    envoyer("/contrat", CONTRAT)
    manquement = envoyer("/manquements", MANQUEMENT)["manquement_id"]
    sid = envoyer("/sanctions", {"manquements": [manquement], "sanction_envisagee": SUSPENSION})["procedure_id"]
    envoyer(f"/sanctions/{sid}/reception-avis", {"recu_le": "2025-07-01", **le("2025-07-01")})
    envoyer(f"/sanctions/{sid}/decision", {**DECISION_SANCTION, **le("2025-07-15")}, autorite)
    envoyer(f"/sanctions/{sid}/notification", {**VOIES, **le("2025-07-16")}, autorite)
    d = horloge.avancer(hours=1)
    horloge.avancer(days=30)
    rid = envoyer(f"/sanctions/{sid}/recours", {"type_recours": "mediation_prealable", **le("2025-08-01")})[
        "recours_id"
    ]
    envoyer(f"/sanctions/{sid}/recours/{rid}/decision", {"issue": "annulation", **le("2025-09-01")}, autorite)
    return parcours, d


def test_une_sanction_annulee_apres_d_est_en_vigueur_dans_l_export_a_d_et_annulee_aujourd_hui(
    client: TestClient, conseillere: dict[str, str], sanction_annulee_apres_d: tuple[str, datetime]
) -> None:
    parcours, d = sanction_annulee_apres_d

    a_d = client.get(f"{parcours}/export", params={"a_la_date": d.isoformat()}, headers=conseillere).json()
    aujourd_hui = client.get(f"{parcours}/export", headers=conseillere).json()

    assert [p["sanction_en_vigueur"] for p in a_d["procedures"]] == [True]
    assert [p["sanction_en_vigueur"] for p in aujourd_hui["procedures"]] == [False]
    assert a_d["evenements"][-1]["type"] == "SanctionNotifiee"
    assert aujourd_hui["evenements"][-1]["type"] == "SanctionAnnulee"
    assert aujourd_hui["explication"]["texte"].startswith("Explication de la décision d'orientation")
    indices = [e["feuille"]["indice"] for e in aujourd_hui["evenements"]]
    assert indices == sorted(indices)
    assert all(i < aujourd_hui["journal"]["taille"] for i in indices)
    assert [e["feuille"]["hash"] for e in aujourd_hui["evenements"]] == [
        base64.b64encode(
            hash_feuille(
                donnees_de_feuille(
                    aujourd_hui["parcours_id"],
                    e["version"],
                    e["stockage"]["topic"],
                    base64.b64decode(e["stockage"]["etat"]),
                )
            )
        ).decode()
        for e in aujourd_hui["evenements"]
    ]


def test_le_dossier_et_l_historique_se_lisent_tels_que_connus_a_d_ou_en_vigueur_a_une_date_d_effet(
    client: TestClient, conseillere: dict[str, str], sanction_annulee_apres_d: tuple[str, datetime]
) -> None:
    parcours, d = sanction_annulee_apres_d

    connu_a_d = client.get(parcours, params={"a_la_date": d.isoformat()}, headers=conseillere).json()
    effectif_fin_juillet = client.get(
        f"{parcours}/historique", params={"effectif_au": "2025-07-31"}, headers=conseillere
    )

    assert connu_a_d["dernier_evenement"] == "SanctionNotifiee"
    assert [e["type"] for e in effectif_fin_juillet.json()][-2:] == ["SanctionDecidee", "SanctionNotifiee"]


def ecrire(chemin: Path, paquet: Mapping[str, Any]) -> Path:
    chemin.write_text(json.dumps(paquet, ensure_ascii=False), encoding="utf-8")
    return chemin


def test_un_dossier_exporte_se_verifie_hors_ligne_et_un_champ_modifie_le_fait_echouer(
    client: TestClient,
    reglages_api: Reglages,
    conseillere: dict[str, str],
    sanction_annulee_apres_d: tuple[str, datetime],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parcours, _ = sanction_annulee_apres_d
    paquet = client.get(f"{parcours}/export", headers=conseillere).json()
    falsifie = json.loads(json.dumps(paquet))
    falsifie["evenements"][3]["motif"] = "Aucun manquement"
    refait = {**falsifie, "empreinte": empreinte_du_bundle(falsifie)}  # even with a recomputed fingerprint
    cle = ["--cle-journal", cle_du_journal(reglages_api).texte()]

    assert main(["audit", "verifier-export", str(ecrire(tmp_path / "a.json", paquet)), *cle]) == 0
    assert main(["audit", "verifier-export", str(ecrire(tmp_path / "b.json", falsifie)), *cle]) == 1
    assert main(["audit", "verifier-export", str(ecrire(tmp_path / "c.json", refait)), *cle]) == 1
    sortie = capsys.readouterr().out
    assert "ÉCART événement n° 4 : motif diffère(nt) des octets stockés" in sortie
    assert "ÉCART attestation : « lisible sha256:" in sortie


def test_ce_qu_imprime_cle_publique_sert_tel_quel_de_cle_du_journal(
    client: TestClient,
    reglages_api: Reglages,
    conseillere: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    fichier = ecrire(tmp_path / "export.json", client.get(f"{parcours}/export", headers=conseillere).json())
    monkeypatch.setenv("DATABASE_URL", "memory://")
    monkeypatch.setenv("PARCOURS_CLE_SIGNATURE", str(reglages_api.cle_signature))
    monkeypatch.setenv("PARCOURS_ORIGINE_JOURNAL", reglages_api.origine_journal)
    main(["audit", "cle-publique"])
    cles = tmp_path / "cles.txt"
    cles.write_text(capsys.readouterr().out, encoding="utf-8")  # the PEM, then the C2SP line

    assert main(["audit", "verifier-export", str(fichier), "--cle-journal", str(cles)]) == 0
    assert main(["audit", "verifier-export", str(fichier), "--cle-journal", cle_du_journal(reglages_api).texte()]) == 0
    assert main(["audit", "verifier-export", str(fichier), "--cle-journal", "pas+une+cle"]) == 2
    assert "--cle-journal : ni une clé de vérification" in capsys.readouterr().err


def test_le_json_se_telecharge_comme_un_fichier_nomme_d_apres_le_parcours(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    inscrit = client.post("/parcours", json=INSCRIPTION, headers=conseillere).json()

    reponse = client.get(f"/parcours/{inscrit['parcours_id']}/export", headers=conseillere)

    attendu = f'attachment; filename="parcours-{inscrit["parcours_id"]}.json"'
    assert (reponse.headers["content-type"], reponse.headers["content-disposition"]) == ("application/json", attendu)


def test_le_dossier_de_preuve_en_pdf_a_3_porte_le_json_verifiable_et_se_lit_dans_la_langue_du_droit(
    client: TestClient,
    reglages_api: Reglages,
    conseillere: dict[str, str],
    sanction_annulee_apres_d: tuple[str, datetime],
    tmp_path: Path,
) -> None:
    parcours, _ = sanction_annulee_apres_d
    paquet = client.get(f"{parcours}/export", headers=conseillere).json()

    reponse = client.get(f"{parcours}/export", params={"format": "pdf"}, headers=conseillere)

    ident = parcours.rsplit("/", 1)[1]
    assert (reponse.status_code, reponse.headers["content-type"]) == (200, "application/pdf")
    assert reponse.headers["content-disposition"] == f'attachment; filename="parcours-{ident}.pdf"'
    proprietes_pdfa(reponse.content, f"Dossier de preuve du parcours {ident}")
    nom, contenu, _ = piece_jointe(reponse.content)
    assert (nom, json.loads(contenu)) == (f"parcours-{ident}.json", paquet)
    cle = ["--cle-journal", cle_du_journal(reglages_api).texte()]
    assert main(["audit", "verifier-export", str(ecrire(tmp_path / nom, json.loads(contenu))), *cle]) == 0
    pages = textes_des_pages(reponse.content)
    assert all(paquet["empreinte"] in page for page in pages)
    tout = " ".join(pages)
    hors_explication = tout[: tout.index("6. Explication de l'orientation")] + tout[tout.index("7. Preuves") :]
    assert [nom for nom in NOMS_D_EVENEMENTS if nom in tout] == []
    assert [code for code in CODES if code in hors_explication] == []  # the explanation quotes the referential
    identifiants = [e["donnees"].get(c) for e in paquet["evenements"] for c in ("procedure_id", "recours_id")]
    assert [i for i in identifiants if i and i in tout] == []
    assert "Demandé par : agent-42, conseiller, France Travail, département 75 (structure FT-75-012)" in tout
    assert "Date d'effet : 15 juillet 2025 à 10 h 00 ; enregistrée le 15 juillet 2025 à 14 h 00" in tout
    assert f"Motifs de fait : {MOTIF_SANCTION}" in tout
    assert "Par : dr-idf, autorité de sanction, France Travail, département 75" in tout
    assert "Faits : Absent à trois ateliers" in tout
    assert "Preuves : - émargement" in tout
    assert "recours possible jusqu'au 16 septembre 2025" in tout
    assert "Date limite de recours : 16 septembre 2025" in tout
    assert "Sanction en vigueur au 1er septembre 2025 : non, sanction annulée sur recours le 1er septembre 2025" in tout


def test_la_page_de_garde_nomme_la_personne_que_l_appelant_peut_lire(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    personne = {
        "provenance": {"source": "declaration", "le": "2025-06-01"},
        "identite": {"nom_naissance": "Lefèvre", "prenoms": ["Amélie"], "date_naissance": "1990-04-12"},
    }
    inscrit = client.post("/parcours", json={**INSCRIPTION, "personne": personne}, headers=conseillere)

    pdf = client.get(f"/parcours/{inscrit.json()['parcours_id']}/export?format=pdf", headers=conseillere).content

    assert "Personne concernée : LEFÈVRE Amélie, date de naissance : 12 avril 1990" in textes_des_pages(pdf)[0]


def test_une_rectification_figure_a_cote_de_l_evenement_rectifie(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"
    rectification = {"version_rectifiee": 1, "corrections": {"canal": "guichet"}, "motif": "Erreur de saisie"}
    client.post(f"{parcours}/rectifications", json=rectification, headers=conseillere)

    evenements = client.get(f"{parcours}/export", headers=conseillere).json()["evenements"]

    assert [(e["version"], e["rectifie_par"], e["rectifie"]) for e in evenements] == [(1, [2], None), (2, [], 1)]


def test_l_export_d_avant_l_inscription_repond_comme_un_parcours_inconnu(
    client: TestClient, conseillere: dict[str, str]
) -> None:
    """Issue 17: ``ParcoursNonInscrit`` maps to one problem, the 404 of an unknown parcours; the export
    before the inscription answered ``/erreurs/introuvable`` while the dossier answered this one."""
    parcours = f"/parcours/{client.post('/parcours', json=INSCRIPTION, headers=conseillere).json()['parcours_id']}"

    reponse = client.get(f"{parcours}/export", params={"a_la_date": "2020-01-01T00:00:00Z"}, headers=conseillere)

    assert reponse.status_code == 404
    assert reponse.json()["type"] == "/erreurs/parcours-introuvable"
