"""`parcours consultations purge`: entries older than the retention are deleted, the others kept."""

from datetime import UTC, datetime, timedelta

import pytest

from cli.main import main
from infrastructure.consultations import Consultation, journal_pour
from infrastructure.migrations import migrer
from infrastructure.reglages import Reglages


def consultation(il_y_a: timedelta) -> Consultation:
    return Consultation(
        "p-1", "audit-1", "auditeur", None, "GET /parcours/{parcours_id}", None, datetime.now(UTC) - il_y_a
    )


def test_la_purge_efface_ce_qui_depasse_la_duree_de_conservation(
    reglages_persistants: Reglages, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrer(reglages_persistants)
    registre = journal_pour(reglages_persistants)
    registre.ajouter([consultation(timedelta(days=400)), consultation(timedelta(days=30))])
    monkeypatch.setenv("DATABASE_URL", reglages_persistants.database_url)
    monkeypatch.setenv("PARCOURS_RETENTION_CONSULTATIONS_MOIS", "12")

    assert main(["consultations", "purge"]) == 0

    assert [c.consulte_le.date() for c in registre.lister("p-1")] == [(datetime.now(UTC) - timedelta(days=30)).date()]
    assert capsys.readouterr().out.startswith("consultations : 1 entrée(s) antérieure(s)")
    registre.fermer()
