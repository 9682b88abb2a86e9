"""How the report writes numbers: Vietnamese separators ("1.925", "98,01%"), small counts in the
administrative style ("01 lớp", "05 đồng chí"), coverage as "5/7 phường", and comparisons with
the same period last year and with the target."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from phongthu.core.display import vietnamese_number


def _decimal(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value: int | float | Decimal | None) -> str:
    """1925 → "1.925"; 98.0100 → "98,01"; 100.00 → "100" (no trailing zeros)."""
    if value is None:
        return ""
    d = _decimal(value)
    if d == d.to_integral_value():
        return vietnamese_number(int(d))
    return vietnamese_number(d.normalize())


def count(value: int | float | Decimal | None, *, pad: bool = True) -> str:
    """A count in the house style: two digits below ten ("01 lớp", "05 đồng chí")."""
    if value is None:
        return ""
    d = _decimal(value)
    if pad and d == d.to_integral_value() and 0 < d < 10:
        return f"{int(d):02d}"
    return number(d)


def pct(value: int | float | Decimal | None) -> str:
    if value is None:
        return ""
    return f"{number(_decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}%"


def ratio(part: int | None, total: int | None) -> str:
    """ "5/7" (no padding: the published reports write coverage bare)."""
    if part is None or total is None:
        return ""
    return f"{number(part)}/{number(total)}"


def percent_of(part: Decimal | int, total: Decimal | int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def comparison(current: Decimal | int | None, previous: Decimal | int | None, previous_label: str) -> str:
    """ "tăng 5% so với năm 2018" / "giảm 3 so với …" / "bằng năm 2018"; "" when nothing to compare."""
    if current is None or previous is None:
        return ""
    current, previous = Decimal(current), Decimal(previous)
    if current == previous:
        return f"bằng {previous_label}"
    word = "tăng" if current > previous else "giảm"
    if previous:
        change = percent_of(abs(current - previous), previous)
        return f"{word} {pct(change)} so với {previous_label}"
    return f"{word} {number(abs(current - previous))} so với {previous_label}"


def join(parts: list[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def sentence(text: str) -> str:
    """Capital first letter, one final full stop."""
    text = " ".join(text.split()).strip().rstrip(";,")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…", ":")) else f"{text}."
