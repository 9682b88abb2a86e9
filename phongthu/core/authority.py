"""Authority as data, checked once: who performs an action on a unit's records on a date.

Reach (`scoping`) says whose records a user may touch; authority says which *office* decides
(codes.md §4). Each app declares its rows in `<app>/authority.py` and registers them here; the
same table answers `GET /api/v1/authority/`, renders the authority page, hides buttons and is
checked by `require()` in every action, transition and allocation — UI, API, imports and jobs.

A user acts *for* an office: they may record its decision only when assigned, with one of the
rule's roles and write access, to the unit where that office sits on the action's date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from phongthu.core import regimes, scoping
from phongthu.core.legal import citation_text
from phongthu.core.types import Actor

# Levels where an office sits; RECORD is the record's own unit, whatever its level.
NATIONAL = "NATIONAL"
PROVINCE = "PROVINCE"
REGION = "REGION"
DISTRICT = "DISTRICT"
COMMUNE = "COMMUNE"
RECORD = "RECORD"
LEVEL_LABELS = {
    NATIONAL: _("Trung ương"),
    PROVINCE: _("Cấp tỉnh"),
    REGION: _("Khu vực phòng thủ"),
    DISTRICT: _("Cấp huyện (trước 1/7/2025)"),
    COMMUNE: _("Cấp xã"),
    RECORD: _("Đơn vị của hồ sơ"),
}

# Roles (accounts.Role values) that record an office's decisions at each level.
STAFF_OF_LEVEL: dict[str, frozenset[str]] = {
    PROVINCE: frozenset({"PROVINCE_STAFF"}),
    REGION: frozenset({"REGION_STAFF"}),
    DISTRICT: frozenset({"REGION_STAFF", "PROVINCE_STAFF"}),
    COMMUNE: frozenset({"COMMUNE_STAFF"}),
    NATIONAL: frozenset(),
}
ROLE_LABELS = {
    "PROVINCE_STAFF": _("cán bộ cấp tỉnh"),
    "REGION_STAFF": _("cán bộ Ban CHPTKV"),
    "COMMUNE_STAFF": _("cán bộ cấp xã"),
    "COUNCIL_MEMBER": _("thành viên hội đồng"),
    "PROVINCE_ADMIN": _("quản trị cấp tỉnh"),
    "ADMIN": _("quản trị hệ thống"),
}


class Office(models.TextChoices):
    PC_CHAIR = "PC_CHAIR", _("Chủ tịch Ủy ban nhân dân")
    MC_COMMANDER = "MC_COMMANDER", _("Chỉ huy trưởng cơ quan quân sự")
    NVQS_COUNCIL = "NVQS_COUNCIL", _("Hội đồng nghĩa vụ quân sự")
    HEALTH_COUNCIL = "HEALTH_COUNCIL", _("Hội đồng khám sức khỏe nghĩa vụ quân sự")
    EMULATION_COUNCIL = "EMULATION_COUNCIL", _("Hội đồng thi đua, khen thưởng")
    MOD_MINISTER = "MOD_MINISTER", _("Bộ trưởng Bộ Quốc phòng")
    MR_COMMANDER = "MR_COMMANDER", _("Tư lệnh Quân khu")
    POLICE_DIRECTOR = "POLICE_DIRECTOR", _("Giám đốc Công an cấp tỉnh")
    PRIME_MINISTER = "PRIME_MINISTER", _("Thủ tướng Chính phủ")


@dataclass(frozen=True)
class ActionCode:
    code: str
    label: str
    contract: bool = False  # one of codes.md §4 (binding HTTP contract)
    needs_title: bool = False


@dataclass(frozen=True)
class Rule:
    """One office that performs `action` under the listed regimes; first registered decides."""

    action: str
    office: str
    level: str
    citation: str
    regimes: frozenset[str] = frozenset({regimes.PRE_2025, regimes.FROM_2025_07})
    roles: frozenset[str] | None = None  # default: the staff of the office's level
    titles: frozenset[str] | None = None  # AWARD_DECIDE: the titles this office may grant

    def recording_roles(self, level: str) -> frozenset[str]:
        return self.roles if self.roles is not None else STAFF_OF_LEVEL.get(level, frozenset())


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    level: str


@dataclass(frozen=True)
class OfficeAnswer:
    office: str
    level: str
    unit: UnitRef | None
    title: str
    citation: str
    rule: Rule = field(compare=False, repr=False)
    holder_name: str = ""

    def recording_roles(self) -> frozenset[str]:
        """The roles that record this office's decisions (the row's, else the staff of its level)."""
        level = self.unit.level if self.unit is not None and self.level == RECORD else self.level
        return self.rule.recording_roles(level)

    def as_json(self) -> dict[str, Any]:
        return {
            "office": self.office,
            "level": self.level if self.level != RECORD else (self.unit.level if self.unit else self.level),
            "unit": self.unit.id if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "title": self.title,
            "holder_name": self.holder_name,
            "citation": self.citation,
        }


class UnitTree(Protocol):
    """What authority needs of the dated unit tree; `units` provides it (core knows no app)."""

    def get(self, unit_id: int) -> UnitRef | None: ...

    def exists_on(self, unit_id: int, on: datetime.date) -> bool: ...

    def ancestor_at(self, unit_id: int, level: str, on: datetime.date) -> UnitRef | None: ...

    def holder(self, unit_id: int, office: str, on: datetime.date) -> str: ...


class RoleSource(Protocol):
    def holds(self, user: Actor, roles: frozenset[str], unit_id: int) -> bool: ...


class AuthorityQueryError(ValidationError):
    """A question the table cannot answer (unknown action, missing title, no such unit)."""


_codes: dict[str, ActionCode] = {}
_rules: list[Rule] = []
_providers: dict[str, Any] = {}


def define(*codes: ActionCode) -> None:
    for code in codes:
        _codes[code.code] = code


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.action not in _codes:
            raise ValueError(f"authority rule for undefined action {rule.action!r}")
        if rule not in _rules:
            _rules.append(rule)


def provide(*, tree: UnitTree | None = None, roles: RoleSource | None = None) -> None:
    if tree is not None:
        _providers["tree"] = tree
    if roles is not None:
        _providers["roles"] = roles


def codes() -> list[ActionCode]:
    return list(_codes.values())


def code(action: str) -> ActionCode:
    try:
        return _codes[action]
    except KeyError:
        raise AuthorityQueryError(
            {"action": [_("Không có thao tác “%(a)s” trong bảng thẩm quyền.") % {"a": action}]}
        ) from None


def rules(action: str | None = None) -> list[Rule]:
    return [r for r in _rules if action is None or r.action == action]


def known_titles(action: str) -> frozenset[str]:
    found: set[str] = set()
    for rule in rules(action):
        found |= rule.titles or set()
    return frozenset(found)


def _tree() -> UnitTree:
    return _providers["tree"]


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name else name


def office_title(office: str, level: str, unit: UnitRef | None) -> str:
    """The signer's title in full, as it appears on the document."""
    where = _lower_first(unit.name) if unit else ""
    if office == Office.PC_CHAIR:
        return f"Chủ tịch Ủy ban nhân dân {where}"
    if office == Office.MC_COMMANDER:
        if unit is not None and unit.level == REGION:
            return f"Chỉ huy trưởng {unit.name}"
        body = "Bộ Chỉ huy quân sự" if unit is not None and unit.level == PROVINCE else "Ban Chỉ huy quân sự"
        return f"Chỉ huy trưởng {body} {where}"
    if office == Office.NVQS_COUNCIL:
        return f"Chủ tịch Hội đồng nghĩa vụ quân sự {where}"
    if office == Office.HEALTH_COUNCIL:
        return f"Chủ tịch Hội đồng khám sức khỏe nghĩa vụ quân sự {where}"
    if office == Office.EMULATION_COUNCIL:
        return f"Hội đồng Thi đua - Khen thưởng {where}"
    if office == Office.POLICE_DIRECTOR:
        return f"Giám đốc Công an {where}"
    return str(Office(office).label)


