"""Enter the facts of the seed reports (`shared/seeds/facts.yaml`) as records.

Each fact kind maps to the records that hold it: registries where we keep them (courses,
exercises, awards, patrols, …), aggregates (conscription result, grassroots rating), and
`ReportStatement` / `PeriodTarget` for what a report only says in words. Every record is
written through the same validation as the entry form and the scoped, audited save (awards
through their status services). Loading twice changes nothing: each record carries the fact's
source tag in its note.

Usable from tests and as `manage.py load_seed_facts`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from phongthu.activities import rules
from phongthu.activities.choices import (
    ActivityLevel,
    AwardAuthority,
    AwardStatus,
    AwardTitle,
    CadreTrainingMode,
    CoordinationKind,
    CourseCategory,
    CourseMode,
    ExerciseType,
    MeetingKind,
    RecipientKind,
    StatementTopic,
)
from phongthu.activities.models import (
    Award,
    CadreTraining,
    Commitment,
    ConscriptionResult,
    CoordinationEvent,
    Course,
    Exercise,
    ForeignDelegation,
    ForeignerResidenceCheck,
    GrassrootsRating,
    Meeting,
    Patrol,
    PeriodTarget,
    ReportStatement,
    SecurityMovementEntry,
    StudentEducation,
)
from phongthu.activities.models.exercises import format_term, parse_term
from phongthu.activities.seed_recorder import recorder
from phongthu.activities.services.awards import award_record_external, award_review
from phongthu.activities.services.records import record_save
from phongthu.core.context import change_context
from phongthu.core.text import search_key
from phongthu.units.choices import Hierarchy, Kind, LineageKind
from phongthu.units.models import Unit, UnitLink, valid_on

if TYPE_CHECKING:
    from phongthu.accounts.models import User

SOURCE_NOTE = "Nguồn: báo cáo {file}, dữ kiện {index}"


class SeedFactsError(Exception):
    """The facts file cannot be used; the message says what to do."""


def default_path() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "seeds" / "facts.yaml"


def read_facts(path: Path | None = None) -> dict[str, Any]:
    path = path or default_path()
    if not path.exists():
        raise SeedFactsError(
            f"Không tìm thấy tệp dữ kiện {path}. Tệp nằm ở shared/seeds/facts.yaml, cạnh thư mục mã nguồn; "
            "hãy sao chép thư mục shared/ hoặc chỉ đường dẫn bằng --path."
        )
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SeedFactsError(f"Tệp {path} không đúng cấu trúc (cần: tên tệp báo cáo → unit, facts).")
    return data


@dataclass
class LoadedFact:
    file: str
    index: int
    kind: str
    unit: Unit  # the reporting unit (its year view must show the records)
    year: int
    records: list[models.Model] = field(default_factory=list)


@dataclass
class SeedReport:
    facts: list[LoadedFact] = field(default_factory=list)

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.facts:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        return counts


# -- localities missing from the pre-2025 map of vietnamadminunits ---------------------------

# The package's pre-2025 table is the map just before 1/7/2025, when thị xã Cửa Lò had already
# been merged into TP Vinh; its seven wards sat under Cửa Lò before that. The merge date is to
# be checked against the resolution (UNCERTAIN); any date after the 2023 report works for it.
CUA_LO_MERGED = datetime.date(2025, 1, 1)
CUA_LO_WARDS = ["Nghi Thủy", "Nghi Tân", "Thu Thủy", "Nghi Hòa", "Nghi Hải", "Nghi Hương", "Nghi Thu"]
CUA_LO_BASIS = "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp huyện, cấp xã tỉnh Nghệ An giai đoạn 2023–2025 (ngày hiệu lực cần đối chiếu)"


@transaction.atomic
def ensure_cua_lo() -> Unit | None:
    """Restore thị xã Cửa Lò (code 413) with its seven wards until its merge into TP Vinh."""
    from phongthu.units.services import rebuild_scope, record_lineage

    existing: Unit | None = Unit.objects.filter(level="DISTRICT", code="413").first()
    if existing is not None:
        return existing
    province = Unit.objects.filter(level="PROVINCE", code="40").order_by("valid_from").first()
    vinh = Unit.objects.filter(level="DISTRICT", code="412").first()
    if province is None or vinh is None:
        return None
    end = CUA_LO_MERGED - datetime.timedelta(days=1)
    cua_lo = Unit(kind=Kind.TOWN, code="413", name="Thị xã Cửa Lò", short_name="Cửa Lò", valid_to=end, legal_basis="")
    cua_lo.full_clean()
    cua_lo.save()
    wards = [
        w
        for w in Unit.objects.filter(pk__in=UnitLink.objects.filter(parent=vinh).values("child_id"), level="COMMUNE")
        if w.short_name in CUA_LO_WARDS or search_key(w.name) in {search_key(f"Phường {n}") for n in CUA_LO_WARDS}
    ]
    for hierarchy in (Hierarchy.CIVIL, Hierarchy.MILITARY):
        UnitLink.objects.create(child=cua_lo, parent=province, hierarchy=hierarchy, valid_to=end)
        for ward in wards:
            UnitLink.objects.create(child=ward, parent=cua_lo, hierarchy=hierarchy, valid_to=end, legal_basis="")
            for link in UnitLink.objects.filter(child=ward, parent=vinh, hierarchy=hierarchy, valid_from__isnull=True):
                link.valid_from = CUA_LO_MERGED
                link.legal_basis = CUA_LO_BASIS
                link.save()
    record_lineage(
        kind=LineageKind.MERGE,
        date=CUA_LO_MERGED,
        predecessors=[cua_lo],
        successors=[vinh],
        legal_basis=CUA_LO_BASIS,
        rebuild=False,
    )
    rebuild_scope()
    return cua_lo


def ensure_localities(*, load_units: bool = True) -> None:
    """The pre-2025 units the seed reports name (Hải Phòng 31, Quảng Ninh 22, Nghệ An 40)."""
    from phongthu.units.loader import load_admin_units

    if load_units:
        for code in ("31", "22", "40"):
            if not Unit.objects.filter(level="PROVINCE", code=code).exists():
                load_admin_units(province_code=code)
    ensure_cua_lo()


# -- finding units ----------------------------------------------------------------------------

_PREFIXES = ("quan ", "huyen ", "thi xa ", "thanh pho ", "tp ", "phuong ", "xa ", "thi tran ")


def _bare(name: str) -> str:
    key = search_key(name)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def find_district(name: str, *, on: datetime.date) -> Unit:
    key = search_key(name)
    candidates = [u for u in Unit.objects.filter(level="DISTRICT") if search_key(u.name) == key]
    if not candidates:
        candidates = [u for u in Unit.objects.filter(level="DISTRICT") if _bare(u.name) == _bare(name)]
    dated: list[Unit] = [u for u in candidates if u.is_valid_on(on)] or candidates
    if not dated:
        raise SeedFactsError(
            f"Không tìm thấy đơn vị “{name}” trong cây đơn vị: hãy nạp bản đồ hành chính của tỉnh trước."
        )
    return dated[0]


def find_commune_in(parent: Unit, text: str, *, on: datetime.date) -> Unit | None:
    """The commune or ward under `parent` (on `on`) whose name appears in `text`."""
    key = search_key(text)
    links = UnitLink.objects.filter(valid_on(on), parent=parent, hierarchy=Hierarchy.CIVIL).values("child_id")
    best = None
    for unit in Unit.objects.filter(pk__in=links, level="COMMUNE"):
        if search_key(unit.name) in key and (best is None or len(unit.name) > len(best.name)):
            best = unit
    return best


# -- fact → records ---------------------------------------------------------------------------


@dataclass
class Ctx:
    file: str
    index: int
    unit: Unit
    year: int
    day: datetime.date  # the meeting date: which map the report speaks of
    actor: User
    meeting: Meeting | None
    part: str = ""  # one fact may give several records (e.g. one per award title)

    @property
    def note(self) -> str:
        base = SOURCE_NOTE.format(file=self.file, index=self.index)
        return f"{base} ({self.part})" if self.part else base


def _save(obj: models.Model, ctx: Ctx, actor: User | None = None) -> models.Model:
    existing = type(obj)._default_manager.filter(note=ctx.note).first()
    if existing is not None:
        return existing
    obj.note = ctx.note  # type: ignore[attr-defined]  # every seeded model has `note`; Model does not say so
    return record_save(obj=obj, actor=actor or ctx.actor, reason=ctx.note)


def _period(text: str) -> tuple[datetime.date | None, datetime.date | None]:
    """ "2015 – 6/2019" → (1/1/2015, 30/6/2019)."""
    parts = [p.strip() for p in re.split(r"[–-]", text or "") if p.strip()]

    def one(p: str, end: bool) -> datetime.date | None:
        m = re.fullmatch(r"(?:(\d{1,2})/)?(\d{4})", p)
        if not m:
            return None
        year = int(m.group(2))
        if m.group(1):
            month = int(m.group(1))
            return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)

    if len(parts) != 2:
        return None, None
    return one(parts[0], False), one(parts[1], True)


def _meeting(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    scope = str(fact.get("scope", ""))
    kind = MeetingKind.REVIEW_CONFERENCE if "tong ket" in search_key(scope) else MeetingKind.WORKING_SESSION
    meeting = Meeting(
        unit=ctx.unit,
        kind=kind,
        date=datetime.date.fromisoformat(str(fact["date"])),
        host=str(fact.get("host", "")),
        chair=str(fact.get("chair", "")),
        scope=scope,
        period_label=str(fact.get("period", "")),
        attendees="\n".join(str(a) for a in fact.get("attendees", []) or []),
    )
    saved = _save(meeting, ctx)
    assert isinstance(saved, Meeting)
    ctx.meeting = saved
    return [saved]


def _meeting_detail(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    meeting = ctx.meeting
    if meeting is None:
        raise SeedFactsError(
            f"{ctx.file}: dữ kiện {ctx.index} ({fact['kind']}) cần hội nghị đứng trước trong cùng báo cáo."
        )
    meeting.refresh_from_db()
    if fact["kind"] == "meeting_report":
        meeting.presenter = str(fact.get("presenter", ""))
    else:
        line = " ".join(str(fact.get(k, "")) for k in ("rank", "name")).strip()
        if fact.get("position"):
            line += f" – {fact['position']}"
        if line not in meeting.attendee_list():
            meeting.attendees = "\n".join([*meeting.attendee_list(), line])
    record_save(obj=meeting, actor=ctx.actor, reason=ctx.note)
    return [meeting]


def _conscription(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    return [
        _save(
            ConscriptionResult(
                unit=ctx.unit,
                year=ctx.year,
                quota=fact.get("quota"),
                delivered=fact.get("delivered"),
                pct=fact.get("pct"),
                quality_text=str(fact.get("quality_text", "")),
            ),
            ctx,
        )
    ]


def _grade(text: str) -> str:
    key = search_key(text)
    for code, label in rules.grade_choices():
        if search_key(label) == key:
            return code
    return ""


def _level(text: str) -> str:
    key = search_key(text)
    for words, level in (
        (("quan", "huyen", "thi xa", "thanh pho"), ActivityLevel.DISTRICT),
        (("phuong", "xa"), ActivityLevel.COMMUNE),
        (("tinh",), ActivityLevel.PROVINCE),
    ):
        if any(re.search(rf"\b{w}\b", key) for w in words):
            return level
    return ""


def _course(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    number = re.search(r"\d", str(fact.get("category", "")))
    category = f"DT{number.group(0)}" if number else ""
    if category not in CourseCategory.values:
        raise SeedFactsError(f"{ctx.file}: dữ kiện {ctx.index}: không nhận ra đối tượng “{fact.get('category')}”.")
    sent = search_key(str(fact.get("mode", ""))) == "cu di hoc"
    result = str(fact.get("result", ""))
    course = Course(
        unit=ctx.unit,
        year=ctx.year,
        category=category,
        mode=CourseMode.SENT if sent else CourseMode.OWN_CLASS,
        organiser=str(fact.get("organizer", "")),
        level=_level(str(fact.get("level", ""))),
        classes_count=fact.get("classes"),
        trainees_count=fact.get("trainees"),
        result_grade=_grade(result),
        result_text=result,
    )
    return [_save(course, ctx)]


def _students(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    record = StudentEducation(
        unit=ctx.unit,
        year=ctx.year,
        school_name="; ".join(str(s) for s in fact.get("schools", [])),
        students_count=int(fact["students"]),
    )
    return [_save(record, ctx)]


def _cadre(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    attended = fact.get("courses_attended") is not None
    record = CadreTraining(
        unit=ctx.unit,
        year=ctx.year,
        mode=CadreTrainingMode.ATTENDED if attended else CadreTrainingMode.ORGANISED,
        organiser=str(fact.get("organizer", "")),
        courses_count=fact.get("courses_attended"),
        trainees_count=fact.get("trainees"),
        role=str(fact.get("role", "")),
    )
    return [_save(record, ctx)]


def exercise_type_from_text(text: str, *, level: str = "") -> str:
    """Map the words of a report to an exercise type code (codes.md §3)."""
    key = search_key(text)
    if "chuyen trang thai" in key:
        return ExerciseType.CHUYEN_TRANG_THAI_SSCD
    if "chi huy" in key and "ban do" in key:
        return ExerciseType.CHI_HUY_CO_QUAN_TREN_BAN_DO
    if "pctt" in key or "thien tai" in key:
        return ExerciseType.PCTT_TKCN
    if "phong khong" in key:
        return ExerciseType.PHONG_KHONG_ND
    if "tri an" in key:
        return ExerciseType.CHIEN_DAU_TRI_AN
    if "phong thu" in key:
        if level == ActivityLevel.PROVINCE:
            return ExerciseType.KVPT_TINH
        if level == ActivityLevel.DISTRICT:
            return ExerciseType.KVPT_HUYEN
        return ExerciseType.CHIEN_DAU_PHONG_THU_XA
    return ""


def _drill(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    unit = ctx.unit
    if fact.get("unit"):
        unit = find_commune_in(ctx.unit, str(fact["unit"]), on=ctx.day) or ctx.unit
    level = _level(str(fact.get("level", ""))) or (ActivityLevel.COMMUNE if unit.level == "COMMUNE" else "")
    label = str(fact.get("type", ""))
    record = Exercise(
        unit=unit,
        year=ctx.year,
        exercise_type=exercise_type_from_text(label, level=level),
        type_label=label,
        level=level,
        units_text=str(fact.get("unit", "")),
        count=int(fact.get("count", 1)),
        of_total=fact.get("of_total"),
        result_text=str(fact.get("result") or fact.get("of_total_text") or ""),
    )
    return [_save(record, ctx)]


def _patrol(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    record = Patrol(
        unit=ctx.unit,
        year=ctx.year,
        period_start=datetime.date(ctx.year, 1, 1),
        period_end=datetime.date(ctx.year, 12, 31),
        period_label=f"Năm {ctx.year}",
        team_turns=fact.get("team_turns"),
        person_turns=fact.get("person_turns"),
        partner_forces=str(fact.get("partner", "")),
        scope=str(fact.get("scope", "")),
    )
    return [_save(record, ctx)]


def authority_from_issuer(issuer: str) -> str:
    key = search_key(issuer)
    if key.startswith("bo chqs"):
        return AwardAuthority.CHI_HUY_TRUONG_BO_CHQS_TINH
    if key.startswith("ban chqs"):
        return AwardAuthority.CHI_HUY_TRUONG_BAN_CHQS_HUYEN
    if key.startswith("quan khu"):
        return AwardAuthority.TU_LENH_QUAN_KHU
    if key.startswith("cong an tinh"):
        return AwardAuthority.GIAM_DOC_CONG_AN_TINH
    if key.startswith("ubnd tinh"):
        return AwardAuthority.CHU_TICH_UBND_TINH
    if key.startswith("ubnd"):
        return AwardAuthority.CHU_TICH_UBND_HUYEN  # the reporting units are pre-2025 districts
    return AwardAuthority.KHAC


def title_from_text(text: str) -> str:
    key = search_key(text)
    if not key:
        return AwardTitle.KHEN_THUONG_KHAC
    for code, label in AwardTitle.choices:
        if search_key(str(label)) == key:
            return code
    if "co thi dua" in key:
        return AwardTitle.CO_THI_DUA
    if key == "danh hieu thi dua":
        return AwardTitle.DANH_HIEU_KHAC
    return AwardTitle.KHEN_THUONG_KHAC


def _award_lines(fact: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(title, collectives, individuals) lines of one award fact."""
    form = str(fact.get("form", ""))
    collectives = int(fact.get("collectives", 0) or 0)
    individuals = int(fact.get("individuals", 0) or 0)
    if "(tap the)" in search_key(form) and "/" in form:
        collective_part, individual_part = (p.split("(")[0].strip() for p in form.split("/", 1))
        return [(title_from_text(collective_part), collectives, 0), (title_from_text(individual_part), 0, individuals)]
    lines = []
    by_title = fact.get("individuals_by_title") or {}
    if by_title:
        if collectives:
            lines.append((title_from_text(form), collectives, 0))
        lines += [(title_from_text(str(t)), 0, int(n)) for t, n in by_title.items()]
        return lines
    return [(title_from_text(form), collectives, individuals)]


