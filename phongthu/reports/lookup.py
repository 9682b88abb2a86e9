"""A unit named on the command line or in an API call (design §1b): digits are a database id;
`code:<official code>` an official code; anything else a name, matched without regard to case or
diacritics, with or without its kind ("quận Đồ Sơn", "Đồ Sơn"). Codes and names are resolved
among the units valid during the period; none or several is an error listing the candidates."""

from __future__ import annotations

from django.db.models import Q

from phongthu.core.periods import Period
from phongthu.core.text import search_key
from phongthu.units.choices import Kind
from phongthu.units.models import Unit


class UnitLookupError(ValueError):
    pass


def _valid_during(period: Period) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start)
    )


def _bare(key: str) -> str:
    words = sorted({search_key(str(label)) for label in Kind.labels} | {"tp", "thanh pho"}, key=len, reverse=True)
    for word in words:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def describe(unit: Unit) -> str:
    start = unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "…"
    end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "nay"
    return f"{unit.name} ({unit.get_kind_display()}, mã {unit.code}, {start}–{end}, id {unit.pk})"


def resolve_unit(text: str, period: Period) -> Unit:
    raw = (text or "").strip()
    if not raw:
        raise UnitLookupError("Hãy ghi đơn vị: số id, code:<mã chính thức> hoặc tên đơn vị.")
    if raw.isdigit():
        by_id: Unit | None = Unit.objects.filter(pk=int(raw)).first()
        if by_id is None:
            raise UnitLookupError(f"Không có đơn vị id {raw}.")
        return by_id
    valid = Unit.objects.filter(_valid_during(period))
    if raw.lower().startswith("code:"):
        code = raw[5:].strip()
        found = list(valid.filter(code=code))
        what = f"mã {code}"
    else:
        key = search_key(raw).replace("tp ", "thanh pho ", 1) if search_key(raw).startswith("tp ") else search_key(raw)
        bare = _bare(key)
        candidates = valid.filter(Q(name_search=key) | Q(name_search=bare) | Q(name_search__endswith=f" {bare}"))
        if bare != key:  # the kind was given ("quận Đồ Sơn"): only that kind matches
            found = [u for u in candidates if search_key(u.name) == key]
        else:
            found = [u for u in candidates if search_key(u.name) == key or _bare(search_key(u.name)) == bare]
        exact = [u for u in found if search_key(u.name) == key]
        found = exact if len(exact) == 1 else found
        what = f"tên “{raw}”"
    if len(found) == 1:
        only: Unit = found[0]
        return only
    if not found:
        near = Unit.objects.filter(code=raw[5:].strip()) if raw.lower().startswith("code:") else Unit.objects.none()
        if not raw.lower().startswith("code:"):
            bare = _bare(search_key(raw))
            near = [u for u in Unit.objects.filter(name_search__contains=bare)[:10]] if bare else []  # type: ignore[assignment]
        listed = "; ".join(describe(u) for u in near)
        hint = f" Các đơn vị gần đúng (ngoài kỳ hoặc tên khác): {listed}." if listed else ""
        raise UnitLookupError(f"Không có đơn vị nào có {what} còn hiệu lực trong kỳ {period.label}.{hint}")
    listed = "; ".join(describe(u) for u in found[:20])
    raise UnitLookupError(
        f"Có {len(found)} đơn vị {what} trong kỳ {period.label}: {listed}. Hãy ghi rõ loại đơn vị, mã (code:…) hoặc id."
    )
