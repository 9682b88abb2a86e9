"""Choices the forms leave open (forms-gnn.md, UNCERTAIN): each is a setting with a default
that is explained on the printed form itself (a footnote), never a silent zero.

Defaults come from `settings.PHONGTHU_GNN_FORMS` (a dict with the same keys) when present."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings as django_settings


@dataclass(frozen=True)
class FormSettings:
    # Age = reference year − birth year (birth year only, as the forms count). "W": the year the
    # registration and preparation happen (call-up year − 1), as the newest forms print; "Y": the
    # call-up year itself.
    age_reference: str = "W"
    # Column "Tổng dân số nam": phongthu keeps no census. "people": every man recorded in
    # phongthu living in the row's area (all ages); "records": only the men counted in the form.
    population: str = "people"
    # Địa bàn (06 cols 34–35) for a file without "nông thôn/thành thị": "UNIT_KIND" — a ward
    # (phường) or thị trấn is urban, a commune (xã) or đặc khu rural; or "RURAL" / "URBAN".
    default_area: str = "UNIT_KIND"
    # 06 row "9. Trình độ học vấn thấp (dưới lớp 8)" is not a ground of Điều 41: "print" keeps
    # the row and counts the people of the row-II set below grade 8 in it (outside sections
    # I and 2, as they are not deferred); "omit" leaves the row out.
    low_education_row: str = "print"
    # 01A: a registered man with no REG_FIRST event (imported from a paper register) counts as
    # registered "Trực tiếp" (in person), the only channel paper registers knew.
    unrecorded_channel_in_person: bool = True

    @classmethod
    def default(cls, **overrides: Any) -> FormSettings:
        configured = getattr(django_settings, "PHONGTHU_GNN_FORMS", {}) or {}
        names = {f.name for f in fields(cls)}
        base = cls(**{k: v for k, v in configured.items() if k in names})
        return replace(base, **{k: v for k, v in overrides.items() if k in names})

    def reference_year(self, year: int) -> int:
        return year if self.age_reference == "Y" else year - 1
