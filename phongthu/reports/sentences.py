"""Generated sentences from the records of a unit's reach for a period, one per stated figure,
in the register of the published reports ("Tổ chức 01 lớp bồi dưỡng kiến thức QP-AN cho 106
đồng chí đối tượng 4, kết quả khá"; "5/7 phường tổ chức diễn tập …"; "2.568 lượt tổ/9.467 lượt
cán bộ, chiến sĩ").

Reads activities' models only (the report layer sits above them); every read goes through
`restricted()` when a user is given. A record counts for the period by its `year` when the
period is made of whole years, else by its date.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Min, Sum

from phongthu.activities.choices import (
    AwardStatus,
    AwardTitle,
    CadreTrainingMode,
    CoordinationKind,
    CourseMode,
    MeetingKind,
    StatementTopic,
)
from phongthu.activities.models import (
    Award,
    CadreTraining,
    Commitment,
    ConscriptionResult,
    CoordinationEvent,
    Course,
    CourseParticipant,
    DischargedSoldier,
    Exercise,
    ForeignDelegation,
    ForeignerResidenceCheck,
    GrassrootsRating,
    Meeting,
    Patrol,
    PeriodTarget,
    RearPolicyCase,
    ReportStatement,
    SecurityMovementEntry,
    StudentEducation,
)
from phongthu.activities.selectors import reach_ids
from phongthu.core import scoping
from phongthu.core.models import restricted
from phongthu.core.periods import Period
from phongthu.core.text import search_key
from phongthu.reports import wording as w
from phongthu.reports.sections import Section
from phongthu.units.models import Unit

S = Section

TOPIC_SECTION: dict[str, int] = {
    StatementTopic.GENERAL: S.CONTEXT,
    StatementTopic.LEADERSHIP: S.LEADERSHIP,
    StatementTopic.PARTY_BUILDING: S.PARTY,
    StatementTopic.READINESS_DUTY: S.READINESS,
    StatementTopic.DEFENSE_ZONE: S.EXERCISES,
    StatementTopic.MILITIA: S.FORCES,
    StatementTopic.RESERVE: S.FORCES,
    StatementTopic.CONSCRIPTION: S.CONSCRIPTION,
    StatementTopic.EDUCATION: S.EDUCATION,
    StatementTopic.COVID_RESPONSE: S.CIVIL,
    StatementTopic.DISASTER_RESPONSE: S.CIVIL,
    StatementTopic.REAR_POLICY: S.REAR_POLICY,
    StatementTopic.FOREIGN_AFFAIRS: S.FOREIGN,
    StatementTopic.COORDINATION: S.READINESS,
    StatementTopic.EMULATION: S.EMULATION,
    StatementTopic.SHORTCOMINGS: S.ASSESSMENT,
    StatementTopic.PROPOSALS: S.PROPOSALS,
}


@dataclass(frozen=True)
class AwardLine:
    """One row of the awards appendix."""

    issuer: str
    title: str
    reason: str
    collectives: int
    individuals: int
    recipient: str = ""
    received: bool = False
    decided: bool = True


@dataclass
class Narrative:
    """What the records say, by section (generated sentences, statements, targets)."""

    sentences: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    targets: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    awards: list[AwardLine] = field(default_factory=list)

    def say(self, section: int, text: str) -> None:
        text = w.sentence(text)
        if text and text not in self.sentences[section]:
            self.sentences[section].append(text)


@dataclass(frozen=True)
class Scope:
    unit: Unit
    period: Period
    user: Any
    sub_kind: str  # "phường", "xã" …: how coverage over sub-units is written

    @property
    def whole_years(self) -> bool:
        p = self.period
        return p.start == datetime.date(p.start.year, 1, 1) and p.end == datetime.date(p.end.year, 12, 31)

    def records(self, model: type[models.Model], *, date: str | None = None, years: list[int] | None = None) -> Any:
        base = restricted(model, self.user, scoping.VIEW) if self.user is not None else model._default_manager.all()
        qs = base.filter(unit_id__in=reach_ids(self.unit))
        if years is not None:
            return qs.filter(year__in=years)
        if self.whole_years:
            return qs.filter(year__in=list(self.period.years))
        if date is None:
            return qs.none()  # no date to place it within part of a year
        return qs.filter(**{f"{date}__gte": self.period.start, f"{date}__lte": self.period.end})


def _d(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def meetings(scope: Scope, out: Narrative) -> None:
    for m in scope.records(Meeting, date="date").filter(unit_id=scope.unit.pk).order_by("date", "pk"):
        what = m.title or m.scope
        if m.period_label and m.period_label not in what:
            what = f"{what} (giai đoạn {m.period_label})"
        if m.kind == MeetingKind.REVIEW_CONFERENCE:
            what = f"Hội nghị {_lower_first(what)}"
        elif m.kind == MeetingKind.WORKING_SESSION:
            what = f"buổi làm việc về {_lower_first(what)}"
        parts = [f"Ngày {_d(m.date)}, {m.host} tổ chức {what}"]
        if m.chair:
            parts.append(f"chủ trì: đồng chí {m.chair}")
        if m.presenter:
            parts.append(f"đồng chí {m.presenter} trình bày báo cáo")
        if m.attendee_list():
            parts.append("dự có các đồng chí: " + "; ".join(m.attendee_list()))
        out.say(S.CONTEXT, "; ".join(parts))


def _trainees(qs: Any) -> dict[int, int]:
    named = CourseParticipant.objects.filter(course__in=qs).values("course_id").annotate(n=Count("pk"))
    return {row["course_id"]: row["n"] for row in named}


def courses(scope: Scope, out: Narrative) -> None:
    qs = scope.records(Course, date="start_date").order_by("mode", "category", "pk")
    named = _trainees(qs)
    for c in qs:
        trainees = c.trainees_count if c.trainees_count is not None else named.get(c.pk, 0)
        category = _lower_first(str(c.get_category_display()))
        result = (
            f", kết quả {c.result_text or c.get_result_grade_display()}" if (c.result_text or c.result_grade) else ""
        )
        if c.mode == CourseMode.SENT:
            who = c.organiser or "Hội đồng giáo dục quốc phòng và an ninh"
            out.say(
                S.EDUCATION,
                f"{who} cử {w.count(trainees)} đồng chí {category} tham gia bồi dưỡng kiến thức quốc phòng – an ninh{result}",
            )
        else:
            classes = f"{w.count(c.classes_count or 1)} lớp bồi dưỡng kiến thức quốc phòng – an ninh"
            by = f" ({c.organiser})" if c.organiser else ""
            out.say(S.EDUCATION, f"Tổ chức {classes}{by} cho {w.count(trainees)} đồng chí {category}{result}")


def students(scope: Scope, out: Narrative) -> None:
    for s in scope.records(StudentEducation).order_by("pk"):
        passed = f", {w.count(s.passed_count)} em đạt yêu cầu" if s.passed_count is not None else ""
        out.say(
            S.EDUCATION,
            f"Giáo dục quốc phòng và an ninh cho {w.count(s.students_count)} học sinh, sinh viên {s.school_name}{passed}",
        )


def cadre(scope: Scope, out: Narrative) -> None:
    for c in scope.records(CadreTraining, date="start_date").order_by("mode", "pk"):
        by = f" do {c.organiser} tổ chức" if c.organiser else ""
        if c.mode == CadreTrainingMode.ATTENDED:
            trainees = f" với {w.count(c.trainees_count)} lượt cán bộ" if c.trainees_count else ""
            out.say(S.TRAINING, f"Cử cán bộ tham gia {w.count(c.courses_count or 1)} lớp tập huấn{by}{trainees}")
        else:
            role = c.role or "cán bộ"
            out.say(
                S.TRAINING,
                f"Tổ chức tập huấn{by} cho {w.count(c.trainees_count)} {role}" + (f" ({c.title})" if c.title else ""),
            )


def exercises(scope: Scope, out: Narrative) -> None:
    for e in scope.records(Exercise, date="date").select_related("unit").order_by("year", "date", "pk"):
        kind = e.type_label or str(e.get_exercise_type_display())
        result = e.result_text or (str(e.get_evaluation_display()) if e.evaluation else "")
        if e.of_total:
            text = f"{w.ratio(e.count, e.of_total)} {scope.sub_kind} tổ chức {_lower_first(kind)}"
            if result and result != text:
                text += f" ({result})"
        else:
            who = e.units_text if e.units_text else (e.unit.name if e.unit_id != scope.unit.pk else "")
            many = f" {w.count(e.count)} cuộc" if e.count else ""
            text = (
                f"Tổ chức{many} {_lower_first(kind)}"
                if not who
                else f"Chỉ đạo {who} tổ chức{many} {_lower_first(kind)}"
            )
            if e.date:
                text += f" ngày {_d(e.date)}"
            if result:
                text += f", {_lower_first(result)}"
        out.say(S.EXERCISES, text)


# Beyond this many distinct (partner, area) groups a report states the patrols as one total:
# a province's year holds thousands of patrol records, and its report is not their list.
PATROL_GROUPS_STATED = 5


def _patrol_turns(team_turns: int | None, person_turns: int | None) -> str:
    return w.join(
        [f"{w.number(team_turns)} lượt tổ" if team_turns else "",
         f"{w.number(person_turns)} lượt cán bộ, chiến sĩ" if person_turns else ""], "/",
    )  # fmt: skip


def patrols(scope: Scope, out: Narrative) -> None:
    """One sentence per partner and area (records of the same kind add up), read as sums in the
    database; a total sentence when there are more groups than a report would list."""
    records = scope.records(Patrol, date="date")
    groups = list(
        records.values("partner_forces", "scope")
        .annotate(first=Min("pk"), team=Sum("team_turns"), persons=Sum("person_turns"))
        .order_by("first")[: PATROL_GROUPS_STATED + 1]
    )
    if len(groups) > PATROL_GROUPS_STATED:
        total = records.aggregate(n=Count("pk"), team=Sum("team_turns"), persons=Sum("person_turns"))
        turns = _patrol_turns(total["team"], total["persons"])
        out.say(
            S.READINESS, f"Tổ chức {w.number(total['n'])} đợt tuần tra, kiểm soát" + (f" với {turns}" if turns else "")
        )
        return
    for g in groups:
        turns = _patrol_turns(g["team"], g["persons"])
        partner = f"Phối hợp với {g['partner_forces']} tổ chức" if g["partner_forces"] else "Tổ chức"
        scope_text = f" bảo vệ {g['scope']}" if g["scope"] else ""
        out.say(
            S.READINESS,
            f"{partner} tuần tra, kiểm soát{scope_text} được {turns}"
            if turns
            else f"{partner} tuần tra, kiểm soát{scope_text}",
        )


def conscription(scope: Scope, out: Narrative) -> None:
    rows = list(scope.records(ConscriptionResult).order_by("year"))
    previous = {r.year: r for r in scope.records(ConscriptionResult, years=[y - 1 for y in scope.period.years])}
    for r in rows:
        parts = []
        if r.quota and r.delivered is not None:
            parts.append(
                f"Giao {w.ratio(r.delivered, r.quota)} công dân nhập ngũ, đạt {w.pct(r.computed_pct())} chỉ tiêu"
            )
        elif r.pct is not None:
            parts.append(f"Hoàn thành {w.pct(r.pct)} chỉ tiêu tuyển quân năm {r.year}")
        if r.police_quota and r.police_delivered is not None:
            parts.append(
                f"thực hiện nghĩa vụ tham gia Công an nhân dân {w.ratio(r.police_delivered, r.police_quota)} công dân"
            )
        if r.quality_text:
            parts.append(r.quality_text)
        before = previous.get(r.year - 1)
        if before is not None and r.delivered is not None and before.delivered is not None:
            parts.append(w.comparison(r.delivered, before.delivered, f"năm {r.year - 1}"))
        out.say(S.CONSCRIPTION, ", ".join(p for p in parts if p))


def _title_words(a: Award) -> str:
    if a.title == AwardTitle.DANH_HIEU_KHAC:
        return "danh hiệu thi đua"
    if a.title == AwardTitle.KHEN_THUONG_KHAC:
        return ""
    return str(a.get_title_display()).split(" (")[0]


def awards(scope: Scope, out: Narrative) -> None:
    qs = scope.records(Award, date="decision_date").exclude(status=AwardStatus.REVOKED).select_related("unit")
    decided = {AwardStatus.DECIDED, AwardStatus.PAID}
    for a in qs.order_by("year", "pk"):
        title = _title_words(a)
        issuer = a.issuer_name or str(a.get_authority_display())
        reason = a.reason.strip()
        if title and search_key(title) in search_key(reason):
            reason = ""  # the report gave only the form, already named by the title
        if a.received_by_unit:
            who = a.recipient_name or a.unit.name
            if a.status in decided:
                text = f"{who} được {issuer} tặng {title or 'khen thưởng'}"
                if reason:
                    text += f" ({reason})"
            else:
                text = f"{who} {reason} tặng {title}" if reason else f"{who} được đề nghị {issuer} tặng {title}"
                if reason and search_key(issuer) not in search_key(reason):
                    text += f" của {issuer}"
            out.say(S.EMULATION, text)
            out.awards.append(
                AwardLine(issuer, title, reason, 0, 0, recipient=who, received=True, decided=a.status in decided)
            )
            continue
        if a.status not in decided:
            continue
        people = w.join([f"{w.count(a.collectives_count)} tập thể" if a.collectives_count else "",
                         f"{w.count(a.individuals_count)} cá nhân" if a.individuals_count else ""], " và ")  # fmt: skip
        if not people and a.recipient_name:
            people = a.recipient_name
        if title:
            text = f"{issuer} tặng {title} cho {people}"
            if reason and search_key(reason) != search_key(title):
                text += f" ({reason})"
        else:
            text = f"{issuer} khen thưởng {people}" + (f" có thành tích trong {reason}" if reason else "")
        out.say(S.EMULATION, text)
        out.awards.append(AwardLine(issuer, title or "Khen thưởng", reason, a.collectives_count, a.individuals_count))


def foreign(scope: Scope, out: Narrative) -> None:
    for f in scope.records(ForeignDelegation, date="date").order_by("pk"):
        when = f"Giai đoạn {f.period_label}, " if f.period_label else (f"Ngày {_d(f.date)}, " if f.date else "")
        persons = f" với {w.number(f.persons_count)} lượt người" if f.persons_count else ""
        purpose = f" ({f.purpose})" if f.purpose else ""
        out.say(S.FOREIGN, f"{when}đón tiếp {w.count(f.delegations_count)} đoàn {f.origin}{persons}{purpose}")
    for c in scope.records(ForeignerResidenceCheck, date="period_end").order_by("pk"):
        when = f" (giai đoạn {c.period_label})" if c.period_label else ""
        checks = f" {w.count(c.checks_count)} lượt" if c.checks_count else ""
        if c.findings:
            found = c.findings
        else:
            found = (
                f"phát hiện {w.count(c.violations_count, pad=False)} vi phạm" if c.violations_count is not None else ""
            )
        out.say(
            S.FOREIGN,
            f"{c.checked_by} kiểm tra{checks} việc tạm trú của người nước ngoài{when}"
            + (f", {found}" if found else ""),
        )


def security(scope: Scope, out: Narrative) -> None:
    for g in scope.records(GrassrootsRating).order_by("pk"):
        parts = []
        if g.bases_total:
            parts.append(
                f"{w.ratio(g.bases_strong, g.bases_total)} cơ sở được đánh giá {g.get_rating_display() or 'vững mạnh toàn diện'}"
            )
        if g.clusters_total:
            parts.append(f"{w.ratio(g.clusters_strong, g.clusters_total)} cụm đạt “an toàn làm chủ”")
        if g.assessment:
            parts.append(g.assessment)
        if parts:
            out.say(S.READINESS, "; ".join(parts))
    next_year = [scope.period.end.year + 1]
    for c in scope.records(CoordinationEvent, date="date").order_by("pk"):
        text = c.topic
        if c.basis and search_key(c.basis) not in search_key(text):
            text += f" (theo {c.basis})"
        if c.outcome:
            text += f"; {c.outcome}"
        out.say(S.READINESS, text)
    for c in scope.records(CoordinationEvent, years=next_year).filter(kind=CoordinationKind.PROGRAMME).order_by("pk"):
        out.targets[S.DIRECTIONS].append(w.sentence(f"Năm {c.year}: {c.topic}"))
    for m in scope.records(Commitment, date="date").order_by("pk"):
        out.say(S.READINESS, _commitment_text(m))
    for m in scope.records(Commitment, years=next_year).order_by("pk"):
        out.targets[S.DIRECTIONS].append(w.sentence(f"Năm {m.year}: {_commitment_text(m)}"))
    for e in scope.records(SecurityMovementEntry).order_by("pk"):
        counts = w.join([f"{w.count(e.models_count)} mô hình tự quản" if e.models_count else "",
                         f"{w.count(e.typical_units_count)} đơn vị điển hình" if e.typical_units_count else ""])  # fmt: skip
        out.say(
            S.READINESS, f"Phong trào toàn dân bảo vệ an ninh Tổ quốc: {e.content}" + (f" ({counts})" if counts else "")
        )


def _commitment_text(m: Commitment) -> str:
    text = m.topic
    if m.parties_count and w.number(m.parties_count) not in text:
        text += f" ({w.count(m.parties_count)} đơn vị ký cam kết)"
    return text


def rear_policy(scope: Scope, out: Narrative) -> None:
    totals = scope.records(RearPolicyCase).aggregate(n=Sum("cases_count"), amount=Sum("amount"))
    if totals["n"]:
        money = f", tổng số tiền {w.number(totals['amount'])} đồng" if totals["amount"] else ""
        out.say(
            S.REAR_POLICY, f"Thực hiện chính sách hậu phương quân đội cho {w.count(totals['n'])} lượt đối tượng{money}"
        )
    discharged = scope.records(DischargedSoldier, years=None).count() if scope.whole_years else 0
    if discharged:
        out.say(S.REAR_POLICY, f"Tiếp nhận, quản lý {w.count(discharged)} quân nhân xuất ngũ về địa phương")


def statements(scope: Scope, out: Narrative) -> None:
    for s in scope.records(ReportStatement).order_by("topic", "pk"):
        text = s.text
        if s.number is not None and w.number(s.number) not in text:
            text += f": {w.count(s.number)} {s.number_unit}".rstrip()
        out.statements[TOPIC_SECTION.get(s.topic, S.CONTEXT)].append(w.sentence(text))


def targets(scope: Scope, out: Narrative) -> None:
    """Targets set in the period and those for the year after it (the report's directions)."""
    years = [*scope.period.years, scope.period.end.year + 1]
    for t in scope.records(PeriodTarget, years=years).order_by("year", "pk"):
        text = t.text
        if t.value is not None and w.number(t.value) not in text:
            text += f": {w.number(t.value)} {t.value_unit}".rstrip()
        prefix = "" if (t.period_from or t.year in scope.period.years) else f"Năm {t.year}: "
        out.targets[S.DIRECTIONS].append(w.sentence(prefix + text))


READERS: list[Callable[[Scope, Narrative], None]] = [
    meetings, courses, students, cadre, exercises, patrols, conscription, awards, foreign, security,
    rear_policy, statements, targets,
]  # fmt: skip


def narrate(unit: Unit, period: Period, *, user: Any = None, sub_kind: str = "xã, phường") -> Narrative:
    scope = Scope(unit=unit, period=period, user=user, sub_kind=sub_kind)
    out = Narrative()
    for reader in READERS:
        reader(scope, out)
    return out


def total_awards(lines: list[AwardLine]) -> tuple[int, int]:
    given = [line for line in lines if not line.received]
    return sum(line.collectives for line in given), sum(line.individuals for line in given)


__all__ = ["AwardLine", "Decimal", "Narrative", "narrate", "total_awards"]
