"""The competence rule: a step is taken by a body that holds, in the parcours, the legal role for it
(``domain.competence``; CT L.5411-5-1, L.5412-1; CASF L.262-37, D.262-65-2, R.262-68)."""

from collections.abc import Iterable
from datetime import date

from domain.competence import Acte, Attribution, Intervenant, Qualite, Situation, droits
from domain.decision import Auteur
from domain.erreurs import RegleEnfreinte
from domain.inscription import Territoire
from domain.orientation import Orientation
from domain.vocabulaire import Allocation, TypeAuteur, TypeParcours


class Incompetence(RegleEnfreinte):
    """The body that acts holds no legal role for this act in the parcours: the orientation is the
    decider's (CT L.5411-5-1 II; CASF D.262-65-2), the accompaniment the organisme référent's
    (CT L.5411-6), a sanction the allowance's funder's (CT L.5412-1; CASF L.262-37), the radiation of
    an RSA beneficiary France Travail's on the PCD's proposal (CASF R.262-68)."""

    code = "incompetence"
    titre = "Acte hors de la compétence de l'organisme"


ARTICLES: dict[Acte, str] = {
    Acte.ORIENTER: "CT L.5411-5-1 II ; CASF D.262-65-2",
    Acte.ACCOMPAGNER: "CT L.5411-5-1 IV, L.5411-6",
    Acte.SANCTIONNER: "CT L.5412-1 ; CASF L.262-37",
    Acte.PROPOSER_RADIATION: "CASF R.262-68",
    Acte.RADIER: "CT L.5412-1 ; CASF R.262-68",
    Acte.REEXAMINER: "CASF L.262-31",
    Acte.INFORMER_DROITS_RSA: "CASF D.262-65-2",
    Acte.AGIR_EN_PERSONNE: "CRPA L.122-1, L.411-2",
}
"""The article that gives each act to its holder, named in the refusal."""

QUALITE_DE: dict[TypeAuteur, Qualite] = {
    TypeAuteur.CONSEILLER: Qualite.AGENT,
    TypeAuteur.AUTORITE: Qualite.AUTORITE,
    TypeAuteur.PERSONNE: Qualite.PERSONNE,
    TypeAuteur.PARTENAIRE: Qualite.PARTENAIRE,
}
"""The algorithm and the system apply the competent body's policy: they are not judged here."""


class TransfertSansChangementDeDepartement(RegleEnfreinte):
    """A move transfers the parcours to another département's bodies (CT R.5411-7; CASF L.262-13);
    within the same département nothing changes hands."""

    code = "transfert-sans-changement-de-departement"
    titre = "Transfert vers le même département"


def verifier_transfert(actuel: Territoire, nouveau: Territoire) -> None:
    if nouveau.departement == actuel.departement:
        raise TransfertSansChangementDeDepartement(
            f"Le parcours est déjà suivi dans le département {actuel.departement} : un transfert le confie aux "
            "organismes d'un autre département (CT R.5411-7 ; CASF L.262-13)."
        )


class ReexamenHorsParcoursSocialRsa(RegleEnfreinte):
    """The L.262-31 review is that of an RSA beneficiary oriented to a social path (CASF L.262-31)."""

    code = "reexamen-hors-parcours-social-rsa"
    titre = "Réexamen hors parcours social d'un bénéficiaire du RSA"


def verifier_reexamen(rsa: bool, orientation: Orientation) -> None:
    if not rsa or orientation.type_parcours is not TypeParcours.SOCIAL:
        raise ReexamenHorsParcoursSocialRsa(
            "Le réexamen par l'équipe pluridisciplinaire concerne un bénéficiaire du RSA orienté vers un parcours "
            "social (CASF L.262-31)."
        )


class InformationRsaIncoherente(RegleEnfreinte):
    """The PCD is informed of RSA rights once they are opened, and not in the future (CASF D.262-65-2)."""

    code = "information-rsa-incoherente"
    titre = "Information sur les droits au RSA incohérente"


def verifier_information_rsa(ouverts_le: date, informe_le: date, jour: date) -> None:
    if not ouverts_le <= informe_le <= jour:
        raise InformationRsaIncoherente(
            f"Droits ouverts le {ouverts_le.isoformat()}, information reçue le {informe_le.isoformat()}, "
            f"enregistrée le {jour.isoformat()} : l'information suit l'ouverture et précède son enregistrement "
            "(CASF D.262-65-2)."
        )


def verifier_competence(
    situation: Situation,
    attributions: Iterable[Attribution],
    auteur: Auteur,
    actes: tuple[Acte, ...],
    allocation: Allocation | None = None,
) -> None:
    """The author may take the step if it may do one of ``actes`` (for a sanction: on ``allocation``,
    the situation being ``Situation.concernant`` it). A person acts on their own parcours, which
    access established before the command ran."""
    qualite = QUALITE_DE.get(auteur.type)
    if qualite is None:
        return
    intervenant = Intervenant(qualite, auteur.organe, auteur.id, frozenset({situation.parcours_id}))
    permis = droits(situation, attributions, intervenant)
    if any(permis.peut(acte, allocation) for acte in actes):
        return
    qui = str(auteur.organe) if auteur.organe is not None else f"« {auteur.id} » (sans organisme)"
    quoi = " ou ".join(a.value for a in actes) + (f" sur {allocation.value}" if allocation else "")
    articles = " ; ".join(dict.fromkeys(ARTICLES[a] for a in actes))
    raise Incompetence(f"{qui} n'a pas compétence pour « {quoi} » dans ce parcours ({articles}).")
