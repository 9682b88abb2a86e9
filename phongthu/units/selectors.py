"""Reads of the dated unit tree. Every function takes the date it answers for."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phongthu.core.text import search_key
from phongthu.units.choices import Hierarchy, Kind
from phongthu.units.models import LineageLink, Unit, UnitLink, valid_on


def today() -> datetime.date:
    return timezone.localdate()


def children(
    unit: Unit,
    *,
    on: datetime.date | None = None,
    hierarchy: str = Hierarchy.CIVIL,
    queryset: QuerySet[Unit] | None = None,
) -> QuerySet[Unit]:
    day = on or today()
    links = UnitLink.objects.filter(valid_on(day), parent=unit, hierarchy=hierarchy)
    base = queryset if queryset is not None else Unit.objects.all()
    return base.filter(valid_on(day), pk__in=links.values("child_id")).order_by("name_sort")


def parents(unit: Unit, *, on: datetime.date | None = None) -> dict[str, Unit]:
    """The unit's parent in each hierarchy on a date."""
    day = on or today()
    links = UnitLink.objects.filter(valid_on(day), child=unit).select_related("parent")
    return {link.hierarchy: link.parent for link in links}


def ancestors(unit: Unit, *, on: datetime.date | None = None, hierarchy: str = Hierarchy.CIVIL) -> list[Unit]:
    """Root first, the unit itself excluded (breadcrumbs)."""
    day = on or today()
    chain: list[Unit] = []
    seen = {unit.pk}
    current = unit
    while True:
        link = (
            UnitLink.objects.filter(valid_on(day), child=current, hierarchy=hierarchy).select_related("parent").first()
        )
        if link is None or link.parent_id in seen:
            break
        chain.append(link.parent)
        seen.add(link.parent_id)
        current = link.parent
    return list(reversed(chain))


def subtree_ids(
    roots: Iterable[Unit | int], *, on: datetime.date | None = None, hierarchy: str | None = None
) -> set[int]:
    """Ids of the roots and everything under them on a date (level by level: trees are shallow)."""
    day = on or today()
    frontier = {r if isinstance(r, int) else r.pk for r in roots}
    result = set(frontier)
    links = UnitLink.objects.filter(valid_on(day))
    if hierarchy:
        links = links.filter(hierarchy=hierarchy)
    while frontier:
        nxt = set(links.filter(parent_id__in=frontier).values_list("child_id", flat=True)) - result
        result |= nxt
        frontier = nxt
    return result


def roots(*, on: datetime.date | None = None) -> QuerySet[Unit]:
    day = on or today()
    with_parent = UnitLink.objects.filter(valid_on(day), hierarchy=Hierarchy.CIVIL).values("child_id")
    return Unit.objects.filter(valid_on(day)).exclude(pk__in=with_parent).filter(level="PROVINCE").order_by("name_sort")


