"""Finding a person and keeping their record right (issue 18): search by identifier or by name, the
person's record, and the accountable commands on it. Only what the caller may see: a person is visible
to whoever may see one of their parcours (``peut_voir``). Each read and each search is written in the
consultations log, against the parcours of the persons shown; the words searched are not logged."""

import base64
import binascii
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from api.acces import AGENTS, AUTORITE, LECTEURS_DE_TOUT, peut_voir
from api.dependances import (
    ApplicationDep,
    MotifConsultation,
    PositionLue,
    PrincipalDep,
    ProjectionsDep,
    VersionAttendue,
    attendre_la_position,
    noter_la_consultation,
)
from api.modeles.bornes import Identifiant, Libelle
from api.modeles.commun import Contexte
from api.modeles.personnes import (
    AjouterIdentifiant,
    ChangerContact,
    CorrigerIdentite,
    DesignerRepresentant,
    Fusionner,
    IdentifiantLu,
    PagePersonnesLue,
    PersonneLue,
    PersonneModifieeLue,
    PersonneTrouveeLue,
)
from api.problemes import Probleme
from api.routes.reponses import REPONSES_COMMANDE, REPONSES_LECTURE, commande
from application import commandes_personne as commandes
from application.commandes_personne import PersonneModifiee
from application.parcours import ParcoursApplication
from application.personnes import PersonneInconnue
from application.principal import Principal
from domain.identite import Identifiant as IdentifiantDePersonne
from domain.identite import NatureIdentifiant, Provenance
from domain.personne import Personne
from domain.vocabulaire import SourceDonnee
from infrastructure.recherche_personnes import Suite, recherche_pour

routeur = APIRouter(prefix="/personnes", tags=["personnes"])
LECTEURS = AGENTS | AUTORITE | LECTEURS_DE_TOUT
REPONSES: dict[int | str, dict[str, Any]] = {**REPONSES_LECTURE, **{k: REPONSES_COMMANDE[k] for k in (400, 403)}}


def lue(personne: Personne) -> PersonneLue:
    identite = personne.identite
    return PersonneLue(
        personne_id=personne.id,
        version=personne.version,
        nom_affiche=identite.nom_affiche if identite else None,
        identite=_champs(identite),
        identifiants=[
            IdentifiantLu(nature=i.nature, valeur=i.valeur, organisme=i.organisme)
            for i in personne.identifiants.values()
        ],
        contact=_champs(personne.contact),
        representant=_champs(personne.representant),
        parcours=list(personne.parcours_lies),
        doublons_a_examiner=[autre for autre, ouvert in personne.doublons.items() if ouvert],
        fusionnee_dans=personne.fusionnee_dans,
        effacee=personne.effacee_le is not None,
    )


def _champs(valeur: object) -> dict[str, Any] | None:
    from dataclasses import asdict, is_dataclass  # noqa: PLC0415

    return asdict(valeur) if is_dataclass(valeur) and not isinstance(valeur, type) else None


def visible(app: ParcoursApplication, principal: Principal, personne: Personne) -> bool:
    """A person is seen by whoever may see one of their parcours (auditors: every one)."""
    if principal.role in LECTEURS_DE_TOUT:
        return True
    return any(
        (parcours := app.trouver(p)) is not None and peut_voir(app, principal, parcours) for p in personne.parcours_lies
    )


def personne_visible(personne_id: UUID, app: ApplicationDep, appelant: PrincipalDep) -> Personne:
    personne = app.personnes.trouver(personne_id)
    if personne is None or not visible(app, appelant, personne):
        raise PersonneInconnue(f"Aucune personne {personne_id} accessible.")
    return personne


PersonneVisible = Annotated[Personne, Depends(personne_visible)]


def noter(request: Request, appelant: Principal, personnes: list[Personne], motif: str | None) -> None:
    for personne in personnes:
        if personne.parcours:
            noter_la_consultation(request, appelant, personne.parcours[-1], motif)


