"""The dated unit tree on the real Hải Phòng data: as-of views, lineage, search, scope index."""

from __future__ import annotations

import datetime

import pytest

from phongthu.core.text import search_key, sort_key
from phongthu.units import selectors
from phongthu.units.choices import Hierarchy, LineageKind
from phongthu.units.models import Unit, UnitScope
from phongthu.units.services import rebuild_scope

D2019 = datetime.date(2019, 11, 21)
TODAY = datetime.date(2026, 11, 22)

pytestmark = pytest.mark.django_db


def names(units):
    return {u.name for u in units}


def test_hai_phong_as_of_2019_shows_duong_kinh_and_its_wards(hai_phong):
    districts = names(selectors.children(hai_phong, on=D2019))
    assert "Quận Dương Kinh" in districts
    assert "Quận Đồ Sơn" in districts
    assert "Quận Lê Chân" in districts
    duong_kinh = Unit.objects.get(name="Quận Dương Kinh")
    wards = names(selectors.children(duong_kinh, on=D2019))
    assert "Phường Anh Dũng" in wards
    assert len(wards) == 6


def test_hai_phong_today_shows_the_new_communes_only(hai_phong):
    today = list(selectors.children(hai_phong, on=TODAY))
    assert today, "the 2025 communes hang under the province"
    assert {u.level for u in today} == {"COMMUNE"}
    assert "Quận Dương Kinh" not in names(today)
    assert all(u.valid_from == datetime.date(2025, 7, 1) for u in today)
    # Hải Dương merged into Hải Phòng: its former communes' successors are here too.
    assert len(today) == 114


def test_the_day_before_and_the_day_of_the_reform(hai_phong):
    before = selectors.children(hai_phong, on=datetime.date(2025, 6, 30))
    after = selectors.children(hai_phong, on=datetime.date(2025, 7, 1))
    assert {u.level for u in before} == {"DISTRICT"}
    assert {u.level for u in after} == {"COMMUNE"}


def test_lineage_old_ward_to_new_and_back():
    anh_dung = Unit.objects.get(name="Phường Anh Dũng", valid_to=datetime.date(2025, 6, 30))
    succ = list(selectors.successors(anh_dung))
    assert succ, "every pre-2025 commune has a successor"
    for new in succ:
        assert anh_dung in selectors.predecessors(new)
    links = list(selectors.lineage_of(anh_dung))
    assert all(link.event.date == datetime.date(2025, 7, 1) for link in links)


def test_hai_duong_merged_into_hai_phong(hai_phong):
    hai_duong = Unit.objects.get(level="PROVINCE", name="Tỉnh Hải Dương")
    assert hai_duong.valid_to == datetime.date(2025, 6, 30)
    assert list(selectors.successors(hai_duong)) == [hai_phong]
    assert hai_phong.valid_to is None  # the absorbing city keeps its identity


def test_split_commune_figures_go_to_the_designated_successor():
    from phongthu.units.models import LineageLink

    split = LineageLink.objects.filter(event__kind=LineageKind.SPLIT, designated=False).first()
    if split is None:
        pytest.fail("Hải Phòng's data has split communes; none was loaded")
    mapping = selectors.designated_successor_map()
    target = mapping[split.predecessor_id]
    assert target != split.successor_id
    assert LineageLink.objects.filter(
        predecessor_id=split.predecessor_id, successor_id=target, designated=True
    ).exists()


def test_district_figures_roll_up_to_the_province(hai_phong):
    duong_kinh = Unit.objects.get(name="Quận Dương Kinh")
    assert selectors.designated_successor_map()[duong_kinh.pk] == hai_phong.pk


def test_military_hierarchy_province_region_commune(hai_phong, regions):
    assert regions
    mil = selectors.children(hai_phong, on=TODAY, hierarchy=Hierarchy.MILITARY)
    assert set(mil) == set(regions)
    communes = set()
    for r in regions:
        communes |= set(selectors.children(r, on=TODAY, hierarchy=Hierarchy.MILITARY))
    assert communes == set(selectors.children(hai_phong, on=TODAY))
    one = next(iter(communes))
    parents = selectors.parents(one, on=TODAY)
    assert parents[Hierarchy.CIVIL] == hai_phong
    assert parents[Hierarchy.MILITARY] in regions


def test_subtree_as_of_date(hai_phong):
    ids_2019 = selectors.subtree_ids([hai_phong], on=D2019, hierarchy=Hierarchy.CIVIL)
    anh_dung = Unit.objects.get(name="Phường Anh Dũng")
    assert anh_dung.pk in ids_2019
    assert anh_dung.pk not in selectors.subtree_ids([hai_phong], on=TODAY, hierarchy=Hierarchy.CIVIL)


def test_search_with_and_without_diacritics():
    with_marks = names(selectors.search("Dương Kinh"))
    without = names(selectors.search("duong kinh"))
    assert "Quận Dương Kinh" in with_marks
    assert with_marks == without


def test_scope_index_reaches_old_units_through_lineage(hai_phong):
    anh_dung = Unit.objects.get(name="Phường Anh Dũng")
    new = selectors.successors(anh_dung).first()
    assert UnitScope.objects.filter(ancestor=new, descendant=anh_dung).exists()
    assert UnitScope.objects.filter(ancestor=hai_phong, descendant=anh_dung).exists()
    rows = UnitScope.objects.count()
    assert rebuild_scope() == rows  # rebuild is deterministic


def test_vietnamese_collation_orders_names():
    words = ["Đồ Sơn", "Dương Kinh", "An Dương", "Ân Thi", "Ba Đình", "Hải An", "Hà Nội", "Ăn Khê"]
    ordered = sorted(words, key=sort_key)
    assert ordered == ["An Dương", "Ăn Khê", "Ân Thi", "Ba Đình", "Dương Kinh", "Đồ Sơn", "Hà Nội", "Hải An"]
    assert search_key("  Nguyễn  Văn Đức ") == "nguyen van duc"


def test_units_list_is_sorted_the_vietnamese_way(hai_phong):
    wards_today = [u.name for u in selectors.children(hai_phong, on=TODAY)]
    assert wards_today == sorted(wards_today, key=sort_key)
