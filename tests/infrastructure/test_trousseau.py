"""The keys that seal personal data (DESIGN §7, crypto-shredding): one key per person, wrapped by the
master key, shared by their parcours, erased for good (RGPD art. 17); a key that does not open says so
rather than giving garbage. On memory, SQLite and PostgreSQL; a "new process" is a fresh ``Trousseau``
over the same store."""

import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any
from unittest.mock import ANY
from uuid import UUID, uuid4

import pytest

from application.trousseau import Cle
from infrastructure.cle_maitre import CleIndechiffrable, CleMaitre, cle_maitre_de
from infrastructure.reglages import Reglages
from infrastructure.trousseau import (
    PersonneSansCle,
    PorteurDejaRattache,
    RangeesEnMemoire,
    TrousseauChiffre,
    creer_table_des_cles,
    rangees_pour,
)
from infrastructure.trousseau_sql import TABLE, Rangee, RangeesSql
from tests.infrastructure.cles import CLE_A, CLE_B, HorlogeManuelle, octets

Ouvrir = Callable[..., TrousseauChiffre]


@pytest.fixture
def ouvrir(reglages: Reglages) -> Iterator[Ouvrir]:
    """Opens the store's keys as a new process would, under the master key given (``CLE_A`` unless
    told): its own datastore and an empty cache; in memory, over the same dict."""
    creer_table_des_cles(reglages)
    en_memoire = RangeesEnMemoire()
    ouverts: list[TrousseauChiffre] = []

    def ouvrir(horloge: Callable[[], float] | None = None, **cles: Any) -> TrousseauChiffre:
        avec_cles = Reglages(database_url=reglages.database_url, **{"cle_maitre": CLE_A, **cles})
        rangees = en_memoire if avec_cles.moteur == "memory" else rangees_pour(avec_cles)
        duree, taille = avec_cles.cles_cache_secondes, avec_cles.cles_cache_taille
        ouvert = TrousseauChiffre(rangees, cle_maitre_de(avec_cles), duree, taille, *([horloge] if horloge else []))
        ouverts.append(ouvert)
        return ouvert

    yield ouvrir
    for ouvert in ouverts:
        ouvert.fermer()


def remplacer_l_enveloppe(trousseau: TrousseauChiffre, porteur_id: UUID, enveloppe: bytes) -> None:
    """What an intruder with write access to the table could do: put another row's wrapped key here."""
    rangees = trousseau.rangees
    if isinstance(rangees, RangeesEnMemoire):
        rangees.lignes[porteur_id] = replace(rangees.lignes[porteur_id], cle_enveloppee=enveloppe)
        return
    assert isinstance(rangees, RangeesSql)
    modifiees = rangees.ecrire(
        f"UPDATE {rangees.table_de(TABLE)} SET cle_enveloppee = ? WHERE porteur_id = ?", enveloppe, str(porteur_id)
    )
    assert modifiees == 1


def test_une_personne_recoit_une_cle_une_seule_fois(ouvrir: Ouvrir) -> None:
    personne = uuid4()
    trousseau = ouvrir()

    trousseau.creer(personne)
    premiere = trousseau.cle(personne)
    trousseau.creer(personne)

    assert premiere is not None
    assert premiere.personne_id == personne
    assert premiere.secret is not None
    assert len(premiere.secret) == 32
    assert ouvrir().cle(personne) == premiere


def test_deux_personnes_ont_deux_cles_differentes(ouvrir: Ouvrir) -> None:
    trousseau = ouvrir()
    une, autre = uuid4(), uuid4()

    trousseau.creer(une)
    trousseau.creer(autre)

    cle_une, cle_autre = trousseau.cle(une), trousseau.cle(autre)
    assert cle_une is not None
    assert cle_autre is not None
    assert cle_une.secret != cle_autre.secret


def test_un_parcours_rattache_partage_le_secret_de_sa_personne(ouvrir: Ouvrir) -> None:
    personne, parcours = uuid4(), uuid4()
    trousseau = ouvrir()
    trousseau.creer(personne)

    trousseau.rattacher(parcours, personne)
    trousseau.rattacher(parcours, personne)

    assert trousseau.cle(parcours) == trousseau.cle(personne)
    assert ouvrir().cle(parcours) == trousseau.cle(personne)