@routeur.get(
    "/{personne_id}",
    summary="Lire la fiche d'une personne",
    response_description="La fiche de la personne, chaque donnée avec sa source.",
    response_model=PersonneLue,
    responses=REPONSES,
)
def lire_personne(
    personne: PersonneVisible, request: Request, appelant: PrincipalDep, motif: MotifConsultation = None
) -> PersonneLue:
    """La fiche de la personne : identité, identifiants, coordonnées, représentant légal, parcours."""
    if appelant.role not in LECTEURS:
        raise Probleme(403, "Réservé aux agents, aux autorités et aux auditeurs ; la personne lit /moi.")
    noter(request, appelant, [personne], motif)
    return lue(personne)


@routeur.get(
    "",
    summary="Trouver une personne par un identifiant",
    response_description="La personne connue par cet identifiant, si l'appelant peut la voir (sinon une liste vide).",
    response_model=list[PersonneLue],
    responses=REPONSES,
)
def trouver_par_identifiant(
    app: ApplicationDep,
    request: Request,
    appelant: PrincipalDep,
    nature: Annotated[NatureIdentifiant, Query(description="nir, caf, msa, france_travail, imilo, externe, compte")],
    valeur: Annotated[Identifiant, Query(description="La valeur exacte (espaces indifférents).")],
    organisme: Annotated[Identifiant | None, Query(description="Pour un identifiant externe ou un compte.")] = None,
    motif: MotifConsultation = None,
) -> list[PersonneLue]:
    """La personne connue par cet identifiant (NIR, numéro allocataire...), si l'appelant peut la voir."""
    if appelant.role not in LECTEURS:
        raise Probleme(403, "La recherche de personnes est réservée aux agents, aux autorités et aux auditeurs.")
    cherche = IdentifiantDePersonne(nature, valeur, Provenance(SourceDonnee.CONSEILLER, date.today()), organisme)
    trouvee = app.personnes.par_identifiant(cherche)
    trouvees = [trouvee] if trouvee is not None and visible(app, appelant, trouvee) else []
    noter(request, appelant, trouvees, motif)
    return [lue(p) for p in trouvees]


@routeur.get(
    "/recherche/par-nom",
    summary="Chercher des personnes par leur nom",
    response_description="Les personnes au nom proche, les plus proches d'abord.",
    response_model=PagePersonnesLue,
    responses=REPONSES,
)
def chercher_par_nom(
    position_min: PositionLue,
    app: ApplicationDep,
    request: Request,
    appelant: PrincipalDep,
    projections: ProjectionsDep,
    nom: Annotated[
        Libelle,
        Query(min_length=2, description="Nom et/ou prénoms ; accents et casse indifférents, une faute tolérée."),
    ],
    date_naissance: date | None = None,
    code_insee: Annotated[str | None, Query(pattern="^([0-9]{5}|2[AB][0-9]{3})$")] = None,
    limite: Annotated[int, Query(ge=1, le=50)] = 20,
    apres: Annotated[str | None, Query(max_length=200, description="Curseur rendu par la page précédente.")] = None,
    motif: MotifConsultation = None,
) -> PagePersonnesLue:
    """Les personnes dont le nom ressemble, les plus proches d'abord, parmi celles que l'appelant peut voir.
    Avec `position_min` (la position rendue par une commande), la réponse attend que l'index l'ait atteinte."""
    if appelant.role not in LECTEURS:
        raise Probleme(403, "La recherche de personnes est réservée aux agents, aux autorités et aux auditeurs.")
    attendre_la_position(projections, position_min)
    page = recherche_pour(app).chercher(nom, date_naissance, code_insee, limite, _curseur(apres))
    trouvees = [t for t in page.resultats if (p := app.personnes.trouver(t.personne_id)) and visible(app, appelant, p)]
    noter(request, appelant, [p for t in trouvees if (p := app.personnes.trouver(t.personne_id))], motif)
    suite = _en_curseur(page.suite) if page.suite else None
    resultats = [
        PersonneTrouveeLue(
            personne_id=t.personne_id,
            nom_affiche=t.libelle,
            date_naissance=t.date_naissance,
            code_insee=t.code_insee,
            parcours_id=t.parcours_id,
        )
        for t in trouvees
    ]
    return PagePersonnesLue(resultats=resultats, suite=suite)


def _en_curseur(suite: Suite) -> str:
    return base64.urlsafe_b64encode(f"{suite.score!r}|{suite.personne_id}".encode()).decode()


