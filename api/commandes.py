"""The one path of every command route: idempotency, execution, refusal or answer with ETag.

A command route reads top to bottom: its decorator names the roles that may run it (judged first,
``api/routes/reponses.py``), its parameters bring the parcours the access check loaded, and its body
hands that parcours to the application command through ``Executeur.executer``.

A command sent with ``Idempotency-Key`` is recorded once: its key and answer are written in the
transaction of its events (``infrastructure/idempotence.py``), so a replay gets the first answer
(``Idempotent-Replayed: true``) and appends nothing, whatever failed in between; the same key with
another request is refused. Refusals (a rule's 409, a stale version's 412) are kept too, so a
replay never changes its answer. A failure of the service keeps nothing: a retry runs the command.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.dependances import MagasinIdempotenceDep, PrincipalDep, VersionAttendue
from api.modeles.bornes import CleIdempotence
from api.modeles.commun import CommandeAcceptee, Contexte
from api.problemes import REFUS, refus
from application.erreurs import CleIdempotenceReutilisee, EcritureConcurrente
from application.idempotence import Idempotence
from application.parcours import Resultat
from application.principal import Principal
from application.saisie import Saisie
from infrastructure.idempotence import MagasinIdempotence, Memoire

Lanceur = Callable[[Saisie], Resultat]
"""Runs the application command on the caller's ``Saisie``: ``lambda saisie: app.orienter(parcours, saisie, ...)``
(not ``Action``: an action is a step of a contrat, ``domain/contrat.py``)."""


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
        self, corps: Contexte, lanceur: Lanceur, statut: int = 200, cree: dict[str, str] | None = None
    ) -> JSONResponse:
        """Runs the command for the caller; ``cree`` names what the command created (e.g. a procedure id)."""
        saisie = corps.saisie(self.principal, self.version)
        if self.cle is None:
            return self._repondre(saisie, lanceur, statut, cree)[0]
        empreinte = self._empreinte(corps)
        deja = self.magasin.lire(self.principal.id, self.cle)
        if deja is not None:
            return self._rejouer(deja, empreinte)
        idempotence = Idempotence(self.principal.id, self.cle, empreinte, statut, json.dumps(cree or {}))
        try:
            reponse, resultat = self._repondre(replace(saisie, idempotence=idempotence), lanceur, statut, cree)
        except EcritureConcurrente:  # perhaps the same key, sent twice at once, was written first
            deja = self.magasin.lire(self.principal.id, self.cle)
            if deja is None:
                raise
            return self._rejouer(deja, empreinte)
        if resultat is None:  # a refusal appends nothing: its answer is kept on its own
            refusee = replace(idempotence, statut=reponse.status_code, complement=bytes(reponse.body).decode())
            self.magasin.memoriser(refusee)
        elif resultat.nouveaux == 0:  # the outcome had been reached: nothing appended, the answer kept alone
            self.magasin.memoriser(idempotence, str(resultat.parcours_id), resultat.version, resultat.position)
        else:
            return reponse
        return self._premiere_reponse(reponse, empreinte)

    def _premiere_reponse(self, reponse: JSONResponse, empreinte: str) -> JSONResponse:
        """The answer the key holds: ours, or that of a twin with the same key kept first (e.g. the
        first try of this very request, whose commit went through but whose answer was lost, so that
        this one found its own write and was refused as stale)."""
        assert self.cle is not None
        garde = self.magasin.lire(self.principal.id, self.cle)
        if garde is None or garde.contenu() == json.loads(bytes(reponse.body)):
            return reponse
        return self._rejouer(garde, empreinte)

    def _repondre(
        self, saisie: Saisie, lanceur: Lanceur, statut: int, cree: dict[str, str] | None
    ) -> tuple[JSONResponse, Resultat | None]:
        try:
            resultat = lanceur(saisie)
        except REFUS as erreur:  # answered here rather than raised: the answer is kept under the key
            return refus(erreur, self.request), None
        self.request.state.parcours = str(resultat.parcours_id)
        accepte = CommandeAcceptee(
            parcours_id=resultat.parcours_id,
            version=resultat.version,
            position=resultat.position,
            personne_id=resultat.personne_id,
        )
        contenu = accepte.model_dump(mode="json", exclude={"personne_id"} if resultat.personne_id is None else None)
        return self._reponse({**contenu, **(cree or {})}, statut), resultat

    def _reponse(self, contenu: dict[str, object], statut: int, rejouee: bool = False) -> JSONResponse:
        entetes = {"Idempotent-Replayed": "true"} if rejouee else {}
        if statut >= 300:
            return JSONResponse(contenu, status_code=statut, headers=entetes, media_type="application/problem+json")
        entetes["ETag"] = f'"{contenu["version"]}"'
        if statut == 201:
            entetes["Location"] = f"/parcours/{contenu['parcours_id']}"
        return JSONResponse(contenu, status_code=statut, headers=entetes)

    def _rejouer(self, deja: Memoire, empreinte: str) -> JSONResponse:
        if deja.empreinte != empreinte:
            raise CleIdempotenceReutilisee()
        return self._reponse(deja.contenu(), deja.statut, rejouee=True)

    def _empreinte(self, corps: BaseModel) -> str:
        texte = f"{self.request.method} {self.request.url.path} {corps.model_dump_json()}"
        return hashlib.sha256(texte.encode()).hexdigest()


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
