"""The menu, declared once: every link names the scope action (or test) that makes it usable,
so a role sees only what it may open and no link leads to a refusal.

Apps add their own pages from `AppConfig.ready()` (core imports no app):

    navigation.contribute(navigation.Link(
        group="reports", label=_("Báo cáo"), url_name="reports:index", needs=scoping.VIEW))

The shell adds the generic lists (one per CrudConfig) and renders the menu grouped by the
office's daily work (`GROUPS`, in this order).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from phongthu.core import scoping

# The office's daily work, in menu order: key → heading.
GROUPS: dict[str, Any] = {
    "work": _("Việc hằng ngày"),
    "registration": _("Công dân, đăng ký NVQS"),
    "recruitment": _("Tuyển quân"),
    "forces": _("Dân quân tự vệ, dự bị động viên"),
    "activities": _("Giáo dục, huấn luyện, khen thưởng"),
    "figures": _("Số liệu, báo cáo"),
    "units": _("Đơn vị"),
    "data": _("Nhập, xuất dữ liệu"),
    "control": _("Kiểm tra, quản trị"),
}


@dataclass(frozen=True)
class Link:
    group: str
    label: Any
    url_name: str
    # A scope action the user must hold somewhere (scoping.can), or a test of the user.
    needs: str | Callable[[Any], bool] = scoping.VIEW
    order: int = 50
    args: tuple[Any, ...] = field(default=())

    def url(self) -> str | None:
        # Every page renders the menu: ~60 reverse() calls were a tenth of a list page's CPU.
        return _reversed(self.url_name, self.args, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=1024)
def _reversed(url_name: str, args: tuple[Any, ...], urlconf: Any, prefix: str) -> str | None:
    try:
        return reverse(url_name, args=args, urlconf=urlconf)
    except NoReverseMatch:
        return None


_links: list[Link] = []


def contribute(*links: Link) -> None:
    for link in links:
        if link not in _links:
            _links.append(link)


def contributed() -> list[Link]:
    return list(_links)


def usable(link: Link, user: Any, held: frozenset[str]) -> bool:
    """`held`: the scope actions the user holds anywhere (scoping.held_actions)."""
    if callable(link.needs):
        return bool(link.needs(user))
    return not link.needs or link.needs in held


def menu(user: Any, links: list[Link]) -> list[tuple[str, Any, list[tuple[Any, str]]]]:
    """[(group key, heading, [(label, url), ...]), ...] of the links this user may open."""
    held = scoping.held_actions(user)
    groups: dict[str, list[tuple[int, str, Any, str]]] = {}
    for link in links:
        if not usable(link, user, held):
            continue
        url = link.url()
        if url is None:
            continue
        groups.setdefault(link.group, []).append((link.order, str(link.label), link.label, url))
    ordered = [g for g in GROUPS if g in groups] + sorted(g for g in groups if g not in GROUPS)
    return [
        (g, GROUPS.get(g, g), [(label, url) for _o, _t, label, url in sorted(groups[g], key=lambda r: r[:2])])
        for g in ordered
    ]
