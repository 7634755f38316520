"""The litigation export (``parcours-export/2``): one dossier as the system knew it on a date, provable offline
with the transparency log's public key alone, disclosing nothing of anyone else.

The bundle holds, for each event, the bytes the store holds (topic and base64 state), its leaf index in the log
(``infrastructure/transparence``) and its RFC 9162 inclusion proof against *one* signed checkpoint, whose C2SP
note travels with its witnesses' cosignatures; beside them, a readable rendering derived from those bytes,
the sanction procedures and the orientation explanation (both replayed from the events), and an attestation,
a C2SP note signed by the log's key, that says which versions 1..n at which leaves make the dossier and
fixes every readable part by its hash. ``verification_export.verifier_export`` checks all of it offline;
``docs/audit.md`` says what each check proves, and what it does not.
"""

import base64
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.persistence import StoredEvent

from application.parcours import ParcoursApplication
from domain.evenements import EvenementParcours, nom
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit
from domain.sanction import Procedure
from infrastructure.cle_signature import cle_de_signature
from infrastructure.reglages import Reglages
from infrastructure.transparence.arbre import preuves_inclusion
from infrastructure.transparence.journal import CheckpointSigne, Feuille, feuille_de
from infrastructure.transparence.note import (
    Checkpoint,
    ajouter_signatures,
    decouper_note,
    signer_note,
)
from infrastructure.transparence.tenue import Journal, journal_a_jour, journal_pour
from projections.en_json import en_json
from projections.explication import expliquer
from projections.journal import texte
from projections.libelles import sanction_fr
from projections.publication import auteur_en_json, propres

FORMAT = "parcours-export/2"
HORS_LISIBLE = ("stockage", "feuille")
"""The parts of an exported event that are proof, not reading: the attestation's ``lisible`` hash leaves them out."""
PERSONNELS_LISIBLES = ("motif", "donnees")
"""The readable fields that may hold personal values (``domain.personnel``): where the bytes hold them sealed,
the offline check accepts any value at the stand-ins' places, and the attestation alone vouches for it."""


class JournalIncomplet(RuntimeError):
    """The log lacks some of the dossier's events even after catching up: the store and the log disagree."""


# --- Building ---------------------------------------------------------------------------------------------


def exporter(
    application: ParcoursApplication,
    reglages: Reglages,
    parcours_id: UUID,
    a_la_date: datetime | None,
    maintenant: datetime,
) -> dict[str, Any]:
    """The bundle of a parcours as known at ``a_la_date`` (recording time; None: now)."""
    evenements = application.historique(parcours_id, au=a_la_date)
    if not evenements:
        raise ParcoursNonInscrit(f"Aucun parcours {parcours_id} enregistré à cette date.")
    derniere = evenements[-1].originator_version
    journal = journal_pour(application)
    feuilles = _feuilles_du_dossier(application, reglages, journal, str(parcours_id), derniere)
    signe = _checkpoint_de_preuve(application, reglages, journal, feuilles[-1].indice + 1)
    checkpoint = Checkpoint.lire(decouper_note(signe.note)[0])
    stockes = application.recorder.select_events(parcours_id, lte=derniere)
    rectifie_par = rectifications(evenements)
    explication = expliquer(evenements)
    preuves = preuves_inclusion([f.indice for f in feuilles], checkpoint.taille, journal)  # one read for all
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "parcours_id": str(parcours_id),
        "a_la_date": a_la_date.isoformat() if a_la_date else None,
        "genere_le": maintenant.isoformat(),
        "journal": {
            "origine": checkpoint.origine,
            "taille": checkpoint.taille,
            "racine": b64(checkpoint.racine),
            "checkpoint": ajouter_signatures(signe.note, [c.rstrip("\n") + "\n" for c in signe.cosignatures]),
        },
        "evenements": [
            {**rendu(e, rectifie_par), **_preuve(s, f, preuve)}
            for e, s, f, preuve in zip(evenements, stockes, feuilles, preuves, strict=True)
        ],
        "procedures": procedures_de(rejouer(evenements)),
        "explication": {"texte": explication.texte} if explication else None,
    }
    feuilles_hashees = [(f.version, f.indice, feuille_de(s)) for f, s in zip(feuilles, stockes, strict=True)]
    corps = corps_attestation(bundle, feuilles_hashees)
    bundle["attestation"] = signer_note(corps, reglages.origine_journal, cle_de_signature(reglages))
    bundle["empreinte"] = empreinte_du_bundle(bundle)
    return bundle


def _feuilles_du_dossier(
    application: ParcoursApplication, reglages: Reglages, journal: Journal, parcours_id: str, derniere: int
) -> list[Feuille]:
    """The leaves of versions 1..derniere, the log caught up first if it lacks one."""
    feuilles = [f for f in journal.feuilles_du_parcours(parcours_id) if f.version <= derniere]
    if len(feuilles) < derniere:
        journal_a_jour(application, reglages)
        feuilles = [f for f in journal.feuilles_du_parcours(parcours_id) if f.version <= derniere]
    if [f.version for f in feuilles] != list(range(1, derniere + 1)):
        raise JournalIncomplet(f"le journal ne tient pas les {derniere} événements du parcours {parcours_id}")
    return feuilles