def test_un_agregat_jamais_scelle_n_a_pas_de_cle(ouvrir: Ouvrir) -> None:
    assert ouvrir().cle(uuid4()) is None


def test_une_cle_donnee_apres_une_lecture_sans_cle_sert_aussitot(ouvrir: Ouvrir) -> None:
    """An absence is never cached: the mapper would otherwise write the next event in clear."""
    personne, parcours = uuid4(), uuid4()
    trousseau = ouvrir()
    trousseau.creer(personne)
    assert trousseau.cle(parcours) is None

    ouvrir().rattacher(parcours, personne)

    assert trousseau.cle(parcours) == trousseau.cle(personne)


def test_rattacher_a_une_personne_sans_cle_est_refuse(ouvrir: Ouvrir) -> None:
    with pytest.raises(PersonneSansCle):
        ouvrir().rattacher(uuid4(), uuid4())


def test_un_parcours_ne_change_pas_de_personne(ouvrir: Ouvrir) -> None:
    trousseau = ouvrir()
    une, autre, parcours = uuid4(), uuid4(), uuid4()
    trousseau.creer(une)
    trousseau.creer(autre)
    trousseau.rattacher(parcours, une)

    with pytest.raises(PorteurDejaRattache):
        trousseau.rattacher(parcours, autre)

    cle = trousseau.cle(parcours)
    assert cle is not None
    assert cle.personne_id == une


def test_une_personne_effacee_n_a_plus_de_secret_meme_pour_un_nouveau_processus(ouvrir: Ouvrir) -> None:
    trousseau = ouvrir()
    personne, autre = uuid4(), uuid4()
    parcours = [uuid4(), uuid4()]
    trousseau.creer(personne)
    trousseau.creer(autre)
    for porteur in parcours:
        trousseau.rattacher(porteur, personne)
    gardee = trousseau.cle(autre)

    effaces = trousseau.effacer(personne)

    assert effaces == 3
    nouveau = ouvrir()
    for porteur in [personne, *parcours]:
        assert trousseau.cle(porteur) == nouveau.cle(porteur)
        assert nouveau.cle(porteur) == Cle(personne, None)
    assert nouveau.cle(autre) == gardee
    assert nouveau.effacer(personne) == 3  # erasing again is no error, and still erased
    trousseau.creer(personne)  # nor does asking for a key again bring one back
    assert nouveau.cle(personne) == trousseau.cle(personne)
    assert ouvrir().cle(personne) == Cle(personne, None)


def test_un_parcours_rattache_apres_l_effacement_est_efface_aussi(ouvrir: Ouvrir) -> None:
    trousseau, personne, parcours = ouvrir(), uuid4(), uuid4()
    trousseau.creer(personne)
    trousseau.effacer(personne)

    trousseau.rattacher(parcours, personne)

    assert ouvrir().cle(parcours) == Cle(personne, None)


def test_une_autre_cle_maitre_donne_une_erreur_claire_et_non_une_cle_fausse(ouvrir: Ouvrir) -> None:
    personne = uuid4()
    ouvrir().creer(personne)

    with pytest.raises(CleIndechiffrable, match="ne s'ouvre pas avec la clé maîtresse de version 1"):
        ouvrir(cle_maitre=CLE_B).cle(personne)


def test_une_cle_enveloppee_copiee_sur_la_ligne_d_une_autre_personne_ne_s_ouvre_pas(ouvrir: Ouvrir) -> None:
    """The person's id is the wrapping's associated data: a key moved to someone else does not open."""
    trousseau = ouvrir()
    victime, intrus = uuid4(), uuid4()
    trousseau.creer(victime)
    trousseau.creer(intrus)
    enveloppe = trousseau.rangees.lire(victime)
    assert enveloppe is not None
    assert enveloppe.cle_enveloppee is not None

    remplacer_l_enveloppe(trousseau, intrus, enveloppe.cle_enveloppee)

    with pytest.raises(CleIndechiffrable, match="venue d'une autre personne"):
        ouvrir().cle(intrus)


