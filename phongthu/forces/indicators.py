"""Indicators of the forces (report section 4; training days in section 5): militia strength
and its share of the population, new, core and party members, reservists by grade — counted
from the registers as of the period's last day, or entered where no register is kept."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from phongthu.figures.registry import (
    Counted,
    DataSet,
    Derived,
    Indicator,
    Rule,
    register,
    register_data_sets,
    register_rules,
)
from phongthu.figures.registry import Source as S
from phongthu.forces.choices import SERVED_STATUSES, MilitiaCategory, ReservistStatus


def serving_on(day: datetime.date) -> Q:
    """Members serving on `day`: started, not ended, in a served state."""
    return Q(start_date__lte=day, status__in=list(SERVED_STATUSES)) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def reservist_on(day: datetime.date) -> Q:
    return Q(registration_date__lte=day) & ~Q(status=ReservistStatus.REMOVED)


MEMBER = "forces.MilitiaMember"
CATEGORIES = tuple((f"militia_kind={c}", Q(category=c)) for c in MilitiaCategory.values)


def stock(code: str, label: str, measure: str, counted: Counted | None = None, **kw: Any) -> Indicator:
    source = S.COUNTED if counted is not None else S.ENTERED
    return Indicator(code, label, measure, 4, True, source, counted=counted, entry=True, data_set="forces", **kw)


register_data_sets(DataSet("forces", "Xây dựng lực lượng dân quân tự vệ, dự bị động viên", ("year", "half"), 4))

register(
    stock(
        "militia.strength",
        "Quân số dân quân tự vệ",
        "đồng chí",
        Counted(MEMBER, unit_field="militia_unit__unit", in_force=serving_on),
        sentence="tổng quân số dân quân tự vệ {value} đồng chí",
    ),
    stock(
        "militia.party_members",
        "Đảng viên trong dân quân tự vệ",
        "đồng chí",
        Counted(MEMBER, unit_field="militia_unit__unit", in_force=serving_on, filter=Q(person__party_member=True)),
    ),
    stock(
        "militia.core",
        "Dân quân nòng cốt (cơ động, thường trực)",
        "đồng chí",
        Counted(
            MEMBER,
            unit_field="militia_unit__unit",
            in_force=serving_on,
            filter=Q(category__in=[MilitiaCategory.CO_DONG, MilitiaCategory.THUONG_TRUC]),
        ),
    ),
    Indicator(
        "militia.new_members",
        "Dân quân mới tuyển chọn trong kỳ",
        "đồng chí",
        4,
        False,
        S.COUNTED,
        counted=Counted(MEMBER, unit_field="militia_unit__unit", date_field="start_date", year_field=""),
        entry=True,
        data_set="forces",
    ),
    stock(
        "population",
        "Dân số",
        "người",
        Counted("forces.UnitPopulation", aggregate="sum", field="population"),
    ),
    Indicator(
        "militia.pct_population",
        "Tỷ lệ dân quân tự vệ so với dân số",
        "%",
        4,
        True,
        S.DERIVED,
        derived=Derived("pct", ("militia.strength", "population")),
    ),
    Indicator(
        "militia.party_pct",
        "Tỷ lệ đảng viên trong dân quân tự vệ",
        "%",
        4,
        True,
        S.DERIVED,
        derived=Derived("pct", ("militia.party_members", "militia.strength")),
    ),
    stock(
        "reservist.total",
        "Quân nhân dự bị đã đăng ký",
        "đồng chí",
        Counted(
            "forces.Reservist",
            in_force=reservist_on,
            breakdown=(("reserve_grade=1", Q(grade=1)), ("reserve_grade=2", Q(grade=2))),
        ),
        dimensions=("reserve_grade",),
    ),
    stock(
        "reservist.assigned",
        "Quân nhân dự bị đã sắp xếp vào đơn vị",
        "đồng chí",
        Counted("forces.Reservist", in_force=reservist_on, filter=Q(status=ReservistStatus.ASSIGNED_TO_UNIT)),
    ),
    stock("civil_defence.militia_teams", "Tổ, đội dân quân làm nhiệm vụ phòng thủ dân sự", "đội"),
    Indicator(
        "militia.training_days",
        "Tổng số ngày huấn luyện dân quân tự vệ",
        "ngày",
        5,
        False,
        S.COUNTED,
        counted=Counted(
            "forces.MilitiaTraining", aggregate="sum", field="days_done", unit_field="member__militia_unit__unit"
        ),
        entry=True,
        data_set="forces",
    ),
    Indicator(
        "reservist.trained",
        "Quân nhân dự bị được huấn luyện, kiểm tra",
        "đồng chí",
        5,
        False,
        S.COUNTED,
        counted=Counted(
            "forces.ReserveTrainingSession",
            aggregate="distinct",
            field="reservist",
            unit_field="reservist__unit",
            date_field="start_date",
            year_field="",
        ),
        entry=True,
        data_set="forces",
    ),
    app_label="forces",
)

register_rules(
    Rule(
        "militia.core",
        "militia.core",
        "<=",
        ("militia.strength",),
        "Dân quân nòng cốt không được nhiều hơn tổng số dân quân tự vệ.",
    ),
    Rule(
        "militia.party",
        "militia.party_members",
        "<=",
        ("militia.strength",),
        "Số đảng viên trong dân quân tự vệ không được nhiều hơn tổng số dân quân tự vệ.",
    ),
)
