"""V-AWARD-1..3 and V-RP-1..2 at their boundaries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from phongthu.activities.choices import AwardAuthority, AwardTitle, RearPolicyCaseType, RecipientKind
from phongthu.activities.models import Award, BaseSalary, DischargedSoldier, RearPolicyCase
from phongthu.activities.models.rear_policy import add_working_days
from phongthu.activities.selectors import award_quota_warnings

pytestmark = pytest.mark.django_db


def award(unit: Any, **kw: Any) -> Award:
    data = {
        "unit": unit,
        "year": 2024,
        "title": AwardTitle.GIAY_KHEN,
        "recipient_kind": RecipientKind.INDIVIDUAL,
        "recipient_name": "Nguyễn Văn Khen",
        "authority": AwardAuthority.CHU_TICH_UBND_XA,
    }
    data.update(kw)
    return Award(**data)


def errors_of(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


# -- V-AWARD-1 ------------------------------------------------------------------------------


def test_title_must_fit_the_recipient(commune_a):
    errs = errors_of(award(commune_a, title=AwardTitle.CSTD_CO_SO, recipient_kind=RecipientKind.COLLECTIVE,
                           authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH))  # fmt: skip
    assert "chỉ tặng cho cá nhân" in " ".join(errs["authority"])
    errs = errors_of(
        award(commune_a, title=AwardTitle.DON_VI_TIEN_TIEN, authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH)
    )
    assert "chỉ tặng cho tập thể" in " ".join(errs["authority"])


def test_authority_outside_its_powers_is_refused_with_the_rule_cited(commune_a):
    errs = errors_of(award(commune_a, title=AwardTitle.CSTD_CO_SO, decision_date=datetime.date(2024, 12, 20)))
    message = " ".join(errs["authority"])
    assert "Chủ tịch UBND cấp xã" in message and "V-AWARD-1" in message and "Luật Thi đua, khen thưởng" in message
    award(commune_a, title=AwardTitle.LAO_DONG_TIEN_TIEN).full_clean()  # within the commune chairman's powers


def test_district_chairman_powers_end_with_the_district_level(commune_a):
    ok = award(commune_a, authority=AwardAuthority.CHU_TICH_UBND_HUYEN, decision_number="12/QĐ-UBND",
               decision_date=datetime.date(2025, 6, 30), year=2025)  # fmt: skip
    ok.full_clean()
    late = award(commune_a, authority=AwardAuthority.CHU_TICH_UBND_HUYEN, decision_number="13/QĐ-UBND",
                 decision_date=datetime.date(2025, 7, 1), year=2025)  # fmt: skip
    assert "từ 1/7/2025" in " ".join(errors_of(late)["authority"])


def test_unspecified_titles_from_reports_are_accepted_for_any_authority(commune_a):
    award(commune_a, title=AwardTitle.DANH_HIEU_KHAC, recipient_kind=RecipientKind.AGGREGATE, individuals_count=5,
          authority=AwardAuthority.KHAC).full_clean()  # fmt: skip


def test_authority_table_is_configuration(commune_a):
    from phongthu.activities import rules

    table = {code: dict(v) for code, v in rules.AWARD_AUTHORITY.items()}
    table["FROM_2025_07"][AwardAuthority.CHU_TICH_UBND_XA] = (frozenset({AwardTitle.CSTD_CO_SO}), "cấu hình thử")
    record = award(
        commune_a,
        title=AwardTitle.CSTD_CO_SO,
        decision_number="1/QĐ",
        decision_date=datetime.date(2025, 8, 1),
        year=2025,
    )
    with override_settings(PHONGTHU_ACTIVITIES={"AWARD_AUTHORITY": table}):
        record.full_clean()
    assert errors_of(record)["authority"]


# -- V-AWARD-2 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "day", "expected"),
    [
        (AwardTitle.CSTD_CO_SO, datetime.date(2024, 6, 30), 1_800_000),  # 1.0 × 1 800 000
        (AwardTitle.CSTD_CO_SO, datetime.date(2024, 7, 1), 2_340_000),  # new base salary from 1/7/2024
        (AwardTitle.CHIEN_SI_TIEN_TIEN, datetime.date(2024, 7, 1), 702_000),  # 0.3 × 2 340 000
    ],
)
def test_cash_is_multiple_times_base_salary_on_decision_date(commune_a, title, day, expected):
    record = award(commune_a, title=title, authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH)
    record.decision_number, record.decision_date = "25/QĐ-BCH", day
    record.full_clean()  # the decision's cash (the decide step computes it the same way)
    assert record.cash_amount == expected and record.cash_total == expected
    assert record.base_salary == BaseSalary.on(day).amount


def test_cash_total_counts_every_recipient_and_explicit_multiple_wins(commune_a):
    record = award(commune_a, title=AwardTitle.CHIEN_SI_TIEN_TIEN, recipient_kind=RecipientKind.AGGREGATE,
                   individuals_count=6, authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH,
                   decision_number="3/QĐ", decision_date=datetime.date(2024, 12, 1))  # fmt: skip
    record.full_clean()
    assert (record.cash_amount, record.cash_total) == (702_000, 6 * 702_000)
    record.cash_multiple = Decimal("0.5")
    record.full_clean()
    assert record.cash_amount == 1_170_000


def test_no_base_salary_for_the_date_is_reported(commune_a):
    record = award(commune_a, title=AwardTitle.CSTD_CO_SO, authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH,
                   decision_number="1/QĐ", decision_date=datetime.date(2012, 3, 1), year=2012)  # fmt: skip
    assert "lương cơ sở" in " ".join(errors_of(record)["decision_date"])


# -- V-AWARD-3 ------------------------------------------------------------------------------


def test_quota_warning_only_above_the_share(commune_a):
    def add(n: int) -> Award:
        record = award(commune_a, title=AwardTitle.CSTD_CO_SO, recipient_kind=RecipientKind.AGGREGATE,
                       individuals_count=n, authority=AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH, quota_pool=40)  # fmt: skip
        record.full_clean()
        record.save()
        return record

    first = add(2)  # 5% of 40 = 2: at the limit
    assert award_quota_warnings(first) == []
    second = add(1)
    warnings = award_quota_warnings(second)
    assert len(warnings) == 1 and "V-AWARD-3" in warnings[0] and "tối đa 2" in warnings[0]
    with override_settings(PHONGTHU_ACTIVITIES={"AWARD_QUOTAS": {AwardTitle.CSTD_CO_SO: Decimal("0.10")}}):
        assert award_quota_warnings(second) == []


# -- V-RP-1 ---------------------------------------------------------------------------------


def case(unit: Any, **kw: Any) -> RearPolicyCase:
    data = {
        "unit": unit,
        "case_type": RearPolicyCaseType.HARDSHIP_HOUSE,
        "recipient_name": "Bà Trần Thị Hậu",
        "date": datetime.date(2024, 3, 1),
    }
    data.update(kw)
    return RearPolicyCase(**data)


def test_hardship_allowance_at_most_twice_a_year(commune_a):
    for month in (3, 8):
        c = case(commune_a, date=datetime.date(2024, month, 1))
        c.full_clean()
        c.save()
        assert c.amount == 3_000_000  # default amount from the configured table
    third = case(commune_a, date=datetime.date(2024, 11, 1))
    message = " ".join(errors_of(third)["date"])
    assert "tối đa 2 lần/năm" in message and "V-RP-1" in message
    case(commune_a, date=datetime.date(2025, 1, 5)).full_clean()  # a new year
    case(
        commune_a, case_type=RearPolicyCaseType.HARDSHIP_ILLNESS, hospital_days=7, date=datetime.date(2024, 11, 1)
    ).full_clean()
    case(commune_a, recipient_name="Ông Lê Văn Khác", date=datetime.date(2024, 11, 1)).full_clean()
    # editing one of the two existing cases does not count itself
    existing = RearPolicyCase.objects.filter(unit=commune_a).first()
    existing.occasion = "Bão số 3"
    existing.full_clean()


@pytest.mark.parametrize(
    ("ill", "hospital", "ok"),
    [(29, 6, False), (30, None, True), (None, 7, True), (None, None, False)],
)
def test_illness_allowance_needs_a_month_ill_or_a_week_in_hospital(commune_a, ill, hospital, ok):
    c = case(commune_a, case_type=RearPolicyCaseType.HARDSHIP_ILLNESS, illness_days=ill, hospital_days=hospital)
    if ok:
        c.full_clean()
        assert c.amount == 500_000
    else:
        assert "illness_days" in errors_of(c)


# -- V-RP-2 ---------------------------------------------------------------------------------


def soldier(unit: Any, **kw: Any) -> DischargedSoldier:
    data = {
        "unit": unit,
        "full_name": "Đỗ Văn Về",
        "service_end_date": datetime.date(2024, 2, 10),
        "arrival_date": datetime.date(2024, 3, 4),  # a Monday
    }
    data.update(kw)
    return DischargedSoldier(**data)


def test_working_days_skip_weekends():
    assert add_working_days(datetime.date(2024, 3, 4), 15) == datetime.date(2024, 3, 25)
    assert add_working_days(datetime.date(2024, 3, 8), 1) == datetime.date(2024, 3, 11)  # Friday → Monday


def test_reserve_registration_deadline(commune_a):
    on_time = soldier(commune_a, reserve_registration_date=datetime.date(2024, 3, 25))
    on_time.full_clean()
    assert on_time.year == 2024
    late = soldier(commune_a, reserve_registration_date=datetime.date(2024, 3, 26))
    message = " ".join(errors_of(late)["late_registration_reason"])
    assert "25/03/2024" in message and "V-RP-2" in message
    late.late_registration_reason = "Đi viện điều trị"
    late.full_clean()


def test_vocational_support_within_twelve_months(commune_a):
    soldier(commune_a, vocational_request_date=datetime.date(2025, 2, 10)).full_clean()
    errs = errors_of(soldier(commune_a, vocational_request_date=datetime.date(2025, 2, 11)))
    assert "12 tháng" in " ".join(errs["vocational_request_date"])


def test_arrival_before_discharge_is_refused(commune_a):
    assert "arrival_date" in errors_of(soldier(commune_a, arrival_date=datetime.date(2024, 2, 1)))