def test_apres_une_rotation_la_cle_precedente_ouvre_encore_les_anciennes_enveloppes(ouvrir: Ouvrir) -> None:
    ancienne, nouvelle = uuid4(), uuid4()
    ouvrir().creer(ancienne)
    secret = ouvrir().cle(ancienne)

    tournee = ouvrir(cle_maitre=CLE_B, cle_maitre_version=2, cle_maitre_precedente=CLE_A)
    tournee.creer(nouvelle)

    assert tournee.cle(ancienne) == secret
    lues = [tournee.rangees.lire(porteur) for porteur in (ancienne, nouvelle)]
    assert lues == [Rangee(ancienne, ANY, 1), Rangee(nouvelle, ANY, 2)]
    with pytest.raises(CleIndechiffrable, match="version 1, absente des réglages"):
        ouvrir(cle_maitre=CLE_B, cle_maitre_version=2).cle(ancienne)


def test_la_rotation_renveloppe_chaque_cle_sous_la_nouvelle_cle_maitre_sans_changer_les_secrets(
    ouvrir: Ouvrir,
) -> None:
    avant = ouvrir()
    personne, parcours, effacee = uuid4(), uuid4(), uuid4()
    for une in (personne, effacee):
        avant.creer(une)
    avant.rattacher(parcours, personne)
    avant.effacer(effacee)
    secret = avant.cle(parcours)
    tournee = ouvrir(cle_maitre=CLE_B, cle_maitre_version=2, cle_maitre_precedente=CLE_A)

    renveloppees = tournee.renvelopper(lot=1)

    assert renveloppees == 2  # the erased key stays erased
    apres = ouvrir(cle_maitre=CLE_B, cle_maitre_version=2)  # the previous key no longer needed
    assert [apres.cle(porteur) for porteur in (personne, parcours)] == [secret, secret]
    assert apres.cle(effacee) == Cle(effacee, None)
    assert tournee.renvelopper() == 0


def test_l_effacement_vide_le_cache_du_processus_a_l_instant_et_des_autres_apres_son_delai(ouvrir: Ouvrir) -> None:
    horloge = HorlogeManuelle()
    personne, parcours = uuid4(), uuid4()
    ici, ailleurs = ouvrir(horloge=horloge), ouvrir(horloge=horloge)
    ici.creer(personne)
    ici.rattacher(parcours, personne)
    avant = ici.cle(parcours)
    assert avant is not None
    assert avant.secret is not None
    assert ailleurs.cle(parcours) == avant

    ici.effacer(personne)

    assert ici.cle(parcours) == Cle(personne, None)
    assert ailleurs.cle(parcours) == avant  # another process serves its cached key for up to the delay
    horloge.avancer(60)
    assert ailleurs.cle(parcours) == Cle(personne, None)


def test_une_cle_lue_pendant_un_effacement_n_est_pas_gardee_apres_lui() -> None:
    """A read that began before an erasure of this process may answer the key it read, but must not
    put it back in the cache once the erasure emptied it."""
    personne = uuid4()
    rangees = RangeesEnMemoire()
    TrousseauChiffre(rangees, CleMaitre(octets(CLE_A))).creer(personne)  # by another process: nothing cached here
    trousseau = TrousseauChiffre(rangees, CleMaitre(octets(CLE_A)))
    lire = rangees.lire

    def lire_puis_effacer(porteur_id: UUID) -> Any:
        lue = lire(porteur_id)
        rangees.lire = lire  # type: ignore[method-assign]
        trousseau.effacer(personne)
        return lue

    rangees.lire = lire_puis_effacer  # type: ignore[method-assign]
    pendant = trousseau.cle(personne)

    apres = trousseau.cle(personne)
    assert pendant is not None
    assert pendant.secret is not None
    assert apres == Cle(personne, None)


def test_des_lectures_concurrentes_rendent_toutes_la_meme_cle(ouvrir: Ouvrir) -> None:
    trousseau = ouvrir()
    personnes = [uuid4() for _ in range(20)]
    for personne in personnes:
        trousseau.creer(personne)
    lecteur = ouvrir()

    with ThreadPoolExecutor(max_workers=8) as executeur:
        lues = list(executeur.map(lecteur.cle, personnes * 10))

    attendues = [trousseau.cle(personne) for personne in personnes] * 10
    assert lues == attendues


