"""Legal regimes, written once: the rules of who decides changed on 1 July 2025 (Law 98/2025/QH15
abolished the district level). Every dated decision is judged under the regime of its date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CUTOVER_2025 = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class Regime:
    code: str
    label: str
    starts: datetime.date | None
    ends: datetime.date | None  # exclusive

    def contains(self, day: datetime.date) -> bool:
        return (self.starts is None or day >= self.starts) and (self.ends is None or day < self.ends)


PRE_2025 = "PRE_2025"
FROM_2025_07 = "FROM_2025_07"

REGIMES: tuple[Regime, ...] = (
    Regime(PRE_2025, str(_("Trước 01/7/2025 (có cấp huyện)")), None, CUTOVER_2025),
    Regime(FROM_2025_07, str(_("Từ 01/7/2025 (chính quyền hai cấp, Luật 98/2025/QH15)")), CUTOVER_2025, None),
)
BY_CODE: dict[str, Regime] = {r.code: r for r in REGIMES}


def regime_on(day: datetime.date) -> Regime:
    for regime in REGIMES:
        if regime.contains(day):
            return regime
    return REGIMES[-1]
