from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phongthu.units.loader import load_admin_units
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db


def test_loading_twice_adds_nothing():
    before = Unit.objects.count()
    report = load_admin_units(province_code="31")
    assert report.created_units == 0
    assert Unit.objects.count() == before


def test_another_province_loads_with_its_predecessors():
    report = load_admin_units(province_code="22")  # Quảng Ninh: unchanged province, new communes
    assert report.created_units > 100
    qn = Unit.objects.get(level="PROVINCE", code="22")
    assert qn.valid_to is None
    assert Unit.objects.filter(name="Thành phố Móng Cái", level="DISTRICT").exists()


def test_unknown_province_code_is_a_clear_error():
    with pytest.raises(CommandError, match="Không có tỉnh"):
        call_command("load_admin_units", "--province", "99")