def _screen_title(answer: OfficeAnswer) -> str:
    """The office as a screen names it: the document's title in Vietnamese, else the office's
    label and the unit's name (a name stays as written)."""
    if (translation.get_language() or "vi").startswith("vi") or answer.unit is None:
        return answer.title
    return f"{Office(answer.office).label} — {answer.unit.name}"


def _resolve(rule: Rule, unit_id: int, on: datetime.date) -> UnitRef | None:
    if rule.level == NATIONAL:
        return None
    if rule.level == RECORD:
        return _tree().get(unit_id)
    return _tree().ancestor_at(unit_id, rule.level, on)


def offices(action: str, unit_id: int, on: datetime.date, title: str | None = None) -> list[OfficeAnswer]:
    """Every office that performs `action` on `unit_id`'s records on `on`, deciding one first."""
    spec = code(action)
    if spec.needs_title and not title:
        raise AuthorityQueryError({"title": [_("Thao tác này cần mã danh hiệu hoặc hình thức khen thưởng (title).")]})
    if title and spec.needs_title and title not in known_titles(action):
        raise AuthorityQueryError(
            {"title": [_("Không có danh hiệu hoặc hình thức khen thưởng “%(t)s”.") % {"t": title}]}
        )
    tree = _tree()
    if tree.get(unit_id) is None or not tree.exists_on(unit_id, on):
        raise AuthorityQueryError(
            {"unit": [_("Đơn vị %(u)s không tồn tại vào ngày %(d)s.") % {"u": unit_id, "d": f"{on:%d/%m/%Y}"}]}
        )
    regime = regimes.regime_on(on).code
    answers: list[OfficeAnswer] = []
    for rule in rules(action):
        if regime not in rule.regimes or (spec.needs_title and title not in (rule.titles or ())):
            continue
        where = _resolve(rule, unit_id, on)
        if where is None and rule.level != NATIONAL:
            continue  # e.g. a post-2025 ward has no district above it
        answers.append(
            OfficeAnswer(
                office=rule.office,
                level=rule.level,
                unit=where,
                title=office_title(rule.office, rule.level, where),
                citation=rule.citation,
                rule=rule,
                holder_name=tree.holder(where.id, rule.office, on) if where else "",
            )
        )
    return answers


