"""Importing by unit name or code resolves against the row's date and warns (or refuses) where
an old and a new unit share the name, instead of choosing silently."""

from __future__ import annotations

import datetime

import pytest

from phongthu.core.bulk import UnitLookup
from phongthu.core.imports.results import CellError
from phongthu.core.imports.specs import _resolve_fk
from phongthu.units.loader import LEGACY_END, REFORM_DATE
from phongthu.units.models import OfficeHolder, Unit

pytestmark = pytest.mark.django_db

UNIT_FK = OfficeHolder._meta.get_field("unit")
D2019 = datetime.date(2019, 11, 21)


def test_form_import_resolves_a_reused_name_by_the_row_date():
    old = Unit.objects.get(name="Phường An Dương", valid_to=LEGACY_END)
    new = Unit.objects.get(name="Phường An Dương", valid_from=REFORM_DATE)
    assert _resolve_fk(UNIT_FK, "Phường An Dương", D2019) == str(old.pk)
    assert _resolve_fk(UNIT_FK, "Phường An Dương", datetime.date(2026, 1, 5)) == str(new.pk)


def test_form_import_refuses_two_units_in_force_with_the_same_name():
    # xã Quốc Tuấn of huyện An Dương (to 31/12/2024) and of huyện An Lão (to 30/6/2025)
    with pytest.raises(CellError, match="khớp nhiều đơn vị có hiệu lực ngày 21/11/2019"):
        _resolve_fk(UNIT_FK, "Xã Quốc Tuấn", D2019)
    with pytest.raises(CellError, match="không đơn vị nào có hiệu lực ngày 01/01/2027"):
        _resolve_fk(UNIT_FK, "Xã Quốc Tuấn", datetime.date(2027, 1, 1))


def test_fast_lookup_prefers_the_date_and_warns(make_user, hai_phong):
    admin = make_user("ADMIN", hai_phong)
    old = Unit.objects.get(name="Phường An Dương", valid_to=LEGACY_END)
    new = Unit.objects.get(name="Phường An Dương", valid_from=REFORM_DATE)
    then = UnitLookup(admin, on=D2019)
    assert then("Phường An Dương") == old.pk
    assert "trùng tên với đơn vị của thời kỳ khác" in then.warnings["Phường An Dương"]
    now = UnitLookup(admin)
    assert now("phuong an duong") == new.pk and now.warnings
    assert not UnitLookup(admin).warnings


def test_the_unit_picker_offers_the_units_in_force_on_the_forms_date(make_user, hai_phong):
    """The unit field is a picker (core.pickers): it offers the units in force on the form's
    date, so a dissolved ward is found on a date it existed and never next to its successor;
    a dissolved unit's label says when it ended and what it became."""
    import datetime

    from phongthu.core import pickers
    from phongthu.units.models import Unit
    from phongthu.units.pickers import label

    admin = make_user("ADMIN", hai_phong)
    source = pickers.source_named("unit")
    assert source is not None

    def names(q: str, on: datetime.date) -> list[str]:
        return [row[1] for row in pickers.answer(source, admin, q=q, on=on, action="add").rows]

    today = names("anh dung", datetime.date(2026, 1, 1))
    before = names("anh dung", datetime.date(2025, 6, 1))
    assert not any("(đến " in name for name in today), today
    assert "Phường Anh Dũng" in before and before != today
    old = Unit.objects.get(name="Phường Anh Dũng", valid_to=datetime.date(2025, 6, 30))
    assert label(old, datetime.date(2026, 1, 1)).startswith("Phường Anh Dũng (đến 30/06/2025 → Phường")
    lai_xuan = Unit.objects.get(name="Xã Lại Xuân")
    assert label(lai_xuan, datetime.date(2026, 1, 1)) == "Xã Lại Xuân (đến 31/12/2024 → Thành phố Thủy Nguyên)"
