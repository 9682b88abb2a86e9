"""Counting records into figures: live (one aggregate in the database) or from the maintained
per-unit, per-month aggregates (`models.Aggregate`), always over a unit's reach as of a date
(lineage included: `units.UnitScope`). The engine knows models only by their label."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from phongthu.core import scoping
from phongthu.core.periods import Period, PeriodKind
from phongthu.figures.models import Aggregate
from phongthu.figures.registry import Counted, Indicator
from phongthu.units.models import UnitScope

ZERO = Decimal(0)


def whole_years(period: Period) -> list[int]:
    return [y for y in period.years if period.contains_period(Period.year(y))]


def period_q(c: Counted, period: Period) -> Q:
    """Records placed in `period`: by their date, else (no date) by a year wholly inside."""
    years = whole_years(period)
    if c.date_field:
        q = Q(**{f"{c.date_field}__range": (period.start, period.end)})
        if c.year_field and years:
            q |= Q(**{f"{c.date_field}__isnull": True, f"{c.year_field}__in": years})
        return q
    return Q(**{f"{c.year_field}__in": years}) if years else Q(pk__in=[])


def model_of(c: Counted) -> Any:
    return apps.get_model(c.model)


def base_queryset(c: Counted, *, user: Any = None) -> QuerySet[Any]:
    model = model_of(c)
    qs: QuerySet[Any] = model._default_manager.all()
    if user is not None:
        qs = qs.restrict(user, scoping.VIEW)  # type: ignore[attr-defined]
    if c.filter is not None:
        qs = qs.filter(c.filter)
    if c.annotate is not None:
        qs = c.annotate(qs)
    return qs


def records(ind: Indicator, period: Period, *, reach: Any = None, user: Any = None) -> QuerySet[Any]:
    """The records `ind` counts for `period` (within `reach` unit ids and the user's scope)."""
    c = ind.counted
    assert c is not None
    qs = base_queryset(c, user=user)
    qs = qs.filter(c.in_force(period.end)) if c.in_force is not None else qs.filter(period_q(c, period))
    if reach is not None:
        qs = qs.filter(**{f"{c.unit_field}__in": reach})
    return qs


def aggregate_expr(c: Counted, extra: Q | None = None) -> Any:
    if c.aggregate == "sum":
        return Sum(c.field, filter=extra)
    return Count(c.field, filter=extra, distinct=c.aggregate == "distinct")


def reach_ids(unit_id: int) -> QuerySet[Any]:
    """The unit, everything ever under it and its predecessors' reach."""
    return UnitScope.objects.filter(ancestor_id=unit_id).values("descendant_id")


def _breakdown_aggs(c: Counted) -> dict[str, Any]:
    aggs = {"total": aggregate_expr(c)}
    for i, (_key, q) in enumerate(c.breakdown):
        aggs[f"b{i}"] = aggregate_expr(c, q)
    return aggs


def _unpack(c: Counted, row: dict[str, Any]) -> tuple[Decimal, dict[str, Decimal]]:
    total = Decimal(row.get("total") or 0)
    breakdown = {key: Decimal(row.get(f"b{i}") or 0) for i, (key, _q) in enumerate(c.breakdown)}
    return total, breakdown


def uses_aggregates(ind: Indicator, period: Period) -> bool:
    c = ind.counted
    return c is not None and c.summable and period.kind is not PeriodKind.RANGE


def _bucket_q(period: Period) -> Q:
    """Aggregate buckets inside a month-aligned period."""
    q = Q(pk__in=[])
    years = whole_years(period)
    if years:
        q |= Q(year__in=years)
    for y in period.years:
        if y in years:
            continue
        first = period.start.month if y == period.start.year else 1
        last = period.end.month if y == period.end.year else 12
        q |= Q(year=y, month__gte=first, month__lte=last)
    return q


def _scoped_units(user: Any) -> Any:
    return None if user is None else scoping.unit_scope_query(user, scoping.VIEW)


def counted_total(
    ind: Indicator, unit_id: int, period: Period, *, user: Any = None
) -> tuple[Decimal, dict[str, Decimal], bool]:
    """(value, breakdown, records exist) of a counted indicator over the unit's reach."""
    c = ind.counted
    assert c is not None
    if c.own_first:
        own = _counted_over(ind, [unit_id], period, user)
        if own[2]:
            return own
        return _counted_over(ind, reach_without(unit_id), period, user)
    return _counted_over(ind, reach_ids(unit_id), period, user)


def reach_without(unit_id: int) -> QuerySet[Any]:
    return UnitScope.objects.filter(ancestor_id=unit_id).exclude(descendant_id=unit_id).values("descendant_id")


def _counted_over(ind: Indicator, reach: Any, period: Period, user: Any) -> tuple[Decimal, dict[str, Decimal], bool]:
    c = ind.counted
    assert c is not None
    if uses_aggregates(ind, period):
        rows = Aggregate.objects.filter(_bucket_q(period), indicator=ind.code, unit_id__in=reach)
        scope = _scoped_units(user)
        if scope is not None:
            rows = rows.filter(unit_id__in=scope)
        by_option = {o: Decimal(v or 0) for o, v in rows.values_list("option").annotate(v=Sum("value")).order_by()}
        exists = "" in by_option
        total = by_option.pop("", ZERO)
        breakdown = {key: by_option.get(key, ZERO) for key, _q in c.breakdown}
        return total, breakdown, exists
    row = records(ind, period, reach=reach, user=user).aggregate(n=Count("pk"), **_breakdown_aggs(c))
    total, breakdown = _unpack(c, row)
    return total, breakdown, bool(row["n"])


def counted_by_unit(ind: Indicator, period: Period, unit_ids: Any, *, user: Any = None) -> dict[int, Decimal]:
    """{record-owning unit id: value} for the units in `unit_ids` (a queryset or list)."""
    c = ind.counted
    assert c is not None
    if uses_aggregates(ind, period):
        rows = Aggregate.objects.filter(_bucket_q(period), indicator=ind.code, option="", unit_id__in=unit_ids)
        scope = _scoped_units(user)
        if scope is not None:
            rows = rows.filter(unit_id__in=scope)
        return {u: Decimal(v or 0) for u, v in rows.values_list("unit_id").annotate(v=Sum("value")).order_by()}
    qs = records(ind, period, reach=unit_ids, user=user)
    return {
        row[c.unit_field]: Decimal(row["v"] or 0)
        for row in qs.values(c.unit_field).annotate(v=aggregate_expr(c)).order_by()
    }


# -- maintained aggregates --------------------------------------------------------------------


def _bucket_values(c: Counted) -> tuple[Any, Any]:
    year: Any
    month: Any
    if c.date_field:
        year = (
            ExtractYear(c.date_field)
            if not c.year_field
            else Coalesce(ExtractYear(c.date_field), F(c.year_field), output_field=IntegerField())
        )
        month = Coalesce(ExtractMonth(c.date_field), Value(0), output_field=IntegerField())
    else:
        year, month = F(c.year_field), Value(0)
    return year, month


bucket_values = _bucket_values  # (year, month) expressions placing a record in its bucket


def bucket_rows(ind: Indicator, *, unit_ids: Any = None, years: Any = None) -> list[Aggregate]:
    """Aggregate rows of `ind` from the records (all, or for some units and years)."""
    c = ind.counted
    assert c is not None and c.summable
    qs = base_queryset(c)
    if unit_ids is not None:
        qs = qs.filter(**{f"{c.unit_field}__in": unit_ids})
    year, month = _bucket_values(c)
    qs = qs.annotate(_fy=year, _fm=month)
    if years is not None:
        qs = qs.filter(_fy__in=years)
    out: list[Aggregate] = []
    options = [("", None), *c.breakdown]
    aggs = {f"o{i}": aggregate_expr(c, q) for i, (_k, q) in enumerate(options)}
    for row in qs.values(c.unit_field, "_fy", "_fm").annotate(**aggs).order_by():
        if row[c.unit_field] is None or row["_fy"] is None:
            continue
        for i, (key, _q) in enumerate(options):
            value = row[f"o{i}"] or 0
            if value or key == "":
                out.append(
                    Aggregate(
                        indicator=ind.code,
                        unit_id=row[c.unit_field],
                        year=row["_fy"],
                        month=row["_fm"] or 0,
                        option=key,
                        value=Decimal(value),
                    )
                )
    return out


def refresh_buckets(ind: Indicator, unit_ids: set[int], years: set[int]) -> None:
    """Recount the buckets of some units and years (called in the writing transaction)."""
    refresh_many([ind], unit_ids, years)


def _shape(c: Counted) -> tuple[str, str, str, bool]:
    return (c.unit_field, c.date_field, c.year_field, c.annotate is None)


def refresh_many(indicators: list[Indicator], unit_ids: set[int], years: set[int]) -> None:
    """Recount the buckets of some units and years for several indicators of one model: one
    grouped query for those that place and attribute records the same way, one delete, one
    insert (the write path of every counted record)."""
    groups: dict[tuple[str, str, str, bool], list[Indicator]] = {}
    for ind in indicators:
        assert ind.counted is not None
        key = _shape(ind.counted)
        groups.setdefault(key if key[3] else (ind.code, "", "", False), []).append(ind)
    rows: list[Aggregate] = []
    for members in groups.values():
        if len(members) == 1:
            rows += bucket_rows(members[0], unit_ids=list(unit_ids), years=list(years))
            continue
        c0 = members[0].counted
        assert c0 is not None
        qs = model_of(c0)._default_manager.filter(**{f"{c0.unit_field}__in": list(unit_ids)})
        year, month = _bucket_values(c0)
        qs = qs.annotate(_fy=year, _fm=month).filter(_fy__in=list(years))
        aggs: dict[str, Any] = {}
        keys: list[tuple[Indicator, str, str]] = []
        for i, ind in enumerate(members):
            c = ind.counted
            assert c is not None
            aggs[f"n{i}"] = Count("pk", filter=c.filter)
            for j, (option, q) in enumerate([("", None), *c.breakdown]):
                both = c.filter if q is None else (q if c.filter is None else c.filter & q)
                name = f"i{i}o{j}"
                aggs[name] = aggregate_expr(c, both)
                keys.append((ind, option, name))
        for row in qs.values(c0.unit_field, "_fy", "_fm").annotate(**aggs).order_by():
            if row[c0.unit_field] is None or row["_fy"] is None:
                continue
            present = {ind.code for i, ind in enumerate(members) if row[f"n{i}"]}
            for ind, option, name in keys:
                value = row[name] or 0
                # a bucket exists for an indicator only where it counts records (as in bucket_rows)
                if ind.code in present and (value or option == ""):
                    rows.append(
                        Aggregate(
                            indicator=ind.code,
                            unit_id=row[c0.unit_field],
                            year=row["_fy"],
                            month=row["_fm"] or 0,
                            option=option,
                            value=Decimal(value),
                        )
                    )
    Aggregate.objects.filter(indicator__in=[i.code for i in indicators], unit_id__in=unit_ids, year__in=years).delete()
    Aggregate.objects.bulk_create(rows)


def _walk(obj: Any, path: str) -> Any:
    *parents, last = path.split("__")
    for part in parents:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, last, None)