def _holds(user: Actor, answer: OfficeAnswer) -> bool:
    if answer.unit is None or user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = answer.recording_roles()
    return bool(roles) and _providers["roles"].holds(user, roles, answer.unit.id)


def acting_for(office: OfficeAnswer | None) -> AbstractContextManager[None]:
    """The reach of a step performed for `office`: its writes reach the subtree of the office's
    unit through the user's recording assignment there (`scoping.acting`) — how a council, whose
    role grants no generic write, records the steps its row names. Nothing without an office."""
    if office is None or office.unit is None:
        return nullcontext()
    return scoping.acting(office.recording_roles(), office.unit.id)


def named_roles(action: str) -> frozenset[str]:
    """The roles the action's rows name explicitly (e.g. COUNCIL_MEMBER), not the level's staff."""
    found: set[str] = set()
    for rule in rules(action):
        found |= rule.roles or set()
    return frozenset(found)


# Narrows the offices to the one a record names (e.g. the award's addressee among all who may grant its title).
Accept = Callable[[OfficeAnswer], bool]


def performing_office(
    user: Actor, action: str, unit_id: int, on: datetime.date, title: str | None = None, accept: Accept | None = None
) -> OfficeAnswer | None:
    for answer in offices(action, unit_id, on, title):
        if (accept is None or accept(answer)) and _holds(user, answer):
            return answer
    return None


def allowed(
    user: Actor,
    action: str,
    unit_id: int | None,
    on: datetime.date,
    title: str | None = None,
    accept: Accept | None = None,
) -> bool:
    if unit_id is None:
        return False
    try:
        return performing_office(user, action, unit_id, on, title, accept) is not None
    except AuthorityQueryError:
        return False


def refusal(
    action: str, unit_id: int, on: datetime.date, title: str | None = None, accept: Accept | None = None
) -> str:
    """Why a user may not: who does, at which unit, under which article."""
    label = _(code(action).label)  # declared in Vietnamese, shown in the reader's language
    answers = [a for a in offices(action, unit_id, on, title) if accept is None or accept(a)]
    if not answers:
        return str(_("Không có cơ quan nào trong hệ thống có thẩm quyền “%(a)s” vào ngày %(d)s.")) % {
            "a": label,
            "d": f"{on:%d/%m/%Y}",
        }
    parts = []
    for a in answers:
        roles = a.rule.recording_roles(a.unit.level if a.unit and a.level == RECORD else a.level)
        who = ", ".join(str(ROLE_LABELS.get(r, r)) for r in sorted(roles)) or str(_("không ai trong hệ thống"))
        parts.append(
            str(_("%(t)s (%(c)s) — ghi nhận bởi %(w)s được phân công tại đơn vị đó"))
            % {"t": _screen_title(a), "c": citation_text(a.citation), "w": who}
        )
    return str(_("Việc “%(a)s” ngày %(d)s thuộc thẩm quyền của: %(w)s.")) % {
        "a": label,
        "d": f"{on:%d/%m/%Y}",
        "w": "; ".join(parts),
    }


def require(
    user: Actor,
    action: str,
    unit_id: int | None,
    on: datetime.date | None = None,
    title: str | None = None,
    accept: Accept | None = None,
) -> OfficeAnswer:
    """The one check: returns the office the user acts for, or refuses with the reason."""
    day = on or datetime.date.today()
    if unit_id is None:
        raise PermissionDenied(_("Hồ sơ không gắn với đơn vị nào: không xác định được thẩm quyền."))
    try:
        found = performing_office(user, action, unit_id, day, title, accept)
    except AuthorityQueryError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    if found is None:
        raise PermissionDenied(refusal(action, unit_id, day, title, accept))
    return found


def table() -> list[dict[str, Any]]:
    """Every declared action, one row each, with who performs it under each legal regime."""
    out: list[dict[str, Any]] = []
    for spec in codes():
        by_regime: dict[str, list[dict[str, Any]]] = {r.code: [] for r in regimes.REGIMES}
        for rule in rules(spec.code):
            level = rule.level if rule.level != RECORD else COMMUNE
            roles = rule.recording_roles(level)
            for regime in rule.regimes:
                by_regime[regime].append(
                    {
                        "office": str(Office(rule.office).label),
                        "level": str(LEVEL_LABELS[rule.level]),
                        "roles": ", ".join(str(ROLE_LABELS.get(r, r)) for r in sorted(roles)),
                        "titles": len(rule.titles or ()),
                        "citation": rule.citation,
                    }
                )
        out.append(
            {
                "code": spec.code,
                "label": spec.label,
                "contract": spec.contract,
                "regimes": [by_regime[r.code] for r in regimes.REGIMES],
            }
        )
    return out
