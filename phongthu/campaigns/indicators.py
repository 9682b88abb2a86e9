"""Indicators of the call-up campaign (report section 7): the campaign dashboard's figures,
counted from candidates and quotas, with the army and the police kept apart."""

from __future__ import annotations

from django.db.models import Q

from phongthu.campaigns.choices import HANDED_OVER_STATUSES, Branch, CandidateStatus, ListKind
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

BRANCHES = (("branch=army", Q(branch=Branch.ARMY)), ("branch=police", Q(branch=Branch.POLICE)))
LISTS = (("list=official", Q(list_kind=ListKind.OFFICIAL)), ("list=reserve", Q(list_kind=ListKind.RESERVE)))
HEALTH = tuple((f"health={n}", Q(health_class=n)) for n in range(1, 7))


def cand(filter: Q | None = None, breakdown: tuple[tuple[str, Q], ...] = ()) -> Counted:
    return Counted(
        "campaigns.Candidate", filter=filter, year_field="campaign__year", unit_field="commune", breakdown=breakdown
    )


def counted(
    code: str, label: str, measure: str, counted: Counted, dims: tuple[str, ...] = (), sentence: str = ""
) -> Indicator:
    return Indicator(
        code,
        label,
        measure,
        7,
        False,
        S.COUNTED,
        counted=counted,
        entry=True,
        data_set="conscription",
        dimensions=dims,
        sentence=sentence,
    )


register_data_sets(
    DataSet("conscription", "Tuyển chọn, gọi công dân nhập ngũ và thực hiện nghĩa vụ CAND", ("year",), 7)
)

register(
    counted("candidate.pool", "Công dân trong nguồn gọi nhập ngũ", "công dân", cand()),
    counted("candidate.reviewed", "Công dân đã xét duyệt cấp xã", "công dân", cand(Q(reviewed_on__isnull=False))),
    counted("candidate.screened", "Công dân đã sơ tuyển sức khỏe", "công dân", cand(~Q(screening_result=""))),
    counted(
        "candidate.examined",
        "Công dân đã khám sức khỏe",
        "công dân",
        cand(Q(health_class__isnull=False), HEALTH),
        ("health",),
    ),
    counted("candidate.fit", "Công dân đủ sức khỏe", "công dân", cand(Q(fit=True))),
    counted("candidate.called", "Công dân có quyết định gọi nhập ngũ", "công dân", cand(~Q(call_decision_no=""))),
    counted(
        "candidate.handed_over",
        "Công dân đã giao quân",
        "công dân",
        cand(Q(status__in=HANDED_OVER_STATUSES), BRANCHES + LISTS),
        ("branch", "list"),
        sentence="giao {value} công dân",
    ),
    counted(
        "candidate.handed_over_army",
        "Công dân giao cho Quân đội",
        "công dân",
        cand(Q(status__in=HANDED_OVER_STATUSES, branch=Branch.ARMY), LISTS),
        ("list",),
    ),
    counted(
        "candidate.handed_over_police",
        "Công dân giao thực hiện nghĩa vụ Công an nhân dân",
        "công dân",
        cand(Q(status__in=HANDED_OVER_STATUSES, branch=Branch.POLICE), LISTS),
        ("list",),
    ),
    counted(
        "candidate.enlisted",
        "Công dân đã nhập ngũ (phúc tra đạt)",
        "công dân",
        cand(Q(status=CandidateStatus.ENLISTED)),
    ),
    counted("candidate.returned", "Công dân bị trả về", "công dân", cand(Q(status=CandidateStatus.RETURNED))),
    counted(
        "quota.army",
        "Chỉ tiêu giao quân Quân đội (chính thức)",
        "công dân",
        Counted(
            "campaigns.Quota",
            aggregate="sum",
            field="official_count",
            filter=Q(branch=Branch.ARMY),
            year_field="campaign__year",
            own_first=True,
        ),
    ),
    counted(
        "quota.police",
        "Chỉ tiêu nghĩa vụ Công an nhân dân (chính thức)",
        "công dân",
        Counted(
            "campaigns.Quota",
            aggregate="sum",
            field="official_count",
            filter=Q(branch=Branch.POLICE),
            year_field="campaign__year",
            own_first=True,
        ),
    ),
    counted(
        "quota.army_reserve",
        "Chỉ tiêu dự phòng Quân đội",
        "công dân",
        Counted(
            "campaigns.Quota",
            aggregate="sum",
            field="reserve_count",
            filter=Q(branch=Branch.ARMY),
            year_field="campaign__year",
            own_first=True,
        ),
    ),
    Indicator(
        "candidate.army_pct",
        "Tỷ lệ hoàn thành chỉ tiêu giao quân Quân đội",
        "%",
        7,
        False,
        S.DERIVED,
        derived=Derived("pct", ("candidate.handed_over_army", "quota.army")),
    ),
    Indicator(
        "candidate.police_pct",
        "Tỷ lệ hoàn thành chỉ tiêu nghĩa vụ CAND",
        "%",
        7,
        False,
        S.DERIVED,
        derived=Derived("pct", ("candidate.handed_over_police", "quota.police")),
    ),
    app_label="campaigns",
)

register_rules(
    Rule(
        "handover.quota",
        "candidate.handed_over_army",
        "<=",
        ("quota.army", "quota.army_reserve"),
        "Số công dân giao cho Quân đội không được vượt chỉ tiêu chính thức cộng dự phòng.",
    ),
    Rule(
        "examined.screened",
        "candidate.fit",
        "<=",
        ("candidate.examined",),
        "Số công dân đủ sức khỏe không được lớn hơn số đã khám.",
    ),
)
