"""Letters sent by post: left in a folder that the printing service collects (``PARCOURS_DEPOT_COURRIERS``).

Each letter is two files named by the sending's reference (no personal data in a name): ``<reference>.pdf``, the
letter as rendered, then ``<reference>.json``, its manifest (what to print, to whom, how to post it). Each is
written to a temporary name in the same folder, flushed to disk and renamed: a reader never sees half a file,
and a manifest present means its PDF is complete. The manifest holds the address, which the printing service
needs; the folder is the service's and the printer's only, like any mail room.
"""

import json
import os
from pathlib import Path
from typing import Any

from application.courriers import Accuse, Envoi, EnvoiImpossible
from domain.vocabulaire import CanalCourrier, NatureCourrier
from projections.libelles import NATURES_COURRIER

FORMAT = "parcours-courrier/1"
RECOMMANDES = frozenset(NatureCourrier) - {NatureCourrier.EXPLICATION_ALGORITHMIQUE}
"""Posted registered with acknowledgement of receipt: the letters whose receipt starts a deadline (CT R.5412-7;
CRPA L.411-2, the recours runs from the notification)."""


class DepotCourriers:
    """Leaves each letter and its manifest in ``dossier``."""

    canaux = frozenset({CanalCourrier.COURRIER})

    def __init__(self, dossier: Path) -> None:
        self.dossier = dossier

    def envoyer(self, envoi: Envoi) -> Accuse:
        try:
            self.dossier.mkdir(parents=True, exist_ok=True)
            ecrire_atomiquement(self.dossier / f"{envoi.reference}.pdf", envoi.pdf)
            manifeste = json.dumps(self.manifeste(envoi), ensure_ascii=False, indent=2).encode()
            ecrire_atomiquement(self.dossier / f"{envoi.reference}.json", manifeste)
        except OSError as erreur:
            raise EnvoiImpossible(
                f"Le dossier de dépôt des courriers n'accepte pas l'écriture ({type(erreur).__name__}).", "envoi-echoue"
            ) from None
        return Accuse(envoi.reference)

    def manifeste(self, envoi: Envoi) -> dict[str, Any]:
        c = envoi.coordonnees
        adresse = c.adresse
        return {
            "format": FORMAT,
            "reference": envoi.reference,
            "fichier": f"{envoi.reference}.pdf",
            "empreinte_sha256": envoi.empreinte,
            "objet": NATURES_COURRIER[envoi.nature],
            "affranchissement": "recommande_avec_accuse_de_reception"
            if envoi.nature in RECOMMANDES
            else "lettre_simple",
            "destinataire": {
                "nom": c.nom,
                "lignes": list(adresse.lignes) if adresse else [],
                "code_postal": adresse.code_postal if adresse else None,
                "commune": adresse.commune if adresse else None,
            },
        }


def ecrire_atomiquement(chemin: Path, contenu: bytes) -> None:
    """``contenu`` at ``chemin``, whole or not at all: a temporary file beside it, synced, then renamed."""
    temporaire = chemin.with_name(f".{chemin.name}.tmp")
    with open(temporaire, "wb") as fichier:
        fichier.write(contenu)
        fichier.flush()
        os.fsync(fichier.fileno())
    os.replace(temporaire, chemin)
    repertoire = os.open(chemin.parent, os.O_RDONLY)
    try:
        os.fsync(repertoire)
    finally:
        os.close(repertoire)
