"""Synthetic people for the demo and the benchmarks: plausible French identities that belong to no one.

Names and street lines come from ``faker`` (locale ``fr_FR``); everything else is drawn here with one
``random.Random(graine)``, and faker is seeded from the same seed: the same seed and faker version give
the same people. What makes them fake by construction (docs/personnes.md, « Données synthétiques »):

- the NIR's order number is ``000``: the INSEE numbers the births of a commune and month from ``001`` to
  ``999``, so no person holds such a NIR, yet its key is right and it passes ``normaliser_nir``; its sex,
  year and month of birth and its place of birth (a real commune code, or ``99`` and a country for a
  birth abroad) agree with the rest of the identity;
- e-mail addresses are on ``example.org``, a domain reserved for examples (RFC 2606);
- the CAF number (7 digits), the France Travail identifier (7 digits and a letter) and the telephone are
  random in their format: unlike the NIR they may exist, but nothing links them to their holder.

Addresses are real communes (INSEE code, postal code, name) of the demo's départements, with a made-up
street. A few people are minors of 16 or 17, with a parent as legal representative.

One generator never gives two people the same identifier: deduplication (issue 18) would take them for
one person. Order ``000`` leaves a NIR only sex, month of birth and place to differ by, so a NIR already
drawn is drawn again with another place of birth, and after a few tries with a commune number drawn in
a département of metropolitan France (a checksum-valid code that need not exist: still fake by its order).
"""

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

from domain.identite import (
    MAJORITE,
    Adresse,
    Contact,
    FichePersonne,
    Identifiant,
    Identite,
    NatureIdentifiant,
    Provenance,
    QualiteRepresentant,
    RepresentantLegal,
)
from domain.nir import cle_nir
from domain.vocabulaire import SourceDonnee

ORDRE_FICTIF = "000"
"""The NIR's order number no birth receives (the INSEE's run from 001 to 999)."""
DOMAINE_FICTIF = "example.org"
"""Reserved for examples (RFC 2606): no mail to it reaches anyone."""


@dataclass(frozen=True)
class Commune:
    code_insee: str
    code_postal: str
    nom: str


COMMUNES: dict[str, tuple[Commune, ...]] = {
    "75": (Commune("75056", "75011", "Paris"), Commune("75056", "75019", "Paris"), Commune("75056", "75015", "Paris")),
    "93": (
        Commune("93066", "93200", "Saint-Denis"),
        Commune("93048", "93100", "Montreuil"),
        Commune("93005", "93600", "Aulnay-sous-Bois"),
        Commune("93008", "93000", "Bobigny"),
    ),
    "13": (
        Commune("13055", "13003", "Marseille"),
        Commune("13055", "13013", "Marseille"),
        Commune("13001", "13090", "Aix-en-Provence"),
        Commune("13004", "13200", "Arles"),
    ),
    "59": (
        Commune("59350", "59000", "Lille"),
        Commune("59512", "59100", "Roubaix"),
        Commune("59599", "59200", "Tourcoing"),
        Commune("59606", "59300", "Valenciennes"),
    ),
    "69": (Commune("69123", "69008", "Lyon"), Commune("69264", "69400", "Villefranche-sur-Saône")),
    "2A": (Commune("2A004", "20000", "Ajaccio"),),
    "2B": (Commune("2B033", "20200", "Bastia"),),
    "974": (Commune("97411", "97400", "Saint-Denis"),),
}
"""Real communes of the demo's départements (``cli/demo/population.py``), Corsica and La Réunion."""
PAYS_DE_NAISSANCE = ("350", "352", "351", "139", "127", "134")
"""INSEE country codes (after ``99``) of births abroad: Morocco, Algeria, Tunisia, Portugal, Italy, Spain."""

PART_MINEURS = 0.05
PART_NES_A_L_ETRANGER = 0.12
PART_NES_AILLEURS = 0.30
PART_NOM_USAGE = 0.25
PART_CAF = 0.40
PART_FRANCE_TRAVAIL = 0.60
DEPARTEMENTS_METROPOLE = tuple(f"{d:02d}" for d in range(1, 96) if d != 20)
"""Two-digit départements (Corsica, 2A and 2B since 1976, aside)."""
ESSAIS_DE_LIEU = 8
"""Places of birth tried among the demo's before drawing any commune number (a NIR already given)."""
AGE_MIN_MINEUR = 16
"""Minors enter a parcours from 16, the end of compulsory schooling (Code de l'éducation L.131-1)."""
AGE_MAX = 64


