"""A litigation export bundle (format ``parcours-export/2``) as the API returns it, for rendering tests.

Long enough to need several pages, with one rectification, one sanction procedure annulled on mediation, an
orientation explanation, a cosigned checkpoint and an attestation: every section of the PDF has something to
show. Its hashes and signatures are well formed but sign nothing (``tests/transparence/test_export_forge.py``
verifies real ones).
"""

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

PARCOURS_ID = "6f1c2a9e-4b7d-4e21-9c3a-2d8f5b1e7a60"
EMPREINTE = "sha256:" + hashlib.sha256(b"bundle d'exemple").hexdigest()
VERSION_RECTIFIEE = 3
VERSION_RECTIFICATION = 5
PARIS_ETE = timezone(timedelta(hours=2))
ORIGINE = "parcours.exemple.fr/journal"
TAILLE = 1200
INDICE_PREMIER = 400

MOTIF_LONG = (
    "Absence à deux rendez-vous consécutifs sans justificatif ; la personne indique avoir été hospitalisée, "
    "mais aucune pièce n'a été transmise dans le délai imparti malgré la relance du conseiller référent. "
) * 3


def export_exemple(nombre_evenements: int = 60) -> dict[str, Any]:
    """A bundle of ``nombre_evenements`` events, known as of 1 September 2025."""
    return {
        "format": "parcours-export/2",
        "parcours_id": PARCOURS_ID,
        "a_la_date": "2025-09-01T00:00:00+00:00",
        "genere_le": "2026-11-23T07:00:00+00:00",
        "evenements": _evenements(nombre_evenements),
        "procedures": [_procedure()],
        "explication": {
            "texte": "Orientation vers le parcours emploi, France Travail.\n"
            "Règle R04 : la personne déclare un projet professionnel défini.\n"
            "Règle R07 : aucun frein périphérique de niveau fort n'a été relevé."
        },
        "journal": {
            "origine": ORIGINE,
            "taille": TAILLE,
            "racine": _b64("racine", TAILLE),
            "checkpoint": f"{ORIGINE}\n{TAILLE}\n{_b64('racine', TAILLE)}\n\n"
            f"— {ORIGINE} {'Zm9v' * 22}\n— temoin.exemple.fr {'YmFy' * 26}\n",
        },
        "attestation": f"parcours-export/2\norigine {ORIGINE}\nparcours {PARCOURS_ID}\n\n— {ORIGINE} {'Zm9v' * 22}\n",
        "empreinte": EMPREINTE,
    }


def _evenements(nombre: int) -> list[dict[str, Any]]:
    """``nombre`` events; from two on, a breach with a long motive; from five on, event 5 rectifies event 3."""
    evenements = [_evenement(version) for version in range(1, nombre + 1)]
    if nombre >= 2:
        evenements[1].update(type="ManquementConstate", motif=MOTIF_LONG)
    if nombre >= VERSION_RECTIFICATION:
        evenements[VERSION_RECTIFIEE - 1]["rectifie_par"] = [VERSION_RECTIFICATION]
        evenements[VERSION_RECTIFICATION - 1].update(
            type="EvenementRectifie",
            texte=f"Rectification de l'événement n° {VERSION_RECTIFIEE} : date de rendez-vous erronée",
            rectifie=VERSION_RECTIFIEE,
        )
    return evenements


def _evenement(version: int) -> dict[str, Any]:
    enregistre_le = datetime(2025, 6, 2, 9, tzinfo=UTC) + timedelta(days=version)
    return {
        "version": version,
        "type": "Inscrit" if version == 1 else "RendezVousTenu",
        "texte": "Inscription en ligne (demande de la personne), département 75"
        if version == 1
        else f"Rendez-vous de suivi n° {version} tenu avec le conseiller référent",
        "enregistre_le": enregistre_le.isoformat(),
        "effective_le": (enregistre_le + timedelta(hours=1)).astimezone(PARIS_ETE).isoformat(),
        "auteur": {"type": "conseiller", "id": "agent-42", "organisme": "FT-75-012", "role": "conseiller"},
        "autorite": {"type": "FRANCE_TRAVAIL", "id": "FT-DR-IDF"} if version % 10 == 0 else None,
        "fondement": {
            "articles": ["CT L.5411-1"],
            "referentiel": {
                "id": "orientation",
                "version": "2025.1",
                "empreinte": _hash("referentiel", 1),
                "regles": ["R04"],
            }
            if version == 1
            else None,
        },
        "motif": None,
        "criteres": [
            {"nom": "age", "valeur": 30, "source": "declaration", "collecte_le": "2025-06-01", "sensible": False},
            {"nom": "handicap", "valeur": True, "source": "MDPH", "collecte_le": "2025-05-20", "sensible": True},
        ]
        if version == 1
        else [],
        "rectifie_par": [],
        "rectifie": None,
        "stockage": {"topic": "parcours:RendezVousTenu", "etat": base64.b64encode(b'{"exemple":true}').decode()},
        "feuille": {
            "indice": INDICE_PREMIER + 3 * version,
            "hash": _b64("feuille", version),
            "preuve": [_b64("preuve", version * 100 + niveau) for niveau in range(11)],
        },
    }


def _procedure() -> dict[str, Any]:
    return {
        "id": "s1",
        "manquements": ["m1"],
        "ouverte_le": "2025-06-20",
        "recue_le": "2025-07-01",
        "date_limite": "2025-07-11",
        "sanction_envisagee": "suspension de 30 % pendant 1 mois sur l'ARE",
        "sanction": "suspension de 30 % pendant 1 mois sur l'ARE",
        "sanction_en_vigueur": True,
        "notifiee_le": "2025-07-16",
        "date_limite_recours": "2025-09-16",
        "recours": [{"id": "r1", "type": "mediation_prealable", "recu_le": "2025-08-01", "issue": None}],
    }


def _hash(nature: str, numero: int) -> str:
    return "sha256:" + hashlib.sha256(f"{nature}-{numero}".encode()).hexdigest()


def _b64(nature: str, numero: int) -> str:
    return base64.b64encode(hashlib.sha256(f"{nature}-{numero}".encode()).digest()).decode()
