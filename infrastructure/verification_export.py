"""``parcours audit verifier-export``: a ``parcours-export/2`` bundle checked offline, with the transparency
log's public key and the witnesses' keys alone (``infrastructure/export.py`` builds it; ``docs/audit.md`` says
what each check proves). Bad input gives a reason, never an exception."""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from domain.evenements import EvenementParcours
from domain.parcours import Parcours
from domain.personnel import EFFACE
from infrastructure.export import (
    FORMAT,
    HORS_LISIBLE,
    PERSONNELS_LISIBLES,
    b64,
    corps_attestation,
    empreinte_du_bundle,
    procedures_de,
    rectifications,
    rejouer,
    rendu,
)
from infrastructure.scellement import SCELLE
from infrastructure.transparence.arbre import TAILLE_HASH, hash_feuille
from infrastructure.transparence.journal import donnees_de_feuille
from infrastructure.transparence.note import (
    TYPE_COSIGNATURE_V1,
    TYPE_ED25519,
    AucuneSignatureConnue,
    Checkpoint,
    CleDeVerification,
    NoteInvalide,
    base64_strict,
    ouvrir_note,
    verifier_note,
)
from infrastructure.transparence.verification import verifier_inclusion
from projections.explication import expliquer


@dataclass(frozen=True)
class _Lu:
    """An exported event whose proof fields are of the right shape, decoded."""

    exporte: Mapping[str, Any]
    version: int
    topic: str
    etat: bytes
    indice: int
    hash: bytes
    preuve: tuple[bytes, ...]


def verifier_export(
    bundle: Any, mapper: Mapper[Any], cle_du_journal: CleDeVerification, temoins: Sequence[CleDeVerification] = ()
) -> list[str]:
    """Every reason not to trust the bundle, in French; an empty list when it holds.

    ``cle_du_journal`` is the log's verifier key; each key of ``temoins`` must have cosigned the checkpoint.
    ``mapper`` decodes stored bytes (no key of anyone's: personal values stay sealed)."""
    if not isinstance(bundle, Mapping) or bundle.get("format") != FORMAT:
        format_ = bundle.get("format") if isinstance(bundle, Mapping) else type(bundle).__name__
        return [f"format inconnu : {format_!r} (attendu {FORMAT})"]
    lus, ecarts = _lire(bundle)
    if ecarts:
        return ecarts
    parcours_id = bundle["parcours_id"]
    feuilles = [(lu.version, lu.indice, _feuille(parcours_id, lu)) for lu in lus]
    checkpoint, ecarts = _verifier_checkpoint(bundle["journal"], cle_du_journal, temoins)
    ecarts += _verifier_empreinte(bundle) + _verifier_versions(lus)
    ecarts += _verifier_attestation(bundle, feuilles, cle_du_journal)
    if checkpoint is None:
        return ecarts  # no trusted root: no byte of the bundle is vouched for, nothing is decoded
    prouves = []
    for lu, (_, _, feuille) in zip(lus, feuilles, strict=True):
        refus = _verifier_feuille(lu, feuille, checkpoint)
        ecarts += refus
        if refus:
            continue
        evenement = _decoder(mapper, parcours_id, lu)  # its leaf is in the signed log: the service wrote its topic
        if evenement is None:
            ecarts.append(f"événement n° {lu.version} : ses octets ne se lisent pas comme un événement de parcours")
        else:
            prouves.append((lu, evenement))
    ecarts += _verifier_rendus(prouves)
    if len(prouves) == len(lus) and not _verifier_versions(lus):  # the whole stream, in order: it replays
        ecarts += _verifier_etat(bundle, [e for _, e in prouves], any(_scelle(lu.etat) for lu in lus))
    return ecarts


def evenements_scelles(bundle: Mapping[str, Any]) -> list[int]:
    """The versions whose bytes hold sealed personal values: what depends on them is vouched for by the
    attestation only (``docs/audit.md``)."""
    lus, _ = _lire(bundle)
    return [lu.version for lu in lus if _scelle(lu.etat)]


def _lire(bundle: Mapping[str, Any]) -> tuple[list[_Lu], list[str]]:
    """The bundle's shape: what the proofs need is there, typed and canonically encoded."""
    ecarts = []
    if not _uuid(bundle.get("parcours_id")):
        ecarts.append("document mal formé : parcours_id n'est pas un identifiant")
    if not (isinstance(bundle.get("genere_le"), str) and isinstance(bundle.get("a_la_date"), str | None)):
        ecarts.append("document mal formé : genere_le ou a_la_date")
    journal = bundle.get("journal")
    if not (isinstance(journal, Mapping) and _types(journal, origine=str, taille=int, racine=str, checkpoint=str)):
        ecarts.append("document mal formé : journal (origine, taille, racine, checkpoint)")
    if not _types(bundle, attestation=str, empreinte=str, procedures=list, explication=dict | None):
        ecarts.append("document mal formé : attestation, empreinte, procedures ou explication")
    evenements = bundle.get("evenements")
    if not isinstance(evenements, list) or not evenements:
        return [], [*ecarts, "document mal formé : aucun événement"]
    lus = []
    for rang, exporte in enumerate(evenements, start=1):
        try:
            lus.append(_lire_evenement(exporte))
        except (ValueError, TypeError, KeyError) as erreur:
            ecarts.append(f"événement à la place {rang} : mal formé ({erreur})")
    return lus, ecarts


