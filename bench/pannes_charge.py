"""The load of the fault bench: client threads, each taking people one after the other through a
whole parcours, from the inscription to the decision on a recours against a sanction.

Every command carries an ``Idempotency-Key`` of its own, and its motive names that key (``banc-pannes
<key>``): the bench finds each command's events in the store by it. A command whose answer is lost (the
connection broke, a 5xx, or 409 ``requete-en-cours``: the first attempt may still be running) is sent
again, same key, same body, until a definitive answer (2xx, or another 4xx) or ``delai`` seconds: a
key still without one by then is stuck. Business time is left to the service (``effective_le``
absent: now), so each step follows the one before on both clocks; the person's observations are
received before the decision, which the 10-day rule allows at once (CT R.5412-7).
"""

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx

TIMEOUT = 10.0
"""Seconds an attempt waits for its answer before it counts as lost."""
PREMIERE_ATTENTE, ATTENTE_MAXIMALE = 0.05, 1.0
"""The client's backoff between two attempts of a command, doubled at each, in seconds."""
SUSPENSION = {"niveau": "niveau_1", "nature": "suspension", "allocation": "ARE", "taux": "30", "duree_mois": 1}
EN_COURS = "requete-en-cours"

Ids = dict[str, str]


def aujourdhui() -> date:
    """Business days are French calendar days."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def _inscription(_ids: Ids) -> dict[str, object]:
    """Data that fit rule R04 of the referential: France Travail, parcours emploi, by the algorithm alone."""
    jour = aujourdhui().isoformat()
    valeurs = {
        "age": 30,
        "activite_recente_24_mois": True,
        "capacite_a_se_projeter": "oui",
        "freins.mobilite": "sans_impact",
    }
    donnees = [
        {"nom": nom, "valeur": valeur, "source": "declaration", "collecte_le": jour} for nom, valeur in valeurs.items()
    ]
    territoire = {"departement": "75", "bassin": "Paris"}
    return {
        "inscription": {"motif": "demande", "canal": "en_ligne", "territoire": territoire},
        "donnees_orientation": donnees,
    }


def _contrat(_ids: Ids) -> dict[str, object]:
    actions = [{"libelle": "Atelier CV", "echeance": (aujourdhui() + timedelta(days=30)).isoformat()}]
    objectifs = ["Retrouver un emploi de cariste"]
    return {
        "contrat": {
            "organisme": "FRANCE_TRAVAIL",
            "referent": "agent-42",
            "objectifs": objectifs,
            "actions": actions,
            "heures_hebdo": 15,
        }
    }


def _contradictoire(ids: Ids) -> dict[str, object]:
    return {"manquements": [ids["manquement_id"]], "sanction_envisagee": SUSPENSION}


def _reception(_ids: Ids) -> dict[str, object]:
    return {"recu_le": aujourdhui().isoformat()}


def _fixe(corps: dict[str, object]) -> Callable[[Ids], dict[str, object]]:
    return lambda _ids: corps


DIAGNOSTIC: dict[str, object] = {
    "diagnostic": {
        "items": [{"theme": "mobilite", "niveau": "moyen", "source": "conseiller"}],
        "realise_avec_la_personne": True,
    }
}
MANQUEMENT: dict[str, object] = {
    "manquement": {"type": "assiduite", "faits": "Absent à trois ateliers", "preuves": ["émargement"]}
}
VOIES: dict[str, object] = {
    "voies_de_recours": [{"type": "mediation_prealable", "instance": "Médiateur régional", "delai_mois": 2}]
}


@dataclass(frozen=True)
class Etape:
    """One command of the parcours: its path under the parcours's (formatted with the ids learnt so
    far), its body, who sends it, and the id its answer creates."""

    nom: str
    chemin: str
    corps: Callable[[Ids], dict[str, object]]
    role: str = "conseiller"
    cree: str | None = None


PROCEDURE = "/sanctions/{procedure_id}"
ETAPES: tuple[Etape, ...] = (
    Etape("inscription", "", _inscription, cree="parcours_id"),
    Etape("notification", "/orientation/notification", _fixe({})),
    Etape("diagnostic", "/diagnostic", _fixe(DIAGNOSTIC)),
    Etape("contrat", "/contrat", _contrat),
    Etape("manquement", "/manquements", _fixe(MANQUEMENT), cree="manquement_id"),
    Etape("contradictoire", "/sanctions", _contradictoire, cree="procedure_id"),
    Etape("reception", f"{PROCEDURE}/reception-avis", _reception),
    Etape("observations", f"{PROCEDURE}/observations", _fixe({})),
    Etape("decision", f"{PROCEDURE}/decision", _fixe({"sanction": SUSPENSION}), role="autorite"),
    Etape("notification-sanction", f"{PROCEDURE}/notification", _fixe(VOIES), role="autorite"),
    Etape("recours", f"{PROCEDURE}/recours", _fixe({"type_recours": "mediation_prealable"}), cree="recours_id"),
    Etape(
        "decision-recours",
        f"{PROCEDURE}/recours/{{recours_id}}/decision",
        _fixe({"issue": "annulation"}),
        role="autorite",
    ),
)
"""From the inscription to the decision on a recours: every id a step needs comes from an earlier answer."""


def motif(cle: str) -> str:
    return f"banc-pannes {cle}"


def cle_du_motif(texte: object) -> str | None:
    """The key a motive names, for the events the bench's commands recorded."""
    if isinstance(texte, str) and texte.startswith("banc-pannes "):
        return texte.removeprefix("banc-pannes ")
    return None


