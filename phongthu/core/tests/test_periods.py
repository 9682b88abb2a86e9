from datetime import date

import pytest

from phongthu.core.periods import Period, PeriodConverter, PeriodError, PeriodKind


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31), PeriodKind.YEAR),
        ("2019S1", date(2019, 1, 1), date(2019, 6, 30), PeriodKind.HALF),
        ("2019s2", date(2019, 7, 1), date(2019, 12, 31), PeriodKind.HALF),
        ("2019Q3", date(2019, 7, 1), date(2019, 9, 30), PeriodKind.QUARTER),
        ("202002", date(2020, 2, 1), date(2020, 2, 29), PeriodKind.MONTH),
        ("2015-2019", date(2015, 1, 1), date(2019, 12, 31), PeriodKind.TERM),
        ("2015-01-01..2019-06-30", date(2015, 1, 1), date(2019, 6, 30), PeriodKind.RANGE),
    ],
)
def test_each_textual_form_reads_to_its_interval(text, start, end, kind):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(period.code) == period  # the canonical form reads back


def test_one_canonical_form_per_interval():
    assert Period.parse("2019-01-01..2019-12-31").code == "2019"
    assert Period.parse("2019-07-01..2019-12-31").code == "2019S2"
    assert Period.parse("2019-04-01..2019-06-30").code == "2019Q2"
    assert Period.parse("2019-2019").code == "2019"
    assert Period.parse("2019-02-01..2019-04-30").code == "2019-02-01..2019-04-30"


@pytest.mark.parametrize(
    "text", ["", "19", "2019S3", "2019Q5", "201913", "2019-2015", "2019-02-30..2019-03-01", "1800"]
)
def test_bad_period_strings_get_a_vietnamese_message(text):
    with pytest.raises(PeriodError, match="Kỳ báo cáo"):
        Period.parse(text)


def test_labels_in_the_register_of_the_reports():
    assert Period.parse("2019").label == "năm 2019"
    assert Period.parse("2019S1").label == "6 tháng đầu năm 2019"
    assert Period.parse("2019Q3").label == "quý III năm 2019"
    assert Period.parse("2016-2020").label == "giai đoạn 2016–2020"
    assert Period.parse("2015-01-01..2019-06-30").label == ("từ ngày 01/01/2015 đến ngày 30/06/2019")


def test_same_period_last_year():
    assert Period.parse("2019").same_period_last_year().code == "2018"
    assert Period.parse("2019S1").same_period_last_year().code == "2018S1"
    assert Period.parse("2021Q1").same_period_last_year().code == "2020Q1"
    assert Period.parse("202102").same_period_last_year().code == "202002"  # 29 days
    assert Period.parse("2016-2020").same_period_last_year().code == "2011-2015"
    assert Period.parse("2015-01-01..2019-06-30").same_period_last_year().code == ("2010-01-01..2014-06-30")


def test_records_fall_into_every_period_that_contains_them():
    day = date(2019, 8, 15)
    inside = [p for p in ("2019", "2019S2", "2019Q3", "201908", "2015-2019") if day in Period.parse(p)]
    assert len(inside) == 5
    assert day not in Period.parse("2019S1")
    assert Period.parse("2015-2019").contains_period(Period.parse("2019S1"))


def test_government_cutoff_window():
    window = Period.parse("2019").with_cutoff(14)
    assert (window.start, window.end) == (date(2018, 12, 15), date(2019, 12, 14))


def test_url_converter_round_trip():
    converter = PeriodConverter()
    import re

    for text in ("2019", "2019S1", "2019Q3", "201907", "2015-2019", "2015-01-01..2019-06-30"):
        assert re.fullmatch(converter.regex, text)
        assert converter.to_url(converter.to_python(text)) == Period.parse(text).code
    with pytest.raises(ValueError):
        converter.to_python("2019Q9")