class GenerateurIdentites:
    """Draws people one after another; each draw depends only on the seed and the draws before it."""

    def __init__(self, graine: int, au: date) -> None:
        self.hasard = random.Random(graine)
        self.faux = Faker("fr_FR")
        self.faux.seed_instance(graine)
        self.au = au
        self.declaree = Provenance(source=SourceDonnee.DECLARATION, le=au)
        self.donnes: set[tuple[NatureIdentifiant, str]] = set()

    def fiche(self, departement: str | None = None, age: int | None = None) -> FichePersonne:
        """A person living in ``departement`` (one of ``COMMUNES``; drawn when None), of ``age`` on the
        generator's day (drawn when None)."""
        commune = self.hasard.choice(COMMUNES[departement or self.hasard.choice(list(COMMUNES))])
        mineur = self.hasard.random() < PART_MINEURS if age is None else age < MAJORITE
        identite = self._identite(mineur, age)
        contact = self._contact(identite.nom_usage or identite.nom_naissance, identite.prenoms[0], commune)
        representant = self._representant(identite.nom_naissance, contact) if mineur else None
        identifiants = self._identifiants(identite, commune)
        return FichePersonne(identite=identite, identifiants=identifiants, contact=contact, representant=representant)

    def _identite(self, mineur: bool, age: int | None) -> Identite:
        sexe = self.hasard.choice("FM")
        if age is None:
            age = self.hasard.randint(*((AGE_MIN_MINEUR, MAJORITE - 1) if mineur else (MAJORITE, AGE_MAX)))
        plus_tot, plus_tard = _il_y_a(self.au, age + 1) + timedelta(days=1), _il_y_a(self.au, age)
        naissance = plus_tot + timedelta(days=self.hasard.randrange((plus_tard - plus_tot).days + 1))
        prenom = self.faux.first_name_female if sexe == "F" else self.faux.first_name_male
        nombre_de_prenoms = self.hasard.choice((1, 1, 2, 3))
        nom = self.faux.last_name()
        nom_usage = self.faux.last_name() if not mineur and self.hasard.random() < PART_NOM_USAGE else None
        return Identite(
            nom_naissance=nom,
            prenoms=tuple(prenom() for _ in range(nombre_de_prenoms)),
            date_naissance=naissance,
            provenance=self.declaree,
            nom_usage=nom_usage,
            sexe=sexe,
        )

    def _identifiants(self, identite: Identite, commune: Commune) -> tuple[Identifiant, ...]:
        nir = self.nir(identite.sexe or "F", identite.date_naissance, commune)
        identifiants = [Identifiant(nature=NatureIdentifiant.NIR, valeur=nir, provenance=self.declaree)]
        if self.hasard.random() < PART_CAF:
            flux_caf = Provenance(source=SourceDonnee.FLUX_CAF, le=self.au)
            numero = self._inedit(NatureIdentifiant.CAF, lambda: f"{self.hasard.randrange(10**7):07d}")
            identifiants.append(Identifiant(nature=NatureIdentifiant.CAF, valeur=numero, provenance=flux_caf))
        if self.hasard.random() < PART_FRANCE_TRAVAIL:
            numero = self._inedit(
                NatureIdentifiant.FRANCE_TRAVAIL,
                lambda: f"{self.hasard.randrange(10**7):07d}{self.hasard.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}",
            )
            identifiants.append(
                Identifiant(nature=NatureIdentifiant.FRANCE_TRAVAIL, valeur=numero, provenance=self.declaree)
            )
        return tuple(identifiants)

    def _inedit(self, nature: NatureIdentifiant, tirer: Callable[[], str]) -> str:
        """A value this generator has not given yet."""
        while (nature, valeur := tirer()) in self.donnes:
            pass
        self.donnes.add((nature, valeur))
        return valeur

    def nir(self, sexe: str, naissance: date, residence: Commune) -> str:
        """A NIR agreeing with sex and birth date, born where one lives, elsewhere or abroad, of order 000;
        one no earlier person of this generator holds."""
        essais = iter(range(ESSAIS_DE_LIEU))
        return self._inedit(NatureIdentifiant.NIR, lambda: self._nir(sexe, naissance, residence, next(essais, None)))

    def _nir(self, sexe: str, naissance: date, residence: Commune, essai: int | None) -> str:
        tirage = self.hasard.random()
        if essai is None:
            lieu = f"{self.hasard.choice(DEPARTEMENTS_METROPOLE)}{self.hasard.randint(1, 999):03d}"
        elif tirage < PART_NES_A_L_ETRANGER:
            lieu = f"99{self.hasard.choice(PAYS_DE_NAISSANCE)}"
        elif tirage < PART_NES_A_L_ETRANGER + PART_NES_AILLEURS:
            lieu = self._lieu_de_naissance(self.hasard.choice([c for cs in COMMUNES.values() for c in cs]))
        else:
            lieu = self._lieu_de_naissance(residence)
        treize = f"{'2' if sexe == 'F' else '1'}{naissance:%y%m}{lieu}{ORDRE_FICTIF}"
        return f"{treize}{cle_nir(treize):02d}"

    def _lieu_de_naissance(self, commune: Commune) -> str:
        """The commune's code; a birth in Paris is numbered by its arrondissement (751xx), as the INSEE does."""
        if commune.code_insee == "75056":
            return f"751{self.hasard.randint(1, 20):02d}"
        return commune.code_insee

    def _contact(self, nom: str, prenom: str, commune: Commune) -> Contact:
        local = ".".join(_ascii(partie) for partie in (prenom, nom))
        adresse = Adresse(
            lignes=(self.faux.street_address(),),
            code_postal=commune.code_postal,
            commune=commune.nom,
            code_insee=commune.code_insee,
        )
        return Contact(
            provenance=self.declaree,
            courriel=f"{local}{self.hasard.randint(1, 99)}@{DOMAINE_FICTIF}",
            telephone=f"0{self.hasard.choice('67')} {' '.join(f'{self.hasard.randrange(100):02d}' for _ in range(4))}",
            adresse=adresse,
        )

    def _representant(self, nom: str, contact_du_mineur: Contact) -> RepresentantLegal:
        """A parent, bearing the minor's name, at the same address."""
        sexe = self.hasard.choice("FM")
        prenom = self.faux.first_name_female() if sexe == "F" else self.faux.first_name_male()
        contact = Contact(
            provenance=self.declaree,
            courriel=f"{_ascii(prenom)}.{_ascii(nom)}{self.hasard.randint(1, 99)}@{DOMAINE_FICTIF}",
            adresse=contact_du_mineur.adresse,
        )
        return RepresentantLegal(
            nom=nom, prenoms=(prenom,), qualite=QualiteRepresentant.PARENT, contact=contact, provenance=self.declaree
        )