@dataclass(frozen=True)
class Accuse:
    """A command the service acknowledged (2xx): where its last event stands."""

    cle: str
    etape: str
    parcours_id: str
    version: int
    position: int | None


@dataclass
class Charge:
    """What the clients sent and got back; shared by the client threads."""

    envoyees: int = 0
    tentatives: int = 0
    accuses: list[Accuse] = field(default_factory=list)
    refus: dict[str, str] = field(default_factory=dict)
    """Commands answered by a 4xx: key → step and answer."""
    bloquees: dict[str, str] = field(default_factory=dict)
    """Commands without a definitive answer: key → step."""
    lectures: int = 0
    lectures_en_echec: list[str] = field(default_factory=list)
    relus: list[str] = field(default_factory=list)
    perdues: Counter[str] = field(default_factory=Counter)
    """Answers lost, by cause: a status (5xx, 409 ``requete-en-cours``) or a transport error."""
    parcours: int = 0
    termines: int = 0
    attente_maximale: float = 0.0
    verrou: threading.Lock = field(default_factory=threading.Lock)

    def noter(self, **increments: int) -> None:
        with self.verrou:
            for nom, increment in increments.items():
                setattr(self, nom, getattr(self, nom) + increment)


def definitive(reponse: httpx.Response) -> bool:
    """2xx or 4xx, except the 409 telling that the first attempt with this key still runs."""
    if reponse.status_code >= 500:
        return False
    if reponse.status_code == 409 and reponse.headers.get("content-type", "").startswith("application/problem"):
        return not str(reponse.json().get("type", "")).endswith(EN_COURS)
    return True


def envoyer(
    client: httpx.Client,
    chemin: str,
    corps: dict[str, object],
    entetes: Mapping[str, str],
    delai: float,
    charge: Charge,
) -> httpx.Response | None:
    """Sends one command until its definitive answer; None once ``delai`` has passed without one."""
    debut, attente = time.monotonic(), PREMIERE_ATTENTE
    charge.noter(envoyees=1)
    while True:
        charge.noter(tentatives=1)
        try:
            reponse = client.post(chemin, json=corps, headers=entetes)
            if definitive(reponse):
                with charge.verrou:
                    charge.attente_maximale = max(charge.attente_maximale, time.monotonic() - debut)
                return reponse
            cause = str(reponse.status_code)
        except httpx.TransportError as erreur:  # refused, reset or timed out: the answer is lost, send again
            cause = type(erreur).__name__
        with charge.verrou:
            charge.perdues[cause] += 1
        if time.monotonic() - debut + attente > delai:
            return None
        time.sleep(attente)  # a client's retry backoff, not a synchronisation
        attente = min(attente * 2, ATTENTE_MAXIMALE)


