"""Reporting periods in one textual form everywhere (URL, API, command line, import).

    2019                      the year
    2019S1, 2019S2            January–June, July–December
    2019Q3                    a quarter
    201907                    a month
    2015-2019                 whole years, inclusive (a term: "giai đoạn 2015–2019")
    2015-01-01..2019-06-30    any date range

A period is a closed date interval; records keep their own dates and fall into any period that
contains them. `Period.from_dates` gives every interval its canonical form, so `2019` and
`2019-01-01..2019-12-31` are the same period. See shared design "figures-and-reports" §1.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """A period string that cannot be read; the message says what to write instead."""


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    TERM = "term"
    RANGE = "range"


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})S([12])$"), "half"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-(\d{4})$"), "term"),
    (re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"), "range"),
)
MIN_YEAR, MAX_YEAR = 1945, 2100


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Period:
        raw = (text or "").strip().upper()
        for pattern, form in _FORMS:
            match = pattern.match(raw)
            if match:
                return cls._build(form, match.groups(), text)
        raise PeriodError(
            _(
                "Kỳ báo cáo “%(text)s” không đúng dạng. Viết: 2019 (năm), 2019S1 (6 tháng đầu "
                "năm), 2019Q3 (quý), 201907 (tháng), 2015-2019 (giai đoạn) hoặc "
                "2015-01-01..2019-06-30 (khoảng ngày)."
            )
            % {"text": text}
        )

    @classmethod
    def _build(cls, form: str, groups: tuple[str, ...], text: str) -> Period:
        if form == "range":
            try:
                start, end = (date.fromisoformat(g) for g in groups)
            except ValueError:
                raise PeriodError(_("Kỳ báo cáo “%(text)s”: ngày không có thật trên lịch.") % {"text": text}) from None
            return cls.from_dates(start, end)
        year = int(groups[0])
        second = int(groups[1]) if len(groups) > 1 else 0
        last_year = second if form == "term" else year
        for y in (year, last_year):
            if not MIN_YEAR <= y <= MAX_YEAR:
                raise PeriodError(
                    _("Kỳ báo cáo “%(text)s”: năm phải từ %(min)s đến %(max)s.")
                    % {"text": text, "min": MIN_YEAR, "max": MAX_YEAR}
                )
        if form == "year":
            return cls(date(year, 1, 1), date(year, 12, 31))
        if form == "half":
            return cls(date(year, 6 * second - 5, 1), _month_end(year, 6 * second))
        if form == "quarter":
            return cls(date(year, 3 * second - 2, 1), _month_end(year, 3 * second))
        if form == "month":
            if not 1 <= second <= 12:
                raise PeriodError(_("Kỳ báo cáo “%(text)s”: tháng phải từ 01 đến 12.") % {"text": text})
            return cls(date(year, second, 1), _month_end(year, second))
        return cls.from_dates(date(year, 1, 1), date(second, 12, 31))  # term

    @classmethod
    def from_dates(cls, start: date, end: date) -> Period:
        if end < start:
            raise PeriodError(
                _("Kỳ báo cáo: ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
            )
        return cls(start, end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    # -- reading ----------------------------------------------------------------------------
    @property
    def kind(self) -> PeriodKind:
        s, e = self.start, self.end
        if s.day != 1 or e != _month_end(e.year, e.month):
            return PeriodKind.RANGE
        if s.year == e.year:
            months = e.month - s.month + 1
            if months == 12:
                return PeriodKind.YEAR
            if months == 6 and s.month in (1, 7):
                return PeriodKind.HALF
            if months == 3 and s.month in (1, 4, 7, 10):
                return PeriodKind.QUARTER
            if months == 1:
                return PeriodKind.MONTH
            return PeriodKind.RANGE
        if s.month == 1 and e.month == 12:
            return PeriodKind.TERM
        return PeriodKind.RANGE

    @property
    def code(self) -> str:
        """The canonical textual form."""
        s, e, kind = self.start, self.end, self.kind
        if kind is PeriodKind.YEAR:
            return f"{s.year}"
        if kind is PeriodKind.HALF:
            return f"{s.year}S{1 if s.month == 1 else 2}"
        if kind is PeriodKind.QUARTER:
            return f"{s.year}Q{(s.month + 2) // 3}"
        if kind is PeriodKind.MONTH:
            return f"{s.year}{s.month:02d}"
        if kind is PeriodKind.TERM:
            return f"{s.year}-{e.year}"
        return f"{s.isoformat()}..{e.isoformat()}"

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """How a report names the period ("6 tháng đầu năm 2019", "giai đoạn 2015–2019")."""
        s, e, kind = self.start, self.end, self.kind
        if kind is PeriodKind.YEAR:
            return _("năm %(year)s") % {"year": s.year}
        if kind is PeriodKind.HALF:
            if s.month == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": s.year}
            return _("6 tháng cuối năm %(year)s") % {"year": s.year}
        if kind is PeriodKind.QUARTER:
            return _("quý %(q)s năm %(year)s") % {"q": _ROMAN[(s.month + 2) // 3], "year": s.year}
        if kind is PeriodKind.MONTH:
            return _("tháng %(m)s năm %(year)s") % {"m": s.month, "year": s.year}
        if kind is PeriodKind.TERM:
            return _("giai đoạn %(a)s–%(b)s") % {"a": s.year, "b": e.year}
        return _("từ ngày %(a)s đến ngày %(b)s") % {
            "a": s.strftime("%d/%m/%Y"),
            "b": e.strftime("%d/%m/%Y"),
        }

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def contains_period(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def same_period_last_year(self) -> Period:
        """The comparison period: the same months of the year before for periods within a year,
        the term of the same length just before it for a multi-year term or range."""
        years = 1
        while _shift_years(self.end, -years) >= self.start:
            years += 1
        start, end = _shift_years(self.start, -years), _shift_years(self.end, -years)
        if self.end == _month_end(self.end.year, self.end.month):
            end = _month_end(end.year, end.month)  # February of a leap year
        return Period(start, end)

    def with_cutoff(self, day: int) -> Period:
        """The window of a government periodic report that closes its figures on `day` of the
        last month (e.g. 14: a year runs from 15/12 of the year before to 14/12)."""
        end = self.end.replace(day=min(day, self.end.day))
        start_month_prev = self.start - timedelta(days=1)
        start = start_month_prev.replace(day=min(day + 1, start_month_prev.day))
        return Period(start, end)


class PeriodConverter:
    """URL converter: `path("…/<period:period>/", …)` after `register_converter(PeriodConverter,
    "period")`."""

    regex = r"\d{4}(?:[SsQq]\d|\d{2}|-\d{4}|-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})?"

    def to_python(self, value: str) -> Period:
        try:
            return Period.parse(value)
        except PeriodError as error:
            raise ValueError(str(error)) from error

    def to_url(self, value: Period | str) -> str:
        return value.code if isinstance(value, Period) else Period.parse(value).code
