"""Acceptance: after `load_seed_facts`, each seed unit's figures page for its year states the
figures of its seed report (shared/seeds/facts.yaml), with their source."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from phongthu.activities.seed_facts import load_seed_facts
from phongthu.core.context import change_context
from phongthu.core.periods import Period
from phongthu.figures import selectors
from phongthu.figures.models import EnteredValue, Target
from phongthu.units.loader import load_admin_units
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db
FACTS = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "facts.yaml"

# (district, year) → {indicator: what the page states}, as the seed reports state them.
EXPECTED = {
    ("Quận Đồ Sơn", "2019"): {
        "exercise.units_pair": "5/7",
        "foreign.delegations": "16",
        "foreign.persons": "457",
        "foreigner_check.violations": "0",
    },
    ("Quận Dương Kinh", "2019"): {
        "course.trainees": "128",
        "course.classes": "1",
        "student_education.students": "1.925",
        "cadre_training.attended": "2",
        "cadre_training.trainees": "64",
        "conscription.completion_pct": "100",
        "award.collectives": "9",
        "award.individuals": "26",
    },
    ("Thị xã Cửa Lò", "2023"): {
        "rating.bases_pair": "7/7",
        "rating.clusters_pair": "2/2",
        "award.collectives": "15",
        "award.individuals": "20",
    },
    ("Thị xã Cửa Lò", "2024"): {"commitment.parties": "7", "coordination.programmes": "1"},
    ("Thành phố Móng Cái", "2022"): {
        "party.cells_established": "17",
        "conscription.completion_pct": "100",
        "patrol.team_turns": "2.568",
        "patrol.person_turns": "9.467",
    },
    ("Quận Đồ Sơn", "2020-2025"): {},
}


def test_seed_reports_figures_are_stated_on_each_units_page(admin_user, client_for):
    with change_context(job_id="test-seed-units"):
        load_admin_units(province_code="40")
        load_admin_units(province_code="22")
    load_seed_facts(actor=admin_user, path=FACTS)
    call_command("recompute_figures")  # the maintained aggregates equal the live ones below
    assert EnteredValue.objects.filter(indicator="conscription.completion_pct").count() == 2
    assert Target.objects.filter(indicator="conscription.completion_pct", period="2020-2025", value=100).exists()
    c = client_for(admin_user)
    for (name, code), expected in EXPECTED.items():
        unit = Unit.objects.get(level="DISTRICT", name=name)
        period = Period.parse(code)
        stated = {f.indicator.code: f.display for f in selectors.unit_figures(unit, period) if f.value is not None}
        for indicator, text in expected.items():
            assert stated.get(indicator) == text, (name, code, indicator, stated.get(indicator))
        page = c.get(reverse("figures:dashboard", args=[unit.pk, period.code])).content.decode()
        for text in expected.values():
            assert f">{text} " in page or f">{text}<" in page, (name, code, text)
        if expected:
            # The year view (the report's data object): a percentage is written "100%".
            year = c.get(reverse("reports:year", args=[unit.pk]) + f"?period={code}").content.decode()
            for text in expected.values():
                assert f">{text} " in year or f">{text}%<" in year, (name, code, text)
    dosn = Unit.objects.get(level="DISTRICT", name="Quận Đồ Sơn")
    words = selectors.word_targets(dosn, Period.parse("2020-2025"))
    assert any("bồi dưỡng kiến thức QP-AN" in w for w in words)