def bucket_key(ind: Indicator, obj: Any) -> tuple[int | None, int | None]:
    c = ind.counted
    assert c is not None
    unit_id = _walk(obj, f"{c.unit_field}_id")
    day = _walk(obj, c.date_field) if c.date_field else None
    year = day.year if isinstance(day, datetime.date) else (_walk(obj, c.year_field) if c.year_field else None)
    return unit_id, year


def recompute(codes: list[str] | None = None) -> int:
    """Rebuild the maintained aggregates from the records (all summable counted indicators, or
    `codes`); returns the number of rows written. The live path must give the same numbers."""
    from django.db import transaction

    from phongthu.figures.registry import all_indicators

    written = 0
    with transaction.atomic():
        for ind in all_indicators():
            if ind.counted is None or not ind.counted.summable or (codes and ind.code not in codes):
                continue
            Aggregate.objects.filter(indicator=ind.code).delete()
            rows = bucket_rows(ind)
            Aggregate.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def reach_map(unit_ids: list[int]) -> dict[int, list[int]]:
    """descendant unit id → the units among `unit_ids` whose reach holds it (one query)."""
    out: dict[int, list[int]] = {}
    for descendant, ancestor in UnitScope.objects.filter(ancestor_id__in=unit_ids).values_list(
        "descendant_id", "ancestor_id"
    ):
        out.setdefault(descendant, []).append(ancestor)
    return out