def _decide(award: models.Model, ctx: Ctx, *, reviewed_only: bool = False) -> models.Model:
    """A report's award was decided outside the system (or only reviewed by the council):
    recorded by the receiving unit's staff, or the council, under their own authority rows."""
    assert isinstance(award, Award)
    day = award.regime_date()
    if reviewed_only and award.status == AwardStatus.PROPOSED:
        council = recorder(award.unit, "AWARD_REVIEW", day)
        award_review(award, actor=council, on=day, reason=ctx.note)
    if not reviewed_only and award.status in (AwardStatus.PROPOSED, AwardStatus.COUNCIL_REVIEWED):
        staff = recorder(award.unit, "AWARD_RECORD_EXTERNAL", day)
        issuer = award.issuer_name or award.get_authority_display()
        award_record_external(award, actor=staff, issuer_name=issuer, reason=ctx.note, from_report=True)
    return award


def _award(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    issuer = str(fact.get("issuer", ""))
    records = []
    for i, (title, collectives, individuals) in enumerate(_award_lines(fact)):
        award = Award(
            unit=ctx.unit,
            year=ctx.year,
            title=title,
            recipient_kind=RecipientKind.AGGREGATE,
            collectives_count=collectives,
            individuals_count=individuals,
            authority=authority_from_issuer(issuer),
            issuer_name=issuer,
            reason=str(fact.get("reason") or fact.get("form") or ""),
        )
        # The proposal is the receiving unit's own (AWARD_PROPOSE), as on the screen.
        proposer = recorder(ctx.unit, "AWARD_PROPOSE", award.regime_date())
        saved = _save(award, dataclasses.replace(ctx, part=str(i + 1)) if i else ctx, proposer)
        records.append(_decide(saved, ctx))
    return records


def _award_received(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    recipient = str(fact.get("recipient", ""))
    unit = find_commune_in(ctx.unit, recipient, on=ctx.day) or ctx.unit
    award = Award(
        unit=unit,
        year=ctx.year,
        title=title_from_text(str(fact.get("title", ""))),
        recipient_kind=RecipientKind.COLLECTIVE,
        recipient_name=recipient,
        received_by_unit=True,
        authority=authority_from_issuer(str(fact.get("issuer", ""))),
        issuer_name=str(fact.get("issuer", "")),
        reason=str(fact.get("status", "")),
    )
    saved = _save(award, ctx, recorder(unit, "AWARD_PROPOSE", award.regime_date()))
    return [_decide(saved, ctx, reviewed_only=bool(fact.get("status")))]


def _foreign_affairs(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    start, end = _period(str(fact.get("period", "")))
    if fact.get("quantified") is False:
        text = f"Đón {fact.get('tourists', '')} lượt du khách nước ngoài ({fact.get('period', '')})".replace("  ", " ")
        return [
            _save(ReportStatement(unit=ctx.unit, year=ctx.year, topic=StatementTopic.FOREIGN_AFFAIRS, text=text), ctx)
        ]
    record = ForeignDelegation(
        unit=ctx.unit,
        year=ctx.year,
        period_start=start,
        period_end=end,
        period_label=str(fact.get("period", "")),
        origin=str(fact.get("delegation_from", "")),
        delegations_count=int(fact.get("delegations", 1)),
        persons_count=fact.get("persons"),
    )
    return [_save(record, ctx)]


def _residence_check(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    start, end = _period(str(fact.get("period", "")))
    record = ForeignerResidenceCheck(
        unit=ctx.unit,
        year=ctx.year,
        period_start=start,
        period_end=end,
        period_label=str(fact.get("period", "")),
        checked_by=str(fact.get("by", "")),
        violations_count=fact.get("violations"),
        findings=str(fact.get("text", "")),
    )
    return [_save(record, ctx)]


def topic_from_text(text: str) -> str:
    key = search_key(text)
    for words, topic in (
        (("tuyen quan", "nhap ngu"), StatementTopic.CONSCRIPTION),
        (("du bi dong vien",), StatementTopic.RESERVE),
        (("boi duong", "giao duc quoc phong"), StatementTopic.EDUCATION),
        (("dien tap", "khu vuc phong thu"), StatementTopic.DEFENSE_ZONE),
        (("xuat ngu", "hau phuong"), StatementTopic.REAR_POLICY),
        (("doi ngoai",), StatementTopic.FOREIGN_AFFAIRS),
        (("ban chi huy quan su", "chi bo"), StatementTopic.PARTY_BUILDING),
        (("truc san sang", "vat lieu no", "antt"), StatementTopic.READINESS_DUTY),
    ):
        if any(w in key for w in words):
            return topic
    return StatementTopic.GENERAL


def _target(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    term = parse_term(str(fact.get("period", "")))
    value, unit_label = None, ""
    if fact.get("conscription_pct") is not None:
        value, unit_label = fact["conscription_pct"], "%"
    elif fact.get("groups") is not None:
        value, unit_label = fact["groups"], "nhóm nhiệm vụ, giải pháp"
    record = PeriodTarget(
        unit=ctx.unit,
        year=ctx.year,
        period_from=term[0] if term else None,
        period_to=term[1] if term else None,
        topic=topic_from_text(str(fact.get("text", ""))),
        value=value,
        value_unit=unit_label,
        text=str(fact.get("text", "")) + (f" (nhiệm kỳ {format_term(*term)})" if term else ""),
    )
    return [_save(record, ctx)]


_STATEMENT_TOPICS = {
    "readiness_duty": StatementTopic.READINESS_DUTY,
    "rear_policy": StatementTopic.REAR_POLICY,
    "party_building": StatementTopic.PARTY_BUILDING,
    "covid_response": StatementTopic.COVID_RESPONSE,
}


def _statement(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    text = str(fact.get("text", ""))
    if fact["kind"] == "covid_response":
        text = text or f"Lực lượng {fact.get('by', '')} phối hợp tham gia phòng, chống dịch Covid-19"
    number = fact.get("count")
    record = ReportStatement(
        unit=ctx.unit,
        year=ctx.year,
        topic=_STATEMENT_TOPICS[fact["kind"]],
        quantified=number is not None,
        number=number,
        number_unit="chi bộ" if number is not None and fact["kind"] == "party_building" else "",
        text=text,
    )
    return [_save(record, ctx)]


def _grassroots(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    rating = ""
    for code, label in rules.grassroots_rating_choices():
        if search_key(label) == search_key(str(fact.get("rating", ""))):
            rating = code
    record = GrassrootsRating(
        unit=ctx.unit,
        year=ctx.year,
        rating=rating,
        bases_strong=fact.get("bases_strong"),
        bases_total=fact.get("bases_total"),
        clusters_strong=fact.get("clusters_strong"),
        clusters_total=fact.get("clusters_total"),
    )
    return [_save(record, ctx)]


def _coordination(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    forces = {search_key(str(f)) for f in fact.get("forces", []) or []}
    basis = str(fact.get("basis", ""))
    programme = fact["kind"] == "coordination_program"
    topic = str(fact.get("text", "")) or (
        f"Phối hợp giữa các lực lượng {', '.join(str(f) for f in fact.get('forces', []))} theo {basis}"
    )
    record = CoordinationEvent(
        unit=ctx.unit,
        year=ctx.year,
        kind=CoordinationKind.PROGRAMME if programme else CoordinationKind.EVENT,
        basis=basis,
        with_police="cong an" in forces,
        with_military="quan su" in forces,
        with_border_guard="bien phong" in forces,
        topic=topic,
    )
    return [_save(record, ctx)]


def _commitment(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    text = str(fact.get("text", ""))
    led_by = text.split(" ký ")[0] if " ký " in text else ""
    record = Commitment(unit=ctx.unit, year=ctx.year, led_by=led_by, parties_count=fact.get("parties"), topic=text)
    return [_save(record, ctx)]


def _movement(fact: dict[str, Any], ctx: Ctx) -> list[models.Model]:
    return [_save(SecurityMovementEntry(unit=ctx.unit, year=ctx.year, content=str(fact.get("text", ""))), ctx)]


HANDLERS: dict[str, Callable[[dict[str, Any], Ctx], list[models.Model]]] = {
    "meeting": _meeting,
    "meeting_report": _meeting_detail,
    "meeting_person": _meeting_detail,
    "conscription": _conscription,
    "training_course": _course,
    "student_education": _students,
    "cadre_training": _cadre,
    "drill": _drill,
    "patrol": _patrol,
    "award": _award,
    "award_received": _award_received,
    "foreign_affairs": _foreign_affairs,
    "foreigner_residence_check": _residence_check,
    "target": _target,
    "readiness_duty": _statement,
    "rear_policy": _statement,
    "party_building": _statement,
    "covid_response": _statement,
    "grassroots_rating": _grassroots,
    "coordination": _coordination,
    "coordination_program": _coordination,
    "commitment": _commitment,
    "security_movement": _movement,
}


def _figures(fact: dict[str, Any], ctx: Ctx) -> None:
    """Facts that are figures no registry counts go in through the figures layer: entered
    values (a completion %, the military party cells founded) and numeric targets."""
    from phongthu.core.periods import Period
    from phongthu.figures import services as figures

    kind = fact.get("kind")
    year = Period.year(ctx.year)
    if kind == "conscription" and fact.get("pct") is not None:
        figures.enter_values(
            unit=ctx.unit, period=year, values={"conscription.completion_pct": fact["pct"]}, user=ctx.actor, system=True
        )
    elif kind == "party_building" and fact.get("count") is not None:
        figures.enter_values(
            unit=ctx.unit, period=year, values={"party.cells_established": fact["count"]}, user=ctx.actor, system=True
        )
    elif kind == "target":
        term = parse_term(str(fact.get("period", "")))
        period = Period.parse(f"{term[0]}-{term[1]}") if term else year
        for key, code in (
            ("conscription_pct", "conscription.completion_pct"),
            ("reserve_pct", "reserve.completion_pct"),
        ):
            if fact.get(key) is not None:
                figures.set_targets(
                    unit=ctx.unit, period=period, indicator=code, value=fact[key], user=ctx.actor, system=True
                )


def load_seed_facts(*, actor: User, path: Path | None = None, load_units: bool = False) -> SeedReport:
    """Enter every fact; `actor` needs the right to add records in the reporting units."""
    data = read_facts(path)
    report = SeedReport()
    with change_context(user=actor, job_id="load-seed-facts"), transaction.atomic():
        ensure_localities(load_units=load_units)
        for file, block in data.items():
            facts = block.get("facts", [])
            meeting_fact = next((f for f in facts if f.get("kind") == "meeting"), None)
            day = datetime.date.fromisoformat(str(meeting_fact["date"])) if meeting_fact else datetime.date(2020, 1, 1)
            unit = find_district(str(block["unit"]), on=day)
            ctx = Ctx(file=file, index=0, unit=unit, year=day.year, day=day, actor=actor, meeting=None)
            for index, fact in enumerate(facts, start=1):
                kind = str(fact.get("kind", ""))
                handler = HANDLERS.get(kind)
                if handler is None:
                    raise SeedFactsError(f"{file}: dữ kiện {index} có loại “{kind}” chưa được hỗ trợ.")
                # A fact's own year wins; otherwise the report's (meeting) year.
                year = int(fact.get("year") or day.year)
                ctx = Ctx(file=file, index=index, unit=unit, year=year, day=day, actor=actor, meeting=ctx.meeting)
                records = handler(fact, ctx)
                _figures(fact, ctx)
                report.facts.append(
                    LoadedFact(file=file, index=index, kind=kind, unit=unit, year=year, records=records)
                )
    return report