def _lire_evenement(exporte: Any) -> _Lu:
    stockage, feuille = exporte["stockage"], exporte["feuille"]
    if not (_types(exporte, version=int) and _types(stockage, topic=str, etat=str)):
        raise TypeError("version, topic ou état")
    if not (_types(feuille, indice=int, hash=str, preuve=list) and all(isinstance(p, str) for p in feuille["preuve"])):
        raise TypeError("indice, hash ou preuve de la feuille")
    hashes = [base64_strict(h) for h in (feuille["hash"], *feuille["preuve"])]
    if any(len(h) != TAILLE_HASH for h in hashes):
        raise ValueError("un hash de feuille ou de preuve ne fait pas 32 octets")
    etat = base64_strict(stockage["etat"])
    return _Lu(exporte, exporte["version"], stockage["topic"], etat, feuille["indice"], hashes[0], tuple(hashes[1:]))


def _verifier_checkpoint(
    journal: Mapping[str, Any], cle: CleDeVerification, temoins: Sequence[CleDeVerification]
) -> tuple[Checkpoint | None, list[str]]:
    """The checkpoint's note signed by the log's key, as displayed, and cosigned by every required witness."""
    if cle.type_signature != TYPE_ED25519:  # a witness's key would take its cosignature for the log's signature
        return None, [f"clé du journal : {cle.nom} est une clé de cosignature, pas celle qui signe le journal"]
    note = journal["checkpoint"]
    try:
        checkpoint, _ = verifier_note(note, [cle])
    except NoteInvalide as erreur:
        return None, [f"checkpoint : non signé par la clé du journal {cle.nom} ({erreur})"]
    ecarts = []
    if checkpoint.origine != cle.nom:
        ecarts.append(f"checkpoint : journal {checkpoint.origine}, la clé donnée est celle de {cle.nom}")
    if (journal["origine"], journal["taille"], journal["racine"]) != (
        checkpoint.origine,
        checkpoint.taille,
        b64(checkpoint.racine),
    ):
        ecarts.append("checkpoint : l'origine, la taille ou la racine affichées ne sont pas celles de la note signée")
    return checkpoint, ecarts + [e for temoin in temoins for e in _verifier_cosignature(note, temoin)]


def _verifier_cosignature(note: str, temoin: CleDeVerification) -> list[str]:
    if temoin.type_signature != TYPE_COSIGNATURE_V1:
        return [f"témoin {temoin.nom} : sa clé n'est pas une clé de cosignature (cosignature/v1)"]
    try:
        ouvrir_note(note, [temoin])
    except AucuneSignatureConnue:
        return [f"témoin {temoin.nom} : aucune cosignature du checkpoint"]
    except NoteInvalide as erreur:
        return [f"témoin {temoin.nom} : cosignature invalide ({erreur})"]
    return []


def _verifier_empreinte(bundle: Mapping[str, Any]) -> list[str]:
    calculee = empreinte_du_bundle(bundle)
    return [] if calculee == bundle["empreinte"] else [f"empreinte du document : {bundle['empreinte']} ≠ {calculee}"]


def _verifier_versions(lus: Sequence[_Lu]) -> list[str]:
    versions = [lu.version for lu in lus]
    if versions == list(range(1, len(lus) + 1)):
        return []
    return [f"événements : les versions {versions} ne se suivent pas de 1 à {len(lus)}"]


def _verifier_attestation(
    bundle: Mapping[str, Any], feuilles: Sequence[tuple[int, int, bytes]], cle: CleDeVerification
) -> list[str]:
    """The attestation signed by the log's key says, line for line, what the bundle holds."""
    try:
        atteste, _ = ouvrir_note(bundle["attestation"], [cle])
    except NoteInvalide as erreur:
        return [f"attestation : non signée par la clé du journal {cle.nom} ({erreur})"]
    attendu = corps_attestation(bundle, feuilles).splitlines()
    lignes = atteste.splitlines()
    if len(lignes) != len(attendu) or lignes[0] != FORMAT:
        return [f"attestation : ce n'est pas une attestation {FORMAT}"]
    return [
        f"attestation : « {dit} » attesté, le document donne « {calcule} »"
        for dit, calcule in zip(lignes, attendu, strict=True)
        if dit != calcule
    ]


def _verifier_feuille(lu: _Lu, feuille: bytes, checkpoint: Checkpoint) -> list[str]:
    ou = f"événement n° {lu.version}"
    if feuille != lu.hash:
        return [f"{ou} : ses octets stockés ne donnent pas le hash de feuille annoncé"]
    if not verifier_inclusion(feuille, lu.indice, checkpoint.taille, lu.preuve, checkpoint.racine):
        return [
            f"{ou} : la preuve d'inclusion de la feuille {lu.indice} ne mène pas à la racine signée "
            f"({checkpoint.taille} feuilles)"
        ]
    return []


