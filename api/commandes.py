"""The one path of every command route: role, idempotency, execution, answer with ETag.

A command sent with ``Idempotency-Key`` is recorded once: a replay gets the first answer
(``Idempotent-Replayed: true``) and appends nothing; the same key with another request is
refused. Answers that a rule gave (409) are kept too, so a replay never changes its answer.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.acces import Commande, peut_agir
from api.dependances import MagasinIdempotenceDep, PrincipalDep, VersionAttendue
from api.modeles.bornes import CleIdempotence
from api.modeles.commun import CommandeAcceptee, Contexte
from api.problemes import Probleme, probleme, titre_de_regle
from application.demande import Demande
from application.parcours import ParcoursApplication, Resultat
from application.principal import Principal
from domain.erreurs import RegleEnfreinte
from domain.regles.parcours import ParcoursNonInscrit
from infrastructure.idempotence import MagasinIdempotence

Action = Callable[[Demande], Resultat]


class Executeur:
    def __init__(
        self,
        request: Request,
        principal: Principal,
        version: int | None,
        cle: str | None,
        magasin: MagasinIdempotence,
    ) -> None:
        self.request = request
        self.principal = principal
        self.version = version
        self.cle = cle
        self.magasin = magasin

    def executer(
        self,
        commande: Commande,
        corps: Contexte,
        action: Action,
        statut: int = 200,
        cree: dict[str, str] | None = None,
    ) -> JSONResponse:
        """Runs ``action`` for the caller; ``cree`` names what the command created (e.g. a procedure id)."""
        if not peut_agir(self.principal, commande):
            raise Probleme(403, f"Le rôle « {self.principal.role.value} » n'est pas autorisé à : {commande.value}.")
        if self.cle is None:
            return self._repondre(corps, action, statut, cree)
        empreinte = self._empreinte(corps)
        deja = self.magasin.reserver(self.principal.id, self.cle, empreinte)
        if deja is not None:
            return self._rejouer(deja.empreinte, empreinte, deja.statut, deja.corps)
        try:
            reponse = self._repondre(corps, action, statut, cree)
        except BaseException:
            self.magasin.liberer(self.principal.id, self.cle)
            raise
        self.magasin.memoriser(self.principal.id, self.cle, reponse.status_code, bytes(reponse.body).decode())
        return reponse

    def _repondre(self, corps: Contexte, action: Action, statut: int, cree: dict[str, str] | None) -> JSONResponse:
        application: ParcoursApplication = self.request.app.state.application
        try:
            with application.a_partir_de(getattr(self.request.state, "parcours_charge", None)):
                resultat = action(corps.demande(self.principal, self.version))
        except RegleEnfreinte as refus:
            if isinstance(refus, ParcoursNonInscrit):
                raise
            detail = refus.detail
            return probleme(409, refus.code, titre_de_regle(type(refus)), detail, self.request, regle=refus.regle)
        self.request.state.parcours = str(resultat.parcours_id)
        accepte = CommandeAcceptee(
            parcours_id=resultat.parcours_id, version=resultat.version, position=resultat.position
        )
        entetes = {"ETag": f'"{resultat.version}"'}
        if statut == 201:
            entetes["Location"] = f"/parcours/{resultat.parcours_id}"
        return JSONResponse({**accepte.model_dump(mode="json"), **(cree or {})}, status_code=statut, headers=entetes)

    def _rejouer(self, attendue: str, recue: str, statut: int | None, corps: str | None) -> JSONResponse:
        if attendue != recue:
            raise Probleme(
                422, "Cette clé d'idempotence a déjà servi pour une autre requête.", "cle-idempotence-reutilisee"
            )
        if statut is None or corps is None:
            raise Probleme(409, "Une requête avec cette clé d'idempotence est en cours.", "requete-en-cours")
        contenu = json.loads(corps)
        entetes = {"Idempotent-Replayed": "true"}
        if statut < 300:
            entetes["ETag"] = f'"{contenu["version"]}"'
        if statut == 201 and self.request.url.path == "/parcours":
            entetes["Location"] = f"/parcours/{contenu['parcours_id']}"
        media = "application/json" if statut < 300 else "application/problem+json"
        return JSONResponse(contenu, status_code=statut, headers=entetes, media_type=media)

    def _empreinte(self, corps: BaseModel) -> str:
        requete = f"{self.request.method} {self.request.url.path} {corps.model_dump_json()}"
        return hashlib.sha256(requete.encode()).hexdigest()


async def executeur(
    request: Request,
    principal: PrincipalDep,
    version: VersionAttendue,
    magasin: MagasinIdempotenceDep,
    cle: Annotated[
        CleIdempotence | None,
        Header(
            alias="Idempotency-Key",
            description="Clé choisie par le client : rejouer la même requête ne l'enregistre qu'une fois.",
        ),
    ] = None,
) -> Executeur:
    return Executeur(request, principal, version, cle, magasin)


ExecuteurDep = Annotated[Executeur, Depends(executeur)]
