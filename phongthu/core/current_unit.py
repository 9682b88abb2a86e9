"""The one answer to "which unit is this request about?" (home page, navigation, register book,
campaign lists, plans).

In order:
1. `?unit=<id>` (query string or form field), when `from_request` and the user may view it;
   a unit out of reach is refused with 404 (or, with `refuse_out_of_reach=False`, ignored,
   so the page falls back to the user's own unit);
2. `default`: the unit the page is naturally about (a campaign's unit), when given;
3. the unit chosen in the unit switcher (kept in the session);
4. the unit of the user's first assignment;
5. the first top-level unit the user may view.
None when the user reaches no unit at all.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from phongthu.core import scoping

SESSION_UNIT = "phongthu_current_unit"


def _visible_units(request: HttpRequest) -> Any:
    return scoping.unit_model().objects.restrict(request.user, scoping.VIEW)


def _requested(request: HttpRequest, refuse_out_of_reach: bool) -> Any:
    raw = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
    if not raw:
        return None
    unit = _visible_units(request).filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None and refuse_out_of_reach:
        raise Http404("Đơn vị không có hoặc nằm ngoài phạm vi của bạn.")
    return unit


def _working_unit(request: HttpRequest) -> Any:
    """Steps 3–5, remembered for the rest of the request (the navigation asks on every page)."""
    if hasattr(request, "_current_unit"):
        return request._current_unit
    user: Any = request.user
    unit = None
    chosen = request.session.get(SESSION_UNIT) if hasattr(request, "session") else None
    if chosen:
        unit = _visible_units(request).filter(pk=chosen).first()
    if unit is None:
        assignments: Any = getattr(user, "assignments", None)
        first = assignments.order_by("pk").select_related("unit").first() if assignments is not None else None
        unit = first.unit if first is not None else None
    if unit is None and user.is_authenticated:
        unit = scoping.top_units().restrict(user, scoping.VIEW).first()
    request._current_unit = unit  # type: ignore[attr-defined]
    return unit


def current_unit(
    request: HttpRequest,
    *,
    from_request: bool = True,
    refuse_out_of_reach: bool = True,
    default: Any = None,
    required: bool = False,
) -> Any:
    """See the module docstring; `required` turns "no unit at all" into a 404 with a message."""
    unit = _requested(request, refuse_out_of_reach) if from_request else None
    if unit is None:
        unit = default if default is not None else _working_unit(request)
    if unit is None and required:
        raise Http404("Không có đơn vị nào trong phạm vi của bạn.")
    return unit