def _verifier_rendus(prouves: Sequence[tuple[_Lu, EvenementParcours]]) -> list[str]:
    """Each readable rendering is the one its bytes give; on an event holding sealed values, the personal
    fields where they stand in, and its sentence, which may read them, are left to the attestation."""
    rectifie_par = rectifications([e for _, e in prouves])
    ecarts = []
    for lu, evenement in prouves:
        attendu, scelle = rendu(evenement, rectifie_par), _scelle(lu.etat)
        cles = (set(attendu) | set(lu.exporte)) - {*HORS_LISIBLE, *(("texte",) if scelle else ())}
        modifies = sorted(
            cle
            for cle in cles
            if not _concorde(attendu.get(cle), lu.exporte.get(cle), scelle and cle in PERSONNELS_LISIBLES)
        )
        if modifies:
            ecarts.append(f"événement n° {lu.version} : {', '.join(modifies)} diffère(nt) des octets stockés")
    return ecarts


def _verifier_etat(bundle: Mapping[str, Any], evenements: Sequence[EvenementParcours], scelle: bool) -> list[str]:
    """The procedures and the explanation are those the verified events replay to (the domain's own fold);
    the explanation quotes the motive of an orientation that departs from the proposal, which may be sealed."""
    ecarts = []
    if procedures_de(rejouer(evenements)) != bundle["procedures"]:
        ecarts.append("procédures de sanction : diffèrent de celles que rejouent les événements")
    explication = expliquer(evenements)
    if not _concorde({"texte": explication.texte} if explication else None, bundle["explication"], scelle):
        ecarts.append("explication de l'orientation : diffère de celle que donnent les événements")
    return ecarts


def _concorde(hors_ligne: Any, exporte: Any, scelle: bool) -> bool:
    """Whether the exported value is the one the bytes give offline (``hors_ligne``). With ``scelle``, sealed
    personal values read as their stand-ins (``[donnée effacée]``, empty collections) and vouch for nothing:
    any value is accepted at their places, and only there."""
    if hors_ligne == exporte or not scelle:
        return bool(hors_ligne == exporte)
    if isinstance(hors_ligne, str) and EFFACE in hors_ligne and isinstance(exporte, str):
        motif = ".*".join(re.escape(partie) for partie in hors_ligne.split(EFFACE))
        return re.fullmatch(motif, exporte, re.DOTALL) is not None
    if hors_ligne in ({}, [], [EFFACE]):
        return isinstance(exporte, type(hors_ligne))
    if isinstance(hors_ligne, dict) and isinstance(exporte, dict) and hors_ligne.keys() == exporte.keys():
        return all(_concorde(hors_ligne[k], exporte[k], scelle) for k in hors_ligne)
    paires = zip(hors_ligne, exporte, strict=True) if _listes_de_meme_longueur(hors_ligne, exporte) else None
    return paires is not None and all(_concorde(h, x, scelle) for h, x in paires)


def _listes_de_meme_longueur(a: Any, b: Any) -> bool:
    return isinstance(a, list) and isinstance(b, list) and len(a) == len(b)


# --- Details ---------------------------------------------------------------------------------------------------


def _feuille(parcours_id: str, lu: _Lu) -> bytes:
    """The leaf hash of an exported event, from its bytes and the bundle's parcours (RFC 9162 §2.1.1)."""
    return hash_feuille(donnees_de_feuille(parcours_id, lu.version, lu.topic, lu.etat))


def _decoder(mapper: Mapper[Any], parcours_id: str, lu: _Lu) -> EvenementParcours | None:
    try:
        evenement = mapper.to_domain_event(StoredEvent(UUID(parcours_id), lu.version, lu.topic, lu.etat))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return evenement if isinstance(evenement, Parcours.Event) else None


def _scelle(etat: bytes) -> bool:
    """Whether stored bytes hold a value sealed under a person's key (``infrastructure/scellement.py``)."""
    try:
        return _porte_un_scelle(json.loads(etat))
    except ValueError:
        return False


def _porte_un_scelle(valeur: Any) -> bool:
    if isinstance(valeur, dict):
        return valeur.get("_type_") == SCELLE or any(_porte_un_scelle(v) for v in valeur.values())
    return isinstance(valeur, list) and any(_porte_un_scelle(v) for v in valeur)


def _types(document: Any, **attendus: Any) -> bool:
    """Each field is there with its type (an int that is not a bool)."""
    return isinstance(document, Mapping) and all(
        k in document and isinstance(document[k], t) and not (t is int and isinstance(document[k], bool))
        for k, t in attendus.items()
    )


def _uuid(valeur: Any) -> bool:
    try:
        return isinstance(valeur, str) and str(UUID(valeur)) == valeur
    except ValueError:
        return False
