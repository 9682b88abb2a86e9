"""Writes of the figures engine: entered values, targets and their allocation down the tree.
Every check runs before the first write and all writes of one call are one transaction, so a
bad value leaves nothing half-written; every write is audited (the models are `audited`).
Submission and approval are actions (approval.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongthu.core import authority, scoping
from phongthu.core.display import vietnamese_number
from phongthu.core.periods import Period, PeriodError
from phongthu.figures import engine, registry
from phongthu.figures.models import Approval, ApprovalState, EnteredValue, Target
from phongthu.figures.registry import Indicator, data_set, option_label
from phongthu.figures.selectors import normalised, sub_units
from phongthu.units.choices import Hierarchy
from phongthu.units.models import Unit, UnitLink, valid_on
from phongthu.units.selectors import today

MAX_VALUE = Decimal("99999999999999")
REPORTING_LEVELS = {"PROVINCE", "REGION", "DISTRICT", "COMMUNE"}


def parse_period(raw: Any, *, field: str = "period") -> Period:
    if isinstance(raw, Period):
        return raw
    try:
        return Period.parse(str(raw or ""))
    except PeriodError as exc:
        raise ValidationError({field: [str(exc)]}) from None


def field_name(code: str, option: str = "") -> str:
    """The form/API field of one value: "mass.workdays" or "callup.delivered|branch=army"."""
    return f"{code}|{option}" if option else code


def _label(ind: Indicator, option: str = "") -> str:
    return f"“{ind.label}” ({option_label(option)})" if option else f"“{ind.label}”"


def parse_value(ind: Indicator, raw: Any, option: str = "") -> Decimal | None:
    """A typed value → Decimal (None when left empty); a Vietnamese message naming the field."""
    text = str(raw if raw is not None else "").strip().replace(" ", "")
    if text == "":
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 1.925,5
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") == 1 and len(text.split(".")[1]) == 3 and ind.integer:
        text = text.replace(".", "")  # 1.925 written the Vietnamese way
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("%(f)s: “%(v)s” không phải là số.") % {"f": _label(ind, option), "v": raw}) from None
    if not value.is_finite():
        raise ValidationError(_("%(f)s: “%(v)s” không phải là số.") % {"f": _label(ind, option), "v": raw})
    if value < 0:
        raise ValidationError(_("%(f)s: không được là số âm.") % {"f": _label(ind, option)})
    if ind.integer and value != value.to_integral_value():
        raise ValidationError(
            _("%(f)s: phải là số nguyên (%(m)s), không có phần lẻ.") % {"f": _label(ind, option), "m": ind.measure}
        )
    limit = Decimal(ind.maximum) if ind.maximum is not None else MAX_VALUE
    if value > limit:
        raise ValidationError(
            _("%(f)s: không được lớn hơn %(max)s.") % {"f": _label(ind, option), "max": vietnamese_number(limit)}
        )
    return value


def _check_period_kind(ind: Indicator, period: Period) -> None:
    if not ind.data_set:
        return
    ds = data_set(ind.data_set)
    if period.kind.value not in ds.period_kinds:
        kinds = ", ".join(KIND_LABELS.get(k, k) for k in ds.period_kinds)
        raise ValidationError(
            {
                "period": [
                    _("Biểu “%(d)s” nhập theo kỳ: %(k)s; kỳ %(p)s (%(l)s) không thuộc loại đó.")
                    % {"d": ds.label, "k": kinds, "p": period.code, "l": period.label}
                ]
            }
        )


KIND_LABELS = {
    "year": "năm",
    "half": "6 tháng",
    "quarter": "quý",
    "month": "tháng",
    "term": "giai đoạn",
    "range": "khoảng ngày",
}


def _check_write(user: Any, unit: Unit, action: str) -> None:
    scope = scoping.unit_scope_query(user, scoping.CHANGE)
    if scope is not None and not Unit.objects.filter(pk=unit.pk, pk__in=scope).exists():
        raise PermissionDenied(_("Đơn vị nằm ngoài phạm vi được giao cho bạn."))
    authority.require(user, action, unit.pk, today())


def assert_not_frozen(unit: Unit, period: Period) -> None:
    state = Approval.objects.filter(unit=unit, period=period.code).values_list("state", flat=True).first()
    if state == ApprovalState.APPROVED:
        raise ValidationError(
            {
                "period": [
                    _(
                        "Số liệu %(p)s của %(u)s đã được cấp trên duyệt và khóa. Muốn sửa, đề nghị cấp trên "
                        "mở khóa (có ghi lý do)."
                    )
                    % {"p": period.label, "u": unit.name}
                ]
            }
        )


def check_rules(values: dict[str, Decimal | None], *, severity: str = "error") -> dict[str, list[str]]:
    """Validation rules over one unit and period's values (by indicator code)."""
    errors: dict[str, list[str]] = {}
    for rule in registry.rules():
        if rule.severity != severity:
            continue
        left = values.get(rule.left)
        rights = [values.get(code) for code in rule.right]
        if left is None or any(r is None for r in rights):
            continue
        bound = sum((r for r in rights if r is not None), Decimal(0))
        broken = (rule.op == "<=" and left > bound) or (rule.op == ">=" and left < bound)
        if rule.op == "positive_if":
            broken = bound > 0 and left <= 0
        if broken:
            errors.setdefault(rule.left, []).append(_(rule.message))
    return errors


