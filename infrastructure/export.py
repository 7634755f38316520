"""The litigation export: a self-contained bundle of a parcours as the system knew it on a date, and
its offline verification (no database needed).

The bundle holds, for each event, the bytes the store holds (base64), their chain link, and a readable
rendering derived from those bytes (French sentence, author, authority, legal basis, criteria, both
times), rectifications beside the event they correct; the sanction procedures with their deadlines and
remedies; the orientation explanation; the latest signed checkpoint; and a fingerprint over all of it.
``verifier_export`` recomputes the fingerprint, every link from the bytes, every readable rendering
from the bytes, and checks the checkpoint's signature: editing any field makes it fail.
"""

import base64
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import Mapper, StoredEvent

from application.parcours import ParcoursApplication
from domain.evenements import EvenementParcours, nom
from domain.parcours import Parcours
from domain.regles.parcours import ParcoursNonInscrit
from domain.sanction import Procedure
from infrastructure.chaine import ORIGINE, Chaineur, Maillon, empreinte, lien_parcours
from infrastructure.points_de_controle import PointDeControle, signature_valide
from infrastructure.stockage_chaine import chaine_pour
from projections.en_json import en_json
from projections.explication import expliquer
from projections.journal import texte
from projections.libelles import sanction_fr

FORMAT = "parcours-export/1"


def exporter(
    application: ParcoursApplication, parcours_id: UUID, a_la_date: datetime | None, maintenant: datetime
) -> dict[str, Any]:
    """The bundle of a parcours as known at ``a_la_date`` (recording time; None: now)."""
    evenements = application.historique(parcours_id, au=a_la_date)
    if not evenements:
        raise ParcoursNonInscrit(f"Aucun parcours {parcours_id} enregistré à cette date.")
    chaine = chaine_pour(application)
    Chaineur(application, chaine).rattraper()  # every event exported carries its link
    stockes = {e.originator_version: e for e in application.recorder.select_events(parcours_id)}
    liens = {m.version: m for m in chaine.maillons_du_parcours(str(parcours_id))}
    rectifie_par = rectifications(evenements)
    etat = application.parcours(parcours_id, version=evenements[-1].originator_version)
    explication = expliquer(evenements)
    points = chaine.points_de_controle()
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "parcours_id": str(parcours_id),
        "a_la_date": a_la_date.isoformat() if a_la_date else None,
        "genere_le": maintenant.isoformat(),
        "evenements": [
            evenement_exporte(e, stockes[v], liens[v], liens[v - 1].hash_parcours if v > 1 else ORIGINE, rectifie_par)
            for e in evenements
            for v in [e.originator_version]
        ],
        "procedures": [procedure_exportee(p) for p in etat.procedures.values()],
        "explication": {"texte": explication.texte} if explication else None,
        "point_de_controle": vars(points[-1]) if points else None,
    }
    bundle["empreinte"] = empreinte_du_bundle(bundle)
    return bundle


def rectifications(evenements: Sequence[EvenementParcours]) -> dict[int, list[int]]:
    """For each corrected version, the versions of the rectifications that correct it."""
    par_version: dict[int, list[int]] = defaultdict(list)
    for e in evenements:
        if isinstance(e, Parcours.EvenementRectifie):
            par_version[e.version_rectifiee].append(e.originator_version)
    return par_version


def evenement_exporte(
    evenement: EvenementParcours,
    stocke: StoredEvent,
    lien: Maillon,
    precedent: str,
    rectifie_par: Mapping[int, list[int]],
) -> dict[str, Any]:
    return {
        **lisible(evenement),
        "position": lien.position,
        "rectifie_par": list(rectifie_par.get(evenement.originator_version, [])),
        "rectifie": getattr(evenement, "version_rectifiee", None),
        "stockage": {"topic": stocke.topic, "etat": base64.b64encode(stocke.state).decode()},
        "chaine": {"empreinte": lien.empreinte, "precedent": precedent, "hash": lien.hash_parcours},
    }


def lisible(evenement: EvenementParcours) -> dict[str, Any]:
    """What a reader needs of an event, derived from it alone (so it can be derived again offline)."""
    decision = evenement.decision
    propres = {
        nom: en_json(valeur)
        for nom, valeur in vars(evenement).items()
        if nom not in ("originator_id", "originator_version", "timestamp", "originator_topic", "decision")
    }
    return {
        "version": evenement.originator_version,
        "type": nom(evenement),
        "texte": texte(evenement),
        "enregistre_le": evenement.timestamp.isoformat(),
        "effective_le": decision.effective_le.isoformat(),
        "auteur": en_json(decision.auteur),
        "autorite": en_json(decision.autorite),
        "fondement": en_json(decision.fondement),
        "motif": decision.motif,
        "criteres": en_json(decision.criteres),
        "donnees": propres,
    }


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


def empreinte_du_bundle(bundle: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of everything but the fingerprint itself."""
    contenu = {cle: valeur for cle, valeur in bundle.items() if cle != "empreinte"}
    return empreinte(json.dumps(contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())


def verifier_export(
    bundle: Mapping[str, Any], mapper: Mapper[Any], cle_de_confiance: Ed25519PublicKey | None = None
) -> list[str]:
    """Every reason not to trust the bundle; an empty list when it holds."""
    ecarts = []
    if empreinte_du_bundle(bundle) != bundle.get("empreinte"):
        ecarts.append(f"empreinte du document : {bundle.get('empreinte')} ≠ {empreinte_du_bundle(bundle)}")
    precedent = ORIGINE
    for exporte in bundle["evenements"]:
        ecarts += verifier_evenement(exporte, bundle["parcours_id"], precedent, mapper)
        precedent = exporte["chaine"]["hash"]
    point = bundle.get("point_de_controle")
    if point is not None and not signature_valide(PointDeControle(**point), cle_de_confiance):
        ecarts.append(f"point de contrôle du {point['signe_le']} : signature invalide ou clé non reconnue")
    return ecarts


def verifier_evenement(exporte: Mapping[str, Any], parcours_id: str, precedent: str, mapper: Mapper[Any]) -> list[str]:
    version, topic = exporte["version"], exporte["stockage"]["topic"]
    octets = base64.b64decode(exporte["stockage"]["etat"])
    ou = f"événement n° {version}"
    if exporte["chaine"]["precedent"] != precedent:
        return [f"{ou} : ne suit pas l'événement précédent du document"]
    if empreinte(octets) != exporte["chaine"]["empreinte"]:
        return [f"{ou} : les octets stockés ne correspondent pas à leur empreinte"]
    if (
        lien_parcours(parcours_id, version, topic, exporte["chaine"]["empreinte"], precedent)
        != exporte["chaine"]["hash"]
    ):
        return [f"{ou} : maillon de la chaîne incohérent avec le précédent"]
    # The chain link checked above vouches for the topic: one of the parcours' events.
    evenement = cast(EvenementParcours, mapper.to_domain_event(StoredEvent(UUID(parcours_id), version, topic, octets)))
    attendu = lisible(evenement)
    modifies = sorted(cle for cle, valeur in attendu.items() if exporte.get(cle) != valeur)
    return [f"{ou} : {', '.join(modifies)} diffère(nt) des octets stockés"] if modifies else []
