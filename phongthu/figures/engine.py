"""Counting records into figures: live (one aggregate in the database) or from the maintained
per-unit, per-month aggregates (`models.Aggregate`), always over a unit's reach as of a date
(lineage included: `units.UnitScope`). The engine knows models only by their label."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from phongthu.core import scoping
from phongthu.core.periods import Period, PeriodKind
from phongthu.figures.models import Aggregate
from phongthu.figures.registry import Counted, Indicator
from phongthu.units.models import Reattribution, UnitScope

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
    """The unit, everything ever under it and its predecessors' reach, where its figures count:
    an old unit split among several successors counts in its designated successor only (the
    write rows of `UnitScope`), as `units.rollup` counts it; re-attributed records move apart."""
    return UnitScope.objects.filter(ancestor_id=unit_id, write=True).values("descendant_id")


def reach_of(unit_ids: list[int]) -> QuerySet[Any]:
    """`reach_ids` of many units (a sub-query)."""
    return UnitScope.objects.filter(ancestor_id__in=unit_ids, write=True).values("descendant_id")


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
    """(value, breakdown, records exist) of a counted indicator over the unit's reach (the same
    grouped read as many units: lineage, own-first and re-attributed records alike)."""
    return counted_many(ind, [unit_id], period, reach_map([unit_id]), user=user)[unit_id]


def reach_without(unit_id: int) -> QuerySet[Any]:
    return reach_ids(unit_id).exclude(descendant_id=unit_id)


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
    for descendant, ancestor in UnitScope.objects.filter(ancestor_id__in=unit_ids, write=True).values_list(
        "descendant_id", "ancestor_id"
    ):
        out.setdefault(descendant, []).append(ancestor)
    return out


Moves = dict[str, dict[int, list[Any]]]  # model label (lower case) → {unit counted in: [record pks]}


def moved_records(labels: Any) -> Moves:
    """Per-record re-attributions (`units.Reattribution`) of the models `labels`, one query:
    a record of a split unit counted under another successor than the designated one."""
    wanted = {str(label).lower() for label in labels}
    if not wanted:
        return {}
    where = Q(pk__in=[])
    for label in wanted:
        app_label, _dot, model = label.partition(".")
        where |= Q(content_type__app_label=app_label, content_type__model=model)
    out: Moves = {}
    rows = Reattribution.objects.filter(where).values_list(
        "content_type__app_label", "content_type__model", "object_id", "to_unit_id"
    )
    for app_label, model, object_id, to_unit in rows:
        label = f"{app_label}.{model}"
        pk = apps.get_model(label)._meta.pk.to_python(object_id)
        out.setdefault(label, {}).setdefault(to_unit, []).append(pk)
    return out


Raw = dict[int, tuple[Decimal, dict[str, Decimal]]]  # record-owning (or re-attributed) unit → value


def _grouped(
    pairs: list[tuple[Indicator, Period]],
    reach: Any,
    user: Any,
    moved: dict[int, list[Any]] | None,
    *,
    only_moved: bool,
) -> list[dict[tuple[int, int], tuple[Decimal, dict[str, Decimal]]]]:
    """One grouped query over one model for several (indicator, period) pairs that share its
    unit field and annotation: per pair, {(record's unit, unit counted in): value}. The unit
    counted in is the record's own unless re-attributed (`moved`). `only_moved`: just the
    re-attributed records (to move their share of the maintained aggregates)."""
    c0 = pairs[0][0].counted
    assert c0 is not None
    qs: QuerySet[Any] = model_of(c0)._default_manager.all()
    if user is not None:
        qs = qs.restrict(user, scoping.VIEW)  # type: ignore[attr-defined]
    if c0.annotate is not None:
        qs = c0.annotate(qs)
    unit = c0.unit_field
    counted_in: Any = F(unit)
    moved_pks = [pk for pks in (moved or {}).values() for pk in pks]
    if moved_pks:
        whens = [When(pk__in=pks, then=Value(to_unit)) for to_unit, pks in moved.items()]  # type: ignore[union-attr]
        counted_in = Case(*whens, default=F(unit), output_field=IntegerField())
    if only_moved:
        qs = qs.filter(pk__in=moved_pks)
    elif moved_pks:
        qs = qs.filter(Q(**{f"{unit}__in": reach}) | Q(pk__in=moved_pks))
    else:
        qs = qs.filter(**{f"{unit}__in": reach})
    aggs: dict[str, Any] = {}
    where = Q(pk__in=[])
    for k, (ind, p) in enumerate(pairs):
        c = ind.counted
        assert c is not None
        cond = c.in_force(p.end) if c.in_force is not None else period_q(c, p)
        if c.filter is not None:
            cond = c.filter & cond
        where |= cond
        aggs[f"n{k}"] = Count("pk", filter=cond)
        aggs[f"t{k}"] = aggregate_expr(c, cond)
        for j, (_key, q) in enumerate(c.breakdown):
            aggs[f"b{k}_{j}"] = aggregate_expr(c, cond & q)
    qs = qs.filter(where).annotate(_cu=counted_in)
    out: list[dict[tuple[int, int], tuple[Decimal, dict[str, Decimal]]]] = [{} for _p in pairs]
    for row in qs.values(unit, "_cu").annotate(**aggs).order_by():
        raw, target = row[unit], row["_cu"]
        if target is None:
            continue
        for k, (ind, _p) in enumerate(pairs):
            if not row[f"n{k}"]:
                continue
            c = ind.counted
            assert c is not None
            total = Decimal(row[f"t{k}"] or 0)
            breakdown = {key: Decimal(row[f"b{k}_{j}"] or 0) for j, (key, _q) in enumerate(c.breakdown)}
            out[k][(raw, target)] = (total, breakdown)
    return out


def _add(per_raw: Raw, unit_id: int, total: Decimal, breakdown: dict[str, Decimal], sign: int = 1) -> None:
    old_total, old_parts = per_raw.get(unit_id, (ZERO, {}))
    parts = dict(old_parts)
    for key, value in breakdown.items():
        parts[key] = parts.get(key, ZERO) + sign * value
    per_raw[unit_id] = (old_total + sign * total, parts)


def counted_many(
    ind: Indicator, unit_ids: list[int], period: Period, mapping: dict[int, list[int]], *, user: Any = None
) -> dict[int, tuple[Decimal, dict[str, Decimal], bool]]:
    """`counted_total` for many units in one grouped query."""
    return counted_bulk([ind], unit_ids, period, mapping, user=user)[period][ind.code]


def _distribute(
    c: Counted,
    unit_ids: list[int],
    per_raw: dict[int, tuple[Decimal, dict[str, Decimal]]],
    mapping: dict[int, list[int]],
) -> dict[int, tuple[Decimal, dict[str, Decimal], bool]]:
    """Per record-owning unit values → per asked unit (its reach; own-first where declared)."""
    keys = [key for key, _q in c.breakdown]
    if not keys and not c.own_first:  # the common case, kept lean (a province table calls it per column)
        sums: dict[int, Decimal] = {}
        for raw, (total, _parts) in per_raw.items():
            for unit_id in mapping.get(raw, ()):
                sums[unit_id] = sums[unit_id] + total if unit_id in sums else total
        none: tuple[Decimal, dict[str, Decimal], bool] = (ZERO, {}, False)
        return {u: (sums[u], {}, True) if u in sums else none for u in unit_ids}
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


def _shape_key(c: Counted, restricted: bool) -> tuple[str, str, Any, bool]:
    return (c.model.lower(), c.unit_field, c.annotate, restricted)


def counted_bulk(
    indicators: list[Indicator],
    unit_ids: list[int],
    periods: Period | list[Period],
    mapping: dict[int, list[int]],
    *,
    user: Any = None,
    scope_holds: bool = False,
    moves: Moves | None = None,
) -> dict[Period, dict[str, dict[int, tuple[Decimal, dict[str, Decimal], bool]]]]:
    """`counted_many` for many indicators and periods (this period and last year's): the
    aggregate-backed ones in one grouped query for every period together (a filtered sum per
    period), the live ones in one grouped query per model (every indicator and period of that
    model together, a filtered aggregate each). `scope_holds` when the caller knows the user's
    scope holds the whole reach: a filter on the unit the rows are counted by would change
    nothing and is left out. Re-attributed records (`moves`, else read here: one query) count
    in the unit they were re-attributed to, in the live queries and over the aggregates."""
    many = [periods] if isinstance(periods, Period) else list(dict.fromkeys(periods))
    out: dict[Period, dict[str, dict[int, tuple[Decimal, dict[str, Decimal], bool]]]] = {p: {} for p in many}
    counted = [i for i in indicators if i.counted is not None]
    if not counted or not unit_ids:
        for p in many:
            for ind in counted:
                out[p][ind.code] = _distribute(ind.counted, unit_ids, {}, mapping)  # type: ignore[arg-type]
        return out
    if moves is None:
        moves = moved_records({i.counted.model for i in counted})  # type: ignore[union-attr]
    reach = reach_of(unit_ids)
    by_bucket = [p for p in many if p.kind is not PeriodKind.RANGE]
    via_buckets = [i for i in counted if i.counted.summable]  # type: ignore[union-attr]
    if via_buckets and by_bucket:
        where = _bucket_q(by_bucket[0])
        for p in by_bucket[1:]:
            where |= _bucket_q(p)
        rows = Aggregate.objects.filter(where, indicator__in=[i.code for i in via_buckets], unit_id__in=reach)
        scope = None if scope_holds else _scoped_units(user)
        if scope is not None:
            rows = rows.filter(unit_id__in=scope)
        sums = {f"v{k}": Sum("value", filter=_bucket_q(p)) for k, p in enumerate(by_bucket)}
        per_code: list[dict[str, Raw]] = [{i.code: {} for i in via_buckets} for _p in by_bucket]
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
        _move_bucket_shares(via_buckets, by_bucket, per_code, moves, reach, user, scope_holds)
        for k, p in enumerate(by_bucket):
            for ind in via_buckets:
                assert ind.counted is not None
                out[p][ind.code] = _distribute(ind.counted, unit_ids, per_code[k][ind.code], mapping)
    live: dict[tuple[str, str, Any, bool], list[tuple[Indicator, Period]]] = {}
    for p in many:
        for ind in counted:
            if ind.code not in out[p]:
                c = ind.counted
                assert c is not None
                restricted = not (scope_holds and scoped_by_counted_unit(c))
                live.setdefault(_shape_key(c, restricted), []).append((ind, p))
    for key, pairs in live.items():
        found = _grouped(pairs, reach, user if key[3] else None, moves.get(key[0]), only_moved=False)
        for (ind, p), per_pair in zip(pairs, found, strict=True):
            counted_in: Raw = {}
            for (_raw, target), (total, breakdown) in per_pair.items():
                _add(counted_in, target, total, breakdown)
            out[p][ind.code] = _distribute(ind.counted, unit_ids, counted_in, mapping)  # type: ignore[arg-type]
    return out


def _move_bucket_shares(
    indicators: list[Indicator],
    periods: list[Period],
    per_code: list[dict[str, Raw]],
    moves: Moves,
    reach: Any,
    user: Any,
    scope_holds: bool,
) -> None:
    """Move re-attributed records' share of the maintained aggregates (kept by the record's own
    unit) to the unit they count in: one grouped query per model that has such records."""
    groups: dict[tuple[str, str, Any, bool], list[tuple[int, Indicator, Period]]] = {}
    for ind in indicators:
        c = ind.counted
        assert c is not None
        if c.model.lower() not in moves:
            continue
        restricted = not (scope_holds and scoped_by_counted_unit(c))
        for k, p in enumerate(periods):
            groups.setdefault(_shape_key(c, restricted), []).append((k, ind, p))
    for key, members in groups.items():
        found = _grouped(
            [(ind, p) for _k, ind, p in members], reach, None if not key[3] else user, moves[key[0]], only_moved=True
        )
        for (k, ind, _p), per_pair in zip(members, found, strict=True):
            per_raw = per_code[k][ind.code]
            for (raw, target), (total, breakdown) in per_pair.items():
                if raw == target:
                    continue
                _add(per_raw, raw, total, breakdown, -1)
                _add(per_raw, target, total, breakdown)
                left, parts = per_raw[raw]
                if ind.counted.aggregate == "count" and not left and not any(parts.values()):  # type: ignore[union-attr]
                    del per_raw[raw]  # the unit's only records went elsewhere: none left to count


def scoped_by_counted_unit(c: Counted) -> bool:
    """Whether the model's scope is the unit its records are counted by (then records within a
    reach the user's scope holds are all visible to the user)."""
    model = model_of(c)
    return getattr(model, "unit_path", None) == c.unit_field and getattr(model, "scope_extra_q", None) is None
