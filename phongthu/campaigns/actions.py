"""The pipeline steps offered on a candidate, as data: which statuses offer them, which inputs
they take, and the service they call. The detail page and the campaign board render the same
specs, and both POST to views that only parse the inputs and call `run()`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from phongthu.campaigns.choices import (
    Branch,
    CandidateStatus,
    Ground,
    ListKind,
    PoliticalCheck,
    ReturnReason,
)
from phongthu.campaigns.models import Candidate
from phongthu.campaigns.services import calls, deferments, pipeline

S = CandidateStatus


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    kind: str = "text"  # text | date | select | textarea
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    statuses: frozenset[str]
    run: Callable[[Candidate, Mapping[str, Any], Any], Any]
    inputs: tuple[Input, ...] = ()
    bulk: bool = False
    danger: bool = False
    when: Callable[[Candidate], bool] = field(default=lambda c: True)


ON = Input("on", "Ngày", "date")
NOTE = Input("note", "Ghi chú, lý do", "textarea")
NOTE_OPTIONAL = Input("note", "Ghi chú", "textarea", required=False)


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(label)) for v, label in enum.choices)


def _date(data: Mapping[str, Any], name: str = "on") -> datetime.date:
    raw = str(data.get(name) or "").strip()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: ["Nhập ngày theo dạng năm-tháng-ngày (ví dụ 2026-02-05)."]}) from None


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def _replacement(candidate: Candidate, data: Mapping[str, Any], actor: Any) -> Any:
    from phongthu.core import scoping

    raw = _text(data, "replacement")
    found = (
        Candidate.objects.restrict(actor, scoping.CHANGE)
        .filter(campaign_id=candidate.campaign_id, pk=int(raw) if raw.isdigit() else 0)
        .first()
    )
    if found is None:
        raise ValidationError({"replacement": ["Chọn công dân dự phòng để bù đổi."]})
    return calls.replace_returned(
        returned=candidate,
        replacement=found,
        actor=actor,
        handover_date=_date(data),
        point=_text(data, "point"),
        receiving_unit=_text(data, "receiving_unit"),
    )


ACTIONS: tuple[Action, ...] = (
    Action(
        "review",
        "Xét duyệt cấp xã",
        frozenset({S.IN_SOURCE_POOL}),
        lambda c, d, a: pipeline.review(candidate=c, actor=a, reviewed_on=_date(d), note=_text(d, "note")),
        (ON,),
        bulk=True,
    ),
    Action(
        "propose",
        "Đề nghị tạm hoãn / miễn",
        frozenset({S.REVIEWED, S.SCREEN_FAIL}),
        lambda c, d, a: deferments.propose_deferment(
            candidate=c,
            ground=_text(d, "ground"),
            actor=a,
            proposed_on=_date(d),
            evidence=_text(d, "evidence"),
            expected_end_date=_date(d, "expected_end_date") if _text(d, "expected_end_date") else None,
        ),
        (
            ON,
            Input("ground", "Lý do (Điều 41)", "select", _choices(Ground)),
            Input("evidence", "Giấy tờ chứng minh", "textarea", required=False),
            Input("expected_end_date", "Dự kiến hết lý do", "date", required=False),
        ),
    ),
    Action(
        "call_screening",
        "Gọi sơ tuyển",
        frozenset({S.REVIEWED, S.VOLUNTEER_OVERRIDE}),
        lambda c, d, a: pipeline.call_to_screening(
            candidate=c, actor=a, called_on=_date(d), decision_ref=_text(d, "decision_ref")
        ),
        (ON, Input("decision_ref", "Số giấy gọi", required=False)),
        bulk=True,
    ),
    Action(
        "screening_pass",
        "Sơ tuyển đạt",
        frozenset({S.CALLED_TO_SCREENING}),
        lambda c, d, a: pipeline.record_screening(candidate=c, actor=a, screened_on=_date(d), passed=True),
        (ON,),
        bulk=True,
    ),
    Action(
        "screening_fail",
        "Sơ tuyển không đạt",
        frozenset({S.CALLED_TO_SCREENING}),
        lambda c, d, a: pipeline.record_screening(
            candidate=c, actor=a, screened_on=_date(d), passed=False, note=_text(d, "note")
        ),
        (ON, NOTE),
        danger=True,
    ),
    Action(
        "exempt_registration",
        "Miễn đăng ký (bệnh, tật)",
        frozenset({S.SCREEN_FAIL}),
        lambda c, d, a: pipeline.exempt_from_registration(candidate=c, actor=a, on=_date(d), note=_text(d, "note")),
        (ON, NOTE),
        danger=True,
    ),
    Action(
        "nominate",
        "Bình cử đi khám",
        frozenset({S.SCREENED}),
        lambda c, d, a: pipeline.nominate(candidate=c, actor=a, nominated_on=_date(d), note=_text(d, "note")),
        (ON,),
        bulk=True,
    ),
    Action(
        "call_exam",
        "Gọi khám sức khỏe",
        frozenset({S.NOMINATED}),
        lambda c, d, a: pipeline.call_to_exam(
            candidate=c, actor=a, called_on=_date(d), decision_ref=_text(d, "decision_ref")
        ),
        (ON, Input("decision_ref", "Số giấy gọi", required=False)),
        bulk=True,
    ),
    Action(
        "political_start",
        "Thẩm tra chính trị",
        frozenset({S.FIT}),
        lambda c, d, a: pipeline.start_political_check(candidate=c, actor=a, on=_date(d)),
        (ON,),
        bulk=True,
    ),
    Action(
        "political_pass",
        "Chính trị đạt",
        frozenset({S.POLITICAL_CHECK}),
        lambda c, d, a: pipeline.record_political_check(
            candidate=c, actor=a, on=_date(d), passed=True, note=_text(d, "note")
        ),
        (ON,),
        bulk=True,
        when=lambda c: c.political_check == PoliticalCheck.PENDING,
    ),
    Action(
        "political_fail",
        "Chính trị không đạt",
        frozenset({S.POLITICAL_CHECK}),
        lambda c, d, a: pipeline.record_political_check(
            candidate=c, actor=a, on=_date(d), passed=False, note=_text(d, "note")
        ),
        (ON, NOTE),
        danger=True,
    ),
    Action(
        "shortlist",
        "Đưa vào danh sách",
        frozenset({S.POLITICAL_CHECK}),
        lambda c, d, a: pipeline.shortlist(
            candidate=c, actor=a, on=_date(d), branch=_text(d, "branch"), list_kind=_text(d, "list_kind")
        ),
        (
            ON,
            Input("branch", "Lực lượng", "select", _choices(Branch)),
            Input("list_kind", "Danh sách", "select", _choices(ListKind)),
        ),
        bulk=True,
        when=lambda c: c.political_check == PoliticalCheck.PASS,
    ),
    Action(
        "deliver",
        "Đã giao quyết định gọi nhập ngũ",
        frozenset({S.DECIDED_BY_PROVINCE}),
        lambda c, d, a: calls.record_delivery(candidate=c, actor=a, delivered_on=_date(d)),
        (ON,),
        bulk=True,
        when=lambda c: c.call_decision_id is not None,
    ),
    Action(
        "handover",
        "Giao quân",
        frozenset({S.CALL_DELIVERED}),
        lambda c, d, a: calls.hand_over(
            candidate=c,
            actor=a,
            handover_date=_date(d),
            point=_text(d, "point"),
            receiving_unit=_text(d, "receiving_unit"),
        ),
        (ON, Input("point", "Điểm giao quân"), Input("receiving_unit", "Đơn vị nhận quân")),
        bulk=True,
    ),
    Action(
        "recheck_ok",
        "Phúc tra đạt",
        frozenset({S.HANDED_OVER}),
        lambda c, d, a: calls.recheck_ok(candidate=c, actor=a, recheck_date=_date(d), note=_text(d, "note")),
        (ON,),
        bulk=True,
    ),
    Action(
        "return",
        "Đơn vị trả về",
        frozenset({S.HANDED_OVER}),
        lambda c, d, a: calls.return_candidate(
            candidate=c, actor=a, recheck_date=_date(d), reason=_text(d, "reason"), note=_text(d, "note")
        ),
        (ON, Input("reason", "Lý do trả về", "select", _choices(ReturnReason)), NOTE),
        danger=True,
    ),
    Action(
        "enlist",
        "Chính thức nhập ngũ",
        frozenset({S.RECHECKED_OK}),
        lambda c, d, a: calls.enlist(candidate=c, actor=a, on=_date(d)),
        (ON,),
        bulk=True,
    ),
    Action(
        "replace",
        "Bù đổi",
        frozenset({S.RETURNED}),
        _replacement,
        (
            ON,
            Input("replacement", "Công dân dự phòng", "select"),
            Input("point", "Điểm giao quân", required=False),
            Input("receiving_unit", "Đơn vị nhận quân", required=False),
        ),
        when=lambda c: c.replaced_by_id is None,
    ),
    Action(
        "volunteer",
        "Tình nguyện nhập ngũ",
        frozenset({S.PROPOSED_DEFERMENT, S.PROPOSED_EXEMPTION, S.DEFERRED, S.EXEMPTED, S.PUBLISHED}),
        lambda c, d, a: pipeline.volunteer_override(candidate=c, actor=a, on=_date(d), note=_text(d, "note")),
        (ON, NOTE_OPTIONAL),
    ),
    Action(
        "no_show",
        "Không có mặt",
        frozenset({S.CALLED_TO_SCREENING, S.CALLED_TO_EXAM, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED}),
        lambda c, d, a: pipeline.mark_no_show(candidate=c, actor=a, on=_date(d), note=_text(d, "note")),
        (ON, NOTE),
        danger=True,
    ),
    Action(
        "refused",
        "Chống, trốn lệnh",
        frozenset({S.CALLED_TO_SCREENING, S.CALLED_TO_EXAM, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED}),
        lambda c, d, a: pipeline.mark_no_show(candidate=c, actor=a, on=_date(d), refused=True, note=_text(d, "note")),
        (ON, NOTE),
        danger=True,
    ),
)

BY_NAME: dict[str, Action] = {a.name: a for a in ACTIONS}


def available(candidate: Candidate) -> list[Action]:
    return [a for a in ACTIONS if candidate.status in a.statuses and a.when(candidate)]


def bulk_actions() -> list[Action]:
    return [a for a in ACTIONS if a.bulk]


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
