"""The home page's to-do list, gathered from every app.

core knows no app: each app adds a provider from its `AppConfig.ready()` (the shell adds its
own when the home page is built):

    from phongthu.core import todo

    def figures_due(user, unit, today):
        yield todo.Item(title=_("Số liệu quý IV chưa nhập"), url=..., level=todo.SOON)

    todo.provide(figures_due)

A provider gets the user, their working unit (may be None) and today's date and yields `Item`s;
it must stay within the user's scope (read through `restrict()`) and cost a few queries at most.
A provider that fails is skipped, so one broken app never takes the home page down.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

OVERDUE = "overdue"  # a legal deadline has passed
WAITING = "waiting"  # a record waits for this user's action
SOON = "soon"  # a deadline comes within the next days
INFO = "info"  # recent work (imports, jobs), figures
LEVELS = (OVERDUE, WAITING, SOON, INFO)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    level: str = INFO
    detail: str = ""
    due: datetime.date | None = None
    link_text: str = ""  # the verb on the link ("Đăng ký", "Xét duyệt"); default "Mở"


Provider = Callable[[Any, Any, datetime.date], Iterable[Item]]
_providers: list[Provider] = []


def provide(fn: Provider) -> Provider:
    """Register a provider (usable as a decorator)."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def items_for(user: Any, unit: Any, today: datetime.date) -> list[Item]:
    """Every provider's items, most urgent first, then by date."""
    items: list[Item] = []
    for fn in _providers:
        try:
            items.extend(fn(user, unit, today))
        except Exception:  # one app's bug must not hide everyone's to-do list
            logger.exception("todo provider %s failed", getattr(fn, "__name__", fn))
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(items, key=lambda i: (rank.get(i.level, 9), i.due or datetime.date.max))