@transaction.atomic
def enter_values(
    *, unit: Unit, period: Period | str, values: dict[str, Any], user: Any, system: bool = False
) -> list[EnteredValue]:
    """Write the typed values of one unit and period (field name → text; "" deletes).

    Refused as a whole, with a message naming each bad field: a period outside the data set's
    type, a value of the wrong type or out of range, a counted indicator whose records exist,
    a broken validation rule, an approved (frozen) period."""
    period = parse_period(period)
    if not system:  # commands loading a unit's history (seed facts) act as the system
        _check_write(user, unit, "FIGURES_ENTER")
    assert_not_frozen(unit, period)
    errors: dict[str, list[str]] = {}
    parsed: dict[tuple[str, str], Decimal | None] = {}
    for name, raw in values.items():
        code, _sep, option = str(name).partition("|")
        try:
            ind = registry.get(code)
        except KeyError:
            errors.setdefault(name, []).append(_("Không có chỉ số “%(c)s”.") % {"c": code})
            continue
        try:
            if not ind.accepts_entry:
                raise ValidationError(_("%(f)s được tính từ sổ sách, không nhập tay.") % {"f": _label(ind)})
            if option and option.partition("=")[0] not in ind.dimensions:
                raise ValidationError(_("%(f)s không phân tổ theo “%(o)s”.") % {"f": _label(ind), "o": option})
            _check_period_kind(ind, period)
            value = parse_value(ind, raw, option)
            if value is not None and ind.counted is not None:
                _t, _b, exists = engine.counted_total(ind, unit.pk, period)
                if exists:
                    raise ValidationError(
                        _(
                            "%(f)s đã có bản ghi trong sổ sách cho kỳ này: số liệu được tính từ sổ sách, không nhập thêm."
                        )
                        % {"f": _label(ind)}
                    )
            parsed[(code, option)] = value
        except ValidationError as exc:
            messages = exc.message_dict.get("period", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            errors.setdefault(name, []).extend(messages)
    if not errors:
        current = {
            code: value
            for code, value in EnteredValue.objects.filter(unit=unit, period=period.code, option="").values_list(
                "indicator", "value"
            )
        }
        current.update({code: v for (code, option), v in parsed.items() if not option})
        for code, messages in check_rules(current).items():
            errors.setdefault(code, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    written = []
    for (code, option), value in parsed.items():
        existing = EnteredValue.objects.filter(unit=unit, period=period.code, indicator=code, option=option).first()
        if value is None:
            if existing is not None:
                existing.delete()
            continue
        row = existing or EnteredValue(unit=unit, indicator=code, option=option)
        row.set_period(period)
        row.value = value
        row.save()
        written.append(row)
    return written


def approver_unit(unit: Unit, period: Period) -> Unit | None:
    """The level above in the military chain in force at the period's end (Ban CHPTKV where it
    exists, else the province), else the civil parent (districts before 1/7/2025)."""
    for day in (period.end, today()):
        for hierarchy in (Hierarchy.MILITARY, Hierarchy.CIVIL):
            link = (
                UnitLink.objects.filter(valid_on(day), child=unit, hierarchy=hierarchy).select_related("parent").first()
            )
            if link is not None:
                return link.parent
    return None


@transaction.atomic
def set_targets(
    *,
    unit: Unit,
    period: Period | str,
    indicator: str,
    value: Any,
    user: Any,
    allocations: dict[int, Any] | None = None,
    system: bool = False,
) -> list[Target]:
    """Set a target for `unit` (the level above does; `value=None` keeps the one it has) and
    optionally allocate it to the unit's sub-units (the unit does); the allocations must add
    up: for all sub-units equal to the target, for some not more than it."""
    period = parse_period(period)
    try:
        ind = registry.get(indicator)
    except KeyError:
        raise ValidationError({"indicator": [_("Không có chỉ số “%(c)s”.") % {"c": indicator}]}) from None
    above = approver_unit(unit, period)
    scope = None if system else scoping.unit_scope_query(user, scoping.CHANGE)
    if scope is not None and not Unit.objects.filter(pk=unit.pk, pk__in=scope).exists():
        raise PermissionDenied(_("Đơn vị nằm ngoài phạm vi được giao cho bạn."))
    errors: dict[str, list[str]] = {}
    existing = Target.objects.filter(unit=unit, period=period.code, indicator=indicator).first()
    total: Decimal | None = None
    if value is not None and str(value).strip() != "":
        # The unit's own target is set by the level above (the province sets its own).
        if not system:
            authority.require(user, "FIGURES_TARGET", (above or unit).pk, today())
        try:
            total = parse_value(ind, value)
        except ValidationError as exc:
            errors["value"] = exc.messages
    elif existing is not None:
        total = existing.value
    else:
        errors["value"] = [_("Hãy nhập chỉ tiêu giao cho %(u)s.") % {"u": unit.name}]
    if allocations and not system:
        # Allocating down is the unit's own decision for its sub-units.
        authority.require(user, "FIGURES_TARGET", unit.pk, today())
    kids = {k.pk: k for k in sub_units(unit, period)}
    parts: dict[int, Decimal] = {}
    for kid_id, raw in (allocations or {}).items():
        kid = kids.get(int(kid_id))
        if kid is None:
            errors.setdefault("allocations", []).append(
                _("Đơn vị %(u)s không trực thuộc %(p)s trong kỳ %(k)s.")
                % {"u": kid_id, "p": unit.name, "k": period.code}
            )
            continue
        try:
            part = parse_value(ind, raw)
        except ValidationError as exc:
            errors.setdefault(f"allocations.{kid.pk}", []).extend(f"{kid.name}: {m}" for m in exc.messages)
            continue
        if part is not None:
            parts[kid.pk] = part
    if total is not None and parts:
        allocated = sum(parts.values(), Decimal(0))
        if allocated > total or (len(parts) == len(kids) and allocated != total):
            errors.setdefault("allocations", []).append(
                _("Tổng chỉ tiêu phân bổ cho các đơn vị trực thuộc (%(a)s) phải bằng chỉ tiêu của %(u)s (%(t)s).")
                % {
                    "a": vietnamese_number(normalised(allocated)),
                    "u": unit.name,
                    "t": vietnamese_number(normalised(total)),
                }
            )
    if errors:
        raise ValidationError(errors)
    assert total is not None
    written = [_put_target(unit, period, indicator, total)] if existing is None or existing.value != total else []
    written += [_put_target(kids[k], period, indicator, v) for k, v in parts.items()]
    return written


def _put_target(unit: Unit, period: Period, indicator: str, value: Decimal) -> Target:
    row = Target.objects.filter(unit=unit, period=period.code, indicator=indicator).first() or Target(
        unit=unit, indicator=indicator
    )
    row.set_period(period)
    row.value = value
    row.save()
    return row
