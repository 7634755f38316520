"""The harness's measures become rows: each beside its reference, with its ratio and target
(``bench/harnais.py`` takes the measures)."""

from dataclasses import asdict, dataclass, field

from bench import instantanes
from bench.attentes import Attentes
from bench.charge import Releve
from bench.instantanes import Chargements
from bench.memoire import Empreinte
from bench.rattrapage import Projections
from bench.tableau import Cible, Ligne

UN_MILLION = 1_000_000
MIO = 1024


@dataclass
class Mesures:
    """Everything measured, before it becomes rows."""

    pgbench: dict[int, float] = field(default_factory=dict)
    bibliotheque: dict[int, float] = field(default_factory=dict)
    groupee: dict[int, float] = field(default_factory=dict)
    http: dict[int, Releve] = field(default_factory=dict)
    production: dict[int, Releve] = field(default_factory=dict)
    """The same load on the production layout: two API workers, one ``projections run``."""
    attentes: Attentes = field(default_factory=Attentes)
    memoire: Empreinte | None = None
    projections: Projections | None = None
    instantanes: Chargements | None = None
    import_massif: list[Ligne] = field(default_factory=list)


def lignes_des_references(m: Mesures) -> list[Ligne]:
    lignes = []
    for clients, tps in m.pgbench.items():
        lignes.append(
            Ligne(f"pgbench.{clients}", f"PostgreSQL : INSERT 1 ligne/transaction, {clients} cl.", tps, "tx/s")
        )
    for fils, debit in m.bibliotheque.items():
        lignes.append(
            Ligne(
                f"bibliotheque.{fils}",
                f"eventsourcing seul : 1 évén./save, {fils} fil(s)",
                debit,
                "évén./s",
                m.pgbench[fils],
                f"pgbench.{fils}",
            )
        )
    maxi = max(m.groupee, default=0)
    for fils, debit in m.groupee.items():
        lignes.append(
            Ligne(
                f"groupee.{fils}",
                f"eventsourcing + écriture groupée : 1 évén./save, {fils} fil(s)",
                debit,
                "évén./s",
                m.pgbench[fils],
                f"pgbench.{fils}",
                Cible("≥", 0.50) if fils == maxi else None,
                f"{debit / m.bibliotheque[fils]:.1f} × la bibliothèque seule",
            )
        )
    return lignes


def lignes_de_charge(m: Mesures, releves: dict[int, Releve], cle: str, titre: str) -> list[Ligne]:
    lignes, maxi = [], max(releves, default=0)
    for clients, r in releves.items():
        lignes.append(
            Ligne(
                f"{cle}.{clients}.commandes",
                f"{titre} : commandes, {clients} client(s)",
                r.commandes_par_seconde,
                "cmd/s",
                m.bibliotheque[clients],
                f"bibliotheque.{clients}",
                Cible("≥", 0.60),
                f"{r.commandes} commandes, {r.erreurs} refus, {r.parcours_complets} parcours complets"
                if r.erreurs
                else "",
            )
        )
        for rang in (50, 95, 99):
            cible = Cible("≤", 50, "valeur") if rang == 99 and clients == maxi else None
            lignes.append(Ligne(f"{cle}.{clients}.p{rang}", f"  latence p{rang}", r.centile(rang), "ms", cible=cible))
        cible = Cible("≥", 0.50) if clients == maxi else None
        lignes.append(
            Ligne(
                f"{cle}.{clients}.evenements",
                f"  événements ajoutés, {clients} client(s)",
                r.evenements_par_seconde,
                "évén./s",
                m.pgbench[clients],
                f"pgbench.{clients}",
                cible,
            )
        )
    return lignes


def lignes_http(m: Mesures) -> list[Ligne]:
    """Throughput against the library, latencies, and events appended against pgbench: one API
    process with what the database waited on under its heaviest load, then the production layout."""
    lignes, maxi, a = lignes_de_charge(m, m.http, "http", "HTTP"), max(m.http), m.attentes
    note = f"moyenne sur {a.echantillons} relevés de pg_stat_activity pendant la charge à {maxi} clients"
    lignes.append(
        Ligne("attentes.verrou", "  connexions en attente du verrou des événements", a.verrou, "conn.", note=note)
    )
    lignes.append(
        Ligne("attentes.inactives", "  connexions inactives en transaction", a.inactives_en_transaction, "conn.")
    )
    return lignes + lignes_de_charge(m, m.production, "production", "HTTP, 2 workers + projections run")