def test_l_empreinte_est_stable_d_un_processus_a_l_autre_et_tient_a_sa_cle(ouvrir: Ouvrir) -> None:
    nir = "1 84 12 76 451 089 46"

    empreinte = ouvrir().empreinte(nir)

    assert empreinte == ouvrir().empreinte(nir)
    assert len(bytes.fromhex(empreinte)) == 32
    assert empreinte != hashlib.sha256(nir.encode()).hexdigest()
    assert empreinte == ouvrir(cle_maitre=CLE_B).empreinte(nir), "PARCOURS_CLE_EMPREINTES, not the master key"
    assert empreinte != ouvrir(cle_empreintes=CLE_B).empreinte(nir)
    assert empreinte != ouvrir().empreinte(nir + " ")


def test_la_cle_creee_et_celle_d_un_parcours_rattache_se_lisent_sans_relire_la_table() -> None:
    """The mapper asks for the key of every event it seals: a key just made is served from the cache."""
    personne, parcours = uuid4(), uuid4()
    rangees = RangeesEnMemoire()
    trousseau = TrousseauChiffre(rangees, CleMaitre(octets(CLE_A)))
    trousseau.creer(personne)
    trousseau.rattacher(parcours, personne)
    lues: list[UUID] = []
    lire = rangees.lire

    def lire_en_comptant(porteur_id: UUID) -> Any:
        lues.append(porteur_id)
        return lire(porteur_id)

    rangees.lire = lire_en_comptant  # type: ignore[method-assign]

    cles = [trousseau.cle(personne), trousseau.cle(parcours)]

    assert lues == []
    assert cles[0] == cles[1]
    assert cles[0] is not None
    assert cles[0].secret is not None


def test_les_cles_d_un_lot_sont_creees_ensemble_et_relues_par_un_autre_processus(ouvrir: Ouvrir) -> None:
    # given a batch of two new persons, one with two parcours
    anne, bruno = uuid4(), uuid4()
    parcours_anne, autre_anne, parcours_bruno = uuid4(), uuid4(), uuid4()
    trousseau = ouvrir()
    # when their keys are made in one write
    trousseau.creer_en_lot({anne: [parcours_anne, autre_anne], bruno: [parcours_bruno]})
    # then each parcours shares its person's key, and another process reads the same ones
    autre = ouvrir()
    for personne, siens in ((anne, (parcours_anne, autre_anne)), (bruno, (parcours_bruno,))):
        cle = trousseau.cle(personne)
        assert cle is not None
        assert cle.secret is not None
        assert cle.personne_id == personne
        assert [trousseau.cle(p) for p in siens] == [cle] * len(siens)
        assert [autre.cle(p) for p in (personne, *siens)] == [cle] * (1 + len(siens))
    assert trousseau.cle(anne) != trousseau.cle(bruno)


def test_un_lot_ne_change_pas_la_cle_d_une_personne_qui_en_a_une(ouvrir: Ouvrir) -> None:
    # given a person with a key already
    personne, parcours_id = uuid4(), uuid4()
    trousseau = ouvrir()
    trousseau.creer(personne)
    avant = trousseau.cle(personne)
    # when a batch gives them a key again, with a new parcours
    trousseau.creer_en_lot({personne: [parcours_id]})
    # then they keep theirs, and the parcours gets it, in this process and in another
    assert trousseau.cle(personne) == avant
    assert trousseau.cle(parcours_id) == avant
    assert ouvrir().cle(parcours_id) == avant


def test_precharger_lit_les_cles_d_une_page_et_nomme_les_agregats_sans_cle(ouvrir: Ouvrir) -> None:
    # given a person with a key, an erased one and an aggregate never sealed
    gardee, effacee, en_clair = uuid4(), uuid4(), uuid4()
    ecrivain = ouvrir()
    ecrivain.creer(gardee)
    ecrivain.creer(effacee)
    ecrivain.effacer(effacee)
    # when another process reads the three keys ahead
    lecteur = ouvrir()
    sans_cle = lecteur.precharger([gardee, effacee, en_clair])
    # then only the aggregate never sealed has none; the others answer as ``cle`` does
    assert sans_cle == {en_clair}
    assert lecteur.cle(gardee) == ecrivain.cle(gardee)
    assert lecteur.cle(effacee) == Cle(effacee, None)
    assert lecteur.precharger([gardee]) == set()