def _curseur(texte: str | None) -> Suite | None:
    if texte is None:
        return None
    try:
        score, _, ident = base64.urlsafe_b64decode(texte.encode()).decode().partition("|")
        return Suite(float(score), UUID(ident))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Probleme(400, "Curseur « apres » illisible : reprenez celui de la page précédente.") from None


# --- commands ----------------------------------------------------------------------------------------


def _repondre(resultat: PersonneModifiee) -> PersonneModifieeLue:
    return PersonneModifieeLue(personne_id=resultat.personne_id, version=resultat.version, position=resultat.position)


@routeur.post(
    "/{personne_id}/identite",
    summary="Corriger l'identité d'une personne",
    **commande(commandes.corriger_identite, AGENTS, PersonneModifieeLue),
)
def corriger_identite(
    personne: PersonneVisible,
    corps: CorrigerIdentite,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> PersonneModifieeLue:
    """Corrige l'identité sur pièce (RGPD art. 16) ; la recherche suit la nouvelle identité."""
    identite = corps.identite.vers_domaine(corps.provenance.vers_domaine())
    return _repondre(commandes.corriger_identite(app, personne, corps.saisie(appelant, version), identite))


@routeur.post(
    "/{personne_id}/identifiants",
    summary="Ajouter un identifiant à une personne",
    **commande(commandes.ajouter_identifiant, AGENTS, PersonneModifieeLue),
)
def ajouter_identifiant(
    personne: PersonneVisible,
    corps: AjouterIdentifiant,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> PersonneModifieeLue:
    """Ajoute un identifiant (numéro allocataire, identifiant d'un organisme...) : un seul de chaque sorte."""
    identifiant = corps.identifiant.vers_domaine(corps.provenance.vers_domaine())
    return _repondre(commandes.ajouter_identifiant(app, personne, corps.saisie(appelant, version), identifiant))


@routeur.post(
    "/{personne_id}/contact",
    summary="Changer les coordonnées d'une personne",
    **commande(commandes.changer_contact, AGENTS, PersonneModifieeLue),
)
def changer_contact(
    personne: PersonneVisible,
    corps: ChangerContact,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> PersonneModifieeLue:
    """Change les coordonnées de la personne (courriel, téléphone, adresse et commune)."""
    contact = corps.contact.vers_domaine(corps.provenance.vers_domaine())
    return _repondre(commandes.changer_contact(app, personne, corps.saisie(appelant, version), contact))


@routeur.post(
    "/{personne_id}/representant",
    summary="Désigner le représentant légal",
    **commande(commandes.designer_representant, AGENTS, PersonneModifieeLue),
)
def designer_representant(
    personne: PersonneVisible,
    corps: DesignerRepresentant,
    app: ApplicationDep,
    appelant: PrincipalDep,
    version: VersionAttendue,
) -> PersonneModifieeLue:
    """Désigne le représentant légal d'une personne mineure ou protégée : destinataire des avis (CT R.5412-7)."""
    representant = corps.representant.vers_domaine(corps.provenance.vers_domaine())
    return _repondre(commandes.designer_representant(app, personne, corps.saisie(appelant, version), representant))


@routeur.post(
    "/{personne_id}/fusion",
    summary="Fusionner deux fiches d'une même personne",
    **commande(commandes.fusionner, AGENTS, PersonneModifieeLue),
)
def fusionner(
    personne: PersonneVisible, corps: Fusionner, app: ApplicationDep, appelant: PrincipalDep, version: VersionAttendue
) -> PersonneModifieeLue:
    """Cette fiche est la même personne que « dans » : elle y renvoie désormais (réversible)."""
    personne_visible(corps.dans, app, appelant)
    return _repondre(commandes.fusionner(app, personne, corps.saisie(appelant, version), corps.dans))


@routeur.post(
    "/{personne_id}/fusion/annulation",
    summary="Annuler une fusion de fiches",
    **commande(commandes.annuler_fusion, AGENTS, PersonneModifieeLue),
)
def annuler_fusion(
    personne: PersonneVisible, corps: Contexte, app: ApplicationDep, appelant: PrincipalDep, version: VersionAttendue
) -> PersonneModifieeLue:
    """Annule une fusion : la fiche répond de nouveau à ses propres identifiants."""
    return _repondre(commandes.annuler_fusion(app, personne, corps.saisie(appelant, version)))
