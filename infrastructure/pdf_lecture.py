"""Reading the litigation export bundle for its PDF rendering (``infrastructure.pdf``): the events by type and
by procedure, and each recorded value in French words (authors, authorities, legal bases, dates in Paris time),
the codes read through the vocabulary (``projections.libelles``). Only what the bundle says; nothing recomputed.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from domain.parcours import Parcours
from domain.valeur import FUSEAU_METIER
from domain.vocabulaire import Destinataire, Organisme, TypeAuteur, TypeAutorite
from projections.libelles import DESTINATAIRES, date_longue_fr, horodatage_fr, libelle_code, role_fr

Evenement = Mapping[str, Any]
"""One exported event (``infrastructure.export.rendu`` and its proof)."""


def noms(*types: type) -> frozenset[str]:
    return frozenset(t.__name__ for t in types)


P = Parcours
DECISIONS = noms(
    P.Oriente,
    P.Reoriente,
    P.ReorientationRefusee,
    P.SituationReexaminee,
    P.ProcedureClose,
    P.SanctionDecidee,
    P.SuspensionLevee,
    P.Radie,
    P.RecoursTranche,
    P.SanctionReformee,
)
"""The steps that decide something about the person (DOMAIN §8)."""
DEFAVORABLES = noms(P.ReorientationRefusee, P.SanctionDecidee, P.SanctionReformee, P.Radie)
"""Unfavourable on their face; a recours decision is unfavourable when it keeps the sanction (CRPA L.211-2)."""
SANCTIONS = noms(P.SanctionDecidee, P.SanctionReformee)
ORIENTATIONS = noms(P.Oriente, P.Reoriente)
COURRIERS = noms(
    P.OrientationNotifiee, P.ContradictoireOuvert, P.AvisContradictoireReceptionne, P.SanctionNotifiee
) | noms(P.ExplicationCommuniquee, P.CourrierEmis, P.CourrierRemis)
"""The steps that record a letter sent to the person, or its receipt."""


class Dossier:
    """The bundle, read: its events by type and by procedure, its dates."""

    def __init__(self, export: Mapping[str, Any]) -> None:
        self.export = export
        self.id = str(export.get("parcours_id") or "inconnu")
        self.nom_json = f"parcours-{self.id}.json"
        self.evenements: list[Evenement] = [e for e in export.get("evenements") or [] if isinstance(e, Mapping)]
        self.procedures: list[Evenement] = [p for p in export.get("procedures") or [] if isinstance(p, Mapping)]
        self.genere_le = lire_instant(export.get("genere_le")) or datetime(1970, 1, 1, tzinfo=UTC)
        self.au = lire_instant(export.get("a_la_date")) or self.genere_le
        """The moment the file shows the parcours as of."""

    def de_type(self, noms: frozenset[str], procedure: Any = None, apres: int = 0) -> list[Evenement]:
        """The events of these types, of ``procedure`` if given, recorded after version ``apres``."""
        return [
            e
            for e in self.evenements
            if e.get("type") in noms
            and (procedure is None or donnees(e).get("procedure_id") == procedure)
            and version(e) > apres
        ]

    def premier(self, noms: frozenset[str], procedure: Any = None, apres: int = 0) -> Evenement | None:
        return next(iter(self.de_type(noms, procedure, apres)), None)

    def numero_de_procedure(self, procedure_id: Any) -> int | None:
        ids = [p.get("id") for p in self.procedures]
        return ids.index(procedure_id) + 1 if procedure_id in ids else None

    @property
    def journal(self) -> Mapping[str, Any]:
        journal = self.export.get("journal")
        return journal if isinstance(journal, Mapping) else {}


def explication_de(dossier: Dossier) -> str:
    explication = dossier.export.get("explication")
    return str(explication.get("texte") or "") if isinstance(explication, Mapping) else ""


# --- reading the bundle's values --------------------------------------------------------------------------------


def donnees(evenement: Evenement | None) -> Mapping[str, Any]:
    """An event's own fields, as the bundle carries them (``donnees``)."""
    return objet((evenement or {}).get("donnees"))