def counted_many(
    ind: Indicator, unit_ids: list[int], period: Period, mapping: dict[int, list[int]], *, user: Any = None
) -> dict[int, tuple[Decimal, dict[str, Decimal], bool]]:
    """`counted_total` for many units in one grouped query."""
    c = ind.counted
    assert c is not None
    reach = UnitScope.objects.filter(ancestor_id__in=unit_ids).values("descendant_id")
    per_raw: dict[int, tuple[Decimal, dict[str, Decimal]]] = {}
    if uses_aggregates(ind, period):
        rows = Aggregate.objects.filter(_bucket_q(period), indicator=ind.code, unit_id__in=reach)
        scope = _scoped_units(user)
        if scope is not None:
            rows = rows.filter(unit_id__in=scope)
        for unit_id, option, value in rows.values_list("unit_id", "option").annotate(v=Sum("value")).order_by():
            total, breakdown = per_raw.setdefault(unit_id, (ZERO, {}))
            if option:
                breakdown[option] = breakdown.get(option, ZERO) + Decimal(value or 0)
            else:
                per_raw[unit_id] = (total + Decimal(value or 0), breakdown)
    else:
        qs = records(ind, period, reach=reach, user=user)
        for row in qs.values(c.unit_field).annotate(n=Count("pk"), **_breakdown_aggs(c)).order_by():
            if row["n"]:
                per_raw[row[c.unit_field]] = _unpack(c, row)
    return _distribute(c, unit_ids, per_raw, mapping)


