"""The person's own space (issue 18 §6): who a ``personne`` token is, and the rectification requests.

A person's token names their account at an identity provider (its ``sub``). An agent links that
account to the person by an identifier of nature ``compte`` whose organisme is the provider
(``POST /personnes/{id}/identifiants``); the token then speaks for that person, merges followed.
The principal it becomes is named by the person's id, never by the account: the ``sub`` is an
identifier of the person, sealed in their events, and must not reappear in clear as the author of a
step or in a log line.

Rectification (RGPD art. 16): the person says what is wrong (``objet``) and the correction asked
(the request's ``motif``, sealed like every motive); an agent answers within one month (art. 12 §3),
accepting — then correcting through the person's commands — or refusing with a motive.
"""

from dataclasses import dataclass, replace
from datetime import date

from application.commandes_personne import PersonneModifiee, etape, sauver
from application.parcours import ParcoursApplication
from application.principal import Principal, Role
from application.saisie import Saisie
from domain.delais import plus_mois
from domain.identite import Identifiant, NatureIdentifiant, Provenance
from domain.personne import Personne
from domain.valeur import ValeurInvalide
from domain.vocabulaire import SourceDonnee


def personne_du_compte(app: ParcoursApplication, compte: str, fournisseur: str) -> Personne | None:
    """The person whose ``compte`` identifier at ``fournisseur`` is this account, following merges."""
    try:
        cherche = Identifiant(
            NatureIdentifiant.COMPTE, compte, Provenance(SourceDonnee.CONSEILLER, app.horloge().date()), fournisseur
        )
    except ValeurInvalide:  # an account no identifier could hold is linked to nobody
        return None
    return app.personnes.par_identifiant(cherche)


def relier(app: ParcoursApplication, appelant: Principal, fournisseur: str) -> Principal:
    """A ``personne`` principal whose account is linked: named by the person's id, seeing their
    parcours. Unlinked, or any other role: unchanged."""
    if appelant.role is not Role.PERSONNE or app.personnes.trousseau_ouvert is None:
        return appelant  # without a key store no landmark can be read, so no account is linked
    personne = personne_du_compte(app, appelant.id, fournisseur)
    if personne is None:
        return appelant
    return replace(
        appelant, id=str(personne.id), personne=personne.id, parcours_siens=frozenset(personne.parcours_lies)
    )


@dataclass(frozen=True)
class Rectification:
    """One request and its answer, as the person's history holds them."""

    numero: str
    objet: str
    correction: str | None
    demandee_le: date
    reponse_due_le: date
    repondue_le: date | None = None
    acceptee: bool | None = None
    reponse: str | None = None

    @property
    def en_attente(self) -> bool:
        return self.repondue_le is None


def rectifications(app: ParcoursApplication, personne: Personne) -> list[Rectification]:
    """The person's requests in the order they were made, each with its answer if any."""
    delai = app.parametres.delai_reponse_rectification_mois
    demandes: dict[str, Rectification] = {}
    for evenement in app.events.get(personne.id):
        if isinstance(evenement, Personne.RectificationDemandee):
            jour = evenement.decision.jour
            demandes[evenement.demande_id] = Rectification(
                evenement.demande_id, evenement.objet, evenement.decision.motif, jour, plus_mois(jour, delai)
            )
        elif isinstance(evenement, Personne.RectificationRepondue) and evenement.demande_id in demandes:
            demandes[evenement.demande_id] = replace(
                demandes[evenement.demande_id],
                repondue_le=evenement.decision.jour,
                acceptee=evenement.acceptee,
                reponse=evenement.reponse,
            )
    return list(demandes.values())


def demander_rectification(
    app: ParcoursApplication, personne: Personne, saisie: Saisie, objet: str
) -> tuple[PersonneModifiee, str]:
    """The person asks for a correction (RGPD art. 16): numbered in the order of their requests."""
    numero = str(len(personne.rectifications) + 1)
    with etape(app, personne, saisie) as decision:
        personne.demander_rectification(numero, objet, decision)
    return sauver(app, personne), numero


def repondre_rectification(
    app: ParcoursApplication, personne: Personne, saisie: Saisie, numero: str, acceptee: bool, reponse: str
) -> PersonneModifiee:
    """An agent answers (RGPD art. 12 §3); an accepted request is then corrected by the person's
    commands (identity, contact, representative, identifiers), each accountable on its own."""
    with etape(app, personne, saisie) as decision:
        personne.repondre_rectification(numero, acceptee, reponse, decision)
    return sauver(app, personne)