def objet(valeur: Any) -> Mapping[str, Any]:
    return valeur if isinstance(valeur, Mapping) else {}


def a_qui(code: Any) -> str:
    """« à la personne », « au représentant légal »."""
    try:
        return DESTINATAIRES[Destinataire(code)]
    except ValueError:
        return f": {code}"


def version(evenement: Evenement) -> int:
    numero = evenement.get("version")
    return numero if isinstance(numero, int) else 0


def qui(auteur: Any) -> str:
    """An author as « id, capacity, body, département (structure) », from what the step recorded; an agent named
    by the step as « first name and name, capacity (role), body... », without the internal id (CRPA L.212-1)."""
    if not isinstance(auteur, Mapping):
        return "auteur non renseigné"
    role = auteur.get("role")
    qualite = role_fr(role) if role else libelle_code(TypeAuteur, auteur.get("type"))
    nom, qualite_declaree = texte_ou_rien(auteur.get("nom")), texte_ou_rien(auteur.get("qualite"))
    if qualite_declaree:
        qualite = f"{qualite_declaree} ({qualite})"
    parties = [nom or str(auteur.get("id") or "identifiant non renseigné"), qualite]
    organe = objet(auteur.get("organe"))
    if organe:
        parties.append(f"{libelle_code(Organisme, organe.get('organisme'))}, département {organe.get('departement')}")
    rattachement = auteur.get("organisme")
    if rattachement and rattachement != organe.get("organisme"):
        connu = rattachement in {o.value for o in Organisme}
        parties.append(libelle_code(Organisme, rattachement) if connu else f"structure {rattachement}")
    return ", ".join(parties)


def texte_ou_rien(valeur: Any) -> str | None:
    return valeur if isinstance(valeur, str) and valeur.strip() else None


def autorite(autorite: Any) -> str:
    if not isinstance(autorite, Mapping):
        return "non renseignée"
    texte = libelle_code(TypeAutorite, autorite.get("type"))
    ident = autorite.get("id")
    codes = {a.value for a in TypeAutorite} | {o.value for o in Organisme}
    return texte if not ident or ident in codes else f"{texte} ({ident})"


def fondement(fondement: Mapping[str, Any]) -> str:
    """The articles relied on and, for an algorithmic decision, the referential version and the rules applied."""
    parties = ["; ".join(str(a) for a in fondement.get("articles") or []) or "aucun article cité"]
    referentiel = fondement.get("referentiel")
    if isinstance(referentiel, Mapping):
        regles = ", ".join(referentiel.get("regles") or []) or "aucune"
        empreinte = str(referentiel.get("empreinte") or "").removeprefix("sha256:")[:16]
        parties.append(
            f"référentiel « {referentiel.get('id')} » version {referentiel.get('version')} (empreinte {empreinte}), "
            f"règles appliquées : {regles}"
        )
    return " ; ".join(parties)


def lire_instant(valeur: Any) -> datetime | None:
    if not isinstance(valeur, str):
        return None
    try:
        instant = datetime.fromisoformat(valeur)
    except ValueError:
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def quand(valeur: Any) -> str:
    """A timestamp as « 3 juin 2025 à 11 h 12 », Paris time; an unreadable value shown as is."""
    moment = lire_instant(valeur)
    if moment is None:
        return str(valeur) if valeur else "date non renseignée"
    return horodatage_fr(moment)


def jour(valeur: Any) -> str:
    """A date (or the Paris day of a timestamp) as « 3 juin 2025 »."""
    if not isinstance(valeur, str) or not valeur:
        return "non renseignée"
    moment = lire_instant(valeur) if "T" in valeur else None
    try:
        return date_longue_fr(jour_paris(moment) if moment else date.fromisoformat(valeur[:10]))
    except ValueError:
        return valeur


def jour_paris(instant: datetime) -> date:
    return instant.astimezone(FUSEAU_METIER).date()
