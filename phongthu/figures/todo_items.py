"""The home page's "figures of the period with their targets" (core.todo): for the user's unit,
each indicator with a target in a period that holds today — value, target, % achieved — linking
to the figures page. Read through the figures selectors only (scoped by the user)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from phongthu.core import scoping, todo
from phongthu.core.periods import Period
from phongthu.figures import selectors
from phongthu.figures.models import Target
from phongthu.figures.registry import all_indicators

MAX_PERIODS = 2  # the year and, when set, the quarter or month under way
MAX_ITEMS = 8
SOON_DAYS = 30


def figures_with_targets(user: Any, unit: Any, today: datetime.date) -> Iterator[todo.Item]:
    if unit is None or scoping.VIEW not in scoping.held_actions(user):
        return
    rows = (
        Target.objects.restrict(user, scoping.VIEW)
        .filter(unit=unit, period_start__lte=today, period_end__gte=today)
        .order_by("period_end", "period_start")
        .values_list("period_start", "period_end", "indicator")
    )
    known = {ind.code for ind in all_indicators()}
    periods: dict[tuple[datetime.date, datetime.date], list[str]] = {}
    for start, end, code in rows:
        if code in known:
            periods.setdefault((start, end), []).append(code)
    shown = 0
    # The longest period first (the year's plan), then the shorter one under way.
    for start, end in sorted(periods, key=lambda p: p[0])[:MAX_PERIODS]:
        period = Period(start, end)
        url = reverse("figures:dashboard", args=[unit.pk, period.code])
        for fig in selectors.unit_figures(unit, period, user=user, indicators=periods[(start, end)]):
            if shown >= MAX_ITEMS:
                return
            shown += 1
            yield _item(fig, period, url, today)


def _item(fig: selectors.FigureValue, period: Any, url: str, today: datetime.date) -> todo.Item:
    ind = fig.indicator
    value = fig.display or "0"
    title = _("%(label)s — %(period)s: %(value)s/%(target)s %(measure)s") % {
        "label": ind.label,
        "period": period.label,
        "value": value,
        "target": fig.target_display,
        "measure": ind.measure,
    }
    reached = fig.achieved_pct is not None and fig.achieved_pct >= 100
    if fig.achieved_pct is None:
        detail = _("Chưa có số liệu; chỉ tiêu %(target)s.") % {"target": fig.target_display}
    elif reached:
        detail = _("Đạt %(pct)s chỉ tiêu.") % {"pct": fig.achieved_display}
    else:
        detail = _("Đạt %(pct)s chỉ tiêu; kỳ kết thúc %(end)s.") % {
            "pct": fig.achieved_display,
            "end": period.end.strftime("%d/%m/%Y"),
        }
    near_end = (period.end - today).days <= SOON_DAYS
    level = todo.SOON if near_end and not reached else todo.INFO
    return todo.Item(
        title=title,
        url=url,
        level=level,
        detail=detail,
        due=period.end if level == todo.SOON else None,
        link_text=_("Xem số liệu"),
    )