def successors(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(predecessor_links__predecessor=unit).distinct().order_by("name_sort")


def predecessors(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(successor_links__successor=unit).distinct().order_by("name_sort")


def lineage_of(unit: Unit) -> QuerySet[LineageLink]:
    return (
        LineageLink.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("event", "predecessor", "successor")
        .order_by("event__date")
    )


def designated_successor_map() -> dict[int, int]:
    """old unit id → the unit that inherits its figures today (following chains of events)."""
    direct: dict[int, int] = {}
    for pred, succ, designated in LineageLink.objects.values_list("predecessor_id", "successor_id", "designated"):
        if designated or pred not in direct:
            direct[pred] = succ
    resolved: dict[int, int] = {}
    for start in direct:
        node, hops = start, 0
        while node in direct and hops < 50:
            node, hops = direct[node], hops + 1
        resolved[start] = node
    return resolved


def child_counts_by_kind(
    unit: Unit, *, on: datetime.date | None = None, hierarchy: str = Hierarchy.CIVIL
) -> list[dict[str, object]]:
    return list(children(unit, on=on, hierarchy=hierarchy).values("kind").annotate(n=Count("id")).order_by("kind"))


def search(term: str, *, on: datetime.date | None = None, queryset: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    from phongthu.core.text import search_key

    base = queryset if queryset is not None else Unit.objects.all()
    if on is not None:
        base = base.filter(valid_on(on))
    return base.filter(name_search__contains=search_key(term)).order_by("level", "name_sort")


def undated_on(day: datetime.date, units: QuerySet[Unit] | None = None) -> datetime.date | None:
    """The latest `seen_on` among units shown on `day` whose start the data cannot date.

    None when the as-of view is fully dated. Otherwise the view shows, for those units, the
    layer known on that later day (the 30/6/2025 map), not necessarily the map of `day`.
    """
    base = units if units is not None else Unit.objects.all()
    latest = base.filter(valid_on(day), seen_on__gt=day).order_by("-seen_on").values_list("seen_on", flat=True)
    return latest.first()


def earliest_known_change() -> datetime.date | None:
    """The earliest dated reorganisation recorded (loader data, shipped files, administrators)."""
    from phongthu.units.models import LineageEvent

    return LineageEvent.objects.order_by("date").values_list("date", flat=True).first()


def snapshot_note(day: datetime.date, units: QuerySet[Unit] | None = None) -> str:
    """A Vietnamese warning for an as-of view before what the data can date; empty if none."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    seen = undated_on(day, units)
    if seen is None:
        return ""
    earliest = earliest_known_change()
    text = _(
        "Bản đồ ngày %(day)s chưa chắc đúng: các đơn vị đánh dấu “chưa rõ ngày bắt đầu” chỉ được biết "
        "là có trong bản đồ ngày %(seen)s; những thay đổi trước đó chưa có văn bản ghi nhận thì không hiện ra."
    ) % {"day": date_format(day, "d/m/Y"), "seen": date_format(seen, "d/m/Y")}
    if earliest is not None and earliest < seen:
        text += " " + _("Biến động sớm nhất đã ghi nhận có căn cứ: ngày %(d)s.") % {"d": date_format(earliest, "d/m/Y")}
    return text


# ---------------------------------------------------------------- a unit named in an argument


class UnitArgumentError(ValueError):
    """A unit named on the command line or in a request matched none or several units."""


def describe(unit: Unit) -> str:
    start = unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "…"
    end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "nay"
    return f"{unit.name} ({unit.get_kind_display()}, mã {unit.code}, {start}–{end}, id {unit.pk})"


def _without_kind(key: str) -> str:
    words = sorted({search_key(str(label)) for label in Kind.labels} | {"tp", "thanh pho"}, key=len, reverse=True)
    for word in words:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def unit_from_argument(
    text: str,
    start: datetime.date,
    end: datetime.date,
    *,
    during: str,
    exclude_kinds: Iterable[str] = (),
) -> Unit:
    """A unit named on the command line or in an API call (design §1b): digits are a database id;
    `code:<official code>` an official code; anything else a name, matched without regard to case
    or diacritics, with or without its kind ("quận Đồ Sơn", "Đồ Sơn"). Codes and names are resolved
    among the units valid between `start` and `end` (`during` names that time in the messages,
    e.g. "kỳ 2024", "năm 2026"), leaving out `exclude_kinds`; none or several is a
    `UnitArgumentError` listing the candidates."""
    raw = (text or "").strip()
    if not raw:
        raise UnitArgumentError("Hãy ghi đơn vị: số id, code:<mã chính thức> hoặc tên đơn vị.")
    if raw.isdigit():
        by_id: Unit | None = Unit.objects.filter(pk=int(raw)).first()
        if by_id is None:
            raise UnitArgumentError(f"Không có đơn vị id {raw}.")
        return by_id
    valid = Unit.objects.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    ).exclude(kind__in=list(exclude_kinds))
    by_code = raw.lower().startswith("code:")
    if by_code:
        code = raw[5:].strip()
        found = list(valid.filter(code=code))
        what = f"mã {code}"
    else:
        key = search_key(raw).replace("tp ", "thanh pho ", 1) if search_key(raw).startswith("tp ") else search_key(raw)
        bare = _without_kind(key)
        candidates = valid.filter(Q(name_search=key) | Q(name_search=bare) | Q(name_search__endswith=f" {bare}"))
        if bare != key:  # the kind was given ("quận Đồ Sơn"): only that kind matches
            found = [u for u in candidates if search_key(u.name) == key]
        else:
            found = [u for u in candidates if search_key(u.name) == key or _without_kind(search_key(u.name)) == bare]
        exact = [u for u in found if search_key(u.name) == key]
        found = exact if len(exact) == 1 else found
        what = f"tên “{raw}”"
    if len(found) == 1:
        only: Unit = found[0]
        return only
    if not found:
        near: list[Unit] = []
        if by_code:
            near = list(Unit.objects.filter(code=raw[5:].strip()))
        elif bare := _without_kind(search_key(raw)):
            near = list(Unit.objects.filter(name_search__contains=bare)[:10])
        listed = "; ".join(describe(u) for u in near)
        hint = f" Các đơn vị gần đúng (ngoài kỳ hoặc tên khác): {listed}." if listed else ""
        raise UnitArgumentError(f"Không có đơn vị nào có {what} còn hiệu lực trong {during}.{hint}")
    listed = "; ".join(describe(u) for u in found[:20])
    raise UnitArgumentError(
        f"Có {len(found)} đơn vị {what} trong {during}: {listed}. Hãy ghi rõ loại đơn vị, mã (code:…) hoặc id."
    )