def lignes_projections(p: Projections, m: Mesures) -> list[Ligne]:
    """Catch-up per view beside the bare read of the store; reads; rebuilds extrapolated to 1 M."""
    un_fil = min(m.bibliotheque)
    lignes = [
        Ligne(
            "projections.ecriture",
            f"écriture via l'application, 1 fil ({p.parcours} parcours, {p.evenements} évén.)",
            p.ecriture,
            "évén./s",
            m.bibliotheque[un_fil],
            f"bibliotheque.{un_fil}",
        ),
        Ligne("projections.lecture_brute", "lecture + décodage du journal, sans vue", p.lecture_brute, "évén./s"),
    ]
    for nom, debit in p.rattrapage.items():
        lignes.append(
            Ligne(
                f"projections.rattrapage.{nom}",
                f"rattrapage de la vue {nom}",
                debit,
                "évén./s",
                p.lecture_brute,
                "projections.lecture_brute",
                Cible("≥", 10_000, "valeur"),
            )
        )
    note = f"mesurées à {p.parcours} parcours ; cibles de l'issue à 1 M : dossier p99 ≤ 10 ms, page p99 ≤ 20 ms"
    for nom in p.lectures_p50:
        libelle = "page de corbeille (50)" if nom == "corbeilles" else f"lecture {nom}"
        lignes.append(Ligne(f"projections.lecture.{nom}.p50", f"{libelle} p50", p.lectures_p50[nom], "ms"))
        lignes.append(Ligne(f"projections.lecture.{nom}.p99", f"{libelle} p99", p.lectures_p99[nom], "ms", note=note))
        note = ""
    for nom, secondes in p.reconstruction.items():
        lignes.append(
            Ligne(
                f"projections.reconstruction.{nom}",
                f"reconstruction {nom}, extrapolée à 1 M évén.",
                secondes * UN_MILLION / max(1, p.evenements),
                "s",
                cible=Cible("≤", 120, "valeur"),
                note=f"extrapolation linéaire : {secondes:.2f} s mesurées pour {p.evenements} événements",
            )
        )
    return lignes


def lignes_instantanes(c: Chargements) -> list[Ligne]:
    """Each long parcours beside the short one that replays as many events after its last snapshot:
    what the issue asks is that the length of the history costs nothing."""
    courts = [n for n in c.p50_ms if n < 2 * c.intervalle]
    lignes = [
        Ligne(
            f"instantanes.{n}",
            f"chargement d'un parcours de {n} évén. ({n % c.intervalle} après l'instantané), p50",
            c.p50_ms[n],
            "ms",
        )
        for n in courts
    ]
    for longueur in (n for n in c.p50_ms if n not in courts):
        rejoues = longueur % c.intervalle
        court = next(n for n in courts if n % c.intervalle == rejoues)
        lignes.append(
            Ligne(
                f"instantanes.{longueur}",
                f"chargement de {longueur} évén. ({rejoues} après l'instantané), p50",
                c.p50_ms[longueur],
                "ms",
                c.p50_ms[court],
                f"instantanes.{court}",
                Cible("≤", instantanes.RATIO_CIBLE),
            )
        )
    return lignes


def lignes_memoire(e: Empreinte) -> list[Ligne]:
    note = f"{e.requetes} GET /parcours/{{id}} en {e.duree:.0f} s ({e.requetes / e.duree:.0f}/s), {e.erreurs} en erreur"
    return [
        Ligne("memoire.avant", "RSS de l'API avant les lectures", e.avant_ko / MIO, "Mio"),
        Ligne(
            "memoire.apres",
            f"RSS de l'API après {e.requetes} lectures",
            e.apres_ko / MIO,
            "Mio",
            e.avant_ko / MIO,
            "memoire.avant",
            Cible("≤", 1.10),
            note,
        ),
    ]


def lignes(m: Mesures) -> list[Ligne]:
    resultat = [*lignes_des_references(m), *lignes_http(m)]
    if m.projections is not None:
        resultat += lignes_projections(m.projections, m)
    if m.instantanes is not None:
        resultat += lignes_instantanes(m.instantanes)
    if m.memoire is not None:
        resultat += lignes_memoire(m.memoire)
    return resultat + m.import_massif


def details_de_charge(releves: dict[int, Releve]) -> dict[str, object]:
    return {
        str(clients): {
            "commandes": r.commandes,
            "erreurs": r.erreurs,
            "exemples_d_erreur": r.exemples_d_erreur,
            "parcours_complets": r.parcours_complets,
            "evenements": r.evenements,
            "duree_s": r.duree,
        }
        for clients, r in releves.items()
    }


def details(m: Mesures) -> dict[str, object]:
    """What the rows summarise: counts, durations and the first refusals, per measure."""
    return {
        "http": details_de_charge(m.http),
        "production": details_de_charge(m.production),
        "attentes": asdict(m.attentes),
        "projections": None if m.projections is None else asdict(m.projections),
        "instantanes": None if m.instantanes is None else asdict(m.instantanes),
        "memoire": None if m.memoire is None else asdict(m.memoire),
    }