def identites(nombre: int, graine: int, au: date, departements: Sequence[str] = ()) -> list[FichePersonne]:
    """``nombre`` people, each in one of ``departements`` in turn (drawn when empty)."""
    generateur = GenerateurIdentites(graine, au)
    return [generateur.fiche(departements[i % len(departements)] if departements else None) for i in range(nombre)]


def _il_y_a(jour: date, ans: int) -> date:
    """The same day ``ans`` years before (a 29 February falls back to the 28th)."""
    try:
        return jour.replace(year=jour.year - ans)
    except ValueError:
        return date(jour.year - ans, 2, 28)


def _ascii(texte: str) -> str:
    """A name as an e-mail's local part: without accents, spaces or apostrophes, in lower case."""
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return "".join(c for c in decompose if c.isascii() and c.isalnum())


# --- the plain-JSON form ---------------------------------------------------------------------------


def fiche_en_json(fiche: FichePersonne) -> dict[str, Any]:
    """The person as the API and the bulk import read it (``api/modeles/personne.py``): the identity's
    provenance once at the top, a part's own only where it differs; absent values left out."""
    defaut = fiche.identite.provenance
    corps: dict[str, Any] = {"provenance": _provenance(defaut), "identite": _identite(fiche.identite, defaut)}
    if fiche.identifiants:
        corps["identifiants"] = [_identifiant(i, defaut) for i in fiche.identifiants]
    if fiche.contact is not None:
        corps["contact"] = _contact_json(fiche.contact, defaut)
    if fiche.representant is not None:
        corps["representant"] = _representant_json(fiche.representant, defaut)
    return corps


def _provenance(provenance: Provenance) -> dict[str, str]:
    return {"source": provenance.source.value, "le": provenance.le.isoformat()}


def _sauf_defaut(provenance: Provenance, defaut: Provenance) -> dict[str, Any]:
    return {} if provenance == defaut else {"provenance": _provenance(provenance)}


def _sans_vides(champs: dict[str, Any]) -> dict[str, Any]:
    return {cle: valeur for cle, valeur in champs.items() if valeur is not None}


def _identite(identite: Identite, defaut: Provenance) -> dict[str, Any]:
    return _sans_vides(
        {
            "nom_naissance": identite.nom_naissance,
            "nom_usage": identite.nom_usage,
            "prenoms": list(identite.prenoms),
            "date_naissance": identite.date_naissance.isoformat(),
            "sexe": identite.sexe,
            **_sauf_defaut(identite.provenance, defaut),
        }
    )


def _identifiant(identifiant: Identifiant, defaut: Provenance) -> dict[str, Any]:
    return _sans_vides(
        {
            "nature": identifiant.nature.value,
            "valeur": identifiant.valeur,
            "organisme": identifiant.organisme,
            **_sauf_defaut(identifiant.provenance, defaut),
        }
    )


def _contact_json(contact: Contact, defaut: Provenance) -> dict[str, Any]:
    adresse = contact.adresse
    return _sans_vides(
        {
            "courriel": contact.courriel,
            "telephone": contact.telephone,
            "adresse": None
            if adresse is None
            else {
                "lignes": list(adresse.lignes),
                "code_postal": adresse.code_postal,
                "commune": adresse.commune,
                "code_insee": adresse.code_insee,
            },
            **_sauf_defaut(contact.provenance, defaut),
        }
    )


def _representant_json(representant: RepresentantLegal, defaut: Provenance) -> dict[str, Any]:
    return {
        "nom": representant.nom,
        "prenoms": list(representant.prenoms),
        "qualite": representant.qualite.value,
        "mesure_protection": representant.mesure_protection,
        "contact": _contact_json(representant.contact, defaut),
        **_sauf_defaut(representant.provenance, defaut),
    }
