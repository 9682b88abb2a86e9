"""Acceptance: every fact of the five seed reports is entered and shows on the reporting unit's
year view for its year (shared/seeds/facts.yaml, 59 facts)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from phongthu.activities.models import Award, ConscriptionResult, Exercise, Meeting
from phongthu.activities.seed_facts import SeedFactsError, load_seed_facts, read_facts
from phongthu.activities.selectors import year_queryset
from phongthu.core.context import change_context
from phongthu.core.crud import config_for
from phongthu.units.loader import load_admin_units
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db
FACTS = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "facts.yaml"
URLS = "phongthu.activities.tests.urls"


def test_missing_facts_file_fails_clearly(tmp_path):
    with pytest.raises(SeedFactsError, match="Không tìm thấy tệp dữ kiện"):
        read_facts(tmp_path / "facts.yaml")


@override_settings(ROOT_URLCONF=URLS)
def test_every_seed_fact_is_recorded_and_shown_on_the_year_view(admin_user, client_for):
    assert FACTS.exists(), f"Thiếu tệp dữ kiện mẫu {FACTS} (shared/seeds/facts.yaml cạnh thư mục mã nguồn)."
    with change_context(job_id="test-seed-units"):
        load_admin_units(province_code="40")  # Nghệ An (thị xã Cửa Lò)
        load_admin_units(province_code="22")  # Quảng Ninh (TP Móng Cái)
    report = load_seed_facts(actor=admin_user, path=FACTS)

    declared = sum(len(block["facts"]) for block in read_facts(FACTS).values())
    assert declared == 59
    assert len(report.facts) == 59
    assert all(f.records for f in report.facts)

    expected: dict[tuple[int, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for fact in report.facts:
        for record in fact.records:
            config = config_for(type(record))
            assert config is not None and config.year_lookup, fact
            shown = year_queryset(config, unit=fact.unit, year=fact.year, user=admin_user)
            assert shown.filter(pk=record.pk).exists(), (
                f"{fact.file} #{fact.index} ({fact.kind}) not in {fact.unit} {fact.year}"
            )
            expected[(fact.unit.pk, fact.year)][type(record).__name__].add(record.pk)

    c = client_for(admin_user)
    for (unit_id, year), by_model in expected.items():
        resp = c.get(reverse("activities:year", args=[unit_id, year]), follow=True)
        assert resp.status_code == 200
        counts = {row.config.model.__name__: row.count for row in resp.context["rows"]}
        for model_name, pks in by_model.items():
            assert counts[model_name] >= len(pks), (unit_id, year, model_name)

    def figures(unit_name: str, year: int, model: str) -> dict[str, object]:
        unit = Unit.objects.get(level="DISTRICT", name=unit_name)
        resp = c.get(reverse("activities:year", args=[unit.pk, year]), follow=True)
        return next(dict(r.figures) for r in resp.context["rows"] if r.config.model.__name__ == model)

    # The report's figures, re-computed from the records.
    assert figures("Quận Dương Kinh", 2019, "Course")["Học viên bồi dưỡng"] == 1 + 21 + 106
    assert figures("Quận Dương Kinh", 2019, "StudentEducation")["Học sinh, sinh viên được giáo dục QPAN"] == 1925
    award_figures = figures("Quận Dương Kinh", 2019, "Award")
    assert (award_figures["Tập thể được khen thưởng"], award_figures["Cá nhân được khen thưởng"]) == (
        4 + 5,
        5 + 10 + 11,
    )
    assert figures("Thành phố Móng Cái", 2022, "Patrol")["Lượt tổ tuần tra"] == 2568
    assert figures("Thành phố Móng Cái", 2022, "Patrol")["Lượt cán bộ, chiến sĩ"] == 9467
    rating = figures("Thị xã Cửa Lò", 2023, "GrassrootsRating")
    assert (rating["Cơ sở vững mạnh toàn diện"], rating["Tổng số cơ sở"]) == (7, 7)
    assert figures("Quận Đồ Sơn", 2019, "ForeignDelegation")["Lượt người"] == 457

    # Records kept at the ward that held them still count for the district.
    anh_dung = Exercise.objects.get(type_label="diễn tập chiến đấu phòng thủ")
    assert anh_dung.unit.name == "Phường Anh Dũng" and anh_dung.exercise_type == "CHIEN_DAU_PHONG_THU_XA"
    nghi_thuy = Award.objects.get(received_by_unit=True, title="DON_VI_QUYET_THANG")
    assert nghi_thuy.unit.name == "Phường Nghi Thủy" and nghi_thuy.status == "DECIDED"
    assert Award.objects.get(received_by_unit=True, title="CO_THI_DUA").status == "COUNCIL_REVIEWED"
    le_chan = Meeting.objects.get(date="2022-11-25")
    assert le_chan.presenter.startswith("Nguyễn Huy Bình")
    assert "Trịnh Văn Cứ" in Meeting.objects.get(date="2019-11-21").attendees
    assert ConscriptionResult.objects.get(year=2022).pct == 100

    # Loading again changes nothing (the command is a thin wrapper over the same loader).
    before = {m: m.objects.count() for m in (Award, Exercise, Meeting)}
    call_command("load_seed_facts", path=str(FACTS), user=admin_user.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {m: m.objects.count() for m in before} == before