def derouler(client: httpx.Client, entetes: Mapping[str, dict[str, str]], delai: float, charge: Charge) -> None:
    """One person through every step; stops at the first step without a 2xx answer."""
    ids: Ids = {}
    for etape in ETAPES:
        cle = uuid4().hex
        corps = {**etape.corps(ids), "motif": motif(cle)}
        avec_cle = {**entetes[etape.role], "Idempotency-Key": cle}
        chemin = "/parcours" + (f"/{ids['parcours_id']}" if ids else "") + etape.chemin.format(**ids)
        reponse = envoyer(client, chemin, corps, avec_cle, delai, charge)
        if reponse is None:
            with charge.verrou:
                charge.bloquees[cle] = etape.nom
            return
        if reponse.status_code >= 300:
            with charge.verrou:
                charge.refus[cle] = f"{etape.nom} : {reponse.status_code} {_type(reponse)}"
            return
        contenu: dict[str, Any] = reponse.json()
        accuse = Accuse(cle, etape.nom, str(contenu["parcours_id"]), int(contenu["version"]), contenu["position"])
        with charge.verrou:
            charge.accuses.append(accuse)
        if etape.cree is not None:
            ids[etape.cree] = str(contenu[etape.cree])
    charge.noter(termines=1)
    relire(client, accuse, entetes["conseiller"], delai, charge)


def relire(client: httpx.Client, accuse: Accuse, entetes: Mapping[str, str], delai: float, charge: Charge) -> None:
    """Reads the dossier at the last command's position (read-your-writes): a 503 while the view catches
    up, a 5xx or a lost answer is read again, until the dossier at the command's version or ``delai``."""
    debut, attente, vu = time.monotonic(), PREMIERE_ATTENTE, "rien"
    charge.noter(lectures=1)
    while time.monotonic() - debut + attente <= delai:
        try:
            position = {} if accuse.position is None else {"position_min": accuse.position}
            reponse = client.get(f"/parcours/{accuse.parcours_id}", params=position, headers=entetes)
            if reponse.status_code == 200 and reponse.headers.get("etag") == f'"{accuse.version}"':
                with charge.verrou:
                    charge.relus.append(accuse.parcours_id)
                return
            vu = f"{reponse.status_code} {reponse.headers.get('etag') or _type(reponse)}"
            if reponse.status_code < 500 and reponse.status_code != 200:
                break  # a definitive refusal
        except httpx.TransportError as erreur:
            vu = type(erreur).__name__
        time.sleep(attente)  # a client's retry backoff, not a synchronisation
        attente = min(attente * 2, ATTENTE_MAXIMALE)
    with charge.verrou:
        charge.lectures_en_echec.append(f"{accuse.parcours_id} v{accuse.version} : {vu}")


def _type(reponse: httpx.Response) -> str:
    try:
        return str(reponse.json().get("type", ""))
    except ValueError:
        return reponse.text[:200]


def enchainer(
    url: str, entetes: Mapping[str, dict[str, str]], delai: float, arret: threading.Event, maximum: int, charge: Charge
) -> None:
    """A client thread: people one after the other until ``arret`` or ``maximum`` people in all."""
    with httpx.Client(base_url=url, timeout=TIMEOUT) as http:
        while not arret.is_set():
            with charge.verrou:
                if charge.parcours >= maximum:
                    return
                charge.parcours += 1
            derouler(http, entetes, delai, charge)
