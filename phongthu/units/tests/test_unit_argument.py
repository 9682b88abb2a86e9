"""`units.selectors.unit_from_argument`: the one reading of "<id, code or name>" of a unit that the
report and GNN-form commands share (reports/lookup.py, campaigns' gnn_form)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from phongthu.core.text import search_key
from phongthu.units.models import Unit
from phongthu.units.selectors import UnitArgumentError, unit_from_argument

Y2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def find(text: str, **kw: Any) -> Unit:
    return unit_from_argument(text, *Y2026, during="năm 2026", **kw)


def test_by_id_code_and_name(commune_a):
    assert find(str(commune_a.pk)) == commune_a
    assert find(f" code:{commune_a.code} ") == commune_a
    assert find(commune_a.name) == commune_a
    assert find(search_key(commune_a.name).upper()) == commune_a  # case and diacritics ignored
    bare = commune_a.name.split(" ", 1)[1]  # "Phường X" → "X": the kind may be left out
    assert find(bare) == commune_a


def test_unknown_id_code_and_name_say_what_was_not_found(commune_a):
    with pytest.raises(UnitArgumentError, match="Không có đơn vị id 999999999"):
        find("999999999")
    with pytest.raises(UnitArgumentError, match="Không có đơn vị nào có mã 00000 còn hiệu lực trong năm 2026"):
        find("code:00000")
    with pytest.raises(UnitArgumentError) as error:
        find("Không có nơi này")
    assert str(error.value) == "Không có đơn vị nào có tên “Không có nơi này” còn hiệu lực trong năm 2026."
    with pytest.raises(UnitArgumentError, match="Hãy ghi đơn vị"):
        find("  ")


def test_a_unit_out_of_its_period_is_listed_as_near(commune_a):
    gone = Unit.objects.create(
        kind="WARD", code="99997", name="Phường Đã Giải Thể", valid_to=datetime.date(2025, 6, 30)
    )
    with pytest.raises(UnitArgumentError) as error:
        find("Đã Giải Thể")
    assert "gần đúng" in str(error.value) and "mã 99997" in str(error.value)
    assert unit_from_argument("Đã Giải Thể", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), during="") == gone


def test_ambiguous_name_lists_every_candidate_and_what_to_write(commune_a):
    bare = commune_a.name.split(" ", 1)[1]
    other = Unit.objects.create(kind="COMMUNE", code="99998", name=f"Xã {bare}", valid_from=datetime.date(2025, 7, 1))
    with pytest.raises(UnitArgumentError) as error:
        find(bare)
    message = str(error.value)
    assert message.startswith(f"Có 2 đơn vị tên “{bare}” trong năm 2026: ")
    assert f"mã {commune_a.code}" in message and "mã 99998" in message
    assert message.endswith("Hãy ghi rõ loại đơn vị, mã (code:…) hoặc id.")
    assert find(f"Xã {bare}") == other  # the kind decides


def test_excluded_kinds_are_not_candidates(commune_a):
    Unit.objects.create(kind="VILLAGE", code="99996", name=commune_a.name, valid_from=datetime.date(2025, 7, 1))
    with pytest.raises(UnitArgumentError, match="Có 2 đơn vị"):
        find(commune_a.name)
    assert find(commune_a.name, exclude_kinds=("VILLAGE", "RESIDENTIAL_GROUP")) == commune_a