def _distribute(
    c: Counted,
    unit_ids: list[int],
    per_raw: dict[int, tuple[Decimal, dict[str, Decimal]]],
    mapping: dict[int, list[int]],
) -> dict[int, tuple[Decimal, dict[str, Decimal], bool]]:
    """Per record-owning unit values → per asked unit (its reach; own-first where declared)."""
    keys = [key for key, _q in c.breakdown]
    totals: dict[int, Decimal] = {}
    parts: dict[int, dict[str, Decimal]] = {}
    owned = {u for u in unit_ids if u in per_raw} if c.own_first else set()
    for raw, (total, breakdown) in per_raw.items():
        for unit_id in mapping.get(raw, ()):
            if owned and unit_id in owned and raw != unit_id:
                continue  # own-first: the unit's own rows stand alone
            totals[unit_id] = totals.get(unit_id, ZERO) + total
            if keys:
                merged = parts.setdefault(unit_id, {})
                for key, value in breakdown.items():
                    merged[key] = merged.get(key, ZERO) + value
    out: dict[int, tuple[Decimal, dict[str, Decimal], bool]] = {}
    for unit_id in unit_ids:
        found = totals.get(unit_id)
        merged = parts.get(unit_id, {}) if keys else {}
        breakdown = {key: merged.get(key, ZERO) for key in keys} if keys else {}
        out[unit_id] = (ZERO, breakdown, False) if found is None else (found, breakdown, True)
    return out


def counted_bulk(
    indicators: list[Indicator],
    unit_ids: list[int],
    periods: Period | list[Period],
    mapping: dict[int, list[int]],
    *,
    user: Any = None,
    scope_holds: bool = False,
) -> dict[Period, dict[str, dict[int, tuple[Decimal, dict[str, Decimal], bool]]]]:
    """`counted_many` for many indicators and periods (this period and last year's): the
    aggregate-backed ones in one grouped query for every period together (a filtered sum per
    period), the live ones one query per indicator and period. `scope_holds` when the caller
    knows the user's scope holds the whole reach: a filter on the unit the rows are counted by
    would change nothing and is left out."""
    many = [periods] if isinstance(periods, Period) else list(dict.fromkeys(periods))
    out: dict[Period, dict[str, dict[int, tuple[Decimal, dict[str, Decimal], bool]]]] = {p: {} for p in many}
    by_bucket = [p for p in many if p.kind is not PeriodKind.RANGE]
    via_buckets = [i for i in indicators if i.counted is not None and i.counted.summable]
    if via_buckets and by_bucket:
        reach = UnitScope.objects.filter(ancestor_id__in=unit_ids).values("descendant_id")
        where = _bucket_q(by_bucket[0])
        for p in by_bucket[1:]:
            where |= _bucket_q(p)
        rows = Aggregate.objects.filter(where, indicator__in=[i.code for i in via_buckets], unit_id__in=reach)
        scope = None if scope_holds else _scoped_units(user)
        if scope is not None:
            rows = rows.filter(unit_id__in=scope)
        sums = {f"v{k}": Sum("value", filter=_bucket_q(p)) for k, p in enumerate(by_bucket)}
        per_code: list[dict[str, dict[int, tuple[Decimal, dict[str, Decimal]]]]] = [
            {i.code: {} for i in via_buckets} for _p in by_bucket
        ]
        for row in rows.values_list("indicator", "unit_id", "option").annotate(**sums).order_by():
            code, unit_id, option = row[0], row[1], row[2]
            for k, value in enumerate(row[3:]):
                if value is None:
                    continue  # no bucket of this period
                per_raw = per_code[k][code]
                total, breakdown = per_raw.setdefault(unit_id, (ZERO, {}))
                if option:
                    breakdown[option] = breakdown.get(option, ZERO) + Decimal(value)
                else:
                    per_raw[unit_id] = (total + Decimal(value), breakdown)
        for k, p in enumerate(by_bucket):
            for ind in via_buckets:
                assert ind.counted is not None
                out[p][ind.code] = _distribute(ind.counted, unit_ids, per_code[k][ind.code], mapping)
    for p in many:
        for ind in indicators:
            if ind.counted is not None and ind.code not in out[p]:
                live_user = None if scope_holds and scoped_by_counted_unit(ind.counted) else user
                out[p][ind.code] = counted_many(ind, unit_ids, p, mapping, user=live_user)
    return out


def scoped_by_counted_unit(c: Counted) -> bool:
    """Whether the model's scope is the unit its records are counted by (then records within a
    reach the user's scope holds are all visible to the user)."""
    model = model_of(c)
    return getattr(model, "unit_path", None) == c.unit_field and getattr(model, "scope_extra_q", None) is None