def _checkpoint_de_preuve(
    application: ParcoursApplication, reglages: Reglages, journal: Journal, taille_min: int
) -> CheckpointSigne:
    """The latest cosigned checkpoint covering the dossier; else the log brought up to date and signed."""
    cosigne = journal.dernier_cosigne(taille_min) if reglages.temoins else None
    signe = cosigne or journal_a_jour(application, reglages)
    if signe is None or signe.taille < taille_min:
        raise JournalIncomplet(f"aucun checkpoint ne couvre les {taille_min} premières feuilles")
    return signe


def _preuve(stocke: StoredEvent, feuille: Feuille, preuve: Sequence[bytes]) -> dict[str, Any]:
    return {
        "stockage": {"topic": stocke.topic, "etat": b64(stocke.state)},
        "feuille": {"indice": feuille.indice, "hash": b64(feuille_de(stocke)), "preuve": [b64(h) for h in preuve]},
    }


# --- What a reader sees, derived from the events alone (so derived again offline) ------------------------------


def rectifications(evenements: Sequence[EvenementParcours]) -> dict[int, list[int]]:
    """For each corrected version, the versions of the rectifications that correct it."""
    par_version: dict[int, list[int]] = defaultdict(list)
    for e in evenements:
        if isinstance(e, Parcours.EvenementRectifie):
            par_version[e.version_rectifiee].append(e.originator_version)
    return par_version


def rendu(evenement: EvenementParcours, rectifie_par: Mapping[int, list[int]]) -> dict[str, Any]:
    """An event's readable rendering, with the rectifications that correct it and the one it makes."""
    return {
        **lisible(evenement),
        "rectifie_par": list(rectifie_par.get(evenement.originator_version, [])),
        "rectifie": getattr(evenement, "version_rectifiee", None),
    }


def lisible(evenement: EvenementParcours) -> dict[str, Any]:
    """What a reader needs of an event, derived from it alone."""
    decision = evenement.decision
    return {
        "version": evenement.originator_version,
        "type": nom(evenement),
        "texte": texte(evenement),
        "enregistre_le": evenement.timestamp.isoformat(),
        "effective_le": decision.effective_le.isoformat(),
        "auteur": auteur_en_json(decision.auteur),
        "autorite": en_json(decision.autorite),
        "fondement": en_json(decision.fondement),
        "motif": decision.motif,
        "criteres": en_json(decision.criteres),
        "donnees": propres(evenement),
    }


def rejouer(evenements: Sequence[EvenementParcours]) -> Parcours | None:
    """The parcours the events make, by the domain's own fold (no snapshot): what the verifier replays too."""
    return cast(Parcours | None, project_aggregate(None, evenements))


def procedures_de(parcours: Parcours | None) -> list[dict[str, Any]]:
    return [procedure_exportee(p) for p in parcours.procedures.values()] if parcours else []


def procedure_exportee(procedure: Procedure) -> dict[str, Any]:
    return {
        "id": procedure.id,
        "manquements": list(procedure.manquements),
        "ouverte_le": procedure.ouverte_le.isoformat(),
        "recue_le": en_json(procedure.recue_le),
        "date_limite": en_json(procedure.date_limite),
        "sanction_envisagee": sanction_fr(procedure.sanction_envisagee),
        "sanction": sanction_fr(procedure.sanction) if procedure.sanction else None,
        "sanction_en_vigueur": procedure.sanction_en_vigueur,
        "close_sans_sanction": procedure.close_sans_sanction,
        "notifiee_le": en_json(procedure.notifiee_le),
        "date_limite_recours": en_json(procedure.date_limite_recours),
        "recours": [
            {"id": r.id, "type": r.type.value, "recu_le": r.recu_le.isoformat(), "issue": en_json(r.issue)}
            for r in procedure.recours
        ],
    }


# --- Hashes and the attestation --------------------------------------------------------------------------------


def empreinte_du_bundle(bundle: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of everything but the fingerprint itself."""
    return sha256(canonique({cle: valeur for cle, valeur in bundle.items() if cle != "empreinte"}))


def parties_lisibles(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a reader reads: each event but its bytes and proof, the procedures, the explanation."""
    evenements = [{k: v for k, v in e.items() if k not in HORS_LISIBLE} for e in bundle["evenements"]]
    return {"evenements": evenements, "procedures": bundle["procedures"], "explication": bundle["explication"]}


def corps_attestation(bundle: Mapping[str, Any], feuilles: Sequence[tuple[int, int, bytes]]) -> str:
    """The attestation's text: the dossier's identity and checkpoint, then ``feuilles``, the sha256 of the ordered
    ``"<version> <leaf index> <base64 leaf hash>\\n"`` lines, and ``lisible``, the sha256 of the readable parts."""
    journal = bundle["journal"]
    lignes = "".join(f"{version} {indice} {b64(feuille)}\n" for version, indice, feuille in feuilles)
    return "".join(
        f"{ligne}\n"
        for ligne in (
            FORMAT,
            f"origine {journal['origine']}",
            f"parcours {bundle['parcours_id']}",
            f"a-la-date {bundle['a_la_date'] or '-'}",
            f"genere-le {bundle['genere_le']}",
            f"checkpoint {journal['taille']} {journal['racine']}",
            f"evenements {len(feuilles)}",
            f"feuilles {sha256(lignes.encode())}",
            f"lisible {sha256(canonique(parties_lisibles(bundle)))}",
        )
    )


# --- Verifying, offline ----------------------------------------------------------------------------------------


def canonique(valeur: Any) -> bytes:
    return json.dumps(valeur, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256(octets: bytes) -> str:
    return "sha256:" + hashlib.sha256(octets).hexdigest()


def b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode()
