"""Rules of the person: one open parcours at a time, one identifier of each kind, accountable merges,
nothing written once erased (DESIGN §7)."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from uuid import UUID

from domain.erreurs import RegleEnfreinte
from domain.identite import Identifiant


class ParcoursDejaOuvert(RegleEnfreinte):
    """A person has at most one open parcours (CT L.5411-1): a new inscription of a person whose
    parcours is open is refused, naming it to whoever may see it."""

    code = "parcours-deja-ouvert"
    titre = "Parcours déjà ouvert pour cette personne"

    def __init__(self, detail: str, parcours_id: UUID | None) -> None:
        super().__init__(detail)
        self.parcours_id = parcours_id


class IdentifiantContradictoire(RegleEnfreinte):
    """A person has one identifier of each kind and issuer (one NIR, one numéro allocataire of a CAF):
    another value is a correction, made by ``corriger`` on the evidence, or another person."""

    code = "identifiant-contradictoire"
    titre = "Identifiant différent de celui déjà connu"


class IdentifiantsDePersonnesDifferentes(RegleEnfreinte):
    """The identifiers given at an inscription belong to two different known persons: a human decides
    (merge, or correction of an identifier) before anyone is registered (CT L.5411-1)."""

    code = "identifiants-de-personnes-differentes"
    titre = "Identifiants connus pour deux personnes différentes"


class FusionImpossible(RegleEnfreinte):
    """A merge keeps one record and points the other to it (RGPD art. 5 1 d, accuracy): not onto itself,
    not twice, not while the absorbed record still has an open parcours."""

    code = "fusion-impossible"
    titre = "Fusion impossible"


class RectificationInconnue(RegleEnfreinte):
    """An answer goes to a rectification request of the person still unanswered (RGPD art. 12, 16)."""

    code = "rectification-inconnue"
    titre = "Demande de rectification inconnue ou déjà traitée"


class PersonneEffacee(RegleEnfreinte):
    """The person's data were erased at the end of their retention: nothing more is recorded of them."""

    code = "personne-effacee"
    titre = "Données de la personne effacées"


class RepresentantLegalRequis(RegleEnfreinte):
    """The notice of a sanction envisaged to a minor or a protected adult goes to their legal
    representative (CT R.5412-7): without one designated, the procedure cannot be opened."""

    code = "representant-legal-requis"
    titre = "Représentant légal requis"


def verifier_non_effacee(effacee_le: datetime | None) -> None:
    if effacee_le is not None:
        raise PersonneEffacee(f"Les données de cette personne ont été effacées le {effacee_le.date().isoformat()}.")


def verifier_sans_parcours_ouvert(parcours_ouvert: UUID | None) -> None:
    if parcours_ouvert is not None:
        raise ParcoursDejaOuvert("Cette personne a déjà un parcours ouvert (CT L.5411-1).", parcours_ouvert)


def verifier_identifiant_nouveau(identifiant: Identifiant, connus: Iterable[Identifiant]) -> None:
    for connu in connus:
        if (connu.nature, connu.organisme) == (identifiant.nature, identifiant.organisme):
            raise IdentifiantContradictoire(
                f"Un identifiant {identifiant.nature.value} différent est déjà connu pour cette personne : "
                "corrigez-le sur pièce ou vérifiez qu'il s'agit de la même personne."
            )


def verifier_fusion(personne_id: UUID, dans: UUID, deja_dans: UUID | None, parcours_ouvert: UUID | None) -> None:
    if dans == personne_id:
        raise FusionImpossible("Une personne ne se fusionne pas dans elle-même.")
    if deja_dans is not None:
        raise FusionImpossible("Cette personne est déjà fusionnée dans une autre ; annulez d'abord cette fusion.")
    if parcours_ouvert is not None:
        raise FusionImpossible("Le dossier absorbé a un parcours ouvert : clôturez-le d'abord (CT L.5411-1).")


def verifier_fusionnee(fusionnee_dans: UUID | None) -> None:
    if fusionnee_dans is None:
        raise FusionImpossible("Cette personne n'est fusionnée dans aucune autre.")


def verifier_rectification_ouverte(demande_id: str, rectifications: Mapping[str, bool]) -> None:
    if rectifications.get(demande_id) is not False:
        raise RectificationInconnue(f"Aucune demande de rectification {demande_id} en attente de réponse.")


def verifier_representation(doit_etre_representee: bool, representant_designe: bool, jour: date) -> None:
    """CT R.5412-7: a minor or a protected adult is notified through their legal representative."""
    if doit_etre_representee and not representant_designe:
        raise RepresentantLegalRequis(
            f"La personne est mineure ou protégée au {jour.isoformat()} : désignez son représentant légal, "
            "destinataire de l'avis (CT R.5412-7)."
        )
