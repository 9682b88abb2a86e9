"""Honest dates: the pre-2025 layer is the map of 30/6/2025, except what a shipped dated change
(Hải Phòng, Nghị quyết 1232/NQ-UBTVQH15, 1/1/2025) dates; views before that say so."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from phongthu.units import dated_changes, selectors
from phongthu.units.loader import LEGACY_END
from phongthu.units.models import Unit

pytestmark = pytest.mark.django_db

D2019 = datetime.date(2019, 11, 21)
NQ1232 = datetime.date(2025, 1, 1)
TODAY = datetime.date(2026, 11, 22)


def names(units):
    return {u.name for u in units}


def test_hai_phong_as_of_2019_has_the_huyen_and_nothing_created_later(hai_phong):
    districts = names(selectors.children(hai_phong, on=D2019))
    assert {"Huyện An Dương", "Huyện Thủy Nguyên"} <= districts
    assert not {"Quận An Dương", "Thành phố Thủy Nguyên"} & districts
    later = Unit.objects.filter(pk__in=selectors.subtree_ids([hai_phong], on=D2019), valid_from__gt=D2019)
    assert list(later.values_list("name", flat=True)) == []
    an_duong = Unit.objects.get(name="Huyện An Dương")
    communes = names(selectors.children(an_duong, on=D2019))
    assert len(communes) == 16 and {"Thị trấn An Dương", "Xã Đại Bản", "Xã Quốc Tuấn"} <= communes
    assert len(selectors.children(Unit.objects.get(name="Huyện Thủy Nguyên"), on=D2019)) == 37
    hong_bang = Unit.objects.get(name="Quận Hồng Bàng")
    assert "Phường Đại Bản" not in names(selectors.children(hong_bang, on=D2019))


def test_from_1_1_2025_the_new_quan_and_thanh_pho(hai_phong):
    districts = names(selectors.children(hai_phong, on=NQ1232))
    assert {"Quận An Dương", "Thành phố Thủy Nguyên"} <= districts
    assert not {"Huyện An Dương", "Huyện Thủy Nguyên"} & districts
    quan = Unit.objects.get(name="Quận An Dương")
    assert quan.valid_from == NQ1232 and quan.seen_on is None
    assert "1232/NQ-UBTVQH15" in quan.legal_basis
    assert len(selectors.children(quan, on=NQ1232)) == 10
    hong_bang = Unit.objects.get(name="Quận Hồng Bàng")
    assert {"Phường Đại Bản", "Phường An Hưng", "Phường An Hồng"} <= names(selectors.children(hong_bang, on=NQ1232))
    # The day before, still the huyện.
    assert "Huyện An Dương" in names(selectors.children(hai_phong, on=NQ1232 - datetime.timedelta(days=1)))


def test_lineage_of_the_1232_changes():
    huyen = Unit.objects.get(name="Huyện Thủy Nguyên")
    assert names(selectors.successors(huyen)) == {"Thành phố Thủy Nguyên"}
    dai_ban = Unit.objects.get(name="Xã Đại Bản")
    assert names(selectors.successors(dai_ban)) == {"Phường Đại Bản"}
    # Which phường took xã Lại Xuân is not sourced: its figures count for the new city, said so.
    lai_xuan = Unit.objects.get(name="Xã Lại Xuân")
    link = selectors.lineage_of(lai_xuan).get()
    assert link.successor.name == "Thành phố Thủy Nguyên" and "Chưa rõ" in link.event.note
    assert link.event.date == NQ1232 and "1232" in link.event.legal_basis


def test_undated_units_say_so():
    duong_kinh = Unit.objects.get(name="Quận Dương Kinh")
    assert duong_kinh.valid_from is None and duong_kinh.seen_on == LEGACY_END
    lai_xuan = Unit.objects.get(name="Xã Lại Xuân")
    assert lai_xuan.valid_to == NQ1232 - datetime.timedelta(days=1) and lai_xuan.seen_on is not None
    new_ward = Unit.objects.filter(valid_from=datetime.date(2025, 7, 1)).first()
    assert new_ward is not None and new_ward.seen_on is None


def test_snapshot_note_before_the_dated_layer_only():
    note = selectors.snapshot_note(D2019)
    assert "21/11/2019" in note and "30/06/2025" in note and "01/01/2025" in note
    assert selectors.snapshot_note(TODAY) == ""
    assert selectors.snapshot_note(datetime.date(2025, 7, 1)) == ""


def test_tree_page_and_api_warn_before_the_known_layer(province_user):
    c = Client()
    c.force_login(province_user)
    page = c.get("/units/tree/", {"on": "2019-11-21"}).content.decode()
    assert "data-snapshot-note" in page and "30/06/2025" in page
    assert "data-snapshot-note" not in c.get("/units/tree/", {"on": "2026-11-22"}).content.decode()
    api = c.get("/api/v1/units/unit/", {"on": "2019-11-21", "level": "DISTRICT"})
    assert api["X-Map-Undated-Before"] == "2025-06-30"
    assert "X-Map-Undated-Before" not in c.get("/api/v1/units/unit/", {"on": "2026-11-22"})


def test_unit_page_says_its_start_is_unknown(province_user):
    c = Client()
    c.force_login(province_user)
    duong_kinh = Unit.objects.get(name="Quận Dương Kinh")
    page = c.get(f"/r/units/unit/{duong_kinh.pk}/", {"on": "2019-11-21"}).content.decode()
    assert "Chưa rõ ngày bắt đầu hiệu lực" in page and "data-snapshot-note" in page


def test_shipped_file_parses_with_its_legal_basis():
    (change,) = dated_changes.load({"31"})
    assert change.date == NQ1232 and change.legal_basis.startswith("Nghị quyết 1232/NQ-UBTVQH15")
    assert {d.after for d in change.districts} == {"311", "312"}
